"""Building a book: its chapters (as ``teiedition build`` builds any chapters: in parallel,
incrementally, into ``OUT/chapters/``), then the book-level files made from their TEI.

Book-level files: ``book.xml`` (validated before it is put in place), the site
(``index.html``, a page per chapter, ``bibliography.html``, ``persons.html``,
``search.html``), ``book.pdf`` and the deposit bag ``book.bag``. They depend on every
chapter, so they are made together, after the chapters (the book PDF's compilation begins
beside the last chapter when chapters are built in this process: _Early), and only when
something they are made from changed: the book manifest
(``OUT/.teiedition-book.json``) records the digest of their inputs (the book description,
the options, the pipeline's code, stylesheets and schemas, and each chapter's TEI) and of
each output. An unchanged book with intact outputs is skipped; a changed one rewrites only
the files whose bytes differ. The output directory is locked for the whole build.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TextIO

from lxml import etree

from .. import __version__, tei
from ..api import BuildOptions, require_tei_all
from ..corpus import Summary, build_many, output_digest, pipeline_fingerprint
from ..errors import TeieditionError, ValidationFailed
from ..fileio import clean_stale, output_directory, write_atomic, write_checked
from ..pdf import compile_typst
from ..transform import SaxonDocument
from ..xmlsafe import parse_bytes, read_file
from .assemble import assemble
from .bag import book_records, make_book_bag
from .cache import MarkupCache
from .pdf import book_markup
from .site import render_site, write_changed
from .spec import BookSpec, load_book

BOOK_MANIFEST = ".teiedition-book.json"
CHAPTERS = "chapters"


class BookFailed(TeieditionError):
    """A chapter failed, so the book was not made (exit 1); the chapter's error was reported."""

    exit_code = 1


@dataclass
class BookResult:
    spec: BookSpec
    chapters: Summary
    status: str = "built"  # built, skipped
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def build_book(path: Path, outdir: Path, options: BuildOptions | None = None, *, jobs: int | None = None,
               force: bool = False, out: TextIO = sys.stdout, err: TextIO = sys.stderr,
               scheduler: str | None = None) -> BookResult:
    spec = load_book(path)
    options = options or BuildOptions()
    if options.tei_all:
        require_tei_all()
    # The book's date dates the chapters' editions too (and so their deposit packages),
    # unless --edition-date says otherwise.
    options = replace(options, edition_date=options.edition_date or spec.edition_date)
    with output_directory(outdir, err), _Early(spec, outdir, options, force) as early:
        clean_stale(outdir)
        start = time.perf_counter()
        summary = build_many([str(c) for c in spec.chapters], outdir / CHAPTERS, options, jobs=jobs,
                             force=force, out=out, err=err, scheduler=scheduler, on_last_tei=early.begin)
        result = BookResult(spec, summary, timings={"chapters": time.perf_counter() - start})
        if summary.failed:
            raise BookFailed(f"{spec.path}: the book was not made: {len(summary.failed)} chapter(s) failed")
        _book_files(spec, outdir, options, force, result, out, early)
    return result


@dataclass
class _Begun:
    """The book's TEI and PDF markup, made from the chapters' TEI whose digest is
    ``fingerprint``, and the PDF's compilation running."""

    fingerprint: str
    book: etree._ElementTree
    book_bytes: bytes
    document: SaxonDocument
    store: MarkupCache
    compiled: Future[bytes]
    seconds: float


class _Early:
    """The book PDF's compilation (the longest step of the book's own work) begun while the
    last chapter makes its HTML, PDF, review list and bag: when chapters are built in this
    process, one after the other, the book's TEI and PDF markup are made as soon as the last
    chapter's TEI is in place (``build_many``'s ``on_last_tei``), and Typst compiles in its
    child process while this one goes on. :func:`_book_files` uses that work when the
    chapters' TEI are still what it was made from, and otherwise makes it again; a failure
    here is only noted, and met again there, as the book's (never as the chapter's)."""

    def __init__(self, spec: BookSpec, outdir: Path, options: BuildOptions, force: bool) -> None:
        self.spec, self.outdir, self.options, self.force = spec, outdir, options, force
        self.typesetter = ThreadPoolExecutor(max_workers=1)
        self.begun: _Begun | None = None

    def __enter__(self) -> _Early:
        return self

    def __exit__(self, *exc: object) -> None:
        self.typesetter.shutdown(wait=True)  # a compilation running ends before the build does

    def begin(self, _tei: Path) -> None:
        try:
            start = time.perf_counter()
            stems, chapter_tei, fingerprint = _inputs(self.spec, self.outdir, self.options)
            if not self.force and _unchanged(self.outdir, fingerprint):
                return
            self.begun = _typeset(self.spec, self.outdir, self.options, self.force, stems, chapter_tei,
                                  fingerprint, self.typesetter, start)
        except Exception:  # noqa: BLE001  # met again, and reported, as the book's own error
            self.begun = None

    def take(self, fingerprint: str) -> _Begun | None:
        """The work begun, if it was made from these chapters."""
        begun, self.begun = self.begun, None
        return begun if begun is not None and begun.fingerprint == fingerprint else None


