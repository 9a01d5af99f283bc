"""Stage 6: the release — the base (asserted) and full (reasoned) files in every format, the
dataset as N-Quads (every layer a named graph) and the stored-query catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.export import EXTENSIONS, FORMATS, serialize
from kg.files import write_atomic

if TYPE_CHECKING:
    from kg.pipeline import Layers

RELEASE_NAME = "almagro-kg"


def release_files(layers: Layers, out_dir: Path) -> list[Path]:
    """Write dist/almagro-kg.<ext> (asserted), dist/almagro-kg-full.<ext> (with inferences),
    dist/almagro-kg.nq (asserted, inferred and catalogue as named graphs) and
    dist/almagro-kg-queries.ttl (the stored-query catalogue as sh:SPARQLExecutable nodes)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KGError(f"cannot create output folder: {err.strerror}", where=str(out_dir)) from None
    # Every file is serialized before the first is written: a format that fails leaves the
    # previous release untouched rather than half replaced.
    texts = {
        out_dir / f"{RELEASE_NAME}{suffix}.{EXTENSIONS[fmt]}": serialize(
            layers.asserted, layer, fmt
        )
        for fmt in FORMATS
        for suffix, layer in (("", None), ("-full", layers.inferred))
    }
    texts[out_dir / f"{RELEASE_NAME}.nq"] = layers.nquads()
    texts[out_dir / f"{RELEASE_NAME}-queries.ttl"] = layers.catalogue.serialize(format="turtle")
    for path, text in texts.items():
        write_atomic(path, text)
    return list(texts)
