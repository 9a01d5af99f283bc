"""`kg query` and `kg sparql` from the command line: outputs, one-line errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Variable
from rdflib.query import Result

from kg import catalogue, paths
from kg.cli import main
from kg.cli.query import list_text
from tests.conftest import run_kg

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
TINY = ["--data", str(FIXTURES / "data")]


def kg(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, prog_name="kg")


def test_sparql_runs_an_ad_hoc_query_on_the_tiny_graph():
    result = kg(
        "sparql", "SELECT ?post WHERE { ?post org:postIn res:OAS }", "--format", "csv", *TINY
    )
    assert result.exit_code == 0
    assert result.stdout_bytes == (
        b"post\r\nhttps://w3id.org/almagro-kg/resource/SecretaryGeneralOfTheOAS\r\n"
    )


def test_sparql_reads_standard_input_and_files(tmp_path):
    query = "ASK { res:LuisAlmagro org:holds res:SecretaryGeneralOfTheOAS }"
    assert kg("sparql", "-", *TINY, stdin=query).stdout == "true\n"
    assert kg("sparql", "-", "--asserted", *TINY, stdin=query).stdout == "false\n"
    path = tmp_path / "ask.rq"
    path.write_text(query, encoding="utf-8")
    result = kg("sparql", "-f", str(path), "--format", "json", *TINY)
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def test_sparql_writes_graph_results_as_rdf(tmp_path):
    out = tmp_path / "uruguay.nt"
    result = kg(
        "sparql",
        "CONSTRUCT { res:Uruguay a schema:Country } WHERE {}",
        "--format",
        "nt",
        "-o",
        str(out),
        *TINY,
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == (
        "<https://w3id.org/almagro-kg/resource/Uruguay> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Country> .\n"
    )


def test_a_syntax_error_is_one_line_with_line_and_column_and_exit_2():
    result = kg("sparql", "SELECT ?s WHERE {\n  ?s ?p\n}", *TINY)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "kg: error: <query>:2:3: SPARQL syntax error: Expected SelectQuery, found '?'\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (),
            "kg: error: kg sparql: give the query as an argument, '-' for standard input, "
            "or -f FILE (one of them)\n",
        ),
        (
            ("ASK {}", "-f", "x.rq"),
            "kg: error: kg sparql: give the query as an argument, '-' for "
            "standard input, or -f FILE (one of them)\n",
        ),
        (("-f", "missing.rq"), "kg: error: missing.rq: file not found\n"),
        (
            ("SELECT ?s WHERE { ?s ?p ?o }", "--format", "nt"),
            "kg: error: --format: a SELECT query gives solutions: choose one of table, markdown, "
            "csv, tsv, json, xml\n",
        ),
    ],
)
def test_sparql_usage_errors(args, message):
    result = kg("sparql", *args, *TINY)
    assert (result.exit_code, result.stderr) == (2, message)


def one_line_error(result) -> str:
    """The one stderr line of a bad-input failure (exit 2, nothing on stdout, no traceback)."""
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_a_query_file_that_is_not_utf8_is_one_line_naming_it(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_bytes(b"\xff\xfe SELECT")
    assert one_line_error(kg("sparql", "-f", str(path), *TINY)) == (
        f"kg: error: {path}: not UTF-8 text (invalid start byte at byte 0)\n"
    )
    assert one_line_error(kg("sparql", "-", *TINY, stdin=b"ASK \xe9 {}")) == (
        "kg: error: <stdin>: not UTF-8 text (invalid continuation byte at byte 4)\n"
    )


def test_a_query_file_that_is_a_folder_is_one_line(tmp_path):
    assert one_line_error(kg("sparql", "-f", str(tmp_path), *TINY)) == (
        f"kg: error: {tmp_path}: Is a directory\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (  # a syntax error: line and column
            ("SELECT ?s\nWHERE { ?s ?p ?o ..\n}",),
            "kg: error: <query>:2:19: SPARQL syntax error: Expected SelectQuery, found '.'\n",
        ),
        (
            ("SELECT ?s WHERE {\n  ?s nope:p ?o }",),
            "kg: error: <query>:2:6: unknown prefix 'nope:'; declare it with PREFIX, or use one "
            "of akg, dcterms, doc, ev, foaf, oa, org, owl, prov, rdf, rdfs, res, schema, sh, skos, "
            "stmt, time, xsd\n",
        ),
        (  # a format the query form cannot give
            ("ASK { ?s ?p ?o }", "--format", "csv"),
            "kg: error: --format: the CSV and TSV results formats are defined for SELECT only; "
            "use table, json or xml for ASK\n",
        ),
        (
            ("DESCRIBE res:Uruguay", "--format", "markdown"),
            "kg: error: --format: a DESCRIBE query gives a graph: choose one of turtle, nt, "
            "jsonld, xml\n",
        ),
        (
            ("CONSTRUCT WHERE { ?s ?p ?o }", "--format", "json"),
            "kg: error: --format: a CONSTRUCT query gives a graph: choose one of turtle, nt, "
            "jsonld, xml\n",
        ),
        (
            ("SELECT ?l WHERE { res:OAS rdfs:label ?l FILTER (LANG(?l) = ?lang) }", "--lang", "de"),
            "kg: error: --lang: expected a language of the graph's labels, en or es; got 'de'\n",
        ),
        (
            ("SELECT ?l WHERE { res:OAS rdfs:label ?l } # ?lang", "--lang", "es"),
            "kg: error: --lang: the query has no ?lang to bind\n",
        ),
        (  # an unknown format
            ("ASK {}", "--format", "yaml"),
            "kg: error: kg sparql: Invalid value for '--format': 'yaml' is not one of 'table', "
            "'markdown', 'csv', 'tsv', 'json', 'xml', 'turtle', 'nt', 'jsonld'.\n",
        ),
    ],
)
def test_sparql_bad_input_is_one_line_with_exit_2(args, message):
    assert one_line_error(kg("sparql", *args, *TINY)) == message


def test_sparql_binds_lang_for_a_query_that_uses_it():
    labels = "SELECT ?l WHERE { res:OAS rdfs:label ?l FILTER (LANG(?l) = $lang) }"
    spanish = kg("sparql", labels, "--lang", "es", "--format", "tsv", *TINY)
    assert spanish.stdout == '?l\n"Organización de los Estados Americanos"@es\n'
    english = kg("sparql", labels, "--format", "tsv", *TINY)  # the default: en
    assert english.stdout == '?l\n"Organization of American States"@en\n'


def test_the_format_is_checked_before_the_graph_is_loaded():
    missing = ["--data", "no-such-folder"]
    assert one_line_error(kg("sparql", "ASK {}", "--format", "nt", *missing)) == (
        "kg: error: --format: an ASK query gives solutions: choose one of table, markdown, csv, "
        "tsv, json, xml\n"
    )
    assert one_line_error(kg("query", "icc_referral", "--format", "turtle", *missing)) == (
        "kg: error: --format: a SELECT query gives solutions: choose one of table, markdown, csv, "
        "tsv, json, xml\n"
    )


def test_the_catalogue_graph_is_queryable_with_kg_sparql():
    result = kg(
        "sparql",
        "SELECT (COUNT(?q) AS ?n) WHERE { GRAPH <https://w3id.org/almagro-kg/graph/catalogue> "
        "{ ?q a sh:SPARQLExecutable } }",
        "--format",
        "csv",
        *TINY,
    )
    stored = list(paths.QUERIES_DIR.glob("*.rq"))
    assert (result.exit_code, result.stdout_bytes) == (0, f"n\r\n{len(stored)}\r\n".encode())


def test_query_list_shows_name_summary_and_parameters():
    # wide enough that no parameter cell wraps
    result = run_kg("query", "--list", env={"COLUMNS": "240"})
    assert result.returncode == 0, result.stderr
    for query in catalogue.load_catalogue().values():
        assert query.name in result.stdout
    assert "who_held_post_on_date" in result.stdout
    assert "date (date, default 2016-01-01)" in result.stdout


def test_query_show_prints_the_file():
    result = kg("query", "secretary_general_terms", "--show")
    path = catalogue.find_query("secretary_general_terms").path
    assert result.stdout == path.read_text(encoding="utf-8")


def test_query_catalogue_writes_the_rdf_catalogue(tmp_path):
    out = tmp_path / "catalogue.ttl"
    assert kg("query", "--catalogue", "-o", str(out)).exit_code == 0
    graph = Graph().parse(out, format="turtle")
    asks = graph.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?query WHERE { ?query a sh:SPARQLAskExecutable ; sh:ask ?text } ORDER BY ?query""")
    assert [str(row.query) for row in asks] == [
        "https://w3id.org/almagro-kg/query/almagro_held_post"
    ]
    first = out.read_text(encoding="utf-8")
    assert kg("query", "--catalogue", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("secretary_general_term",),
            "kg: error: kg query: no stored query named 'secretary_general_term'; did you mean "
            "secretary_general_terms?\n",
        ),
        (
            ("who_held_post_on_date", "--param", "date"),
            "kg: error: --param date: expected KEY=VALUE, got 'date'\n",
        ),
        (
            ("who_held_post_on_date", "--param", "day=2016-01-01", *TINY),
            "kg: error: --param day: unknown parameter: who_held_post_on_date takes post, date, "
            "lang\n",
        ),
        (
            ("who_held_post_on_date", "--param", "date=2016-13-01", *TINY),
            "kg: error: --param date: expected a date as YYYY-MM-DD, got '2016-13-01'\n",
        ),
        (
            ("who_held_post_on_date", "--param", "post=Panel", *TINY),
            "kg: error: --param post: 'Panel' is ambiguous: it names res:PanelDiscussion "
            "(Panel), res:PanelOfExperts (Panel)\n",
        ),
        (
            ("events_in_country", "--param", "country=Almagro", *TINY),
            "kg: error: --param country: 'Almagro' is res:LuisAlmagro (schema:Person); expected "
            "an instance of schema:Country, one of Uruguay\n",
        ),
        (
            ("who_held_post_on_date", "--param", "post=Uruguay", *TINY),
            "kg: error: --param post: 'Uruguay' is res:Uruguay (schema:Country); expected an "
            "instance of org:Post, one of ForeignMinisterOfUruguay, SecretaryGeneralOfTheOAS\n",
        ),
        (
            ("events_in_country", *TINY),  # the default, Venezuela, is not in the tiny graph
            f"kg: error: {paths.QUERIES_DIR / 'events_in_country.rq'}:8: default of country: "
            "no resource is named 'Venezuela'\n",
        ),
        (
            ("countries_by_event_count", "--param", "min_events=many", *TINY),
            "kg: error: --param min_events: expected an integer, got 'many'\n",
        ),
        (
            ("timeline", "--param", "x=1", "--param", "x=2"),
            "kg: error: --param x: given twice\n",
        ),
        (
            ("triples_per_layer", "--param", "x=1", *TINY),
            "kg: error: --param x: unknown parameter: triples_per_layer takes no parameters\n",
        ),
        (
            ("icc_referral", "--format", "nt"),
            "kg: error: --format: a SELECT query gives solutions: choose one of table, markdown, "
            "csv, tsv, json, xml\n",
        ),
        (
            ("almagro_held_post", "--format", "tsv"),
            "kg: error: --format: the CSV and TSV results formats are defined for SELECT only; "
            "use table, json or xml for ASK\n",
        ),
        (
            ("entity_neighbourhood", "--format", "csv"),
            "kg: error: --format: a CONSTRUCT query gives a graph: choose one of turtle, nt, "
            "jsonld, xml\n",
        ),
        (
            ("timeline", "--format", "yaml"),
            "kg: error: kg query: Invalid value for '--format': 'yaml' is not one of 'table', "
            "'markdown', 'csv', 'tsv', 'json', 'xml', 'turtle', 'nt', 'jsonld'.\n",
        ),
        (("--readme", "no-such-README.md"), "kg: error: no-such-README.md: file not found\n"),
        ((), "kg: error: kg query: give a query NAME, or --list to see them\n"),
        (
            ("timeline", "--list"),
            "kg: error: kg query: --list, --catalogue and --readme take no query NAME\n",
        ),
        (("--check",), "kg: error: kg query: --check goes with --readme FILE\n"),
        (  # refused before the graph is opened
            ("transfers_of_people", "--lang", "fr", "--data", "no-such-folder"),
            "kg: error: --lang: expected a language of the graph's labels, en or es; got 'fr'\n",
        ),
        (
            ("transfers_of_people", "--param", "lang=EN", *TINY),
            "kg: error: --param lang: expected a language of the graph's labels, en or es; "
            "got 'EN'\n",
        ),
        (
            ("transfers_of_people", "--lang", "es", "--param", "lang=es"),
            "kg: error: --lang: given twice (here and as parameter lang)\n",
        ),
        (
            ("almagro_held_post", "--lang", "es"),
            "kg: error: --lang: almagro_held_post returns no labels: its query has no ?lang\n",
        ),
    ],
)
def test_query_errors_are_one_line_with_exit_2(args, message):
    result = kg("query", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_query_runs_a_stored_query_with_typed_parameters_on_any_data():
    result = kg(
        "query",
        "who_held_post_on_date",
        "--param",
        "post=foreign minister",
        "--param",
        "date=2015-03-01",
        "--format",
        "json",
        *TINY,
    )
    assert result.exit_code == 0
    parsed = Result.parse(io.StringIO(result.stdout), format="json")
    holder, term = Variable("holder"), Variable("term")
    assert [(str(row[holder]), str(row[term])) for row in parsed.bindings] == [
        (
            "https://w3id.org/almagro-kg/resource/LuisAlmagro",
            "https://w3id.org/almagro-kg/resource/LuisAlmagro-ForeignMinister",
        )
    ]


def test_query_readme_regenerates_the_table_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# T\n<!-- catalogue:start -->\nold\n<!-- catalogue:end -->\nend\n")
    stale = kg("query", "--readme", str(readme), "--check")
    assert (stale.exit_code, stale.stderr) == (
        1,
        f"kg: error: {readme}: the query catalogue table is stale: run `make catalogue`\n",
    )
    queries = catalogue.load_catalogue()
    assert kg("query", "--readme", str(readme)).stdout == (
        f"updated: {readme} ({len(queries)} queries)\n"
    )
    assert readme.read_text() == (
        "# T\n<!-- catalogue:start -->"
        + catalogue.readme_block(queries)
        + "<!-- catalogue:end -->\nend\n"
    )
    assert kg("query", "--readme", str(readme), "--check").exit_code == 0
    assert kg("query", "--readme", str(readme)).stdout == (
        f"unchanged: {readme} ({len(queries)} queries)\n"
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT * WHERE {\n  SERVICE <http://example.org/sparql> { ?s ?p ?o }\n}",
            "kg: error: <query>:2:3: SERVICE is not supported: queries run on the local graph "
            "only\n",
        ),
        (
            "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
            "kg: error: <query>:1:10: FROM and FROM NAMED are not supported: queries run on the "
            "local graph (its named graphs are <https://w3id.org/almagro-kg/graph/asserted>, "
            "<https://w3id.org/almagro-kg/graph/inferred> and "
            "<https://w3id.org/almagro-kg/graph/catalogue>)\n",
        ),
    ],
)
def test_queries_that_would_reach_the_network_are_refused(query, message):
    result = kg("sparql", query, *TINY)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.parametrize(
    ("text", "column", "keyword"),
    [
        ("INSERT DATA { res:a res:b res:c }", 1, "INSERT"),
        ("PREFIX x: <http://x/>\ndelete where { ?s ?p ?o }", 1, "DELETE"),
        ("CLEAR ALL", 1, "CLEAR"),
        ("  DROP GRAPH <https://w3id.org/almagro-kg/graph/asserted>", 3, "DROP"),
    ],
)
def test_updates_are_refused_as_updates_not_as_syntax_errors(text, column, keyword):
    line = text.count("\n") + 1
    assert one_line_error(kg("sparql", text, *TINY)) == (
        f"kg: error: <query>:{line}:{column}: SPARQL updates ({keyword}) are not supported: the "
        "graph is read-only here; ask with SELECT, CONSTRUCT, ASK or DESCRIBE\n"
    )


