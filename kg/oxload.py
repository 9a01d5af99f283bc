"""Stage 1 at scale: the asserted layer (ontology and data files) parsed by pyoxigraph straight into
a named graph of an in-memory `pyoxigraph.Store`.

`load_into(store, graph)` reads the same files as kg.load.load_asserted (the ontology, then every
file of kg.paths.data_files) and refuses the same input with the same one-line KGErrors: a file
that is missing, a folder, not UTF-8, starts with a BOM, does not parse (pyoxigraph's error, at
its line and column), holds an ill-typed literal ("1963-13-45"^^xsd:date, judged as rdflib
judges it) or an invalid IRI, or a data file with a blank node. Every file is checked before the
store is touched, so a refusal leaves the store as it was.

The ontology is parsed by rdflib (kg.load.parse_turtle: it is small, and may hold blank nodes, its
RDF lists) and its blank nodes labelled canonically (rdflib.compare, as kg.export does), so the
store holds the same labels on every run.

An Oxigraph store keeps a literal by its value, not as written: `"7"^^xsd:nonNegativeInteger`
becomes `"7"^^xsd:integer`, `"01"^^xsd:integer` `"1"^^xsd:integer`. rdflib keeps the datatype
(and normalises some lexical forms its own way), and the release must hold what rdflib holds.
`load_into` therefore records, in a `LiteralForms` the caller passes, the exact N-Triples text
(rdflib's) of every statement whose literal the store changed, or could confuse with one it
changed; kg.oxrelease writes those statements back as authored. The same table tells a fast
validator the authored datatype of such a literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import paths
from kg.errors import KGError

XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# What makes pyoxigraph's reading of a file differ from rdflib's beyond literal values: a language
# tag with a capital (pyoxigraph lowercases it, rdflib keeps it) and an explicit ^^xsd:string
# (pyoxigraph drops it, rdflib keeps it). Such a file is read by rdflib instead (rare; exact).
_RDFLIB_ONLY = re.compile(rb'"@[a-zA-Z0-9-]*[A-Z]|XMLSchema#string>|xsd:string\b')
# Characters whose N-Triples escaping differs between pyoxigraph's writer and rdflib's (with
# kg.export's escapes), as UTF-8: a line holding one is rewritten by rdflib's rules (kg.oxrelease).
NT_MAY_DIFFER = re.compile(rb"[\x08\x09\x0c\xc2\xe1\xe2\xe3\xef\xf0-\xf4]")  # a fast first look
NT_DIFFERS = re.compile(
    rb"[\x08\x09\x0c]|\xc2[\x80-\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f"
    rb"|\xe3\x80\x80|\xef\xbf[\xbe\xbf]|[\xf0-\xf4][\x80-\xbf]\xbf[\xbe\xbf]"
)


@dataclass
class LiteralForms:
    """The statements whose literal an Oxigraph store does not keep as rdflib does.

    `statements`: the store's N-Triples line of a statement (`<s> <p> "7"^^<…#integer> .`, as
    `Store.dump` writes it) → the exact lines it stands for (rdflib's N-Triples, kg.export's
    escapes): usually one, several when the store merged statements (`"7"^^xsd:integer` and
    `"7"^^xsd:nonNegativeInteger` of the same subject and property).
    `literals`: the store's text of such a literal → its exact text when it stands for one
    literal only, None when for several: for statements derived in the store (the inferred
    layer), which `statements` does not know."""

    statements: dict[bytes, tuple[bytes, ...]] = field(default_factory=dict)
    literals: dict[bytes, bytes | None] = field(default_factory=dict)

    def exact_lines(self, line: bytes) -> tuple[bytes, ...] | None:
        """The exact lines for one line of the store's N-Triples (without the newline), or None
        when the line is exact as it is."""
        found = self.statements.get(line)
        if found is not None or not self.literals:
            return found
        subject, predicate, rest = line.split(b" ", 2)
        obj = rest[:-2]
        exact = self.literals.get(obj, b"")
        if exact == b"":
            return None
        if exact is None:
            raise KGError(
                f"cannot tell which authored literal the store's {obj.decode()} stands for in "
                f"the derived statement {line.decode()}: write this graph with the rdflib path"
            )
        return (b"%s %s %s ." % (subject, predicate, exact),)

    def endings(self) -> tuple[bytes, ...]:
        """How every store line that exact_lines changes ends (`"^^<…#integer> ."`): a cheap
        test before the lookup."""
        return tuple(sorted({b'"' + obj.rpartition(b'"')[2] + b" ." for obj in self.literals}))

    def datatypes(self, predicate: str) -> set[str]:
        """The exact datatypes of the recorded literals of `predicate`."""
        marker = f" <{predicate}> ".encode()
        found = set()
        for lines in self.statements.values():
            for line in lines:
                if marker in line:
                    tail = line[:-2].rpartition(b'"')[2]
                    if tail.startswith(b"^^<"):
                        found.add(tail[3:-1].decode())
        return found


def _read(path: Path) -> bytes:
    """The file's bytes, checked as kg.load.parse_turtle checks them (same errors)."""
    from kg.load import read_turtle_bytes

    return read_turtle_bytes(path)


