"""Stage 5b: the built dataset (asserted, inferred, catalogue as named graphs) in a persistent
pyoxigraph store, keyed by a content hash of everything it is built from.

`kg query` opens the store read-only and never reasons: a fresh, whole store is found by its key
in the cache folder (KG_CACHE_DIR, else $XDG_CACHE_HOME/almagro-kg, else ~/.cache/almagro-kg), so
it works the same from any directory after `pip install`. A store is written into a temporary
folder, flushed, described by a manifest (its key and quad count) and only then renamed into
place, so a half-written store is never found. A store whose manifest is missing, names another
key or format, disagrees with the store's quad count, or that the store cannot open, is rebuilt.
When the cache folder cannot be written, the store lives in memory for the process.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import pyoxigraph

from kg import paths

FORMAT = 1  # the layout of a store folder; a new layout is a new key
KEEP = 4  # stores kept in the cache folder (another data folder, another version...)
# The exact quads beside the store: Oxigraph stores xsd:nonNegativeInteger and other integer
# subtypes as xsd:integer, so the rdflib layers are read from this file, not from the store.
NQUADS = "dataset.nq"
NAMES = "names.marshal"  # the names index of the store's resources (kg.query.names)
_LIBRARIES = ("rdflib", "owlrl", "pyshacl", "pyoxigraph")


def cache_dir() -> Path:
    from kg.fast import cache_root

    return Path(cache_root())


def _library_version(package: str) -> str:
    """The installed version of `package`, read off its dist-info folder's name without
    importing it (importlib.metadata costs tens of milliseconds)."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return "absent"
    site = Path(spec.origin).parent.parent
    found = sorted(p.name for p in site.glob(f"{package}-*.dist-info"))
    return found[-1] if found else "unknown"


@dataclass(frozen=True)
class Inputs:
    """Everything a built dataset is made from: the ontology and the vendored ontologies it may
    import (ontology/imports/, all of them: which ones it imports is read from its Turtle, and
    the query path parses none), the data files, the stored queries (the catalogue graph), and
    the toolkit's code and libraries."""

    ontology: Path
    data: tuple[Path, ...]
    queries: tuple[Path, ...]
    imports: tuple[Path, ...] = ()

    @classmethod
    def of(cls, data_dir: Path | None = None, ontology: Path | None = None) -> Inputs:
        ontology_file = paths.ONTOLOGY_FILE if ontology is None else Path(ontology)
        if not ontology_file.is_file():
            from kg.errors import KGError

            raise KGError("file not found", where=str(ontology_file))
        return cls(
            ontology=ontology_file,
            data=tuple(paths.data_files(data_dir)),
            queries=tuple(sorted(paths.QUERIES_DIR.glob("*.rq"))),
            imports=tuple(paths.import_files()),
        )

    def key(self) -> str:
        """A SHA-256 of the inputs' bytes, the toolkit's code and the libraries' versions."""
        from kg import __version__

        digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
        for package in _LIBRARIES:
            digest.update(_library_version(package).encode() + b"\0")
        for code in sorted(paths.PACKAGE_DIR.rglob("*.py")):
            if "__pycache__" in code.parts:  # not code (kg.fast watches the folders without it)
                continue
            relative = code.relative_to(paths.PACKAGE_DIR).as_posix()
            digest.update(relative.encode() + b"\0" + code.read_bytes() + b"\0")
        for kind, files in (
            ("ontology", (self.ontology,)),
            ("imports", self.imports),
            ("data", self.data),
            ("queries", self.queries),
        ):
            for path in files:
                digest.update(f"{kind}/{path.name}\0".encode() + path.read_bytes() + b"\0")
        return digest.hexdigest()[:32]


def _folder(key: str) -> Path:
    return cache_dir() / "stores" / key


def names_file(key: str) -> Path:
    """Where the store for `key` keeps the index of its resources' names (kg.query.names): made
    by the build, read by every process that resolves a name on the store."""
    return _folder(key) / NAMES


