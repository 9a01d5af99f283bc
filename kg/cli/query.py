"""`kg query` (the stored questions in queries/*.rq) and `kg sparql` (ad hoc SPARQL).

Thin shells: parse the options, make one library call, render. Nothing heavy is imported here:
on a built store, a query loads neither rdflib's SPARQL engine, owlrl nor pyshacl.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import catalogue
from kg.cli import main
from kg.cli.options import data_option, ontology_option, progress, styled, terminal_width
from kg.engines import DATASETS, DEFAULT_ENGINE, ENGINES
from kg.errors import EXIT_NONCONFORMANT, KGError, Location
from kg.files import write_atomic
from kg.limits import (
    DEFAULT_MAX_QUERY_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    Limits,
    Watchdog,
    check_max_rows,
    check_text,
    check_timeout,
)
from kg.query.formats import check_format, format_names

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(format_names()),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, markdown, csv, tsv, json, xml (the W3C results formats); "
    "CONSTRUCT/DESCRIBE: turtle (also for 'table'), nt, jsonld, xml.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=DEFAULT_ENGINE,
    show_default=True,
    help="oxigraph (the built store, fast) or rdflib (the reference engine).",
)
dataset_option = click.option(
    "--dataset",
    "dataset_name",
    type=click.Choice(tuple(DATASETS)),
    default="full",
    show_default=True,
    help="full: the default graph is asserted + inferred; asserted: the asserted layer only.",
)
asserted_option = click.option(
    "--asserted",
    "asserted_only",
    is_flag=True,
    help="Same as --dataset asserted.",
)
timeout_option = click.option(
    "--timeout",
    metavar="SECONDS",
    default=None,
    help=f"Stop the query after this many seconds (default: {DEFAULT_TIMEOUT:g}); past it, "
    "one line on stderr and exit 2. Building a stale store is not counted.",
)
max_rows_option = click.option(
    "--max-rows",
    metavar="N",
    default=None,
    help=f"Refuse an answer of more than N rows, or triples (default: {DEFAULT_MAX_ROWS}): "
    f"exit 2. Query text over {DEFAULT_MAX_QUERY_BYTES} bytes is refused too.",
)
lang_option = click.option(
    "--lang",
    metavar="LANG",
    default=None,
    help="The language of the labels (the ?xLabel columns of a query that uses ?lang): en "
    "(default) or es; a thing without a label in it shows its label in the other.",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)


def color(output: Path | None) -> bool:
    """Styles (a dim identifier beside its label) on a terminal only, never in a file."""
    return output is None and styled()


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


def _graph(data_dir: Path | None, ontology: Path | None, engine: str):
    from kg.graph import KnowledgeGraph

    graph = KnowledgeGraph.load(data_dir, ontology, engine=engine, progress=progress)
    progress.close()  # the spinner, if any, is gone before the output
    return graph


def _parsed(text: str, kind: type) -> object:
    """`text` as a number of `kind`, or None when it is not one (the check then refuses it)."""
    try:
        return kind(text)
    except ValueError:
        return None


def _limits(timeout: str | None, max_rows: str | None) -> Limits:
    """The --timeout and --max-rows options (text) as Limits; a bad value is a one-line error
    naming the option and quoting what was typed (kg.limits does the checking)."""
    seconds, rows = DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS
    if timeout is not None:
        seconds = check_timeout(_parsed(timeout, float), timeout)
    if max_rows is not None:
        rows = check_max_rows(_parsed(max_rows, int), max_rows)
    return Limits(seconds, rows)


def _watchdog(limits: Limits) -> Watchdog:
    """Ends the process with the one-line error when the query's work runs past the timeout
    (Oxigraph cannot be interrupted; the CLI process is disposable)."""
    from kg.cli import render

    return Watchdog(limits.timeout, lambda error: f"kg: error: {render(error)}")


def _check_syntax(text: str, source: str) -> None:
    """Parse `text` by running it on an empty in-memory store: a syntax error is reported
    before the graph is opened, let alone built."""
    import pyoxigraph

    from kg.engines import FULL
    from kg.engines.oxigraph_engine import OxigraphEngine

    OxigraphEngine(pyoxigraph.Store()).evaluate(text, FULL, source)


# Below this many columns beside the longest name, --list prints one query per block instead
# of a table: a table would squeeze the summary and parameters to nothing.
_LIST_ROOM = 40


def list_text(queries: dict[str, catalogue.StoredQuery], width: int) -> str:
    """`kg query --list` at `width` columns. A name is never cut, folded or wrapped: its column
    is as wide as the longest name; on a terminal too narrow for the table each query is a block
    (the name on a line of its own, then the summary and parameters, indented)."""
    import io
    import textwrap

    from rich.console import Console
    from rich.table import Table

    longest = max((len(name) for name in queries), default=4)
    if width < longest + _LIST_ROOM:
        blocks = []
        for query in queries.values():
            lines = [query.name]
            lines += textwrap.wrap(
                query.summary, max(width - 2, 20), initial_indent="  ", subsequent_indent="  "
            )
            lines += [f"  {p.signature()}" for p in query.parameters]
            blocks.append("\n".join(lines) + "\n")
        return "\n".join(blocks)
    table = Table(title="Stored queries (kg query NAME)", show_lines=False)
    table.add_column("name", no_wrap=True, min_width=longest)
    for column in ("summary", "parameters"):
        table.add_column(column, overflow="fold")
    for query in queries.values():
        params = "\n".join(p.signature() for p in query.parameters) or "—"
        table.add_row(query.name, query.summary, params)
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(table)
    return out.getvalue()


def _print_list(queries: dict[str, catalogue.StoredQuery]) -> None:
    sys.stdout.write(list_text(queries, terminal_width()))


def describe_text(query: catalogue.StoredQuery) -> str:
    """`kg query NAME --describe`: the header's fields as `key: value` lines, one per field
    (parameters one per line below `parameters:`), never wrapped; no SPARQL text."""
    lines = [
        f"name: {query.name}",
        f"summary: {query.summary}",
        f"description: {query.description}",
        f"tags: {', '.join(query.tags)}",
        f"view: {query.view}",
        f"dataset: {query.dataset} ({catalogue.LAYOUTS[query.dataset]})",
    ]
    if query.parameters:
        lines.append("parameters:")
        lines += [f"  {p.signature()}: {p.description}" for p in query.parameters]
    else:
        lines.append("parameters: none")
    lines.append(f"example: {query.example}")
    return "\n".join(lines) + "\n"


def describe_json(query: catalogue.StoredQuery) -> str:
    """`kg query NAME --describe --format json`: the same fields as one JSON object."""
    import json

    document = {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "view": query.view,
        "dataset": query.dataset,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "class": p.of_class,
                "default": p.default,
                "description": p.description,
            }
            for p in query.parameters
        ],
        "example": query.example,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _catalogue_action(
    list_: bool,
    catalogue_: bool,
    readme: Path | None,
    check: bool,
    output: Path | None,
    graph_inputs: tuple[Path | None, Path | None, str],
) -> None:
    queries = catalogue.load_catalogue()
    if list_:
        _print_list(queries)
    elif catalogue_:
        # The parameters' entity defaults are published as the resources they resolve to.
        engine = _graph(*graph_inputs).engine()
        _emit(catalogue.catalogue_turtle(queries, engine), output)
    elif check:
        if not catalogue.readme_is_current(readme, queries):
            raise KGError(
                "the query catalogue table is stale: run `make catalogue`",
                where=str(readme),
                exit_code=EXIT_NONCONFORMANT,
            )
    else:
        changed = catalogue.update_readme(readme, queries)
        click.echo(f"{'updated' if changed else 'unchanged'}: {readme} ({len(queries)} queries)")


def _check_describe(
    name: str | None, params: tuple[str, ...], fmt: str, show: bool, catalogue_action: bool
) -> None:
    """--describe goes with a query NAME alone: no --param, --show, --list, --catalogue or
    --readme, and --format table (text, the default) or json."""
    if catalogue_action:
        raise KGError("give a query NAME, not --list, --catalogue or --readme", where="--describe")
    if name is None:
        raise KGError("give a query NAME", where="--describe")
    if params:
        raise KGError("runs nothing: it takes no --param or --lang", where="--describe")
    if show:
        raise KGError("goes without --show (one or the other)", where="--describe")
    if fmt not in ("table", "json"):
        raise KGError(f"prints text (the default) or json, not {fmt}", where="--describe")


@main.command("query")
@click.argument("name", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value (repeatable); omitted parameters take their defaults.",
)
@format_option
@engine_option
@dataset_option
@asserted_option
@click.option("--list", "list_", is_flag=True, help="List the stored queries and exit.")
@click.option("--show", is_flag=True, help="Print the query's text (header included) and exit.")
@click.option(
    "--describe",
    is_flag=True,
    help="Print the query's summary, description, tags, view, parameters and example, without "
    "its SPARQL text, and exit (nothing is run; --format json gives a JSON object).",
)
@click.option(
    "--catalogue",
    "catalogue_",
    is_flag=True,
    help="Write the catalogue as RDF (sh:SPARQLExecutable, Turtle) and exit.",
)
@click.option(
    "--readme",
    type=click.Path(path_type=Path),
    default=None,
    help="Regenerate the catalogue table between the README's catalogue markers and exit.",
)
@click.option("--check", is_flag=True, help="With --readme: only check; exit 1 when it is stale.")
@lang_option
@timeout_option
@max_rows_option
@output_option
@data_option
@ontology_option
def query(
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    engine: str,
    dataset_name: str,
    asserted_only: bool,
    list_: bool,
    show: bool,
    describe: bool,
    catalogue_: bool,
    readme: Path | None,
    check: bool,
    lang: str | None,
    timeout: str | None,
    max_rows: str | None,
    output: Path | None,
    data_dir: Path | None,
    ontology: Path | None,
) -> None:
    """Run the stored query NAME (see --list) on the graph. A query whose header says
    `view: timeline` or `view: graph` prints a timeline or its edges unless --format is given
    (--format table: the table; CONSTRUCT: Turtle)."""
    limits = _limits(timeout, max_rows)
    if check and readme is None:
        raise KGError("--check goes with --readme FILE", where="kg query")
    if describe:
        given = params if lang is None else (*params, f"lang={lang}")
        _check_describe(name, given, fmt, show, list_ or catalogue_ or readme is not None)
    if list_ or catalogue_ or readme is not None:
        if name is not None:
            raise KGError("--list, --catalogue and --readme take no query NAME", where="kg query")
        _catalogue_action(list_, catalogue_, readme, check, output, (data_dir, ontology, engine))
        return
    if name is None:
        raise KGError("give a query NAME, or --list to see them", where="kg query")
    try:
        stored = catalogue.find_query(name, check_classes=False)
    except KGError as err:
        hint = "" if "did you mean" in err.message else "; see `kg query --list`"
        raise KGError(err.message + hint, where="kg query") from None
    if show:
        _emit(stored.text, output)
        return
    if describe:
        _emit(describe_json(stored) if fmt == "json" else describe_text(stored), output)
        return
    from kg.query import bind_parameters, with_language
    from kg.query.parameters import parse_param_options

    values = with_language(stored, parse_param_options(params), lang, Location(option="lang"))
    check_format(stored.form, fmt)  # before the graph is loaded: bad input fails fast
    from dataclasses import replace

    from kg.engines import dataset, run
    from kg.query.display import view_text
    from kg.query.formats import format_result

    graph = _graph(data_dir, ontology, engine)
    description = dataset("asserted" if asserted_only else dataset_name)
    chosen = graph.engine()
    with _watchdog(limits):
        bindings = bind_parameters(chosen, stored, values)
        result = run(
            chosen,
            stored.text,
            description,
            bindings,
            str(stored.path),
            replace(limits, timeout=None),  # the watchdog keeps the time
        )
        answer = None
        if click.get_current_context().get_parameter_source("fmt").name == "DEFAULT":
            answer = view_text(result, stored.view, name, terminal_width())
        if answer is None:
            answer = format_result(result, fmt, name, terminal_width(), color(output))
    _emit(answer, output)


@main.command("sparql")
@click.argument("text", required=False, metavar="QUERY")
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Read the query from this file.",
)
@format_option
@engine_option
@dataset_option
@asserted_option
@lang_option
@timeout_option
@max_rows_option
@output_option
@data_option
@ontology_option
def sparql(
    text: str | None,
    query_file: Path | None,
    fmt: str,
    engine: str,
    dataset_name: str,
    asserted_only: bool,
    lang: str | None,
    timeout: str | None,
    max_rows: str | None,
    output: Path | None,
    data_dir: Path | None,
    ontology: Path | None,
) -> None:
    """Run an ad hoc SPARQL QUERY (text, `-` for standard input, or -f FILE); the project's
    prefixes (res:, akg:, schema:, org:, prov: ...) are predeclared. The default graph is the
    full graph; the named graphs are <https://w3id.org/almagro-kg/graph/asserted>, .../inferred
    and .../catalogue (the stored queries as sh:SPARQLExecutable). ?lang is reserved: a query
    that uses it has it bound to --lang (en or es; default en), as a stored query has."""
    from kg import sparql as sparql_text

    limits = _limits(timeout, max_rows)
    if (text is None) == (query_file is None):
        raise KGError(
            "give the query as an argument, '-' for standard input, or -f FILE (one of them)",
            where="kg sparql",
        )
    raw = None
    if query_file is not None:
        source = str(query_file)
        try:
            raw = query_file.read_bytes()
        except FileNotFoundError:
            raise KGError("file not found", where=source) from None
    elif text == "-":
        source, raw = "<stdin>", sys.stdin.buffer.read()
    else:
        source = "<query>"
    if raw is not None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            problem = f"not UTF-8 text ({err.reason} at byte {err.start})"
            raise KGError(problem, where=source) from None
    assert text is not None
    check_text(text, source, limits)  # before any parser sees it
    # The form and format are checked before the graph is loaded: bad input fails fast.
    check_format(sparql_text.check(text, source), fmt)
    from kg.query import language_bindings

    bindings = language_bindings(text, lang, Location(option="lang"))
    watchdog = _watchdog(limits)  # one budget for the syntax check and the query, not the build
    with watchdog:
        _check_syntax(text, source)
    from dataclasses import replace

    from kg.engines import dataset, run
    from kg.query.formats import format_result

    graph = _graph(data_dir, ontology, engine)
    description = dataset("asserted" if asserted_only else dataset_name)
    chosen = graph.engine()
    with watchdog:
        result = run(chosen, text, description, bindings, source, replace(limits, timeout=None))
        answer = format_result(result, fmt, None, terminal_width(), color(output))
    _emit(answer, output)
