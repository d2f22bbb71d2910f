"""Unpacking a zipped bag to verify it, with every check made before anything is written.

A zip file's headers are only claims: a member's declared size can be smaller than what it
inflates to, names can be absolute, hold ``..``, repeat, or make one path both a file and a
directory, and Unix mode bits can make a member a symbolic link. All members are checked from
the central directory first (count, declared total, compression ratio, names, types); only a
zip that passes is unpacked, into a private directory the caller removes, and the bytes
really inflated are counted again while writing.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError
from . import limits

_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
#: The smallest central-directory record (46 bytes) plus a generous name: a central directory
#: larger than this per allowed member is refused before zipfile reads it into memory.
_CD_BYTES_PER_MEMBER = 1024


def _open(zpath: Path) -> zipfile.ZipFile:
    name = str(zpath)
    max_members = limits.BAG_FILES.value
    try:
        with open(zpath, "rb") as fh:
            # zipfile reads the whole central directory into memory before it can be asked how
            # many members there are; the end record says so first (zipfile's own reader of it,
            # which also understands zip64).
            end = getattr(zipfile, "_EndRecData", None)
            record = end(fh) if end else None
        if record:
            count, cd_size = record[4], record[5]
            if count > max_members or cd_size > max_members * _CD_BYTES_PER_MEMBER:
                raise limits.BAG_FILES.refuse(name, f"zip file has {count:,} members "
                                              f"({cd_size:,} bytes of directory)")
        return zipfile.ZipFile(zpath)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(name, f"cannot read zip file: {exc}") from None


def _member_path(member: zipfile.ZipInfo, name: str) -> str:
    raw = member.filename
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or "\\" in raw or "\0" in raw:
        raise InputError(name, f"unsafe path in zip file refused: {raw!r} is absolute or not a "
                         "POSIX path")
    parts = raw.rstrip("/").split("/")
    if ".." in parts:
        raise InputError(name, f"unsafe path in zip file refused: {raw!r} has a '..' component")
    if any(p in ("", ".") for p in parts):
        raise InputError(name, f"unsafe path in zip file refused: {raw!r} has an empty or '.' component")
    return "/".join(parts)


def check(zf: zipfile.ZipFile, name: str) -> list[tuple[zipfile.ZipInfo, str]]:
    """The members with their paths, or :class:`InputError` for the first that is refused."""
    members = zf.infolist()
    if len(members) > limits.BAG_FILES.value:
        raise limits.BAG_FILES.refuse(name, f"zip file has {len(members):,} members")
    max_bytes, max_ratio = limits.BAG_BYTES.value, limits.ZIP_RATIO.value
    files: set[str] = set()
    dirs: set[str] = set()
    declared = 0
    checked = []
    for m in members:
        path = _member_path(m, name)
        mode = m.external_attr >> 16
        if m.create_system == 3 and stat.S_IFMT(mode):  # Unix mode bits are present
            if stat.S_ISLNK(mode):
                raise InputError(name, f"symbolic link in zip file refused: {m.filename!r}")
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise InputError(name, f"special file in zip file refused: {m.filename!r}")
        if m.flag_bits & 0x1:
            raise InputError(name, f"encrypted member in zip file refused: {m.filename!r}")
        if m.compress_type not in _METHODS:
            raise InputError(name, f"unsupported compression method {m.compress_type} in zip "
                             f"file: {m.filename!r}")
        parents = path.split("/")[:-1]
        for i in range(1, len(parents) + 1):
            parent = "/".join(parents[:i])
            if parent in files:
                raise InputError(name, f"zip file holds {parent!r} as both a file and a directory")
            dirs.add(parent)
        if m.is_dir():
            if path in files:
                raise InputError(name, f"zip file holds {path!r} as both a file and a directory")
            dirs.add(path)
            checked.append((m, path))
            continue
        if path in files:
            raise InputError(name, f"zip file holds {path!r} twice")
        if path in dirs:
            raise InputError(name, f"zip file holds {path!r} as both a file and a directory")
        files.add(path)
        declared += m.file_size
        if declared > max_bytes:
            raise limits.BAG_BYTES.refuse(name, f"zip file declares more than {max_bytes:,} "
                                          "unpacked bytes")
        if m.file_size > limits.RATIO_FLOOR and m.file_size > max_ratio * max(m.compress_size, 1):
            raise limits.ZIP_RATIO.refuse(name, f"{m.filename!r} inflates "
                                          f"{m.file_size // max(m.compress_size, 1):,} to 1")
        checked.append((m, path))
    return checked


def extract(zpath: Path, dest: Path) -> None:
    """Check every member, then unpack into ``dest`` (an empty private directory).

    Files are created with ``O_EXCL | O_NOFOLLOW`` (the checks above already rule out links and
    repeated names; this makes sure), and the inflated bytes are counted against both the
    member's declared size and the ``bag-bytes`` limit.
    """
    name = str(zpath)
    max_bytes = limits.BAG_BYTES.value
    total = 0
    with _open(zpath) as zf:
        members = check(zf, name)
        for m, path in members:
            target = dest / path
            try:
                if m.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                written = 0
                with zf.open(m) as src, os.fdopen(fd, "wb") as dst:
                    # CPython's zipfile stops at the declared size and then checks the CRC;
                    # counting here keeps the bound whatever the zip reader does.
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        total += len(chunk)
                        if written > m.file_size:
                            raise InputError(name, f"{m.filename!r} inflates to more than the "
                                             f"{m.file_size:,} bytes its header declares")
                        if total > max_bytes:
                            raise limits.BAG_BYTES.refuse(name, "zip file unpacks to too many bytes")
                        dst.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                raise InputError(name, f"cannot read {m.filename!r} in zip file: {exc}") from None
            except OSError as exc:
                raise InputError(name, f"cannot unpack {m.filename!r}: {exc.strerror or exc}") from None


def read_member(zpath: Path, wanted: str, max_bytes: int) -> bytes | None:
    """The bytes of one member (at most ``max_bytes``), or None when the zip cannot be read or
    has no such member. Used to recognise a zipped bag this tool made before replacing it."""
    try:
        with _open(zpath) as zf:
            try:
                m = zf.getinfo(wanted)
            except KeyError:
                return None
            if m.file_size > max_bytes or m.flag_bits & 0x1 or m.compress_type not in _METHODS:
                return None
            with zf.open(m) as src:
                return src.read(max_bytes + 1)[:max_bytes]
    except (InputError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError, OSError):
        return None
