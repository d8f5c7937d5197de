"""Writing files so that a crash, a full disk or a kill at any moment leaves either the old file or
the new one, never a half-written one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from labeltrack.errors import LabeltrackError


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path`` (keeping the old file's permissions, owner and group) and flush the directory entry
    too. With ``exclusive``, refuse if ``path`` exists, even if another process creates it
    meanwhile."""
    directory = path.parent
    try:
        old: os.stat_result | None = path.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if old is not None and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.chown(temporary, old.st_uid, old.st_gid)
        if exclusive:
            os.link(temporary, path)  # fails if path exists: no window to overwrite it
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except FileExistsError:
        os.unlink(temporary)
        raise LabeltrackError(f"{path}: the file already exists; nothing was written") from None
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    _sync_directory(directory)


def _cannot_write(path: Path, exc: OSError) -> LabeltrackError:
    return LabeltrackError(f"{path}: cannot write the file: {exc.strerror or exc}; it is unchanged")


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; some file systems cannot open a directory, which is fine."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def locked(lock_path: Path, *, wait: float, busy: str) -> Iterator[None]:
    """Hold the lock file ``lock_path`` (made, with its folder, if need be) for the block, so a
    read-modify-write of another file is never interleaved with another process's; if another
    process holds it for ``wait`` seconds, raise ``busy``."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path, timeout=wait)
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise LabeltrackError(busy) from None
    except OSError as exc:
        raise LabeltrackError(
            f"{lock_path}: cannot take the lock ({exc.strerror or exc}); nothing was changed"
        ) from None
    try:
        yield
    finally:
        lock.release()


def write_output(path: Path, data: bytes, *, registry: Path | None = None) -> None:
    """The one way labeltrack writes a file that is not the registry (a report, a calendar, a
    picture, notify's memory): only over nothing or over a regular file, never over the
    registry itself (by any path that leads to it), and atomically."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        kind = kind_of(found.st_mode)
        raise LabeltrackError(
            f"{path}: this is {kind}, not a regular file; labeltrack writes reports only to new "
            "or regular files, so nothing was written"
        )
    if registry is not None and found is not None and _same_file(path, registry):
        raise LabeltrackError(
            f"{path}: this is the registry itself; writing a report there would destroy it, so "
            "nothing was written"
        )
    atomic_write(path, data)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def kind_of(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a regular file")
