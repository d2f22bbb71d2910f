"""Chapter work on a Dask cluster: a LocalCluster of two worker processes builds the same
chapters as the local process pool, byte for byte, with the same manifest; an unreachable
scheduler is one line."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from teiedition.api import BuildOptions
from teiedition.cli import main
from teiedition.corpus import MANIFEST, build_many

from .corpusgen import write_corpus

distributed = pytest.importorskip("distributed")


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST, ".teiedition.lock")}


def test_a_two_worker_cluster_builds_what_the_process_pool_builds(tmp_path):
    inputs = [str(p) for p in write_corpus(tmp_path / "in", 4, notes_per_chapter=5)]
    options = BuildOptions(edition_date="2024-05-01")
    local, remote = tmp_path / "local", tmp_path / "remote"
    build_many(inputs, local, options, jobs=2, out=io.StringIO(), err=io.StringIO())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = build_many(inputs, remote, options, out=io.StringIO(), err=io.StringIO(),
                             scheduler=cluster.scheduler_address)
        assert summary.count("built") == 4 and not summary.failed
        # The manifest is kept by the build process as with the pool: nothing to redo.
        again = build_many(inputs, remote, options, out=io.StringIO(), err=io.StringIO(),
                           scheduler=cluster.scheduler_address)
        assert again.count("skipped") == 4
    assert _files(remote) == _files(local)
    manifests = [json.loads((d / MANIFEST).read_text(encoding="utf-8")) for d in (local, remote)]
    assert manifests[0] == manifests[1]


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys):
    chapter = write_corpus(tmp_path / "in", 1, notes_per_chapter=2)[0]
    code = main(["build", str(chapter), "-o", str(tmp_path / "out"), "--force",
                 "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach the Dask scheduler" in err and "Traceback" not in err
