"""Building many chapters: input expansion, parallel workers, an incremental manifest, a summary.

The manifest (``OUT/.teiedition-manifest.json``) records, per input, the fingerprint of what
built it (the input's bytes, the options, and the pipeline's own code, stylesheets and schemas)
and the outputs. It is rewritten atomically after every finished chapter, so a build that is
killed half-way leaves a manifest that describes exactly the outputs that are complete.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from . import __version__
from .api import BuildOptions, build, sample_path
from .errors import InputError, TeieditionError
from .fileio import write_atomic

MANIFEST = ".teiedition-manifest.json"


@dataclass
class ChapterOutcome:
    source: str
    status: str  # built, skipped, failed
    outputs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Summary:
    outcomes: list[ChapterOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[ChapterOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def expand_inputs(specs: list[str]) -> list[Path]:
    """Files, directories (``*.txt`` below them) and glob patterns, in a stable order."""
    if not specs:
        return [sample_path()]
    found: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(spec):
            matches = sorted(Path(m) for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError(spec, "the pattern matches no file")
            found.extend(matches)
        else:
            raise InputError(spec, "no such file or directory")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    stems: dict[str, Path] = {}
    for path in unique:
        if path.stem in stems:
            raise InputError(str(path), f"has the same name as {stems[path.stem]}; their outputs "
                             "would overwrite each other (build them into different directories)")
        stems[path.stem] = path
    return unique


@functools.cache
def pipeline_fingerprint() -> str:
    """A digest of the code, stylesheets and schemas, so any change to them rebuilds."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    # rglob does not descend into the xslt/ and schemas/ symlinks, so they are listed.
    roots = [package, package / "xslt", package / "schemas"]
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".xsl", ".xsd", ".sch", ".typ", ".ttf", ".otf"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _fingerprint(path: Path, options: BuildOptions) -> str:
    digest = hashlib.sha256(pipeline_fingerprint().encode())
    digest.update(json.dumps(asdict(options), sort_keys=True).encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()


def _build_one(source: str, outdir: str, options: BuildOptions) -> ChapterOutcome:
    """Runs in a worker: one chapter, every error turned into an outcome."""
    start = time.perf_counter()
    try:
        result = build(Path(source), Path(outdir), options)
    except TeieditionError as exc:
        return ChapterOutcome(source, "failed", error=str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug must not stop the other chapters; it is reported as one
        return ChapterOutcome(source, "failed", error=f"{source}: internal error: "
                              f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - start)
    return ChapterOutcome(
        source, "built", [str(p) for p in result.outputs],
        [f"{source}{f':{w.line}' if w.line else ''}: warning: {w.message}" for w in result.warnings],
        seconds=time.perf_counter() - start, timings=result.timings)


def _load_manifest(path: Path, err: TextIO) -> dict:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["chapters"] if isinstance(data.get("chapters"), dict) else {}
    except (OSError, ValueError, KeyError, AttributeError):
        print(f"teiedition: {path}: unreadable build manifest, rebuilding everything", file=err)
        return {}


def _save_manifest(path: Path, chapters: dict) -> None:
    data = {"teiedition": __version__, "chapters": dict(sorted(chapters.items()))}
    write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())


class _Progress:
    """A progress bar on a terminal, one plain line per chapter elsewhere (logs, CI)."""

    def __init__(self, total: int, stream: TextIO):
        self.stream = stream
        self.bar = None
        if total and stream.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, file=stream, unit="chapter", leave=False)
        self.done, self.total = 0, total

    def update(self, outcome: ChapterOutcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        else:
            print(f"[{self.done}/{self.total}] {outcome.status} {Path(outcome.source).name} "
                  f"({outcome.seconds:.2f} s)", file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build_many(specs: list[str], outdir: Path, options: BuildOptions | None = None, *,
               jobs: int | None = None, force: bool = False, out: TextIO = sys.stdout,
               err: TextIO = sys.stderr) -> Summary:
    options = options or BuildOptions()
    inputs = expand_inputs(specs)
    outdir.mkdir(parents=True, exist_ok=True)
    # Temporary files and directories of an earlier build that was killed mid-write: every
    # writer (fileio.write_atomic, api.build, archive.make_bag) names them ".<name>.….tmp".
    for stale in outdir.glob(".*.tmp"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink()
    manifest_path = outdir / MANIFEST
    manifest = _load_manifest(manifest_path, err)
    summary = Summary()
    todo: list[tuple[Path, str]] = []
    for path in inputs:
        fingerprint = _fingerprint(path, options)
        entry = manifest.get(str(path))
        if not force and entry and entry.get("fingerprint") == fingerprint and \
                all(Path(o).exists() for o in entry.get("outputs", [])):
            summary.outcomes.append(ChapterOutcome(str(path), "skipped", entry["outputs"]))
        else:
            todo.append((path, fingerprint))
    fingerprints = {str(p): f for p, f in todo}

    def finish(outcome: ChapterOutcome) -> None:
        summary.outcomes.append(outcome)
        if outcome.status == "built":
            manifest[outcome.source] = {"fingerprint": fingerprints[outcome.source],
                                        "outputs": outcome.outputs}
        else:
            manifest.pop(outcome.source, None)
        _save_manifest(manifest_path, manifest)
        for line in outcome.warnings:
            print(line, file=err)
        for output in outcome.outputs:
            print(f"wrote {output}", file=out)
        if outcome.error:
            print(f"teiedition: {outcome.error}", file=err)
        progress.update(outcome)

    progress = _Progress(len(todo), err)
    jobs = max(1, jobs or os.cpu_count() or 1)
    try:
        if jobs == 1 or len(todo) <= 1:
            for path, _ in todo:
                finish(_build_one(str(path), str(outdir), options))
        else:
            _run_pool(todo, outdir, options, min(jobs, len(todo)), finish)
    finally:
        progress.close()
    _print_summary(summary, out)
    return summary


def _run_pool(todo: list[tuple[Path, str]], outdir: Path, options: BuildOptions, jobs: int,
              finish) -> None:
    # Spawned, not forked: a fork of a process that has started Saxon's native runtime can
    # deadlock in the child, and the parent may have (tests, an embedding application).
    # Workers ignore Ctrl-C: the build process alone stops on it, cancels what has not started
    # and lets the chapters in progress finish their writes, so nothing is left half-done.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_ignore_interrupts) as pool:
        pending: set[Future] = {pool.submit(_build_one, str(p), str(outdir), options) for p, _ in todo}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    finish(future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _print_summary(summary: Summary, out: TextIO) -> None:
    warnings = sum(len(o.warnings) for o in summary.outcomes)
    print(f"{'built':>8} {'skipped':>8} {'failed':>8} {'warnings':>8}", file=out)
    print(f"{summary.count('built'):>8} {summary.count('skipped'):>8} {summary.count('failed'):>8} "
          f"{warnings:>8}", file=out)
    for outcome in summary.failed:
        print(f"failed: {outcome.source}", file=out)
