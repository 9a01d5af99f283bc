"""Writing files safely (no rdflib here).

`write_atomic(path, text)` writes one output, by what `path` names:

- `-`: standard output.
- a regular file, or a name not yet taken: a temporary file in the same folder, fsynced, then
  renamed over the target and the folder fsynced, so a failure, an interruption or a crash
  leaves the old file or the new one, never a half-written or empty one;
- a symbolic link: written through: the file it points to is replaced as above, the link stays;
- anything else — a character device (/dev/null, /dev/full, a terminal), a FIFO, a socket, or a
  link into /proc such as /dev/stdout: opened and written directly, as a shell's `>` would;
  replacing it would destroy the special file;
- a read-only file is refused, not replaced; a folder is refused.

`write_files(folder, texts)` writes a set of files that belong together (a release) so that a
failure or an interruption leaves the previous set whole: see its docstring.

Every failure is a one-line KGError naming the path the caller gave, never a temporary file.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import KGError

STDOUT = "-"
_MAX_LINKS = 40  # as the kernel's ELOOP limit


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _new_file_mode() -> int:
    """The mode a plain open() gives a new file under the user's umask."""
    return 0o666 & ~_umask()


def _cannot_write(err: OSError, shown: Path | str) -> KGError:
    return KGError(f"cannot write: {err.strerror or err}", where=str(shown))


def _follow(path: Path) -> Path | None:
    """The file `path` finally names, its symbolic links followed (the result is not a link),
    or None when a link leads into /proc (/dev/stdout, /dev/fd/N, /proc/self/fd/N): such a
    "magic" link names an open file, not a path that could be replaced."""
    current = Path(os.path.abspath(path))
    for _ in range(_MAX_LINKS):
        parent = Path(os.path.realpath(current.parent))
        if parent.parts[:2] == ("/", "proc"):
            return None
        current = parent / current.name
        if not current.is_symlink():
            return current
        current = Path(os.path.normpath(parent / os.readlink(current)))
    raise KGError("too many levels of symbolic links", where=str(path))


def needs_direct_write(path: Path) -> bool:
    """Whether `path` names something that must be opened and written rather than replaced: a
    character or block device, a FIFO, a socket (links followed), or a link into /proc. A
    regular file, a folder, or a name not yet taken: False."""
    target = _follow(Path(path))
    if target is None:
        return True
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _is_read_only(target: Path, mode: int) -> bool:
    """No write permission for this user, or no write bit at all (root may write anything, but a
    file marked read-only is still not the toolkit's to replace)."""
    return not os.access(target, os.W_OK) or not mode & 0o222


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: not every file system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# What write_files writes into a file: text (UTF-8), bytes, or a function writing the content to
# a binary file object (a big file produced while it is written).
Content = str | bytes | Callable[[BinaryIO], None]


def _write_synced(path: Path, text: Content, mode: int) -> None:
    """Create `path` (it must not exist), write `text` and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        if isinstance(text, str):
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            handle = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        if isinstance(text, str | bytes):
            handle.write(text)
        else:
            text(handle)
        handle.flush()
        os.fsync(handle.fileno())


def _write_directly(path: Path, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as err:
        raise _cannot_write(err, path) from None


def _replace(target: Path, text: str, shown: Path) -> None:
    """Atomic replace: a temporary file beside `target`, fsynced, renamed over it."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = _new_file_mode()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            # mkstemp makes the file private (0600): give it the mode the replaced file had,
            # or what a plain open() would have given.
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as err:
        raise _cannot_write(err, shown) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    _fsync_folder(target.parent)