WHO_HELD_DESCRIBED = (
    "name: who_held_post_on_date\n"
    "summary: Who held a post on a given day, certainly or possibly\n"
    "description: The terms of office of a post that can cover the day, by the bounds of the "
    "time model: a term certainly covers the day when it had begun by then at the latest (its "
    "latest start) and lasted at least until then (its earliest end); it possibly covers it when "
    "it can have begun by then (its earliest start) and can have lasted until then (its latest "
    "end). A missing bound is open; a term without any bound cannot be placed and is left out. "
    "With each term, its bounds.\n"
    "tags: posts, terms, dates\n"
    "view: table\n"
    "dataset: default (runs on dist/almagro-kg-full.ttl loaded into any store's default graph)\n"
    "parameters:\n"
    "  post (entity org:Post, default SecretaryGeneralOfTheOAS): The post, by label, acronym or "
    "local name\n"
    "  date (date, default 2016-01-01): The day to ask about (YYYY-MM-DD)\n"
    "  lang (language, default en): The language of the labels, en or es (the other is the "
    "fallback)\n"
    'example: kg query who_held_post_on_date --param post="foreign minister of Uruguay" '
    "--param date=2012-06-01\n"
)


def test_query_describe_prints_the_header_without_the_sparql(tmp_path):
    cache = tmp_path / "cache"
    result = run_kg(
        "query", "who_held_post_on_date", "--describe", env={"KG_CACHE_DIR": str(cache)}
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, WHO_HELD_DESCRIBED, "")
    assert not cache.exists()  # nothing is evaluated: no store is opened, let alone built


