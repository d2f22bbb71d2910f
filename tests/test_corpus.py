"""Corpus builds: inputs, incremental manifest, failures isolated, interrupted builds."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from teiedition.corpus import MANIFEST, build_many, expand_inputs
from teiedition.errors import InputError
from teiedition.fileio import LOCK_NAME

from .corpusgen import write_corpus


def _build(inputs, out, **kw):
    stdout, stderr = io.StringIO(), io.StringIO()
    summary = build_many([str(i) for i in inputs], out, out=stdout, err=stderr, **kw)
    return summary, stdout.getvalue(), stderr.getvalue()


def test_inputs_files_directories_and_globs(tmp_path):
    paths = write_corpus(tmp_path / "in", 3, 3)
    (tmp_path / "in" / "readme.rst").write_text("not a chapter")
    assert expand_inputs([str(tmp_path / "in")]) == [p.resolve() for p in paths]
    assert expand_inputs([str(tmp_path / "in" / "chapter-000[01].txt")]) == \
        [p.resolve() for p in paths[:2]]
    assert expand_inputs([str(paths[2]), str(paths[2])]) == [paths[2].resolve()]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "missing.txt")])
    with pytest.raises(InputError, match="matches no file"):
        expand_inputs([str(tmp_path / "in" / "*.docx")])


def test_same_stem_in_two_directories_is_refused(tmp_path):
    a = write_corpus(tmp_path / "a", 1, 2)[0]
    b = write_corpus(tmp_path / "b", 1, 2)[0]
    with pytest.raises(InputError, match="same name"):
        expand_inputs([str(a), str(b)])


def test_parallel_build_then_nothing_to_do_then_one_changed(tmp_path):
    paths = write_corpus(tmp_path / "in", 4, 4)
    out = tmp_path / "out"
    summary, stdout, _ = _build([tmp_path / "in"], out, jobs=2)
    assert (summary.count("built"), summary.count("skipped"), summary.count("failed")) == (4, 0, 0)
    assert stdout.splitlines()[-2].split() == ["built", "skipped", "failed", "warnings"]
    built, skipped, failed, warnings = stdout.splitlines()[-1].split()
    assert (built, skipped, failed) == ("4", "0", "0") and int(warnings) >= 0
    assert len(list(out.glob("*.xml"))) == 4 and len(list(out.glob("*.pdf"))) == 4

    summary, _, _ = _build([tmp_path / "in"], out, jobs=2)
    assert (summary.count("built"), summary.count("skipped")) == (0, 4)

    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("An abstract", "A new abstract"),
                        encoding="utf-8")
    summary, _, _ = _build([tmp_path / "in"], out, jobs=2)
    assert (summary.count("built"), summary.count("skipped")) == (1, 3)
    assert [Path(o.source).name for o in summary.outcomes if o.status == "built"] == ["chapter-0001.txt"]


def test_one_failing_chapter_does_not_stop_the_others(tmp_path):
    write_corpus(tmp_path / "in", 3, 3)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01binary")
    summary, stdout, stderr = _build([tmp_path / "in"], tmp_path / "out", jobs=2)
    assert summary.count("built") == 3 and summary.count("failed") == 1
    assert "broken.txt" in stderr and "binary file" in stderr
    assert "failed: " in stdout and "broken.txt" in stdout
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert len(manifest["chapters"]) == 3


def test_deleted_output_is_rebuilt(tmp_path):
    write_corpus(tmp_path / "in", 2, 2)
    out = tmp_path / "out"
    _build([tmp_path / "in"], out, jobs=1)
    (out / "chapter-0000.xml").unlink()
    summary, _, _ = _build([tmp_path / "in"], out, jobs=1)
    assert summary.count("built") == 1 and (out / "chapter-0000.xml").exists()


def _corpus_and_reference(tmp_path: Path, count: int, jobs: int) -> tuple[Path, Path, list[str]]:
    """A corpus, its uninterrupted build, and the command that builds it into ``out``."""
    write_corpus(tmp_path / "in", count, 30)
    reference = tmp_path / "reference"
    _build([tmp_path / "in"], reference, jobs=1)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "teiedition.cli", "build", str(tmp_path / "in"), "-o", str(out),
           "--jobs", str(jobs)]
    return reference, out, cmd


def test_killed_build_resumes_to_the_same_outputs(tmp_path):
    reference, out, cmd = _corpus_and_reference(tmp_path, 12, jobs=1)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    manifest = out / MANIFEST
    while time.monotonic() < deadline:
        if manifest.exists() and len(json.loads(manifest.read_text())["chapters"]) >= 3:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(json.loads(manifest.read_text())["chapters"])
    assert 3 <= done < 12, "the build finished before it could be killed; make the corpus larger"
    # A kill may leave temporary files behind, never a partial output; the next build removes
    # those of dead processes, and leaves a live writer's and files it did not name alone.
    dead = _dead_pid()
    (out / f".chapter-0099.xml.part-{dead}-abc.tmp").write_bytes(b"<TEI")
    (out / f".chapter-0099.bag.new-{dead}-0a1b.tmp" / "data").mkdir(parents=True)
    live = out / f".chapter-0098.xml.part-{os.getpid()}-abc.tmp"
    live.write_bytes(b"<TEI")
    foreign = out / ".notes.txt.tmp"
    foreign.write_bytes(b"the user's")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert sorted(out.glob(".*.tmp")) == sorted([live, foreign])
    live.unlink()
    foreign.unlink()
    expected = _files(reference)
    assert _files(out) == expected
    entries = json.loads(manifest.read_text())["chapters"]
    assert sorted(Path(o).name for e in entries.values() for o in e["outputs"]) == \
        sorted({name.split("/")[0] for name in expected})


def _dead_pid() -> int:
    """The id of a process that has exited (and, so soon after, not been reused)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _files(directory: Path) -> dict[str, bytes]:
    """Every output file (bags included) by relative path, without the manifest and the lock."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST, LOCK_NAME)}


def test_ctrl_c_stops_cleanly_and_the_rerun_completes(tmp_path):
    reference, out, cmd = _corpus_and_reference(tmp_path, 16, jobs=2)
    # Ctrl-C in a terminal signals the whole process group: the build and its workers.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            # The child restores Ctrl-C's default before exec; the test process has no threads
                            # that could hold a lock at fork.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    manifest = out / MANIFEST
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists() and len(json.loads(manifest.read_text())["chapters"]) >= 2:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.rstrip().endswith("teiedition: interrupted")
    done = json.loads(manifest.read_text())["chapters"]
    assert 2 <= len(done) < 16
    for entry in done.values():
        assert all((out / o).exists() for o in entry["outputs"])

    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _files(out) == _files(reference)
