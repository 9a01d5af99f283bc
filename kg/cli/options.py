"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

# The width and styles: kg.terminal's, which the fast path (kg.fast) shares.
from kg.terminal import PIPED_WIDTH, styled, terminal_width  # noqa: F401

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
    "graphs), auto (fast, which hands over to owlrl when a rule it lacks would fire).",
)

validator_option = click.option(
    "--validator",
    type=click.Choice(("auto", "pyshacl", "fast")),  # kg.validate.VALIDATORS, not imported
    default="auto",
    show_default=True,
    help="SHACL validator: pyshacl (the reference), fast (the shapes as SPARQL on Oxigraph, the "
    "same results), auto (fast, or pyshacl when a shape does not compile).",
)

build_engine_option = click.option(
    "--engine",
    type=click.Choice(("auto", "rdflib", "oxigraph")),  # kg.pipeline.BUILD_ENGINES
    default="auto",
    show_default=True,
    help="Where the graph is held while it is built: rdflib (the reference path) or oxigraph "
    "(parsed, reasoned, validated and written out in an Oxigraph store, for large graphs); "
    "auto: oxigraph from 20000 asserted triples on.",
)


class _Progress:
    """The stages of a long run on stderr. On a terminal (and not in CI, where `CI` is set): a
    rich spinner with the running stage's name, counts and seconds, each finished stage left as
    one line (`✓ reasoning … 2.1 s`). With KG_PROGRESS=1: one plain line per stage, even piped
    (the tests read them). Otherwise quiet, so an error stays the only line."""

    def __init__(self) -> None:
        self._status = None
        self._stage: str | None = None
        self._started = 0.0

    def mode(self) -> str:
        import os
        import sys

        if os.environ.get("KG_PROGRESS") == "1":
            return "lines"
        if os.environ.get("CI") or os.environ.get("KG_PROGRESS") == "0":
            return "quiet"
        return "terminal" if sys.stderr.isatty() else "quiet"

    def __call__(self, message: str) -> None:
        mode = self.mode()
        if mode == "lines":
            click.echo(f"kg: {message}", err=True)
        elif mode == "terminal":
            self._show(message)

    def _show(self, message: str) -> None:
        import time

        from rich.console import Console
        from rich.markup import escape

        if self._status is None:
            self._status = Console(stderr=True).status("")
            self._status.start()
            context = click.get_current_context(silent=True)
            if context is not None:
                context.call_on_close(self.close)
        else:
            self._done()
        self._stage, self._started = message, time.perf_counter()
        self._status.update(f"[bold]kg[/]: {escape(message)}")

    def _done(self, failed: bool = False) -> None:
        import time

        from rich.markup import escape

        if self._stage is not None and self._status is not None:
            seconds = time.perf_counter() - self._started
            mark = "[red]✗[/]" if failed else "[green]✓[/]"
            self._status.console.print(f"{mark} {escape(self._stage)} [dim]{seconds:.1f} s[/]")

    def close(self) -> None:
        """Stop the spinner; the last stage is marked failed when an exception is on its way
        out of the command (click closes the context while it propagates)."""
        import sys

        if self._status is not None:
            self._done(failed=sys.exc_info()[0] is not None)
            self._status.stop()
        self._status, self._stage = None, None


progress = _Progress()
