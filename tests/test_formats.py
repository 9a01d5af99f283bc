"""The results writers and the table of formats, on hand-made QueryResults (no graph, no store)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph
import pytest

from kg.engines import QueryResult
from kg.errors import KGError, Location
from kg.query.formats import (
    FORMATS,
    Format,
    by_media_type,
    check_format,
    format_for,
    format_names,
    format_result,
    media_type,
    term_text,
)

R = "https://w3id.org/almagro-kg/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SPARQL = "{http://www.w3.org/2005/sparql-results#}"

NOTE = 'say "hi", then\nleave\tnow'  # a quote, a comma, a newline and a tab
ROWS = [
    (
        pyoxigraph.NamedNode(R + "LuisAlmagro"),
        pyoxigraph.Literal("Luis Almagro", language="es"),
        pyoxigraph.Literal("2015-05-26", datatype=pyoxigraph.NamedNode(XSD + "date")),
        pyoxigraph.Literal(NOTE),
        pyoxigraph.BlankNode("b0"),
        None,
    ),
    (
        pyoxigraph.NamedNode("http://example.org/a?b=c&d"),
        pyoxigraph.Literal("x | y < z & w"),
        None,
        None,
        None,
        None,
    ),
]
VARIABLES = ("entity", "label", "start", "note", "node", "nothing")
SELECT = QueryResult("SELECT", VARIABLES, ROWS)
YES = QueryResult("ASK", boolean=True)
NO = QueryResult("ASK", boolean=False)
CONSTRUCT = QueryResult(
    "CONSTRUCT",
    triples=[
        pyoxigraph.Triple(
            pyoxigraph.NamedNode(R + "LuisAlmagro"),
            pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            pyoxigraph.Literal("Luis Almagro", language="es"),
        ),
        pyoxigraph.Triple(
            pyoxigraph.NamedNode(R + "LuisAlmagro"),
            pyoxigraph.NamedNode("https://schema.org/birthDate"),
            pyoxigraph.Literal("1963-06-01", datatype=pyoxigraph.NamedNode(XSD + "date")),
        ),
    ],
)


# ---- the table of formats ---------------------------------------------------------------------


def test_the_table_lists_every_format_once_in_the_cli_order():
    assert format_names() == (
        "table",
        "markdown",
        "csv",
        "tsv",
        "json",
        "xml",
        "turtle",
        "nt",
        "jsonld",
    )
    assert [(f.name, f.media_type, f.extension, f.kind) for f in FORMATS.values()] == [
        ("table", "text/plain", "txt", "solutions"),
        ("markdown", "text/markdown", "md", "solutions"),
        ("csv", "text/csv", "csv", "solutions"),
        ("tsv", "text/tab-separated-values", "tsv", "solutions"),
        ("json", "application/sparql-results+json", "srj", "solutions"),
        ("xml", "application/sparql-results+xml", "srx", "solutions"),
        ("turtle", "text/turtle", "ttl", "graph"),
        ("nt", "application/n-triples", "nt", "graph"),
        ("jsonld", "application/ld+json", "jsonld", "graph"),
    ]
    assert all(name == f.name for name, f in FORMATS.items())
    with pytest.raises(AttributeError):
        FORMATS["csv"].name = "other"  # type: ignore[misc]


def test_the_media_types_and_extensions_are_the_ones_pyoxigraph_knows():
    results = pyoxigraph.QueryResultsFormat
    rdf = pyoxigraph.RdfFormat
    expected = {
        ("csv", "SELECT"): results.CSV,
        ("tsv", "SELECT"): results.TSV,
        ("json", "SELECT"): results.JSON,
        ("xml", "ASK"): results.XML,
        ("turtle", "CONSTRUCT"): rdf.TURTLE,
        ("nt", "DESCRIBE"): rdf.N_TRIPLES,
        ("jsonld", "CONSTRUCT"): rdf.JSON_LD,
        ("xml", "CONSTRUCT"): rdf.RDF_XML,
    }
    for (fmt, form), known in expected.items():
        written = format_for(fmt, form)
        assert written.media_type == known.media_type.split(";")[0], (fmt, form)
        assert written.extension == known.file_extension, (fmt, form)


def test_a_graph_result_reads_table_as_turtle_and_xml_as_rdf_xml():
    assert format_for("table", "CONSTRUCT") == FORMATS["turtle"]
    assert format_for("xml", "DESCRIBE") == Format("xml", "application/rdf+xml", "rdf", "graph")
    assert format_for("xml", "SELECT") == FORMATS["xml"]
    assert media_type("table", "SELECT") == "text/plain"
    assert media_type("table", "DESCRIBE") == "text/turtle"
    assert media_type("xml", "ASK") == "application/sparql-results+xml"
    assert media_type("xml", "CONSTRUCT") == "application/rdf+xml"
    with pytest.raises(KGError, match="defined for SELECT only"):
        media_type("csv", "ASK")


@pytest.mark.parametrize(
    ("accept", "form", "fmt"),
    [
        ("text/plain", "SELECT", "table"),
        ("text/markdown", "ASK", "markdown"),
        ("text/csv", "SELECT", "csv"),
        ("text/csv", "ASK", None),  # CSV and TSV are for SELECT only
        ("text/tab-separated-values", "SELECT", "tsv"),
        ("application/sparql-results+json", "ASK", "json"),
        ("application/sparql-results+xml", "SELECT", "xml"),
        ("application/sparql-results+xml", "CONSTRUCT", None),
        ("application/rdf+xml", "CONSTRUCT", "xml"),
        ("application/rdf+xml", "SELECT", None),
        ("text/turtle", "DESCRIBE", "turtle"),
        ("text/turtle", "SELECT", None),
        ("text/plain", "CONSTRUCT", None),
        ("application/n-triples", "CONSTRUCT", "nt"),
        ("application/ld+json", "DESCRIBE", "jsonld"),
        ("Text/CSV; charset=utf-8", "SELECT", "csv"),
        ("application/json", "SELECT", None),
    ],
)
def test_a_media_type_maps_to_a_format_for_a_query_form(accept, form, fmt):
    assert by_media_type(accept, form) == fmt


@pytest.mark.parametrize("form", ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"])
def test_media_type_and_by_media_type_are_inverse(form):
    names = [name for name in format_names() if _allowed(form, name)]
    for name in names:
        if form in ("CONSTRUCT", "DESCRIBE") and name == "table":
            assert by_media_type(media_type(name, form), form) == "turtle"
        else:
            assert by_media_type(media_type(name, form), form) == name, name
    expected = {
        "SELECT": ["table", "markdown", "csv", "tsv", "json", "xml"],
        "ASK": ["table", "markdown", "json", "xml"],
        "CONSTRUCT": ["table", "xml", "turtle", "nt", "jsonld"],
        "DESCRIBE": ["table", "xml", "turtle", "nt", "jsonld"],
    }
    assert names == expected[form]


def _allowed(form: str, name: str) -> bool:
    try:
        check_format(form, name)
    except KGError:
        return False
    return True


# ---- check_format -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "fmt", "message"),
    [
        (
            "SELECT",
            "rdfa",
            "unknown format 'rdfa'; choose one of "
            "table, markdown, csv, tsv, json, xml, turtle, nt, jsonld",
        ),
        (
            "CONSTRUCT",
            "trig",
            "unknown format 'trig'; choose one of "
            "table, markdown, csv, tsv, json, xml, turtle, nt, jsonld",
        ),
        (
            "CONSTRUCT",
            "csv",
            "a CONSTRUCT query gives a graph: choose one of turtle, nt, jsonld, xml",
        ),
        (
            "DESCRIBE",
            "markdown",
            "a DESCRIBE query gives a graph: choose one of turtle, nt, jsonld, xml",
        ),
        (
            "SELECT",
            "turtle",
            "a SELECT query gives solutions: choose one of table, markdown, csv, tsv, json, xml",
        ),
        (
            "ASK",
            "jsonld",
            "an ASK query gives solutions: choose one of table, markdown, csv, tsv, json, xml",
        ),
        (
            "ASK",
            "csv",
            "the CSV and TSV results formats are defined for SELECT only; "
            "use table, json or xml for ASK",
        ),
        (
            "ASK",
            "tsv",
            "the CSV and TSV results formats are defined for SELECT only; "
            "use table, json or xml for ASK",
        ),
    ],
)
def test_check_format_refuses_with_the_exact_message_at_the_format_option(form, fmt, message):
    with pytest.raises(KGError) as caught:
        check_format(form, fmt)
    assert caught.value.message == message
    assert caught.value.where == Location(option="format")


def test_check_format_gives_the_format_written():
    assert check_format("CONSTRUCT", "table") == "turtle"
    assert check_format("DESCRIBE", "xml") == "xml"
    assert check_format("SELECT", "table") == "table"
    assert check_format("ASK", "json") == "json"
    assert check_format("SELECT", "tsv") == "tsv"


def test_format_result_checks_the_format_first():
    with pytest.raises(KGError) as caught:
        format_result(YES, "csv")
    assert caught.value.where == Location(option="format")
    with pytest.raises(KGError, match="gives a graph"):
        format_result(CONSTRUCT, "json")


# ---- SELECT, format by format -----------------------------------------------------------------


def test_term_text_is_what_people_read():
    assert [term_text(t) for t in ROWS[0]] == [
        "res:LuisAlmagro",
        "Luis Almagro",
        "2015-05-26",
        NOTE,
        "_:b0",
        "",
    ]
    assert term_text(ROWS[1][0]) == "<http://example.org/a?b=c&d>"


TABLE = "\n".join(
    [
        "demo",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┳━━━━━━┳━━━━━━━━━┓",
        "┃ entity                       ┃ label   ┃ start      ┃ note  ┃ node ┃ nothing ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━╇━━━━━━╇━━━━━━━━━┩",
        "│ res:LuisAlmagro              │ Luis    │ 2015-05-26 │ say   │ _:b0 │         │",
        '│                              │ Almagro │            │ "hi", │      │         │',
        "│                              │         │            │ then  │      │         │",
        "│                              │         │            │ leave │      │         │",
        "│                              │         │            │ now   │      │         │",
        "├──────────────────────────────┼─────────┼────────────┼───────┼──────┼─────────┤",
        "│ <http://example.org/a?b=c&d> │ x | y < │            │       │      │         │",
        "│                              │ z & w   │            │       │      │         │",
        "└──────────────────────────────┴─────────┴────────────┴───────┴──────┴─────────┘",
        "2 row(s)",
        "",
    ]
)


def test_table():
    assert format_result(SELECT, "table", title="demo", width=80) == TABLE
    assert format_result(SELECT, title="demo", width=80) == TABLE  # table is the default


def test_a_table_folds_to_its_width_and_counts_rows_on_a_line_of_its_own():
    text = format_result(SELECT, "table", width=40)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert lines[-1] == "2 row(s)"
    one = QueryResult("SELECT", ("n",), [(pyoxigraph.Literal("1"),)])
    assert format_result(one, "table") == "┏━━━┓\n┃ n ┃\n┡━━━┩\n│ 1 │\n└───┘\n1 row(s)\n"


def test_a_table_shows_a_literal_verbatim_never_as_rich_markup():
    tricky = QueryResult("SELECT", ("x",), [(pyoxigraph.Literal("[bold]a[/bold] [/] :smile:"),)])
    assert "│ [bold]a[/bold] [/] :smile: │" in format_result(tricky, "table", width=80)


def test_markdown():
    assert format_result(SELECT, "markdown") == (
        "| entity | label | start | note | node | nothing |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        '| res:LuisAlmagro | Luis Almagro | 2015-05-26 | say "hi", then leave\tnow | _:b0 |  |\n'
        "| <http://example.org/a?b=c&d> | x \\| y < z & w |  |  |  |  |\n"
    )


CSV = (
    "entity,label,start,note,node,nothing\r\n"
    f"{R}LuisAlmagro,Luis Almagro,2015-05-26,"
    '"say ""hi"", then\nleave\tnow",_:b0,\r\n'
    "http://example.org/a?b=c&d,x | y < z & w,,,,\r\n"
)


def test_csv():
    assert format_result(SELECT, "csv") == CSV


def test_csv_reads_back_to_the_same_cells():
    cells = list(csv.reader(io.StringIO(format_result(SELECT, "csv"), newline="")))
    assert cells == [
        list(VARIABLES),
        [R + "LuisAlmagro", "Luis Almagro", "2015-05-26", NOTE, "_:b0", ""],
        ["http://example.org/a?b=c&d", "x | y < z & w", "", "", "", ""],
    ]


TSV = (
    "?entity\t?label\t?start\t?note\t?node\t?nothing\n"
    f'<{R}LuisAlmagro>\t"Luis Almagro"@es\t"2015-05-26"^^<{XSD}date>\t'
    '"say \\"hi\\", then\\nleave\\tnow"\t_:b0\t\n'
    '<http://example.org/a?b=c&d>\t"x | y < z & w"\t\t\t\t\n'
)


def test_tsv():
    assert format_result(SELECT, "tsv") == TSV


JSON = (
    '{"head": {"vars": ["entity", "label", "start", "note", "node", "nothing"]}, '
    '"results": {"bindings": [\n'
    f'{{"entity": {{"type": "uri", "value": "{R}LuisAlmagro"}}, '
    '"label": {"type": "literal", "value": "Luis Almagro", "xml:lang": "es"}, '
    f'"start": {{"type": "literal", "value": "2015-05-26", "datatype": "{XSD}date"}}, '
    '"note": {"type": "literal", "value": "say \\"hi\\", then\\nleave\\tnow"}, '
    '"node": {"type": "bnode", "value": "b0"}},\n'
    '{"entity": {"type": "uri", "value": "http://example.org/a?b=c&d"}, '
    '"label": {"type": "literal", "value": "x | y < z & w"}}\n'
    "]}}\n"
)


def test_json():
    assert format_result(SELECT, "json") == JSON


def test_json_parses_to_the_sparql_results_structure():
    assert json.loads(format_result(SELECT, "json")) == {
        "head": {"vars": list(VARIABLES)},
        "results": {
            "bindings": [
                {
                    "entity": {"type": "uri", "value": R + "LuisAlmagro"},
                    "label": {"type": "literal", "value": "Luis Almagro", "xml:lang": "es"},
                    "start": {"type": "literal", "value": "2015-05-26", "datatype": XSD + "date"},
                    "note": {"type": "literal", "value": NOTE},
                    "node": {"type": "bnode", "value": "b0"},
                },
                {
                    "entity": {"type": "uri", "value": "http://example.org/a?b=c&d"},
                    "label": {"type": "literal", "value": "x | y < z & w"},
                },
            ]
        },
    }


def test_json_of_no_solutions():
    empty = QueryResult("SELECT", ("x", "y"), [])
    assert format_result(empty, "json") == (
        '{"head": {"vars": ["x", "y"]}, "results": {"bindings": []}}\n'
    )
    assert json.loads(format_result(empty, "json"))["results"]["bindings"] == []


XML = f"""<?xml version="1.0" encoding="utf-8"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head>
    <variable name="entity"/>
    <variable name="label"/>
    <variable name="start"/>
    <variable name="note"/>
    <variable name="node"/>
    <variable name="nothing"/>
  </head>
  <results>
    <result>
      <binding name="entity"><uri>{R}LuisAlmagro</uri></binding>
      <binding name="label"><literal xml:lang="es">Luis Almagro</literal></binding>
      <binding name="start"><literal datatype="{XSD}date">2015-05-26</literal></binding>
      <binding name="note"><literal>say "hi", then
