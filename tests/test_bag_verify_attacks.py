"""``package --verify`` on hostile bags, one fixture per class of attack, through the command
line: each is refused (exit 2) or reported invalid (exit 1) with one line on stderr naming the
path and the cause, never a traceback, and nothing outside the bag is read or written.

The fixtures are built in tmp_path from a real bag made by teiedition. One shows why the
verifier is our own: bagit-python's path check compares strings, so ``../pfx.bag-evil/…``
counts as inside ``pfx.bag``.
"""
from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
from pathlib import Path

import bagit
import pytest

from .bagtools import STEM, add_to_manifests, bag, cli, refused


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    """A directory beside the bag whose name starts with the bag's: ``pfx.bag-evil``."""
    d = tmp_path / "pfx.bag-evil"
    d.mkdir()
    (d / "secret").write_bytes(b"the user's secret\n")
    return d


# --------------------------------------------------------------------------- links and paths

def test_link_to_a_prefix_sibling_is_refused(tmp_path: Path, evil: Path):
    b = bag(tmp_path)
    (b / "data" / "x").symlink_to("../../pfx.bag-evil/secret")
    add_to_manifests(b, "data/x", (evil / "secret").read_bytes())
    line = refused(cli("package", "--verify", b, cwd=tmp_path), "data/x", "symbolic link")
    assert "pfx.bag-evil/secret" in line  # where it points, read with readlink, not followed


def test_link_to_the_root_directory_is_refused(tmp_path: Path):
    b = bag(tmp_path)
    (b / "data" / "root").symlink_to("/")
    refused(cli("package", "--verify", b, cwd=tmp_path), "data/root", "symbolic link")


def test_linked_payload_directory_is_refused(tmp_path: Path, evil: Path):
    b = bag(tmp_path)
    os.rename(b / "data" / "metadata", tmp_path / "moved")
    (b / "data" / "metadata").symlink_to(tmp_path / "moved")
    refused(cli("package", "--verify", b, cwd=tmp_path), "data/metadata", "symbolic link")


@pytest.mark.parametrize("entry", ["../pfx.bag-evil/secret", "data/../../pfx.bag-evil/secret"])
def test_manifest_entry_leaving_the_bag_is_refused_without_opening_it(tmp_path: Path, evil: Path,
                                                                       entry: str):
    b = bag(tmp_path)
    add_to_manifests(b, entry, (evil / "secret").read_bytes())
    if entry.startswith("../"):
        # bagit-python's string-prefix check lets it through ("/…/pfx.bag-evil/secret" starts
        # with "/…/pfx.bag") and reads the file outside the bag.
        assert not bagit.Bag(str(b))._path_is_dangerous(entry)
    first = refused(cli("package", "--verify", b, cwd=tmp_path), "unsafe path", "..")
    # Not an oracle: the answer is the same whether the outside file exists, and whether the
    # checksum matches it or not.
    (evil / "secret").write_bytes(b"something else")
    second = refused(cli("package", "--verify", b, cwd=tmp_path))
    (evil / "secret").unlink()
    third = refused(cli("package", "--verify", b, cwd=tmp_path))
    assert first == second == third


@pytest.mark.parametrize("manifest", ["manifest-sha256.txt", "tagmanifest-sha512.txt"])
def test_absolute_manifest_entry_is_refused(tmp_path: Path, manifest: str):
    b = bag(tmp_path)
    with open(b / manifest, "a") as fh:
        fh.write(f"{'0' * 64}  /etc/passwd\n")
    refused(cli("package", "--verify", b, cwd=tmp_path), manifest, "/etc/passwd", "absolute")


# --------------------------------------------------------------------------- special files

def test_bag_info_linked_to_dev_zero_is_refused(tmp_path: Path):
    b = bag(tmp_path)
    (b / "bag-info.txt").unlink()
    (b / "bag-info.txt").symlink_to("/dev/zero")
    refused(cli("package", "--verify", b, cwd=tmp_path, timeout=60), "bag-info.txt", "symbolic link")


@pytest.mark.parametrize("name", ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "data/x.pdf"])
def test_fifo_in_a_bag_is_refused_without_waiting(tmp_path: Path, name: str):
    b = bag(tmp_path)
    (b / name).unlink(missing_ok=True)
    os.mkfifo(b / name)
    refused(cli("package", "--verify", b, cwd=tmp_path, timeout=60), name, "FIFO")