def _syntax_error(err: SyntaxError, raw: bytes, path: Path) -> KGError:
    """pyoxigraph's syntax error as kg.load words it: an invalid IRI as rdflib's check names it
    (the IRI, located at its last segment), anything else as a Turtle syntax error at pyoxigraph's
    line and column."""
    from kg.load import _where

    message = str(err.msg).split(": ", 1)[-1] if err.msg else "bad syntax"
    line, column = err.lineno or 1, err.offset or 1
    if message.startswith("Invalid IRI"):
        text = raw.decode("utf-8")
        lines = text.split("\n")
        row = lines[line - 1] if line <= len(lines) else ""
        end = getattr(err, "end_offset", None) or len(row) + 1
        token = row[column - 1 : end - 1]
        if token.startswith("<") and token.endswith(">"):
            iri = token[1:-1]
            local = iri.rsplit("/", 1)[-1]
            return KGError(
                f"invalid IRI <{iri}> (spaces, quotes, braces or other characters IRIs forbid)",
                where=_where(text, local, path),
            )
    message = message[:1].lower() + message[1:]
    return KGError(f"Turtle syntax error: {message}", where=f"{path}:{line}:{column}")


def _rdflib_literal(literal: ox.Literal):
    from rdflib import Literal, URIRef

    if literal.language:
        return Literal(literal.value, lang=literal.language)
    return Literal(literal.value, datatype=URIRef(literal.datatype.value))


def _exact_text(literal) -> str:
    """An rdflib literal as the rdflib path's N-Triples writes it (kg.export's escapes)."""
    from rdflib.plugins.serializers.nt import _quoteLiteral

    from kg.export import _safe_turtle

    return _safe_turtle(_quoteLiteral(literal))


def _check_literals(literals: Iterable[ox.Literal], raw: bytes, path: Path) -> dict:
    """rdflib's reading of each typed literal; the first ill-typed one (in kg.load's order) is
    refused with kg.load's error."""
    from rdflib import Graph, URIRef

    from kg.load import _check_terms
    from kg.namespaces import bind_prefixes

    readings = {}
    bad = []
    for literal in literals:
        reading = _rdflib_literal(literal)
        readings[literal] = reading
        if reading.ill_typed:
            bad.append(reading)
    if bad:
        graph = bind_prefixes(Graph())
        first = min(bad, key=str)
        graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), first))
        _check_terms(graph, raw.decode("utf-8"), path)
    return readings


@dataclass
class _File:
    path: Path
    raw: bytes
    literals: set = field(default_factory=set)  # its typed literals (not strings), as parsed
    readings: dict = field(default_factory=dict)  # each one as rdflib reads it


def _scan(path: Path, data: bool) -> _File:
    """Parse the file once, checking it: syntax, ill-typed literals, blank nodes in data."""
    raw = _read(path)
    scanned = _File(path, raw)
    blank = False
    literal_type, blank_type = ox.Literal, ox.BlankNode
    literals = scanned.literals
    try:
        for quad in ox.parse(raw, ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
            obj = quad.object
            if type(obj) is literal_type:
                if obj.language is None and obj.datatype.value != _STRING:
                    literals.add(obj)
            elif type(obj) is blank_type:
                blank = True
            if type(quad.subject) is blank_type:
                blank = True
    except SyntaxError as err:
        raise _syntax_error(err, raw, path) from None
    scanned.readings = _check_literals(sorted(literals, key=str), raw, path)
    if data and blank:
        raise KGError("blank node in data: give every node an IRI", where=str(path))
    return scanned


def _store_texts(literals: list[ox.Literal]) -> list[str]:
    """The N-Triples text of each literal as an Oxigraph store keeps it."""
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:x:p")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:x:{i}"), predicate, literal)
        for i, literal in enumerate(literals)
    )
    texts = [""] * len(literals)
    for quad in scratch:
        texts[int(quad.subject.value[6:])] = str(quad.object)
    return texts


def _rdflib_to_ox(term):
    from kg.engines.rdflib_engine import to_oxigraph

    return to_oxigraph(term)


