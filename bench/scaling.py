"""Conversion time against the number of notes: is any step superlinear?

Two series, each size converted in a fresh process (so one size's caches do not help the
next), printing wall and CPU seconds, the seconds per stage, and the growth of CPU time over the
smallest size next to the growth n log n would allow (a ratio above 1: faster than n log n):

* ``sample``: chapters of ``tests/corpusgen.py`` (the sample's notes in rotation: Ibid.
  chains, short titles and abbreviations as in a real chapter, its works repeating) of
  1,000, 2,000, 4,000 and 10,000 notes;
* ``works``: plain-text chapters in which every other note cites a work of its own and the
  next one its short title (``tests/test_build_scaling.py``), so the works grow with the
  notes: 1,000 to 9,999 notes (plain text numbers notes with up to four digits).

    python bench/scaling.py [--series sample works] [--sizes 1000 2000 4000 10000]
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_ONE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from tests.corpusgen import chapter_text
from teiedition.api import convert_text
from teiedition.tei import serialize
if sys.argv[3] == "works":
    from tests.test_build_scaling import distinct_works
    text = distinct_works(int(sys.argv[1]))
else:
    text = chapter_text(1, notes_per_chapter=int(sys.argv[1]))
timings = {}
start, cpu = time.perf_counter(), time.process_time()
tree, chapter = convert_text(text, "scaling.txt", timings=timings)
serialize(tree)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "timings": timings, "notes": len(chapter.notes),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(notes: int, series: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _ONE, str(notes), str(ROOT), series], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", nargs="+", choices=("sample", "works"), default=["sample", "works"])
    ap.add_argument("--sizes", type=int, nargs="+", help="note counts (default: per series)")
    args = ap.parse_args()
    for series in args.series:
        sizes = args.sizes or ([1000, 2000, 4000, 10000] if series == "sample"
                               else [1000, 2000, 4000, 9999])
        print(f"\nseries {series}")
        print(f"{'notes':>7} {'wall s':>8} {'CPU s':>7} {'read':>6} {'cit.':>7} {'tei':>6} {'RSS MB':>7} "
              f"{'growth':>7} {'nlogn':>7} {'ratio':>6}")
        rows: list[tuple[int, dict]] = []
        for n in sizes:
            r = measure(n, series)
            # Growth of CPU time: on a shared machine the wall time also counts waits for a core.
            base_n, base_t = (rows[0][0], rows[0][1]["cpu"]) if rows else (n, r["cpu"])
            growth = r["cpu"] / base_t
            allowed = (n * math.log(n)) / (base_n * math.log(base_n))
            rows.append((n, r))
            t = r["timings"]
            print(f"{n:>7} {r['wall']:>8.2f} {r['cpu']:>7.2f} {t.get('read', 0):>6.2f} {t.get('citations', 0):>7.2f} "
                  f"{t.get('tei', 0):>6.2f} {r['rss_mb']:>7.0f} {growth:>7.2f} {allowed:>7.2f} "
                  f"{growth / allowed:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
