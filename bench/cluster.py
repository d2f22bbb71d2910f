"""Chapter work on a two-worker Dask LocalCluster against the local process pool (2 jobs):
wall time for N generated chapters each, and whether the outputs are byte-identical.

    python bench/cluster.py [--chapters 2000]
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from teiedition.api import BuildOptions
from teiedition.corpus import MANIFEST, build_many
from tests.corpusgen import write_corpus


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST, ".teiedition.lock")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chapters", type=int, default=2000)
    args = parser.parse_args()
    import distributed
    with tempfile.TemporaryDirectory() as tmp:
        inputs = [str(p) for p in write_corpus(Path(tmp) / "in", args.chapters)]
        options = BuildOptions(edition_date="2024-05-01")
        start = time.perf_counter()
        build_many(inputs, Path(tmp) / "pool", options, jobs=2, out=io.StringIO(), err=io.StringIO())
        pool = time.perf_counter() - start
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            start = time.perf_counter()
            build_many(inputs, Path(tmp) / "dask", options, out=io.StringIO(), err=io.StringIO(),
                       scheduler=cluster.scheduler_address)
            dask = time.perf_counter() - start
        same = _files(Path(tmp) / "pool") == _files(Path(tmp) / "dask")
        print(f"{args.chapters} chapters: process pool (2 jobs) {pool:.1f} s, LocalCluster (2 workers) "
              f"{dask:.1f} s, ratio {dask / pool:.2f}, outputs identical: {same}")


if __name__ == "__main__":
    main()
