"""Limits on a query: its running time, its rows and its text, in the library, the Python API and
`kg query` / `kg sparql` (where a query past its time is stopped by ending the process)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import limits
from kg.cli import main
from kg.engines import FULL, run
from kg.engines.oxigraph_engine import OxigraphEngine
from kg.errors import KGError, Location
from kg.graph import KnowledgeGraph
from tests.conftest import ROOT, run_kg

TINY_DATA = Path(__file__).parent / "fixtures" / "queries" / "data"
TINY = ["--data", str(TINY_DATA)]
# Hours of work on the tiny graph (its default graph holds about 1250 triples): a 4-way cross
# product, counted (one row, so only a timeout stops it) or listed (stopped by the row limit).
COUNT_FOREVER = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIST_FOREVER = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CONSTRUCT_FOREVER = "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMED_OUT = "kg: error: --timeout: the query took longer than 0.5 s and was stopped\n"


def kg(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, prog_name="kg")


def refusal(call, *args, **kwargs) -> KGError:
    with pytest.raises(KGError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return KnowledgeGraph.load(TINY_DATA)


@pytest.fixture(scope="module")
def warm_store(tiny) -> None:
    """The tiny graph's store is built before a CLI run is timed (the build is not the query)."""
    assert run_kg("sparql", "ASK {}", *TINY).returncode == 0


# ---- Limits: the defaults, and what a limit may be ----------------------------------------------


def test_the_documented_defaults():
    assert limits.DEFAULT_TIMEOUT == 60
    assert limits.DEFAULT_MAX_ROWS == 100_000
    assert limits.DEFAULT_MAX_QUERY_BYTES == 100_000
    assert limits.Limits() == limits.Limits(60.0, 100_000, 100_000)
    assert limits.Limits(None, None, None) == limits.NO_LIMITS


@pytest.mark.parametrize("value", [0, -1, 0.0, math.nan, math.inf, True, "5", [5]])
def test_a_timeout_is_a_positive_number_of_seconds(value):
    error = refusal(limits.Limits, timeout=value)
    assert error.where == Location(option="timeout")
    assert error.message == f"expected a positive number of seconds, got {value!r}"


@pytest.mark.parametrize("value", [0, -3, 1.5, True, "10"])
def test_a_row_limit_is_a_positive_whole_number(value):
    error = refusal(limits.Limits, max_rows=value)
    assert error.where == Location(option="max-rows")
    assert error.message == f"expected a positive whole number of rows, got {value!r}"


def test_limits_take_ints_and_none():
    assert limits.Limits(timeout=2, max_rows=5).timeout == 2.0
    assert limits.Limits(timeout=None, max_rows=None).max_rows is None


# ---- the row limit: reading stops after max_rows + 1 -------------------------------------------


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
def test_more_rows_than_the_limit_is_an_error_naming_the_option(tiny, engine_name):
    engine = tiny.engine(engine_name)
    capped = limits.Limits(timeout=None, max_rows=3)
    text = "SELECT ?s WHERE { ?s a ?kind } ORDER BY ?s"
    error = refusal(run, engine, text, FULL, None, "<query>", capped)
    assert (error.where, error.message) == (
        Location(option="max-rows"),
        "more than 3 rows; add LIMIT to the query or raise the limit",
    )
    exactly = run(engine, text + " LIMIT 3", FULL, None, "<query>", capped)
    assert len(exactly.rows) == 3
    graph = refusal(run, engine, "CONSTRUCT WHERE { ?s a ?kind }", FULL, None, "<q>", capped)
    assert graph.message == "more than 3 triples; add LIMIT to the query or raise the limit"


def test_the_row_limit_stops_reading_a_query_that_would_never_end(tiny):
    started = time.monotonic()
    error = refusal(
        run, tiny.engine(), LIST_FOREVER, FULL, None, "<query>", limits.Limits(None, 1000)
    )
    assert error.message.startswith("more than 1000 rows")
    graph = refusal(
        run, tiny.engine(), CONSTRUCT_FOREVER, FULL, None, "<query>", limits.Limits(None, 1000)
    )
    assert graph.message.startswith("more than 1000 triples")
    assert time.monotonic() - started < 5


def test_without_limits_run_is_unchanged(tiny):
    result = run(tiny.engine(), "SELECT ?s WHERE { ?s a ?kind }")
    assert len(result.rows) > 3


# ---- the query text's size, checked before parsing ----------------------------------------------


def test_a_query_larger_than_the_limit_is_refused_before_it_is_parsed(tiny):
    text = "SELECT * WHERE { " + "?s ?p ?o . " * 20_000 + "  ..."  # 220 KB, and not SPARQL
    error = refusal(run, tiny.engine(), text, FULL, None, "<query>", limits.Limits())
    assert (error.where, error.message) == (
        Location(query="<query>"),
        f"the query text is {len(text)} bytes, more than the limit of 100000",
    )
    small = limits.Limits(max_query_bytes=10)
    assert refusal(run, tiny.engine(), "ASK { ?s ?p ?o }", FULL, None, "q", small).message == (
        "the query text is 16 bytes, more than the limit of 10"
    )


