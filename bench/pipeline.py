"""End-to-end pipeline benchmark: prints a table and writes the numbers as JSON.

For the sample: seconds per stage (read, citations, TEI, validation, HTML, PDF, package),
the median of several in-process builds after one warm-up. For a generated corpus of
chapters: wall time with 1 and 2 jobs, the same build again with nothing changed, peak memory
(max RSS of the build process and of each worker), and the floor of the same work (lxml
parsing and serializing the TEI the build wrote) with the ratio to it.

    python bench/pipeline.py [--chapters 200] [--repeat 5] [--json bench/results/pipeline.json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from teiedition.api import build, sample_path
from tests.corpusgen import write_corpus

# Each corpus build runs in its own process so that its peak memory is its own.
_MEASURE = r"""
import json, resource, sys, time, io
from pathlib import Path
from teiedition.corpus import build_many
start = time.perf_counter()
summary = build_many([sys.argv[1]], Path(sys.argv[2]), jobs=int(sys.argv[3]),
                     out=io.StringIO(), err=io.StringIO())
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "built": summary.count("built"), "skipped": summary.count("skipped"),
                  "failed": summary.count("failed"),
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _corpus_build(src: Path, out: Path, jobs: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(src), str(out), str(jobs)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def sample_stages(repeat: int) -> dict[str, float]:
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        build(sample_path(), Path(tmp))  # warm-up: stylesheets compiled, fonts loaded
        for _ in range(repeat):
            runs.append(build(sample_path(), Path(tmp)).timings)
    stages = sorted({s for r in runs for s in r})
    result = {s: statistics.median(r.get(s, 0.0) for r in runs) for s in stages}
    result["total"] = statistics.median(sum(r.values()) for r in runs)
    return result


def floor_seconds(out: Path) -> float:
    start = time.perf_counter()
    for path in sorted(out.glob("*.xml")):
        etree.tostring(etree.parse(str(path)))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args(argv)

    results: dict = {"sample_stage_seconds": sample_stages(args.repeat)}
    print("sample chapter, seconds per stage (median of", args.repeat, "builds)")
    for stage, seconds in results["sample_stage_seconds"].items():
        print(f"  {stage:<12} {seconds:8.4f}")

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus"
        write_corpus(src, args.chapters)
        corpus: dict = {"chapters": args.chapters}
        for jobs in (1, 2):
            out = Path(tmp) / f"out-{jobs}"
            run = _corpus_build(src, out, jobs)
            again = _corpus_build(src, out, jobs)
            corpus[f"jobs_{jobs}"] = {
                "wall_seconds": run["wall"], "chapters_per_second": args.chapters / run["wall"],
                "failed": run["failed"], "peak_mb_build_process": run["self_mb"],
                "peak_mb_worker": run["workers_mb"], "unchanged_rebuild_seconds": again["wall"],
                "unchanged_skipped": again["skipped"]}
        floor = floor_seconds(Path(tmp) / "out-1")
        corpus["floor_seconds_lxml_parse_serialize"] = floor
        corpus["ratio_to_floor_jobs_1"] = corpus["jobs_1"]["wall_seconds"] / floor
    results["corpus"] = corpus

    print(f"\ncorpus of {args.chapters} generated chapters")
    print(f"  {'jobs':<6}{'wall s':>9}{'ch/s':>8}{'peak MB':>9}{'worker MB':>11}{'again s':>9}{'failed':>8}")
    for jobs in (1, 2):
        r = corpus[f"jobs_{jobs}"]
        print(f"  {jobs:<6}{r['wall_seconds']:9.2f}{r['chapters_per_second']:8.1f}"
              f"{r['peak_mb_build_process']:9.0f}{r['peak_mb_worker']:11.0f}"
              f"{r['unchanged_rebuild_seconds']:9.2f}{r['failed']:8d}")
    print(f"  floor (lxml parse+serialize of the same TEI): {floor:.3f} s; "
          f"ratio with 1 job: {corpus['ratio_to_floor_jobs_1']:.0f}x")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
