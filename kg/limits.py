"""Limits on a query: how long it may run, how many rows it may give, how long its text may be.

`Limits(timeout, max_rows, max_query_bytes)`; the documented defaults are DEFAULT_TIMEOUT (60 s),
DEFAULT_MAX_ROWS (100000 rows, or triples for CONSTRUCT and DESCRIBE) and
DEFAULT_MAX_QUERY_BYTES (100000 bytes of UTF-8 query text); None is "no limit". Past a limit the
error is a KGError locating the option (`timeout`, `max-rows`) or, for the text, the query.
`kg.engines.run` enforces every limit it is given; `kg query`, `kg sparql`, the Python API and a
later HTTP server share these pieces.

- The text's size is checked first (`check_text`), before any parser sees it.
- The row limit (`evaluate_capped`): solutions are read lazily from Oxigraph and reading stops at
  max_rows + 1, so `SELECT *` on a cross product ends at once instead of filling the memory. The
  rdflib reference engine materialises its answer first and is checked afterwards.
- The timeout. Oxigraph cannot be interrupted: it has no timeout of its own, and a thread cannot
  be stopped while it runs inside the Rust code. Only ending a process stops the work, so:
  * a shell that owns its process (the CLI) uses a `Watchdog`: a daemon timer thread that writes
    the one-line error to stderr and calls os._exit(2). Oxigraph releases the GIL while it
    evaluates, so the timer fires on time. The build of a stale store is not timed: the CLI
    guards only the query's own work (its syntax check, parameter binding, evaluation and
    formatting), and the sections share one budget.
  * a library call, whose caller's process must live on, runs the evaluation in a `Worker`: a
    process forked from the caller (so it inherits the engine and its open read-only store,
    in-memory stores included) that is killed when the timeout passes and forked again for the
    next query. A process forked per query costs about 6 ms, far over the API's goal of < 1 ms
    per query above raw pyoxigraph; so the worker is forked once per engine and kept: a query is
    then one round trip on a pipe (about 0.1 ms for a typical stored query's answer). Queries
    to one worker take turns. Without a timeout (`timeout=None`) nothing of this runs: the query
    is evaluated in the caller's process, and multiprocessing is never imported.
  Forking needs os.fork (Linux, macOS); where there is none, the query runs in the caller's
  process and only the row limit applies. A forked child of a process whose other threads are
  inside the same store at that moment could inherit a held lock and hang: the timeout then
  reports it, and the next query forks afresh.
"""

from __future__ import annotations

import math
import os
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import KGError, Location

if TYPE_CHECKING:
    from kg.engines import DatasetDescription, Engine, QueryResult

DEFAULT_TIMEOUT = 60.0  # seconds
DEFAULT_MAX_ROWS = 100_000  # rows of a SELECT, triples of a CONSTRUCT or DESCRIBE
DEFAULT_MAX_QUERY_BYTES = 100_000  # bytes of query text, as UTF-8


def check_timeout(value: object, given: object = None) -> float | None:
    """A timeout in seconds: a positive, finite number, or None for none. `given` is what the
    caller was handed, when `value` was parsed from it (the error quotes it)."""
    if value is None and given is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and value > 0:
            return float(value)
    shown = value if given is None else given
    raise KGError(
        f"expected a positive number of seconds, got {shown!r}", where=Location(option="timeout")
    )


def check_max_rows(value: object, given: object = None) -> int | None:
    """A row limit: a positive whole number, or None for none (`given` as for check_timeout)."""
    if value is None and given is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    shown = value if given is None else given
    raise KGError(
        f"expected a positive whole number of rows, got {shown!r}",
        where=Location(option="max-rows"),
    )


