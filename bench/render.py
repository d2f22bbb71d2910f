"""Render times: the sample in-process, and any TEI side by side with the TEI Stylesheets.

    python bench/render.py [TEI] [--runs N]            # in-process, the sample by default
    python bench/render.py --compare [TEI...] [--runs N] [--all]
    python bench/render.py --parts [TEI...] [--runs N] [--all]

In-process: per format, the first render (compiles the stylesheet: what one CLI call pays) and
the median of N warm renders (what a build of many files pays per file), plus output size.
The print edition's budget (issue 6) is under one second for the sample.

--compare: whole processes, each started fresh, N paired runs per file (default: six
files of ../shared/tei-corpus/stylesheets-test/ of different kinds; --all: every TEI P5
file there). A run starts each command once, one after the other, so ours and the reference
meet the same load of a shared machine; the ratio is the median of the runs' own ratios.
Wall time (what the budget is about) and CPU time (user + system of the process and its
children: what load does not change as much) are both reported:

  ours html     python -c 'teiedition.transform.render(FILE, "html")'   (the library)
  ours pdf      the same for "pdf"
  cli html      teiedition render FILE --to html  (the command, with its own start-up)
  tei html5     the TEI Stylesheets' profiles/default/html5/to.xsl on saxonche
  tei fo+fop    the TEI Stylesheets' fo/fo.xsl on saxonche, then Debian's Apache FOP

--parts: where one process of ours spends its CPU time (interpreter start, imports, the
stylesheet's compile, the transformation, Typst), per file and format, beside the budget
computed from the reference's whole process in the same runs.

Budgets (issue 14): ours html <= 1/2 of tei html5, ours pdf <= 1/10 of tei fo+fop. A
comparison whose tool is missing (the Stylesheets not beside the checkout, no `fop`) is
skipped with a line saying so. No assertion: this prints numbers. The measured processes may
keep the package's bytecode, in a cache under the bench's temporary directory (process_env).

Last measured (--compare --all --runs 3, a 2-core machine loaded 4-5 by other work; ratio
wall / CPU): HTML 0.37-0.71 wall, 0.40-0.61 CPU (test.xml 0.43/0.43, test14.xml 0.49/0.40,
test32.xml 0.50/0.55, test5.xml 0.50/0.49, test27.xml 0.70/0.61); earlier, less loaded:
0.43-0.67 wall, 0.45-0.56 CPU. Ours is 0.20-0.25 s of CPU for a small file, nearly all of it
fixed (--parts): the interpreter 0.035 s, the imports 0.025 s, compiling html.xsl 0.13-0.15 s
(SaxonC HE cannot keep a compiled stylesheet between processes); the html5 profile's compile
alone is 0.35 s. PDF 0.12-0.18 CPU for small files, test.xml 0.23/0.17, test14.xml 0.40/0.29,
test32.xml 0.95/0.95: for a small file FOP's whole run (1.2-1.7 s) is less than ten times our
interpreter, imports and typst.xsl's compile (0.17 s); for a long one Typst's layout alone is
more than a tenth of FOP's run (test14.xml 1.24 s against FOP's 6.0, test32.xml 1.39 s
against 2.1; docs/print.md, Speed).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
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
# Where one process of ours spends its CPU time, in the order it spends it: the interpreter's
# start (site packages included), the imports, compiling the stylesheet, the transformation
# (parse and checks included) and, for a PDF, Typst's compile (with its child, if the markup
# is over pdf.CHILD_ABOVE).
PARTS = """import json, resource, sys, warnings
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
marks = [("start", cpu())]
warnings.simplefilter("ignore")
from teiedition import transform
if sys.argv[2] == "pdf":
    from teiedition import pdf
else:
    from teiedition import html
marks.append(("imports", cpu()))
transform._compiled("typst.xsl" if sys.argv[2] == "pdf" else "html.xsl")
marks.append(("compile", cpu()))
if sys.argv[2] == "pdf":
    source = pdf.typst_source(sys.argv[1])
    marks.append(("transform", cpu()))
    pdf.compile_typst(source)
    marks.append(("typst", cpu()))
else:
    html.render_html(sys.argv[1])
    marks.append(("transform", cpu()))
print(json.dumps({name: t - (marks[i - 1][1] if i else 0.0) for i, (name, t) in enumerate(marks)}))
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