def write_atomic(path: Path | str, text: str) -> None:
    """Write `text` to `path` (`-`: standard output) without ever leaving a half-written file
    or destroying a special file; see the module's docstring for what each kind of path gets."""
    if str(path) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(path)
    target = _follow(path)
    if target is None:
        _write_directly(path, text)
        return
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as err:
        raise _cannot_write(err, path) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise KGError("is a directory, expected a file name", where=str(path))
    if mode is not None and not stat.S_ISREG(mode):
        _write_directly(path, text)
        return
    if mode is not None and _is_read_only(target, mode):
        raise KGError("read-only file, not replaced", where=str(path))
    if not target.parent.is_dir():
        folder = target.parent if path.is_symlink() else path.parent
        raise KGError("output folder does not exist", where=str(folder))
    _replace(target, text, path)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the duration of the block (a few renames): one that arrives
    is delivered, to the handler it would have had, when the block ends. Only the main thread
    can handle signals; elsewhere, and for a signal that is ignored, this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        caught.append(signum)

    previous: dict[int, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if handler is None or handler == signal.SIG_IGN:
            continue  # installed outside Python (cannot be restored), or ignored
        previous[signum] = handler
        signal.signal(signum, hold)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            signal.raise_signal(caught[0])


def _stale_staging(folder: Path, prefix: str) -> list[Path]:
    return [p for p in folder.glob(f"{prefix}*") if p.is_dir() and not p.is_symlink()]


@contextmanager
def _folder_lock(folder: Path) -> Iterator[bool]:
    """An exclusive flock on `folder` itself (no lock file left behind): two writers of the
    same set take turns. Yields whether the lock is held (not every system or file system
    offers flock)."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            locked = True
        except OSError:
            locked = False
        yield locked
    finally:
        os.close(fd)  # releases the lock


def _check_targets(folder: Path, names: list[str]) -> dict[str, int]:
    """The mode each file will get (the one it replaces keeps its mode); refuses a target that
    is a folder, a link or a special file, or read-only, before anything is written."""
    modes: dict[str, int] = {}
    for name in names:
        target = folder / name
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            modes[name] = _new_file_mode()
            continue
        if stat.S_ISDIR(info.st_mode):
            raise KGError("is a directory, expected a file name", where=str(target))
        if not stat.S_ISREG(info.st_mode):
            raise KGError("not a regular file, not replaced", where=str(target))
        if _is_read_only(target, info.st_mode):
            raise KGError("read-only file, not replaced", where=str(target))
        modes[name] = info.st_mode & 0o777
    return modes


def _swap(staging: Path, folder: Path, names: list[str]) -> None:
    """Rename each staged file over its target; on any failure, put the replaced files back
    (from hard links taken first), so the folder holds the old set or the new one."""
    backup = staging / ".previous"
    backup.mkdir()
    for name in names:
        if (folder / name).exists():
            try:
                os.link(folder / name, backup / name)
            except OSError:
                shutil.copy2(folder / name, backup / name)
    swapped: list[str] = []
    try:
        for name in names:
            os.replace(staging / name, folder / name)
            swapped.append(name)
    except BaseException:
        for name in reversed(swapped):
            if (backup / name).exists():
                os.replace(backup / name, folder / name)
            else:
                (folder / name).unlink(missing_ok=True)
        raise


def write_files(
    folder: Path,
    texts: Mapping[str, Content],
    *,
    staging_prefix: str = ".staging-",
    before_swap: Callable[[], None] | None = None,
) -> list[Path]:
    """Write `texts` (file name → text, bytes, or a function writing a binary file) into `folder`
    as one set: a failure, Ctrl-C or SIGTERM leaves the previous set whole and no temporary file
    behind.

    The files are written into a private staging folder inside `folder`
    (`<folder>/<staging_prefix>XXXXXXXX/`), each fsynced, then each target is replaced by a
    rename from there (same file system, so atomic), with SIGINT/SIGTERM held for those few
    renames, and the replaced files restored if a rename fails; then the staging folder is
    removed and `folder` fsynced. The folder itself is not swapped: other files in it (a
    dist/bench/ folder, say) are left alone. Only a power loss or SIGKILL in the middle of the
    renames can mix old and new files; a staging folder such a crash leaves is removed by the
    next call. Writers of the same folder take turns (an flock on the folder).

    `before_swap` is called once every file is staged, before any is swapped in: whatever it
    raises (a validation that ran meanwhile and failed, say) leaves the folder as it was."""
    folder = Path(folder)
    created = [p for p in (folder, *folder.parents) if not p.exists()]  # deepest first
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KGError(f"cannot create output folder: {err.strerror}", where=str(folder)) from None
    try:
        _write_set(folder, texts, staging_prefix, before_swap)
    except BaseException:
        for made in created:  # a folder made for a set that was not written goes again
            try:
                made.rmdir()
            except OSError:
                break
        raise
    _fsync_folder(folder)
    return [folder / name for name in texts]


def _write_set(
    folder: Path,
    texts: Mapping[str, Content],
    staging_prefix: str,
    before_swap: Callable[[], None] | None,
) -> None:
    """write_files' work once `folder` exists: stage, check, swap."""
    names = list(texts)
    modes = _check_targets(folder, names)
    with _folder_lock(folder) as locked:
        if locked:  # every other writer's staging folder is a crash's leftover
            for stale in _stale_staging(folder, staging_prefix):
                shutil.rmtree(stale, ignore_errors=True)
        staging: Path | None = None
        try:
            try:
                staging = Path(tempfile.mkdtemp(prefix=staging_prefix, dir=folder))
            except OSError as err:
                raise _cannot_write(err, folder) from None
            for name in names:
                try:
                    _write_synced(staging / name, texts[name], modes[name])
                except OSError as err:
                    raise _cannot_write(err, folder / name) from None
            _fsync_folder(staging)
            if before_swap is not None:
                before_swap()
            with signals_held():
                try:
                    _swap(staging, folder, names)
                except OSError as err:
                    shown = Path(err.filename2) if err.filename2 else folder
                    raise _cannot_write(err, shown) from None
        finally:
            if staging is not None:
                with signals_held():
                    shutil.rmtree(staging, ignore_errors=True)
