"""Export of awkward terms: every format round-trips every legal RDF term, or refuses it by name.

The example tests pin each defect once found (TriG indenting the inside of a multi-line literal,
line separators splitting N-Triples and TriG lines, RDF/XML writing characters and element names
XML cannot hold, literal subjects); the property test draws literals (any surrogate-free text, with
language tags or datatypes) and IRIs (RFC 3987 characters, `(`, `#`, `%XX`, dot segments,
non-ASCII) and parses each export back with both rdflib and pyoxigraph.
"""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from kg.errors import KGError, Location
from kg.export import ASSERTED_GRAPH, FORMATS, INFERRED_GRAPH, serialize, term_text

# rdflib's own readers and writers, not ours: its TriG and JSON-LD readers use ConjunctiveGraph,
# and it warns of the ill-typed literals (a double "<\\<") the property test draws on purpose.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Serializing weird numerical:UserWarning",
    "ignore:Parsing weird boolean:UserWarning",
)
RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}
OXIGRAPH_FORMAT = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "trig": pyoxigraph.RdfFormat.TRIG,
}
EX = "https://example.org/"
S, P, Q = URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "q")
# What str.splitlines() and other line-based readers take for the end of a line.
SEPARATORS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"


# ---- reading an export back ------------------------------------------------------------------


def _normal(term):
    """rdflib keeps "a"^^xsd:string apart from "a" and keeps a language tag's case; RDF 1.1 and
    pyoxigraph do not."""
    if isinstance(term, Literal):
        if term.language:
            return Literal(str(term), lang=term.language.lower())
        if term.datatype == XSD.string:
            return Literal(str(term))
    return term


def _normalized(triples) -> Graph:
    graph = Graph()
    for s, p, o in triples:
        graph.add((_normal(s), _normal(p), _normal(o)))
    return graph


