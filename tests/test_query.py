"""The query engine on a tiny graph: layers, typed parameters, errors, the W3C results formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.query import Result

from kg import paths
from kg.catalogue import catalogue_graph, find_query
from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.namespaces import RES
from kg.query import (
    bind_parameters,
    check_defaults,
    check_format,
    dataset,
    execute,
    format_result,
    parse_param_options,
    run_stored,
    to_python,
)

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
QUERIES = FIXTURES / "rq"
R = "https://w3id.org/almagro-kg/resource/"


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return KnowledgeGraph.load(FIXTURES / "data")


def run(graph: KnowledgeGraph, name: str, asserted_only: bool = False, **values: str) -> Result:
    return run_stored(graph, name, values, asserted_only, directory=QUERIES)


def test_the_dataset_keeps_each_layer_in_its_named_graph(tiny):
    rows = to_python(
        execute(
            tiny,
            """
        SELECT ?layer (COUNT(*) AS ?triples)
        WHERE { GRAPH ?layer { ?s ?p ?o } }
        GROUP BY ?layer ORDER BY ?layer""",
            "test",
        )
    )
    catalogue_triples = len(catalogue_graph())
    assert rows == [
        {"layer": "https://w3id.org/almagro-kg/graph/asserted", "triples": len(tiny.asserted)},
        {"layer": "https://w3id.org/almagro-kg/graph/catalogue", "triples": catalogue_triples},
        {"layer": "https://w3id.org/almagro-kg/graph/inferred", "triples": len(tiny.inferred)},
    ]


COUNT_DEFAULT_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_the_default_graph_is_the_union_of_the_layers_without_the_catalogue(tiny):
    assert to_python(execute(tiny, COUNT_DEFAULT_GRAPH, "q")) == [{"n": len(tiny.full)}]
    assert to_python(execute(tiny, COUNT_DEFAULT_GRAPH, "q", asserted_only=True)) == [
        {"n": len(tiny.asserted)}
    ]
    assert to_python(execute(tiny, "ASK { ?q a sh:SPARQLExecutable }", "q")) is False
    names = {g.identifier for g in dataset(tiny, asserted_only=True).graphs()}
    assert {str(n) for n in names} >= {
        "https://w3id.org/almagro-kg/graph/asserted",
        "https://w3id.org/almagro-kg/graph/catalogue",
    }
    assert "https://w3id.org/almagro-kg/graph/inferred" not in {str(n) for n in names}


def test_the_catalogue_is_a_named_graph_of_the_dataset(tiny):
    stored = sorted(paths.QUERIES_DIR.glob("*.rq"))
    assert len(stored) >= 30
    count = """
        SELECT (COUNT(?q) AS ?n)
        WHERE { GRAPH <https://w3id.org/almagro-kg/graph/catalogue> { ?q a sh:SPARQLExecutable } }
    """
    assert to_python(execute(tiny, count, "q")) == [{"n": len(stored)}]
    assert to_python(execute(tiny, count, "q", asserted_only=True)) == [{"n": len(stored)}]
    rows = to_python(
        execute(
            tiny,
            """
        SELECT ?name ?target
        WHERE {
          GRAPH <https://w3id.org/almagro-kg/graph/catalogue> {
            ?q schema:name ?name ; schema:keywords "countries" ; schema:target ?target .
          }
        }
        ORDER BY ?name""",
            "q",
        )
    )
    assert rows == [
        {"name": "countries_by_event_count", "target": "https://w3id.org/almagro-kg/"},
        {"name": "events_in_country", "target": "https://w3id.org/almagro-kg/"},
        {"name": "organizations_by_kind", "target": "https://w3id.org/almagro-kg/"},
    ]


def test_inferred_triples_are_seen_by_default_and_hidden_with_asserted_only(tiny):
    assert to_python(run(tiny, "held_post", person="Almagro", post="foreign minister")) is True
    assert (
        to_python(run(tiny, "held_post", True, person="Almagro", post="foreign minister")) is False
    )


def test_defaults_apply_and_rows_are_python_values(tiny):
    assert to_python(run(tiny, "terms_of_post")) == [
        {
            "term": R + "LuisAlmagro-SecretaryGeneral-1",
            "holder": R + "LuisAlmagro",
            "start": "2015",
            "end": "2020-03",
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


@pytest.mark.parametrize(
    "name",
    [
        "foreign minister",
        "ForeignMinisterOfUruguay",
        "Minister of Foreign Affairs of Uruguay",
        "res:ForeignMinisterOfUruguay",
        f"<{R}ForeignMinisterOfUruguay>",
    ],
)
def test_an_entity_parameter_takes_a_label_acronym_local_name_or_iri(tiny, name):
    rows = to_python(run(tiny, "terms_of_post", post=name))
    assert [row["term"] for row in rows] == [R + "LuisAlmagro-ForeignMinister"]


def test_parameters_are_bound_as_typed_terms(tiny):
    assert bind_parameters(tiny, find_query("terms_numbered_from", QUERIES), {"n": "2"}) == {
        "n": Literal(2)
    }
    assert bind_parameters(
        tiny,
        find_query("held_post", QUERIES),
        {"person": "OEA", "post": "Secretary General of the OAS"},
    ) == {"person": RES.OAS, "post": RES.SecretaryGeneralOfTheOAS}
    assert Literal(2).datatype == XSD.integer
    assert to_python(run(tiny, "terms_numbered_from", n="2")) == [
        {"term": R + "LuisAlmagro-SecretaryGeneral-2", "number": 2}
    ]


def test_a_string_parameter_is_only_ever_a_value(tiny):
    before = len(tiny.asserted)
    assert to_python(run(tiny, "entities_labelled", text='x" } ; DROP ALL ; #')) == []
    assert to_python(run(tiny, "entities_labelled", text="Panel")) == [
        {"entity": R + "PanelDiscussion"},
        {"entity": R + "PanelOfExperts"},
    ]
    assert len(tiny.asserted) == before


@pytest.mark.parametrize(
    ("values", "where", "message"),
    [
        ({"day": "2016-01-01"}, "--param day", "unknown parameter: terms_of_post takes post"),
        ({"post": "Nobody"}, "--param post", "no resource is named 'Nobody'"),
        (
            {"post": "Panel"},
            "--param post",
            "'Panel' is ambiguous: it names PanelDiscussion, PanelOfExperts",
        ),
        (
            {"post": "foreign ministr"},
            "--param post",
            "no resource is named 'foreign ministr'; did you mean ForeignMinisterOfUruguay, "
            "LuisAlmagro-ForeignMinister?",
        ),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(tiny, values, where, message):
    with pytest.raises(KGError) as caught:
        run(tiny, "terms_of_post", **values)
    assert (caught.value.where, caught.value.message) == (where, message)


@pytest.mark.parametrize(
    ("name", "values", "where", "message"),
    [
        ("terms_numbered_from", {"n": "two"}, "--param n", "expected an integer, got 'two'"),
        ("terms_numbered_from", {"n": "2.5"}, "--param n", "expected an integer, got '2.5'"),
        (
            "held_post",
            {"person": "Almagro"},
            "--param post",
            "missing required entity parameter: The post",
        ),
        (
            "entities_labelled",
            {},
            "--param text",
            "missing required string parameter: The label to look for",
        ),
        (
            "post_neighbourhood",
            {"post": "2016-01-01", "x": "1"},
            "--param x",
            "unknown parameter: post_neighbourhood takes post",
        ),
    ],
)
def test_ill_typed_missing_and_unknown_parameters_are_refused(tiny, name, values, where, message):
    with pytest.raises(KGError) as caught:
        run(tiny, name, **values)
    assert (caught.value.where, caught.value.message) == (where, message)


def test_an_entity_parameter_of_a_class_takes_an_instance_of_it(tiny):
    assert to_python(run(tiny, "country_labels")) == [{"label": "Uruguay"}]
    assert to_python(run(tiny, "country_labels", country="res:Uruguay")) == [{"label": "Uruguay"}]


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
def test_an_entity_of_the_wrong_class_is_refused_saying_what_it_is(tiny, name, values, message):
    with pytest.raises(KGError) as caught:
        run(tiny, name, **values)
    (parameter,) = values
    assert (caught.value.where, caught.value.message) == (f"--param {parameter}", message)


def test_class_membership_counts_subclasses_without_the_inferred_layer(tiny):
    # The posts are akg:SingleHolderPost; only the ontology's rdfs:subClassOf makes them org:Post.
    asserted_only = KnowledgeGraph(asserted=tiny.asserted, inferred=Graph())
    rows = to_python(run(asserted_only, "terms_of_post", post="foreign minister"))
    assert [row["term"] for row in rows] == [R + "LuisAlmagro-ForeignMinister"]


def test_a_default_that_fails_names_the_query_file_and_header_line(tiny, tmp_path):
    header = (
        "#+ summary: s\n#+ description: d\n#+ tags: [t]\n"
        "#+ param: country (entity schema:Country, default {default}): The country\n"
        "#+ view: table\n#+ example: kg query {name}\nSELECT ?country WHERE {{}}\n"
    )
    for name, default in (("nowhere", "Nowhere"), ("a_person", "Almagro"), ("fine", "Uruguay")):
        (tmp_path / f"{name}.rq").write_text(header.format(name=name, default=default))
    queries = {name: find_query(name, tmp_path) for name in ("fine", "nowhere", "a_person")}
    check_defaults(tiny, {"fine": queries["fine"]})
    for name, message in (
        ("nowhere", "default of country: no resource is named 'Nowhere'"),
        (
            "a_person",
            "default of country: 'Almagro' is res:LuisAlmagro (schema:Person); expected an "
            "instance of schema:Country, one of Uruguay",
        ),
    ):
        with pytest.raises(KGError) as caught:
            check_defaults(tiny, {name: queries[name]})
        assert (caught.value.where, caught.value.message) == (f"{tmp_path}/{name}.rq:4", message)
        with pytest.raises(KGError) as caught:  # and at run time, the same error
            run_stored(tiny, name, {}, directory=tmp_path)
        assert (caught.value.where, caught.value.message) == (f"{tmp_path}/{name}.rq:4", message)
    # A value given on the command line is checked as a value, not as the header's default.
    assert to_python(run_stored(tiny, "nowhere", {"country": "Uruguay"}, directory=tmp_path)) == [
        {"country": R + "Uruguay"}
    ]


def test_a_date_parameter_must_be_a_real_day(tiny, tmp_path):
    (tmp_path / "on_day.rq").write_text(
        "#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ param: day (date): The day\n"
        "#+ view: table\n#+ example: kg query on_day\nSELECT ?day WHERE {}\n",
        encoding="utf-8",
    )
    rows = run_stored(tiny, "on_day", {"day": "2016-02-29"}, directory=tmp_path)
    assert rows.bindings[0]["day"] == Literal("2016-02-29", datatype=XSD.date)
    for bad in ("2015-02-29", "2016-1-1", "January 2016", "2016"):
        with pytest.raises(KGError) as caught:
            run_stored(tiny, "on_day", {"day": bad}, directory=tmp_path)
        assert caught.value.where == "--param day"
        assert caught.value.message == f"expected a date as YYYY-MM-DD, got {bad!r}"


def test_param_options_are_key_value_pairs():
    assert parse_param_options(["date=2016-01-01", "text=a=b"]) == {
        "date": "2016-01-01",
        "text": "a=b",
    }
    with pytest.raises(KGError, match="expected KEY=VALUE, got 'date'"):
        parse_param_options(["date"])
    with pytest.raises(KGError) as caught:
        parse_param_options(["n=1", "n=2"])
    assert (caught.value.where, caught.value.message) == ("--param n", "given twice")


def test_a_syntax_error_names_line_and_column(tiny):
    with pytest.raises(KGError) as caught:
        execute(tiny, "SELECT ?s\nWHERE {\n  ?s ?p ?o ..\n}", "<query>")
    assert caught.value.where == "<query>:3:13"  # the second '.'; the first ends the triple
    assert caught.value.message.startswith("SPARQL syntax error: Expected")
    with pytest.raises(KGError) as caught:
        execute(tiny, "SELECT ?s WHERE {\n  ?s nope:p ?o }", "<query>")
    assert (caught.value.where, caught.value.message) == (
        "<query>:2:6",
        "SPARQL error: Unknown namespace prefix : nope",
    )


def test_the_project_prefixes_are_predeclared_for_ad_hoc_queries(tiny):
    assert to_python(execute(tiny, "ASK { res:LuisAlmagro a schema:Person }", "q")) is True


# ---- results formats: each output parsed back with a standard parser -------------------------

SELECT_ALL_KINDS = """
    SELECT ?entity ?comment ?start ?number ?nothing
    WHERE {
      ?entity rdfs:label ?label .
      VALUES (?entity ?number) { (res:PanelOfExperts 1) (res:LuisAlmagro-SecretaryGeneral-1 2) }
      OPTIONAL { ?entity rdfs:comment ?comment }
      OPTIONAL { ?entity schema:startDate ?start }
    }
    ORDER BY ?number"""


@pytest.fixture(scope="module")
def solutions(tiny) -> Result:
    return execute(tiny, SELECT_ALL_KINDS, "test")


def test_json_is_sparql_results_json(solutions):
    text = format_result(solutions, "json")
    document = json.loads(text)
    assert document["head"] == {"vars": ["entity", "comment", "start", "number", "nothing"]}
    assert document["results"]["bindings"][0]["comment"] == {
        "type": "literal",
        "xml:lang": "en",
        "value": 'A comment with a tab\there, a "quote" and a | pipe.',
    }
    assert Result.parse(io.StringIO(text), format="json").bindings == solutions.bindings


def test_xml_is_sparql_results_xml(solutions):
    text = format_result(solutions, "xml")
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org'
        '/2005/sparql-results#"'
    )
    assert Result.parse(io.BytesIO(text.encode()), format="xml").bindings == solutions.bindings


def test_tsv_is_sparql_results_tsv_with_full_terms(solutions):
    text = format_result(solutions, "tsv")
    assert text.splitlines()[0] == "?entity\t?comment\t?start\t?number\t?nothing"
    assert text.splitlines()[1] == (
        f'<{R}PanelOfExperts>\t"A comment with a tab\\there, a \\"quote\\" and a | pipe."@en\t\t'
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>\t'
    )
    parsed = Result.parse(io.StringIO(text), format="tsv")
    assert parsed.bindings == solutions.bindings


def test_csv_is_sparql_results_csv(solutions):
    text = format_result(solutions, "csv")
    assert text.split("\r\n")[0] == "entity,comment,start,number,nothing"
    rows = [
        [R + "PanelOfExperts", 'A comment with a tab\there, a "quote" and a | pipe.', "", "1", ""],
        [R + "LuisAlmagro-SecretaryGeneral-1", "", "2015", "2", ""],
    ]
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["entity", "comment", "start", "number", "nothing"],
        *rows,
    ]
    parsed = Result.parse(io.StringIO(text), format="csv")
    assert [[str(row.get(v, "")) for v in parsed.vars] for row in parsed.bindings] == rows


def test_markdown_and_table_show_prefixed_names(solutions):
    assert format_result(solutions, "markdown") == (
        "| entity | comment | start | number | nothing |\n"
        "| --- | --- | --- | --- | --- |\n"
        '| res:PanelOfExperts | A comment with a tab\there, a "quote" and a \\| pipe. |  | 1 |  |\n'
        "| res:LuisAlmagro-SecretaryGeneral-1 |  | 2015 | 2 |  |\n"
    )
    table = format_result(solutions, "table", title="demo")
    assert "res:LuisAlmagro-SecretaryGeneral-1" in table
    assert table.endswith("┘\n2 row(s)\n")


def test_the_row_count_of_a_narrow_table_is_on_a_line_of_its_own(tiny):
    result = execute(tiny, "SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:Country }", "q")
    assert format_result(result, "table") == ("┏━━━┓\n┃ n ┃\n┡━━━┩\n│ 1 │\n└───┘\n1 row(s)\n")


def test_ask_gives_true_or_false_and_the_boolean_results_formats(tiny):
    yes = execute(tiny, "ASK { res:LuisAlmagro a schema:Person }", "q")
    no = execute(tiny, "ASK { res:LuisAlmagro a schema:Country }", "q")
    assert (format_result(yes, "table"), format_result(no, "markdown")) == ("true\n", "false\n")
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    parsed = Result.parse(io.BytesIO(format_result(no, "xml").encode()), format="xml")
    assert (parsed.type, parsed.askAnswer) == ("ASK", False)
    with pytest.raises(KGError, match="defined for SELECT only"):
        format_result(yes, "csv")


def test_construct_gives_turtle_nt_or_jsonld(tiny):
    result = run(tiny, "post_neighbourhood")
    expected = Graph()
    for number in (1, 2):
        term = URIRef(f"{R}LuisAlmagro-SecretaryGeneral-{number}")
        expected.add(
            (
                term,
                URIRef("https://w3id.org/almagro-kg/ontology/termOfPost"),
                RES.SecretaryGeneralOfTheOAS,
            )
        )
        expected.add((term, URIRef("http://www.w3.org/ns/org#member"), RES.LuisAlmagro))
    for fmt, parser in (
        ("table", "turtle"),
        ("turtle", "turtle"),
        ("nt", "nt"),
        ("jsonld", "json-ld"),
        ("xml", "xml"),
    ):
        assert isomorphic(Graph().parse(data=format_result(result, fmt), format=parser), expected)
    with pytest.raises(KGError, match="a CONSTRUCT query gives a graph"):
        format_result(result, "csv")


def test_describe_gives_the_resource_description(tiny):
    graph = to_python(execute(tiny, "DESCRIBE res:Uruguay", "q"))
    assert set(graph) >= {
        (
            RES.Uruguay,
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Uruguay", lang="en"),
        )
    }


def test_an_unknown_format_is_refused(solutions):
    with pytest.raises(KGError) as caught:
        format_result(solutions, "yaml")
    assert caught.value.where == "--format"


@pytest.mark.parametrize(
    ("form", "fmt", "means"),
    [
        ("SELECT", "table", "table"),
        ("SELECT", "tsv", "tsv"),
        ("ASK", "xml", "xml"),
        ("CONSTRUCT", "table", "turtle"),
        ("DESCRIBE", "jsonld", "jsonld"),
    ],
)
def test_check_format_tells_what_a_format_means_for_a_query_form(form, fmt, means):
    assert check_format(form, fmt) == means


@pytest.mark.parametrize(
    ("form", "fmt", "message"),
    [
        (
            "SELECT",
            "yaml",
            "unknown format 'yaml'; choose one of table, markdown, csv, tsv, json, "
            "xml, turtle, nt, jsonld",
        ),
        (
            "SELECT",
            "turtle",
            "a SELECT query gives solutions: choose one of table, markdown, csv, tsv, json, xml",
        ),
        (
            "ASK",
            "tsv",
            "the CSV and TSV results formats are defined for SELECT only; use table, "
            "json or xml for ASK",
        ),
        (
            "DESCRIBE",
            "markdown",
            "a DESCRIBE query gives a graph: choose one of turtle, nt, jsonld, xml",
        ),
    ],
)
def test_check_format_refuses_a_format_the_query_form_cannot_give(form, fmt, message):
    with pytest.raises(KGError) as caught:
        check_format(form, fmt)
    assert (caught.value.where, caught.value.message) == ("--format", message)
