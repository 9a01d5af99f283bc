"""What people read (kg.query.display), on hand-made QueryResults: label columns merged, tables
of any width that never cut a word, and the timeline and graph views."""

from __future__ import annotations

import json

import pyoxigraph
import pytest

from kg.engines import QueryResult
from kg.query.display import (
    Cell,
    Display,
    graph_text,
    labelled,
    table_text,
    timeline_text,
    view_text,
)
from kg.query.formats import format_result

R = "https://w3id.org/almagro-kg/resource/"
AKG = "https://w3id.org/almagro-kg/ontology/"
LONG = "res:SomeLongIdentifierOfAResource"


def iri(local: str, namespace: str = R) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(namespace + local)


def text(value: str, language: str | None = None) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(value, language=language)


MACCIH = "Mission to Support the Fight against Corruption and Impunity in Honduras"
LABELLED = QueryResult(
    "SELECT",
    ("org", "orgLabel", "founded", "note"),
    [
        (iri("MACCIH"), text(MACCIH, "en"), text("2016-01-19"), text("set up at the request of")),
        (iri(LONG[4:]), None, None, text("no label")),
    ],
)


# ---- label columns ----------------------------------------------------------------------------


def test_a_label_column_after_its_resource_merges_into_it():
    assert labelled(LABELLED) == Display(
        ("org", "founded", "note"),
        [
            (Cell(MACCIH, "res:MACCIH"), Cell("2016-01-19"), Cell("set up at the request of")),
            (Cell("", LONG), Cell(), Cell("no label")),
        ],
    )


def test_only_a_label_directly_after_its_resource_merges():
    result = QueryResult(
        "SELECT",
        ("a", "b", "aLabel", "n", "nLabel", "orphanLabel"),
        [(iri("A"), iri("B"), text("Ay"), text("7"), text("seven"), text("lone"))],
    )
    assert labelled(result) == Display(
        ("a", "b", "aLabel", "n", "orphanLabel"),
        # a literal keeps its own value; a label column with no resource before it stays
        [(Cell("", "res:A"), Cell("", "res:B"), Cell("Ay"), Cell("7"), Cell("lone"))],
    )


def test_markdown_shows_the_label_and_keeps_the_compact_iri():
    assert format_result(LABELLED, "markdown") == (
        "| org | founded | note |\n"
        "| --- | --- | --- |\n"
        f"| {MACCIH} (`res:MACCIH`) | 2016-01-19 | set up at the request of |\n"
        f"| {LONG} |  | no label |\n"
    )


def test_the_machine_formats_keep_both_columns_and_the_language_tag():
    assert format_result(LABELLED, "csv").splitlines()[:2] == [
        "org,orgLabel,founded,note",
        f"{R}MACCIH,{MACCIH},2016-01-19,set up at the request of",
    ]
    assert format_result(LABELLED, "tsv").splitlines()[1].split("\t")[:2] == [
        f"<{R}MACCIH>",
        f'"{MACCIH}"@en',
    ]
    document = json.loads(format_result(LABELLED, "json"))
    assert document["head"]["vars"] == ["org", "orgLabel", "founded", "note"]
    assert document["results"]["bindings"][0]["orgLabel"] == {
        "type": "literal",
        "value": MACCIH,
        "xml:lang": "en",
    }
    assert f'<literal xml:lang="en">{MACCIH}</literal>' in format_result(LABELLED, "xml")


# ---- tables -----------------------------------------------------------------------------------

TABLE_60 = """\
demo
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━┓
┃ org                               ┃ founded    ┃ note    ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━┩
│ Mission to Support the Fight      │ 2016-01-19 │ set up  │
│ against Corruption and Impunity   │            │ at the  │
│ in Honduras                       │            │ request │
│ res:MACCIH                        │            │ of      │
├───────────────────────────────────┼────────────┼─────────┤
│ res:SomeLongIdentifierOfAResource │            │ no      │
│                                   │            │ label   │
└───────────────────────────────────┴────────────┴─────────┘
2 row(s)
"""


def _rule(left: str, middle: str, right: str, line: str) -> str:
    return left + middle.join(line * (w + 2) for w in (72, 10, 24)) + right


