"""Stage 5: canonical, deterministic serializations of a graph, written atomically.

rdflib's in-memory store iterates triples through Python sets, so its serializers emit triples in an
order that changes with PYTHONHASHSEED, and blank nodes get fresh random labels at each parse. Every
format here is therefore made canonical on our side: blank nodes (only the ontology's RDF lists have
any) are relabelled by rdflib.compare's canonical algorithm, N-Triples lines are sorted, JSON-LD
nodes and values are sorted, RDF/XML is written from sorted triples, Turtle uses rdflib's sorted
writer, and TriG wraps the Turtle of each layer in a named graph.

Every format round-trips every legal term, or refuses it by name (a KGError on the `format`
option): the text formats write line breaks and other control characters, U+0085, U+2028 and
U+2029 as `\\uXXXX` escapes, so each N-Triples statement is one line for any line-based reader;
Turtle writes literals itself (rdflib's own quoting can end a long string early and rounds
doubles); JSON-LD is written here (rdflib's writer loses an empty string, a 0 or a false beside
another value of the property); RDF/XML refuses what XML 1.0 cannot hold. A triple with a literal
subject or a predicate that is not an IRI is no RDF, and is dropped (as SPARQL 1.1 §16.2 has
CONSTRUCT drop it).
"""

from __future__ import annotations

import io
import json
import re
import xml.parsers.expat
from functools import lru_cache
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD, split_uri
from rdflib.plugins.serializers.turtle import _GEN_QNAME_FOR_DT, VERB, TurtleSerializer

from kg.errors import KGError, Location, check_choice
from kg.files import write_atomic  # noqa: F401 -- re-exported: callers write releases with it
from kg.jsonld import Context
from kg.namespaces import (
    ASSERTED_GRAPH_IRI,
    DESCRIPTION_GRAPH_IRI,
    INFERRED_GRAPH_IRI,
    PREFIXES,
    bind_prefixes,
)

FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")
EXTENSIONS = {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld", "xml": "rdf", "trig": "trig"}
FORMAT_NAMES = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "xml": "RDF/XML",
    "trig": "TriG",
}
ASSERTED_GRAPH = URIRef(ASSERTED_GRAPH_IRI)
INFERRED_GRAPH = URIRef(INFERRED_GRAPH_IRI)
DESCRIPTION_GRAPH = URIRef(DESCRIPTION_GRAPH_IRI)

# ---- terms -----------------------------------------------------------------------------------

# Characters a text format writes as \uXXXX: every control character but tab and line feed (which
# the writers escape or keep where the grammar allows), and the other characters that Python's
# str.splitlines(), Unicode and some editors take for the end of a line.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# An absolute IRI as Turtle, N-Triples and TriG can write it between < and > (RDF has no other).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")
# Characters rdflib's N-Triples reader takes for white space (Python's \s) that RFC 3987 allows
# in an IRI: written as \uXXXX inside IRIs, where the grammars allow it.
_WIDE_SPACE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# The tokens of our Turtle and N-Triples that hold text: string literals (a long one may hold a
# line feed; every quote in one is escaped) and IRIs.
_TURTLE_TOKEN = re.compile(r'"""(?:[^"\\]|\\.)*"""|"(?:[^"\\\n]|\\.)*"|<[^>\n]*>', re.DOTALL)


def _uchar(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04X}"


def _safe_turtle(text: str) -> str:
    """Turtle, TriG or N-Triples text as every writer here leaves it: no character that can
    break a line, and in IRIs no white space of any kind, raw (see _escape_unsafe)."""
    if _WIDE_SPACE.search(text):
        text = _TURTLE_TOKEN.sub(
            lambda m: _WIDE_SPACE.sub(_uchar, m.group()) if m.group()[0] == "<" else m.group(),
            text,
        )
    return _escape_unsafe(text)


def _escape_unsafe(text: str) -> str:
    """`text` with every line-breaking or control character but tab and LF as \\uXXXX: the
    escape Turtle, TriG, N-Triples, N-Quads (in strings and IRIs) and JSON (in strings) share."""
    return _UNSAFE.sub(_uchar, text)


