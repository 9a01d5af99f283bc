"""`kg query`'s fast path (kg.fast): the same bytes and exit codes as the full command line, and
the call handed to it whenever the fast path cannot answer exactly as it would."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from kg import catalogue, fast
from kg.cli import main
from kg.errors import KGError
from kg.query.formats import GRAPH_FORMS, check_format, format_names
from tests.conftest import ROOT


def full_cli(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kg")


@pytest.fixture(scope="module")
def plan(real_graph):
    """The plan of the real graph's store (the session built it)."""
    made = fast.make_plan()
    assert made is not None
    return made


def fast_answer(plan, name: str, fmt: str = "table", params: tuple[str, ...] = (), lang=None):
    call = {"name": name, "format": fmt, "params": list(params), "lang": lang}
    return fast._answer(call, plan)


CATALOGUE = catalogue.load_catalogue()


def served_formats(stored) -> int:
    """How many formats the fast path answers a stored query in, with its defaults: SELECT all
    six solution formats, ASK four (CSV and TSV are SELECT's only), a graph or a query with a
    required parameter none."""
    if stored.form in GRAPH_FORMS or any(p.default is None for p in stored.parameters):
        return 0
    return 6 if stored.form == "SELECT" else 4


def test_the_fast_path_serves_most_of_the_catalogue():
    assert sum(served_formats(stored) for stored in CATALOGUE.values()) > 100


# One test per stored query (the catalogue in one test was the suite's longest, at its end).
@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_stored_query_in_every_format_gives_the_full_clis_bytes(plan, name):
    stored = CATALOGUE[name]
    served = 0
    for fmt in format_names():
        full = full_cli("query", name, "--format", fmt)
        answer = fast_answer(plan, name, fmt)
        if stored.form in GRAPH_FORMS:
            assert answer is None, (name, fmt)  # rdflib writes graphs: the full CLI's job
            continue
        try:
            usable = check_format(stored.form, fmt) == fmt
        except KGError:
            usable = False
        if not usable or any(p.default is None for p in stored.parameters):
            assert answer is None, (name, fmt)
            assert full.exit_code == 2, (name, fmt)
            continue
        assert (full.exit_code, full.stderr) == (0, ""), (name, fmt, full.stderr)
        assert answer.encode("utf-8") == full.stdout_bytes, (name, fmt)
        served += 1
    assert served == served_formats(stored)


@pytest.mark.parametrize(
    "params",
    [
        ("date=2019-01-01",),
        ("date=2019-01-01", "post=Secretary General"),
        ("post=SecretaryGeneralOfTheOAS",),
    ],
)
def test_given_parameters_give_the_full_clis_bytes(plan, params):
    options = [word for p in params for word in ("--param", p)]
    full = full_cli("query", "who_held_post_on_date", *options, "--format", "csv")
    assert full.exit_code == 0
    assert fast_answer(plan, "who_held_post_on_date", "csv", params).encode() == full.stdout_bytes


@pytest.mark.parametrize(
    ("name", "fmt", "params"),
    [
        ("no_such_query", "csv", ()),  # the full CLI suggests names
        ("almagro_held_post", "csv", ()),  # ASK in CSV: refused with the reason
        ("describe_entity", "nt", ()),  # a graph: written by rdflib
        ("who_held_post_on_date", "csv", ("date=2019-13-01",)),  # not a date
        ("who_held_post_on_date", "csv", ("date",)),  # not KEY=VALUE
        ("who_held_post_on_date", "csv", ("date=2019-01-01", "date=2019-01-02")),  # twice
        ("who_held_post_on_date", "csv", ("colour=red",)),  # no such parameter
        ("who_held_post_on_date", "csv", ("post=Nobody Atall",)),  # no such resource
    ],
)
def test_what_the_fast_path_cannot_answer_goes_to_the_full_cli(plan, name, fmt, params):
    assert fast_answer(plan, name, fmt, params) is None