def test_device_in_a_bag_is_refused(tmp_path: Path):
    b = bag(tmp_path)
    try:
        os.mknod(b / "data" / "null", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    refused(cli("package", "--verify", b, cwd=tmp_path), "data/null", "device")


# --------------------------------------------------------------------------- tag file limits

def test_a_million_line_manifest_is_refused(tmp_path: Path):
    b = bag(tmp_path)
    line = b"0 data/f\n"
    (b / "manifest-sha256.txt").write_bytes(line * 1_000_000)
    err = refused(cli("package", "--verify", b, cwd=tmp_path), "manifest-sha256.txt",
                  "tag-file-lines", "TEIEDITION_MAX_TAG_FILE_LINES", "1,000,000 lines")
    assert "100,000" in err  # the limit's value


def test_a_large_tag_file_is_refused_and_the_limit_can_be_raised(tmp_path: Path):
    b = bag(tmp_path)
    env = {"TEIEDITION_MAX_TAG_FILE_BYTES": "100"}
    refused(cli("package", "--verify", b, cwd=tmp_path, env=env), "tag-file-bytes",
            "TEIEDITION_MAX_TAG_FILE_BYTES")
    env = {"TEIEDITION_MAX_TAG_FILE_BYTES": "100000000"}
    assert cli("package", "--verify", b, cwd=tmp_path, env=env).returncode == 0


def test_too_many_files_in_a_directory_bag(tmp_path: Path):
    b = bag(tmp_path)
    refused(cli("package", "--verify", b, cwd=tmp_path, env={"TEIEDITION_MAX_BAG_FILES": "5"}),
            "bag-files", "TEIEDITION_MAX_BAG_FILES")


def test_malformed_limit_value_is_one_line(tmp_path: Path):
    b = bag(tmp_path)
    refused(cli("package", "--verify", b, cwd=tmp_path, env={"TEIEDITION_MAX_BAG_FILES": "lots"}),
            "TEIEDITION_MAX_BAG_FILES", "positive whole number")


# --------------------------------------------------------------------------- fetch.txt

def test_fetch_txt_makes_a_bag_incomplete(tmp_path: Path):
    b = bag(tmp_path)
    pdf = f"data/{STEM}.pdf"
    (b / pdf).unlink()
    (b / "fetch.txt").write_text(f"https://example.org/x.pdf 12 {pdf}\n"
                                 "https://example.org/more - data/more.bin\n")
    run = cli("package", "--verify", b, cwd=tmp_path)
    refused(run, "invalid bag", code=1)
    assert f"{pdf}: fetch: listed in fetch.txt, to be fetched from https://example.org/x.pdf" in run.stdout
    assert "data/more.bin: fetch: listed in fetch.txt but not in any manifest" in run.stdout
    assert f"{pdf}: missing" not in run.stdout  # fetch.txt says why it is not there


def test_fetch_txt_with_an_unsafe_path_is_refused(tmp_path: Path):
    b = bag(tmp_path)
    (b / "fetch.txt").write_text("https://example.org/x 1 ../../etc/cron.d/x\n")
    refused(cli("package", "--verify", b, cwd=tmp_path), "fetch.txt", "unsafe path")


# --------------------------------------------------------------------------- zip files

def _zip(path: Path, members: dict[str, bytes], **kw) -> Path:
    with zipfile.ZipFile(path, "w", **kw) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _patch_sizes(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size that the local and central headers of ``member`` declare."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(sig)
        while at != -1:
            if data[at + name_at:at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(sig, at + 4)
    path.write_bytes(bytes(data))


def _nothing_unpacked(tmp_path: Path) -> None:
    assert list((tmp_path / "tmp").iterdir()) == []


def test_zip_whose_header_understates_its_content(tmp_path: Path):
    z = _zip(tmp_path / "lie.zip", {"b/bagit.txt": b"BagIt-Version: 1.0\n",
                                    "b/data/big": b"\0" * 1_000_000},
             compression=zipfile.ZIP_DEFLATED)
    _patch_sizes(z, "b/data/big", 1000)
    refused(cli("package", "--verify", z, cwd=tmp_path), "lie.zip", "b/data/big")
    _nothing_unpacked(tmp_path)


def test_zip_declaring_4_gib_is_refused_before_writing(tmp_path: Path):
    z = _zip(tmp_path / "bomb.zip", {"b/bagit.txt": b"BagIt-Version: 1.0\n", "b/data/big": b"x"})
    _patch_sizes(z, "b/data/big", 0xFFFFFFFE)
    refused(cli("package", "--verify", z, cwd=tmp_path), "bomb.zip", "declares more than",
            "bag-bytes", "TEIEDITION_MAX_BAG_BYTES")
    _nothing_unpacked(tmp_path)


def test_zip_with_a_high_compression_ratio_is_refused(tmp_path: Path):
    z = _zip(tmp_path / "ratio.zip", {"b/bagit.txt": b"BagIt-Version: 1.0\n",
                                      "b/data/zeros": b"\0" * (4 << 20)},
             compression=zipfile.ZIP_DEFLATED)
    refused(cli("package", "--verify", z, cwd=tmp_path), "b/data/zeros", "zip-ratio",
            "TEIEDITION_MAX_ZIP_RATIO")
    _nothing_unpacked(tmp_path)


@pytest.mark.parametrize("members, cause", [
    ({"b/data/clean.xml": b"x", "b/data/clean.xml/y": b"y"}, "both a file and a directory"),
    ({"b/data/clean.xml/y": b"y", "b/data/clean.xml": b"x"}, "both a file and a directory"),
    ({"b/data/clean.xml/": b"", "b/data/clean.xml": b"x"}, "both a file and a directory"),
    ({"b/data/clean.xml": b"x", "b/data/./clean.xml": b"y"}, "'.' component"),
    ({"/b/bagit.txt": b"x"}, "absolute"),
    ({"b/../../x": b"x"}, "'..'"),
], ids=["file then dir", "dir then file", "dir entry", "dot", "absolute", "dotdot"])
def test_zip_names_that_clash_or_escape(tmp_path: Path, members: dict[str, bytes], cause: str):
    z = tmp_path / "names.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("b/bagit.txt", b"BagIt-Version: 1.0\n")
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            zf.writestr(info, data)
    refused(cli("package", "--verify", z, cwd=tmp_path), "names.zip", cause)
    _nothing_unpacked(tmp_path)


def test_zip_with_a_duplicate_name(tmp_path: Path):
    z = tmp_path / "dup.zip"
    _zip(z, {"b/bagit.txt": b"x"})
    with zipfile.ZipFile(z, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("b/bagit.txt", b"y")
    refused(cli("package", "--verify", z, cwd=tmp_path), "dup.zip", "twice")


def test_zip_with_a_symlink_member(tmp_path: Path):
    info = zipfile.ZipInfo("b/data/passwd")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("b/bagit.txt", b"BagIt-Version: 1.0\n")
        zf.writestr(info, "/etc/passwd")
    refused(cli("package", "--verify", z, cwd=tmp_path), "link.zip", "symbolic link", "b/data/passwd")
    _nothing_unpacked(tmp_path)


def test_zip_with_too_many_members(tmp_path: Path):
    z = bag(tmp_path, "e.zip", zip=True)
    refused(cli("package", "--verify", z, cwd=tmp_path, env={"TEIEDITION_MAX_BAG_FILES": "3"}),
            "e.zip", "bag-files")
    _nothing_unpacked(tmp_path)


def test_zipped_bag_still_verifies_and_leaves_no_temporary_files(tmp_path: Path):
    z = bag(tmp_path, "e.zip", zip=True)
    run = cli("package", "--verify", z, cwd=tmp_path)
    assert run.returncode == 0 and "valid bag" in run.stdout, run.stderr
    _nothing_unpacked(tmp_path)


def test_valid_bag_verifies_with_sha_digests_checked(tmp_path: Path):
    b = bag(tmp_path)
    assert cli("package", "--verify", b, cwd=tmp_path).returncode == 0
    pdf = b / "data" / f"{STEM}.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"stand-in", b"stand-on"))
    run = cli("package", "--verify", b, cwd=tmp_path)
    refused(run, "invalid bag", code=1)
    assert f"data/{STEM}.pdf: changed" in run.stdout
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() not in (b / "manifest-sha256.txt").read_text()
