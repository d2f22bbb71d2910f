"""The book benchmark: the six FRUS chapters as one book (docs/books.md), each build a fresh
``teiedition build`` process as a user runs it. Prints a table:

* the whole book from nothing with 2 jobs; the same again with nothing changed;
* one chapter changed (a word of chapter 2), and the book-level stages of that build;
* the site's search: our inlined index (bytes) against Pagefind's (``pagefind[extended]``
  from PyPI, when installed: its index files and the time to make them).

    python bench/book.py [--shared ../shared] [--jobs 2]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
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


def _build(book: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "teiedition.cli", "build", str(book), "-o", str(out), "-j", str(jobs)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "frus"
        book.mkdir()
        for src in sorted((args.shared / "corpus" / "docs").glob("frus-history-ch0[1-6].txt")):
            shutil.copyfile(src, book / src.name)
        names = ", ".join(f'"{p.name}"' for p in sorted(book.glob("*.txt")))
        (book / "book.toml").write_text(TOML.format(chapters=names), encoding="utf-8")
        out = Path(tmp) / "out"
        rows = [("whole book, nothing built", _build(book, out, args.jobs)),
                ("nothing changed", _build(book, out, args.jobs))]
        chapter = book / "frus-history-ch02.txt"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "Nevertheless, we can infer", "Nevertheless, one can infer", 1), encoding="utf-8")
        rows.append(("one chapter changed", _build(book, out, args.jobs)))
        print(f"{'FRUS book, 6 chapters, ' + str(args.jobs) + ' jobs':<34} {'seconds':>8}")
        for name, seconds in rows:
            print(f"{name:<34} {seconds:>8.2f}")
        search = (out / "search.html").stat().st_size
        print(f"\nsearch page with its inlined index: {search / 1e6:.2f} MB")
        pagefind = shutil.which("pagefind") or (shutil.which("python3") and _has_pagefind())
        if pagefind:
            site = Path(tmp) / "pf"
            shutil.copytree(out, site, ignore=shutil.ignore_patterns("chapters", "*.pdf", "*.xml"))
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
