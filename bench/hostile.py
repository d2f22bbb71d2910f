"""The worst inputs found so far, each run as a real command: seconds and peak memory.

Every case runs ``teiedition`` in its own process (``python -m teiedition.cli``) and prints
its exit code, wall and CPU time and peak RSS (``getrusage(RUSAGE_CHILDREN)``, which covers the child
processes a command starts, such as the bounded Typst compile). The acceptance of issue 11:
no command over 60 s or 2 GB on any input under the size limit.

    python bench/hostile.py [--only NAME ...] [--keep DIR]

Cases: a 60 MB TEI to PDF (the notes of the sample repeated) and to HTML, the largest TEIs
the print and web editions' text budgets take, a 10,000-note chapter converted, one note of
30,000 ", Smith", one of 20,000 "Ibid.", a word of 16,370 letters and 65 nested ``hi`` to
PDF.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEI = ROOT / "tei" / "roberts-1995-rapallo.xml"


def big_tei(target_bytes: int = 0, max_chars: int = 0) -> bytes:
    """The sample's TEI with its notes repeated until the file has ``target_bytes``, or as
    many times as keep its text within ``max_chars`` characters. Each copy gets its own
    xml:ids (and pointers), so the file stays a well-formed, linkable edition."""
    from lxml import etree

    text = SAMPLE_TEI.read_text(encoding="utf-8")
    start = text.index('<div type="notes">')
    open_end = text.index(">", start) + 1
    close = text.index("</div>", open_end)
    notes = text[open_end:close]

    def chars(xml: str) -> int:
        return sum(len(t) for t in etree.fromstring(xml.encode()).itertext())

    per_copy = chars(f"<d>{notes}</d>")
    base = chars(text)
    copies, size, k = [], len(text), 0
    while (size < target_bytes) if target_bytes else (base + (k + 1) * per_copy <= max_chars):
        k += 1
        copy = re.sub(r'xml:id="([^"]+)"', rf'xml:id="c{k}-\1"', notes)
        copy = re.sub(r'(target|corresp)="#([^"]+)"', rf'\1="#c{k}-\2"', copy)
        copies.append(copy)
        size += len(copy)
    return (text[:close] + "".join(copies) + text[close:]).encode("utf-8")


def tei_with_note(note_xml: str) -> bytes:
    """The sample's TEI with one more note holding ``note_xml``."""
    text = SAMPLE_TEI.read_text(encoding="utf-8")
    start = text.index('<div type="notes">')
    open_end = text.index(">", start) + 1
    extra = f'<note xml:id="hostile" n="999" type="endnote" place="end">{note_xml}</note>'
    return (text[:open_end] + extra + text[open_end:]).encode("utf-8")


def plain_chapter(notes: list[str]) -> str:
    lines = ["A Hostile Chapter", "", "Ann Author", "", "Body text.[1]", "", "Notes", ""]
    lines += [f"[{i}] {n}" for i, n in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def _cases(work: Path) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    from tests.corpusgen import chapter_text

    def write(name: str, data: bytes | str) -> str:
        path = work / name
        if not path.exists():
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    return {
        "pdf-60mb": ["render", write("big.xml", big_tei(60 * 1024 * 1024)), "--to", "pdf",
                     "-o", str(work / "big.pdf")],
        # The web edition of the same file.
        "html-60mb": ["render", write("big.xml", big_tei(60 * 1024 * 1024)), "--to", "html",
                      "-o", str(work / "big.html")],
        # The largest web edition the default budget takes (html.MAX_CHARS characters).
        "html-at-budget": ["render", write("html-budget.xml", big_tei(max_chars=4_000_000)),
                           "--to", "html", "-o", str(work / "html-budget.html")],
        # The largest print edition the default budget takes (pdf.MAX_CHARS characters).
        "pdf-at-budget": ["render", write("budget.xml", big_tei(max_chars=2_000_000)), "--to", "pdf",
                          "-o", str(work / "budget.pdf")],
        "convert-10000-notes": ["convert", write("notes10000.txt", chapter_text(1, 10000)),
                                "-o", str(work / "notes10000.xml")],
        "convert-30000-smith": ["convert", write("smith.txt", plain_chapter(
            ["Jones, A History of Things" + ", Smith" * 30000 + "."])), "-o", str(work / "smith.xml")],
        "convert-20000-ibid": ["convert", write("ibid.txt", plain_chapter([" ".join(["Ibid."] * 20000)])),
                               "-o", str(work / "ibid.xml")],
        "pdf-long-word": ["render", write("word.xml", tei_with_note("x" * 16370)), "--to", "pdf",
                          "-o", str(work / "word.pdf")],
        "pdf-65-nested-hi": ["render", write("nested.xml", tei_with_note(
            '<hi rend="italic">' * 65 + "deep" + "</hi>" * 65)), "--to", "pdf",
            "-o", str(work / "nested.pdf")],
    }


def run(args: list[str]) -> tuple[int, float, float, float, str]:
    """Exit code, wall seconds, CPU seconds, peak RSS in MB of the command and its children,
    last stderr line. CPU time is what the command costs on an idle machine: on a shared one
    the wall time also counts the waits for a core."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    # A fresh interpreter per case: ru_maxrss of children is the largest child's peak, and
    # running each case in a new grandchild-free wrapper would hide nothing (RSS is per process).
    proc = subprocess.run([sys.executable, "-m", "teiedition.cli", *args], check=False,
                          capture_output=True,
                          text=True)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    last = (proc.stderr.strip().splitlines() or [""])[-1]
    return proc.returncode, seconds, cpu, max(before, usage.ru_maxrss) / 1024, last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="case names to run (default: all)")
    ap.add_argument("--keep", type=Path, help="keep the generated inputs in this directory")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="teiedition-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    cases = _cases(work)
    print(f"{'case':<22} {'exit':>4} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}  last stderr line")
    for name, argv in cases.items():
        if args.only and name not in args.only:
            continue
        # Each case in its own wrapper process, so the peak RSS reported is this case's alone
        # (RUSAGE_CHILDREN keeps the maximum over every child this process ever waited for).
        out = subprocess.run([sys.executable, __file__, "--one", *argv], check=False,
                             capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        print(f"{name:<22} {out.stdout.strip()}", flush=True)


def _one(argv: list[str]) -> None:
    code, seconds, cpu, peak, last = run(argv)
    print(f"{code:>4} {seconds:>8.1f} {cpu:>8.1f} {peak:>8.0f}  {last[:100]}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        _one(sys.argv[2:])
    else:
        main()