def test_the_size_limit_counts_utf8_bytes():
    limits.check_text("é" * 50, "<q>", limits.Limits(max_query_bytes=100))
    error = refusal(limits.check_text, "é" * 51, "<q>", limits.Limits(max_query_bytes=100))
    assert error.message == "the query text is 102 bytes, more than the limit of 100"


# ---- the timeout in the library: a worker process that is killed --------------------------------


def test_a_timeout_stops_the_query_in_a_worker_and_the_engine_still_answers(tiny):
    engine = tiny.engine()
    started = time.monotonic()
    error = refusal(run, engine, COUNT_FOREVER, FULL, None, "<query>", limits.Limits(0.5))
    elapsed = time.monotonic() - started
    assert (error.where, error.message) == (
        Location(option="timeout"),
        "the query took longer than 0.5 s and was stopped",
    )
    assert elapsed < 3
    answer = run(engine, "ASK { ?s ?p ?o }", FULL, None, "<query>", limits.Limits(0.5))
    assert answer.boolean is True


def test_the_worker_is_kept_between_queries_and_replaced_after_a_timeout(tiny):
    engine = tiny.engine()
    timed = limits.Limits(timeout=10)
    run(engine, "ASK { ?s ?p ?o }", FULL, None, "<query>", timed)
    first = limits.worker_for(engine).pid
    run(engine, "SELECT ?s { ?s a ?k } LIMIT 2", FULL, None, "<query>", timed)
    assert limits.worker_for(engine).pid == first != os.getpid()
    refusal(run, engine, COUNT_FOREVER, FULL, None, "<query>", limits.Limits(0.3))
    assert limits.worker_for(engine).pid is None
    run(engine, "ASK { ?s ?p ?o }", FULL, None, "<query>", timed)
    assert limits.worker_for(engine).pid not in (None, first)


def test_errors_and_the_row_limit_come_back_from_the_worker(tiny):
    engine = tiny.engine()
    error = refusal(run, engine, "SELECT ?s\nWHERE { ?s ?p ?o ..\n}", FULL, None, "q.rq")
    assert error.where.line == 2
    worker = refusal(
        run, engine, "SELECT ?s\nWHERE { ?s ?p ?o ..\n}", FULL, None, "q.rq", limits.Limits()
    )
    assert (worker.where, worker.message) == (error.where, error.message)
    rows = refusal(run, engine, LIST_FOREVER, FULL, None, "<query>", limits.Limits(10, 5))
    assert rows.where == Location(option="max-rows")


def test_no_timeout_runs_in_this_process(tiny):
    engine = OxigraphEngine(tiny.data.store)
    run(engine, "ASK { ?s ?p ?o }", FULL, None, "<query>", limits.Limits(timeout=None))
    assert limits.worker_for(engine).pid is None


# ---- the timeout and the row limit in the Python API --------------------------------------------


def test_the_api_stops_a_query_past_its_timeout_and_keeps_working(tiny):
    started = time.monotonic()
    error = refusal(tiny.sparql, COUNT_FOREVER, timeout=0.5)
    assert (error.where, error.message) == (
        Location(option="timeout"),
        "the query took longer than 0.5 s and was stopped",
    )
    assert time.monotonic() - started < 3
    assert tiny.sparql("ASK { ?s ?p ?o }") is True
    assert tiny.query("who_held_post_on_date", post="foreign minister", date="2015-03-01")


def test_the_api_has_a_row_limit(tiny):
    error = refusal(tiny.sparql, "SELECT ?s { ?s a ?k }", max_rows=2)
    assert (error.where, error.message) == (
        Location(option="max-rows"),
        "more than 2 rows; add LIMIT to the query or raise the limit",
    )
    assert refusal(tiny.query, "timeline", max_rows=1).where == Location(option="max-rows")
    rows = tiny.run("timeline", max_rows=1000, timeout=None).rows
    assert len(rows) > 1
    assert len(tiny.sparql("SELECT ?s { ?s a ?k }", max_rows=None, timeout=None)) > 2


def test_the_api_validates_its_limits(tiny):
    assert refusal(tiny.sparql, "ASK {}", timeout=0).where == Location(option="timeout")
    assert refusal(tiny.query, "timeline", max_rows=-1).where == Location(option="max-rows")


# ---- the CLI: --timeout and --max-rows ----------------------------------------------------------


def test_kg_sparql_stops_at_its_timeout_with_one_line_and_exit_2(warm_store):
    started = time.monotonic()
    result = run_kg("sparql", COUNT_FOREVER, "--timeout", "0.5", *TINY)
    elapsed = time.monotonic() - started
    assert (result.returncode, result.stdout, result.stderr) == (2, "", TIMED_OUT)
    assert elapsed < 5