def process_env(tmp: Path) -> dict[str, str]:
    """The environment of the measured processes: this one's, except that Python may keep the
    bytecode of the package's modules, in a cache of its own under ``tmp`` (nothing is
    written into the checkout). An installed package has its .pyc files; with
    PYTHONDONTWRITEBYTECODE set (as on some CI machines) every process of ours would compile
    the package's modules from source again, some 10 ms that the reference (the Stylesheets
    on saxonche, no Python modules of their own) never pays."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float] | None:
    """Wall and CPU seconds (user + system, children included) of one fresh process; None if
    it failed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        return None
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(commands: dict[str, list[str]], runs: int,
           env: dict[str, str] | None = None) -> dict[str, list[tuple[float, float]] | None]:
    """Each command once per run, in turn: (wall, cpu) per run, or None for a command that
    failed (it is not run again)."""
    results: dict[str, list[tuple[float, float]] | None] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            got = results[name]
            if got is None:
                continue
            one = run_once(cmd, env)
            if one is None:
                results[name] = None
            else:
                got.append(one)
    return results


def median_of(times: list[tuple[float, float]] | None, which: int) -> float | None:
    return statistics.median(t[which] for t in times) if times else None


def ratio_of(ours: list[tuple[float, float]] | None, ref: list[tuple[float, float]] | None,
             which: int) -> float | None:
    """The median of the runs' own ratios (run i of ours against run i of the reference)."""
    if not ours or not ref:
        return None
    return statistics.median(o[which] / r[which] for o, r in zip(ours, ref, strict=True))


Runs = dict[str, list[tuple[float, float]] | None]


def cell(got: Runs, name: str) -> str:
    """"wall/CPU" medians of a command, or a dash when it failed or did not run."""
    wall, cpu = median_of(got.get(name), 0), median_of(got.get(name), 1)
    return f"{wall:5.2f}/{cpu:5.2f}" if wall is not None and cpu is not None else f"{'–':>11}"


def ratio_cell(got: Runs, ours: str, ref: str, into: list[tuple[float, float]]) -> str:
    """"wall/CPU" paired ratios of ours against the reference, kept in ``into`` for the verdict."""
    wall, cpu = ratio_of(got.get(ours), got.get(ref), 0), ratio_of(got.get(ours), got.get(ref), 1)
    if wall is None or cpu is None:
        return f"{'–':>11}"
    into.append((wall, cpu))
    return f"{wall:5.2f}/{cpu:5.2f}"


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
    print(f"whole process, {runs} paired runs, median seconds: wall / CPU (user + system)")
    print(f"{'file':14} {'KiB':>5} {'ours html':>11} {'cli html':>11} {'tei html5':>11} {'ratio':>11}"
          f" {'ours pdf':>11} {'tei fo+fop':>11} {'ratio':>11}")
    html_ratios: list[tuple[float, float]] = []
    pdf_ratios: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="teiedition-bench-") as tmp:
        out = Path(tmp)
        env = process_env(out)
        # One unmeasured run of ours per format fills the bytecode cache (process_env).
        for fmt in ("html", "pdf"):
            run_once([py, "-c", OURS, str(files[0]), fmt, str(out / f"warm.{fmt}")], env)
        for tei in files:
            commands = {
                "ours html": [py, "-c", OURS, str(tei), "html", str(out / "o.html")],
                "ours pdf": [py, "-c", OURS, str(tei), "pdf", str(out / "o.pdf")],
            }
            if cli:
                commands["cli html"] = [cli, "render", str(tei), "--to", "html", "-o", str(out / "c.html")]
            if html5.exists():
                commands["tei html5"] = [py, "-c", SAXON, str(html5), str(tei), str(out / "r.html")]
            if fo.exists() and fop:
                # The two processes back to back, as one pipeline (FOP fails on some files).
                commands["tei fo+fop"] = ["sh", "-c", f'"{py}" -c "$0" "$1" "$2" "$3" && "$4" -q -fo "$3" -pdf "$5"',
                                          SAXON, str(fo), str(tei), str(out / "r.fo"), fop, str(out / "r.pdf")]
            got = paired(commands, runs, env)

            hr = ratio_cell(got, "ours html", "tei html5", html_ratios)
            pr = ratio_cell(got, "ours pdf", "tei fo+fop", pdf_ratios)
            print(f"{tei.name:14} {tei.stat().st_size / 1024:5.0f} {cell(got, 'ours html')} "
                  f"{cell(got, 'cli html')} {cell(got, 'tei html5')} {hr} {cell(got, 'ours pdf')} "
                  f"{cell(got, 'tei fo+fop')} {pr}")
    status = 0
    for name, ratios, budget in (("html", html_ratios, 0.5), ("pdf", pdf_ratios, 0.1)):
        if not ratios:
            continue
        worst_wall, worst_cpu = max(r[0] for r in ratios), max(r[1] for r in ratios)
        ok = worst_wall <= budget
        ref = "TEI html5" if name == "html" else "TEI fo+FOP"
        print(f"{name}: ours / {ref} at most {worst_wall:.2f} wall, {worst_cpu:.2f} CPU "
              f"(budget {budget:.2f}): {'ok' if ok else 'OVER'}")
        status = status or (0 if ok else 1)
    return status


