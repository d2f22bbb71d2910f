"""Writing outputs: never half-written, never sharing a temporary file, never a traceback.

* Every output goes to a temporary sibling and is renamed into place (atomic on POSIX), so a
  reader sees the old file or the new one.
* Temporary names carry the writing process's id, ``.NAME.KIND-PID-RANDOM.tmp``: two processes
  never touch each other's, and :func:`clean_stale` removes those of processes that died
  (a ``kill -9``) without touching a live writer's or anything the tool did not name.
* An output that cannot be written (a read-only directory, ``/proc``, a full disk, a
  directory where a file should go) is an :class:`OutputError`: one line naming the path and
  the cause.
* :func:`directory_lock` serialises the builds that write into one directory.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import InputError

#: The lock file a build holds in its output directory while it writes there.
LOCK_NAME = ".teiedition.lock"

# Every temporary name the tool makes next to an output (fileio and the archive package
# both use this form: ".NAME.KIND-PID-RANDOM.tmp").
_TEMP_NAME = re.compile(r"^\..+\.[a-z]+-(?P<pid>\d+)-[0-9A-Za-z_]+\.tmp$")

# Failures of the machine rather than of the path the user chose: exit 1, not 2.
_MACHINE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.ENOMEM}
_CAUSES = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a parent of it is not a directory",
    errno.ENOENT: "its directory does not exist and cannot be made",
    errno.EEXIST: "exists and is not a directory",
}


class OutputError(InputError):
    """An output cannot be written. Exit 2 when the path given cannot take it (read-only,
    a directory), 1 when the machine failed (disk full, I/O error)."""

    def __init__(self, path: str, message: str, exit_code: int = 2):
        super().__init__(path, message)
        self.exit_code = exit_code


def output_error(path: Path | str, exc: OSError, doing: str = "cannot write") -> OutputError:
    """The one-line error for an ``OSError`` raised while writing ``path``."""
    cause = _CAUSES.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    if exc.errno == errno.ENOENT and Path(path).parent.is_dir():
        cause = "its directory takes no new files"  # /proc, /sys: there, but not for files
    where = exc.filename if exc.filename and str(exc.filename) != str(path) else None
    # The temporary sibling's name means nothing to the user: name the output itself.
    if where is not None and _TEMP_NAME.match(Path(str(where)).name):
        where = None
    detail = f"{doing}: {cause}" + (f" ({where})" if where else "")
    return OutputError(str(path), detail, 1 if exc.errno in _MACHINE_ERRNOS else 2)


def temp_path(path: Path, kind: str = "part") -> Path:
    """A sibling of ``path`` that no other process uses, of the form :func:`clean_stale`
    recognises: ``.NAME.KIND-PID-RANDOM.tmp``."""
    return path.with_name(f".{path.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def check_file_output(path: Path) -> None:
    """Refuse an output file path that is an existing directory (before any work is done)."""
    if path.is_dir():
        raise OutputError(str(path), "is a directory; give the name of a file to write")


def write_temp(path: Path, data: bytes, kind: str = "part") -> Path:
    """Write ``data`` to a fresh temporary sibling of ``path`` and return the sibling's path
    (the caller renames it into place, or removes it)."""
    tmp = temp_path(path, kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: never write into a file some other process made under this name.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise output_error(path, exc) from None
    return tmp


def write_checked(path: Path, data: bytes, check: Callable[[Path], None], *,
                  before_replace: Callable[[], None] | None = None, replace: bool = True) -> None:
    """Write ``data`` under a temporary name beside ``path``, ``check`` that file (it raises
    to refuse it), then, with ``replace``, call ``before_replace`` (a last check of what
    ``path`` holds now) and rename the file into place. Whatever fails, ``path`` is as it was
    and no temporary file is left: chapters, books and TEI inputs are all put in place so."""
    pending = write_temp(path, data, "unchecked")
    try:
        check(pending)
        if replace:
            if before_replace is not None:
                before_replace()
            try:
                pending.replace(path)
            except OSError as exc:
                raise output_error(path, exc) from None
    finally:
        pending.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    The rename is atomic on POSIX, so an interrupted build leaves either the previous
    file or the new one; the temporary file is removed if writing fails. Any ``OSError`` is
    an :class:`OutputError` naming ``path``.
    """
    path = Path(path)
    check_file_output(path)
    tmp = write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from None
        raise


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (this one always is)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def clean_stale(directory: Path) -> list[Path]:
    """Remove the temporary files and directories that dead processes left in ``directory``.

    Only names of the tool's own form (``.NAME.KIND-PID-RANDOM.tmp``) whose process is gone:
    a concurrent writer's files, and anything the tool did not name, are left alone.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or process_alive(int(match["pid"])):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove: the next run tries again
        removed.append(Path(entry.path))
    return removed


@contextmanager
def directory_lock(directory: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (its :data:`LOCK_NAME` file) while writing there.

    A second holder waits (``on_wait`` is called once, before it does). The lock is the
    kernel's (``flock``): it goes with the process, so a killed build never leaves the
    directory locked. The lock file itself stays: removing it would let a third process lock
    a new file while the second still waits on the old one.
    """
    path = directory / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise output_error(directory, exc, "cannot lock the output directory") from None
    try:
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None:
                    on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # a file system without locks (ENOLCK)
            raise output_error(directory, exc, "cannot lock the output directory") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def output_directory(outdir: Path, err: TextIO) -> Iterator[None]:
    """Make ``outdir`` if needed and hold its lock while a build writes there; a second build
    into it waits, saying so on ``err``. Refuses a path that exists and is not a directory."""
    if os.path.lexists(outdir) and not outdir.is_dir():
        raise InputError(str(outdir), "the output directory exists and is not a directory")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(outdir, exc, "cannot make the output directory") from None

    def waiting() -> None:
        print(f"teiedition: {outdir}: another build is writing into this directory; "
              "waiting for it to finish", file=err, flush=True)

    with directory_lock(outdir, waiting):
        yield
