"""Parsing a bag's tag files (RFC 8493): bagit.txt, bag-info.txt, manifests and fetch.txt.

Files come in as bytes already bounded by :mod:`.safeio`; here they are decoded and split.
Paths in manifests and fetch.txt are checked as text before anything is looked up: an
absolute path or a ``..`` component is refused outright, so that whether a file outside the
bag exists, or what it holds, can never show in a verification result.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field

from ..errors import InputError

#: Checksum algorithms a manifest may use; RFC 8493 names these, and hashlib has them all.
ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
MANIFEST_NAME = re.compile(r"^(tag)?manifest-([a-z0-9]+)\.txt$")
_PERCENT = re.compile(r"%(0[aAdD]|25)")
_DRIVE = re.compile(r"[A-Za-z]:")


@dataclass
class Manifest:
    name: str  # manifest-sha256.txt
    algorithm: str
    tag: bool
    entries: dict[str, str] = field(default_factory=dict)  # path -> lower-case hex digest
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)


def bagit_txt(data: bytes, shown: str) -> tuple[tuple[int, int], str]:
    """(version, tag file encoding) from bagit.txt; unreadable ones are refused (exit 2)."""
    if data.startswith(codecs.BOM_UTF8):
        raise InputError(shown, "not a readable bag: bagit.txt must not start with a byte-order mark")
    try:
        tags = dict(_tags(data.decode("utf-8"), shown))
    except UnicodeDecodeError:
        raise InputError(shown, "not a readable bag: bagit.txt is not UTF-8") from None
    version = tags.get("BagIt-Version")
    encoding = tags.get("Tag-File-Character-Encoding")
    if version is None or encoding is None:
        raise InputError(shown, "not a readable bag: bagit.txt needs BagIt-Version and "
                         "Tag-File-Character-Encoding")
    match = re.fullmatch(r"(\d{1,3})\.(\d{1,3})", version)
    if not match or not (0, 96) <= (int(match[1]), int(match[2])) < (2, 0):
        raise InputError(shown, f"not a readable bag: unsupported BagIt-Version {version!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(shown, f"not a readable bag: unknown Tag-File-Character-Encoding "
                         f"{encoding!r}") from None
    return (int(match[1]), int(match[2])), encoding


def decode(data: bytes, encoding: str, shown: str) -> str:
    try:
        # utf-8-sig: a BOM in a tag file other than bagit.txt is tolerated, as bagit does.
        return data.decode("utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(shown, f"not a readable bag: not {encoding} at byte {exc.start}") from None


def _tags(text: str, shown: str) -> list[tuple[str, str]]:
    """``Label: value`` lines; a line starting with white space continues the value before."""
    tags: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line[0] in " \t" and tags:
            label, value = tags[-1]
            tags[-1] = (label, f"{value} {line.strip()}")
        elif ":" in line:
            label, value = line.split(":", 1)
            tags.append((label.strip(), value.strip()))
        else:
            raise InputError(f"{shown}:{number}", f"not a 'Label: value' line: {line[:80]!r}")
    return tags


def bag_info(text: str, shown: str) -> list[tuple[str, str]]:
    return _tags(text, shown)


def entry_path(raw: str, shown: str, line: int) -> str:
    """A manifest or fetch.txt path as a normalised POSIX path inside the bag.

    RFC 8493 percent-encodes CR, LF and ``%`` in these paths. ``.`` and empty components are
    dropped; an absolute path, a ``..`` component or a NUL is refused (exit 2) without
    touching the file system. ``shown`` and ``line`` name the tag file in a refusal.
    """
    # Plain string tests and precompiled patterns: a manifest may have 100,000 lines or more.
    path = _PERCENT.sub(lambda m: chr(int(m[1], 16)), raw) if "%" in raw else raw
    if path.startswith(("/", "~")) or "\0" in path or _DRIVE.match(path):
        raise InputError(f"{shown}:{line}", f"unsafe path refused: {raw!r} is absolute")
    parts = path.split("/")
    if "" in parts or "." in parts:
        parts = [p for p in parts if p not in ("", ".")]
    if ".." in parts:
        raise InputError(f"{shown}:{line}", f"unsafe path refused: {raw!r} has a '..' component")
    if not parts:
        raise InputError(f"{shown}:{line}", f"unsafe path refused: {raw!r} names no file")
    return "/".join(parts)


def manifest(name: str, text: str, shown: str) -> Manifest:
    """The entries of ``manifest-ALG.txt`` or ``tagmanifest-ALG.txt`` (name already matched)."""
    match = MANIFEST_NAME.match(name)
    if not match:  # the caller matched it
        raise AssertionError(f"not a manifest's name: {name}")
    result = Manifest(name, match[2], bool(match[1]))
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(None, 1)
        if len(fields) != 2:
            result.problems.append((name, f"line {number}: not 'CHECKSUM PATH': {line[:80]!r}"))
            continue
        digest, raw = fields
        # "*" before the path is md5sum's binary-mode flag, which some tools write.
        path = entry_path(raw.lstrip("*"), shown, number)
        known = result.entries.get(path)
        if known is not None and known != digest.lower():
            result.problems.append((path, f"listed twice in {name} with different checksums"))
        result.entries[path] = digest.lower()
    return result


def hashable(algorithm: str) -> bool:
    return algorithm in ALGORITHMS and algorithm in hashlib.algorithms_available


def fetch(text: str, shown: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """fetch.txt as (url, length, path) entries, and malformed lines as messages."""
    entries: list[tuple[str, str, str]] = []
    bad: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.strip().split(None, 2)
        if len(fields) != 3 or not (fields[1] == "-" or fields[1].isdigit()):
            bad.append(f"line {number}: not 'URL LENGTH PATH': {line[:80]!r}")
            continue
        entries.append((fields[0], fields[1], entry_path(fields[2], shown, number)))
    return entries, bad
