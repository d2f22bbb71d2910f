"""Helpers for the bag tests: a real bag made by teiedition, the command line in a subprocess,
and the checks every refusal must pass (exit 1 or 2, one line on stderr, no traceback)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from teiedition.archive import make_bag

from .conftest import SAMPLE_TEI

STEM = SAMPLE_TEI.stem
HTML = b"<!DOCTYPE html>\n<html><body><p>stand-in web edition</p></body></html>\n"
PDF = b"%PDF-1.7\n% stand-in print edition\n%%EOF\n"
DATE = "2026-01-31"


def build_dir(parent: Path) -> Path:
    """A build directory: the sample TEI with stand-ins for its HTML and PDF."""
    d = parent / "build"
    d.mkdir()
    shutil.copyfile(SAMPLE_TEI, d / f"{STEM}.xml")
    (d / f"{STEM}.html").write_bytes(HTML)
    (d / f"{STEM}.pdf").write_bytes(PDF)
    return d


def bag(parent: Path, name: str = "pfx.bag", zip: bool = False) -> Path:
    src = parent / "src"
    if not src.exists():
        src.mkdir()
        build_dir(src)
    return make_bag(src / "build", parent / name, zip=zip, bagging_date=DATE)


def cli(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``teiedition ARGS`` in a fresh process, its temporary files kept under ``cwd/tmp``."""
    tmp = cwd / "tmp"
    tmp.mkdir(exist_ok=True)
    full_env = {**os.environ, "TMPDIR": str(tmp), **(env or {})}
    code = "import sys; from teiedition.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def refused(run: subprocess.CompletedProcess[str], *words: str, code: int = 2) -> str:
    """The one stderr line of a refusal, checked to name every word in ``words``."""
    assert run.returncode == code, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def add_to_manifests(bag_dir: Path, rel: str, data: bytes) -> None:
    """List ``rel`` with the right checksums for ``data`` in both payload manifests, and drop
    the tag manifests (which would otherwise report the manifests as changed)."""
    import hashlib
    for alg in ("sha256", "sha512"):
        with open(bag_dir / f"manifest-{alg}.txt", "a", encoding="utf-8") as fh:
            fh.write(f"{hashlib.new(alg, data).hexdigest()}  {rel}\n")
        (bag_dir / f"tagmanifest-{alg}.txt").unlink(missing_ok=True)
