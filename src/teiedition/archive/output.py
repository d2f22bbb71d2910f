"""Putting a bag in place without ever deleting what teiedition did not make.

* An existing directory at ``-o`` is replaced only when it is empty or a bag this tool made,
  exactly as it made it: ``bag-info.txt`` says ``Bag-Software-Agent: teiedition …``, the bag
  verifies (nothing changed, nothing added to the payload) and it holds no file its manifests
  and tag manifests do not list. Anything else is refused, naming the reason, and nothing is
  touched. An existing zip file is replaced only when it is a zipped bag this tool made.
* ``-o`` may never be the root directory, the working directory or one of its parents, or a
  directory holding an input: replacing those would take the user's files with them.
* The new bag is made in a sibling temporary directory whose name carries this process's id,
  then swapped in. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``, so the bag's name
  always holds a complete bag, old or new. Elsewhere the old bag is renamed aside first; a kill
  between the two renames leaves it under ``.NAME.old-PID-…``, and the next run for that
  name puts it back. The next run also removes what a dead process left (only names of the
  forms this module makes, and only when that process is gone).
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, TeieditionError
from . import limits, safeio, tagfiles
from .verify import inspect
from .zipsafe import read_member

AGENT_PREFIX = "teiedition "


class PackageError(TeieditionError):
    """A bag could not be made from these inputs (exit 2: the input or the options)."""


def _temp_pattern(name: str) -> re.Pattern[str]:
    """The names :func:`temp_path` makes for ``name``, and no others."""
    return re.compile(rf"^\.{re.escape(name)}\.(?:(?P<kind>new)-(?P<pid>\d{{1,10}})-[0-9a-f]+\.tmp"
                      rf"|(?P<kind2>old)-(?P<pid2>\d{{1,10}})-[0-9a-f]+)$")


def temp_path(out: Path, kind: str) -> Path:
    """A sibling of ``out`` that no other process uses: ``.NAME.new-PID-RANDOM.tmp`` (the
    ``.tmp`` ending is what ``build`` clears after a killed run) or ``.NAME.old-PID-RANDOM``
    (no ``.tmp``: it may hold the only copy of the old bag until it is put back)."""
    suffix = ".tmp" if kind == "new" else ""
    return out.with_name(f".{out.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}{suffix}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False  # gone, or a number no process can have
    except PermissionError:
        return True  # someone else's live process
    return True


def recover(out: Path) -> None:
    """Clean up after a process that died while replacing ``out``: put back an old bag that
    was moved aside but not replaced, and remove the rest of what dead processes left."""
    try:
        siblings = list(out.parent.iterdir())
    except OSError:
        return
    pattern = _temp_pattern(out.name)
    for path in sorted(siblings):
        match = pattern.match(path.name)
        if not match or _alive(int(match["pid"] or match["pid2"])):
            continue
        try:
            if match["kind2"] and _vacant(out):
                os.rename(path, out)  # onto nothing or an empty directory: nothing is lost
            else:
                _remove(path)
        except OSError:
            pass  # best effort: what cannot be put right now stays for the user to see


def _vacant(out: Path) -> bool:
    """Nothing at ``out``, or only an empty directory (which a rename replaces)."""
    if not os.path.lexists(out):
        return True
    try:
        return out.is_dir() and not out.is_symlink() and not any(out.iterdir())
    except OSError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def check_target(out: Path, inputs: Iterable[Path], zip: bool) -> None:
    """Refuse, before any work, an ``-o`` that would replace something teiedition did not make."""
    real = Path(os.path.realpath(out))
    if real == Path(real.anchor):
        raise PackageError(f"{out}: is the root directory; give a new directory name for the bag")
    cwd = Path(os.path.realpath(os.getcwd()))
    if cwd.is_relative_to(real):
        raise PackageError(f"{out}: is the working directory or a parent of it; give a new "
                           "directory name for the bag")
    for given in inputs:
        if Path(os.path.realpath(given)).is_relative_to(real):
            raise PackageError(f"{out}: holds the input {given}; give a new directory name for the bag")
    try:
        st = out.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PackageError(f"{out}: cannot look at it: {exc.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        raise PackageError(f"{out}: is a symbolic link; give the bag a name of its own")
    if zip:
        if stat.S_ISDIR(st.st_mode):
            raise PackageError(f"{out}: is a directory; give a file name for the zipped bag")
        if not stat.S_ISREG(st.st_mode):
            raise PackageError(f"{out}: is not a regular file; give a new file name for the zipped bag")
        reason = _foreign_zip(out)
    elif not stat.S_ISDIR(st.st_mode):
        raise PackageError(f"{out}: a file is in the way; give a directory name for the bag")
    else:
        reason = _foreign_dir(out)
    if reason:
        raise PackageError(f"{out}: {reason}; nothing was changed (teiedition replaces only "
                           "bags it made)")


def _agent(info: bytes) -> str | None:
    for line in info.decode("utf-8", "replace").splitlines():
        label, _, value = line.partition(":")
        if label.strip() == "Bag-Software-Agent":
            return value.strip()
    return None


def _foreign_zip(out: Path) -> str | None:
    info = read_member(out, f"{out.stem}/bag-info.txt", limits.TAG_FILE_BYTES.value)
    if info is None:
        return "a file is in the way and is not a zipped bag made by teiedition"
    agent = _agent(info)
    if not agent or not agent.startswith(AGENT_PREFIX):
        return f"a zipped bag made by another tool (Bag-Software-Agent: {agent or 'none'})"
    return None


def _foreign_dir(out: Path) -> str | None:
    """Why the directory ``out`` is not a bag teiedition may replace (None: it may)."""
    try:
        if not any(out.iterdir()):
            return None  # an empty directory: replacing it loses nothing
    except OSError as exc:
        return f"cannot read the directory: {exc.strerror}"
    if not (out / "bagit.txt").is_file() or (out / "bagit.txt").is_symlink():
        return "directory exists and is not a bag; give a new directory name"
    bag = safeio.BagDir(out)
    try:
        report = inspect(bag)
    except InputError as exc:
        return f"not a bag teiedition can recognise ({exc})"
    agent = next((value for label, value in report.info if label == "Bag-Software-Agent"), None)
    if not agent or not agent.startswith(AGENT_PREFIX):
        return f"a bag made by another tool (Bag-Software-Agent: {agent or 'none'})"
    if report.problems:
        first = report.problems[0]
        return (f"the bag was changed since teiedition made it ({first}"
                f"{f' and {len(report.problems) - 1} more' if len(report.problems) > 1 else ''})")
    made = set(report.listed)
    made.update(name for name in report.tree.files if tagfiles.MANIFEST_NAME.match(name))
    for rel in sorted(report.tree.files):
        if rel not in made:
            return f"it holds {rel}, which teiedition did not write"
    parents = {"/".join(rel.split("/")[:i]) for rel in made for i in range(1, rel.count("/") + 1)}
    for rel in sorted(report.tree.dirs):
        if rel not in parents:
            return f"it holds the directory {rel}/, which teiedition did not make"
    return None


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the kernel or the file system cannot exchange: rename in two steps
    raise OSError(err, os.strerror(err), str(b))


def install_dir(new: Path, out: Path) -> None:
    """Put the bag directory ``new`` at ``out`` (checked by :func:`check_target` before)."""
    if os.path.lexists(out) and any(out.iterdir()):
        if _exchange(new, out):
            shutil.rmtree(new)  # ``new`` now holds the old bag
        else:
            old = temp_path(out, "old")
            os.rename(out, old)
            os.rename(new, out)
            shutil.rmtree(old)
    else:
        os.rename(new, out)  # onto nothing, or onto an empty directory (POSIX replaces it)
    _sync_dir(out.parent)


def install_file(data: bytes, out: Path) -> None:
    """Write ``out`` through a temporary sibling and one rename: the old file or the new one."""
    tmp = temp_path(out, "new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_dir(out.parent)


def _sync_dir(path: Path) -> None:
    # The renames survive a power cut only once the directory itself is on disk.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
