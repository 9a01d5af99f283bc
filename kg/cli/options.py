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
