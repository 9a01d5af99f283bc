"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of data Turtle files (default: the package's kg/data).",
)
ontology_option = click.option(
    "--ontology",
    type=click.Path(path_type=Path),
    default=None,
    help="Ontology Turtle file (default: ontology/ontology.ttl).",
)

# kg.reason.REASONERS and AUTO_THRESHOLD, without importing owlrl to parse the command line.
reasoner_option = click.option(
    "--reasoner",
    type=click.Choice(("auto", "owlrl", "fast")),
    default="auto",
    show_default=True,
    help="OWL 2 RL reasoner: owlrl (the reference), fast (the same inferred layer, for large "
    "graphs), auto (fast from 20000 asserted triples on).",
)


def progress(message: str) -> None:
    """A stage of a long run (building the query store), on stderr: on a terminal, or when
    KG_PROGRESS=1; piped output and CI stay quiet, so an error stays the only line."""
    import os
    import sys

    if sys.stderr.isatty() or os.environ.get("KG_PROGRESS") == "1":
        click.echo(f"kg: {message}", err=True)


# The width when the terminal's cannot be known (output piped, no COLUMNS): stable for scripts.
PIPED_WIDTH = 160


def terminal_width() -> int:
    """The width to render at: COLUMNS when it is set (a positive number), else the width of
    the terminal standard output is, else (piped) PIPED_WIDTH."""
    import os
    import sys

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        pass
    return PIPED_WIDTH


def styled() -> bool:
    """Whether to print ANSI styles: on a terminal only, and not when NO_COLOR is set."""
    import os
    import sys

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