@dataclass(frozen=True)
class Limits:
    """What one query may use: `timeout` seconds, `max_rows` rows (triples for a graph answer)
    and `max_query_bytes` bytes of text; None is no limit. Invalid values raise KGError."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    max_query_bytes: int | None = DEFAULT_MAX_QUERY_BYTES

    def __post_init__(self) -> None:
        object.__setattr__(self, "timeout", check_timeout(self.timeout))
        object.__setattr__(self, "max_rows", check_max_rows(self.max_rows))
        size = self.max_query_bytes
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 1):
            raise KGError(
                f"expected a positive whole number of bytes, got {size!r}",
                where=Location(option="max-query-bytes"),
            )


NO_LIMITS = Limits(None, None, None)


def timed_out(timeout: float) -> KGError:
    return KGError(
        f"the query took longer than {timeout:g} s and was stopped",
        where=Location(option="timeout"),
    )


def too_many(max_rows: int, what: str = "rows") -> KGError:
    return KGError(
        f"more than {max_rows} {what}; add LIMIT to the query or raise the limit",
        where=Location(option="max-rows"),
    )


def check_text(text: str, source: str, limits: Limits) -> None:
    """Refuse query text longer than `limits.max_query_bytes` (as UTF-8), before it is parsed."""
    limit = limits.max_query_bytes
    if limit is None or len(text) <= limit // 4:  # a character is at most 4 bytes
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise KGError(
            f"the query text is {size} bytes, more than the limit of {limit}",
            where=Location(query=source),
        )


# ---- the row limit -------------------------------------------------------------------------------


def evaluate_capped(
    engine: Engine, text: str, dataset: DatasetDescription, source: str, max_rows: int | None
) -> QueryResult:
    """`engine.evaluate`, reading at most max_rows + 1 solutions (or triples) from Oxigraph;
    more than `max_rows` is a KGError."""
    if max_rows is None:
        return engine.evaluate(text, dataset, source)
    result = engine.evaluate(text, dataset, source, max_rows)
    if len(result.rows) > max_rows:
        raise too_many(max_rows)
    if len(result.triples) > max_rows:
        raise too_many(max_rows, "triples")
    return result


def _first_line(err: BaseException) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__


# ---- the timeout in the library: a worker process ------------------------------------------------


def evaluate(
    engine: Engine, text: str, dataset: DatasetDescription, source: str, limits: Limits
) -> QueryResult:
    """Evaluate checked, bound `text` within `limits`: in this process without a timeout, else in
    the engine's worker process (see the module's docstring)."""
    if limits.timeout is None or not hasattr(os, "fork"):
        return evaluate_capped(engine, text, dataset, source, limits.max_rows)
    return worker_for(engine).evaluate(engine, text, dataset, source, limits)


_workers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_workers_lock = threading.Lock()


def worker_for(engine: Engine) -> Worker:
    """The worker that evaluates `engine`'s queries with a timeout (its process is forked on
    the first such query); it ends with the engine."""
    with _workers_lock:
        worker = _workers.get(engine)
        if worker is None:
            worker = _workers[engine] = Worker()
        return worker


class Worker:
    """A process forked from this one that evaluates queries on an engine, one at a time, and is
    killed when one runs past its timeout (the next query forks a new one). It holds no reference
    to the engine: each call passes it, so the worker ends when the engine is collected."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # The process, this end of its pipe, and the id of the process that forked it.
        self._state: list[Any] = [None, None, None]
        weakref.finalize(self, _stop, self._state)

    @property
    def pid(self) -> int | None:
        """The worker process's id; None when none is running."""
        process, _, owner = self._state
        if process is None or owner != os.getpid() or not process.is_alive():
            return None
        return process.pid

    def evaluate(
        self, engine: Engine, text: str, dataset: DatasetDescription, source: str, limits: Limits
    ) -> QueryResult:
        assert limits.timeout is not None
        with self._lock:
            deadline = time.monotonic() + limits.timeout
            connection = self._connection(engine)
            try:
                connection.send((text, dataset, source, limits.max_rows))
                if not connection.poll(max(0.0, deadline - time.monotonic())):
                    _stop(self._state)
                    raise timed_out(limits.timeout)
                status, value = connection.recv()
            except (EOFError, OSError):  # the worker died: killed from outside, out of memory
                process = self._state[0]
                _stop(self._state)
                code = process.exitcode if process is not None else None
                raise KGError(
                    f"query failed: the worker process ended (exit code {code})",
                    where=Location(query=source),
                ) from None
            except BaseException:  # KeyboardInterrupt while waiting: the worker is mid-query
                _stop(self._state)
                raise
        if status == "error":
            raise value
        return value

    def _connection(self, engine: Engine):
        process, connection, owner = self._state
        if process is not None and owner == os.getpid() and process.is_alive():
            return connection
        _stop(self._state)  # dead, or this process is a fork of the one that started it
        import multiprocessing

        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve, args=(engine, theirs, ours, os.getpid()), daemon=True
        )
        process.start()
        theirs.close()
        self._state[:] = [process, ours, os.getpid()]
        return ours


def _stop(state: list[Any]) -> None:
    """Kill the worker process, if any, and close its pipe (in a fork of the process that
    started it, only forget them: the worker is the parent's)."""
    process, connection, owner = state
    state[:] = [None, None, None]
    if connection is not None:
        connection.close()
    if process is not None and owner == os.getpid():
        if process.is_alive():
            process.kill()
        process.join()


def _serve(engine: Engine, connection: Any, other_end: Any, parent: int) -> None:
    """The worker's loop: evaluate each request, answer with ("ok", result) or ("error", KGError);
    end when the parent closes the pipe or is gone."""
    import signal

    other_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            while not connection.poll(1.0):
                if os.getppid() != parent:
                    return
            text, dataset, source, max_rows = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = (
                "ok",
                evaluate_capped(engine, text, dataset, source, max_rows),
            )
        except KGError as error:
            reply = ("error", error)
        except Exception as err:
            reply = ("error", _failed(err, source))
        try:
            connection.send(reply)
        except (EOFError, OSError):
            return
        except Exception as err:  # an answer that cannot be pickled
            connection.send(("error", _failed(err, source)))


def _failed(err: BaseException, source: str) -> KGError:
    return KGError(f"query failed: {_first_line(err)}", where=Location(query=source))


# ---- the timeout in a shell that owns its process: a watchdog ------------------------------------


class Watchdog:
    """Ends this process when the guarded work runs past `timeout` seconds: writes
    `line(error)` and a newline to stderr (the file descriptor, no Python lock taken) and calls
    os._exit(2). Use it as a context manager around each section of the work; the sections share
    the one budget. `timeout=None` guards nothing. For shells only: the library never ends the
    caller's process."""

    def __init__(self, timeout: float | None, line: Callable[[KGError], str] = str):
        self.timeout = check_timeout(timeout)
        self.remaining = self.timeout
        self._line = line
        self._timer: threading.Timer | None = None
        self._started = 0.0

    def __enter__(self) -> Watchdog:
        if self.remaining is not None:
            self._started = time.monotonic()
            self._timer = threading.Timer(max(self.remaining, 0.0), self._expire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self.remaining -= time.monotonic() - self._started

    def _expire(self) -> None:
        error = timed_out(self.timeout)
        try:
            os.write(2, (self._line(error) + "\n").encode("utf-8", "replace"))
        finally:
            os._exit(error.exit_code)