def term_text(term) -> str:
    """A term as an error message names it: its N-Triples form, a long literal cut short, every
    character that does not print (a control, a separator, a noncharacter) as \\uXXXX."""
    if isinstance(term, Literal):
        lexical = str(term)
        text = _quote(lexical[:60])
        if len(lexical) > 60:
            text = text[:-1] + '…"'
        if term.language:
            text += f"@{term.language}"
        elif term.datatype is not None:
            text += f"^^<{term.datatype}>"
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = f"<{term}>"
    return "".join(
        c if c.isprintable() else f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}"
        for c in text
    )


def _refuse(kind: str, term, fmt: str, why: str) -> KGError:
    return KGError(
        f"cannot write {kind} {term_text(term)} in {FORMAT_NAMES[fmt]}: {why}",
        where=Location(option="format"),
    )


def _quote(lexical: str) -> str:
    """A short string literal: the quoting of rdflib's N-Triples and Turtle writers."""
    body = lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + body.replace("\r", "\\r") + '"'


def _rdf_only(graph: Graph) -> Graph:
    """`graph` without the triples RDF cannot have: a subject that is not an IRI or blank node,
    a predicate that is not an IRI, an object that is no RDF term."""

    def legal(s, p, o) -> bool:
        return (
            isinstance(s, (URIRef, BNode))
            and isinstance(p, URIRef)
            and isinstance(o, (URIRef, BNode, Literal))
        )

    if all(legal(*triple) for triple in graph):
        return graph
    result = Graph()
    for triple in graph:
        if legal(*triple):
            result.add(triple)
    return result


def _iris(graph: Graph):
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                yield term
            elif isinstance(term, Literal) and term.datatype is not None:
                yield term.datatype


def _check_iris(graph: Graph, fmt: str) -> None:
    for iri in _iris(graph):
        if not _IRI.fullmatch(iri):
            raise _refuse("IRI", iri, fmt, "it is not an absolute IRI")


def canonical(graph: Graph) -> Graph:
    """A copy of `graph` with blank nodes relabelled canonically and the project's prefixes."""
    has_bnodes = any(isinstance(t, BNode) for triple in graph for t in (triple[0], triple[2]))
    source = to_canonical_graph(graph) if has_bnodes else graph
    result = bind_prefixes(Graph())
    for triple in source:
        result.add(triple)
    return result


def _list_items(graph: Graph, head) -> list | None:
    """The items of the RDF list at `head` when it can be written as a list, else None: every
    node a blank node with one rdf:first, one rdf:rest and nothing else, referenced once, the
    chain ending at rdf:nil without a cycle."""
    items, seen, node = [], set(), head
    while node != RDF.nil:
        if not isinstance(node, BNode) or node in seen:
            return None
        seen.add(node)
        pairs = list(graph.predicate_objects(node))
        firsts = [o for p, o in pairs if p == RDF.first]
        rests = [o for p, o in pairs if p == RDF.rest]
        if len(pairs) != 2 or len(firsts) != 1 or len(rests) != 1:
            return None
        if node != head and len(list(graph.subject_predicates(node))) != 1:
            return None
        items.append(firsts[0])
        node = rests[0]
    return items


# ---- Turtle, TriG, N-Triples -----------------------------------------------------------------

_TURTLE_NUMBER = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD.boolean: re.compile(r"true|false"),
}


# Turtle's PN_LOCAL (the part after the colon of a prefixed name), from its grammar.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = re.compile(
    f"(?:[{_PN_CHARS_BASE}_:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)


@lru_cache(maxsize=65536)
def _is_pn_local(local: str) -> bool:
    return _PN_LOCAL.fullmatch(local) is not None


@lru_cache(maxsize=65536)
def _split_in_percent(iri: str) -> bool:
    """Whether rdflib would split `iri` into namespace and local name inside a `%XX`."""
    try:
        namespace = split_uri(iri)[0]
    except ValueError:
        return False
    return re.search(r"%[0-9A-Fa-f]?$", namespace) is not None