def parts(files: list[Path], runs: int) -> int:
    """Per file and format, the median CPU seconds of each part of one fresh process of ours
    (PARTS), beside the budget: half the html5 profile's whole process, a tenth of fo + FOP's
    (measured in the same runs). A part alone over the budget is what makes it unreachable."""
    py = sys.executable
    html5 = STYLESHEETS / "profiles" / "default" / "html5" / "to.xsl"
    fo = STYLESHEETS / "fo" / "fo.xsl"
    fop = shutil.which("fop")
    names = {"html": ["start", "imports", "compile", "transform"],
             "pdf": ["start", "imports", "compile", "transform", "typst"]}
    print(f"CPU seconds (user + system), median of {runs} runs; budget: 1/2 of tei html5, 1/10 of tei fo+fop")
    with tempfile.TemporaryDirectory(prefix="teiedition-bench-") as tmp:
        out = Path(tmp)
        env = process_env(out)
        run_once([py, "-c", OURS, str(files[0]), "pdf", str(out / "warm.pdf")], env)
        for tei in files:
            for fmt in ("html", "pdf"):
                got: dict[str, list[float]] = {name: [] for name in names[fmt]}
                ref: list[float] = []
                for _ in range(runs):
                    done = subprocess.run([py, "-c", PARTS, str(tei), fmt], capture_output=True, text=True,
                                          env=env, check=False)
                    if done.returncode != 0:
                        break
                    for name, seconds in json.loads(done.stdout).items():
                        got[name].append(seconds)
                    if fmt == "html" and html5.exists():
                        one = run_once([py, "-c", SAXON, str(html5), str(tei), str(out / "r.html")], env)
                    elif fmt == "pdf" and fo.exists() and fop:
                        one = run_once(["sh", "-c", f'"{py}" -c "$0" "$1" "$2" "$3" && "$4" -q -fo "$3" -pdf "$5"',
                                        SAXON, str(fo), str(tei), str(out / "r.fo"), fop, str(out / "r.pdf")], env)
                    else:
                        one = None
                    if one is not None:
                        ref.append(one[1])
                if not got["start"]:
                    print(f"{tei.name:14} {fmt:4} failed")
                    continue
                medians = {name: statistics.median(values) for name, values in got.items()}
                line = "  ".join(f"{name} {value:5.3f}" for name, value in medians.items())
                total = sum(medians.values())
                budget = ""
                if ref:
                    whole = statistics.median(ref)
                    budget = f"  | reference {whole:5.2f}, budget {(0.5 if fmt == 'html' else 0.1) * whole:5.3f}"
                print(f"{tei.name:14} {fmt:4} {line}  total {total:5.3f}{budget}")
    return 0

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tei", nargs="*", type=Path,
                    help="TEI file(s) (default: the bundled sample; with --compare, six corpus files)")
    ap.add_argument("--runs", type=int, default=None, help="runs per measurement (10 in-process, 3 paired compared)")
    ap.add_argument("--compare", action="store_true", help="whole processes against the TEI Stylesheets and FOP")
    ap.add_argument("--all", action="store_true", help="with --compare: every TEI P5 file of the corpus")
    ap.add_argument("--parts", action="store_true",
                    help="where each process of ours spends its CPU time, beside the budget (files as --compare)")
    args = ap.parse_args()
    if args.compare or args.parts:
        files = args.tei or ([p for p in sorted(CORPUS.glob("*.xml")) if p.name not in NOT_P5] if args.all
                             else [CORPUS / n for n in DEFAULT_FILES])
        return (compare if args.compare else parts)(files, args.runs or 3)
    if len(args.tei) > 1:
        ap.error("in-process timing takes one TEI file")
    args.tei = args.tei[0] if args.tei else None
    args.runs = args.runs or 10
    return in_process(args)


if __name__ == "__main__":
    sys.exit(main())