def test_kg_sparql_timeout_covers_the_syntax_check(warm_store):
    # Oxigraph's planner takes many seconds on a query of a few hundred patterns.
    text = "SELECT ?s WHERE { " + " ".join(f'?s rdfs:label "n{i}" .' for i in range(400)) + " }"
    started = time.monotonic()
    result = run_kg("sparql", text, "--timeout", "0.5", *TINY)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", TIMED_OUT)
    assert time.monotonic() - started < 5


def test_kg_query_stops_at_its_timeout(warm_store, tmp_path):
    """A stored query that runs forever: the catalogue folder is pointed at a copy holding one."""
    queries = tmp_path / "queries"
    queries.mkdir()
    for path in (ROOT / "queries").glob("*.rq"):
        (queries / path.name).write_bytes(path.read_bytes())
    header = "#+ summary: s\n#+ description: d\n#+ tags: [t]\n#+ view: table\n"
    (queries / "forever.rq").write_text(header + "#+ example: kg query forever\n" + COUNT_FOREVER)
    code = (
        "import pathlib, sys\n"
        "from kg import paths\n"
        "paths.QUERIES_DIR = pathlib.Path(sys.argv[1])\n"
        "from kg.cli import main\n"
        "sys.argv = ['kg', *sys.argv[2:]]\n"
        "main()\n"
    )
    args = [str(queries), "query", "forever", "--timeout", "0.5", *TINY]
    warm = subprocess.run(
        [sys.executable, "-c", code, *args[:2], "timeline", *TINY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert warm.returncode == 0, warm.stderr  # the store with this catalogue is built
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, "", TIMED_OUT)
    assert time.monotonic() - started < 5


def test_kg_sparql_stops_reading_rows_past_max_rows(warm_store):
    started = time.monotonic()
    result = run_kg("sparql", LIST_FOREVER, "--max-rows", "1000", *TINY)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "kg: error: --max-rows: more than 1000 rows; add LIMIT to the query or raise the limit\n",
    )
    default = run_kg("sparql", LIST_FOREVER, "--format", "csv", *TINY)
    assert (default.returncode, default.stdout, default.stderr) == (
        2,
        "",
        "kg: error: --max-rows: more than 100000 rows; add LIMIT to the query or raise the limit\n",
    )
    assert time.monotonic() - started < 20


def test_kg_query_has_a_row_limit():
    result = kg("query", "timeline", "--max-rows", "1", *TINY)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "kg: error: --max-rows: more than 1 rows; add LIMIT to the query or raise the limit\n",
    )
    assert kg("query", "timeline", "--max-rows", "1000", "--timeout", "30", *TINY).exit_code == 0


def test_kg_sparql_refuses_a_query_text_past_the_size_limit(tmp_path):
    path = tmp_path / "big.rq"
    path.write_text("SELECT * WHERE { " + "?s ?p ?o . " * 20_000 + " ...", encoding="utf-8")
    result = kg("sparql", "-f", str(path), "--data", "no-such-folder")
    size = path.stat().st_size
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"kg: error: {path}: the query text is {size} bytes, more than the limit of 100000\n",
    )
    stdin = kg("sparql", "-", "--data", "no-such-folder", stdin=path.read_text())
    assert stdin.stderr == (
        f"kg: error: <stdin>: the query text is {size} bytes, more than the limit of 100000\n"
    )


@pytest.mark.parametrize("command", [("sparql", "ASK {}"), ("query", "timeline")])
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "0", "expected a positive number of seconds, got '0'"),
        ("--timeout", "-2", "expected a positive number of seconds, got '-2'"),
        ("--timeout", "soon", "expected a positive number of seconds, got 'soon'"),
        ("--timeout", "nan", "expected a positive number of seconds, got 'nan'"),
        ("--timeout", "inf", "expected a positive number of seconds, got 'inf'"),
        ("--max-rows", "0", "expected a positive whole number of rows, got '0'"),
        ("--max-rows", "2.5", "expected a positive whole number of rows, got '2.5'"),
        ("--max-rows", "many", "expected a positive whole number of rows, got 'many'"),
    ],
)
def test_the_limit_options_are_validated_before_the_graph_is_loaded(
    command, option, value, message
):
    result = kg(*command, option, value, "--data", "no-such-folder")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"kg: error: {option}: {message}\n",
    )


def test_the_limit_options_and_their_defaults_are_documented():
    for command in ("query", "sparql"):
        text = " ".join(kg(command, "--help").stdout.split())
        assert "--timeout SECONDS" in text and "default: 60" in text
        assert "--max-rows N" in text and "default: 100000" in text


def test_kg_query_imports_no_multiprocessing():
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        "sys.argv = ['kg', 'query', 'timeline', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('multiprocessing' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *TINY], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.splitlines()[-1] == "False", result.stderr
