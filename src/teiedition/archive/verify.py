"""Verifying a bag: completeness and fixity (RFC 8493 §3), without ever leaving the bag.

This is our own verifier, not bagit-python's: bagit checks that a manifest path stays inside
the bag by comparing strings (``os.path.commonprefix``), so ``../pfx.bag-evil/secret`` passes
for a bag named ``pfx.bag``, it follows symbolic links (``data/root -> /`` verifies), reads tag
files whole whatever their size and ignores fetch.txt. Here:

* the bag is walked first with ``lstat`` semantics; a symbolic link or a special file anywhere
  in it is refused before any file is opened (exit 2);
* manifest and fetch.txt paths are checked as text (no absolute path, no ``..``) and looked up
  only among the files the walk found, so a path that names something outside the bag is
  refused and never opened: verifying cannot tell whether an outside file exists;
* files are opened one component at a time without following links, and hashed by streaming;
* every read is bounded by :mod:`.limits`.

Problems of a readable bag are returned, every one at once; a bag that cannot be read safely
raises :class:`InputError`.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from . import safeio, tagfiles
from .zipsafe import extract


@dataclass(frozen=True)
class BagProblem:
    """One problem of a bag. ``file`` is the path inside the bag (``data/x.pdf``)."""

    file: str
    kind: str  # changed, missing, extra, unlisted, oxum, fetch, invalid
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.kind}: {self.message}"


def verify_bag(path: str | Path) -> list[BagProblem]:
    """Every fixity and completeness problem of a bag directory or zipped bag ([] = valid).

    Raises :class:`InputError` when ``path`` is not a bag that can be read safely (exit 2).
    """
    path = Path(path)
    try:
        st = path.lstat()
    except OSError:
        raise InputError(str(path), "no such file or directory") from None
    if path.is_dir():
        return inspect(safeio.BagDir(bag_root(path, str(path)))).problems
    if path.is_file() and zipfile.is_zipfile(path):
        # A private directory (mkdtemp: mode 0700), removed whatever happens.
        with tempfile.TemporaryDirectory(prefix="teiedition-verify-") as tmp:
            extract(path, Path(tmp))
            return inspect(safeio.BagDir(bag_root(Path(tmp), str(path)), shown=str(path))).problems
    if path.is_file():
        raise InputError(str(path), "not a bag: neither a directory nor a zip file")
    raise InputError(str(path), f"not a bag: not a directory or a regular file (mode {st.st_mode:o})")


def bag_root(path: Path, name: str) -> Path:
    """The directory holding bagit.txt: ``path`` itself, or the single directory in it (a
    zipped bag holds one top directory named after the bag)."""
    if (path / "bagit.txt").exists() or (path / "bagit.txt").is_symlink():
        return path
    # A look at no more than two entries: a directory of millions is not a bag either.
    try:
        with os.scandir(path) as entries:
            first = list(itertools.islice(entries, 2))
    except OSError as exc:
        raise InputError(name, f"cannot read directory: {exc.strerror}") from None
    if len(first) == 1 and first[0].is_dir(follow_symlinks=False):
        sub = Path(first[0].path)
        if (sub / "bagit.txt").is_file():
            return sub
    raise InputError(name, "not a bag: no bagit.txt")


@dataclass
class Report:
    """What verifying found: the problems, the files and directories of the bag, every path
    its manifests and tag manifests list, and bag-info.txt's fields in order."""

    problems: list[BagProblem]
    tree: safeio.Tree
    listed: set[str]
    info: list[tuple[str, str]]


