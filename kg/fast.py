"""The `kg` command's entry point: a stored query on a built store is answered here, the rest by
the full command line (kg.cli).

`kg query NAME [--param KEY=VALUE ...] [--format FORMAT]` is the call people and scripts make
most, and its answer takes Oxigraph about a millisecond; the full command line spends some 100 ms
importing click, rich, the catalogue's parser and the store's key (hashing every input file). So
this module answers that call importing only pyoxigraph and the result writers
(kg.query.formats): no click, rich, rdflib, owlrl or pyshacl. Anything else goes to kg.cli,
which then does the whole call itself, with its usual output, messages and exit codes: another
command or option, a CONSTRUCT or DESCRIBE query (written by rdflib), a store that is missing or
stale, and every error (an unknown query, a bad value, a failing query, too many rows).

What the answer needs besides the store is worked out by the library once per build and kept
in the cache folder, in a "plan" (one file per installed copy of kg, read with marshal): the
store's key; every stored query's form, the formats it may be written in, its source and its
text with the parameters' defaults bound; the dataset's graphs and prefixes; and a fingerprint of
everything the key is computed from (inode, size, modification and change times of each input
file and folder, the library folders and sys.path). A plan whose fingerprint no longer matches
is worked out again, from the real key. A plan is only written when no input changed in the last
seconds (as git distrusts index entries as new as the index itself): a later change of such a
file could leave its times and size unchanged.

Options are read from a table (`OPTIONS`): a new option of `kg query` that this path should
serve is one entry there and one use in `_answer`; an option it does not know sends the call to
the full command line.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

PLAN_FORMAT = 2  # the layout of a plan; another layout is not read
RECENT_NS = 2_000_000_000  # inputs changed this recently are not trusted to a plan
LIBRARIES = ("rdflib", "owlrl", "pyshacl", "pyoxigraph")  # as kg.store's key

# `kg query`'s options this path serves: option -> (destination, repeatable). Each takes a value,
# given as the next word or after `=` (`--format csv`, `--format=csv`).
OPTIONS: dict[str, tuple[str, bool]] = {
    "--format": ("format", False),
    "--param": ("params", True),
    "-p": ("params", True),
    "--lang": ("lang", False),
}


def cache_root() -> str:
    """The cache folder: KG_CACHE_DIR, else $XDG_CACHE_HOME/almagro-kg, else
    ~/.cache/almagro-kg (kg.store keeps its stores there)."""
    if os.environ.get("KG_CACHE_DIR"):
        return os.environ["KG_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "almagro-kg")


def main() -> None:
    """`kg`: the fast answer when this call has one, else the full command line."""
    code = None
    try:
        code = serve(sys.argv[1:])
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM (see _terminated)
        from kg.cli import _interrupted

        _interrupted(err)
    if code is None:
        from kg.cli import main as cli

        cli()
    sys.exit(code)


def parse(args: list[str]) -> dict[str, Any] | None:
    """The call as {"name", "format", "params", "lang"}, when it is `kg query NAME` with options of
    OPTIONS only, each at most once unless repeatable; None for any other call. "format" is None
    when --format is not given: the query's view (its header's `view:`), else the table."""
    if len(args) < 2 or args[0] != "query":
        return None
    call: dict[str, Any] = {"name": None, "format": None, "params": [], "lang": None}
    given = set()
    words = iter(args[1:])
    for word in words:
        if not word.startswith("-"):
            if call["name"] is not None:
                return None
            call["name"] = word
            continue
        option, equals, value = word.partition("=")
        if option not in OPTIONS or (equals and not option.startswith("--")):
            return None
        destination, repeatable = OPTIONS[option]
        if not equals:
            value = next(words, None)
            if value is None:
                return None
        if repeatable:
            call[destination].append(value)
        elif destination in given:
            return None
        else:
            call[destination] = value
        given.add(destination)
    return call if call["name"] is not None else None


def serve(args: list[str]) -> int | None:
    """Answer the call and return the exit code, or None when the full command line must."""
    call = parse(args)
    if call is None:
        return None
    for stream in (sys.stdout, sys.stderr):  # as kg.cli does: `\xe9`, not a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # SIGTERM ends the call as Ctrl-C does, as in kg.cli (when the parent does not ignore it).
    # _signal is what the signal module wraps in enums, at a millisecond's cost.
    import _signal

    handled = _signal.getsignal(_signal.SIGTERM) == _signal.SIG_DFL
    if handled:
        _signal.signal(_signal.SIGTERM, _terminated)
    try:
        text = _answer(call)
    finally:
        if handled:
            _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    if text is None:
        return None
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        from kg.cli import _output_closed

        _output_closed()
    return 0


def _terminated(signum: int, _frame: object) -> None:
    from kg.cli import Terminated

    raise Terminated(signum)


def _answer(call: dict[str, Any], plan: dict[str, Any] | None = None) -> str | None:
    """The answer's text, or None when this path cannot give it exactly as kg.cli would. `plan`
    is the stored plan by default (see load_plan)."""
    try:
        plan = plan or load_plan()
        if plan is None:
            return None
        query = plan["queries"].get(call["name"])
        if query is None or (call["format"] or "table") not in query["formats"]:
            return None
        import pyoxigraph

        store = pyoxigraph.Store.read_only(plan["store"])
        if len(store) != plan["quads"]:  # as kg.store.open_store: a damaged store is rebuilt
            return None
        timer = _watchdog(plan["timeout"])
        try:
            return _evaluate(store, plan, query, call)
        finally:
            timer.release()
    except Exception:  # any failure: kg.cli does the whole call again and reports it
        return None


def _evaluate(store: Any, plan: dict[str, Any], query: dict[str, Any], call: dict[str, Any]):
    """The work kg.cli times: binding, evaluation and formatting (None: kg.cli's to do)."""
    import pyoxigraph

    given = call["params"] or call.get("lang") is not None
    bind = (store, plan["store"], call["name"], call["params"], call.get("lang"))
    text = _bind(*bind) if given else query["bound"]
    if text is None:
        return None
    answer = store.query(
        text,
        prefixes=plan["prefixes"],
        default_graph=[pyoxigraph.NamedNode(g) for g in plan["default_graphs"]],
        named_graphs=[pyoxigraph.NamedNode(g) for g in plan["named_graphs"]],
    )
    if isinstance(answer, pyoxigraph.QueryBoolean):
        result = _Result("ASK", boolean=bool(answer))
    else:
        from itertools import islice

        rows = [tuple(s) for s in islice(answer, plan["max_rows"] + 1)]
        if len(rows) > plan["max_rows"]:
            return None  # kg.cli says "more than N rows"
        result = _Result("SELECT", tuple(v.value for v in answer.variables), rows)
    from kg.terminal import styled, terminal_width

    width = terminal_width()
    if call["format"] is None and query.get("view") in ("timeline", "graph"):
        from kg.query.display import view_text

        answer = view_text(result, query["view"], call["name"], width)
        if answer is not None:
            return answer
    from kg.query.formats import format_result

    fmt = call["format"] or "table"
    return format_result(result, fmt, title=call["name"], width=width, color=styled())


class _Result:
    """A query's answer as kg.query.formats reads it (kg.engines.QueryResult's fields)."""

    __slots__ = ("form", "variables", "rows", "boolean", "triples")

    def __init__(self, form: str, variables: tuple = (), rows: list | None = None, boolean=None):
        self.form, self.variables, self.rows = form, variables, rows or []
        self.boolean, self.triples = boolean, []


def _bind(
    store: Any, plan_store: str, name: str, params: list[str], lang: str | None
) -> str | None:
    """The stored query's text with the given parameter values and language (and the other
    parameters' defaults) bound, by the library, as kg.cli binds them; an error is raised (and
    kg.cli reports it)."""
    from kg import catalogue, sparql
    from kg.engines.oxigraph_engine import OxigraphEngine
    from kg.errors import Location
    from kg.query.parameters import bind_parameters, parse_param_options, with_language
    from kg.store import NAMES

    stored = catalogue.find_query(name, check_classes=False)
    values = with_language(stored, parse_param_options(params), lang, Location(option="lang"))
    names = os.path.join(os.path.dirname(plan_store), NAMES)  # as kg.store.names_file
    bindings = bind_parameters(OxigraphEngine(store, names), stored, values)
    return sparql.bind(stored.text, bindings, str(stored.path))


def _watchdog(timeout: float) -> Any:
    """kg.cli's watchdog without the threading module: unless the returned lock is released
    within `timeout` seconds, the one-line error on stderr and exit 2."""
    import _thread

    running = _thread.allocate_lock()
    running.acquire()

    def expire() -> None:
        if not running.acquire(timeout=timeout):
            from kg.cli import render
            from kg.limits import timed_out

            error = timed_out(timeout)
            try:
                os.write(2, f"kg: error: {render(error)}\n".encode("utf-8", "replace"))
            finally:
                os._exit(error.exit_code)

    _thread.start_new_thread(expire, ())
    return running


# ---- the plan --------------------------------------------------------------------------------


def _package_dir() -> str:
    return os.path.dirname(__file__)  # only names this copy of kg: realpath costs milliseconds


def _plan_file() -> str:
    from zlib import crc32

    return os.path.join(cache_root(), "plans", f"{crc32(_package_dir().encode()):08x}.marshal")


def _stat(path: str) -> tuple[int, int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _environment() -> tuple:
    """What else the key depends on: this Python and where it finds packages (sys.path without
    its first entry, the script's folder or the working folder)."""
    return (sys.version, sys.executable, tuple(sys.path[1:]))


def load_plan() -> dict[str, Any] | None:
    """The plan for this copy of kg and its inputs: the stored one when its fingerprint matches,
    else worked out again (None when the store is missing or stale: kg.cli builds it)."""
    import marshal

    try:
        with open(_plan_file(), "rb") as handle:
            plan = marshal.load(handle)
        if (
            plan["format"] == PLAN_FORMAT
            and plan["package"] == _package_dir()
            and plan["environment"] == _environment()
            and all(_stat(path) == stat for path, stat in plan["fingerprint"])
        ):
            return plan
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    return make_plan()


def _watched() -> list[str]:
    """Every file and folder whose change may change the store's key (kg.store.Inputs.key): the
    inputs, the folders they are listed from, the package's code and folders, and the folders the
    libraries are installed in."""
    from importlib.util import find_spec

    from kg import paths
    from kg.store import Inputs

    inputs = Inputs.of()
    watched = [str(p) for p in (inputs.ontology, *inputs.imports, *inputs.data, *inputs.queries)]
    watched += [str(paths.IMPORTS_DIR), str(paths.DATA_DIR), str(paths.QUERIES_DIR)]
    for folder, subfolders, files in os.walk(paths.PACKAGE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        watched.append(folder)
        watched += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    for package in LIBRARIES:
        spec = find_spec(package)
        if spec is not None and spec.origin is not None:
            watched.append(os.path.dirname(os.path.dirname(spec.origin)))
    return sorted(set(watched))


def make_plan() -> dict[str, Any] | None:
    """Work the plan out with the library, from the real key, and keep it when it can be
    trusted (see the module's docstring); None when there is no fresh store for the inputs."""
    import marshal
    import time

    from kg import catalogue, sparql, store
    from kg.engines import FULL
    from kg.engines.oxigraph_engine import OxigraphEngine
    from kg.errors import KGError
    from kg.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Limits, check_text
    from kg.namespaces import PREFIX_IRIS
    from kg.query.formats import GRAPH_FORMS, check_format, format_names
    from kg.query.parameters import bind_parameters

    started = time.time_ns()
    watched = _watched()
    fingerprint = [(path, _stat(path)) for path in watched]
    inputs = store.Inputs.of()
    key = inputs.key()
    opened = store.open_store(key)
    if opened is None:
        return None
    folder = store.cache_dir() / "stores" / key
    fingerprint.append((str(folder / "manifest.json"), _stat(str(folder / "manifest.json"))))
    engine = OxigraphEngine(opened, store.names_file(key))
    queries = {}
    for path in inputs.queries:
        try:
            stored = catalogue.parse_query_file(path, check_classes=False)
            source = str(stored.path)
            check_text(stored.text, source, Limits())
            sparql.check(stored.text, source)
        except KGError:
            continue  # kg.cli reports it
        if stored.form in GRAPH_FORMS:
            continue  # written by rdflib: kg.cli's
        formats = []
        for name in format_names():
            try:
                if check_format(stored.form, name) == name:
                    formats.append(name)
            except KGError:
                pass
        try:
            bound = sparql.bind(stored.text, bind_parameters(engine, stored, {}), source)
        except KGError:
            bound = None  # a required parameter, or a default that does not resolve
        queries[stored.name] = {"formats": formats, "bound": bound, "view": stored.view}
    plan = {
        "format": PLAN_FORMAT,
        "package": _package_dir(),
        "environment": _environment(),
        "fingerprint": fingerprint,
        "store": str(folder / "db"),
        "quads": len(opened),
        "queries": queries,
        "prefixes": dict(PREFIX_IRIS),
        "default_graphs": list(FULL.default_graphs),
        "named_graphs": list(FULL.named_graphs),
        "timeout": DEFAULT_TIMEOUT,
        "max_rows": DEFAULT_MAX_ROWS,
    }
    del opened, engine
    newest = max((stat[3] for _, stat in fingerprint if stat is not None), default=0)
    if newest < started - RECENT_NS:
        _write(_plan_file(), marshal.dumps(plan))
    return plan


def _write(path: str, data: bytes, make_folder: bool = True) -> None:
    """Atomically, or not at all: a cache folder that cannot be written keeps no plan (nor
    kg.query.names a names index, which passes `make_folder=False`: no store, no index)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        if make_folder:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
