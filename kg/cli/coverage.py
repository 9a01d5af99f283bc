"""`kg coverage`: each source sentence with the facts citing it; exit 1 on a sentence with neither
a citing fact nor a reason."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from kg.cli import main
from kg.cli.options import data_option, ontology_option, progress, terminal_width
from kg.errors import EXIT_NONCONFORMANT, KGError

FORMATS = ("text", "json")


def _table(rows: list[tuple[str, ...]], columns: tuple[str, ...], width: int) -> str:
    """A rich table, as `kg query` draws one: no colour, data never read as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kg.query.formats import printable

    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold", justify="right" if column == "facts" else "left")
    for row in rows:
        table.add_row(*(Text(printable(cell)) for cell in row))
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False).print(table)
    return buffer.getvalue()


def _sentences(count: int) -> str:
    return "1 sentence" if count == 1 else f"{count} sentences"


def _text(report, width: int) -> str:
    from kg.namespaces import compact

    parts = []
    for document in report.documents:
        cited = sum(1 for s in document.sentences if s.cited)
        parts.append(f"{document.citation}: {_sentences(len(document.sentences))}, {cited} cited\n")
        rows = [(f"s{s.number:02d}", str(s.facts), s.quote) for s in document.sentences]
        parts.append(_table(rows, ("sentence", "facts", "quote"), width))
    if report.uncited:
        parts.append("sentences no fact cites:\n")
        rows = [
            (compact(s.passage), s.reason.label if s.reason else "NO REASON", s.quote)
            for s in report.uncited
        ]
        parts.append(_table(rows, ("sentence", "reason", "quote"), width))
    else:
        parts.append("sentences no fact cites: none\n")
    counts = report.counts()
    parts.append(
        f"{_sentences(counts['sentences'])}: {counts['cited']} cited, "
        f"{counts['explained']} uncited with a reason, "
        f"{counts['unexplained']} uncited without one\n"
    )
    return "".join(parts)


def _gap_error(report) -> KGError:
    from kg.namespaces import compact

    titles = {d.document: d.title for d in report.documents}
    gaps = [
        f"{compact(s.passage)} ({titles.get(s.document, s.document)}, sentence {s.number})"
        for s in report.unexplained
    ]
    return KGError(
        f"{_sentences(len(gaps))} cited by no fact and given no reason: {', '.join(gaps)} "
        f"(cite {'it' if len(gaps) == 1 else 'each'} from a fact, or record why none does: "
        "akg:notCitedBecause in kg/data/coverage.ttl)",
        where="coverage",
        exit_code=EXIT_NONCONFORMANT,
    )


@main.command()
@data_option
@ontology_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: a table per document, then the sentences no fact cites; json: as shown above.",
)
def coverage(data_dir: Path | None, ontology: Path | None, fmt: str) -> None:
    """Print, per source document, each sentence with the number of facts (statement nodes)
    citing it, then the sentences no fact cites with the reason recorded for them
    (akg:notCitedBecause, kg/data/coverage.ttl). Exit 1, naming them, when a sentence is cited by
    no fact and has no reason.

    \b
    JSON: {"conforms": bool,
           "counts": {"sentences", "cited", "uncited", "explained", "unexplained"},
           "documents": [{"document": IRI, "title", "citation", "file_name",
                          "sentences": [{"passage": IRI, "sentence", "start", "end",
                                         "quote", "facts", "reason"}]}],
           "uncited": [{"passage": IRI, "document": IRI, "sentence", "quote", "reason"}]}
    where a reason is {"iri", "label"} or null.
    """
    from kg.graph import KnowledgeGraph

    graph = KnowledgeGraph.load(data_dir, ontology, progress=progress)
    progress.close()
    report = graph.coverage()
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(report, terminal_width()), nl=False)
    if not report.conforms:
        raise _gap_error(report)