def open_store(key: str) -> pyoxigraph.Store | None:
    """The whole, fresh store for `key`, opened read-only; None when there is none or it is
    damaged (it is then rebuilt)."""
    folder = _folder(key)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("key") != key:
            return None
        store = pyoxigraph.Store.read_only(str(folder / "db"))
        if len(store) != manifest.get("quads"):
            return None
        _touch(folder)
        return store
    except (OSError, ValueError, RuntimeError):
        return None


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_store(key: str, nquads: bytes, names: bytes | None = None) -> pyoxigraph.Store:
    """Load `nquads` into a new store for `key` and put it in place, with `names` (the index of
    its names, kg.query.names.index_bytes) when given; when the cache folder cannot be written,
    an in-memory store with the same quads."""
    root = cache_dir() / "stores"
    try:
        root.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    except OSError:
        return _in_memory(nquads)
    try:
        store = pyoxigraph.Store(str(temporary / "db"))
        store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        quads = len(store)
        del store  # closes the database before it is moved
        (temporary / NQUADS).write_bytes(nquads)
        if names is not None:
            (temporary / NAMES).write_bytes(names)
        digest = hashlib.sha256(nquads).hexdigest()
        manifest = {"format": FORMAT, "key": key, "quads": quads, "sha256": digest}
        (temporary / "manifest.json").write_text(json.dumps(manifest) + "\n", encoding="utf-8")
        _fsync_tree(temporary)
        final = _folder(key)
        if final.exists():
            stale = Path(tempfile.mkdtemp(prefix=f".stale-{key}.", dir=root))
            os.replace(final, stale / "store")
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(temporary, final)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        return _in_memory(nquads)
    _prune(root, keep=key)
    opened = open_store(key)
    return opened if opened is not None else _in_memory(nquads)


def _in_memory(nquads: bytes) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def _touch(folder: Path) -> None:
    """Mark a store used now: _prune keeps the most recently used (a read-only cache folder
    keeps its times)."""
    try:
        os.utime(folder)
    except OSError:
        pass


def _prune(root: Path, keep: str) -> None:
    """Remove all but the KEEP most recently built or opened stores (and leftovers of failed
    builds)."""
    stores = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in stores[KEEP:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def stored_nquads(key: str) -> str | None:
    """The exact N-Quads the store for `key` was built from, when they are whole (their digest
    is the manifest's); None otherwise."""
    folder = _folder(key)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        raw = (folder / NQUADS).read_bytes()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(raw).hexdigest() != manifest.get("sha256"):
        return None
    return raw.decode("utf-8")


def graph_lines(nquads: str, graph: str) -> str:
    """One named graph of sorted N-Quads text, as N-Triples."""
    suffix = f" <{graph}> .\n"
    return "".join(
        line[: -len(suffix)] + " .\n"
        for line in nquads.splitlines(keepends=True)
        if line.endswith(suffix)
    )


def nquads(graphs: Sequence[tuple[str, str]]) -> str:
    """N-Quads from (graph IRI, canonical sorted N-Triples text) pairs, its lines sorted: the
    same bytes on every run (dist/almagro-kg.nq)."""
    lines = []
    for graph, ntriples in graphs:
        for line in ntriples.splitlines():
            if line.strip():
                lines.append(f"{line.rstrip().removesuffix('.').rstrip()} <{graph}> .\n")
    return "".join(sorted(lines))


# SPARQL texts rdflib has parsed and found good (the stored queries, the quality checks), by
# the SHA-256 of their kind, text and rdflib's version: rdflib's parser takes seconds for them
# all, whatever the size of the graph, and a build need not pay that twice for the same texts.
CHECKED_TEXTS = "checked-texts.txt"


def text_digest(kind: str, text: str) -> str:
    version = _library_version("rdflib")
    return hashlib.sha256(f"{kind}\0{version}\0{text}".encode()).hexdigest()


def checked_texts() -> set[str]:
    """The digests (text_digest) of the texts checked before; none when the file is unreadable."""
    try:
        text = (cache_dir() / CHECKED_TEXTS).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in text.split("\n") if len(line) == 64}


def remember_checked(digests: set[str]) -> None:
    """Add `digests` to the checked texts; a cache folder that cannot be written only costs
    time next time."""
    from kg.errors import KGError
    from kg.files import write_atomic

    if not digests:
        return
    known = checked_texts() | digests
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir() / CHECKED_TEXTS, "".join(f"{d}\n" for d in sorted(known)))
    except (OSError, KGError):
        pass