class _Turtle(TurtleSerializer):
    """rdflib's Turtle writer, but literals written so they read back unchanged (rdflib's own
    rounds a double to 7 digits, and ends a long string with four quotes, which no other reader
    takes, when the text ends in a backslash and a quote), only valid prefixed names, a list
    written as ( ) only when no other triple points into it, and rdf:nil as a predicate written
    as an IRI, not `()`."""

    def label(self, node, position) -> str:
        if isinstance(node, Literal):
            return self._literal(node)
        if node == RDF.nil and position == VERB:
            return self.get_pname(node, True) or node.n3()
        return super().label(node, position)

    def _literal(self, literal: Literal) -> str:
        lexical, datatype = str(literal), literal.datatype
        number = _TURTLE_NUMBER.get(datatype)
        if number is not None and number.fullmatch(lexical):
            return lexical
        if "\n" in lexical:
            body = lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
            text = f'"""{body}"""'
        else:
            text = _quote(lexical)
        if literal.language:
            return f"{text}@{literal.language}"
        if datatype is not None:
            return f"{text}^^{self.get_pname(datatype, _GEN_QNAME_FOR_DT) or f'<{datatype}>'}"
        return text

    def get_pname(self, uri, gen_prefix: bool = True) -> str | None:
        """rdflib's prefixed name, but only a valid one (`rdf:ª` is not: U+00AA is no PN_CHARS)
        and none that would declare a prefix IRI cut inside a percent-encoding
        (`<https://example.org/a%>`, for `%0A`): no valid IRI, so strict readers refuse it."""
        if isinstance(uri, URIRef) and _split_in_percent(uri):
            return None
        pname = super().get_pname(uri, gen_prefix)
        if pname is not None and not _is_pn_local(pname.split(":", 1)[1]):
            return None  # rdflib takes any Unicode letter for a name character: Turtle does not
        return pname

    def isValidList(self, l_) -> bool:  # noqa: N802 -- rdflib's name
        return _list_items(self.store, l_) is not None


def _turtle(graph: Graph, generated: dict[str, str] | None = None) -> str:
    """Our Turtle of `graph`. `generated` holds the prefixes rdflib made up (ns1, ns2…) for
    namespaces we have none for: they are bound first, and the new ones are added to it."""
    graph = canonical(graph)
    for prefix, namespace in (generated or {}).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    writer = _Turtle(graph)
    stream = io.BytesIO()
    writer.serialize(stream, encoding="utf-8")
    if generated is not None:
        ours = {str(ns) for ns in PREFIXES.values()}
        generated.update(
            (prefix, str(ns)) for prefix, ns in writer.namespaces.items() if str(ns) not in ours
        )
    return _safe_turtle(stream.getvalue().decode("utf-8"))


def _ntriples(graph: Graph) -> str:
    text = _safe_turtle(canonical(graph).serialize(format="nt"))
    return "".join(line + "\n" for line in sorted(set(text.split("\n"))) if line.strip())


def _turtle_lines(turtle: str) -> list[tuple[str, bool]]:
    """The lines of our Turtle, each with whether it starts inside a long string literal."""
    inside = set()  # offsets of the line feeds within long strings
    if '"""' in turtle:
        for match in _TURTLE_TOKEN.finditer(turtle):
            if match.group().startswith('"""'):
                inside.update(match.start() + m.start() for m in re.finditer("\n", match.group()))
    lines, start = [], 0
    for line in turtle.split("\n"):
        lines.append((line, start - 1 in inside))
        start += len(line) + 1
    return lines


def _trig(layers: list[tuple[URIRef, Graph]]) -> str:
    """Each layer's Turtle, indented (but not inside a long string) in a named graph, under the
    prefixes of all: one made up for a layer is bound in the next, so a prefix is never
    declared twice with two namespaces."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    generated: dict[str, str] = {}
    for name, graph in layers:
        body = []
        for line, continued in _turtle_lines(_turtle(graph, generated)):
            if not continued and line.startswith("@prefix"):
                prefixes.add(line)
            else:
                body.append(line if continued or not line else "    " + line)
        text = "\n".join(body).strip("\n")
        blocks.append(f"<{name}> {{\n{text}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


# ---- JSON-LD ---------------------------------------------------------------------------------


def _sort_jsonld(value, ordered: bool = False):
    """Sort JSON-LD node arrays and multi-value arrays; an "@list" keeps its order."""
    if isinstance(value, dict):
        return {key: _sort_jsonld(value[key], key == "@list") for key in sorted(value)}
    if isinstance(value, list) and ordered:
        return [_sort_jsonld(v) for v in value]
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _split_iri(iri: str) -> tuple[str, str]:
    """rdflib's JSON-LD split: after the last '#', else the last '/', else the last ':'."""
    for delimiter in "#/:":
        at = iri.rfind(delimiter)
        if at > -1:
            return iri[: at + 1], iri[at + 1 :]
    return iri, ""