TABLE_200 = "\n".join(
    [
        _rule("┏", "┳", "┓", "━"),
        f"┃ {'org':72} ┃ {'founded':10} ┃ {'note':24} ┃",
        _rule("┡", "╇", "┩", "━"),
        f"│ {MACCIH} │ 2016-01-19 │ set up at the request of │",
        f"│ {'res:MACCIH':72} │ {'':10} │ {'':24} │",
        _rule("├", "┼", "┤", "─"),
        f"│ {LONG:72} │ {'':10} │ {'no label':24} │",
        _rule("└", "┴", "┘", "─"),
        "2 row(s)\n",
    ]
)


def test_a_table_wraps_labels_and_literals_at_spaces_and_separates_rows():
    assert format_result(LABELLED, "table", title="demo", width=60) == TABLE_60
    assert format_result(LABELLED, "table", width=200) == TABLE_200


RECORDS_40 = """\
────────────────────────────────────────
org: Mission to Support the Fight
  against Corruption and Impunity in
  Honduras
  res:MACCIH
founded: 2016-01-19
note: set up at the request of
────────────────────────────────────────
org: res:SomeLongIdentifierOfAResource
note: no label
────────────────────────────────────────
2 row(s)
"""


def test_too_narrow_for_the_longest_words_each_row_is_a_block():
    assert format_result(LABELLED, "table", width=40) == RECORDS_40


@pytest.mark.parametrize("width", range(20, 121, 5))
def test_no_width_ever_cuts_an_identifier_or_a_date(width):
    output = format_result(LABELLED, "table", title="demo", width=width)
    words = {word for line in output.splitlines() for word in line.strip("│ ").split()}
    assert {LONG, "res:MACCIH", "2016-01-19"} <= words
    assert max(len(line) for line in output.splitlines()) <= max(width, len(f"org: {LONG}"))


def test_rows_are_separated_by_a_line():
    many = QueryResult("SELECT", ("n",), [(text(str(i)),) for i in range(3)])
    assert format_result(many, "table", width=80) == (
        "┏━━━┓\n┃ n ┃\n┡━━━┩\n│ 0 │\n├───┤\n│ 1 │\n├───┤\n│ 2 │\n└───┘\n3 row(s)\n"
    )


def test_a_terminal_gets_the_identifier_dim_and_piped_output_no_escape_codes():
    styled = format_result(LABELLED, "table", width=200, color=True)
    assert "\x1b[2mres:MACCIH\x1b[0m" in styled
    assert "\x1b" not in format_result(LABELLED, "table", width=200)


def test_table_text_counts_in_the_unit_given():
    display = Display(("a",), [(Cell("x"),)])
    assert table_text(display, "t", 20, unit="pairs") == (
        "t\n┏━━━┓\n┃ a ┃\n┡━━━┩\n│ x │\n└───┘\n1 pairs\n"
    )


# ---- views ------------------------------------------------------------------------------------

