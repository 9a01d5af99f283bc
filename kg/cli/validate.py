"""`kg validate`: shapes and quality checks on the asserted graph; exit 1 if it does not conform."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import main
from kg.cli.options import data_option, ontology_option, progress, validator_option
from kg.errors import EXIT_NONCONFORMANT, KGError

FORMATS = ("text", "turtle", "json")


@main.command()
@data_option
@ontology_option
@validator_option
@click.option(
    "--shapes",
    type=click.Path(path_type=Path),
    default=None,
    help="SHACL shapes Turtle file (default: ontology/shapes.ttl).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: grouped by resource; turtle: the SHACL validation "
    "report graph; json: sorted results.",
)
def validate(
    data_dir: Path | None, ontology: Path | None, validator: str, shapes: Path | None, fmt: str
) -> None:
    """Check that the graph is consistent (OWL 2 RL reasoning finds no clash), then validate the
    asserted graph (ontology + data, no inference) against the SHACL shapes and run the quality
    checks of queries/qc; exit 1 when anything does not conform."""
    from kg.load import load_asserted, load_imports
    from kg.reason import reason
    from kg.validate import validate_graph, validation_inputs

    validation_inputs(shapes)  # a bad --shapes is said before seconds of reasoning
    progress("loading the ontology, its imports and the data")
    asserted = load_asserted(data_dir, ontology)
    # An inconsistent graph (the imports' axioms counted) does not conform, whatever its shapes
    # say: exit 1.
    progress(f"checking consistency (OWL 2 RL) over {len(asserted)} asserted triples")
    reason(asserted, load_imports(asserted))
    report = validate_graph(asserted, shapes, validator=validator, progress=progress)
    progress.close()
    click.echo({"text": report.text, "turtle": report.turtle, "json": report.json}[fmt](), nl=False)
    if not report.conforms:
        raise KGError(
            f"{report.count} violation(s)", where="validation", exit_code=EXIT_NONCONFORMANT
        )
