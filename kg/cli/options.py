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

validator_option = click.option(
    "--validator",
    type=click.Choice(("auto", "pyshacl", "fast")),  # kg.validate.VALIDATORS, not imported
    default="auto",
    show_default=True,
    help="pyshacl: the reference; fast: the shapes as SPARQL on Oxigraph (same results); "
    "auto: fast above 50,000 asserted triples.",
)


def progress(message: str) -> None:
    """A stage of a long run (building the query store), on stderr: on a terminal, or when
    KG_PROGRESS=1; piped output and CI stay quiet, so an error stays the only line."""
    import os
    import sys

    if sys.stderr.isatty() or os.environ.get("KG_PROGRESS") == "1":
        click.echo(f"kg: {message}", err=True)
