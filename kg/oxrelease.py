"""Stage 6 at scale: the release written from an in-memory `pyoxigraph.Store` whose named graphs
hold the asserted and inferred layers (kg.namespaces.ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI), with
the same files, the same triples in each, and the same safe writing as kg.release.

Every file is derived from the layers' N-Triples, which are made first: `Store.dump` (Rust),
each line brought to the rdflib path's exact text (the literals kg.oxload recorded in its
LiteralForms, and kg.export's escapes where pyoxigraph's differ), sorted, once: nquads_bytes()
makes the N-Quads of them, and the release takes each layer's lines back from the N-Quads. So
the N-Triples and N-Quads files are byte for byte the rdflib path's (the same canonical blank
node labels, which kg.oxload gave the ontology), and the other files are written from sorted
input: Turtle and TriG by pyoxigraph's writers with the project's prefixes, RDF/XML by
pyoxigraph's writer with what it would get wrong refused by name (kg.export's checks) or
escaped, JSON-LD by a streaming writer of ours compacted with the release's context (kg.jsonld),
which pyoxigraph's writer cannot apply. The VoID + DCAT description (kg.void) and the context
are computed from the same lines, in one pass.

Files are produced one at a time while being written into the staging folder (kg.files), so
memory holds the store, the layers' N-Triples and one file's writer, not the whole release.
"""

from __future__ import annotations

import bisect
import itertools
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.errors import KGError
from kg.export import EXTENSIONS, FORMATS, _escape_unsafe, _LanguageMap, _safe_turtle
from kg.files import write_files
from kg.jsonld import (
    CONTEXT_NAME,
    DESCRIPTION_PREFIXES,
    Context,
    context_text,
    context_with_terms,
)
from kg.namespaces import (
    ASSERTED_GRAPH_IRI,
    CATALOGUE_GRAPH_IRI,
    DESCRIPTION_GRAPH_IRI,
    INFERRED_GRAPH_IRI,
    ONTOLOGY_IRI,
    PREFIX_IRIS,
)
from kg.oxload import NT_DIFFERS, NT_MAY_DIFFER, LiteralForms
from kg.release import RELEASE_NAME, STAGING_PREFIX, VOID_NAME, release_names

if TYPE_CHECKING:
    from kg.void import Facts

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_JSON_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,14}")
_TYPE = f"<{RDF}type>".encode()
_FIRST = f"<{RDF}first>".encode()
_DOCUMENT_TYPE = f"<{PREFIX_IRIS['akg']}SourceDocument>".encode()
_ONTOLOGY = f"<{ONTOLOGY_IRI}>".encode()


# ---- the layers as exact, sorted N-Triples ----------------------------------------------------


def _rdflib_line(line: bytes) -> bytes:
    """One N-Triples line as the rdflib path writes it (its escapes, kg.export's)."""
    from rdflib.plugins.serializers.nt import _nt_row

    graph = Graph()
    graph.parse(data=line.decode("utf-8"), format="nt")
    (triple,) = graph
    return _safe_turtle(_nt_row(triple)).rstrip("\n").encode("utf-8")


def layer_lines(store: ox.Store, graph_iri: str, forms: LiteralForms) -> set[bytes]:
    """The N-Triples lines (no newline) of one named graph of `store`, each as the rdflib path
    writes it: what kg.oxload recorded in `forms` written as authored, escapes as kg.export's."""
    return set(_layer_list(store, graph_iri, forms))


def _layer_list(store: ox.Store, graph_iri: str, forms: LiteralForms) -> list[bytes]:
    """layer_lines() as a list, in the dump's order (a line may be there twice): it sorts
    faster than a set, whose lines are scattered in memory."""
    raw = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
    lines = _lines(raw)
    replaced: set[bytes] = set()  # the store's lines that stand for authored ones
    authored: set[bytes] = set()  # those authored lines
    endings = forms.endings()
    if endings:
        for line in lines:
            if line.endswith(endings):
                exact = forms.exact_lines(line)
                if exact is not None:
                    replaced.add(line)
                    authored.update(exact)
    # The lines rdflib escapes otherwise: found in the dump (not joined again) and the few
    # authored ones.
    differ = (_differing_lines(raw) - replaced) | _differing_lines(b"\n".join(authored))
    del raw
    if replaced or differ:
        dropped = replaced | differ
        lines = [line for line in lines if line not in dropped]
    lines += authored - differ
    lines += (_rdflib_line(line) for line in differ)
    return lines