def _from_oxigraph(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def parsed_by_rdflib(text: str, fmt: str) -> dict[URIRef | None, Graph]:
    """The graphs an export holds, read by rdflib: TriG by graph name, the others under None."""
    if fmt != "trig":
        return {None: _normalized(Graph().parse(data=text, format=RDFLIB_FORMAT[fmt]))}
    dataset = Dataset()
    dataset.parse(data=text, format="trig")
    return {
        URIRef(g.identifier): _normalized(g)
        for g in dataset.graphs()
        if len(g) and g.identifier != dataset.default_context.identifier
    }


def parsed_by_oxigraph(text: str, fmt: str) -> dict[URIRef | None, Graph]:
    graphs: dict[URIRef | None, list] = {}
    for quad in pyoxigraph.parse(text.encode("utf-8"), format=OXIGRAPH_FORMAT[fmt]):
        name = None
        if fmt == "trig":
            name = URIRef(quad.graph_name.value)
        triple = (_from_oxigraph(quad.subject), _from_oxigraph(quad.predicate))
        graphs.setdefault(name, []).append((*triple, _from_oxigraph(quad.object)))
    return {name: _normalized(triples) for name, triples in graphs.items()}


def expected(asserted: Graph, inferred: Graph | None, fmt: str) -> dict[URIRef | None, Graph]:
    if fmt == "trig":
        layers = {ASSERTED_GRAPH: asserted, INFERRED_GRAPH: inferred}
        return {name: _normalized(g) for name, g in layers.items() if g is not None and len(g)}
    merged = list(asserted) + (list(inferred) if inferred is not None else [])
    return {None: _normalized(merged)}


def assert_round_trips(asserted: Graph, inferred: Graph | None, fmt: str) -> str:
    text = serialize(asserted, inferred, fmt)
    want = expected(asserted, inferred, fmt)
    readers = [parsed_by_rdflib] + ([parsed_by_oxigraph] if fmt in OXIGRAPH_FORMAT else [])
    for reader in readers:
        got = reader(text, fmt)
        assert sorted(got) == sorted(want), (reader.__name__, text)
        for name in want:
            assert isomorphic(got[name], want[name]), (reader.__name__, text)
    return text


def graph(*triples) -> Graph:
    result = Graph()
    for triple in triples:
        result.add(triple)
    return result


# ---- the defects, one example each -----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_multi_line_literal_keeps_its_lines(fmt):
    """TriG indented every line of the Turtle it wraps, the inside of a \"\"\" literal too."""
    literal = Literal("first line\n  second line\n\nlast\n@prefix x: <y> .")
    text = assert_round_trips(graph((S, P, literal)), graph((S, Q, Literal("b\nc"))), fmt)
    if fmt == "trig":
        assert "\n    second line" not in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("separator", SEPARATORS)
def test_line_separators_in_a_literal(fmt, separator):
    """N-Triples and TriG were cut into lines at U+2028, U+0085, VT, FF...: an unreadable file."""
    literal = Literal(f"before{separator}after")
    if fmt == "xml" and separator in "\x0b\x0c\x1c\x1d\x1e":  # XML 1.0 cannot hold them
        with pytest.raises(KGError, match=f"U\\+{ord(separator):04X}"):
            serialize(graph((S, P, literal)), None, fmt)
        return
    text = assert_round_trips(graph((S, P, literal), (S, Q, Literal("x"))), None, fmt)
    if fmt in ("nt", "trig", "turtle"):
        assert separator not in text
        assert f"before\\u{ord(separator):04X}after" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_line_separator_in_a_multi_line_literal_and_an_iri(fmt):
    literal = Literal("one\ntwo\u2028three\x85", lang="en")
    iri = URIRef(EX + "a\u2028b")
    assert_round_trips(graph((S, P, literal), (iri, P, iri)), graph((iri, Q, literal)), fmt)


def test_ntriples_escapes_every_line_break_and_control_character():
    text = serialize(graph((S, P, Literal("".join(map(chr, range(32))) + "\x7f\x85"))), None, "nt")
    assert text.count("\n") == 1
    assert text.splitlines() == [text[:-1]]
    for code in [*range(9), 11, 12, *range(14, 32), 0x7F, 0x85]:
        assert f"\\u{code:04X}" in text
    assert "\t" in text and "\\n" in text and "\\r" in text  # a tab is legal and on one line
    assert_round_trips(graph((S, P, Literal(text))), None, "nt")


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe"])
def test_rdfxml_refuses_a_character_xml_cannot_hold(character):
    literal = Literal(f"a{character}b")
    with pytest.raises(KGError) as caught:
        serialize(graph((S, P, literal)), None, "xml")
    assert caught.value.where == Location(option="format")
    assert f'"a\\u{ord(character):04X}b"' in caught.value.message
    assert f"U+{ord(character):04X}" in caught.value.message


@pytest.mark.parametrize("text", ["a\rb", "a\r\nb", "\t\n x \u2028\x85\x7f", "]]> & <"])
def test_rdfxml_keeps_characters_xml_would_normalize(text):
    """XML readers turn a raw CR into LF: RDF/XML writes it as a character reference."""
    assert_round_trips(graph((S, P, Literal(text)), (S, Q, Literal(text, lang="es"))), None, "xml")


@pytest.mark.parametrize(
    "predicate",
    [EX + "p(1)", EX + "p#1", EX, "urn:x:", EX + "a%20", str(RDF) + "li", str(RDF) + "about"]
    + [EX + "a\xa0b/c"],  # Python's SAX reader splits "namespace local" at any white space
)
def test_rdfxml_refuses_a_predicate_that_is_no_xml_element(predicate):
    with pytest.raises(KGError) as caught:
        serialize(graph((S, URIRef(predicate), Literal("x"))), None, "xml")
    assert caught.value.where == Location(option="format")
    assert caught.value.message.startswith(f"cannot write predicate {term_text(URIRef(predicate))}")


@pytest.mark.parametrize("iri", [EX + "a/../b", EX + "./", "urn:x/./y"])
def test_rdfxml_refuses_an_iri_a_reader_would_resolve(iri):
    """RDF/XML resolves rdf:about and rdf:resource (RFC 3986), which removes dot segments."""
    with pytest.raises(KGError, match=r"cannot write IRI <.*> in RDF/XML: .*dot segments"):
        serialize(graph((S, P, URIRef(iri))), None, "xml")
    assert_round_trips(graph((S, P, URIRef(iri))), None, "turtle")


@pytest.mark.parametrize(
    "predicate", [EX + "a(b)c", EX + "a%20b", EX + "é", EX + "x.y-z_1", str(RDF) + "_1"]
)
def test_rdfxml_writes_a_predicate_ending_in_an_xml_name(predicate):
    assert_round_trips(graph((S, URIRef(predicate), S)), None, "xml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_literal_subject_or_a_non_iri_predicate_is_dropped(fmt):
    """SPARQL 1.1 §16.2: CONSTRUCT drops such triples; an rdflib Graph may still hold them."""
    kept = (S, P, Literal("kept"))
    asserted = graph(kept, (Literal("subject"), P, Literal("dropped")))
    inferred = graph((S, BNode("b"), Literal("dropped")), (S, Literal("p"), S))
    text = serialize(asserted, inferred, fmt)
    assert "dropped" not in text
    assert_round_trips(graph(kept), None, fmt if fmt != "trig" else "nt")
    if fmt == "trig":
        parsed = parsed_by_rdflib(text, fmt)
        assert list(parsed) == [ASSERTED_GRAPH] and isomorphic(parsed[ASSERTED_GRAPH], graph(kept))


def test_jsonld_keeps_every_value_of_a_property():
    """rdflib's JSON-LD writer dropped a value that is false in Python ("", 0, false) when the
    property had another, and wrote "abc"^^xsd:integer as the plain string "abc"."""
    values = [Literal(""), Literal("x"), Literal("0", datatype=XSD.integer)]
    values += [Literal("false", datatype=XSD.boolean), Literal("abc", datatype=XSD.integer)]
    values += [Literal("1.50", datatype=XSD.double), Literal(str(10**20), datatype=XSD.integer)]
    assert_round_trips(graph(*[(S, P, value) for value in values]), None, "jsonld")


def test_jsonld_leaves_out_a_prefix_that_is_an_iri_scheme():
    """<akg:x> would read back as a compact IRI while `akg` is in the context."""
    iri = URIRef("akg:x")
    text = assert_round_trips(graph((iri, P, iri), (S, P, URIRef(str(XSD) + "x"))), None, "jsonld")
    assert '"akg":' not in text and '"xsd":' in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_double_keeps_its_digits(fmt):
    """rdflib's Turtle writer wrote "0.1234567890123"^^xsd:double as 1.234568e-01."""
    doubles = [Literal(text, datatype=XSD.double) for text in ("0.1234567890123", "1e1", "INF")]
    text = assert_round_trips(graph(*[(S, P, d) for d in doubles]), None, fmt)
    if fmt == "turtle":
        assert '"0.1234567890123"^^xsd:double' in text


BLANK_CYCLE = [(BNode("a"), P, BNode("b")), (BNode("b"), P, BNode("a"))]
SHARED_TAIL = [
    (S, P, BNode("l1")),
    (BNode("l1"), RDF.first, Literal("x")),
    (BNode("l1"), RDF.rest, BNode("l2")),
    (BNode("l2"), RDF.first, Literal("y")),
    (BNode("l2"), RDF.rest, RDF.nil),
    (S, Q, BNode("l2")),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("shape", ["blank cycle", "shared list tail"])
def test_blank_node_shapes_round_trip(fmt, shape):
    """JSON-LD lost blank nodes that no IRI reaches; Turtle and JSON-LD wrote a list inline
    though another triple pointed into it."""
    triples = {"blank cycle": BLANK_CYCLE, "shared list tail": SHARED_TAIL}[shape]
    assert_round_trips(graph(*triples), None, fmt)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
@pytest.mark.parametrize(
    "predicate", [str(RDF) + "\xaa", EX + "a#%00", EX + "a#%0a", EX + "x\u0301"], ids=repr
)
def test_turtle_prefixed_names_are_valid(fmt, predicate):
    """rdflib made `rdf:ª` (U+00AA is a letter, but no Turtle name character) and declared
    `ns1: <https://example.org/a#%>` for `%00`: pyoxigraph refuses both."""
    text = assert_round_trips(graph((S, URIRef(predicate), S)), graph((S, P, S)), fmt)
    assert list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG))


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_turtle_syntax_rdflib_alone_reads(fmt):
    """rdflib closed a long string ending in a backslash and a quote with four quotes, and wrote
    rdf:nil as a predicate as `()`: rdflib reads both back, pyoxigraph (and the grammar) not."""
    triples = [(S, P, Literal('two\nlines end in \\"')), (S, RDF.nil, S)]
    assert_round_trips(graph(*triples), None, fmt)


def test_trig_layers_share_made_up_prefixes():
    """Each layer's Turtle named its first unknown namespace ns1: two different ns1 prefixes."""
    asserted = graph((S, URIRef("https://example.org/one#p"), S))
    inferred = graph((S, URIRef("https://example.org/two#p"), S))
    text = assert_round_trips(asserted, inferred, "trig")
    assert text.count("@prefix ns1:") == 1


def test_ntriples_escapes_white_space_in_an_iri():
    """rdflib's N-Triples reader ends an IRI at any white space (Python's \\s), U+00A0 too."""
    iri = URIRef(EX + "no\xa0break\u3000space")
    text = assert_round_trips(graph((iri, P, iri), (S, P, Literal("a\xa0b"))), None, "nt")
    assert "no\\u00A0break\\u3000space" in text and "a\xa0b" in text


# ---- every term: a property ------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
AWKWARD_TEXT = st.text(
    st.sampled_from('\n\r\t"\\\'<>&#%:@ \x00\x01\x1f\x7f\x85\xa0\u2028\u2029\x0b\x0c\ufffeé"""'),
    max_size=12,
)
# Lexical forms near the bare numbers and booleans of Turtle and the native values of JSON-LD.
NUMBER_TEXT = st.one_of(
    st.from_regex(r"[+-]?[0-9]{0,3}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,2})?", fullmatch=True),
    st.sampled_from(["true", "false", "TRUE", "1", "0", "-0", "01", "INF", "NaN", "1.", "12" * 9]),
)
# Well-formed BCP 47 (language, script, region), as RDF requires: pyoxigraph refuses "@a".
LANGUAGE = st.from_regex(r"[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?", fullmatch=True)
# RFC 3987 iunreserved (with ucschar), sub-delims, ":" "@" "/" "?", percent-encodings and dot
# segments (which RDF/XML cannot keep).
IRI_PART = st.lists(
    st.one_of(
        st.sampled_from("abcXYZ019-._~!$&'()*+,;=:@/?"),
        st.sampled_from(["/./", "/../", "/.", "/.."]),
        st.characters(min_codepoint=0xA0, max_codepoint=0xD7FF, exclude_categories=("Cs",)),
        st.characters(min_codepoint=0x10000, max_codepoint=0x1FFFD),
        st.from_regex(r"%[0-9A-F]{2}", fullmatch=True),
    ),
    max_size=8,
).map("".join)
IRI_BASE = st.sampled_from(
    [EX, EX + "a#", "http://example.org/x/", "urn:x:", "tag:example.org,2024:", str(RDF), str(XSD)]
)
IRI = st.builds(
    lambda base, part, fragment: URIRef(base + part + (f"#{fragment}" if "#" not in base else "")),
    IRI_BASE,
    IRI_PART,
    st.one_of(st.just(""), IRI_PART.map(lambda f: f.replace("#", ""))),
).filter(lambda iri: iri not in (str(RDF) + "langString", str(RDF) + "dirLangString"))
DATATYPE = st.one_of(
    st.sampled_from(
        [XSD.string, XSD.integer, XSD.boolean, XSD.decimal, XSD.double, XSD.float, XSD.date]
        + [XSD.dateTime, XSD.nonNegativeInteger, XSD.anyURI, XSD.hexBinary, RDF.HTML, RDF.JSON]
    ),
    st.builds(lambda part: URIRef(EX + "type/" + part), IRI_PART),
)
LITERAL = st.one_of(
    st.builds(Literal, st.one_of(TEXT, AWKWARD_TEXT)),
    st.builds(lambda text, lang: Literal(text, lang=lang), st.one_of(TEXT, AWKWARD_TEXT), LANGUAGE),
    st.builds(
        lambda text, dt: Literal(text, datatype=dt),
        st.one_of(TEXT, AWKWARD_TEXT, NUMBER_TEXT),
        DATATYPE,
    ),
)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    derandomize=True,
    database=None,
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(subject=IRI, predicate=IRI, literal=LITERAL, iri=IRI, inferred=st.booleans())
def test_every_term_round_trips_or_is_refused(fmt, subject, predicate, literal, iri, inferred):
    blank = BNode("node")
    asserted = graph((subject, predicate, literal), (subject, predicate, iri), (blank, P, iri))
    layer = graph((iri, Q, literal), (iri, predicate, blank)) if inferred else None
    try:
        assert_round_trips(asserted, layer, fmt)
    except KGError as refusal:
        assert fmt == "xml", refusal
        assert refusal.where == Location(option="format")
        names = [f"literal {term_text(literal)}", f"predicate {term_text(predicate)}"]
        names += [f"IRI {term_text(t)}" for t in (subject, predicate, iri, literal.datatype) if t]
        assert any(refusal.message.startswith(f"cannot write {n} in RDF/XML: ") for n in names)
        if code := re.search(r"U\+([0-9A-F]{4,6})", refusal.message):
            assert chr(int(code.group(1), 16)) in literal