def _inputs(spec: BookSpec, outdir: Path, options: BuildOptions) -> tuple[list[str], list[bytes], str]:
    """The chapters' stems and TEI, and the digest of everything the book is made from."""
    stems = [c.stem for c in spec.chapters]
    chapter_tei = [read_file(outdir / CHAPTERS / f"{stem}.xml") for stem in stems]
    digest = hashlib.sha256(pipeline_fingerprint().encode())
    digest.update(read_file(spec.path))
    digest.update(json.dumps(asdict(options), sort_keys=True).encode())
    for stem, data in zip(stems, chapter_tei, strict=True):
        digest.update(stem.encode() + b"\0" + hashlib.sha256(data).digest())
    return stems, chapter_tei, digest.hexdigest()


def _unchanged(outdir: Path, fingerprint: str) -> dict | None:
    """The book manifest, when it records these inputs and outputs still intact."""
    recorded = _load_manifest(outdir / BOOK_MANIFEST)
    if recorded.get("fingerprint") == fingerprint and recorded.get("outputs") and all(
            output_digest(outdir / name) == sha for name, sha in recorded["outputs"].items()):
        return recorded
    return None


def _typeset(spec: BookSpec, outdir: Path, options: BuildOptions, force: bool, stems: list[str],
             chapter_tei: list[bytes], fingerprint: str, typesetter: ThreadPoolExecutor, start: float) -> _Begun:
    """The book's TEI and PDF markup, and the PDF's compilation started in ``typesetter``.

    The compilation, a child process for a book-sized document (pdf.py), is the longest
    step: it starts as soon as its markup is made, and everything else (the book's
    validation, and what runs Saxon: in this thread only, saxonche holding the GIL) is done
    while it runs. Saxon reads the book once for all of it, and the chapters' share of the
    markup and of the pages is kept between builds (parts.py)."""
    chapters = [parse_bytes(data, str(outdir / CHAPTERS / f"{stem}.xml")).getroot()
                for stem, data in zip(stems, chapter_tei, strict=True)]
    book = assemble(spec, chapters)
    book_bytes = tei.serialize(book)
    document = SaxonDocument(book)
    store = MarkupCache(outdir, read=not force)
    source = book_markup(book, book_bytes, document, "book.xml", options.paper, store)
    compiled = typesetter.submit(compile_typst, source)
    return _Begun(fingerprint, book, book_bytes, document, store, compiled, time.perf_counter() - start)


def _book_files(spec: BookSpec, outdir: Path, options: BuildOptions, force: bool, result: BookResult,
                out: TextIO, early: _Early) -> None:
    stems, chapter_tei, fingerprint = _inputs(spec, outdir, options)
    begun = early.take(fingerprint)
    recorded = None if force else _unchanged(outdir, fingerprint)
    if recorded is not None:
        result.status = "skipped"
        result.outputs = [outdir / name for name in recorded["outputs"]]
        print(f"book unchanged: {outdir / 'book.xml'}", file=out)
        return

    timings = result.timings
    if begun is None:
        begun = _typeset(spec, outdir, options, force, stems, chapter_tei, fingerprint, early.typesetter,
                         time.perf_counter())
    timings["tei-and-markup"] = begun.seconds
    book, book_bytes, document, store = begun.book, begun.book_bytes, begun.document, begun.store
    book_path = outdir / "book.xml"
    # Nothing is written before the book is valid; an invalid one (a bug) waits for the
    # compilation, which the typesetter's owner (_Early) lets finish.
    t = time.perf_counter()
    _validate_into_place(book_path, book_bytes, options)
    timings["validation"] = time.perf_counter() - t
    t = time.perf_counter()
    files = render_site(book, stems, document, store)
    records = book_records(book, document, len(stems), options.bagging_date)
    timings["site"] = time.perf_counter() - t  # and the bag's records
    files["book.pdf"] = begun.compiled.result()
    timings["pdf-after-site"] = time.perf_counter() - t - timings["site"]
    written = [book_path, *write_changed(outdir, files)]
    t = time.perf_counter()
    written.append(make_book_bag(outdir, records, book_bytes, files, dict(zip(stems, chapter_tei, strict=True))))
    timings["bag"] = time.perf_counter() - t
    store.prune()
    outputs = {p.name: output_digest(p) for p in written}
    _save_manifest(outdir / BOOK_MANIFEST, fingerprint, outputs)
    result.outputs = written
    for path in written:
        print(f"wrote {path}", file=out)


def _validate_into_place(path: Path, data: bytes, options: BuildOptions) -> None:
    """The book TEI is checked against the project schema (and tei_all with --tei-all) under
    a temporary name, and put in place only when valid, as a chapter's TEI is."""
    from ..validation import validate

    def check(pending: Path) -> None:
        for schema in ("project", "tei-all") if options.tei_all else ("project",):
            report = validate(pending, schema=schema)
            if not report.ok:
                raise ValidationFailed(report.to_text().replace(str(pending), str(path)))

    try:
        same = path.is_file() and path.read_bytes() == data
    except OSError:
        same = False
    write_checked(path, data, check, replace=not same)


def _load_manifest(path: Path) -> dict:
    """The book manifest, or {} when there is none or it is not one this tool wrote (the
    book is then rebuilt: a manifest only ever saves work, it never vouches for a file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict) \
            or not all(isinstance(k, str) and "/" not in k and isinstance(v, str) for k, v in data["outputs"].items()):
        return {}
    return data


def _save_manifest(path: Path, fingerprint: str, outputs: dict[str, str | None]) -> None:
    data = {"teiedition": __version__, "fingerprint": fingerprint, "outputs": dict(sorted(outputs.items()))}
    write_atomic(path, (json.dumps(data, indent=1) + "\n").encode())
