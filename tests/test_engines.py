"""The engines agree: every stored query gives the same answer on oxigraph and on rdflib.

Each query runs with its defaults on the real graph, on the full and on the asserted dataset.
SELECT rows compare as lists when the query has an ORDER BY, else as multisets; ASK booleans
compare; CONSTRUCT graphs must be isomorphic. Terms compare exactly (IRIs, lexical forms, language
tags, datatypes), save numeric literals, which compare by value: Oxigraph's store keeps a literal of
a type derived from xsd:integer (xsd:nonNegativeInteger, xsd:positiveInteger...) as an xsd:integer,
where rdflib keeps the datatype the data gives.
"""

from __future__ import annotations

import pickle
from collections import Counter
from datetime import date
from decimal import Decimal

import pyoxigraph
import pytest
from rdflib.compare import isomorphic

from kg import KnowledgeGraph, catalogue, sparql
from kg.engines import ENGINES, FULL, QueryResult
from kg.engines.rdflib_engine import to_rdflib_graph
from kg.errors import KGError
from kg.namespaces import PREFIX_IRIS
from kg.query import python_value
from kg.query.values import INTEGER_DATATYPES, LangString

QUERIES = catalogue.load_catalogue()
DATASETS = ("full", "asserted")
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = INTEGER_DATATYPES  # Oxigraph keeps all of them as xsd:integer
NUMBERS = {XSD + "decimal", XSD + "float", XSD + "double"}


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load()


def term_key(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None):
    """What must be equal of a term: all of it, save that a number compares by value (an
    integer of any integer datatype as an integer) and a blank node is only a blank node."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return ("iri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return ("blank",)
    datatype = term.datatype.value
    if datatype in INTEGERS:
        value = python_value(term)
        return ("integer", value) if isinstance(value, int) else ("literal", term.value, datatype)
    if datatype in NUMBERS:
        value = python_value(term)
        if isinstance(value, Decimal | float):
            return ("number", datatype, value)
    return ("literal", term.value, term.language, datatype)


def canonical(term):
    """An integer literal of any integer datatype as an xsd:integer, as Oxigraph keeps it."""
    key = term_key(term)
    if key is not None and key[0] == "integer":
        return pyoxigraph.Literal(str(key[1]), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    return term


def comparable(result: QueryResult, ordered: bool) -> object:
    """What must be equal of two engines' answers to the same query."""
    if result.form == "ASK":
        return ("ASK", result.boolean)
    if result.form == "SELECT":
        rows = [tuple(term_key(term) for term in row) for row in result.rows]
        return ("SELECT", result.variables, rows if ordered else Counter(rows))
    raise AssertionError(f"not a solutions answer: {result.form}")


def graph(result: QueryResult):
    return to_rdflib_graph(
        [
            pyoxigraph.Triple(canonical(t.subject), t.predicate, canonical(t.object))
            for t in result.triples
        ]
    )


def test_the_catalogue_is_all_here():
    assert len(QUERIES) == 47
    forms = Counter(query.form for query in QUERIES.values())
    assert forms == {"SELECT": 44, "ASK": 1, "CONSTRUCT": 2}
    assert ENGINES == ("oxigraph", "rdflib")


def test_the_term_keys_compare_numbers_by_value_and_the_rest_exactly():
    def literal(value: str, datatype: str | None = None, language: str | None = None):
        if language is not None:
            return pyoxigraph.Literal(value, language=language)
        return pyoxigraph.Literal(
            value, datatype=pyoxigraph.NamedNode(XSD + (datatype or "string"))
        )

    assert term_key(literal("7", "nonNegativeInteger")) == term_key(literal("7", "integer"))
    assert term_key(literal("07", "positiveInteger")) == term_key(literal("7", "integer"))
    assert term_key(literal("1.50", "decimal")) == term_key(literal("1.5", "decimal"))
    assert term_key(literal("7", "integer")) != term_key(literal("8", "integer"))
    assert term_key(literal("7", "integer")) != term_key(literal("7"))
    assert term_key(literal("7", "integer")) != term_key(literal("7.0", "decimal"))
    assert term_key(literal("MACCIH", language="en")) != term_key(literal("MACCIH", language="es"))
    assert term_key(literal("MACCIH", language="en")) != term_key(literal("MACCIH"))
    assert term_key(literal("2015", "gYear")) != term_key(literal("2015"))
    assert term_key(pyoxigraph.NamedNode("urn:a")) != term_key(literal("urn:a"))
    assert term_key(pyoxigraph.NamedNode("urn:a")) != term_key(pyoxigraph.NamedNode("urn:b"))


