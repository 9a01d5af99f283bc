"""Stage 4: the release — write the base (asserted) and full (reasoned) files in every format."""

from __future__ import annotations

from pathlib import Path

from kg.catalogue import catalogue_turtle
from kg.errors import KGError
from kg.export import EXTENSIONS, FORMATS, serialize, write_atomic
from kg.graph import KnowledgeGraph

RELEASE_NAME = "almagro-kg"


def release_files(graph: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """Write dist/almagro-kg.<ext> (asserted), dist/almagro-kg-full.<ext> (with inferences) and
    dist/almagro-kg-queries.ttl (the stored-query catalogue as sh:SPARQLExecutable nodes)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KGError(f"cannot create output folder: {err.strerror}", where=str(out_dir)) from None
    # Every file is serialized before the first is written: a format that fails leaves the
    # previous release untouched rather than half replaced.
    texts = {
        out_dir / f"{RELEASE_NAME}{suffix}.{EXTENSIONS[fmt]}": serialize(graph.asserted, layer, fmt)
        for fmt in FORMATS
        for suffix, layer in (("", None), ("-full", graph.inferred))
    }
    texts[out_dir / f"{RELEASE_NAME}-queries.ttl"] = catalogue_turtle()
    for path, text in texts.items():
        write_atomic(path, text)
    return list(texts)