leave\tnow</literal></binding>
      <binding name="node"><bnode>b0</bnode></binding>
    </result>
    <result>
      <binding name="entity"><uri>http://example.org/a?b=c&amp;d</uri></binding>
      <binding name="label"><literal>x | y &lt; z &amp; w</literal></binding>
    </result>
  </results>
</sparql>
"""


def test_xml():
    assert format_result(SELECT, "xml") == XML


def test_xml_parses_with_elementtree():
    root = ET.fromstring(format_result(SELECT, "xml").encode())
    assert root.tag == SPARQL + "sparql"
    names = [v.get("name") for v in root.iter(SPARQL + "variable")]
    assert names == list(VARIABLES)
    results = root.findall(f"{SPARQL}results/{SPARQL}result")
    assert len(results) == 2
    first = {b.get("name"): b[0] for b in results[0]}
    assert sorted(first) == ["entity", "label", "node", "note", "start"]
    assert (first["entity"].tag, first["entity"].text) == (SPARQL + "uri", R + "LuisAlmagro")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert (first["label"].text, first["label"].get(lang)) == ("Luis Almagro", "es")
    assert first["start"].get("datatype") == XSD + "date"
    assert (first["note"].text, first["note"].attrib) == (NOTE, {})
    assert (first["node"].tag, first["node"].text) == (SPARQL + "bnode", "b0")
    second = {b.get("name"): b[0].text for b in results[1]}
    assert second == {"entity": "http://example.org/a?b=c&d", "label": "x | y < z & w"}


def test_xml_keeps_a_carriage_return_and_refuses_what_xml_cannot_hold():
    crlf = QueryResult("SELECT", ("x",), [(pyoxigraph.Literal("a\r\nb"),)])
    text = format_result(crlf, "xml")
    assert "<literal>a&#13;\nb</literal>" in text
    assert ET.fromstring(text.encode()).find(f".//{SPARQL}literal").text == "a\r\nb"
    bell = QueryResult(
        "SELECT", ("ok", "bell"), [(pyoxigraph.Literal("a"), pyoxigraph.Literal("\x07"))]
    )
    with pytest.raises(KGError) as caught:
        format_result(bell, "xml")
    assert caught.value.message == (
        "the value of ?bell holds a character XML 1.0 cannot represent (U+0007); "
        "choose json, csv or tsv"
    )
    assert caught.value.where == Location(option="format")
    assert json.loads(format_result(bell, "json"))["results"]["bindings"][0]["bell"] == {
        "type": "literal",
        "value": "\x07",
    }


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        ("json", pyoxigraph.QueryResultsFormat.JSON),
        ("xml", pyoxigraph.QueryResultsFormat.XML),
        ("tsv", pyoxigraph.QueryResultsFormat.TSV),
    ],
)
def test_a_standard_parser_reads_back_the_same_terms(fmt, parser):
    solutions = pyoxigraph.parse_query_results(format_result(SELECT, fmt), parser)
    assert [str(v)[1:] for v in solutions.variables] == list(VARIABLES)
    assert [tuple(s[v] for v in VARIABLES) for s in solutions] == ROWS


# ---- ASK --------------------------------------------------------------------------------------


def test_ask_in_every_format_it_has():
    assert [format_result(YES, f) for f in ("table", "markdown")] == ["true\n", "true\n"]
    assert [format_result(NO, f) for f in ("table", "markdown")] == ["false\n", "false\n"]
    assert format_result(YES, "json") == '{"head": {}, "boolean": true}\n'
    assert format_result(NO, "json") == '{"head": {}, "boolean": false}\n'
    assert json.loads(format_result(NO, "json")) == {"head": {}, "boolean": False}
    assert format_result(YES, "xml") == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        "  <head/>\n"
        "  <boolean>true</boolean>\n"
        "</sparql>\n"
    )
    root = ET.fromstring(format_result(NO, "xml").encode())
    assert root.find(SPARQL + "boolean").text == "false"
    for answer, fmt in [(YES, "json"), (NO, "xml")]:
        parser = getattr(pyoxigraph.QueryResultsFormat, fmt.upper())
        parsed = pyoxigraph.parse_query_results(format_result(answer, fmt), parser)
        assert bool(parsed) is answer.boolean


# ---- CONSTRUCT and DESCRIBE -------------------------------------------------------------------

TURTLE = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <{R}> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <{XSD}> .

res:LuisAlmagro rdfs:label "Luis Almagro"@es ;
    schema:birthDate "1963-06-01"^^xsd:date .

"""

