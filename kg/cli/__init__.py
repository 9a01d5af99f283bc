"""The `kg` command line: a thin shell over the library, one verb per pipeline stage."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from kg import __version__
from kg.errors import EXIT_ERROR, EXIT_OK, KGError, Location

EXIT_CODES = """\b
Exit codes:
  0  success (the graph conforms; the query ran); also when the reader of standard output
     stops early (`kg ... | head`): the rest of the output is dropped, quietly
  1  the graph does not conform (validation violations, or an inconsistency found by reasoning)
  2  error: bad input (missing file, syntax error, unknown format, query or parameter)
  130  interrupted (Ctrl-C; 143 for SIGTERM): no output file is left half-written and no
       temporary file is left behind
"""

EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, the shells' convention for a signal's death


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so every `finally` (removing a
    temporary file or a staging folder) runs before the CLI exits with 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


@contextmanager
def signal_handlers() -> Iterator[None]:
    """While the CLI runs, SIGTERM raises Terminated (SIGINT already raises KeyboardInterrupt);
    a signal the parent process ignores (nohup, a background job) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous != signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted(err: BaseException | None) -> NoReturn:
    """One line, and 130 for Ctrl-C (128 + the signal for SIGTERM)."""
    terminated = isinstance(err, Terminated)
    try:
        click.echo("kg: terminated" if terminated else "kg: interrupted", err=True)
    except OSError:
        pass
    sys.exit(128 + err.signum if isinstance(err, Terminated) else EXIT_INTERRUPTED)


def _output_closed() -> NoReturn:
    """The reader of standard output is gone (`kg ... | head -1`): stop quietly with 0, as
    `cat` and `grep` do. What is still buffered goes to /dev/null, so Python's own flush at
    exit does not report the broken pipe either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_OK)


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
    documented exit code: no traceback, no multi-line usage dump. Ctrl-C and SIGTERM are one
    line too (`kg: interrupted`, 130; `kg: terminated`, 143), after the `finally` blocks have
    removed any temporary file; a closed standard output ends the command quietly (0)."""

    def main(self, *args, **kwargs):
        with signal_handlers():
            self._main(*args, **kwargs)

    def _main(self, *args, **kwargs) -> NoReturn:
        # rdflib logs a warning with a full traceback for every ill-typed literal it meets;
        # the loader reports those as one-line errors, so the CLI keeps rdflib's log quiet.
        logging.getLogger("rdflib").addHandler(logging.NullHandler())
        logging.getLogger("rdflib").propagate = False
        # A terminal that cannot show a character (PYTHONIOENCODING=ascii, a C locale) gets an
        # escape for it (`\xe9`), not a UnicodeEncodeError traceback.
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="backslashreplace")
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as err:
            where = f"{err.ctx.command_path}: " if err.ctx else ""
            click.echo(f"kg: error: {where}{err.format_message()}", err=True)
            sys.exit(EXIT_ERROR)
        except click.Abort as err:  # click's own KeyboardInterrupt (while parsing the call)
            _interrupted(err.__cause__)
        except KeyboardInterrupt as err:
            _interrupted(err)
        except click.exceptions.Exit as exit_:
            sys.exit(exit_.exit_code)
        except BrokenPipeError:
            _output_closed()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _output_closed()
        sys.exit(code if isinstance(code, int) else 0)

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:  # `kg --help | head -1`
            _output_closed()

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as err:  # before click's main, which would echo a blank line
            _interrupted(err)
        except BrokenPipeError:
            _output_closed()
        except SystemExit as exit_:
            if isinstance(exit_.__context__, BrokenPipeError):  # rich's Console exits with 1
                _output_closed()
            raise
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
from kg.cli import coverage as _coverage  # noqa: E402,F401
from kg.cli import query as _query  # noqa: E402,F401
from kg.cli import synth as _synth  # noqa: E402,F401
from kg.cli import validate as _validate  # noqa: E402,F401