def _differing_lines(data: bytes, chunk: int = 1 << 16) -> set[bytes]:
    """The lines of `data` holding a character that rdflib's N-Triples writes otherwise. The
    regular expression looks only where a first byte of one is (found by bytes.translate, many
    times faster): in a few of the chunks, usually."""
    found = set()
    for start in range(0, len(data), chunk):
        end = start + chunk
        if data[start:end].translate(None, _NOT_MAY_DIFFER):
            for match in NT_MAY_DIFFER.finditer(data, start, end):
                if NT_DIFFERS.match(data, match.start()):
                    found.add(_line_around(data, match.start()))
    return found


# Every byte but those NT_MAY_DIFFER looks for.
_NOT_MAY_DIFFER = bytes(b for b in range(256) if not NT_MAY_DIFFER.match(bytes([b])))


def _line_around(data: bytes, at: int) -> bytes:
    start = data.rfind(b"\n", 0, at) + 1
    end = data.find(b"\n", at)
    return data[start : len(data) if end < 0 else end]


def _canonical_blank_nodes(lines: set[bytes]) -> set[bytes]:
    """`lines` with their blank nodes labelled as rdflib.compare labels them in the whole graph
    (kg.export's canonical()): the ontology's labels, which kg.oxload gave, may change when
    derived statements touch its blank nodes. The labels depend on those statements only."""
    from rdflib.compare import to_canonical_graph
    from rdflib.plugins.serializers.nt import _nt_row

    touching = {line for line in lines if b"_:" in line}
    graph = Graph()
    for line in touching:
        s, p, o = _split(line)
        graph.add((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)))
    relabelled = {
        _safe_turtle(_nt_row(triple)).rstrip("\n").encode("utf-8")
        for triple in to_canonical_graph(graph)
    }
    return (lines - touching) | relabelled


def _graph_lines(graph: Graph) -> set[bytes]:
    """An rdflib graph's lines as the rdflib path writes them (kg.export)."""
    from kg.export import serialize

    text = serialize(graph, None, "nt").encode("utf-8")
    return {line for line in text.split(b"\n") if line}


def _joined(lines: Iterable[bytes]) -> bytes:
    return _joined_sorted(_sorted_union(list(lines)))


def ntriples(lines: Iterable[bytes]) -> bytes:
    """Sorted, one statement a line: the release's N-Triples (as kg.export writes them)."""
    return _joined(lines)


def nquads_bytes(store: ox.Store, catalogue: Graph, forms: LiteralForms) -> bytes:
    """The dataset as kg.pipeline.Layers.nquads() writes it, as UTF-8: the asserted, inferred
    and catalogue graphs, sorted, byte for byte the rdflib path's. What kg.store.write_store
    loads, and dist/almagro-kg.nq."""
    return _nquads(
        {
            ASSERTED_GRAPH_IRI: ntriples(_layer_list(store, ASSERTED_GRAPH_IRI, forms)),
            INFERRED_GRAPH_IRI: ntriples(_layer_list(store, INFERRED_GRAPH_IRI, forms)),
            CATALOGUE_GRAPH_IRI: ntriples(_graph_lines(catalogue)),
        }
    )


def _nquads(graphs: dict[str, bytes]) -> bytes:
    """N-Quads from each graph's N-Triples (kg.store.nquads): every line's ` .` becomes
    ` <graph> .` (a line can end no other way: N-Triples escapes line breaks in strings)."""
    lines: list[bytes] = []
    for iri, text in graphs.items():
        if text:
            lines.extend(text.replace(b" .\n", b" <%s> .\n" % iri.encode()).split(b"\n")[:-1])
    return _joined(lines)


def _layer_texts(nquads: bytes) -> tuple[bytes, bytes]:
    """The asserted and the inferred layers' sorted N-Triples, from nquads_bytes(): each graph's
    lines, the graph name taken off. Their order holds: two statements differ before either
    ends, or where one ends (a space follows it in both forms) and the other goes on."""
    endings = [b" <%s> ." % iri.encode() for iri in (ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI)]
    parts: list[list[bytes]] = [[], []]
    for lines in _line_chunks(nquads):
        for found, ending in zip(parts, endings, strict=True):
            selected = [line for line in lines if line.endswith(ending)]
            if selected:
                selected.append(b"")  # so that the text ends with a newline
                found.append(b"\n".join(selected).replace(ending + b"\n", b" .\n"))
    return b"".join(parts[0]), b"".join(parts[1])


def _lines(text: bytes) -> list[bytes]:
    """The lines of N-Triples text, without their newlines."""
    lines = text.split(b"\n")
    if not lines[-1]:
        lines.pop()
    return lines


def _sorted_union(*parts: list[bytes]) -> list[bytes]:
    """The distinct lines of `parts`, sorted (a sort merges sorted parts fast)."""
    merged = sorted(itertools.chain(*parts))
    if any(map(operator.eq, merged, merged[1:])):  # a line in two parts
        merged = list(dict.fromkeys(merged))
    return merged


