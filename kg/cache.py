"""A cache of the reasoned graph, so each `kg` call does not redo the OWL 2 RL closure (seconds).

The key is a SHA-256 of everything the layers depend on: the toolkit's and rdflib's/owlrl's
versions, the bytes of the toolkit's own code (an edited noise filter is a new key, even in an
editable install) and the bytes of every input file. A changed input is a new key, so a stale
entry is never read. Entries are N-Triples, written atomically; set KG_CACHE_DIR to move the
cache, or KG_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Graph

from kg.files import write_atomic
from kg.namespaces import bind_prefixes


def cache_dir() -> Path:
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "almagro-kg"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def cache_key(files: Sequence[Path]) -> str:
    from kg import __version__

    digest = hashlib.sha256()
    for part in (__version__, _version("rdflib"), _version("owlrl")):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).resolve().parent
    for code in sorted(package.rglob("*.py")):
        digest.update(code.relative_to(package).as_posix().encode() + b"\0" + code.read_bytes())
    for path in files:
        digest.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt")


def cached_layers(
    files: Sequence[Path], compute: Callable[[], tuple[Graph, Graph]]
) -> tuple[Graph, Graph]:
    """(asserted, inferred) from the cache when `files` are unchanged, else from `compute()`,
    which is then stored. A cache that cannot be read or written is simply not used."""
    if os.environ.get("KG_NO_CACHE"):
        return compute()
    key = cache_key(files)
    folder = cache_dir()
    asserted_file, inferred_file = folder / f"{key}-asserted.nt", folder / f"{key}-inferred.nt"
    if asserted_file.is_file() and inferred_file.is_file():
        try:
            return (
                bind_prefixes(Graph().parse(asserted_file, format="nt")),
                bind_prefixes(Graph().parse(inferred_file, format="nt")),
            )
        except Exception:  # a damaged entry is recomputed and overwritten
            pass
    asserted, inferred = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(inferred_file, _ntriples(inferred))
        write_atomic(asserted_file, _ntriples(asserted))
    except OSError:
        pass
    return asserted, inferred