XSD_DATE = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def day(value: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(value, datatype=XSD_DATE)


TIMELINE = QueryResult(
    "SELECT",
    (
        "event",
        "eventLabel",
        "kind",
        "kindLabel",
        "timeAsStated",
        "earliestStart",
        "latestStart",
        "earliestEnd",
        "latestEnd",
    ),
    [
        (
            iri("HondurasProtests2015"),
            text("Honduras protests of 2015", "en"),
            iri("Protest", AKG),
            text("protest", "en"),
            text("the spring of 2015"),
            day("2015-03-01"),
            day("2015-05-31"),
            None,
            None,
        ),
        (iri("Elected"), None, iri("Election", AKG), None, None, day("2015-03-18"),
         day("2015-03-18"), day("2015-03-18"), day("2015-03-18")),
        (iri("Mandate"), text("A mandate", "en"), None, None, None, day("2015-05-26"), None,
         day("2020-05-26"), day("2020-05-26")),
        (iri("Undated"), text("Something undated", "en"), None, None, None, None, None, None,
         None),
    ],
)  # fmt: skip


def test_a_timeline_reads_the_stated_time_else_the_bounds():
    assert timeline_text(TIMELINE, "demo") == (
        "demo\n"
        "the spring of 2015                  Honduras protests of 2015 (protest)\n"
        "2015-03-18                          res:Elected (akg:Election)\n"
        "not before 2015-05-26 – 2020-05-26  A mandate\n"
        "undated                             Something undated\n"
        "4 row(s)\n"
    )


def test_a_timeline_wraps_items_under_themselves_and_puts_long_times_on_their_own_line():
    assert timeline_text(TIMELINE, width=44) == (
        "the spring of 2015  Honduras protests of\n"
        "                    2015 (protest)\n"
        "2015-03-18          res:Elected\n"
        "                    (akg:Election)\n"
        "not before 2015-05-26 – 2020-05-26\n"
        "                    A mandate\n"
        "undated             Something undated\n"
        "4 row(s)\n"
    )


def test_a_timeline_of_stated_starts_and_ends():
    career = QueryResult(
        "SELECT",
        ("term", "termLabel", "start", "end", "endAsStated", "status"),
        [
            (iri("Senator"), text("Senator", "en"), text("2015-03"), None,
             text("a few months later"), text("ended")),
            (iri("Minister"), None, day("2010-03-01"), day("2015-03-01"), None, text("ended")),
            (iri("Later"), None, None, None, None, None),
        ],
    )  # fmt: skip
    assert timeline_text(career) == (
        "2015-03 – a few months later  Senator (ended)\n"
        "2010-03-01 – 2015-03-01       res:Minister (ended)\n"
        "undated                       res:Later\n"
        "3 row(s)\n"
    )


def test_a_graph_reads_source_link_and_target():
    links = QueryResult(
        "SELECT",
        ("earlier", "earlierLabel", "earlierDate", "link", "later", "laterDate"),
        [
            (iri("Quake"), text("Haiti earthquake", "en"), text("2010"),
             iri("triggeredBy", AKG), iri("Rebuilding"), None),
            (iri("A"), None, None, iri("after", AKG), None, None),  # no target: not an edge
        ],
    )  # fmt: skip
    assert graph_text(links, "links") == (
        "links\nHaiti earthquake —akg:triggeredBy→ res:Rebuilding  (earlierDate: 2010)\n1 edge(s)\n"
    )


def test_a_graph_without_a_link_column_names_the_edge_by_the_target_column():
    boolean = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    hierarchy = QueryResult(
        "SELECT",
        ("unit", "unitLabel", "partOf", "partOfLabel", "direct"),
        [
            (iri("MACCIH"), text(MACCIH, "en"), iri("OAS"), text("OAS", "en"),
             pyoxigraph.Literal("true", datatype=boolean)),
            (iri("Secretariat"), None, iri("OAS"), text("OAS", "en"), None),
        ],
    )  # fmt: skip
    assert graph_text(hierarchy, width=60) == (
        "Mission to Support the Fight against Corruption and Impunity\n"
        "    in Honduras —partOf→ OAS  (direct: true)\n"
        "res:Secretariat —partOf→ OAS\n"
        "2 edge(s)\n"
    )


def test_a_view_is_for_select_results_only():
    assert view_text(TIMELINE, "table") is None
    assert view_text(QueryResult("ASK", boolean=True), "timeline") is None
    assert view_text(TIMELINE, "timeline", "demo") == timeline_text(TIMELINE, "demo")
    empty = QueryResult("SELECT", ("a", "b"), [])
    views = (view_text(empty, "timeline"), view_text(empty, "graph"))
    assert views == ("0 row(s)\n", "0 edge(s)\n")
    # rows without two resources to link: no graph (the caller prints the table)
    one = QueryResult("SELECT", ("a", "n"), [(iri("A"), text("1"))])
    assert view_text(one, "graph") is None


def test_a_graph_result_prints_its_triples_as_edges_named_by_their_labels():
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    alias = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    unit = iri("unitOf", "http://www.w3.org/ns/org#")
    result = QueryResult(
        "CONSTRUCT",
        triples=[
            pyoxigraph.Triple(iri("MACCIH"), unit, iri("OAS")),
            pyoxigraph.Triple(iri("MACCIH"), label, text("Misión de Apoyo", "es")),
            pyoxigraph.Triple(iri("MACCIH"), label, text("Support Mission", "en")),
            pyoxigraph.Triple(iri("MACCIH"), alias, text("MACCIH", "es")),
            pyoxigraph.Triple(iri("Panel"), unit, iri("MACCIH")),
        ],
    )
    assert view_text(result, "graph", "n", 40) == (
        "n\n"
        "Support Mission —org:unitOf→ res:OAS\n"
        "Support Mission —skos:altLabel→ MACCIH\n"
        "    [es]\n"
        "res:Panel —org:unitOf→ Support Mission\n"
        "3 edge(s)\n"
    )
    assert view_text(result, "timeline") is None
