"""The book benchmark: the six FRUS chapters as one book (docs/books.md), each build a fresh
``teiedition build`` process as a user runs it, of this checkout's code (``src/``). Prints:

* the whole book from nothing with 2 jobs; the same again with nothing changed;
* one chapter changed (a phrase of chapter 2, changed back and forth), ``--repeat`` times:
  wall time and CPU time (the build process and its children: the Typst compilation is a
  child process), each run and the median;
* with ``--baseline REV``: the same one-chapter builds of the code at git revision REV (or
  in a directory holding a copy of the project), paired with this checkout's (one of each in
  turn, the order alternating), for a before/after on a machine whose load varies;
* the site's search: our inlined index (bytes) against Pagefind's (``pagefind[extended]``
  from PyPI, when installed: its index files and the time to make them).

    python bench/book.py [--shared ../shared] [--jobs 2] [--repeat 5] [--baseline REV]
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOML = """title = "Toward \u201cThorough, Accurate, and Reliable\u201d: A History of the Foreign Relations of the \
United States Series"
editors = ["William B. McAllister", "Joshua Botts", "Peter Cozzens", "Aaron W. Marrs"]
publisher = "Office of the Historian, U.S. Department of State"
date = 2015-06-01
chapters = [{chapters}]
"""
PHRASES = ("Nevertheless, we can infer", "Nevertheless, one can infer")


def _build(code: Path, book: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (user and system, the build and its children) of one build."""
    env = {**os.environ, "PYTHONPATH": str(code / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "teiedition.cli", "build", str(book), "-o", str(out), "-j", str(jobs)],
                   check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _change(chapter: Path) -> None:
    """A phrase of the chapter's text, changed one way or back."""
    text = chapter.read_text(encoding="utf-8")
    old, new = PHRASES if PHRASES[0] in text else PHRASES[::-1]
    chapter.write_text(text.replace(old, new, 1), encoding="utf-8")


def _checkout(rev: str, into: Path) -> Path:
    """The code of a git revision, unpacked (the working tree is not touched)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="tar")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5, help="one-chapter rebuilds to time (default 5)")
    parser.add_argument("--baseline", metavar="REV", help="a git revision (or a copy of the project) to pair "
                        "each one-chapter rebuild with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "frus"
        book.mkdir()
        for src in sorted((args.shared / "corpus" / "docs").glob("frus-history-ch0[1-6].txt")):
            shutil.copyfile(src, book / src.name)
        names = ", ".join(f'"{p.name}"' for p in sorted(book.glob("*.txt")))
        (book / "book.toml").write_text(TOML.format(chapters=names), encoding="utf-8")
        codes = {"this checkout": ROOT}
        if args.baseline:
            given = Path(args.baseline)
            base = given if (given / "src").is_dir() else _checkout(args.baseline, Path(tmp) / "baseline")
            codes = {args.baseline: base, **codes}
        outs = {name: Path(tmp) / f"out{i}" for i, name in enumerate(codes)}
        print(f"FRUS book, 6 chapters, {args.jobs} jobs: seconds, wall / CPU")
        for name, code in codes.items():
            whole = _build(code, book, outs[name], args.jobs)
            unchanged = _build(code, book, outs[name], args.jobs)
            print(f"{name}: whole book, nothing built {whole[0]:.2f} / {whole[1]:.2f}; "
                  f"nothing changed {unchanged[0]:.2f} / {unchanged[1]:.2f}")
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
        order = list(codes)
        for i in range(args.repeat):
            _change(book / "frus-history-ch02.txt")
            for name in order if i % 2 == 0 else order[::-1]:
                runs[name].append(_build(codes[name], book, outs[name], args.jobs))
        print(f"\none chapter changed ({args.repeat} times){'; paired, order alternating' if args.baseline else ''}")
        for name, timed in runs.items():
            walls = " ".join(f"{w:.2f}" for w, _ in timed)
            cpus = " ".join(f"{c:.2f}" for _, c in timed)
            print(f"{name:<16} wall {walls}  median {statistics.median(w for w, _ in timed):.2f}")
            print(f"{'':<16} CPU  {cpus}  median {statistics.median(c for _, c in timed):.2f}")
        out = outs["this checkout"]
        search = (out / "search.html").stat().st_size
        print(f"\nsearch page with its inlined index: {search / 1e6:.2f} MB")
        if shutil.which("pagefind") or _has_pagefind():
            site = Path(tmp) / "pf"
            shutil.copytree(out, site, ignore=shutil.ignore_patterns("chapters", "*.pdf", "*.xml", "*.bag", ".*"))
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], check=True, capture_output=True)
            took = time.perf_counter() - start
            files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files)
            print(f"pagefind: {len(files)} files, {size / 1e6:.2f} MB, made in {took:.2f} s "
                  "(loaded with fetch: not from file:)")


def _has_pagefind() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
