"""``package -o``: a bag replaces only a bag teiedition made, the swap is atomic, and what a
killed run left is put right by the next one. Driven through the command line; every refusal
is one line on stderr, exit 2, and the user's files are still there afterwards."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest

from teiedition.archive import output, verify_bag

from .bagtools import DATE, build_dir, cli, refused


@pytest.fixture
def build(tmp_path: Path) -> Path:
    return build_dir(tmp_path)


def _package(build: Path, out: str | Path, *extra: str, cwd: Path, date: str = DATE):
    return cli("package", build, "-o", out, "--bagging-date", date, *extra, cwd=cwd)


def _ok(run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------- places never replaced

def test_working_directory_is_refused(tmp_path: Path, build: Path):
    here = tmp_path / "here"
    here.mkdir()
    (here / "mine.txt").write_text("mine")
    refused(_package(build, ".", cwd=here), "working directory")
    refused(_package(build, "..", cwd=here), "working directory")
    refused(_package(build, here, cwd=here), "working directory")
    assert (here / "mine.txt").read_text() == "mine"


def test_root_directory_is_refused(tmp_path: Path, build: Path):
    refused(_package(build, "/", cwd=tmp_path), "/", "root directory")


def test_directory_holding_the_input_is_refused(tmp_path: Path, build: Path):
    before = _tree(tmp_path)
    refused(_package(build, build, cwd=tmp_path), "holds the input")
    refused(_package(build, tmp_path, cwd=build), "working directory")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    refused(_package(build / "roberts-1995-rapallo.xml", tmp_path, cwd=elsewhere), "holds the input")
    assert _tree(tmp_path) == before


def test_unwritable_place_is_one_line(tmp_path: Path, build: Path):
    refused(_package(build, "/proc/teiedition-test/bag", cwd=tmp_path), "/proc/teiedition-test/bag",
            "cannot write")


# --------------------------------------------------------------------------- directories not ours

def test_directory_with_a_bagit_txt_is_not_ours(tmp_path: Path, build: Path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    (d / "thesis.tex").write_text("years of work")
    before = _tree(d)
    refused(_package(build, d, cwd=tmp_path), str(d), "nothing was changed")
    assert _tree(d) == before


def test_bag_made_by_another_tool_is_not_replaced(tmp_path: Path, build: Path):
    d = tmp_path / "theirs"
    d.mkdir()
    (d / "scan.tif").write_bytes(b"II*\0")
    bagit.make_bag(str(d))
    before = _tree(d)
    refused(_package(build, d, cwd=tmp_path), "another tool", "bagit.py")
    assert _tree(d) == before


def test_plain_directory_and_file_and_link_are_refused(tmp_path: Path, build: Path):
    d = tmp_path / "plain"
    d.mkdir()
    (d / "a.txt").write_text("a")
    refused(_package(build, d, cwd=tmp_path), "not a bag")
    f = tmp_path / "file"
    f.write_text("f")
    refused(_package(build, f, cwd=tmp_path), "a file is in the way")
    link = tmp_path / "link"
    link.symlink_to(d)
    refused(_package(build, link, cwd=tmp_path), "symbolic link")
    assert (d / "a.txt").read_text() == "a" and f.read_text() == "f"


@pytest.mark.parametrize("change, named", [
    (lambda b: (b / "data" / "notes.txt").write_text("mine"), "data/notes.txt"),
    (lambda b: (b / "README").write_text("mine"), "README"),
    (lambda b: (b / "data" / "mine").mkdir(), "data/mine/"),
    (lambda b: (b / "data" / "roberts-1995-rapallo.html").write_text("edited by hand"),
     "data/roberts-1995-rapallo.html: changed"),
], ids=["payload file added", "tag file added", "directory added", "payload edited"])
def test_our_bag_changed_by_the_user_is_not_replaced(tmp_path: Path, build: Path, change, named):
    _ok(_package(build, "bag", cwd=tmp_path))
    change(tmp_path / "bag")
    before = _tree(tmp_path / "bag")
    refused(_package(build, "bag", cwd=tmp_path, date="2026-02-02"), named, "nothing was changed")
    assert _tree(tmp_path / "bag") == before


# --------------------------------------------------------------------------- replacing our own

def test_our_unchanged_bag_and_an_empty_directory_are_replaced(tmp_path: Path, build: Path):
    (tmp_path / "bag").mkdir()
    _ok(_package(build, "bag", cwd=tmp_path))
    _ok(_package(build, "bag", cwd=tmp_path, date="2026-02-02"))
    assert "Bagging-Date: 2026-02-02" in (tmp_path / "bag" / "bag-info.txt").read_text()
    assert verify_bag(tmp_path / "bag") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag", "build", "tmp"]  # nothing left


def test_zip_replaces_only_our_zip(tmp_path: Path, build: Path):
    _ok(_package(build, "e", "--zip", cwd=tmp_path))
    first = (tmp_path / "e.zip").read_bytes()
    _ok(_package(build, "e", "--zip", cwd=tmp_path))
    assert (tmp_path / "e.zip").read_bytes() == first  # deterministic, and replaced in place
    (tmp_path / "notes.zip").write_text("not a zip at all")
    refused(_package(build, "notes.zip", "--zip", cwd=tmp_path), "notes.zip", "nothing was changed")
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as zf:
        zf.writestr("photos/bag-info.txt", "Bag-Software-Agent: someone else\n")
    refused(_package(build, "photos", "--zip", cwd=tmp_path), "another tool")
    assert (tmp_path / "notes.zip").read_text() == "not a zip at all"
    assert zipfile.ZipFile(tmp_path / "photos.zip").namelist() == ["photos/bag-info.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "e.zip", "notes.zip", "photos.zip", "tmp"]


# --------------------------------------------------------------------------- killed runs

def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


_KILLED = """
import os, shutil, sys
from pathlib import Path
from teiedition.archive import make_bag, output
{patch}
make_bag(Path(sys.argv[1]), Path(sys.argv[2]), bagging_date=sys.argv[3])
"""


def _killed_run(build: Path, out: Path, patch: str) -> None:
    code = _KILLED.format(patch=patch)
    run = subprocess.run([sys.executable, "-c", code, str(build), str(out), "2026-03-03"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 9, run.stderr  # it died where the patch killed it


def test_kill_between_the_two_renames_keeps_the_old_bag(tmp_path: Path, build: Path):
    _ok(_package(build, "bag", cwd=tmp_path))
    old = _tree(tmp_path / "bag")
    # Where the file system cannot exchange two names, the old bag is renamed aside first;
    # a kill -9 right then leaves no bag at the name, only the old one aside ...
    _killed_run(build, tmp_path / "bag", """