def test_the_call_is_read_as_click_reads_it_or_handed_over():
    assert fast.parse(["query", "q", "--format", "csv", "-p", "a=1", "--param=b=2"]) == {
        "name": "q",
        "format": "csv",
        "params": ["a=1", "b=2"],
        "lang": None,
    }
    assert fast.parse(["query", "q", "--lang", "es"])["lang"] == "es"
    assert fast.parse(["query", "--format=json", "q"])["format"] == "json"
    for handed_over in (
        [],
        ["build"],
        ["query"],  # no NAME
        ["query", "--list"],
        ["query", "q", "--engine", "rdflib"],
        ["query", "q", "-o", "out.csv"],
        ["query", "q", "--format", "csv", "--format", "json"],  # click takes the last
        ["query", "q", "--format"],  # no value
        ["query", "q", "r"],  # two names
        ["query", "q", "-pa=1"],  # a short option's attached value
        ["query", "q", "--", "r"],
        ["query", "q", "--help"],
        ["--version"],
    ):
        assert fast.parse(handed_over) is None, handed_over


def test_a_plan_whose_inputs_changed_is_made_again(tmp_path, monkeypatch):
    watched = tmp_path / "input.ttl"
    watched.write_text("one", encoding="utf-8")
    made = []
    monkeypatch.setattr(fast, "make_plan", lambda: made.append(1) or {"made": True})
    stale = {
        "format": fast.PLAN_FORMAT,
        "package": fast._package_dir(),
        "environment": fast._environment(),
        "fingerprint": [(str(watched), fast._stat(str(watched)))],
    }
    fast._write(fast._plan_file(), marshal.dumps(stale))
    assert fast.load_plan() == stale  # unchanged: the stored plan
    watched.write_text("two!", encoding="utf-8")  # another size, another change time
    assert fast.load_plan() == {"made": True} and made == [1]
    os.unlink(fast._plan_file())


def test_a_plan_is_kept_only_when_no_input_changed_in_the_last_seconds(real_graph, monkeypatch):
    plan_file = fast._plan_file()
    if os.path.exists(plan_file):
        os.unlink(plan_file)
    fresh = [str(ROOT / "tests" / "test_fast.py")]
    os.utime(fresh[0])  # changed just now
    monkeypatch.setattr(fast, "_watched", lambda: fresh)
    assert fast.make_plan() is not None and not os.path.exists(plan_file)
    monkeypatch.setattr(fast, "RECENT_NS", -(10**12))  # as if the change were long ago
    assert fast.make_plan() is not None and os.path.exists(plan_file)
    os.unlink(plan_file)


def test_a_piped_query_loads_neither_click_rich_nor_rdflib(real_graph):
    """The fast path in a real process, as `kg query NAME --format csv | ...` runs it."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['kg', 'query', 'secretary_general_terms', '--format', 'csv']\n"
        "try:\n"
        "    runpy.run_module('kg', run_name='__main__')\n"
        "except SystemExit as exit_:\n"
        "    assert exit_.code in (0, None), exit_.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "               ('click', 'rich', 'rdflib', 'owlrl', 'pyshacl', 'dataclasses', 'typing'))\n"
        "print('LOADED', heavy, file=sys.stderr)\n"
    )
    # The first run may work the plan out, and does not keep it while the inputs or the store
    # are newer than kg.fast.RECENT_NS: then the next run waits that long and tries again.
    for attempt in range(4):
        done = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            timeout=120,
        )
        if attempt and done.stderr.decode().strip().endswith("LOADED []"):
            break
        if attempt:
            time.sleep(fast.RECENT_NS / 1e9 + 0.2)
    full = full_cli("query", "secretary_general_terms", "--format", "csv")
    assert done.stdout == full.stdout_bytes
    assert done.stderr.decode().strip().splitlines()[-1] == "LOADED []"


@pytest.mark.parametrize(
    ("lang", "params"), [("es", ()), ("en", ()), ("es", ("person=Abascal",)), ("fr", ())]
)
def test_the_language_of_the_labels_gives_the_full_clis_bytes(plan, lang, params):
    options = [word for p in params for word in ("--param", p)]
    full = full_cli("query", "elections_of_person", *options, "--lang", lang, "--format", "csv")
    answer = fast_answer(plan, "elections_of_person", "csv", params, lang)
    if full.exit_code != 0:  # fr: not a language of the labels, refused by the full CLI
        assert answer is None and full.exit_code == 2
    else:
        assert answer.encode() == full.stdout_bytes
