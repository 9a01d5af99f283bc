"""`kg synth`: write a synthetic graph of our shape (kg.synth), for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import main


@main.command()
@click.option("--triples", "triples", required=True, help="How many triples (exactly).")
@click.option("--seed", "seed", default="0", show_default=True, help="Random seed.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file: Turtle, or N-Triples when it ends in .nt (written atomically).",
)
def synth(triples: str, seed: str, output: Path) -> None:
    """Write a synthetic graph of TRIPLES triples of the project's shape (people, posts, terms,
    elections, meetings, passages, simple facts) that conforms to the shapes and is consistent;
    the same bytes for the same seed. Load it with the ontology: `kg build --data FOLDER`."""
    from kg.synth import synthesize

    written = synthesize(triples, seed, output)  # type: ignore[arg-type]
    click.echo(f"wrote {output}: {written} triples")
