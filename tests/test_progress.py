"""Progress on stderr: a spinner with each stage's name and counts on a terminal; nothing when
stderr is piped or in CI, so an error stays the only line."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from kg.validate import quality_checks
from tests.conftest import FIXTURES, ROOT, run_kg

VALID = str(FIXTURES / "valid")


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KG_PROGRESS")}
    return {**env, "COLUMNS": "200", **extra}


def _on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run `kg ARGS` with stderr on a pseudo-terminal (stdout piped): exit code, stdout, and
    what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=300)
    os.close(leader)
    # What a reader sees: the text without its colours and cursor moves.
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    return process.returncode, stdout, text


def test_piped_stderr_stays_quiet():
    done = run_kg("validate", "--data", VALID, "--validator", "fast", env=_environment())
    assert (done.returncode, done.stdout, done.stderr) == (0, "conforms: no violations\n", "")


def test_a_terminal_shows_each_stage_with_its_counts():
    code, stdout, shown = _on_a_terminal(
        "validate", "--data", VALID, "--validator", "fast", env=_environment()
    )
    assert (code, stdout) == (0, "conforms: no violations\n")
    assert "✓ loading the ontology, its imports and the data" in shown
    assert "✓ checking consistency (OWL 2 RL) over " in shown
    checks = len(quality_checks())
    assert f"with the fast validator: 207 shapes, {checks} quality checks" in shown


def test_ci_stays_quiet_even_on_a_terminal():
    code, stdout, shown = _on_a_terminal(
        "validate", "--data", VALID, "--validator", "fast", env=_environment(CI="true")
    )
    assert (code, stdout, shown) == (0, "conforms: no violations\n", "")


def test_a_failed_stage_is_marked_so_and_the_error_follows(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "bad.ttl").write_text(
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .\nres:Ana res:knows .\n",
        encoding="utf-8",
    )
    code, _, shown = _on_a_terminal("validate", "--data", str(data), env=_environment())
    assert code == 2
    assert "✗ loading the ontology, its imports and the data" in shown
    assert shown.rstrip().splitlines()[-1].startswith("kg: error: ")


def test_build_ends_saying_what_it_built_that_validation_passed_and_what_next(tmp_path):
    from kg import synth
    from kg.graph import KnowledgeGraph

    small, out = tmp_path / "data", tmp_path / "dist"
    small.mkdir()
    synth.synthesize(synth.MINIMUM, 3, small / "synth.ttl")  # a graph that conforms
    done = run_kg("build", "--data", str(small), "-o", str(out), env=_environment())
    assert (done.returncode, done.stderr) == (0, "")
    graph = KnowledgeGraph.load(small)
    assert done.stdout == (
        f"built {len(list(out.iterdir()))} release files in {out}: {len(graph.asserted)} "
        f"asserted + {len(graph.inferred)} inferred triples, and the query store\n"
        "validation passed (fast): the graph conforms to the shapes and the quality checks\n"
        "next: `python -m kg query --list`, then `python -m kg query NAME`; `make test` runs "
        "the tests\n"
    )
    # as `make` runs it: the venv's kg, not on the PATH, is named by its path
    venv_kg = Path(sys.executable).parent / "kg"
    done = subprocess.run(
        [str(venv_kg), "build", "--data", str(small), "-o", str(out), "--no-validate"],
        capture_output=True,
        text=True,
        env={**_environment(), "PATH": "/usr/bin:/bin"},
        cwd=venv_kg.parent.parent.parent,
    )
    assert done.returncode == 0, done.stderr
    relative = venv_kg.relative_to(venv_kg.parent.parent.parent)
    assert done.stdout.splitlines()[-1] == (
        f"next: `{relative} query --list`, then `{relative} query NAME`; `make test` runs the tests"
    )