class _JsonLd:
    """The JSON-LD rdflib writes with our prefixes as the context (compact IRIs, native integers
    and booleans, "@type" for rdf:type, "@list" for lists), without its losses: a context prefix
    that is also the scheme of an IRI in the graph is left out (the IRI would read as a compact
    IRI), a literal is native only when it reads back with the same lexical form."""

    def __init__(self, graph: Graph, context: Context | None = None):
        if context is None:  # the prefixes alone: compact IRIs, every value typed in place
            schemes = {iri.split(":", 1)[0] for iri in _iris(graph)}
            self.context = {p: str(ns) for p, ns in PREFIXES.items() if p not in schemes}
            self.terms: dict = {}
        else:  # the release's context (kg.jsonld): terms, coercions, language maps
            self.context = context.document()
            self.terms = {URIRef(iri): term for iri, term in context.terms.items()}
        self.prefixes = {ns: p for p, ns in (context.prefixes if context else self.context).items()}

    def compact(self, iri: str) -> str:
        namespace, local = _split_iri(iri)
        prefix = self.prefixes.get(namespace)
        return f"{prefix}:{local}" if prefix and not local.startswith("//") else iri

    def symbol(self, iri: str) -> str:
        """A property, type or datatype: the prefix's own name for its namespace IRI."""
        return self.prefixes.get(iri) or self.compact(iri)

    def node_id(self, term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else self.compact(term)

    def literal(self, literal: Literal):
        lexical, datatype = str(literal), literal.datatype
        if literal.language:
            return {"@language": literal.language, "@value": lexical}
        if datatype is None:
            return lexical
        if datatype == XSD.integer and re.fullmatch(r"0|-?[1-9][0-9]{0,14}", lexical):
            return int(lexical)  # what a reader makes of a JSON number: the same lexical form
        if datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical == "true"
        return {"@type": self.symbol(datatype), "@value": lexical}

    def coerced(self, term, coercion: str | None, lists: dict):
        """A value of a property whose term coerces to `coercion`: in short form where it fits
        (a string for an IRI, a lexical form for a literal of the datatype), else in full (a
        plain string under a coercion would be coerced)."""
        if coercion == "@id" and isinstance(term, URIRef | BNode) and term not in lists:
            return self.node_id(term) if term != RDF.nil else {"@list": []}
        if isinstance(term, Literal) and coercion not in (None, "@id", "@language"):
            if term.datatype is not None and str(term.datatype) == coercion:
                return str(term)
        value = self.value(term, lists)
        if coercion is not None and isinstance(value, str | int | bool):
            literal = self.literal(term)
            return {"@value": literal} if not isinstance(literal, dict) else literal
        return value

    def value(self, term, lists: dict):
        if isinstance(term, Literal):
            return self.literal(term)
        if term == RDF.nil:
            return {"@list": []}
        if term in lists:
            return {"@list": [self.value(item, lists) for item in lists[term]]}
        return {"@id": self.node_id(term)}

    def document(self, graph: Graph) -> dict:
        # A list is written as "@list" when its head is the object of one triple only, and not
        # of rdf:first or rdf:rest (a list in a list stays nodes), and no node of it is shared.
        lists: dict = {}
        for head in set(graph.objects()):
            referrers = list(graph.predicates(None, head))
            if len(referrers) == 1 and referrers[0] not in (RDF.first, RDF.rest):
                items = _list_items(graph, head) if head != RDF.nil else None
                if items is not None:
                    lists[head] = items
        in_lists = set()
        for head in lists:
            node = head
            while node != RDF.nil:
                in_lists.add(node)
                node = graph.value(node, RDF.rest)
        nodes: dict = {}
        for s, p, o in graph:
            if s in in_lists:
                continue
            node = nodes.setdefault(s, {"@id": [self.node_id(s)]})
            if p == RDF.type and isinstance(o, URIRef):
                key, value = "@type", self.symbol(o)
            elif p in self.terms:
                key, coercion = self.terms[p]
                if coercion == "@language":  # a language map: {"en": [...], "es": [...]}
                    languages = node.setdefault(key, [_LanguageMap()])[0]
                    languages.setdefault(o.language, []).append(str(o))
                    continue
                value = self.coerced(o, coercion, lists)
            else:
                key, value = self.symbol(p), self.value(o, lists)
            node.setdefault(key, []).append(value)
        # Like rdflib, a node for a blank node that is only an object.
        for term in list(graph.objects()) + [i for items in lists.values() for i in items]:
            if isinstance(term, BNode) and term not in in_lists and term not in nodes:
                nodes[term] = {"@id": [self.node_id(term)]}
        flat = [{key: _single(values) for key, values in node.items()} for node in nodes.values()]
        if len(flat) == 1:
            return {"@context": self.context, **_sort_jsonld(flat[0])}
        return {"@context": self.context, "@graph": _sort_jsonld(flat)}


class _LanguageMap(dict):
    """The texts of a property written as a language map, by language."""


def _single(values: list):
    """One value as itself, several as an array; a language map's languages likewise."""
    if isinstance(values[0], _LanguageMap):
        return {lang: texts[0] if len(texts) == 1 else texts for lang, texts in values[0].items()}
    return values[0] if len(values) == 1 else values


def _jsonld(graph: Graph, context: Context | None = None) -> str:
    graph = canonical(graph)
    document = _JsonLd(graph, context).document(graph)
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return _escape_unsafe(text)


# ---- RDF/XML ---------------------------------------------------------------------------------

# What XML 1.0 cannot hold, even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What an XML reader would turn into a line feed (CR), or a line-based one break a line at.
_XML_REFERENCE = re.compile("[\r\x7f-\x9f\u2028\u2029]")
# RDF/XML's syntax names, which no property element may have (rdf:li reads as rdf:_1, rdf:_2...).
_NOT_PROPERTY = {
    str(RDF) + name
    for name in (
        "RDF ID about bagID parseType resource nodeID datatype Description aboutEach "
        "aboutEachPrefix li"
    ).split()
}
_XML_NAMESPACES = ("http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/")


@lru_cache(maxsize=4096)
def _is_xml_name(name: str) -> bool:
    """Whether `name` is an XML name without a colon, as expat (rdflib's reader) knows names:
    XML 1.0's older, narrower name characters, which every XML reader accepts."""
    if not name or ":" in name:
        return False
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(f"<{name}/>", True)
    except xml.parsers.expat.ExpatError:
        return False
    return True


@lru_cache(maxsize=4096)
def _element_name(iri: str) -> tuple[str, str] | None:
    """(namespace, local name) of a predicate written as an element: the longest XML name that
    ends the IRI (the whole part after the last '#' or '/' when it is one), None when none."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    for start in range(cut, len(iri)):
        if _is_xml_name(iri[start:]):
            return iri[:start], iri[start:]
    return None


def _xml_text(text: str) -> str:
    return _XML_REFERENCE.sub(lambda m: f"&#x{ord(m.group()):X};", escape(text))


def _xml_attr(text: str) -> str:
    return _XML_REFERENCE.sub(lambda m: f"&#x{ord(m.group()):X};", quoteattr(text))


@lru_cache(maxsize=65536)
def _xml_iri_problem(iri: str) -> str | None:
    """Why RDF/XML cannot write `iri` as an rdf:about, rdf:resource or rdf:datatype, if so."""
    if bad := _NOT_XML.search(iri):
        return f"XML 1.0 cannot hold U+{ord(bad.group()):04X}, not even escaped"
    if any(segment in (".", "..") for segment in urlsplit(iri).path.split("/")):
        return "a reader resolves its dot segments (RFC 3986), changing it"
    return None


@lru_cache(maxsize=4096)
def _xml_predicate_problem(iri: str) -> str | None:
    """Why RDF/XML cannot write `iri` as a property element's name, if so."""
    if bad := _NOT_XML.search(iri):
        return f"XML 1.0 cannot hold U+{ord(bad.group()):04X}, not even escaped"
    if iri in _NOT_PROPERTY:
        return "RDF/XML reserves it for its syntax"
    split = _element_name(iri)
    if split is None:
        return "its IRI does not end in an XML name, so it cannot be an element"
    if split[0] in _XML_NAMESPACES:
        return "its namespace is reserved by XML"
    if any(c.isspace() for c in split[0]):  # Python's SAX reader splits "namespace local" there
        return "its namespace holds white space, where XML readers split a name"
    return None


def _check_xml(graph: Graph) -> None:
    """Refuse, by name, a term RDF/XML cannot write."""
    for s, p, o in graph:
        if why := _xml_predicate_problem(str(p)):
            raise _refuse("predicate", p, "xml", why)
        for term in (s, o, getattr(o, "datatype", None)):
            if isinstance(term, URIRef) and (why := _xml_iri_problem(str(term))):
                raise _refuse("IRI", term, "xml", why)
        if isinstance(o, Literal) and (bad := _NOT_XML.search(o)):
            why = f"XML 1.0 cannot hold U+{ord(bad.group()):04X}, not even escaped"
            raise _refuse("literal", o, "xml", why)


def _qname(iri: str, namespaces: dict[str, str]) -> tuple[str, str]:
    """Split a predicate IRI into (prefix, local name), naming unknown namespaces ns1, ns2…"""
    namespace, local = _element_name(iri)  # type: ignore[misc] -- _check_xml has seen to it
    prefix = next((p for p, ns in namespaces.items() if ns == namespace), None)
    if prefix is None:
        prefix = f"ns{len(namespaces) + 1}"
        namespaces[prefix] = namespace
    return prefix, local


def _node_attr(term) -> str:
    if isinstance(term, BNode):
        return f"rdf:nodeID={_xml_attr(str(term))}"
    return f"rdf:resource={_xml_attr(str(term))}"


def _rdfxml(graph: Graph) -> str:
    graph = canonical(graph)
    _check_xml(graph)
    namespaces = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    body: list[str] = []
    for subject in sorted(set(graph.subjects())):
        attr = (
            f"rdf:nodeID={_xml_attr(str(subject))}"
            if isinstance(subject, BNode)
            else f"rdf:about={_xml_attr(str(subject))}"
        )
        body.append(f"  <rdf:Description {attr}>")
        for predicate, obj in sorted(graph.predicate_objects(subject)):
            prefix, local = _qname(str(predicate), namespaces)
            tag = f"{prefix}:{local}"
            if isinstance(obj, Literal):
                extra = ""
                if obj.language:
                    extra = f" xml:lang={_xml_attr(obj.language)}"
                elif obj.datatype and obj.datatype != RDF.langString:
                    extra = f" rdf:datatype={_xml_attr(str(obj.datatype))}"
                body.append(f"    <{tag}{extra}>{_xml_text(str(obj))}</{tag}>")
            else:
                body.append(f"    <{tag} {_node_attr(obj)}/>")
        body.append("  </rdf:Description>")
    declarations = "".join(
        f"\n    xmlns:{prefix}={_xml_attr(ns)}" for prefix, ns in sorted(namespaces.items())
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<rdf:RDF{declarations}>\n" + "\n".join(body) + "\n</rdf:RDF>\n"
    )


# ---- the entry point -------------------------------------------------------------------------


def serialize(
    asserted: Graph,
    inferred: Graph | None = None,
    fmt: str = "turtle",
    *,
    description: Graph | None = None,
    context: Context | None = None,
) -> str:
    """Canonical text of the asserted graph, or of asserted + inferred when `inferred` is given,
    and the release's `description` (kg.void) when given. TriG keeps the layers apart as named
    graphs; the other formats merge them. JSON-LD is compacted with `context` (kg.jsonld: the
    release's), else with the project's prefixes alone. A triple with a literal subject or a
    predicate that is not an IRI is dropped; a term the format cannot write raises KGError
    naming it."""
    check_choice(fmt, FORMATS, "format", Location(option="format"))
    asserted = _rdf_only(asserted)
    _check_iris(asserted, fmt)
    layers = [(ASSERTED_GRAPH, asserted)]
    for name, layer in ((INFERRED_GRAPH, inferred), (DESCRIPTION_GRAPH, description)):
        if layer is not None:
            layer = _rdf_only(layer)
            _check_iris(layer, fmt)
            layers.append((name, layer))
    if fmt == "trig":
        return _trig(layers)
    graph = asserted
    if len(layers) > 1:
        graph = Graph()
        for _, layer in layers:
            for triple in layer:
                graph.add(triple)
    if fmt == "jsonld":
        return _jsonld(graph, context)
    writer = {"turtle": _turtle, "nt": _ntriples, "xml": _rdfxml}[fmt]
    return writer(graph)
