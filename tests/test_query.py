"""The query layer on a tiny graph, on every engine: the dataset's layers, typed parameters bound
as values, errors that say where, the query forms, and the results formats on real answers.

Every test that answers a query runs on both engines (oxigraph and rdflib) and asserts the same
exact answer on each.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from kg import paths
from kg.catalogue import find_query, load_catalogue
from kg.engines import (
    ASSERTED,
    FULL,
    DatasetDescription,
    Engine,
    QueryResult,
    dataset,
)
from kg.engines.oxigraph_engine import OxigraphEngine
from kg.engines.rdflib_engine import RdflibEngine, to_oxigraph, to_rdflib
from kg.errors import KGError, Location
from kg.graph import KnowledgeGraph
from kg.namespaces import ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI, INFERRED_GRAPH_IRI, RES
from kg.query import bind_parameters, check_defaults, execute, run_stored, to_python
from kg.query.formats import format_result
from kg.query.parameters import parse_param_options
from kg.query.values import IRI, PartialDate

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
QUERIES = FIXTURES / "rq"
ENGINES = ("oxigraph", "rdflib")

R = "https://w3id.org/almagro-kg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
AKG = "https://w3id.org/almagro-kg/ontology/"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def iri(value: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(value)


def typed(lexical: str, datatype: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(lexical, datatype=iri(XSD + datatype))


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return KnowledgeGraph.load(FIXTURES / "data")


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def engine(tiny, engine_name) -> Engine:
    return tiny.engine(engine_name)


def run(
    engine: Engine, name: str, description: str | DatasetDescription = "full", **values: str
) -> QueryResult:
    return run_stored(engine, name, values, description, directory=QUERIES)


def answer(
    engine: Engine, name: str, description: str | DatasetDescription = "full", **values: str
):
    return to_python(run(engine, name, description, **values))


def sparql(engine: Engine, text: str, description: str | DatasetDescription = "full"):
    return to_python(execute(engine, text, "<query>", description))


def refusal(call, *args, **kwargs) -> tuple[object, str]:
    with pytest.raises(KGError) as caught:
        call(*args, **kwargs)
    return caught.value.where, caught.value.message


def engine_on(name: str, graphs: Mapping[str, Graph]) -> Engine:
    """An engine `name` on a dataset of these graphs (by IRI), without building or reasoning."""
    if name == "rdflib":
        return RdflibEngine(graphs)
    store = pyoxigraph.Store()
    for graph_iri, graph in graphs.items():
        store.extend(
            pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), iri(graph_iri))
            for s, p, o in graph
        )
    return OxigraphEngine(store)


def stored_query(directory: Path, name: str, body: str, params: tuple[str, ...] = ()) -> Path:
    """Write NAME.rq with a header (its parameters on lines 4...) and `body` after it."""
    header = "#+ summary: s\n#+ description: d\n#+ tags: [t]\n"
    header += "".join(f"#+ param: {param}\n" for param in params)
    header += f"#+ view: table\n#+ example: kg query {name}\n"
    path = directory / f"{name}.rq"
    path.write_text(header + body, encoding="utf-8")
    return path


# ---- the dataset: layers as named graphs, the default graph, the catalogue ----------------------


def test_the_dataset_keeps_each_layer_in_its_named_graph(tiny, engine):
    layers = """
        SELECT ?layer (COUNT(*) AS ?triples)
        WHERE { GRAPH ?layer { ?s ?p ?o } }
        GROUP BY ?layer ORDER BY ?layer"""
    asserted = {"layer": ASSERTED_GRAPH_IRI, "triples": len(tiny.asserted)}
    catalogue = {"layer": CATALOGUE_GRAPH_IRI, "triples": len(tiny.catalogue)}
    inferred = {"layer": INFERRED_GRAPH_IRI, "triples": len(tiny.inferred)}
    assert sparql(engine, layers) == [asserted, catalogue, inferred]
    assert sparql(engine, layers, "asserted") == [asserted, catalogue]


COUNT_DEFAULT_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_the_default_graph_is_the_union_of_the_layers_without_the_catalogue(tiny, engine):
    assert sparql(engine, COUNT_DEFAULT_GRAPH) == [{"n": len(tiny.asserted) + len(tiny.inferred)}]
    assert len(tiny.full) == len(tiny.asserted) + len(tiny.inferred)  # the layers are disjoint
    assert sparql(engine, COUNT_DEFAULT_GRAPH, "asserted") == [{"n": len(tiny.asserted)}]
    for description in ("full", "asserted"):
        assert sparql(engine, "ASK { ?q a sh:SPARQLExecutable }", description) is False
    # An inferred triple (org:holds is a property chain) is in the full default graph only.
    holds = "ASK { res:LuisAlmagro org:holds res:ForeignMinisterOfUruguay }"
    assert (sparql(engine, holds), sparql(engine, holds, "asserted")) == (True, False)


def test_the_asserted_dataset_names_no_inferred_graph(engine):
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert sparql(engine, named, "asserted") == [
        {"g": ASSERTED_GRAPH_IRI},
        {"g": CATALOGUE_GRAPH_IRI},
    ]
    assert sparql(engine, named, ASSERTED) == sparql(engine, named, "asserted")
    in_inferred = f"ASK {{ GRAPH <{INFERRED_GRAPH_IRI}> {{ ?s ?p ?o }} }}"
    assert (sparql(engine, in_inferred), sparql(engine, in_inferred, "asserted")) == (True, False)


def test_a_dataset_description_chooses_the_default_and_the_named_graphs(tiny, engine):
    inferred_only = DatasetDescription(default_graphs=(INFERRED_GRAPH_IRI,), named_graphs=())
    assert sparql(engine, COUNT_DEFAULT_GRAPH, inferred_only) == [{"n": len(tiny.inferred)}]
    assert sparql(engine, "ASK { GRAPH ?g { ?s ?p ?o } }", inferred_only) is False
    catalogue = DatasetDescription(default_graphs=(CATALOGUE_GRAPH_IRI,), named_graphs=())
    assert sparql(engine, "ASK { ?q a sh:SPARQLExecutable }", catalogue) is True
    nothing = DatasetDescription(default_graphs=(), named_graphs=())
    assert sparql(engine, COUNT_DEFAULT_GRAPH, nothing) == [{"n": 0}]


def test_the_dataset_presets_and_an_unknown_dataset(engine):
    assert (dataset("full"), dataset("asserted"), dataset(ASSERTED)) == (FULL, ASSERTED, ASSERTED)
    assert FULL == DatasetDescription(
        (ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI),
        (ASSERTED_GRAPH_IRI, INFERRED_GRAPH_IRI, CATALOGUE_GRAPH_IRI),
    )
    assert ASSERTED == DatasetDescription(
        (ASSERTED_GRAPH_IRI,), (ASSERTED_GRAPH_IRI, CATALOGUE_GRAPH_IRI)
    )
    assert refusal(execute, engine, COUNT_DEFAULT_GRAPH, "<query>", "inferred") == (
        Location(option="dataset"),
        "unknown dataset 'inferred'; choose one of full, asserted",
    )


def test_the_catalogue_is_a_named_graph_of_the_dataset(engine):
    stored = sorted(paths.QUERIES_DIR.glob("*.rq"))
    assert len(stored) >= 30
    count = """
        SELECT (COUNT(?q) AS ?n)
        WHERE { GRAPH <https://w3id.org/almagro-kg/graph/catalogue> { ?q a sh:SPARQLExecutable } }
    """
    assert sparql(engine, count) == [{"n": len(stored)}]
    assert sparql(engine, count, "asserted") == [{"n": len(stored)}]
    rows = sparql(
        engine,
        """
        SELECT ?name ?target
        WHERE {
          GRAPH <https://w3id.org/almagro-kg/graph/catalogue> {
            ?q schema:name ?name ; schema:keywords "countries" ; schema:target ?target .
          }
        }
        ORDER BY ?name""",
    )
    queries = load_catalogue()
    countries = sorted(name for name, query in queries.items() if "countries" in query.tags)
    assert len(countries) >= 3
    assert rows == [{"name": name, "target": "https://w3id.org/almagro-kg/"} for name in countries]
    name = next(name for name in countries if queries[name].form == "SELECT")
    text = f"""
        SELECT ?text WHERE {{
          GRAPH <{CATALOGUE_GRAPH_IRI}> {{ ?q schema:name "{name}" ; sh:select ?text }}
        }}"""
    assert sparql(engine, text) == [{"text": queries[name].body}]


def test_inferred_triples_are_seen_by_default_and_hidden_in_the_asserted_dataset(engine):
    values = {"person": "Almagro", "post": "foreign minister"}
    assert answer(engine, "held_post", **values) is True
    assert answer(engine, "held_post", "asserted", **values) is False
    assert answer(engine, "held_post", ASSERTED, **values) is False


# ---- stored queries: defaults, Python values, the QueryResult ----------------------------------


def test_defaults_apply_and_rows_are_python_values(engine):
    rows = answer(engine, "terms_of_post")
    assert rows == [
        {
            "term": R + "LuisAlmagro-SecretaryGeneral-1",
            "holder": R + "LuisAlmagro",
            "start": PartialDate(2015),
            "end": PartialDate(2020, 3),
            "number": 1,
        },
        {
            "term": R + "LuisAlmagro-SecretaryGeneral-2",
            "holder": R + "LuisAlmagro",
            "start": date(2020, 3, 20),
            "end": None,
            "number": 2,
        },
    ]
    first, second = rows
    assert [type(v) for v in first.values()] == [IRI, IRI, PartialDate, PartialDate, int]
    assert (first["holder"].compact, first["start"].precision, first["end"].precision) == (
        "res:LuisAlmagro",
        "year",
        "month",
    )
    assert (second["start"].precision, first["end"].latest) == ("day", date(2020, 3, 31))


def test_a_select_answers_with_pyoxigraph_terms_whatever_the_engine(engine):
    result = run(engine, "terms_of_post")
    assert (result.form, result.variables, result.boolean, result.triples) == (
        "SELECT",
        ("term", "holder", "start", "end", "number"),
        None,
        [],
    )
    assert result.rows == [
        (
            iri(R + "LuisAlmagro-SecretaryGeneral-1"),
            iri(R + "LuisAlmagro"),
            typed("2015", "gYear"),
            typed("2020-03", "gYearMonth"),
            typed("1", "integer"),
        ),
        (
            iri(R + "LuisAlmagro-SecretaryGeneral-2"),
            iri(R + "LuisAlmagro"),
            typed("2020-03-20", "date"),
            None,
            typed("2", "integer"),
        ),
    ]
    assert result.dicts()[1]["end"] is None
    comment = execute(engine, "SELECT ?c WHERE { res:PanelOfExperts rdfs:comment ?c }").rows
    assert comment == [
        (pyoxigraph.Literal('A comment with a tab\there, a "quote" and a | pipe.', language="en"),)
    ]
    plain = execute(engine, 'SELECT ?s WHERE { BIND("text" AS ?s) }').rows
    assert plain == [(typed("text", "string"),)]


def test_the_python_api_takes_the_engine_and_the_dataset(tiny, engine_name):
    ask = "ASK { res:LuisAlmagro org:holds res:ForeignMinisterOfUruguay }"
    assert tiny.sparql(ask, engine=engine_name) is True
    assert tiny.sparql(ask, engine=engine_name, dataset="asserted") is False
    assert tiny.engine(engine_name) is tiny.engine(engine_name)
    assert tiny.engine(engine_name).name == engine_name


def test_an_unknown_engine_is_refused(tiny):
    message = "unknown engine 'jena'; choose one of oxigraph, rdflib"
    assert refusal(tiny.engine, "jena") == (Location(option="engine"), message)
    assert refusal(tiny.sparql, "ASK {}", engine="jena") == (Location(option="engine"), message)
    assert refusal(KnowledgeGraph.load, FIXTURES / "data", engine="jena") == (
        Location(option="engine"),
        message,
    )


# ---- parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "foreign minister",
        "  Foreign Minister ",
        "ForeignMinisterOfUruguay",
        "Minister of Foreign Affairs of Uruguay",
        "res:ForeignMinisterOfUruguay",
        f"<{R}ForeignMinisterOfUruguay>",
        f"{R}ForeignMinisterOfUruguay",
    ],
)
def test_an_entity_parameter_takes_a_label_acronym_local_name_or_iri(engine, name):
    rows = answer(engine, "terms_of_post", post=name)
    assert [row["term"] for row in rows] == [R + "LuisAlmagro-ForeignMinister"]


@pytest.mark.parametrize(
    ("person", "post"),
    [
        ("OEA", "Secretary General of the OAS"),  # an acronym in Spanish
        ("Organización de los Estados Americanos", "SecretaryGeneralOfTheOAS"),
        ("Organization of American States", "secretary general of the oas"),
    ],
)
def test_an_entity_parameter_takes_labels_and_acronyms_in_any_language(engine, person, post):
    stored = find_query("held_post", QUERIES)
    assert bind_parameters(engine, stored, {"person": person, "post": post}) == {
        "person": iri(R + "OAS"),
        "post": iri(R + "SecretaryGeneralOfTheOAS"),
    }
    assert answer(engine, "held_post", person=person, post=post) is False
    assert answer(engine, "held_post", person="Almagro", post=post) is True


def test_parameters_are_bound_as_typed_terms(engine):
    numbered = find_query("terms_numbered_from", QUERIES)
    for value in ("2", "+2", "002"):
        assert bind_parameters(engine, numbered, {"n": value}) == {"n": typed("2", "integer")}
    assert bind_parameters(engine, numbered, {}) == {"n": typed("1", "integer")}  # the default
    assert answer(engine, "terms_numbered_from", n="2") == [
        {"term": R + "LuisAlmagro-SecretaryGeneral-2", "number": 2}
    ]
    assert answer(engine, "terms_numbered_from", n="-1") == [
        {"term": R + "LuisAlmagro-SecretaryGeneral-1", "number": 1},
        {"term": R + "LuisAlmagro-SecretaryGeneral-2", "number": 2},
    ]
    assert answer(engine, "terms_numbered_from", n="3") == []
    labelled = find_query("entities_labelled", QUERIES)
    assert bind_parameters(engine, labelled, {"text": "Panel"}) == {
        "text": typed("Panel", "string")
    }


# Values that would change the query if they were spliced into its text.
INJECTIONS = (
    'x" } ; DROP ALL ; #',
    'Panel" || "a" = "a',
    'Panel") } UNION { ?entity ?p ?o } #',
    "Panel' } UNION { ?entity a ?kind } #",
    "} UNION {",
    "} UNION { ?entity ?p ?o }",
    '"""Panel"""',
    'Panel\\" . ?entity ?p ?o . #',
    "Panel\\",
    "Panel\n} UNION {\n",
    'Panel"@en',
    'Panel"^^xsd:string',
    "?label",
    "?text",
    f"<{R}PanelOfExperts>",
    "# Panel",
    "Panel ",
    "Panel\t",
    "",
)


def test_a_string_parameter_is_only_ever_a_value(tiny, engine):
    quads = len(tiny.data.store)
    assert answer(engine, "entities_labelled", text="Panel") == [
        {"entity": R + "PanelDiscussion"},
        {"entity": R + "PanelOfExperts"},
    ]
    assert answer(engine, "entities_labelled", text="Organización de los Estados Americanos") == [
        {"entity": R + "OAS"}
    ]
    for text in INJECTIONS:
        assert answer(engine, "entities_labelled", text=text) == [], text
    assert len(tiny.data.store) == quads


def test_a_string_parameter_matches_the_same_text_in_the_data(tiny, engine_name):
    # The same values, now the labels of resources: each finds its resource and no other, so
    # the empty answers above are values that match nothing, not queries that broke.
    asserted = Graph()
    for triple in tiny.asserted:
        asserted.add(triple)
    for number, text in enumerate(INJECTIONS):
        asserted.add((URIRef(f"{R}Injection{number}"), URIRef(RDFS_LABEL), Literal(text)))
    graphs = {ASSERTED_GRAPH_IRI: asserted, INFERRED_GRAPH_IRI: tiny.inferred}
    engine = engine_on(engine_name, graphs)
    for number, text in enumerate(INJECTIONS):
        assert answer(engine, "entities_labelled", text=text) == [
            {"entity": f"{R}Injection{number}"}
        ], text
    assert answer(engine, "entities_labelled", text="Panel") == [
        {"entity": R + "PanelDiscussion"},
        {"entity": R + "PanelOfExperts"},
    ]


@pytest.mark.parametrize(
    ("values", "parameter", "message"),
    [
        ({"day": "2016-01-01"}, "day", "unknown parameter: terms_of_post takes post"),
        ({"post": "Nobody"}, "post", "no resource is named 'Nobody'"),
        (
            {"post": "Panel"},
            "post",
            "'Panel' is ambiguous: it names res:PanelDiscussion (Panel), "
            "res:PanelOfExperts (Panel)",
        ),
        (
            {"post": "foreign ministr"},
            "post",
            "no resource is named 'foreign ministr'; did you mean ForeignMinisterOfUruguay, "
            "LuisAlmagro-ForeignMinister?",
        ),
        (
            {"post": f"{R}Nobody"},
            "post",
            "no resource https://w3id.org/almagro-kg/resource/Nobody in the graph",
        ),
        (
            {"post": f"<{R}No body>"},
            "post",
            "not a valid IRI: https://w3id.org/almagro-kg/resource/No body",
        ),
        ({"post": ""}, "post", "no resource is named ''"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(engine, values, parameter, message):
    assert refusal(run, engine, "terms_of_post", **values) == (
        Location(parameter=parameter),
        message,
    )


@pytest.mark.parametrize(
    ("name", "values", "parameter", "message"),
    [
        ("terms_numbered_from", {"n": "two"}, "n", "expected an integer, got 'two'"),
        ("terms_numbered_from", {"n": "2.5"}, "n", "expected an integer, got '2.5'"),
        (
            "terms_numbered_from",
            {"n": "2 ; DROP ALL"},
            "n",
            "expected an integer, got '2 ; DROP ALL'",
        ),
        (
            "held_post",
            {"person": "Almagro"},
            "post",
            "missing required entity parameter: The post",
        ),
        (
            "entities_labelled",
            {},
            "text",
            "missing required string parameter: The label to look for",
        ),
        (
            "post_neighbourhood",
            {"post": "2016-01-01", "x": "1"},
            "x",
            "unknown parameter: post_neighbourhood takes post",
        ),
    ],
)
def test_ill_typed_missing_and_unknown_parameters_are_refused(
    engine, name, values, parameter, message
):
    assert refusal(run, engine, name, **values) == (Location(parameter=parameter), message)


def test_an_entity_parameter_of_a_class_takes_an_instance_of_it(engine):
    assert answer(engine, "country_labels") == [{"label": "Uruguay"}]
    assert answer(engine, "country_labels", country="res:Uruguay") == [{"label": "Uruguay"}]
    assert answer(engine, "country_labels", country="uruguay") == [{"label": "Uruguay"}]


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        (
            "country_labels",
            {"country": "Almagro"},
            "'Almagro' is res:LuisAlmagro (schema:Person); expected an instance of "
            "schema:Country, one of Uruguay",
        ),
        (
            "country_labels",
            {"country": "Panel of experts"},
            "no resource is named 'Panel of experts'; did you mean PanelOfExperts?",
        ),
        (
            "country_labels",
            {"country": f"<{R}OAS>"},
            "'<https://w3id.org/almagro-kg/resource/OAS>' is res:OAS "
            "(akg:IntergovernmentalOrganization); expected an instance of schema:Country, "
            "one of Uruguay",
        ),
        (
            "terms_of_post",
            {"post": "Uruguay"},
            "'Uruguay' is res:Uruguay (schema:Country); expected an instance of org:Post, one of "
            "ForeignMinisterOfUruguay, SecretaryGeneralOfTheOAS",
        ),
        (
            "terms_of_post",
            {"post": "Almagro as foreign minister"},
            "'Almagro as foreign minister' is res:LuisAlmagro-ForeignMinister (akg:Term); "
            "expected an instance of org:Post; did you mean ForeignMinisterOfUruguay?",
        ),
    ],
)
def test_an_entity_of_the_wrong_class_is_refused_saying_what_it_is(engine, name, values, message):
    (parameter,) = values
    assert refusal(run, engine, name, **values) == (Location(parameter=parameter), message)


def test_class_membership_counts_subclasses_without_the_inferred_layer(tiny, engine_name):
    # The posts are akg:SingleHolderPost; only the ontology's rdfs:subClassOf makes them org:Post.
    engine = engine_on(engine_name, {ASSERTED_GRAPH_IRI: tiny.asserted})
    assert sparql(engine, "ASK { res:ForeignMinisterOfUruguay a org:Post }") is False
    assert sparql(engine, "ASK { ?s org:holds ?o }") is False  # no reasoning at all
    rows = answer(engine, "terms_of_post", post="foreign minister")
    assert [row["term"] for row in rows] == [R + "LuisAlmagro-ForeignMinister"]
    where, message = refusal(run, engine, "terms_of_post", post="Uruguay")
    assert where == Location(parameter="post")
    assert message.startswith(
        "'Uruguay' is res:Uruguay (schema:Country); expected an instance of org:Post"
    )


def test_a_default_that_fails_names_the_query_file_and_header_line(engine, tmp_path):
    for name, default in (("nowhere", "Nowhere"), ("a_person", "Almagro"), ("fine", "Uruguay")):
        stored_query(
            tmp_path,
            name,
            "SELECT ?country WHERE {}\n",
            (f"country (entity schema:Country, default {default}): The country",),
        )
    queries = {name: find_query(name, tmp_path) for name in ("fine", "nowhere", "a_person")}
    check_defaults(engine, {"fine": queries["fine"]})
    assert to_python(run_stored(engine, "fine", {}, directory=tmp_path)) == [
        {"country": R + "Uruguay"}
    ]
    for name, message in (
        ("nowhere", "default of country: no resource is named 'Nowhere'"),
        (
            "a_person",
            "default of country: 'Almagro' is res:LuisAlmagro (schema:Person); expected an "
            "instance of schema:Country, one of Uruguay",
        ),
    ):
        where = Location(file=str(tmp_path / f"{name}.rq"), line=4)
        assert refusal(check_defaults, engine, {name: queries[name]}) == (where, message)
        # and at run time, the same error
        assert refusal(run_stored, engine, name, {}, directory=tmp_path) == (where, message)
    # A value given on the command line is checked as a value, not as the header's default.
    assert to_python(run_stored(engine, "nowhere", {"country": "Uruguay"}, directory=tmp_path)) == [
        {"country": R + "Uruguay"}
    ]
    assert refusal(run_stored, engine, "nowhere", {"country": "Nowhere"}, directory=tmp_path) == (
        Location(parameter="country"),
        "no resource is named 'Nowhere'",
    )


def test_a_date_parameter_must_be_a_real_day(engine, tmp_path):
    stored_query(tmp_path, "on_day", "SELECT ?day WHERE {}\n", ("day (date): The day",))
    result = run_stored(engine, "on_day", {"day": "2016-02-29"}, directory=tmp_path)
    assert (result.variables, result.rows) == (("day",), [(typed("2016-02-29", "date"),)])
    assert to_python(result) == [{"day": date(2016, 2, 29)}]
    for bad in ("2015-02-29", "2016-1-1", "January 2016", "2016", "2016-01-01T00:00:00"):
        assert refusal(run_stored, engine, "on_day", {"day": bad}, directory=tmp_path) == (
            Location(parameter="day"),
            f"expected a date as YYYY-MM-DD, got {bad!r}",
        )


def test_param_options_are_key_value_pairs():
    assert parse_param_options(["date=2016-01-01", "text=a=b", "empty="]) == {
        "date": "2016-01-01",
        "text": "a=b",
        "empty": "",
    }
    assert refusal(parse_param_options, ["date"]) == (
        Location(parameter="date"),
        "expected KEY=VALUE, got 'date'",
    )
    assert refusal(parse_param_options, ["=1"]) == (
        Location(parameter="=1"),
        "expected KEY=VALUE, got '=1'",
    )
    assert refusal(parse_param_options, ["n=1", "n=2"]) == (Location(parameter="n"), "given twice")


# ---- query text: syntax errors, prefixes, what a query may not do ------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # the second '.'; the first ends the triple
        ("SELECT ?s\nWHERE {\n  ?s ?p ?o ..\n}", 3, 13, "Expected SelectQuery, found '.'"),
        ("SELECT ?s WHERE {\n  ?s ?p\n}", 2, 3, "Expected SelectQuery, found '?'"),
        ("ASK { ?s ?p ?o } LIMIT x", 1, 18, "Expected end of text, found 'LIMIT'"),
        ("SELECT ?s WHERE { ?s ?p ?o }}", 1, 29, "Expected end of text, found '}'"),
    ],
)
def test_a_syntax_error_names_line_and_column(engine, text, line, column, message):
    assert refusal(execute, engine, text, "<query>") == (
        Location(query="<query>", line=line, column=column),
        f"SPARQL syntax error: {message}",
    )


def test_a_syntax_error_in_a_stored_query_names_its_file(engine, tmp_path):
    path = stored_query(tmp_path, "broken", "SELECT ?s\nWHERE {\n  ?s ?p ?o ..\n}\n")
    assert refusal(run_stored, engine, "broken", {}, directory=tmp_path) == (
        Location(query=str(path), line=8, column=13),
        "SPARQL syntax error: Expected SelectQuery, found '.'",
    )


def test_an_unknown_prefix_is_named_with_its_position(engine):
    assert refusal(execute, engine, "SELECT ?s WHERE {\n  ?s nope:p ?o }", "<query>") == (
        Location(query="<query>", line=2, column=6),
        "unknown prefix 'nope:'; declare it with PREFIX, or use one of akg, dcterms, doc, ev, "
        "foaf, oa, org, owl, prov, rdf, rdfs, res, schema, sh, skos, stmt, time, xsd",
    )


def test_the_project_prefixes_are_predeclared_for_ad_hoc_queries(engine):
    assert sparql(engine, "ASK { res:LuisAlmagro a schema:Person }") is True
    assert sparql(engine, "ASK { res:LuisAlmagro a schema:Country }") is False
    # A query's own declaration wins over the predeclared one.
    redeclared = "PREFIX res: <http://example.org/>\nASK { res:LuisAlmagro a schema:Person }"
    assert sparql(engine, redeclared) is False
    declared = "PREFIX ex: <https://w3id.org/almagro-kg/resource/>\nASK { ex:LuisAlmagro ?p ?o }"
    assert sparql(engine, declared) is True
    # Text that looks like a prefixed name or a refused keyword, in a string or a comment, is text.
    looks_like = 'SELECT ?s WHERE { ?s rdfs:label "nope:p SERVICE FROM" } # nope:q FROM SERVICE'
    assert sparql(engine, looks_like) == []


@pytest.mark.parametrize(
    ("text", "line", "column", "keyword"),
    [
        (
            "SELECT * WHERE {\n  SERVICE <http://example.org/sparql> { ?s ?p ?o }\n}",
            2,
            3,
            "SERVICE",
        ),
        ("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }", 1, 18, "SERVICE"),
        ("SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }", 1, 11, "FROM"),
        ("SELECT ?s\nfrom named <http://example.org/g>\nWHERE { ?s ?p ?o }", 2, 1, "FROM"),
        ("ASK FROM res:Uruguay { ?s ?p ?o }", 1, 5, "FROM"),
    ],
)
def test_service_and_from_are_refused_with_their_position(engine, text, line, column, keyword):
    messages = {
        "SERVICE": "SERVICE is not supported: queries run on the local graph only",
        "FROM": "FROM and FROM NAMED are not supported: queries run on the local graph (its named "
        f"graphs are <{ASSERTED_GRAPH_IRI}>, <{INFERRED_GRAPH_IRI}> and <{CATALOGUE_GRAPH_IRI}>)",
    }
    assert refusal(execute, engine, text, "<query>") == (
        Location(query="<query>", line=line, column=column),
        messages[keyword],
    )


def test_a_stored_query_with_from_is_refused_naming_its_file(engine, tmp_path):
    path = stored_query(
        tmp_path, "remote", "SELECT ?s\nFROM <http://example.org/g>\nWHERE { ?s ?p ?o }\n"
    )
    where, message = refusal(run_stored, engine, "remote", {}, directory=tmp_path)
    assert where == Location(query=str(path), line=7, column=1)
    assert message.startswith("FROM and FROM NAMED are not supported")


# ---- the query forms ----------------------------------------------------------------------------


def test_ask_gives_true_or_false(engine):
    yes = execute(engine, "ASK { res:LuisAlmagro a schema:Person }")
    no = execute(engine, "ASK { res:LuisAlmagro a schema:Country }")
    assert yes == QueryResult("ASK", boolean=True)
    assert no == QueryResult("ASK", boolean=False)
    assert (to_python(yes), to_python(no)) == (True, False)


def term_triple(subject: str, predicate: str, object_: str) -> pyoxigraph.Triple:
    return pyoxigraph.Triple(iri(subject), iri(predicate), iri(object_))


def test_construct_gives_the_graph_it_builds(engine):
    result = run(engine, "post_neighbourhood")
    expected = set()
    for number in (1, 2):
        term = f"{R}LuisAlmagro-SecretaryGeneral-{number}"
        expected.add(term_triple(term, AKG + "termOfPost", R + "SecretaryGeneralOfTheOAS"))
        expected.add(term_triple(term, ORG + "member", R + "LuisAlmagro"))
    assert (result.form, result.variables, result.rows, result.boolean) == (
        "CONSTRUCT",
        (),
        [],
        None,
    )
    assert (len(result.triples), set(result.triples)) == (4, expected)
    graph = to_python(result)
    assert isinstance(graph, Graph)
    assert set(graph) == {tuple(to_rdflib(t) for t in triple) for triple in expected}
    minister = run(engine, "post_neighbourhood", post="foreign minister")
    term = R + "LuisAlmagro-ForeignMinister"
    assert set(minister.triples) == {
        term_triple(term, AKG + "termOfPost", R + "ForeignMinisterOfUruguay"),
        term_triple(term, ORG + "member", R + "LuisAlmagro"),
    }


def test_describe_gives_the_resource_description(engine):
    label = pyoxigraph.Triple(
        iri(R + "Uruguay"), iri(RDFS_LABEL), pyoxigraph.Literal("Uruguay", language="en")
    )
    country = term_triple(R + "Uruguay", RDF_TYPE, "https://schema.org/Country")
    place = term_triple(R + "Uruguay", RDF_TYPE, "https://schema.org/Place")  # inferred
    full = execute(engine, "DESCRIBE res:Uruguay")
    assert full.form == "DESCRIBE"
    assert (len(full.triples), set(full.triples)) == (3, {label, country, place})
    asserted = execute(engine, "DESCRIBE res:Uruguay", "<query>", "asserted")
    assert (len(asserted.triples), set(asserted.triples)) == (2, {label, country})
    assert set(to_python(full)) == {
        tuple(to_rdflib(t) for t in triple) for triple in (label, country, place)
    }


# ---- results formats, on real answers (each format's details: tests/test_formats.py) -----------

SELECT_ALL_KINDS = """
    SELECT ?entity ?comment ?start ?number ?nothing
    WHERE {
      ?entity rdfs:label ?label .
      VALUES (?entity ?number) { (res:PanelOfExperts 1) (res:LuisAlmagro-SecretaryGeneral-1 2) }
      OPTIONAL { ?entity rdfs:comment ?comment }
      OPTIONAL { ?entity schema:startDate ?start }
    }
    ORDER BY ?number"""
COMMENT = 'A comment with a tab\there, a "quote" and a | pipe.'


@pytest.fixture
def solutions(engine) -> QueryResult:
    return execute(engine, SELECT_ALL_KINDS, "test")


def test_json_is_sparql_results_json(solutions):
    assert json.loads(format_result(solutions, "json")) == {
        "head": {"vars": ["entity", "comment", "start", "number", "nothing"]},
        "results": {
            "bindings": [
                {
                    "entity": {"type": "uri", "value": R + "PanelOfExperts"},
                    "comment": {"type": "literal", "xml:lang": "en", "value": COMMENT},
                    "number": {"type": "literal", "datatype": XSD + "integer", "value": "1"},
                },
                {
                    "entity": {"type": "uri", "value": R + "LuisAlmagro-SecretaryGeneral-1"},
                    "start": {"type": "literal", "datatype": XSD + "gYear", "value": "2015"},
                    "number": {"type": "literal", "datatype": XSD + "integer", "value": "2"},
                },
            ]
        },
    }


def test_xml_is_sparql_results_xml(solutions):
    text = format_result(solutions, "xml")
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org'
        '/2005/sparql-results#"'
    )
    parsed = Result.parse(io.BytesIO(text.encode()), format="xml")
    assert [str(v) for v in parsed.vars] == list(solutions.variables)
    assert [{str(k): v for k, v in row.items()} for row in parsed.bindings] == [
        {name: to_rdflib(term) for name, term in row.items() if term is not None}
        for row in solutions.dicts()
    ]


def test_tsv_and_csv_are_the_sparql_results_formats(solutions):
    assert format_result(solutions, "tsv").splitlines() == [
        "?entity\t?comment\t?start\t?number\t?nothing",
        f'<{R}PanelOfExperts>\t"A comment with a tab\\there, a \\"quote\\" and a | pipe."@en\t\t'
        f'"1"^^<{XSD}integer>\t',
        f'<{R}LuisAlmagro-SecretaryGeneral-1>\t\t"2015"^^<{XSD}gYear>\t"2"^^<{XSD}integer>\t',
    ]
    text = format_result(solutions, "csv")
    assert text.split("\r\n")[0] == "entity,comment,start,number,nothing"
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["entity", "comment", "start", "number", "nothing"],
        [R + "PanelOfExperts", COMMENT, "", "1", ""],
        [R + "LuisAlmagro-SecretaryGeneral-1", "", "2015", "2", ""],
    ]


def test_markdown_and_table_show_prefixed_names(engine, solutions):
    assert format_result(solutions, "markdown") == (
        "| entity | comment | start | number | nothing |\n"
        "| --- | --- | --- | --- | --- |\n"
        '| res:PanelOfExperts | A comment with a tab\there, a "quote" and a \\| pipe. |  | 1 |  |\n'
        "| res:LuisAlmagro-SecretaryGeneral-1 |  | 2015 | 2 |  |\n"
    )
    table = format_result(solutions, "table", title="demo", width=160)
    assert "res:LuisAlmagro-SecretaryGeneral-1" in table
    assert table.endswith("┘\n2 row(s)\n")
    count = execute(engine, "SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:Country }")
    assert format_result(count, "table", width=160) == (
        "┏━━━┓\n┃ n ┃\n┡━━━┩\n│ 1 │\n└───┘\n1 row(s)\n"
    )


def test_ask_results_formats(engine):
    yes = execute(engine, "ASK { res:LuisAlmagro a schema:Person }")
    no = execute(engine, "ASK { res:LuisAlmagro a schema:Country }")
    assert (format_result(yes, "table"), format_result(no, "markdown")) == ("true\n", "false\n")
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    parsed = Result.parse(io.BytesIO(format_result(no, "xml").encode()), format="xml")
    assert (parsed.type, parsed.askAnswer) == ("ASK", False)
    assert refusal(format_result, yes, "csv") == (
        Location(option="format"),
        "the CSV and TSV results formats are defined for SELECT only; use table, json or xml "
        "for ASK",
    )


def test_construct_results_formats_parse_back_to_the_same_graph(engine):
    result = run(engine, "post_neighbourhood")
    expected = to_python(result)
    assert len(expected) == 4
    for fmt, parser in (
        ("table", "turtle"),
        ("turtle", "turtle"),
        ("nt", "nt"),
        ("jsonld", "json-ld"),
        ("xml", "xml"),
    ):
        assert isomorphic(Graph().parse(data=format_result(result, fmt), format=parser), expected)
    where, message = refusal(format_result, result, "csv")
    assert where == Location(option="format")
    assert message.startswith("a CONSTRUCT query gives a graph: choose one of turtle, nt, jsonld")


def test_an_unknown_format_is_refused(solutions):
    where, message = refusal(format_result, solutions, "yaml")
    assert where == Location(option="format")
    assert message.startswith("unknown format 'yaml'; choose one of table, markdown, csv, tsv")


# ---- regressions; the last is a known Oxigraph behaviour (strict xfail: a fix shows) -----------


@pytest.mark.parametrize("engine_name", ["oxigraph"])  # rdflib cannot evaluate EXISTS there
def test_parameters_are_bound_in_the_where_group_after_an_exists_in_the_projection(
    engine, tmp_path
):
    stored_query(
        tmp_path,
        "numbered_terms_of_post",
        "SELECT ?term (EXISTS { ?term akg:termNumber ?number } AS ?numbered)\n"
        "WHERE { ?term akg:termOfPost ?post }\nORDER BY ?term\n",
        ("post (entity): The post",),
    )
    values = {"post": "SecretaryGeneralOfTheOAS"}
    rows = to_python(run_stored(engine, "numbered_terms_of_post", values, directory=tmp_path))
    assert rows == [
        {"term": R + "LuisAlmagro-SecretaryGeneral-1", "numbered": True},
        {"term": R + "LuisAlmagro-SecretaryGeneral-2", "numbered": True},
    ]


def test_a_construct_where_shorthand_query_refuses_parameters_clearly(engine, tmp_path):
    # Its pattern is its template, so no VALUES block can go in it: refused, not mis-bound.
    path = stored_query(
        tmp_path,
        "terms_as_graph",
        "CONSTRUCT WHERE { ?term akg:termOfPost ?post }\n",
        ("post (entity): The post",),
    )
    values = {"post": "foreign minister"}
    assert refusal(run_stored, engine, "terms_as_graph", values, directory=tmp_path) == (
        Location(query=str(path)),
        "a CONSTRUCT WHERE { } query cannot take parameters (its pattern is its template): "
        "write CONSTRUCT { template } WHERE { pattern }",
    )


def test_a_syntax_error_in_a_stored_query_with_parameters_names_its_true_column(engine, tmp_path):
    body = "SELECT ?term WHERE { ?term akg:termNumber ?n .. }"
    message = "SPARQL syntax error: Expected SelectQuery, found '.'"
    assert refusal(execute, engine, body) == (Location(query="<query>", line=1, column=47), message)
    path = stored_query(tmp_path, "broken", body + "\n", ("n (integer, default 1): The number",))
    assert refusal(run_stored, engine, "broken", {}, directory=tmp_path) == (
        Location(query=str(path), line=7, column=47),
        message,
    )


def test_a_string_parameter_that_is_not_unicode_text_is_refused_naming_it(engine):
    where, _ = refusal(run, engine, "entities_labelled", text="Panel\udcff")
    assert where == Location(parameter="text")


@pytest.mark.parametrize(
    "engine_name",
    [
        pytest.param(
            "oxigraph",
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="OxigraphEngine passes the default graphs to Store.query, which unions "
                "them as a multiset: a triple in two of them is seen twice",
            ),
        ),
        "rdflib",
    ],
)
def test_a_default_graph_of_overlapping_graphs_is_their_rdf_merge(tiny, engine_name):
    uruguay = Graph()
    for triple in tiny.asserted.triples((RES.Uruguay, None, None)):
        uruguay.add(triple)
    assert len(uruguay) == 2
    copy = "https://w3id.org/almagro-kg/graph/uruguay"
    engine = engine_on(engine_name, {ASSERTED_GRAPH_IRI: tiny.asserted, copy: uruguay})
    both = DatasetDescription(default_graphs=(ASSERTED_GRAPH_IRI, copy), named_graphs=())
    assert sparql(engine, COUNT_DEFAULT_GRAPH, both) == [{"n": len(tiny.asserted)}]
    assert sparql(engine, "SELECT ?kind WHERE { res:Uruguay a ?kind }", both) == [
        {"kind": "https://schema.org/Country"}
    ]