output._exchange = lambda a, b: False
rename = os.rename
def killed_after_moving_aside(a, b):
    rename(a, b)
    if ".old-" in str(b):
        os._exit(9)
os.rename = killed_after_moving_aside
""")
    assert not (tmp_path / "bag").exists()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith(".bag.old-")]
    assert len(aside) == 1 and _tree(aside[0]) == old
    (tmp_path / "bag").mkdir()  # even an empty directory made there meanwhile does not lose it
    # ... and the next run puts it back (its first step, shown alone here) ...
    output.recover(tmp_path / "bag")
    assert _tree(tmp_path / "bag") == old
    # ... recognises it as ours and replaces it.
    _ok(_package(build, "bag", cwd=tmp_path, date="2026-02-02"))
    assert "Bagging-Date: 2026-02-02" in (tmp_path / "bag" / "bag-info.txt").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag", "build", "tmp"]


def test_kill_after_the_exchange_leaves_the_new_bag(tmp_path: Path, build: Path):
    _ok(_package(build, "bag", cwd=tmp_path))
    _killed_run(build, tmp_path / "bag", """
def killed(*args, **kwargs):
    os._exit(9)
output.shutil.rmtree = killed
""")
    assert "Bagging-Date: 2026-03-03" in (tmp_path / "bag" / "bag-info.txt").read_text()
    assert verify_bag(tmp_path / "bag") == []
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".bag.")]
    assert left and all(".new-" in name for name in left)
    _ok(_package(build, "bag", cwd=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag", "build", "tmp"]


def test_only_what_dead_runs_left_is_cleaned(tmp_path: Path, build: Path):
    dead = _dead_pid()
    (tmp_path / f".bag.new-{dead}-00ff.tmp").mkdir()
    (tmp_path / f".bag.new-{dead}-00fe.tmp").write_bytes(b"half a zip")
    (tmp_path / f".bag.old-{dead}-00fd").mkdir()  # the bag exists below, so this is stale
    alive = tmp_path / f".bag.new-{os.getpid()}-00fc.tmp"  # a run still going on
    alive.mkdir()
    user = [tmp_path / ".bag.notes", tmp_path / f".bag.new-{dead}-mine.txt"]
    for path in user:
        path.write_text("mine")
    (tmp_path / "bag").mkdir()
    _ok(_package(build, "bag", cwd=tmp_path))
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert left == sorted([alive.name] + [p.name for p in user])
