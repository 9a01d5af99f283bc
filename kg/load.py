"""Stage 1: load the authored Turtle (ontology, shapes, data) and the ontologies it imports into
rdflib graphs."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import _is_valid_uri

from kg import paths
from kg.errors import KGError
from kg.namespaces import bind_prefixes
from kg.paths import data_files


def _line_of(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _where(text: str, needle: str, path: Path) -> str:
    """`file:line:column` of the first occurrence of `needle` in the file's text, else `file`."""
    index = text.find(needle)
    if index < 0:
        return str(path)
    line, column = _line_of(text, index)
    return f"{path}:{line}:{column}"


def _check_terms(graph: Graph, text: str, path: Path) -> None:
    """Refuse what rdflib only warns about: a literal that is not of its datatype
    ("1963-13-45"^^xsd:date) and an IRI that is not one (<not an iri>)."""
    for term in sorted(
        {t for triple in graph for t in triple}, key=lambda t: (type(t).__name__, str(t))
    ):
        if isinstance(term, Literal) and term.ill_typed:
            datatype = graph.namespace_manager.normalizeUri(term.datatype)
            raise KGError(
                f"literal {str(term)!r} is not a valid {datatype}",
                where=_where(text, f'"{term}"', path),
            )
        if isinstance(term, URIRef) and not _is_valid_uri(term):
            local = str(term).rsplit("/", 1)[-1]
            raise KGError(
                f"invalid IRI <{term}> (spaces, quotes, braces or other characters IRIs forbid)",
                where=_where(text, local, path),
            )


def read_turtle_bytes(path: Path) -> bytes:
    """A Turtle file's bytes, refused with a KGError naming the file (and line and column) when
    it is missing, a folder, not UTF-8, or starts with a byte order mark."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except FileNotFoundError:
        raise KGError("file not found", where=str(path)) from None
    except IsADirectoryError:
        raise KGError("is a directory, expected a Turtle file", where=str(path)) from None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise KGError(
            f"not UTF-8 text ({err.reason}, byte 0x{raw[err.start]:02x})",
            where=f"{path}:{line}:{column}",
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise KGError(
            "the file starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without one",
            where=f"{path}:1:1",
        )
    return raw


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file into `graph`; a missing file or a syntax error is a KGError naming
    the file and line. `graph` is untouched on error: we parse into a scratch graph first."""
    graph = bind_prefixes(Graph()) if graph is None else graph
    path = Path(path)
    text = read_turtle_bytes(path).decode("utf-8")
    scratch = Graph()
    try:
        scratch.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as err:
        line, column = _line_of(text, getattr(err, "_i", 0))
        why = getattr(err, "_why", "bad syntax")
        raise KGError(f"Turtle syntax error: {why}", where=f"{path}:{line}:{column}") from None
    except Exception as err:  # rdflib raises assorted types for bad IRIs, literals, prefixes
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise KGError(f"Turtle error: {message}", where=str(path)) from None
    _check_terms(scratch, text, path)
    for triple in scratch:
        graph.add(triple)
    for prefix, namespace in scratch.namespaces():
        if prefix and prefix not in dict(graph.namespaces()):
            graph.bind(prefix, namespace)
    return graph


def load_files(files: Iterable[Path]) -> Graph:
    graph = bind_prefixes(Graph())
    for path in files:
        parse_turtle(path, graph)
    return graph


def load_ontology(path: Path | None = None) -> Graph:
    return load_files([paths.ONTOLOGY_FILE if path is None else Path(path)])


def load_shapes(path: Path | None = None) -> Graph:
    return load_files([paths.SHAPES_FILE if path is None else Path(path)])


def load_data(data_dir: Path | None = None) -> Graph:
    """The instance data only: every kg/data/*.ttl. Blank nodes are refused (they cannot carry
    provenance and break deterministic output)."""
    graph = Graph()
    bind_prefixes(graph)
    for path in data_files(data_dir):
        single = parse_turtle(path)
        for s, p, o in single:
            if isinstance(s, BNode) or isinstance(o, BNode):
                raise KGError("blank node in data: give every node an IRI", where=str(path))
            graph.add((s, p, o))
    return graph


def load_asserted(data_dir: Path | None = None, ontology: Path | None = None) -> Graph:
    """The asserted layer: ontology axioms plus instance data."""
    graph = load_ontology(ontology)
    for triple in load_data(data_dir):
        graph.add(triple)
    return graph


# Each import module parsed once per process and content: the same triples (blank nodes
# included) every time, so reasoning can recognise imports it has already closed.
_PARSED_IMPORTS: dict[tuple[Path, str], Graph] = {}
_DIGESTS: dict[int, str] = {}  # the SHA-256 of the bytes each of those graphs was parsed from


def _parse_import(path: Path) -> Graph:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""  # parse_turtle says what is wrong with the file
    key = (path.resolve(), digest)
    if key not in _PARSED_IMPORTS:
        _PARSED_IMPORTS[key] = parse_turtle(path)
        _DIGESTS[id(_PARSED_IMPORTS[key])] = digest  # kept as long as the graph is
    return _PARSED_IMPORTS[key]


def import_catalogue(imports_dir: Path | None = None) -> dict[URIRef, Path]:
    """Which vendored file answers for which ontology: every ontology IRI and version IRI that
    a file in ontology/imports/ declares (as Protégé resolves an import by either)."""
    catalogue: dict[URIRef, Path] = {}
    for path in paths.import_files(imports_dir):
        graph = _parse_import(path)
        for ontology in graph.subjects(RDF.type, OWL.Ontology):
            if isinstance(ontology, URIRef):
                catalogue[ontology] = path
                for version in graph.objects(ontology, OWL.versionIRI):
                    if isinstance(version, URIRef):
                        catalogue[version] = path
    return catalogue


# Which vendored files (by content) each graph load_imports returned was made of, and its size
# then: kg.reason keeps their closure on disk under that name (a graph changed since is not).
_SOURCES: weakref.WeakKeyDictionary[Graph, tuple[str, int]] = weakref.WeakKeyDictionary()


def imports_digest(imports: Graph) -> str | None:
    """A SHA-256 of the files `imports` was read from, when load_imports made it and it has not
    changed size since; else None."""
    made = _SOURCES.get(imports)
    return made[0] if made is not None and made[1] == len(imports) else None


def load_imports(ontology: Graph, imports_dir: Path | None = None) -> Graph:
    """The ontologies that `ontology` imports (owl:imports, and theirs in turn), read from the
    vendored copies in ontology/imports/, never from the network: an import with no copy there
    is an error. An ontology that imports nothing gets an empty graph."""
    catalogue = import_catalogue(imports_dir)
    imports = bind_prefixes(Graph())
    wanted = sorted(set(ontology.objects(None, OWL.imports)))
    done: set[Path] = set()
    sources = hashlib.sha256()
    while wanted:
        iri = wanted.pop(0)
        if iri not in catalogue:
            where = paths.IMPORTS_DIR if imports_dir is None else Path(imports_dir)
            raise KGError(
                f"owl:imports <{iri}>: no file in the imports folder declares that ontology "
                "(imports are read from local copies, never from the network)",
                where=str(where),
            )
        path = catalogue[iri]
        if path in done:
            continue
        done.add(path)
        module = _parse_import(path)
        sources.update(f"{path.name}\0{_DIGESTS[id(module)]}\0".encode())
        for triple in module:
            imports.add(triple)
        wanted.extend(sorted(set(module.objects(None, OWL.imports))))
    _SOURCES[imports] = (sources.hexdigest(), len(imports))
    return imports
