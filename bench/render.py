"""Render times: the sample in-process, and any TEI side by side with the TEI Stylesheets.

    python bench/render.py [TEI] [--runs N]            # in-process, the sample by default
    python bench/render.py --compare [TEI...] [--runs N] [--all]

In-process: per format, the first render (compiles the stylesheet: what one CLI call pays) and
the median of N warm renders (what a build of many files pays per file), plus output size.
The print edition's budget (issue 6) is under one second for the sample.

--compare: whole processes, each started fresh, median of N runs per file (default: six
files of ../shared/tei-corpus/stylesheets-test/ of different kinds; --all: every TEI P5
file there):

  ours html     python -c 'teiedition.transform.render(FILE, "html")'   (the library)
  ours pdf      the same for "pdf"
  cli html      teiedition render FILE --to html  (the command, with its own start-up)
  tei html5     the TEI Stylesheets' profiles/default/html5/to.xsl on saxonche
  tei fo+fop    the TEI Stylesheets' fo/fo.xsl on saxonche, then Debian's Apache FOP

Budgets (issue 14): ours html <= 1/2 of tei html5, ours pdf <= 1/10 of tei fo+fop. A
comparison whose tool is missing (the Stylesheets not beside the checkout, no `fop`) is
skipped with a line saying so. No assertion: this prints numbers.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from teiedition.transform import RENDERERS, render

BUDGET_PDF_S = 1.0
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "tei-corpus" / "stylesheets-test"
STYLESHEETS = SHARED / "anchors" / "tei-stylesheets"
DEFAULT_FILES = ["test.xml", "testapp2.xml", "test14.xml", "test32.xml", "maria.xml", "test5.xml"]
#: Files of the corpus that are not TEI P5 on purpose (tests/test_stylesheets_corpus.py).
NOT_P5 = {"test2.xml", "testp4.xml", "testoucscourses.xml", "test17.xml", "testrend.xml",
          "test-tree.xml", "mediawiki1.xml", "mediawiki2.xml", "test-pure.xml", "test-pure2.xml",
          "testODD.xml", "testxi-inc.xml", "testxi.xml"}

# One saxonche transformation as its own process, for the TEI Stylesheets (what a user of
# them runs: compile the stylesheet, transform one file).
SAXON = """import sys
from saxonche import PySaxonProcessor
proc = PySaxonProcessor(license=False)
exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=sys.argv[1])
exe.transform_to_file(source_file=sys.argv[2], output_file=sys.argv[3])
"""
OURS = """import sys, warnings
warnings.simplefilter("ignore")
from pathlib import Path
from teiedition.transform import render
Path(sys.argv[3]).write_bytes(render(sys.argv[1], sys.argv[2]))
"""


def bench(tei: Path, fmt: str, runs: int) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    out = render(tei, fmt)
    first = time.perf_counter() - t0
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        render(tei, fmt)
        warm.append(time.perf_counter() - t0)
    return first, statistics.median(warm), len(out)


def in_process(args: argparse.Namespace) -> int:
    if args.tei is None:
        # The current converter's TEI of the sample, not a possibly stale committed copy.
        from teiedition import api
        data, _warnings = api.convert_file(api.sample_path())
        args.tei = Path(tempfile.mkdtemp(prefix="teiedition-bench-")) / "roberts-1995-rapallo.xml"
        args.tei.write_bytes(data)
        print("sample: the bundled chapter, converted by the library")
    else:
        print(f"sample: {args.tei}")
    status = 0
    for fmt in [f for f in ("pdf", "html") if f in RENDERERS]:
        first, warm, size = bench(args.tei, fmt, args.runs)
        line = f"{fmt:5} first {first * 1000:7.1f} ms   warm median {warm * 1000:7.1f} ms   {size / 1024:7.1f} KiB"
        if fmt == "pdf":
            ok = first < BUDGET_PDF_S
            line += f"   budget {BUDGET_PDF_S:.0f} s: {'ok' if ok else 'OVER'}"
            status = status or (0 if ok else 1)
        print(line)
    return status


def timed(cmd: list[str], runs: int) -> float | None:
    """Median wall time of a fresh process; None if it failed."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            return None
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def compare(files: list[Path], runs: int) -> int:
    py = sys.executable
    html5 = STYLESHEETS / "profiles" / "default" / "html5" / "to.xsl"
    fo = STYLESHEETS / "fo" / "fo.xsl"
    fop = shutil.which("fop")
    cli = shutil.which("teiedition")
    if not html5.exists():
        print(f"skipped: TEI Stylesheets html5 (not found at {html5})")
    if not fo.exists() or fop is None:
        print("skipped: TEI Stylesheets fo + Apache FOP (" + ("no `fop` on PATH: apt-get install fop"
              if fop is None else f"not found: {fo}") + ")")
    if cli is None:
        print("skipped: the teiedition command (not installed: pip install -e .)")
    head = (f"{'file':16} {'KiB':>6} {'ours html':>10} {'cli html':>9} {'tei html5':>10} {'ratio':>6}"
            f" {'ours pdf':>9} {'tei fo+fop':>11} {'ratio':>6}")
    print(f"whole process, median of {runs} runs, seconds")
    print(head)
    html_ratios, pdf_ratios = [], []
    with tempfile.TemporaryDirectory(prefix="teiedition-bench-") as tmp:
        out = Path(tmp)
        for tei in files:
            ours_html = timed([py, "-c", OURS, str(tei), "html", str(out / "o.html")], runs)
            ours_pdf = timed([py, "-c", OURS, str(tei), "pdf", str(out / "o.pdf")], runs)
            cli_html = (timed([cli, "render", str(tei), "--to", "html", "-o", str(out / "c.html")], runs)
                        if cli else None)
            ref_html = (timed([py, "-c", SAXON, str(html5), str(tei), str(out / "r.html")], runs)
                        if html5.exists() else None)
            ref_pdf = None
            if fo.exists() and fop:
                to_fo = timed([py, "-c", SAXON, str(fo), str(tei), str(out / "r.fo")], 1)
                to_pdf = timed([fop, "-q", "-fo", str(out / "r.fo"), "-pdf", str(out / "r.pdf")], 1) if to_fo else None
                if to_fo and to_pdf:
                    # Measured again as one pipeline, the two processes back to back.
                    ref_pdf = timed(["sh", "-c", f'"{py}" -c "$0" "$1" "$2" "$3" && "$4" -q -fo "$3" -pdf "$5"',
                                     SAXON, str(fo), str(tei), str(out / "r.fo"), fop, str(out / "r.pdf")], runs)
            hr = ours_html / ref_html if ours_html and ref_html else None
            pr = ours_pdf / ref_pdf if ours_pdf and ref_pdf else None
            html_ratios += [hr] if hr else []
            pdf_ratios += [pr] if pr else []

            def f(x: float | None, w: int) -> str:
                return f"{x:{w}.2f}" if x is not None else f"{'–':>{w}}"
            print(f"{tei.name:16} {tei.stat().st_size / 1024:6.0f} {f(ours_html, 10)} {f(cli_html, 9)} "
                  f"{f(ref_html, 10)} {f(hr, 6)} {f(ours_pdf, 9)} {f(ref_pdf, 11)} {f(pr, 6)}")
    status = 0
    if html_ratios:
        worst = max(html_ratios)
        ok = worst <= 0.5
        print(f"html: ours / TEI html5 at most {worst:.2f} (budget 0.50): {'ok' if ok else 'OVER'}")
        status = status or (0 if ok else 1)
    if pdf_ratios:
        worst = max(pdf_ratios)
        ok = worst <= 0.1
        print(f"pdf: ours / TEI fo+FOP at most {worst:.2f} (budget 0.10): {'ok' if ok else 'OVER'}")
        status = status or (0 if ok else 1)
    return status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tei", nargs="*", type=Path,
                    help="TEI file(s) (default: the bundled sample; with --compare, six corpus files)")
    ap.add_argument("--runs", type=int, default=None, help="runs per measurement (10 in-process, 3 compared)")
    ap.add_argument("--compare", action="store_true", help="whole processes against the TEI Stylesheets and FOP")
    ap.add_argument("--all", action="store_true", help="with --compare: every TEI P5 file of the corpus")
    args = ap.parse_args()
    if args.compare:
        files = args.tei or ([p for p in sorted(CORPUS.glob("*.xml")) if p.name not in NOT_P5] if args.all
                             else [CORPUS / n for n in DEFAULT_FILES])
        return compare(files, args.runs or 3)
    if len(args.tei) > 1:
        ap.error("in-process timing takes one TEI file")
    args.tei = args.tei[0] if args.tei else None
    args.runs = args.runs or 10
    return in_process(args)


if __name__ == "__main__":
    sys.exit(main())
