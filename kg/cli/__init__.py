"""The `kg` command line: a thin shell over the library, one verb per pipeline stage."""

from __future__ import annotations

import logging
import sys

import click

from kg import __version__
from kg.errors import EXIT_ERROR, KGError, Location

EXIT_CODES = """\b
Exit codes:
  0  success (the graph conforms; the query ran)
  1  the graph does not conform (validation violations, or an inconsistency found by reasoning)
  2  error: bad input (missing file, syntax error, unknown format, query or parameter)
"""


def where(location: Location | str | None) -> str:
    """A location as the command line names it: `--param post`, `--format`, `file:line:col`."""
    if location is None or isinstance(location, str):
        return location or ""
    if location.parameter is not None:
        return f"--param {location.parameter}"
    if location.option is not None:
        return f"--{location.option}"
    return location.position()


def render(err: KGError) -> str:
    """One line: where, then what."""
    place = where(err.where)
    return f"{place}: {err.message}" if place else err.message


class KGGroup(click.Group):
    """Turns every KGError, usage error and file-system error into one line on stderr and its
    documented exit code: no traceback, no multi-line usage dump."""

    def main(self, *args, **kwargs):
        # rdflib logs a warning with a full traceback for every ill-typed literal it meets;
        # the loader reports those as one-line errors, so the CLI keeps rdflib's log quiet.
        logging.getLogger("rdflib").addHandler(logging.NullHandler())
        logging.getLogger("rdflib").propagate = False
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as err:
            where = f"{err.ctx.command_path}: " if err.ctx else ""
            click.echo(f"kg: error: {where}{err.format_message()}", err=True)
            sys.exit(EXIT_ERROR)
        except click.Abort:
            click.echo("kg: aborted", err=True)
            sys.exit(EXIT_ERROR)
        except click.exceptions.Exit as exit_:
            sys.exit(exit_.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as err:
            click.echo(f"kg: error: {render(err)}", err=True)
            sys.exit(err.exit_code)
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"kg: error: {where}{err.strerror or err}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(
    cls=KGGroup, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(version=__version__, prog_name="kg")
def main() -> None:
    """almagro-kg: build, reason over, validate, query and export the knowledge graph of
    Luis Almagro's career and his years as Secretary General of the OAS."""


# Each module adds its commands to `main`.
from kg.cli import build as _build  # noqa: E402,F401
from kg.cli import query as _query  # noqa: E402,F401
from kg.cli import validate as _validate  # noqa: E402,F401
