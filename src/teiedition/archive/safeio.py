"""Reading a bag directory without leaving it: no symbolic link is followed, no special file
(FIFO, device, socket) is opened, and nothing is read beyond a limit.

Every file is opened relative to a directory descriptor, one path component at a time, with
``O_NOFOLLOW``: a link swapped in after the directory walk cannot redirect a read outside the
bag. The walk itself looks at each entry with ``lstat`` semantics (``os.scandir`` with
``follow_symlinks=False``) and refuses links and special files before anything is opened.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import limits

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: should a FIFO appear between the walk and the open, opening it must not wait
# for a writer; fstat then refuses it.
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass
class Tree:
    """What a walk found: regular files (relative POSIX path -> size) and directories."""

    files: dict[str, int] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


class BagDir:
    """A directory read as a bag. ``shown`` is the name messages give it: the bag's own path,
    or for an unpacked zip the zip file's (its temporary directory means nothing to a user)."""

    def __init__(self, root: Path, shown: str | None = None):
        self.root = Path(os.path.realpath(root))
        self.shown = shown

    def where(self, rel: str) -> str:
        if self.shown is None:
            return str(self.root / rel) if rel else str(self.root)
        return f"{self.shown}: {rel}" if rel else self.shown

    def walk(self) -> Tree:
        """Every file and directory of the bag, refusing links and special files.

        Raises :class:`InputError` naming the first link or special file, or when the bag
        holds more entries or bytes than the ``bag-files`` and ``bag-bytes`` limits allow.
        """
        tree = Tree()
        max_files, max_bytes = limits.BAG_FILES.value, limits.BAG_BYTES.value
        total = 0
        try:
            top = os.open(self.root, _DIR_FLAGS)
        except OSError as exc:
            raise InputError(self.where(""), f"cannot open directory: {exc.strerror}") from None
        stack: list[tuple[int, str]] = [(top, "")]
        try:
            while stack:
                fd, prefix = stack.pop()
                try:
                    with os.scandir(fd) as entries:
                        for entry in entries:
                            total += self._add(tree, fd, prefix, entry, stack)
                            if len(tree.files) + len(tree.dirs) > max_files:
                                raise limits.BAG_FILES.refuse(self.where(""), "too many files in the bag")
                            if total > max_bytes:
                                raise limits.BAG_BYTES.refuse(self.where(""), "the bag is too large")
                except OSError as exc:
                    raise InputError(self.where(prefix.rstrip("/")),
                                     f"cannot read directory: {exc.strerror}") from None
                finally:
                    os.close(fd)
        finally:
            for fd, _ in stack:
                os.close(fd)
        return tree

    def _add(self, tree: Tree, fd: int, prefix: str, entry: os.DirEntry,
             stack: list[tuple[int, str]]) -> int:
        rel = prefix + entry.name
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            tree.dirs.add(rel)
            stack.append((os.open(entry.name, _DIR_FLAGS, dir_fd=fd), rel + "/"))
            return 0
        if stat.S_ISREG(st.st_mode):
            tree.files[rel] = st.st_size
            return st.st_size
        if stat.S_ISLNK(st.st_mode):
            # Named with its target (read with readlink, never followed): a link is how a bag
            # makes its verifier read files outside it.
            target = os.readlink(entry.name, dir_fd=fd)
            raise InputError(self.where(rel), f"symbolic link in a bag refused (-> {target}): a "
                             "bag must hold its files, not point elsewhere")
        raise InputError(self.where(rel), f"{_kind(st.st_mode)} in a bag refused: a bag holds "
                         "only regular files and directories")

    def open(self, rel: str) -> int:
        """A read-only descriptor of the regular file ``rel`` (a POSIX path) inside the bag.

        Each component is opened relative to its parent with ``O_NOFOLLOW``, so a link anywhere
        on the way, even one created after the walk, fails the open instead of leaving the bag.
        The resolved path is also compared with the root by path components (not by string
        prefix: ``pfx.bag-evil`` starts with ``pfx.bag``) as a second, independent check.
        """
        if not Path(os.path.realpath(self.root / rel)).is_relative_to(self.root):
            raise InputError(self.where(rel), "path leads outside the bag; refused without opening it")
        parts = rel.split("/")
        fd = os.open(self.root, _DIR_FLAGS)
        try:
            for part in parts[:-1]:
                sub = os.open(part, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = sub
            leaf = os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
        except OSError as exc:
            raise InputError(self.where(rel), "cannot open without following links: "
                             f"{exc.strerror}") from None
        finally:
            os.close(fd)
        mode = os.fstat(leaf).st_mode
        if not stat.S_ISREG(mode):
            os.close(leaf)
            raise InputError(self.where(rel), f"{_kind(mode)} refused: only regular files are read")
        os.set_blocking(leaf, True)
        return leaf

    def read_limited(self, rel: str) -> bytes:
        """The bytes of a tag file, refused past the ``tag-file-bytes`` and ``tag-file-lines``
        limits. The size limit holds for what is read, not what ``stat`` said, so a file that
        grows while it is read is still cut off."""
        max_bytes = limits.TAG_FILE_BYTES.value
        fd = self.open(rel)
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := os.read(fd, min(1 << 20, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise limits.TAG_FILE_BYTES.refuse(self.where(rel), "tag file too large")
        except OSError as exc:
            raise InputError(self.where(rel), f"cannot read file: {exc.strerror}") from None
        finally:
            os.close(fd)
        data = b"".join(chunks)
        # Counted before splitting, so that a refused file costs one pass and no list of lines.
        lines = data.count(b"\n")
        if lines > limits.TAG_FILE_LINES.value:
            raise limits.TAG_FILE_LINES.refuse(self.where(rel), f"tag file has {lines:,} lines")
        return data