# Queries that list gaps, empty while the graph has none: tests/test_coverage.py compares the
# engines' answers to them on a fixture that has some.
EMPTY_WHEN_COMPLETE = {"uncited_sentences"}


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_both_engines_give_the_same_answer(kg, name, dataset):
    query = QUERIES[name]
    oxigraph, rdflib = (kg.run(name, dataset=dataset, engine=engine) for engine in ENGINES)
    assert oxigraph.form == rdflib.form == query.form
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        assert isomorphic(graph(oxigraph), graph(rdflib))
        answered = len(graph(rdflib))
    else:
        ordered = sparql.has_order_by(query.text)
        assert comparable(oxigraph, ordered) == comparable(rdflib, ordered)
        answered = len(rdflib.rows) if query.form == "SELECT" else 1
    if dataset == "full" and name not in EMPTY_WHEN_COMPLETE:
        # With its defaults every stored query answers something on the full graph: an empty
        # answer on both engines would make the comparison say nothing.
        assert answered > 0


def test_the_comparison_can_tell_answers_apart(kg):
    full, asserted = (kg.run("almagro_held_post", dataset=d) for d in DATASETS)
    assert comparable(full, False) == ("ASK", True)
    assert comparable(asserted, False) == ("ASK", False)
    layers = kg.run("triples_per_layer", engine="rdflib")
    fewer = QueryResult("SELECT", layers.variables, layers.rows[:-1])
    assert comparable(layers, True) != comparable(fewer, True)
    assert comparable(layers, True) != comparable(
        QueryResult("SELECT", layers.variables, layers.rows[::-1]), True
    )
    assert comparable(layers, False) == comparable(
        QueryResult("SELECT", layers.variables, layers.rows[::-1]), False
    )
    neighbourhood = kg.run("entity_neighbourhood", engine="rdflib")
    assert not isomorphic(
        graph(neighbourhood), graph(QueryResult("CONSTRUCT", triples=neighbourhood.triples[1:]))
    )


# ---- injection -------------------------------------------------------------------------------

ATTEMPTS = [
    'x" } ; DROP ALL ; #',
    "x' } UNION { ?s ?p ?o } #",
    'Guantanamo" ) ) } UNION { ?passage ?p ?quote } #',
    '""" } } ; CLEAR ALL #',
    'x\\" } #',
    "x\n} INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "MACCIH> } UNION { ?s ?p ?o } #",
    "https://w3id.org/almagro-kg/resource/MACCIH> } UNION { ?s ?p ?o } #",
    "<https://w3id.org/almagro-kg/resource/MACCIH> . ?s ?p ?o",
    "res:MACCIH } UNION { ?s ?p ?o",
]
PARAMETERS = sorted(
    (query.name, parameter.name, parameter.type)
    for query in QUERIES.values()
    for parameter in query.parameters
    if parameter.type in ("string", "entity")
)


def outcome(kg: KnowledgeGraph, engine: str, name: str, values: dict[str, str]) -> object:
    """The answer, or the error that refused the values."""
    try:
        result = kg.run(name, values, engine=engine)
    except KGError as err:
        return ("refused", err.message)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return ("graph", len(graph(result)))
    return comparable(result, sparql.has_order_by(QUERIES[name].text))


def test_the_injection_attempts_reach_every_string_and_entity_parameter():
    assert {kind for _, _, kind in PARAMETERS} == {"string", "entity"}
    assert len(PARAMETERS) == 13


@pytest.mark.parametrize("attempt", ATTEMPTS)
@pytest.mark.parametrize(("name", "parameter", "kind"), PARAMETERS)
def test_an_injection_attempt_is_only_a_value_on_both_engines(kg, name, parameter, kind, attempt):
    sizes = (len(kg.data.store), len(kg.asserted), len(kg.inferred))
    oxigraph, rdflib = (outcome(kg, engine, name, {parameter: attempt}) for engine in ENGINES)
    assert oxigraph == rdflib
    if kind == "string":  # any text is a value to look for, found nowhere
        assert oxigraph[0] == "SELECT" and not oxigraph[2]
    else:  # names no resource
        assert oxigraph[0] == "refused"
    assert (len(kg.data.store), len(kg.asserted), len(kg.inferred)) == sizes


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_construct_drops_template_triples_with_a_literal_subject(kg, engine):
    # SPARQL 1.1 section 16.2: such a triple is not part of the answer, so no writer meets one.
    text = (
        "CONSTRUCT { ?label akg:labels ?country . ?country rdfs:label ?label } "
        'WHERE { ?country a schema:Country ; rdfs:label ?label FILTER(?label = "Uruguay"@en) }'
    )
    result = kg.engine(engine).evaluate(text, FULL, "<query>")
    assert [(t.subject, t.predicate, t.object) for t in result.triples] == [
        (
            pyoxigraph.NamedNode(PREFIX_IRIS["res"] + "Uruguay"),
            pyoxigraph.NamedNode(PREFIX_IRIS["rdfs"] + "label"),
            pyoxigraph.Literal("Uruguay", language="en"),
        )
    ]


