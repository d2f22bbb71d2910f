"""Conversion time against the number of notes: is any step superlinear?

Converts generated chapters (``tests/corpusgen.py``: the sample's notes in rotation, so the
Ibid. chains, short titles and works repeat as in a real chapter) of 1,000, 2,000, 4,000 and
10,000 notes, each in a fresh process (so one size's caches do not help the next), and prints
the seconds per stage and, for each size, the growth over the smallest size next to the growth
n log n would allow. A ratio column above 1 means growth faster than n log n.

    python bench/scaling.py [--sizes 1000 2000 4000 10000]
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
text = chapter_text(1, notes_per_chapter=int(sys.argv[1]))
timings = {}
start = time.perf_counter()
tree, chapter = convert_text(text, "scaling.txt", timings=timings)
serialize(tree)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "timings": timings, "notes": len(chapter.notes),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(notes: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _ONE, str(notes), str(ROOT)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 10000])
    args = ap.parse_args()
    rows = []
    print(f"{'notes':>7} {'wall s':>8} {'read':>6} {'cit.':>7} {'tei':>6} {'RSS MB':>7} "
          f"{'growth':>7} {'nlogn':>7} {'ratio':>6}")
    for n in args.sizes:
        r = measure(n)
        base_n, base_t = (rows[0][0], rows[0][1]["wall"]) if rows else (n, r["wall"])
        growth = r["wall"] / base_t
        allowed = (n * math.log(n)) / (base_n * math.log(base_n))
        rows.append((n, r))
        t = r["timings"]
        print(f"{n:>7} {r['wall']:>8.2f} {t.get('read', 0):>6.2f} {t.get('citations', 0):>7.2f} "
              f"{t.get('tei', 0):>6.2f} {r['rss_mb']:>7.0f} {growth:>7.2f} {allowed:>7.2f} "
              f"{growth / allowed:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