def _with_few(lines: list[bytes], few: list[bytes]) -> list[bytes]:
    """The sorted, distinct `lines` with the few sorted, distinct lines `few` put in place: a
    binary search for each, not a sort (comparing long lines that share their start is slow)."""
    merged: list[bytes] = []
    start = 0
    for line in few:
        at = bisect.bisect_left(lines, line, start)
        merged += lines[start:at]
        if at == len(lines) or lines[at] != line:
            merged.append(line)
        start = at
    merged += lines[start:]
    return merged


def _joined_sorted(lines: list[bytes]) -> bytes:
    """N-Triples text of sorted lines (joined with an empty last one: no copy to add the
    newline)."""
    return b"\n".join([*lines, b""]) if lines else b""


# ---- terms read back from our N-Triples --------------------------------------------------------

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _ECHAR[match.group(3)]

    return _ESCAPE.sub(one, text)


def _split(line: bytes) -> tuple[bytes, bytes, bytes]:
    subject, predicate, rest = line.split(b" ", 2)
    return subject, predicate, rest[:-2]


def _literal_parts(obj: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of an N-Triples literal."""
    end = obj.rfind('"')
    lexical = _unescape(obj[1:end])
    tail = obj[end + 1 :]
    if tail.startswith("@"):
        return lexical, tail[1:], None
    if tail.startswith("^^<"):
        return lexical, None, _unescape(tail[3:-1])
    return lexical, None, None


def _rdflib_term(text: bytes):
    from rdflib import BNode

    obj = text.decode("utf-8")
    if obj.startswith("<"):
        return URIRef(_unescape(obj[1:-1]))
    if obj.startswith("_:"):
        return BNode(obj[2:])
    lexical, language, datatype = _literal_parts(obj)
    if language:
        return Literal(lexical, lang=language)
    return Literal(lexical, datatype=URIRef(datatype) if datatype else None)


# ---- the description (kg.void) and the context (kg.jsonld) from the lines --------------------

# An object's kind, as the context's coercions tell them apart (kg.jsonld._coercion): an IRI, a
# blank node, a language-tagged string, a plain one, or "dt:" and its datatype.
_IRI, _BNODE, _LANG, _PLAIN = "iri", "bnode", "lang", "plain"
_NIL = f"<{RDF}nil>".encode()
_VERSION = b"<http://www.w3.org/2002/07/owl#versionInfo>"
_COPIED = (b"<http://purl.org/dc/terms/title>", b"<http://purl.org/dc/terms/bibliographicCitation>")


class _Survey:
    """What the description (kg.void's Facts) and the context (kg.jsonld's terms and prefixes)
    need to know of a graph, gathered from its distinct N-Triples lines (the rdflib path's) in
    one pass that splits each line once."""

    def __init__(self) -> None:
        self.triples = 0
        self.subjects: set[bytes] = set()
        self.objects: set[bytes] = set()
        # Each predicate → the kinds of its values (rdf:type's IRIs, classes, left out).
        self.kinds: dict[bytes, set[str]] = {}
        # Each predicate → its values that could be an RDF list (blank nodes, rdf:nil).
        self.list_values: dict[bytes, set[bytes]] = {}
        self.list_heads: set[bytes] = set()  # the subjects of rdf:first
        self.classes: set[bytes] = set()
        self.versions: list[bytes] = []
        self.documents: list[bytes] = []
        self.about: list[tuple[bytes, bytes, bytes]] = []
        self._literal_kinds: dict[bytes, str] = {}  # what follows a literal's closing quote → kind

    def add(self, lines: list[bytes]) -> None:
        """Take in `lines`, each distinct and not taken in before (for the counts)."""
        self.triples += len(lines)
        subjects, objects, kinds = self.subjects, self.objects, self.kinds
        literal_kinds = self._literal_kinds
        noted = {_TYPE, _FIRST, _VERSION, *_COPIED}
        for line in lines:
            s, p, o = line.split(b" ", 2)
            o = o[:-2]
            subjects.add(s)
            objects.add(o)
            if o[0] == 60:  # <
                kind = _IRI
            elif o[0] == 95:  # _
                kind = _BNODE
            else:
                tail = o[o.rfind(b'"') + 1 :]
                kind = literal_kinds.get(tail)
                if kind is None:
                    kind = literal_kinds[tail] = _literal_kind(tail)
            seen = kinds.get(p)
            if seen is None:
                seen = kinds[p] = set()
            if p in noted:
                self._note(s, p, o)
                if p == _TYPE and kind is _IRI:
                    continue
            seen.add(kind)
            if kind is _BNODE or o == _NIL:
                self.list_values.setdefault(p, set()).add(o)

    def _note(self, s: bytes, p: bytes, o: bytes) -> None:
        if p == _TYPE:
            self.classes.add(o)
            if o == _DOCUMENT_TYPE:
                self.documents.append(s)
        elif p == _FIRST:
            self.list_heads.add(s)
        elif p == _VERSION:
            if s == _ONTOLOGY:
                self.versions.append(o)
        else:
            self.about.append((s, p, o))

    def facts(self) -> Facts:
        """kg.void's Facts of what was taken in."""
        from kg.namespaces import RESOURCE_BASE
        from kg.void import EXAMPLE_RESOURCES, Facts

        wanted = set(self.documents)
        used = {t.decode()[1:-1] for t in self.kinds.keys() | self.classes if t.startswith(b"<")}
        return Facts(
            version=_rdflib_term(min(self.versions)) if self.versions else None,
            documents=sorted(_rdflib_term(d) for d in self.documents),
            document_values=[
                (_rdflib_term(s), _rdflib_term(p), _rdflib_term(o))
                for s, p, o in self.about
                if s in wanted
            ],
            triples=self.triples,
            classes=len(self.classes),
            properties=len(self.kinds),
            subjects=len(self.subjects),
            objects=len(self.objects),
            used=used,
            examples=[
                URIRef(RESOURCE_BASE + local)
                for local in EXAMPLE_RESOURCES
                if f"<{RESOURCE_BASE}{local}>".encode() in self.subjects
            ],
        )

    def context(self) -> Context:
        """kg.jsonld.context_for of what was taken in."""
        from kg.namespaces import PREFIXES

        terms = itertools.chain(self.subjects, self.kinds, self.objects)
        schemes = {t[1:].split(b":", 1)[0].decode() for t in terms if t.startswith(b"<")}
        kinds: dict[str, dict] = {}
        list_values: dict[str, set[bytes]] = {}
        for p, seen in self.kinds.items():
            if not seen:  # rdf:type, all of whose values are classes
                continue
            iri = _unescape(p.decode()[1:-1])
            for kind in seen:
                if kind.startswith("dt:"):
                    schemes.add(kind[3:].split(":", 1)[0])
                kinds.setdefault(iri, {})[kind] = True
            list_values.setdefault(iri, set()).update(self.list_values.get(p, ()))
        known = {**{p: str(ns) for p, ns in PREFIXES.items()}, **DESCRIPTION_PREFIXES}
        prefixes = {p: ns for p, ns in sorted(known.items()) if p not in schemes}
        return context_with_terms(
            prefixes,
            kinds,
            lambda iri: _coercion(kinds[iri], list_values[iri], self.list_heads),
        )


def _literal_kind(tail: bytes) -> str:
    """The kind of a literal from what follows its closing quote."""
    if tail.startswith(b"^^<"):
        return "dt:" + tail[3:-1].decode()
    return _LANG if tail.startswith(b"@") else _PLAIN


def describe_lines(full: set[bytes], names: list[str]) -> Graph:
    """kg.void.describe of the graph whose N-Triples lines (the rdflib path's) are `full`."""
    from kg.void import description

    survey = _Survey()
    survey.add(list(full))
    return description(survey.facts(), names)


def context_lines(lines: Iterable[bytes], predicates: set[bytes] | None = None) -> Context:
    """kg.jsonld.context_for of the graph whose N-Triples lines are `lines`; the predicates
    seen are added to `predicates` when given."""
    survey = _Survey()
    survey.add(list(set(lines)))
    if predicates is not None:
        predicates.update(survey.kinds)
    return survey.context()


def _coercion(kinds: dict, nodes: set[bytes], list_heads: set[bytes]) -> str | None:
    """kg.jsonld._coercion, from the kinds of a property's values."""
    if set(kinds) == {"iri"}:
        return "@id"
    if set(kinds) <= {"iri", "bnode"}:
        nil = f"<{RDF}nil>".encode()
        lists = any(v == nil or v in list_heads for v in nodes)
        return None if lists else "@id"
    if "iri" in kinds or "bnode" in kinds:
        return None
    if set(kinds) == {"lang"}:
        return "@language"
    datatypes = {k for k in kinds if k != "lang"}
    if len(datatypes) == 1:
        (only,) = datatypes
        if only.startswith("dt:") and only != "dt:http://www.w3.org/2001/XMLSchema#string":
            return only[3:]
    return None


# ---- JSON-LD, streamed -------------------------------------------------------------------------


class _JsonLdWriter:
    """JSON-LD compacted with the release's context, one node a line, from sorted N-Triples: the
    values kg.export's JSON-LD writes (its _JsonLd rules), without building an rdflib graph.
    Nodes that touch a blank node (the ontology's RDF lists and restrictions, a handful) are
    written by kg.export's own writer, which knows lists.

    A node is written as JSON text directly: the text json.dumps(node, sort_keys=True,
    ensure_ascii=False) gives (its keys sorted, ", " and ": " between items), each value's text
    made once per predicate's kind of term (kept for up to _KEPT objects)."""

    def __init__(self, context: Context):
        from kg.export import _JsonLd

        self.context = context
        self.rdflib = _JsonLd(Graph(), context)
        self.terms = context.terms
        self.prefixes = {ns: p for p, ns in context.prefixes.items()}
        self._compact: dict[str, str] = {}
        # A predicate → its key, its coercion, whether it has a term, its values' texts by object.
        self._predicates: dict[bytes, tuple[str, str | None, bool, dict[bytes, str]]] = {}
        self._texts: dict[tuple[str | None, bool], dict[bytes, str]] = {}
        self._types: dict[bytes, str] = {}  # a class → the text of its "@type" value

    def compact(self, iri: str) -> str:
        found = self._compact.get(iri)
        if found is None:
            found = self.rdflib.compact(iri)
            if len(self._compact) < _KEPT:
                self._compact[iri] = found
        return found

    def symbol(self, iri: str) -> str:
        return self.prefixes.get(iri) or self.compact(iri)

    def literal(self, lexical: str, language: str | None, datatype: str | None) -> str:
        """The text of kg.export._JsonLd.literal: a string, a number, a boolean or an object."""
        if language:
            return f'{{"@language": {_json(language)}, "@value": {_json(lexical)}}}'
        if datatype is None:
            return _json(lexical)
        if datatype == _XSD_INTEGER and _JSON_INTEGER.fullmatch(lexical):
            return lexical  # the number's own text: the pattern allows no other form
        if datatype == _XSD_BOOLEAN and lexical in ("true", "false"):
            return lexical
        return f'{{"@type": {_json(self.symbol(datatype))}, "@value": {_json(lexical)}}}'

    def value(self, obj: str, coercion: str | None = None, has_term: bool = False) -> str:
        """The text of kg.export._JsonLd.coerced (`has_term`) or .value, for an IRI or a
        literal."""
        if obj.startswith("<"):
            iri = _unescape(obj[1:-1])
            if iri == RDF + "nil":
                return '{"@list": []}'
            if has_term and coercion == "@id":
                return _json(self.compact(iri))
            return f'{{"@id": {_json(self.compact(iri))}}}'
        lexical, language, datatype = _literal_parts(obj)
        if has_term and coercion not in (None, "@id", "@language") and datatype == coercion:
            return _json(lexical)
        literal = self.literal(lexical, language, datatype)
        if has_term and coercion is not None and not literal.startswith("{"):
            return f'{{"@value": {literal}}}'  # a string, number or boolean would be coerced
        return literal

    def _predicate(self, p: bytes) -> tuple[str, str | None, bool, dict[bytes, str]]:
        """A property's key, its coercion, whether it has a term in the context, and the texts
        of values made for properties like it (node() looks in self._predicates first)."""
        found = self._predicates.get(p)
        if found is None:
            predicate = _unescape(p.decode("utf-8")[1:-1])
            if predicate in self.terms:
                key, coercion = self.terms[predicate]
                has_term = True
            else:
                key, coercion, has_term = self.symbol(predicate), None, False
            texts = self._texts.setdefault((coercion, has_term), {})
            found = self._predicates[p] = (key, coercion, has_term, texts)
        return found

    def _type(self, o: bytes) -> str:
        found = self._types.get(o)
        if found is None:
            found = self._types[o] = _json(self.symbol(_unescape(o.decode("utf-8")[1:-1])))
        return found

    def node(self, subject: bytes, pairs: list[tuple[bytes, bytes]]) -> str:
        """The JSON text of the node of `subject`, whose predicates and objects are `pairs`."""
        node: dict[str, list] = {"@id": [_json(self.compact(_unescape(subject[1:-1].decode())))]}
        predicates = self._predicates
        for p, o in pairs:
            if p == _TYPE and o[0] == 60:  # <
                key, text = "@type", self._type(o)
            else:
                entry = predicates.get(p)
                key, coercion, has_term, texts = entry or self._predicate(p)
                if coercion == "@language":
                    lexical, language, _ = _literal_parts(o.decode("utf-8"))
                    languages = node.setdefault(key, [_LanguageMap()])[0]
                    languages.setdefault(language, []).append(_json(lexical))
                    continue
                text = texts.get(o)
                if text is None:
                    text = self.value(o.decode("utf-8"), coercion, has_term)
                    if len(texts) < _KEPT:
                        texts[o] = text
            found = node.get(key)
            if found is None:
                node[key] = [text]
            else:
                found.append(text)
        items = [f"{_json(key)}: {_single(values)}" for key, values in sorted(node.items())]
        return "{" + ", ".join(items) + "}"

    def write(self, lines: bytes, out: IO[bytes]) -> None:
        """Write the JSON-LD of the sorted N-Triples `lines` to `out`: the nodes in the order of
        their subjects' lines, a node's values in the order of theirs."""
        from kg.export import _sort_jsonld

        context = json.dumps(self.context.document(), indent=2, sort_keys=True, ensure_ascii=False)
        out.write(b'{\n"@context": ')
        out.write(_escape_unsafe(context).encode("utf-8"))
        out.write(b',\n"@graph": [\n')
        # The subjects whose nodes kg.export writes: blank nodes and what points at one.
        with_blank = set()
        for line in _lines_at(lines, [b"_:"]):
            s, _, o = _split(line)
            if s.startswith(b"_:") or o.startswith(b"_:"):
                with_blank.add(s)
        blank_graph = Graph()
        batch: list[str] = []
        dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
        separator = b""

        def flush() -> None:
            nonlocal separator
            if batch:
                out.write(separator + _escape_unsafe(",\n".join(batch)).encode("utf-8"))
                separator = b",\n"
                batch.clear()

        for subject, pairs in _by_subject(lines):
            if subject in with_blank:
                for p, o in pairs:
                    blank_graph.add((_rdflib_term(subject), _rdflib_term(p), _rdflib_term(o)))
            else:
                batch.append(self.node(subject, pairs))
                if len(batch) >= 2000:
                    flush()
        if len(blank_graph):
            document = self.rdflib.document(blank_graph)
            for node in document.get("@graph", [document]):
                node = {k: v for k, v in node.items() if k != "@context"}
                batch.append(dumps(_sort_jsonld(node)))
        flush()
        out.write(b"\n]\n}\n")


_KEPT = 200_000
_json = json.encoder.encode_basestring  # a JSON string, as json.dumps(ensure_ascii=False) writes


def _single(values: list) -> str:
    """The text of kg.export._single of the texts `values`: one value as itself, several as an
    array; a language map's languages likewise, sorted."""
    if isinstance(values[0], _LanguageMap):
        languages = sorted(values[0].items())
        items = [f"{_json(lang)}: {_single(texts)}" for lang, texts in languages]
        return "{" + ", ".join(items) + "}"
    return values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"


def _lines_at(data: bytes, needles: Iterable[bytes]) -> set[bytes]:
    """The lines of `data` that hold one of `needles`."""
    found = set()
    for needle in needles:
        # A regular expression finds a short needle several times faster than bytes.find.
        match = re.compile(re.escape(needle)).search
        at = match(data)
        while at is not None:
            start = data.rfind(b"\n", 0, at.start()) + 1
            end = data.find(b"\n", at.start())
            end = len(data) if end < 0 else end
            found.add(data[start:end])
            at = match(data, end)
    return found


def _line_chunks(data: bytes, chunk: int = 1 << 22) -> Iterator[list[bytes]]:
    """The lines of `data` (without their newlines, empty ones skipped), a few MB at a time: no
    list of every line at once."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", min(start + chunk, len(data)) - 1)
        end = len(data) if end < 0 else end
        yield [line for line in data[start:end].split(b"\n") if line]
        start = end + 1


def iter_lines(data: bytes, chunk: int = 1 << 22) -> Iterator[bytes]:
    """The lines of `data` (without their newlines, empty ones skipped)."""
    for lines in _line_chunks(data, chunk):
        yield from lines


def _by_subject(lines: bytes) -> Iterator[tuple[bytes, list[tuple[bytes, bytes]]]]:
    """Each subject of the sorted N-Triples `lines` and its (predicate, object) pairs."""
    current, pairs = None, []
    for chunk in _line_chunks(lines):
        for line in chunk:
            s, p, rest = line.split(b" ", 2)  # _split, inline: this runs for every line
            if s != current:
                if current is not None:
                    yield current, pairs
                current, pairs = s, []
            pairs.append((p, rest[:-2]))
    if current is not None:
        yield current, pairs


# ---- RDF/XML -----------------------------------------------------------------------------------

# A line that may hold what RDF/XML cannot: an escaped control character, U+FFFE or U+FFFF (XML
# 1.0 holds neither), a dot segment (a reader would resolve it).
_XML_SUSPECTS = [b"\\u", b"\xef\xbf", b"/."]


def _check_xml(base: bytes, full: bytes, predicates: set[bytes]) -> None:
    """kg.export's RDF/XML refusals, on the lines that could need one (a predicate that cannot
    be an element, an escaped control character, U+FFFE or U+FFFF, a dot segment), the base
    file's first (the error names the release file)."""
    from kg.export import _check_xml as check
    from kg.export import _xml_predicate_problem

    bad = {p for p in predicates if _xml_predicate_problem(_unescape(p.decode()[1:-1]))}
    found = _lines_at(full, _XML_SUSPECTS)
    if bad:
        found.update(line for line in iter_lines(full) if _split(line)[1] in bad)
    in_base = {
        line for line in found if base.startswith(line + b"\n") or b"\n" + line + b"\n" in base
    }
    for name, lines in ((f"{RELEASE_NAME}.rdf", in_base), (f"{RELEASE_NAME}-full.rdf", found)):
        suspects = Graph()
        for line in sorted(lines):
            s, p, o = _split(line)
            suspects.add((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)))
        try:
            check(suspects)
        except KGError as err:
            raise KGError(err.message, where=name) from None