# Columns that hold the object of any triple (a profile's values, a fact's object): their values
# are of whatever kind the triples give. Every other column has one Python type.
ANY_TERM_COLUMNS = {
    ("almagro_profile", "value"),
    ("editorial_inferences", "object"),
    ("facts_about_entity", "object"),
    ("source_of_fact", "value"),
}
SELECTS = sorted(name for name, query in QUERIES.items() if query.form == "SELECT")


def python_key(row: dict) -> tuple:
    """Everything of a row's Python values: type, value, and a language tag or a precision."""
    return tuple(
        (name, type(value).__name__, value, getattr(value, "lang", getattr(value, "precision", "")))
        for name, value in row.items()
    )


def test_every_select_gives_the_same_python_values_on_both_engines_one_type_per_column(kg):
    mixed = set()
    for name in SELECTS:
        oxigraph, rdflib = (
            [python_key(row) for row in kg.query(name, engine=engine)] for engine in ENGINES
        )
        if not sparql.has_order_by(QUERIES[name].text):
            oxigraph, rdflib = Counter(oxigraph), Counter(rdflib)
        assert oxigraph == rdflib, name
        types: dict[str, set[str]] = {}
        for row in kg.query(name):
            for column, value in row.items():
                if value is not None:
                    types.setdefault(column, set()).add(type(value).__name__)
        mixed |= {(name, column) for column, kinds in types.items() if len(kinds) > 1}
        assert all(kinds <= PYTHON_TYPES for kinds in types.values()), (name, types)
    assert mixed == ANY_TERM_COLUMNS


PYTHON_TYPES = {
    "IRI",
    "LangString",
    "str",
    "int",
    "Decimal",
    "float",
    "bool",
    "PartialDate",
    "Duration",
}


def test_python_values_are_typed_by_kind_of_term():
    def literal(value: str, datatype: str):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + datatype))

    values = [
        python_value(pyoxigraph.NamedNode(PREFIX_IRIS["res"] + "MACCIH")),
        python_value(pyoxigraph.Literal("OEA", language="es")),
        python_value(literal("7", "nonNegativeInteger")),
        python_value(literal("2015", "gYear")),
        python_value(literal("2015-03", "gYearMonth")),
        python_value(literal("2015-03-18", "date")),
        python_value(literal("2015-02-30", "date")),  # ill-typed: its lexical form
    ]
    assert [repr(v) for v in values] == [
        "IRI('https://w3id.org/almagro-kg/resource/MACCIH')",
        "LangString('OEA', 'es')",
        "7",
        "PartialDate('2015')",
        "PartialDate('2015-03')",
        "PartialDate('2015-03-18')",
        "'2015-02-30'",
    ]
    iri, oea, _, year, month, day, _ = values
    assert (iri.compact, oea.lang, oea == "OEA", oea != LangString("OEA", "en")) == (
        "res:MACCIH",
        "es",
        True,
        True,
    )
    assert [(d.precision, d.earliest, d.latest) for d in (year, month, day)] == [
        ("year", date(2015, 1, 1), date(2015, 12, 31)),
        ("month", date(2015, 3, 1), date(2015, 3, 31)),
        ("day", date(2015, 3, 18), date(2015, 3, 18)),
    ]
    # Sorted by first day, then coarser first; a plain date is a day.
    assert sorted([date(2015, 3, 1), day, month, year, date(2014, 12, 31)]) == [
        date(2014, 12, 31),
        year,
        month,
        date(2015, 3, 1),
        day,
    ]
    assert (year == date(2015, 1, 1), day == date(2015, 3, 18), date(2015, 3, 18) == day) == (
        False,
        True,
        True,
    )
    assert (str(year), str(month), month.isoformat(), day.isoformat()) == (
        "2015",
        "2015-03",
        "2015-03",
        "2015-03-18",
    )
    assert [pickle.loads(pickle.dumps(v)) for v in values[:6]] == values[:6]
    assert [getattr(pickle.loads(pickle.dumps(v)), "precision", None) for v in values[3:6]] == [
        "year",
        "month",
        "day",
    ]