def inspect(bag: safeio.BagDir) -> Report:
    """Verify a bag directory (see the module docstring)."""
    tree = bag.walk()
    if "bagit.txt" not in tree.files:
        raise InputError(bag.where("bagit.txt"), "not a bag: bagit.txt is not a regular file")
    _version, encoding = tagfiles.bagit_txt(bag.read_limited("bagit.txt"), bag.where("bagit.txt"))

    def text(rel: str) -> str:
        return tagfiles.decode(bag.read_limited(rel), encoding, bag.where(rel))

    problems: list[BagProblem] = []
    if "data" not in tree.dirs:
        problems.append(BagProblem("data/", "missing", "the payload directory is missing"))
    info: list[tuple[str, str]] = []
    if "bag-info.txt" in tree.files:
        try:
            info = tagfiles.bag_info(text("bag-info.txt"), bag.where("bag-info.txt"))
        except InputError as exc:
            problems.append(BagProblem("bag-info.txt", "invalid", exc.message))

    manifests = []
    for name in sorted(n for n in tree.files if tagfiles.MANIFEST_NAME.match(n)):
        parsed = tagfiles.manifest(name, text(name), bag.where(name))
        for file, message in parsed.problems:
            problems.append(BagProblem(file, "invalid", message))
        if not tagfiles.hashable(parsed.algorithm):
            problems.append(BagProblem(name, "invalid", f"checksum algorithm {parsed.algorithm!r} "
                                       f"not supported (use one of {', '.join(tagfiles.ALGORITHMS)})"))
            continue
        manifests.append(parsed)
    payload_manifests = [m for m in manifests if not m.tag]
    if not payload_manifests:
        problems.append(BagProblem("manifest-sha512.txt", "missing", "the bag has no payload manifest"))

    fetched: set[str] = set()
    if "fetch.txt" in tree.files:
        fetched = _fetch(text("fetch.txt"), bag.where("fetch.txt"), payload_manifests, problems)

    # Manifest paths are matched to the files the walk found, never looked up on disk; names
    # that differ only in their Unicode normalisation (a bag made on macOS, read on Linux) are
    # the same file, as for bagit.
    on_disk = {unicodedata.normalize("NFC", rel): rel for rel in tree.files}
    recorded: dict[str, dict[str, str]] = {}
    for m in manifests:
        for rel, digest in m.entries.items():
            recorded.setdefault(rel, {})[m.algorithm] = digest
        if not m.tag:
            for rel in m.entries:
                if not rel.startswith("data/"):
                    problems.append(BagProblem(rel, "invalid", f"listed in {m.name}, which lists "
                                               "only payload files (under data/)"))

    for rel, digests in sorted(recorded.items()):
        found = rel if rel in tree.files else on_disk.get(unicodedata.normalize("NFC", rel))
        if found is None:
            if rel not in fetched:  # fetch.txt already says why it is not here
                problems.append(BagProblem(rel, "missing", "listed in the manifest but not in the bag"))
            continue
        if rel.startswith("data/"):
            for m in payload_manifests:
                if rel not in m.entries:
                    problems.append(BagProblem(rel, "unlisted", f"not in {m.name}"))
        computed = _hashes(bag, found, tree.files[found], digests)
        bad = sorted(alg for alg, digest in computed.items() if digest != digests[alg])
        if bad:
            problems.append(BagProblem(rel, "changed", f"content differs from its {', '.join(bad)} checksum"))

    listed = {unicodedata.normalize("NFC", rel) for m in payload_manifests for rel in m.entries}
    for rel in sorted(tree.files):
        if rel.startswith("data/") and unicodedata.normalize("NFC", rel) not in listed:
            problems.append(BagProblem(rel, "extra", "in the payload but not in any manifest"))

    if not problems:
        problems.extend(_oxum(info, tree))
    return Report(problems, tree, set(recorded), info)


def _fetch(text: str, where: str, payload_manifests: list[tagfiles.Manifest],
           problems: list[BagProblem]) -> set[str]:
    """Report fetch.txt: a bag that lists files to fetch is not complete; nothing is fetched."""
    entries, bad = tagfiles.fetch(text, where)
    for message in bad:
        problems.append(BagProblem("fetch.txt", "invalid", message))
    listed: set[str] = set()
    for m in payload_manifests:
        listed.update(m.entries)
    for url, _length, rel in entries:
        problems.append(BagProblem(rel, "fetch", f"listed in fetch.txt, to be fetched from {url}: "
                                   "the bag is not complete (teiedition fetches nothing)"))
        if rel not in listed:
            problems.append(BagProblem(rel, "fetch", "listed in fetch.txt but not in any manifest"))
    return {rel for _url, _length, rel in entries}


def _hashes(bag: safeio.BagDir, rel: str, size: int, recorded: dict[str, str]) -> dict[str, str]:
    """The digests of one file, streamed; at most one byte more than the walk saw is read, so
    a file growing meanwhile cannot make this unbounded (it then simply differs)."""
    hashers = {alg: hashlib.new(alg) for alg in recorded if tagfiles.hashable(alg)}
    fd = bag.open(rel)
    left = size + 1
    try:
        while left > 0 and (block := os.read(fd, min(1 << 20, left))):
            left -= len(block)
            for h in hashers.values():
                h.update(block)
    except OSError as exc:
        raise InputError(bag.where(rel), f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    return {alg: h.hexdigest() for alg, h in hashers.items()}


def _oxum(info: list[tuple[str, str]], tree: safeio.Tree) -> list[BagProblem]:
    oxum = next((value for label, value in info if label == "Payload-Oxum"), None)
    if oxum is None:
        return []
    match = re.fullmatch(r"(\d+)\.(\d+)", oxum)
    if not match:
        return [BagProblem("bag-info.txt", "oxum", f"malformed Payload-Oxum {oxum!r}")]
    payload = [size for rel, size in tree.files.items() if rel.startswith("data/")]
    if (int(match[1]), int(match[2])) != (sum(payload), len(payload)):
        return [BagProblem("bag-info.txt", "oxum", f"Payload-Oxum {oxum} but the payload is "
                           f"{sum(payload)} bytes in {len(payload)} files")]
    return []