_XML_FIX_BYTES = re.compile(rb"\r|\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")
_XML_FIX = re.compile("[\r\x7f-\x9f\u2028\u2029]")


def _xml_escaped(data: bytes) -> bytes:
    """pyoxigraph's RDF/XML with what an XML reader would change (CR) or a line-based reader
    split at written as character references, as kg.export writes them."""
    if not _XML_FIX_BYTES.search(data):
        return data
    text = _XML_FIX.sub(lambda m: f"&#x{ord(m.group()):X};", data.decode("utf-8"))
    return text.encode("utf-8")


_CASED_TAG = re.compile(rb'"@([a-zA-Z0-9-]*[A-Z][a-zA-Z0-9-]*) \.\n')


def _language_case(lines: bytes) -> Callable[[bytes, bool], bytes] | None:
    """A fix for pyoxigraph's writers, which lowercase language tags (rdflib keeps `@EN-gb`):
    each tag written with a capital in `lines` put back in Turtle, TriG (False) or RDF/XML (True)
    text, when the data has it in that one casing only; None when there is none."""
    tags: dict[bytes, set[bytes]] = {}
    for match in _CASED_TAG.finditer(lines):
        tags.setdefault(match.group(1).lower(), set()).add(match.group(1))
    fixes = {
        low: next(iter(cases))
        for low, cases in tags.items()
        if len(cases) == 1 and b'"@' + low + b" .\n" not in lines
    }
    if not fixes:
        return None
    alternatives = b"|".join(re.escape(low) for low in sorted(fixes))
    turtle = re.compile(rb'"@(' + alternatives + rb")(?![a-zA-Z0-9-])")
    xml = re.compile(rb'xml:lang="(' + alternatives + rb')"')

    def fix(data: bytes, is_xml: bool) -> bytes:
        if is_xml:
            return xml.sub(lambda m: b'xml:lang="' + fixes[m.group(1)] + b'"', data)
        return turtle.sub(lambda m: b'"@' + fixes[m.group(1)], data)

    return fix


