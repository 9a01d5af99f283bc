"""Output files: special files are written in place, never replaced; links are written through;
a release is replaced whole or not at all; Ctrl-C, SIGTERM and a closed pipe end cleanly.

These tests run as root in CI containers, where replacing /dev/null would succeed: the real /dev
is only ever written to (never replaced), and only after the `dev_is_safe` guard has shown, on a
FIFO and links of the test's own, that the code under test writes special files in place.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Literal, URIRef

from kg import files
from kg.errors import KGError
from kg.pipeline import Layers
from kg.release import release_files
from tests.conftest import ROOT, run_kg

QUERY = "achievements"  # `kg query --show QUERY`: a small output that needs no graph


@pytest.fixture(scope="module")
def shown() -> str:
    result = run_kg("query", "--show", QUERY)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` (hidden ones included), with a file's bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


# --- kg.files.write_atomic: what each kind of path gets ---------------------------------------


def test_needs_direct_write_tells_special_files_from_regular_ones(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    regular = tmp_path / "out.ttl"
    regular.write_text("x")
    null_link = tmp_path / "null"
    null_link.symlink_to(os.devnull)  # only stat()ed here
    proc_link = tmp_path / "stdout"
    proc_link.symlink_to("/proc/self/fd/1")
    assert files.needs_direct_write(fifo)
    assert files.needs_direct_write(null_link)
    assert files.needs_direct_write(Path(os.devnull))
    assert files.needs_direct_write(proc_link)
    assert not files.needs_direct_write(regular)
    assert not files.needs_direct_write(tmp_path / "not-yet.ttl")
    assert not files.needs_direct_write(tmp_path)


def test_a_fifo_is_written_not_replaced(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so the writer's open() returns
    try:
        files.write_atomic(fifo, "to the reader\n")
        assert os.read(reader, 100) == b"to the reader\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]


def test_a_link_into_proc_is_written_directly(tmp_path):
    """/dev/stdout and /dev/fd/N are links to /proc/self/fd/N: they name an open file."""
    read_end, write_end = os.pipe()
    link = tmp_path / "stdout"
    link.symlink_to(f"/proc/self/fd/{write_end}")
    try:
        files.write_atomic(link, "through the pipe\n")
        os.close(write_end)
        write_end = -1
        assert os.read(read_end, 100) == b"through the pipe\n"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    assert link.is_symlink()


def test_a_symlink_is_written_through_and_its_target_replaced_atomically(tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    inode = real.stat().st_ino
    link = tmp_path / "link.ttl"
    link.symlink_to("real.ttl")
    files.write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real.ttl"
    assert real.read_text(encoding="utf-8") == "new"
    assert real.stat().st_ino != inode  # replaced by a rename, not rewritten in place
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "real.ttl"]


def test_a_dangling_symlink_gets_its_target_created(tmp_path):
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.ttl"
    link.symlink_to(tmp_path / "sub" / "new.ttl")
    files.write_atomic(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "sub" / "new.ttl").read_text(encoding="utf-8") == "new"


def test_a_read_only_file_is_refused_naming_it(tmp_path):
    target = tmp_path / "kept.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    for path in (target, link):
        with pytest.raises(KGError) as caught:
            files.write_atomic(path, "new")
        assert str(caught.value) == f"{path}: read-only file, not replaced"
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.ttl", "link.ttl"]


def test_dash_is_standard_output(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    files.write_atomic(Path("-"), "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
    assert list(tmp_path.iterdir()) == []


def test_the_temp_file_is_fsynced_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"))
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append(("rename", Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files.write_atomic(tmp_path / "out.ttl", "x")
    assert events == [("fsync", "file"), ("rename", "out.ttl"), ("fsync", "folder")]
    assert (tmp_path / "out.ttl").read_text() == "x"


def _refuse(*args, prefix: str = "", suffix: str = "", dir: str | None = None, **kwargs):
    """tempfile.mkstemp/mkdtemp in a folder this user cannot write to (root can write anywhere,
    so the refusal is simulated): the OSError names the temporary file."""
    raise PermissionError(
        errno.EACCES, os.strerror(errno.EACCES), os.path.join(dir or ".", f"{prefix}x1y2{suffix}")
    )


def test_an_unwritable_folder_is_reported_under_the_target_name(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "mkstemp", _refuse)
    target = tmp_path / "out.ttl"
    with pytest.raises(KGError) as caught:
        files.write_atomic(target, "x")
    assert str(caught.value) == f"{target}: cannot write: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_cli_unwritable_folder_names_the_target(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    result = run_kg("query", "--show", QUERY, "-o", str(folder / "out.rq"))
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {folder / 'out.rq'}: cannot write: Permission denied\n"


# --- the CLI's -o, on files of the test's own ---------------------------------------------------


def test_cli_output_to_a_fifo(tmp_path, shown):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run_kg("query", "--show", QUERY, "-o", str(fifo))
        assert result.returncode == 0, result.stderr
        assert os.read(reader, 1 << 16).decode("utf-8") == shown
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_cli_output_dash_is_standard_output(tmp_path, shown):
    result = run_kg("query", "--show", QUERY, "-o", "-", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, shown, "")
    assert list(tmp_path.iterdir()) == []


def test_cli_output_through_a_link_to_stdout(tmp_path, shown):
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = run_kg("query", "--show", QUERY, "-o", str(link))
    assert (result.returncode, result.stdout) == (0, shown)
    assert link.is_symlink()


def test_cli_output_through_a_link_to_dev_null_keeps_both(tmp_path):
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    result = run_kg("query", "--show", QUERY, "-o", str(link))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_cli_full_disk_is_one_line_naming_the_file(tmp_path):
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    result = run_kg("query", "--show", QUERY, "-o", str(link))
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {link}: cannot write: No space left on device\n"
    assert link.is_symlink()


def test_cli_read_only_output_is_refused(tmp_path):
    target = tmp_path / "kept.rq"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    result = run_kg("query", "--show", QUERY, "-o", str(target))
    assert result.returncode == 2
    assert result.stderr == f"kg: error: {target}: read-only file, not replaced\n"
    assert target.read_text(encoding="utf-8") == "old"


# --- the real /dev: written to, never replaced, and only behind the guard -----------------------


@pytest.fixture
def dev_is_safe(tmp_path):
    """Fails (without touching /dev) unless write_atomic writes a FIFO in place and keeps a
    link to /dev/null a link: the code that would replace a device never runs against /dev."""
    fifo = tmp_path / "guard.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "guard-null"
    link.symlink_to(os.devnull)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        files.write_atomic(fifo, "guard")
        safe = os.read(reader, 10) == b"guard" and stat.S_ISFIFO(os.lstat(fifo).st_mode)
        safe = safe and files.needs_direct_write(Path(os.devnull))
        files.write_atomic(link, "guard")
        safe = safe and link.is_symlink()
    except Exception:
        safe = False
    finally:
        os.close(reader)
    if not safe:
        pytest.fail("write_atomic replaces special files: not running it against /dev")


def _device(path: str) -> tuple[int, int, int]:
    info = os.lstat(path)
    return stat.S_IFMT(info.st_mode), info.st_ino, info.st_rdev


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_cli_writes_to_the_real_devices_in_place(dev_is_safe, device, shown):
    before = _device(device)
    result = run_kg("query", "--show", QUERY, "-o", device)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (shown if device == "/dev/stdout" else "")
    assert _device(device) == before


def test_cli_dev_full_is_one_line_naming_it(dev_is_safe):
    before = _device("/dev/full")
    result = run_kg("query", "--show", QUERY, "-o", "/dev/full")
    assert result.returncode == 2
    assert result.stderr == "kg: error: /dev/full: cannot write: No space left on device\n"
    assert _device("/dev/full") == before


# --- the release: replaced whole or not at all ------------------------------------------------


def _layers(label: str) -> Layers:
    graph = Graph()
    graph.add((URIRef("https://w3id.org/almagro-kg/resource/X"), RDFS.label, Literal(label)))
    return Layers(asserted=graph, inferred=Graph(), catalogue=Graph())


@pytest.fixture
def old_release(tmp_path) -> Path:
    out = tmp_path / "dist"
    release_files(_layers("old"), out)
    (out / "bench").mkdir()
    (out / "bench" / "results.json").write_text("{}")
    return out


def test_an_interrupted_release_swap_keeps_the_old_release(old_release, monkeypatch):
    before = _tree(old_release)
    real_replace, hit = os.replace, []

    def replace(src, dst) -> None:
        if Path(dst) == old_release / "almagro-kg.nt" and not hit:
            hit.append(dst)
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        release_files(_layers("new"), old_release)
    assert hit
    assert _tree(old_release) == before


def test_a_failed_release_keeps_the_old_one_and_names_the_file(old_release, monkeypatch):
    before = _tree(old_release)
    real_fdopen, calls = os.fdopen, []

    def fdopen(fd: int, *args, **kwargs):
        calls.append(fd)
        if len(calls) == 3:  # the third file: almagro-kg.nt
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(KGError) as caught:
        release_files(_layers("new"), old_release)
    assert str(caught.value) == (
        f"{old_release / 'almagro-kg.nt'}: cannot write: No space left on device"
    )
    assert _tree(old_release) == before


def test_a_release_keeps_other_files_and_removes_a_crashed_staging_folder(old_release):
    stale = old_release / ".almagro-kg-release-crashed"
    stale.mkdir()
    (stale / "almagro-kg.ttl").write_text("half")
    (old_release / "notes.txt").write_text("mine")
    written = release_files(_layers("new"), old_release)
    tree = _tree(old_release)
    assert sorted(tree) == sorted(
        [p.name for p in written] + ["bench", "bench/results.json", "notes.txt"]
    )
    assert (tree["bench/results.json"], tree["notes.txt"]) == (b"{}", b"mine")
    assert '"new"' in tree["almagro-kg.ttl"].decode()


def test_what_before_swap_raises_leaves_the_old_set_and_no_staging_folder(old_release):
    before, staged = _tree(old_release), []

    def refuse() -> None:
        staged.append(sorted(_tree(old_release)))  # every file staged, none swapped in yet
        raise KGError("2 validation violation(s); no release written", where="validation")

    with pytest.raises(KGError) as caught:
        files.write_files(old_release, {"a.txt": "new a", "b.txt": b"new b"}, before_swap=refuse)
    assert str(caught.value) == "validation: 2 validation violation(s); no release written"
    assert len(staged) == 1
    new = [name for name in staged[0] if name not in before]
    assert [name.split("/", 1)[1] for name in new if "/" in name] == ["a.txt", "b.txt"]
    assert len(new) == 3 and new[0].startswith(".staging-")  # the staging folder and its files
    assert _tree(old_release) == before


def test_a_folder_made_for_a_set_not_written_is_removed(tmp_path):
    target = tmp_path / "new" / "dist"

    def refuse() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.write_files(target, {"a.txt": "a"}, before_swap=refuse)
    assert list(tmp_path.iterdir()) == []
    assert files.write_files(target, {"a.txt": "a"}, before_swap=lambda: None) == [target / "a.txt"]
    assert (target / "a.txt").read_text() == "a"


def test_an_unwritable_release_folder_is_named(old_release, monkeypatch):
    before = _tree(old_release)
    monkeypatch.setattr(tempfile, "mkstemp", _refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", _refuse)
    with pytest.raises(KGError) as caught:
        release_files(_layers("new"), old_release)
    assert str(caught.value) == f"{old_release}: cannot write: Permission denied"
    assert _tree(old_release) == before


# --- Ctrl-C, SIGTERM, a closed pipe -------------------------------------------------------------


def test_help_documents_the_interrupted_exit_code():
    result = run_kg("--help")
    assert "130  interrupted (Ctrl-C" in result.stdout


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [(signal.SIGINT, 130, "kg: interrupted"), (signal.SIGTERM, 143, "kg: terminated")],
)
def test_an_interrupted_build_exits_cleanly(old_release, signum, code, message):
    before = _tree(old_release)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "-o", str(old_release)],
        cwd=ROOT,
        env={**os.environ, "KG_PROGRESS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal sends it: a test run started in the background by a shell script
        # has SIGINT ignored (POSIX), which the build would inherit and rightly keep ignoring.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:  # interrupt once the build is under way
            if "reasoning" in line:
                break
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == code, stderr
    assert stderr.splitlines()[-1:] == [message]
    assert "Traceback" not in stderr and "aborted" not in stderr
    assert _tree(old_release) == before


@pytest.mark.parametrize(
    "args", [("evidence", "GRULAC"), ("export",), ("query", "--list"), ("--help",)]
)
def test_a_closed_standard_output_ends_quietly(args):
    """`kg evidence GRULAC | head -1`: the reader is gone before the first write."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert (process.wait(timeout=300), stderr) == (0, "")
