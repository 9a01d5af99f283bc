"""`kg build`, `kg reason`, `kg export`, `kg evidence`, `kg stats`: the pipeline verbs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import main
from kg.cli.options import (
    build_engine_option,
    data_option,
    ontology_option,
    progress,
    reasoner_option,
    validator_option,
)
from kg.errors import KGError
from kg.files import write_atomic

FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")  # kg.export.FORMATS, without importing it


def _graph(
    data_dir: Path | None, ontology: Path | None, use_cache: bool = True, reasoner: str = "auto"
):
    from kg.graph import KnowledgeGraph

    graph = KnowledgeGraph.load(
        data_dir, ontology, use_cache=use_cache, progress=progress, reasoner=reasoner
    )
    progress.close()  # the spinner, if any, is gone before the output
    return graph


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


@main.command()
@data_option
@ontology_option
@click.option(
    "-o",
    "--out-dir",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder for the release files.",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL and quality-check validation.")
@reasoner_option
@validator_option
@build_engine_option
def build(
    data_dir: Path | None,
    ontology: Path | None,
    out_dir: Path,
    no_validate: bool,
    reasoner: str,
    validator: str,
    engine: str,
) -> None:
    """Load, reason, validate, and write the query store and the release files (base and full
    in every format, the dataset as N-Quads, the query catalogue)."""
    from kg.errors import EXIT_NONCONFORMANT
    from kg.pipeline import build as run_build

    try:
        result = run_build(
            data_dir,
            ontology,
            out_dir,
            validate=not no_validate,
            validator=validator,
            progress=progress,
            reasoner=reasoner,
            engine=engine,
        )
    except KGError as err:
        progress.close()  # the failed stage marked ✗ before the report
        report = getattr(err, "report", None)
        if err.exit_code == EXIT_NONCONFORMANT and report is not None:
            click.echo(report.text(), err=True)
        raise
    progress.close()
    folders = sorted({str(path.parent) for path in result.files})
    click.echo(
        f"built {len(result.files)} release files in {', '.join(folders) or out_dir}: "
        f"{result.asserted} asserted + {result.inferred} inferred triples, and the query store"
    )
    if result.report is not None:
        click.echo(
            f"validation passed ({result.report.validator}): the graph conforms to the shapes "
            "and the quality checks"
        )
    kg = _command()
    click.echo(f"next: `{kg} query --list`, then `{kg} query NAME`; `make test` runs the tests")


def _command() -> str:
    """How to run kg again from here: `kg` when the shell finds this very program on its PATH,
    else its path (`.venv/bin/kg` after `make`, whose venv is not activated), or `python -m kg`."""
    import os
    import shutil

    program = sys.argv[0]
    if os.path.basename(program) != "kg":
        return "python -m kg"
    found = shutil.which("kg")
    if found is not None and os.path.realpath(found) == os.path.realpath(program):
        return "kg"
    path = os.path.abspath(program)
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else path


@main.command()
@data_option
@ontology_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the inferred layer (Turtle) to this file; default: print counts only.",
)
@reasoner_option
def reason(
    data_dir: Path | None, ontology: Path | None, output: Path | None, reasoner: str
) -> None:
    """Compute the OWL 2 RL closure; fail (exit 1) on an inconsistency, naming the resources."""
    from kg.export import serialize

    graph = _graph(data_dir, ontology, use_cache=False, reasoner=reasoner)
    if output is not None:
        write_atomic(output, serialize(graph.inferred, None, "turtle"))
    click.echo(
        f"asserted: {len(graph.asserted)} triples; inferred: {len(graph.inferred)} triples;"
        " consistent"
    )


@main.command()
@data_option
@ontology_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="turtle",
    show_default=True,
    help="Serialization.",
)
@click.option("--inferred", is_flag=True, help="Include the inferred layer (the 'full' release).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file (written atomically); default: standard output.",
)
def export(data_dir, ontology, fmt: str, inferred: bool, output: Path | None) -> None:
    """Export the graph, canonical and deterministic, in one format."""
    from kg.export import serialize

    graph = _graph(data_dir, ontology)
    context = None
    if fmt == "jsonld":  # the release's context, so the text is the release file's
        from kg.release import release_context

        context = release_context(graph.asserted, graph.inferred)
    inferred_layer = graph.inferred if inferred else None
    _emit(serialize(graph.asserted, inferred_layer, fmt, context=context), output)


@main.command()
@click.argument("entity", required=False)
@data_option
@click.option(
    "--regenerate",
    is_flag=True,
    help="Rewrite kg/data/evidence.ttl from the source documents instead.",
)
def evidence(entity: str | None, data_dir: Path | None, regenerate: bool) -> None:
    """List each fact about ENTITY (a label, acronym or local name) with its quote and document."""
    import textwrap

    from kg import sources
    from kg.cli.options import styled, terminal_width
    from kg.query.display import Cell, Display, table_text
    from kg.query.formats import printable

    if regenerate:
        from kg import paths

        target = (data_dir or paths.DATA_DIR) / "evidence.ttl"
        write_atomic(target, sources.evidence_turtle())
        click.echo(f"wrote {target}: {len(sources.all_passages())} passages")
        return
    if not entity:
        raise KGError(
            "give an ENTITY (a label, acronym or local name), or --regenerate", where="evidence"
        )
    graph = _graph(data_dir, None)
    rows = graph.evidence(entity)
    # control characters are shown, not obeyed; the table wraps at spaces only
    display = Display(
        ("fact", "document", "sentence", "offsets", "quote"),
        [
            tuple(
                Cell(printable(text))
                for text in (
                    row.fact,
                    row.document.title,
                    str(row.sentence),
                    f"{row.start}-{row.end}",
                    row.quote,
                )
            )
            for row in rows
        ],
    )
    title = f"Evidence for {graph.resolve(entity)}"
    width = terminal_width()
    # sys.stdout, not click.echo: a terminal that is not UTF-8 gets escapes (kg.cli.main)
    sys.stdout.write(table_text(display, title, width, styled(), "fact-passage pairs"))
    # Each document's full citation once, under the table that names it by title, wrapped at
    # spaces to the table's width (continued lines indented).
    for cited in sorted({row.document for row in rows}, key=lambda d: d.title):
        citation = printable(f"source: {cited.citation}")
        wrapped = textwrap.wrap(
            citation, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
        sys.stdout.write("".join(line + "\n" for line in wrapped))


@main.command()
@data_option
@ontology_option
def stats(data_dir, ontology) -> None:
    """Counts: triples per layer, entities per class, facts with evidence, per source."""
    from rich.console import Console
    from rich.table import Table

    from kg.stats import statistics

    graph = _graph(data_dir, ontology)
    for section, rows in statistics(graph).items():
        table = Table(title=section)
        table.add_column("what")
        table.add_column("count", justify="right")
        for name, count in rows:
            table.add_row(name, str(count))
        Console(width=120).print(table)