# ---- the release -------------------------------------------------------------------------------


def _prefix_end(turtle: bytes) -> int:
    """Where pyoxigraph's Turtle's @prefix lines end."""
    at = 0
    while turtle.startswith(b"@prefix ", at):
        at = turtle.index(b"\n", at) + 1
    return at


# What kg.export's RDF/XML writes as a character reference, as our N-Triples escape it.
_XML_FIX_NT = re.compile(rb"\\r|\\u00[79][0-9A-F]|\\u008[0-9A-F]|\\u202[89]")


def _triples(lines: bytes) -> Iterator[ox.Quad]:
    # Lenient: the lines are a store's or rdflib's N-Triples, valid already; the reader's
    # checks of every IRI and language tag would only make it twice as slow.
    return ox.parse(lines, ox.RdfFormat.N_TRIPLES, lenient=True) if lines else iter(())


def _prefixes() -> dict[str, str]:
    return dict(PREFIX_IRIS)


def release_producers(
    store: ox.Store, catalogue: Graph, forms: LiteralForms, nquads: bytes | None = None
) -> dict[str, bytes | str | Callable[[IO[bytes]], None]]:
    """Every release file's name (kg.release.release_names(), in that order) and its content:
    text, bytes, or a function writing it to a binary file (so the big ones are produced while
    written). The layers' N-Triples, the description and the context are computed here; a term
    a format cannot hold is refused here, naming the release file, before anything is written.
    `nquads`: nquads_bytes() of the same store and catalogue when the caller has them already."""
    from kg.export import serialize
    from kg.void import description as describe

    if nquads is None:
        nquads = nquads_bytes(store, catalogue, forms)
    base_nt, inferred_nt = _layer_texts(nquads)
    full = _sorted_union(_lines(base_nt), _lines(inferred_nt))
    if b"_:" in inferred_nt:
        full = sorted(_canonical_blank_nodes(set(full)))
    survey = _Survey()
    survey.add(full)
    description = describe(survey.facts(), release_names())
    description_lines = sorted(_graph_lines(description))
    # The context fits the description too (its counts, taken already, are the data's).
    survey.add(description_lines)
    context = survey.context()
    predicates = set(survey.kinds)
    del survey
    full_nt = _joined_sorted(_with_few(full, description_lines))
    del full
    description_nt = _joined_sorted(description_lines)
    _check_xml(base_nt, full_nt, predicates)

    cased = _language_case(full_nt)
    xml_fixes = _XML_FIX_NT.search(full_nt) is not None
    base_turtle: list[bytes] = []  # the base's Turtle, made once: the TriG files' first graph

    def turtle_of(lines: bytes) -> bytes:
        data = ox.serialize(_triples(lines), None, ox.RdfFormat.TURTLE, prefixes=_prefixes())
        return cased(data, False) if cased else data

    def write_base_turtle(out: IO[bytes]) -> None:
        base_turtle.append(turtle_of(base_nt))
        out.write(base_turtle[0])

    def write_full_turtle(out: IO[bytes]) -> None:
        if cased:
            out.write(turtle_of(full_nt))
        else:
            ox.serialize(_triples(full_nt), out, ox.RdfFormat.TURTLE, prefixes=_prefixes())

    def trig(parts: list[tuple[bytes, str]]) -> Callable[[IO[bytes]], None]:
        # Each graph's Turtle (pyoxigraph's writer) in a graph block, under the prefixes once.
        def write(out: IO[bytes]) -> None:
            head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _prefixes().items())
            out.write(head.encode())
            for lines, graph in parts:
                if lines is base_nt:
                    if not base_turtle:
                        base_turtle.append(turtle_of(base_nt))
                    data = base_turtle[0]
                else:
                    data = turtle_of(lines)
                out.write(b"\n<%s> {\n" % graph.encode())
                out.write(memoryview(data)[_prefix_end(data) :])
                out.write(b"}\n")

        return write

    def rdfxml(lines: bytes) -> Callable[[IO[bytes]], None]:
        def write(out: IO[bytes]) -> None:
            if not cased and not xml_fixes:
                ox.serialize(_triples(lines), out, ox.RdfFormat.RDF_XML, prefixes=_prefixes())
            else:
                data = ox.serialize(
                    _triples(lines), None, ox.RdfFormat.RDF_XML, prefixes=_prefixes()
                )
                out.write(_xml_escaped(cased(data, True) if cased else data))
            out.write(b"\n")

        return write

    writers: list[_JsonLdWriter] = []  # one for both files: the full one reuses its values

    def jsonld(lines: bytes) -> Callable[[IO[bytes]], None]:
        def write(out: IO[bytes]) -> None:
            if not writers:
                writers.append(_JsonLdWriter(context))
            writers[0].write(lines, out)

        return write

    made = {
        "turtle": (write_base_turtle, write_full_turtle),
        "nt": (base_nt, full_nt),
        "jsonld": (jsonld(base_nt), jsonld(full_nt)),
        "xml": (rdfxml(base_nt), rdfxml(full_nt)),
        "trig": (
            trig([(base_nt, ASSERTED_GRAPH_IRI)]),
            trig(
                [
                    (base_nt, ASSERTED_GRAPH_IRI),
                    (inferred_nt, INFERRED_GRAPH_IRI),
                    (description_nt, DESCRIPTION_GRAPH_IRI),
                ]
            ),
        ),
    }
    files: dict[str, bytes | str | Callable[[IO[bytes]], None]] = {}
    for fmt in FORMATS:
        base, full = made[fmt]
        files[f"{RELEASE_NAME}.{EXTENSIONS[fmt]}"] = base
        files[f"{RELEASE_NAME}-full.{EXTENSIONS[fmt]}"] = full
    files[f"{RELEASE_NAME}.nq"] = nquads
    files[f"{RELEASE_NAME}-queries.ttl"] = catalogue.serialize(format="turtle")
    files[VOID_NAME] = serialize(description, None, "turtle")
    files[CONTEXT_NAME] = context_text(context)
    return files


def release_files(
    store: ox.Store,
    catalogue: Graph,
    out_dir: Path,
    forms: LiteralForms,
    nquads: bytes | None = None,
    before_swap: Callable[[], None] | None = None,
) -> list[Path]:
    """Write the release (kg.release.release_files' files, names and guarantees: staged, each
    fsynced, swapped in whole or not at all) from `store`'s asserted and inferred graphs and the
    catalogue graph. `forms`: what kg.oxload.load_into recorded while loading the store's
    asserted graph (an empty LiteralForms when the store's literals are exact as they are).
    `nquads`: nquads_bytes(store, catalogue, forms) when the caller made them (for
    kg.store.write_store), so they are not made twice. `before_swap`: see kg.files.write_files
    (the build waits there for the validation that ran while the files were written)."""
    files = release_producers(store, catalogue, forms, nquads)
    return write_files(Path(out_dir), files, staging_prefix=STAGING_PREFIX, before_swap=before_swap)