def load_into(
    store: ox.Store,
    graph: ox.NamedNode,
    data_dir: Path | None = None,
    ontology: Path | None = None,
    forms: LiteralForms | None = None,
) -> int:
    """Load the asserted layer (the ontology, then every data file) into the named graph `graph`
    of `store`; return the number of triples added, as rdflib counts them (into an empty graph:
    len(kg.load.load_asserted(data_dir, ontology))).

    Bad input raises the KGError kg.load raises (file:line:column where it has one); all files
    are checked before anything is added. Pass `forms` (a LiteralForms, filled in here) to keep
    the literals the store changes as authored: kg.oxrelease needs it to write the release as
    the rdflib path does. Data files are parsed by pyoxigraph; the ontology, and a data file
    with a capitalised language tag or an explicit ^^xsd:string (which pyoxigraph would change),
    by rdflib."""
    from rdflib.compare import to_canonical_graph

    from kg.load import parse_turtle
    from kg.namespaces import bind_prefixes

    forms = LiteralForms() if forms is None else forms
    ontology_file = paths.ONTOLOGY_FILE if ontology is None else Path(ontology)
    # rdflib-read triples: the ontology (canonical blank nodes) and the rare data files above.
    read_by_rdflib = [to_canonical_graph(parse_turtle(ontology_file))]
    scanned: list[_File] = []
    for path in paths.data_files(data_dir):
        raw = _read(path)
        if _RDFLIB_ONLY.search(raw):
            from rdflib import BNode

            single = parse_turtle(path)
            if any(isinstance(t, BNode) for s, _, o in single for t in (s, o)):
                raise KGError("blank node in data: give every node an IRI", where=str(path))
            read_by_rdflib.append(bind_prefixes(single))
        else:
            scanned.append(_scan(path, data=True))

    # The literals the store changes: their store text against rdflib's text.
    literals = sorted({lit for f in scanned for lit in f.literals}, key=str)
    readings = {lit: reading for f in scanned for lit, reading in f.readings.items()}
    exact = {lit: _exact_text(readings[lit]) for lit in literals}
    del readings
    rdflib_quads: list[tuple[ox.Quad, str]] = []  # with the object's exact text, for literals
    for part in read_by_rdflib:
        for s, p, o in part:
            quad = ox.Quad(_rdflib_to_ox(s), _rdflib_to_ox(p), _rdflib_to_ox(o), graph)
            text = _exact_text(o) if type(quad.object) is ox.Literal else ""
            rdflib_quads.append((quad, text))
    pending = [q.object for q, text in rdflib_quads if text]
    stored = dict(zip(literals + pending, _store_texts(literals + pending), strict=True))
    changed = {stored[lit] for lit in literals if stored[lit] != exact[lit]}
    changed |= {stored[q.object] for q, text in rdflib_quads if text and stored[q.object] != text}
    watched = {lit for lit in literals if stored[lit] in changed}

    before = _count(store, graph)
    recorded: dict[bytes, set[bytes]] = {}

    def record(quad: ox.Quad, exact_object: str) -> None:
        head = f"{quad.subject} {quad.predicate} "
        line = f"{head}{stored[quad.object]} .".encode()
        recorded.setdefault(line, set()).add(_exact_line(f"{head}{exact_object} .").encode())

    store.extend(q for q, _ in rdflib_quads)
    for quad, text in rdflib_quads:
        if text and stored[quad.object] in changed:
            record(quad, text)
    for scanned_file in scanned:
        if not scanned_file.literals & watched:
            store.bulk_load(
                scanned_file.raw,
                ox.RdfFormat.TURTLE,
                base_iri=scanned_file.path.resolve().as_uri(),
                to_graph=graph,
            )
            continue
        store.extend(_recording(scanned_file, graph, watched, exact, record))
    extra = 0
    for line, lines in recorded.items():
        forms.statements[line] = tuple(sorted(lines))
        extra += len(lines) - 1
        obj = line[:-2].split(b" ", 2)[2]
        for exact_line in lines:
            exact_object = exact_line[:-2].split(b" ", 2)[2]
            known = forms.literals.get(obj, b"")
            forms.literals[obj] = exact_object if known in (b"", exact_object) else None
    return _count(store, graph) - before + extra


def _exact_line(line: str) -> str:
    from kg.export import _safe_turtle

    return _safe_turtle(line)


def _recording(
    scanned: _File, graph: ox.NamedNode, watched: set, exact: dict, record
) -> Iterator[ox.Quad]:
    literal_type = ox.Literal
    for quad in ox.parse(
        scanned.raw, ox.RdfFormat.TURTLE, base_iri=scanned.path.resolve().as_uri()
    ):
        obj = quad.object
        placed = ox.Quad(quad.subject, quad.predicate, obj, graph)
        if type(obj) is literal_type and obj in watched:
            record(placed, exact[obj])
        yield placed


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(result))["n"].value)
