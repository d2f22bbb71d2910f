"""In-process time to render the sample's TEI to PDF (print edition) and to HTML (web edition).

    python bench/render.py [TEI] [--runs N]

Prints, per format: the first render (compiles the stylesheet: what one CLI call pays) and
the median of N warm renders (what a build of many files pays per file), plus output size.
The print edition's budget (issue 6) is under one second for the sample.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from teiedition.transform import RENDERERS, render  # noqa: E402

BUDGET_PDF_S = 1.0


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tei", nargs="?", type=Path,
                    help="TEI file (default: the bundled sample, converted now by the library)")
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
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
    # The web edition is measured when its stylesheet exists (written alongside this one).
    for fmt in [f for f in ("pdf", "html") if f in RENDERERS]:
        if fmt == "html" and not (ROOT / "xslt" / "html.xsl").exists():
            continue
        first, warm, size = bench(args.tei, fmt, args.runs)
        line = f"{fmt:5} first {first * 1000:7.1f} ms   warm median {warm * 1000:7.1f} ms   {size / 1024:7.1f} KiB"
        if fmt == "pdf":
            ok = first < BUDGET_PDF_S
            line += f"   budget {BUDGET_PDF_S:.0f} s: {'ok' if ok else 'OVER'}"
            status = status or (0 if ok else 1)
        print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
