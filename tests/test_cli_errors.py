"""Issue 11, point 8: every output path that cannot take a file, and every broken manifest, is
one line on stderr naming the path and the cause, with exit 1 or 2: never a traceback.

Each case runs the command line in a subprocess, as a user would. A full disk is simulated
two ways: a write that fails with ENOSPC inside the real command (any user), and a real
64 KB tmpfs (root only, where mounting is allowed).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from teiedition.api import sample_path
from teiedition.corpus import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEI = ROOT / "tei" / "roberts-1995-rapallo.xml"


def _run(args: list[str], *, enospc: bool = False, env: dict | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``teiedition ARGS`` in a new process; with ``enospc`` every fsync of an output fails as
    on a full disk (the data is written to the page cache first, so fsync is where a real
    full disk is reported too)."""
    if enospc:
        code = ("import errno, os, sys\n"
                "def full(fd):\n"
                "    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
                "os.fsync = full\n"
                "from teiedition.cli import main\n"
                "sys.exit(main(sys.argv[1:]))\n")
        cmd = [sys.executable, "-c", code, *args]
    else:
        cmd = [sys.executable, "-m", "teiedition.cli", *args]
    return subprocess.run(cmd, check=False, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          cwd=cwd)


def _one_line(proc: subprocess.CompletedProcess, path: str, cause: str) -> None:
    err = proc.stderr
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("teiedition: ")]
    assert len(errors) == 1, err
    assert proc.returncode in (1, 2), err
    assert path in errors[0] and cause in errors[0], errors[0]


def _quiet_lines(proc: subprocess.CompletedProcess) -> list[str]:
    """stderr without warnings about the chapter's content (the sample's unresolved short
    title) and the build's progress lines."""
    return [line for line in proc.stderr.splitlines()
            if ": warning: " not in line and not line.startswith("[")]


@pytest.mark.parametrize("command", [
    ["convert", str(sample_path())],
    ["render", str(SAMPLE_TEI), "--to", "html"],
    ["render", str(SAMPLE_TEI), "--to", "pdf"],
])
def test_output_in_proc_is_one_line(command):
    proc = _run([*command, "-o", "/proc/teiedition-test.out"])
    _one_line(proc, "/proc/teiedition-test.out", "takes no new files")
    assert len(_quiet_lines(proc)) == 1


def test_build_into_proc_is_one_line():
    proc = _run(["build", "-o", "/proc/teiedition-test-build"])
    _one_line(proc, "/proc/teiedition-test-build", "cannot make the output directory")
    assert len(_quiet_lines(proc)) == 1


@pytest.mark.parametrize("command", [
    ["convert", str(sample_path())],
    ["render", str(SAMPLE_TEI), "--to", "pdf"],
])
def test_full_disk_is_one_line_and_leaves_nothing(command, tmp_path):
    out = tmp_path / "out.file"
    proc = _run([*command, "-o", str(out)], enospc=True)
    _one_line(proc, str(out), "no space left on the device")
    assert proc.returncode == 1  # the machine failed, not the user's input
    assert not list(tmp_path.iterdir())  # no output, no temporary file


def test_build_on_a_full_disk_is_one_line_per_failure(tmp_path):
    out = tmp_path / "out"
    proc = _run(["build", "-o", str(out), "--jobs", "1"], enospc=True)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (1, 2)
    errors = _quiet_lines(proc)
    assert len(errors) == 1 and "no space left on the device" in errors[0], proc.stderr
    assert not list(out.glob(".*.tmp"))


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 64 KB file system (root only): a real full disk."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                                            str(mount)], check=False, capture_output=True).returncode != 0:
        pytest.skip("needs root and permission to mount a tmpfs")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_real_full_disk_is_one_line(tiny_tmpfs):
    out = tiny_tmpfs / "edition.pdf"
    proc = _run(["render", str(SAMPLE_TEI), "--to", "pdf", "-o", str(out)])
    _one_line(proc, str(out), "no space left on the device")
    assert not list(tiny_tmpfs.iterdir())


@pytest.fixture
def read_only_dir(tmp_path):
    """A directory no write succeeds in: a read-only mount as root (permission bits do not
    stop root), a directory without write permission otherwise."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(ro)],
                          check=False, capture_output=True).returncode != 0:
            pytest.skip("root, and not allowed to mount a read-only tmpfs")
        yield ro
        subprocess.run(["umount", str(ro)], check=True)
    else:
        ro.chmod(0o555)
        yield ro
        ro.chmod(0o755)


@pytest.mark.parametrize("command, target", [
    (["convert", str(sample_path())], "x.xml"),
    (["render", str(SAMPLE_TEI), "--to", "html"], "x.html"),
    (["build"], "build"),
])
def test_read_only_output_is_one_line(command, target, read_only_dir):
    out = read_only_dir / target
    proc = _run([*command, "-o", str(out)])
    _one_line(proc, str(out), "read-only" if os.geteuid() == 0 else "permission denied")
    assert len(_quiet_lines(proc)) == 1


def test_render_onto_a_directory_is_one_line(tmp_path):
    proc = _run(["render", str(SAMPLE_TEI), "--to", "pdf", "-o", str(tmp_path)])
    _one_line(proc, str(tmp_path), "is a directory")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_build_onto_a_file_is_one_line(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("mine")
    proc = _run(["build", "-o", str(target)])
    _one_line(proc, str(target), "not a directory")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert target.read_text() == "mine"


@pytest.mark.parametrize("entry, cause", [
    ("a string", "is a str"),
    ({"fingerprint": "x", "outputs": None}, "has outputs null"),
])
def test_malformed_manifest_entry_is_one_line(entry, cause, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / MANIFEST
    manifest.write_text(json.dumps({"chapters": {str(sample_path()): entry}}))
    proc = _run(["build", "-o", str(out)])
    _one_line(proc, str(manifest), cause)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "--force" in proc.stderr  # and it says how to go on


def test_manifest_that_is_a_directory_is_one_line(tmp_path):
    out = tmp_path / "out"
    (out / MANIFEST).mkdir(parents=True)
    proc = _run(["build", "-o", str(out)])
    _one_line(proc, str(out / MANIFEST), "not a regular file")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_tei_all_asked_for_and_missing_is_one_line(tmp_path):
    """Point 10: --tei-all never passes silently without tei_all."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "TEIEDITION_TEI_ALL": ""}
    proc = _run(["build", "--tei-all", "-o", str(tmp_path / "out")], env=env)
    _one_line(proc, "tei_all", "--tei-all needs a copy of the tei_all schema")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()  # refused before any work
