"""Shared fixtures: the real graph (built once per session) and a CLI runner."""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph

# The suite's reasoning cache lives in a folder of its own, shared by the subprocesses it starts,
# and never in the user's ~/.cache.
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="almagro-kg-test-cache-")
atexit.register(shutil.rmtree, os.environ["KG_CACHE_DIR"], ignore_errors=True)

# Output is rendered at the piped width (160) unless a test sets COLUMNS itself: pytest-xdist's
# workers inherit COLUMNS=80 and LINES=24, a plain run the caller's terminal, and neither may
# change what the CLI prints (the README's examples, the fast path's bytes, the views).
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def real_graph() -> KnowledgeGraph:
    return KnowledgeGraph.load()


@pytest.fixture(scope="session")
def built_release(tmp_path_factory) -> dict[str, bytes]:
    """The release files as `kg build` writes them, by name: built once per session, shared by
    the pytest-xdist workers (session fixtures run once per worker; the build reasons afresh, tens
    of seconds): the first worker builds into the session's folder under a lock, the others read."""
    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: its own folder
        folder = tmp_path_factory.mktemp("release")
        result = run_kg("build", "--no-validate", "--out-dir", str(folder), seed="0")
        assert result.returncode == 0, result.stderr
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    shared = tmp_path_factory.getbasetemp().parent  # this session's, common to its workers
    folder, done = shared / "built-release", shared / "built-release.done"
    with open(shared / "built-release.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way
            result = run_kg("build", "--no-validate", "--out-dir", str(folder), seed="0")
            assert result.returncode == 0, result.stderr
            done.touch()
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _session_folder(tmp_path_factory) -> Path:
    """A folder of this test session, common to its pytest-xdist workers."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return tmp_path_factory.getbasetemp()
    return tmp_path_factory.getbasetemp().parent


class SessionResults:
    """Values computed once per test session, by whichever pytest-xdist worker asks first, and
    read back by the others: the references' answers (owlrl's closure takes seconds) on inputs
    several test files compare against. A value is pickled under a lock in the session's folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "session-results"
        self.folder.mkdir(exist_ok=True)

    def get(self, name: str, compute):
        stem = hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
        path = self.folder / f"{stem}.pickle"
        with open(self.folder / f"{stem}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                return pickle.loads(path.read_bytes())
            value = compute()
            path.with_suffix(".part").write_bytes(pickle.dumps(value))
            os.replace(path.with_suffix(".part"), path)
            return value


@pytest.fixture(scope="session")
def session_results(tmp_path_factory) -> SessionResults:
    return SessionResults(_session_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def synthetic_10k(tmp_path_factory) -> Path:
    """A folder holding the 10,000-triple synthetic graph of seed 1 (synth.ttl), written once
    per session and shared by the workers: the scale tests' graph."""
    from kg.synth import synthesize

    folder = _session_folder(tmp_path_factory) / "synthetic-10k"
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "synth.ttl").exists():
            folder.mkdir(exist_ok=True)
            synthesize(10_000, 1, folder / "synth.ttl")
    return folder


def run_kg(
    *args: str,
    cwd: Path | None = None,
    seed: str | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run the `kg` CLI in a subprocess, as a user would (`env` adds to the environment)."""
    # pytest-xdist's workers have COLUMNS and LINES set (80 by 24): a subprocess gets the width a
    # test gives it, else none, as piped output has.
    inherited = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env = {**inherited, **(env or {})}
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd or ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def kg_cli():
    return run_kg