def test_query_describe_shows_the_implicit_lang_parameter():
    assert kg("query", "entities_per_class", "--describe").stdout == (
        "name: entities_per_class\n"
        "summary: How many entities each class has\n"
        "description: For each class of the ontology, how many resources of the graph (under "
        "https://w3id.org/almagro-kg/resource/) are members of it, inferred memberships "
        "included, so a superclass counts the members of its subclasses. Largest first.\n"
        "tags: statistics, classes\n"
        "view: table\n"
        "dataset: default (runs on dist/almagro-kg-full.ttl loaded into any store's default "
        "graph)\n"
        "parameters:\n"
        "  lang (language, default en): The language of the labels, en or es (the other is the "
        "fallback)\n"
        "example: kg query entities_per_class\n"
    )
    assert "\nparameters: none\n" in kg("query", "triples_per_layer", "--describe").stdout


def test_query_describe_as_json():
    result = kg("query", "who_held_post_on_date", "--describe", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "name": "who_held_post_on_date",
        "summary": "Who held a post on a given day, certainly or possibly",
        "description": WHO_HELD_DESCRIBED.splitlines()[2].removeprefix("description: "),
        "tags": ["posts", "terms", "dates"],
        "view": "table",
        "dataset": "default",
        "parameters": [
            {
                "name": "post",
                "type": "entity",
                "class": "org:Post",
                "default": "SecretaryGeneralOfTheOAS",
                "description": "The post, by label, acronym or local name",
            },
            {
                "name": "date",
                "type": "date",
                "class": None,
                "default": "2016-01-01",
                "description": "The day to ask about (YYYY-MM-DD)",
            },
            {
                "name": "lang",
                "type": "language",
                "class": None,
                "default": "en",
                "description": "The language of the labels, en or es (the other is the fallback)",
            },
        ],
        "example": 'kg query who_held_post_on_date --param post="foreign minister of Uruguay" '
        "--param date=2012-06-01",
    }
    empty = json.loads(kg("query", "triples_per_layer", "--describe", "--format", "json").stdout)
    assert empty["parameters"] == [] and empty["tags"] == ["statistics", "layers"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--describe",), "kg: error: --describe: give a query NAME\n"),
        (
            ("--list", "--describe"),
            "kg: error: --describe: give a query NAME, not --list, --catalogue or --readme\n",
        ),
        (
            ("timeline", "--describe", "--param", "x=1"),
            "kg: error: --describe: runs nothing: it takes no --param or --lang\n",
        ),
        (
            ("transfers_of_people", "--describe", "--lang", "es"),
            "kg: error: --describe: runs nothing: it takes no --param or --lang\n",
        ),
        (
            ("timeline", "--describe", "--show"),
            "kg: error: --describe: goes without --show (one or the other)\n",
        ),
        (
            ("timeline", "--describe", "--format", "csv"),
            "kg: error: --describe: prints text (the default) or json, not csv\n",
        ),
        (
            ("secretary_general_term", "--describe"),
            "kg: error: kg query: no stored query named 'secretary_general_term'; did you mean "
            "secretary_general_terms?\n",
        ),
    ],
)
def test_query_describe_usage_errors_are_one_line_with_exit_2(args, message):
    result = kg("query", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def whole_names(text: str) -> set[str]:
    """The names --list shows, each a whole word of a line (a table cell or a line of its own)."""
    words = {word for line in text.splitlines() for word in line.replace("│", " ").split()}
    return set(catalogue.load_catalogue()) & words


@pytest.mark.parametrize("columns", ["40", "200"])
def test_query_list_never_cuts_a_name_whatever_the_terminal_width(columns):
    result = run_kg("query", "--list", env={"COLUMNS": columns})
    assert result.returncode == 0
    assert whole_names(result.stdout) == set(catalogue.load_catalogue())
    assert "…" not in result.stdout


@pytest.mark.parametrize("width", [20, 40, 60, 80, 200])
def test_query_list_on_a_terminal_of_any_width_keeps_names_whole(width):
    text = list_text(catalogue.load_catalogue(), width)
    assert whole_names(text) == set(catalogue.load_catalogue())
    assert "…" not in text


# ---- what people read: label columns, widths, views ---------------------------------------------

POSTS = (
    "SELECT ?post ?postLabel ?org WHERE { ?post org:postIn ?org ; rdfs:label ?postLabel "
    'FILTER (LANG(?postLabel) = "en") } ORDER BY ?post'
)


def test_sparql_merges_a_label_column_in_markdown_and_keeps_it_in_csv():
    markdown = kg("sparql", POSTS, "--format", "markdown", *TINY)
    assert markdown.stdout == (
        "| post | org |\n| --- | --- |\n"
        "| Secretary General of the OAS (`res:SecretaryGeneralOfTheOAS`) | res:OAS |\n"
    )
    csv_ = kg("sparql", POSTS, "--format", "csv", *TINY)
    assert csv_.stdout.splitlines() == [
        "post,postLabel,org",
        "https://w3id.org/almagro-kg/resource/SecretaryGeneralOfTheOAS,"
        "Secretary General of the OAS,https://w3id.org/almagro-kg/resource/OAS",
    ]


@pytest.mark.parametrize(("columns", "layout"), [("30", "─" * 30), ("200", "┏")])
def test_a_piped_table_fits_columns_and_keeps_identifiers_whole(columns, layout):
    result = run_kg("sparql", POSTS, *TINY, env={"COLUMNS": columns})
    lines = result.stdout.splitlines()
    assert lines[0].startswith(layout) and lines[-1] == "1 row(s)"
    assert max(len(line) for line in lines) <= int(columns)
    words = {word for line in lines for word in line.strip("│ ").split()}
    assert {"res:SecretaryGeneralOfTheOAS", "res:OAS"} <= words
    assert "\x1b" not in result.stdout


def test_without_columns_piped_output_is_160_wide():
    long = "SELECT ?x WHERE { VALUES ?x { '" + "word " * 60 + "' } }"
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    result = subprocess.run(
        [sys.executable, "-m", "kg", "sparql", long, *TINY],
        capture_output=True, text=True, env=env, cwd=paths.ROOT, timeout=300,
    )  # fmt: skip
    assert max(len(line) for line in result.stdout.splitlines()) == 160


def csv_rows(*args: str) -> list[dict[str, str]]:
    """The query's rows, by column name (robust to label columns added beside them)."""
    result = run_kg("query", *args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


@pytest.mark.parametrize("columns", ["60", "200"])
def test_a_timeline_query_prints_a_timeline_unless_a_format_is_given(columns):
    result = run_kg("query", "almagro_career", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = csv_rows("almagro_career")
    assert (lines[0], lines[-1]) == ("almagro_career", f"{len(rows)} row(s)")
    assert max(len(line) for line in lines) <= int(columns)
    # the foreign minister's term, dated from start to end as the sources state them
    assert any(line.startswith("2010-03-01 – 2015-03-01  ") for line in lines)
    assert sum(line.split("  ")[0] == "undated" for line in lines) == sum(
        not row["start"] and not row["earliestStart"] for row in rows
    )
    table = run_kg("query", "almagro_career", "--format", "table", env={"COLUMNS": columns})
    assert table.stdout.splitlines()[0] == "almagro_career"
    assert (
        "2010-03-01 – 2015-03-01" not in table.stdout and "res:AlmagroSenatorTerm" in table.stdout
    )


@pytest.mark.parametrize("columns", ["60", "200"])
def test_a_stored_query_table_fits_and_never_cuts_an_identifier(columns):
    from kg.namespaces import compact

    result = run_kg("query", "events_in_country", "--format", "table", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = csv_rows("events_in_country")
    assert (lines[0], lines[-1]) == ("events_in_country", f"{len(rows)} row(s)")
    assert max(len(line) for line in lines) <= int(columns)
    words = {word for line in lines for word in line.strip("│ ").split()}
    identifiers = {compact(row[key]) for row in rows for key in ("event", "kind")}
    assert identifiers <= words
    assert {row["date"] for row in rows if row["date"]} <= words
    assert "\x1b" not in result.stdout


def test_a_graph_query_prints_its_edges():
    result = run_kg("query", "organization_hierarchy")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = csv_rows("organization_hierarchy")
    assert (lines[0], lines[-1]) == ("organization_hierarchy", f"{len(rows)} edge(s)")
    edges = lines[1:-1]
    assert len(edges) == len(rows)
    for edge, row in zip(edges, rows, strict=True):
        assert " —partOf→ " in edge
        assert edge.endswith(f"(direct: {row['direct']})")
    # each resource by its label (the query's ?unitLabel and ?partOfLabel), as the table shows it
    maccih = "Mission to Support the Fight Against Corruption and Impunity in Honduras"
    assert f"{maccih} —partOf→ Organization of American States  (direct: true)" in edges


def test_a_construct_query_with_a_graph_view_prints_its_triples_as_edges():
    result = run_kg("query", "describe_entity", "--param", "entity=GRULAC")
    assert result.returncode == 0, result.stderr
    triples = run_kg("query", "describe_entity", "--param", "entity=GRULAC", "--format", "nt")
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    edges = [line for line in triples.stdout.splitlines() if f" {label} " not in line]
    lines = result.stdout.splitlines()
    assert (lines[0], lines[-1]) == ("describe_entity", f"{len(edges)} edge(s)")
    assert "Group of Latin American and Caribbean States —rdf:type→ akg:RegionalGroup" in lines
    assert "GRULAC [es]" in result.stdout  # the alias's language is kept
    turtle = run_kg("query", "describe_entity", "--param", "entity=GRULAC", "--format", "table")
    assert turtle.stdout.startswith("@prefix")


@pytest.mark.parametrize(
    ("columns", "separator", "separators"),
    [("80", "─" * 40, lambda count: count + 1), ("120", "├", lambda count: count - 1)],
)
def test_evidence_fits_the_terminal_and_separates_rows(columns, separator, separators):
    result = run_kg("evidence", "MACCIH", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # the table, its count, then each document's citation (wrapped, continued lines indented)
    end = next(i for i, line in enumerate(lines) if line.endswith(" fact-passage pairs"))
    count = int(lines[end].removesuffix(" fact-passage pairs"))
    assert count > 1 and lines[0].startswith("Evidence for ")
    assert max(len(line) for line in lines[1:]) <= int(columns)
    assert sum(line.startswith(separator) for line in lines) == separators(count)
    words = {word for line in lines[:end] for word in line.strip("│ ").split()}
    assert "res:MACCIH" in words
    cited = lines[end + 1 :]
    assert cited and all(line.startswith(("source: “", "  ")) for line in cited)
    sources = " ".join(line.strip() for line in cited).split("source: ")[1:]
    assert len(sources) == 2  # the two documents MACCIH's facts are quoted from
    assert any(s.startswith("“Luis Almagro: sentences from the English-language") for s in sources)


def test_a_terminal_gets_styles_and_no_color_turns_them_off():
    import pty

    def on_a_terminal(env: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "sparql", POSTS, *TINY],
            stdout=follower, stderr=subprocess.PIPE, cwd=paths.ROOT,
            env={**os.environ, "COLUMNS": "100", **env},
        )  # fmt: skip
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed: the command has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=300) == 0
        return b"".join(chunks).decode()

    assert "\x1b[2mres:SecretaryGeneralOfTheOAS\x1b[0m" in on_a_terminal({})
    assert "\x1b" not in on_a_terminal({"NO_COLOR": "1"})
