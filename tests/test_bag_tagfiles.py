"""The own verifier reads what bagit-python reads: tag files as RFC 8493 writes them, bags made
by other tools, and the malformed cases it must name rather than trip over."""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import bagit
import pytest

from teiedition.archive import verify_bag
from teiedition.archive.tagfiles import entry_path
from teiedition.errors import InputError

from .bagtools import add_to_manifests, bag


def _kinds(path: Path) -> dict[str, str]:
    return {p.file: p.kind for p in verify_bag(path)}


def test_a_bag_made_by_bagit_python_verifies(tmp_path: Path):
    d = tmp_path / "theirs"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "scan 1%.tif").write_bytes(b"II*\0" * 100)
    (d / "readme.txt").write_text("hello")
    bagit.make_bag(str(d), checksums=["md5", "sha256"])
    assert verify_bag(d) == []
    (d / "data" / "readme.txt").write_text("changed")
    assert _kinds(d) == {"data/readme.txt": "changed"}


def test_names_differing_only_in_normalisation_are_the_same_file(tmp_path: Path):
    d = tmp_path / "nfd"
    d.mkdir()
    (d / unicodedata.normalize("NFD", "édition.txt")).write_text("x")
    bagit.make_bag(str(d))
    for alg in ("sha256", "sha512"):
        manifest = d / f"manifest-{alg}.txt"
        manifest.write_text(unicodedata.normalize("NFC", manifest.read_text("utf-8")), "utf-8")
        (d / f"tagmanifest-{alg}.txt").unlink()
    assert verify_bag(d) == []


@pytest.mark.parametrize("raw, path", [
    ("data/a%0Ab", "data/a\nb"),
    ("data/100%25", "data/100%"),
    ("data/./x//y", "data/x/y"),
    ("data/%2E%2E/x", "data/%2E%2E/x"),  # only CR, LF and % are encoded: this is a name
])
def test_manifest_paths_are_decoded_as_rfc_8493_says(raw: str, path: str):
    assert entry_path(raw, "manifest-sha256.txt", 1) == path


@pytest.mark.parametrize("raw", ["../x", "data/../../x", "/etc/passwd", "~/x", "C:/x", "data/\0", "."])
def test_unsafe_manifest_paths(raw: str):
    with pytest.raises(InputError, match="unsafe path"):
        entry_path(raw, "manifest-sha256.txt", 7)


def test_conflicting_duplicate_entries_and_bad_lines_are_named(tmp_path: Path):
    b = bag(tmp_path)
    pdf = next(p for p in (b / "data").iterdir() if p.suffix == ".pdf")
    add_to_manifests(b, f"data/{pdf.name}", b"other content")
    with open(b / "manifest-sha512.txt", "a") as fh:
        fh.write("no-path-here\n")
    problems = {(p.file, p.kind) for p in verify_bag(b)}
    assert (f"data/{pdf.name}", "invalid") in problems  # listed twice, with different checksums
    assert ("manifest-sha512.txt", "invalid") in problems


def test_unknown_algorithm_and_no_payload_manifest(tmp_path: Path):
    b = bag(tmp_path)
    for alg in ("sha256", "sha512"):
        (b / f"manifest-{alg}.txt").rename(b / f"manifest-x{alg}.txt")
        (b / f"tagmanifest-{alg}.txt").unlink()
    kinds = _kinds(b)
    assert kinds["manifest-xsha256.txt"] == "invalid"
    assert kinds["manifest-sha512.txt"] == "missing"  # the bag has no payload manifest
    assert {k for f, k in kinds.items() if f.startswith("data/")} == {"extra"}


def test_malformed_bag_info_is_a_problem_not_a_crash(tmp_path: Path):
    b = bag(tmp_path)
    (b / "bag-info.txt").write_text("no colon on this line\n")
    for alg in ("sha256", "sha512"):
        (b / f"tagmanifest-{alg}.txt").unlink()
    assert _kinds(b) == {"bag-info.txt": "invalid"}


@pytest.mark.parametrize("text, cause", [
    (b"\xef\xbb\xbfBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", "byte-order mark"),
    (b"BagIt-Version: 3.0\nTag-File-Character-Encoding: UTF-8\n", "unsupported BagIt-Version"),
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: klingon\n", "unknown Tag-File"),
    (b"BagIt-Version: 1.0\n", "needs BagIt-Version and Tag-File-Character-Encoding"),
])
def test_unreadable_bagit_txt(tmp_path: Path, text: bytes, cause: str):
    b = bag(tmp_path)
    (b / "bagit.txt").write_bytes(text)
    with pytest.raises(InputError, match=cause):
        verify_bag(b)


def test_tag_file_encoding_is_honoured(tmp_path: Path):
    d = tmp_path / "latin1"
    (d / "data").mkdir(parents=True)
    (d / "data" / "x").write_bytes(b"x")
    digest = hashlib.sha256(b"x").hexdigest()
    (d / "bagit.txt").write_bytes(b"BagIt-Version: 0.97\nTag-File-Character-Encoding: ISO-8859-1\n")
    (d / "bag-info.txt").write_bytes("Source-Organization: Universit\u00e4t\n".encode("latin-1"))
    (d / "manifest-sha256.txt").write_text(f"{digest}  data/x\n")
    assert verify_bag(d) == []
