"""Issue 11, point 9: builds that run at once, builds that were killed, and manifests that lie.

* Two builds into one directory: the second waits for the first (one line says so), both
  succeed, and the manifest names every chapter.
* Temporary files are per process; what dead processes left is removed by the next run (the
  build directory's, and Typst's compile roots in the system's temporary directory).
* The manifest names outputs relative to its directory, so a build from another working
  directory skips what is done; an entry is trusted only when its outputs are there with
  their recorded hashes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from teiedition import pdf
from teiedition.corpus import MANIFEST, output_digest
from teiedition.fileio import directory_lock

from .corpusgen import write_corpus

ROOT = Path(__file__).resolve().parents[1]


def _cmd(inputs: Path, out: Path | str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "teiedition.cli", "build", str(inputs), "-o", str(out), *extra]


def _chapters(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text())["chapters"]


def _assert_complete(out: Path, inputs: list[Path]) -> None:
    """The manifest names every chapter, and every output it names is there, as recorded."""
    chapters = _chapters(out)
    assert sorted(chapters) == sorted(str(p.resolve()) for p in inputs)
    for entry in chapters.values():
        assert {Path(name).suffix for name in entry["outputs"]} >= {".xml", ".html", ".pdf"}
        for name, digest in entry["outputs"].items():
            assert output_digest(out / name) == digest


def test_two_builds_into_one_directory_both_succeed(tmp_path):
    inputs = write_corpus(tmp_path / "in", 4, 4)
    out = tmp_path / "out"
    first = subprocess.Popen(_cmd(tmp_path / "in", out, "--jobs", "1"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)  # the interval; correctness does not depend on it
    second = subprocess.Popen(_cmd(tmp_path / "in", out, "--jobs", "1"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    results = [(*p.communicate(timeout=600), p.returncode) for p in (first, second)]
    for _stdout, stderr, code in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    _assert_complete(out, inputs)
    # Whichever ran second found the first one's chapters done.
    assert sum("       0        4        0" in stdout for stdout, _, _ in results) == 1


def test_a_second_build_waits_for_the_lock_and_says_so(tmp_path):
    inputs = write_corpus(tmp_path / "in", 1, 3)
    out = tmp_path / "out"
    out.mkdir()
    with directory_lock(out):
        proc = subprocess.Popen(_cmd(tmp_path / "in", out), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        line = proc.stderr.readline()  # blocks until the build reports that it waits
        assert "another build is writing into this directory; waiting" in line
        assert str(out) in line
        assert not (out / MANIFEST).exists()  # it wrote nothing while waiting
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    _assert_complete(out, inputs)


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path):
    write_corpus(tmp_path / "in", 1, 3)
    out = tmp_path / "out"
    out.mkdir()
    dead = _dead_pid()
    stale = [out / f".chapter-0000.xml.unchecked-{dead}-0a1b2c3d.tmp",
             out / f".chapter-0000.pdf.part-{dead}-q9_x.tmp"]
    for path in stale:
        path.write_bytes(b"half")
    stale_bag = out / f".chapter-0000.bag.new-{dead}-0a1b2c3d.tmp"
    (stale_bag / "data").mkdir(parents=True)
    kept = [out / f".chapter-0000.xml.part-{os.getpid()}-abc.tmp",  # a live process's
            out / ".chapter-0000.xml.unchecked.tmp",  # not a name the tool makes now
            out / "notes.tmp"]
    for path in kept:
        path.write_bytes(b"keep")
    subprocess.run(_cmd(tmp_path / "in", out), check=True, capture_output=True)
    assert not any(p.exists() for p in [*stale, stale_bag])
    assert all(p.read_bytes() == b"keep" for p in kept)


def test_typst_roots_of_dead_processes_are_removed(tmp_path):
    base = Path(tempfile.gettempdir())
    dead_root = base / f"teiedition-typst-{_dead_pid()}-0a1b2c3d"
    live_root = base / f"teiedition-typst-{os.getpid()}-0a1b2c3d"
    other = base / "teiedition-typst-not-ours"
    for root in (dead_root, live_root, other):
        (root / "sub").mkdir(parents=True, exist_ok=True)
    try:
        pdf._remove_dead_roots.cache_clear()
        pdf.render_pdf(ROOT / "tei" / "roberts-1995-rapallo.xml")
        assert not dead_root.exists()
        assert live_root.exists() and other.exists()
        # The compile's own root is gone when it returns.
        assert not [p for p in base.glob(f"teiedition-typst-{os.getpid()}-*") if p != live_root]
    finally:
        for root in (dead_root, live_root, other):
            subprocess.run(["rm", "-rf", str(root)], check=True)


def test_a_build_from_another_directory_skips_what_is_done(tmp_path):
    inputs = write_corpus(tmp_path / "in", 2, 3)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    subprocess.run(_cmd(tmp_path / "in", "../out"), check=True, capture_output=True,
                   cwd=tmp_path / "a")
    again = subprocess.run(_cmd(tmp_path / "in", tmp_path / "out"), check=True,
                           capture_output=True, text=True, cwd=tmp_path / "b")
    assert "       0        2        0" in again.stdout, again.stdout
    for entry in _chapters(tmp_path / "out").values():
        assert all(not os.path.isabs(name) and "/" not in name for name in entry["outputs"])
    _assert_complete(tmp_path / "out", inputs)


def test_a_forged_manifest_does_not_make_a_build_skip(tmp_path):
    inputs = write_corpus(tmp_path / "in", 3, 3)
    out = tmp_path / "out"
    subprocess.run(_cmd(tmp_path / "in", out), check=True, capture_output=True)
    chapters = _chapters(out)
    _, b, c = (str(p.resolve()) for p in inputs)
    # A: its PDF replaced by other bytes. B: its PDF removed and the entry rewritten in the
    # old form (a list of paths, no hashes) without it. C: an entry naming a file outside.
    (out / "chapter-0000.pdf").write_bytes(b"%PDF-forged")
    (out / "chapter-0001.pdf").unlink()
    chapters[b]["outputs"] = [str(out / n) for n in chapters[b]["outputs"] if not n.endswith(".pdf")]
    (tmp_path / "elsewhere.pdf").write_bytes(b"x")
    chapters[c]["outputs"]["../elsewhere.pdf"] = output_digest(tmp_path / "elsewhere.pdf")
    (out / MANIFEST).write_text(json.dumps({"chapters": chapters}))
    proc = subprocess.run(_cmd(tmp_path / "in", out), check=False, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert "       3        0        0" in proc.stdout, proc.stdout
    assert (out / "chapter-0000.pdf").read_bytes().startswith(b"%PDF-1.")
    assert (out / "chapter-0001.pdf").exists()
    _assert_complete(out, inputs)


def _dead_pid() -> int:
    """The id of a process that has exited (and, so soon after, not been reused)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