NT = (
    f'<{R}LuisAlmagro> <http://www.w3.org/2000/01/rdf-schema#label> "Luis Almagro"@es .\n'
    f'<{R}LuisAlmagro> <https://schema.org/birthDate> "1963-06-01"^^<{XSD}date> .\n'
)


def test_construct_in_turtle_and_n_triples():
    assert format_result(CONSTRUCT, "turtle") == TURTLE
    assert format_result(CONSTRUCT) == TURTLE  # table means Turtle for a graph
    assert format_result(CONSTRUCT, "nt") == NT
    describe = QueryResult("DESCRIBE", triples=CONSTRUCT.triples)
    assert format_result(describe, "nt") == NT


def test_construct_in_json_ld_and_rdf_xml_is_the_same_graph():
    for text, parser in [
        (format_result(CONSTRUCT, "jsonld"), pyoxigraph.RdfFormat.JSON_LD),
        (format_result(CONSTRUCT, "xml"), pyoxigraph.RdfFormat.RDF_XML),
    ]:
        quads = list(pyoxigraph.parse(text, parser))
        assert sorted(str(q.triple) for q in quads) == sorted(str(t) for t in CONSTRUCT.triples)


def test_graph_literals_keep_their_lexical_form_and_plain_strings_stay_plain():
    odd = QueryResult(
        "CONSTRUCT",
        triples=[
            pyoxigraph.Triple(
                pyoxigraph.NamedNode("http://example.org/s"),
                pyoxigraph.NamedNode("http://example.org/p"),
                obj,
            )
            for obj in (
                pyoxigraph.Literal("01", datatype=pyoxigraph.NamedNode(XSD + "integer")),
                pyoxigraph.Literal("plain"),
            )
        ],
    )
    assert format_result(odd, "nt") == (
        f'<http://example.org/s> <http://example.org/p> "01"^^<{XSD}integer> .\n'
        '<http://example.org/s> <http://example.org/p> "plain" .\n'
    )


# ---- import cost ------------------------------------------------------------------------------


def test_importing_the_writers_loads_neither_rdflib_nor_rich():
    code = "import kg.query.formats, sys; print('rdflib' in sys.modules, 'rich' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "False False\n"
