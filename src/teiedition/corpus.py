"""Building many chapters: input expansion, parallel workers, an incremental manifest, a summary.

The manifest (``OUT/.teiedition-manifest.json``) records, per input, the fingerprint of what
built it (the input's bytes, the options, and the pipeline's own code, stylesheets and schemas)
and the outputs, relative to ``OUT``, with their sha256. It is rewritten atomically after every
finished chapter, so a build that is killed half-way leaves a manifest that describes exactly
the outputs that are complete; a chapter is skipped only when its outputs are there with the
recorded hashes. A build holds a lock on ``OUT`` (``OUT/.teiedition.lock``): a second build
into the same directory waits for the first.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from . import __version__, tei_input
from .api import BuildOptions, build, require_tei_all, sample_path
from .errors import InputError, TeieditionError
from .fileio import clean_stale, output_directory, write_atomic

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


def expand_inputs(specs: list[str], exclude: list[Path] | None = None) -> list[Path]:
    """Files, directories (every chapter and TEI file below them, not inside ``exclude``:
    ``tei_input.chapter_files``) and glob patterns, in a stable order."""
    if not specs:
        return [sample_path()]
    found: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.extend(tei_input.chapter_files(path, exclude or []))
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


def _build_one(source: str, outdir: str, options: BuildOptions, force: bool = False,
               recorded: frozenset[str] = frozenset(),
               on_tei: Callable[[Path], None] | None = None) -> ChapterOutcome:
    """Runs in a worker: one chapter, every error turned into an outcome. ``on_tei``: as
    ``api.build``'s, in-process builds only."""
    start = time.perf_counter()
    try:
        result = build(Path(source), Path(outdir), options, force=force, recorded=recorded, on_tei=on_tei)
    except TeieditionError as exc:
        return ChapterOutcome(source, "failed", error=str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001  # a bug must not stop the other chapters; it is reported as one
        return ChapterOutcome(source, "failed", error=f"{source}: internal error: "
                              f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - start)
    return ChapterOutcome(
        source, "built", [str(p) for p in result.outputs],
        [f"{source}{f':{w.line}' if w.line else ''}: warning: {w.message}" for w in result.warnings],
        seconds=time.perf_counter() - start, timings=result.timings)


class _Manifest:
    """The manifest of an output directory: per input (its absolute path), the fingerprint
    that built it and its outputs by name relative to the directory, each with its sha256.

    Relative names: the same directory reached from another working directory is the same
    build. Hashes: an entry is trusted only when every output it names is there with the
    recorded content, so a forged or stale entry makes its chapter rebuild, never skip.
    """

    FORMAT = 2

    def __init__(self, path: Path, chapters: dict[str, dict]):
        self.path = path
        self.chapters = chapters

    @classmethod
    def load(cls, path: Path, lenient: bool) -> _Manifest:
        """Read ``path``; one that is not a manifest this tool wrote is an input error (exit 2,
        one line), unless ``lenient`` (``--force``): then its readable entries are kept."""
        if not os.path.lexists(path):
            return cls(path, {})
        if path.is_symlink() or not path.is_file():
            raise InputError(str(path), "the build manifest is not a regular file; remove it")

        def refuse(cause: str) -> _Manifest:
            if lenient:
                return cls(path, {})
            raise InputError(str(path), f"not a build manifest teiedition wrote: {cause}; "
                             "remove it, or rebuild with --force")

        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                return refuse(f"larger than {MAX_MANIFEST_BYTES} bytes")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return refuse(f"unreadable ({exc})")
        chapters = data.get("chapters") if isinstance(data, dict) else None
        if not isinstance(chapters, dict):
            return refuse("no 'chapters' object")
        kept = {}
        for key, entry in chapters.items():
            problem = _entry_problem(entry)
            if problem is None:
                kept[key] = entry
            elif not lenient:
                return refuse(f"the entry for {key} {problem}")
        return cls(path, kept)

    def trusted(self, source: str, fingerprint: str, outdir: Path) -> list[Path] | None:
        """The outputs of ``source`` when its entry was made with ``fingerprint`` and every
        output it names is in ``outdir`` with its recorded hash; else None (rebuild)."""
        entry = self.chapters.get(source)
        if not entry or entry.get("fingerprint") != fingerprint or not isinstance(entry["outputs"], dict):
            return None
        outputs = []
        for name, digest in entry["outputs"].items():
            path = outdir / name
            if not _inside(path, outdir) or output_digest(path) != digest:
                return None
            outputs.append(path)
        return outputs

    def record(self, source: str, fingerprint: str, outputs: list[Path], outdir: Path) -> None:
        self.chapters[source] = {
            "fingerprint": fingerprint,
            "outputs": {os.path.relpath(o, outdir): output_digest(o) for o in outputs}}

    def save(self) -> None:
        data = {"teiedition": __version__, "format": self.FORMAT,
                "chapters": dict(sorted(self.chapters.items()))}
        write_atomic(self.path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())


#: A manifest larger than this is not one the tool wrote (about 2,000,000 chapters' worth).
MAX_MANIFEST_BYTES = 512 * 1024 * 1024


def _entry_problem(entry: object) -> str | None:
    """Why a manifest entry is not one this tool wrote, or None. Entries of the first format
    (outputs as a list of paths, no hashes) are readable, and never trusted."""
    if not isinstance(entry, dict):
        return f"is a {type(entry).__name__}, not an object"
    if not isinstance(entry.get("fingerprint"), str):
        return "has no fingerprint"
    outputs = entry.get("outputs")
    if isinstance(outputs, dict):
        if all(isinstance(k, str) and isinstance(v, str) for k, v in outputs.items()):
            return None
    elif isinstance(outputs, list) and all(isinstance(o, str) for o in outputs):
        return None
    return f"has outputs {json.dumps(outputs)[:40]}, not a list of output files"


def _inside(path: Path, outdir: Path) -> bool:
    """A manifest names outputs inside its directory only (not '../elsewhere')."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(outdir))
    return rel != ".." and not rel.startswith(".." + os.sep) and not os.path.isabs(rel)


def output_digest(path: Path) -> str | None:
    """The sha256 of an output file, or of a directory (a bag: every file's relative path and
    content, in order); None when it is missing, a symlink or unreadable."""
    try:
        if path.is_symlink():
            return None
        if path.is_file():
            return _file_digest(path)
        if not path.is_dir():
            return None
        digest = hashlib.sha256(b"dir\0")
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                member = Path(root) / name
                if member.is_symlink():
                    return None
                digest.update(os.path.relpath(member, path).encode() + b"\0")
                digest.update(_file_digest(member).encode())
        return digest.hexdigest()
    except OSError:
        return None


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
               err: TextIO = sys.stderr, scheduler: str | None = None,
               on_last_tei: Callable[[Path], None] | None = None) -> Summary:
    """Build chapters into ``outdir``: in-process, in a local process pool (``jobs``), or on
    the Dask cluster whose scheduler is at ``scheduler`` (teiedition.cluster).

    ``on_last_tei`` is called with the last chapter's TEI path as soon as it is in place
    (``api.build``'s ``on_tei``), when the chapters are built in this process, one after
    the other: then every other chapter is done, and a book can begin its own work beside
    that chapter's other outputs (book/build.py). Not called otherwise."""
    options = options or BuildOptions()
    if options.tei_all:
        require_tei_all()  # before any work: --tei-all never passes without tei_all
    inputs = expand_inputs(specs, exclude=[outdir])
    # One build at a time per directory: a second one waits, then finds the first one's
    # chapters in the manifest and skips them.
    with output_directory(outdir, err):
        return _build_locked(inputs, outdir, options, jobs, force, out, err, scheduler, on_last_tei)


def _build_locked(inputs: list[Path], outdir: Path, options: BuildOptions, jobs: int | None,
                  force: bool, out: TextIO, err: TextIO, scheduler: str | None = None,
                  on_last_tei: Callable[[Path], None] | None = None) -> Summary:
    # What killed builds left (temporary files of processes that are gone; a live writer's
    # are left alone, and so is anything the tool did not name).
    clean_stale(outdir)
    manifest = _Manifest.load(outdir / MANIFEST, lenient=force)
    summary = Summary()
    todo: list[tuple[Path, str]] = []
    for path in inputs:
        fingerprint = _fingerprint(path, options)
        trusted = None if force else manifest.trusted(str(path), fingerprint, outdir)
        if trusted is not None:
            summary.outcomes.append(ChapterOutcome(str(path), "skipped", [str(o) for o in trusted]))
        else:
            todo.append((path, fingerprint))
    fingerprints = {str(p): f for p, f in todo}
    # What the manifest says teiedition wrote at each TEI output: those bytes may be replaced;
    # a hand correction may not, unless --force (handedit).
    recorded = {str(p): frozenset(tei_input.recorded_digests(manifest.chapters, outdir / f"{p.stem}.xml"))
                for p, _ in todo}

    def finish(outcome: ChapterOutcome) -> None:
        summary.outcomes.append(outcome)
        if outcome.status == "built":
            manifest.record(outcome.source, fingerprints[outcome.source],
                            [Path(o) for o in outcome.outputs], outdir)
        else:
            manifest.chapters.pop(outcome.source, None)
        manifest.save()
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
        if scheduler and todo:
            from .cluster import run_on_dask
            run_on_dask(scheduler, todo, outdir, options, finish, force, recorded)
        elif jobs == 1 or len(todo) <= 1:
            for i, (path, _) in enumerate(todo):
                last = on_last_tei if i == len(todo) - 1 else None
                finish(_build_one(str(path), str(outdir), options, force, recorded[str(path)], on_tei=last))
        else:
            _run_pool(todo, outdir, options, min(jobs, len(todo)), finish, force, recorded)
    finally:
        progress.close()
    _print_summary(summary, out)
    return summary


def _run_pool(todo: list[tuple[Path, str]], outdir: Path, options: BuildOptions, jobs: int,
              finish, force: bool = False, recorded: dict[str, frozenset[str]] | None = None) -> None:
    # Spawned, not forked: a fork of a process that has started Saxon's native runtime can
    # deadlock in the child, and the parent may have (tests, an embedding application).
    # Workers ignore Ctrl-C: the build process alone stops on it, cancels what has not started
    # and lets the chapters in progress finish their writes, so nothing is left half-done.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_ignore_interrupts) as pool:
        pending: set[Future] = {pool.submit(_build_one, str(p), str(outdir), options, force,
                                            (recorded or {}).get(str(p), frozenset()))
                                for p, _ in todo}
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
