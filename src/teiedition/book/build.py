"""Building a book: its chapters (as ``teiedition build`` builds any chapters: in parallel,
incrementally, into ``OUT/chapters/``), then the book-level files made from their TEI.

Book-level files: ``book.xml`` (validated before it is put in place), the site
(``index.html``, a page per chapter, ``bibliography.html``, ``persons.html``,
``search.html``), ``book.pdf`` and the deposit bag ``book.bag``. They depend on every
chapter, so they are made together, after the chapters, and only when something they are
made from changed: the book manifest
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .. import __version__, tei
from ..api import BuildOptions, require_tei_all
from ..corpus import Summary, build_many, output_digest, pipeline_fingerprint
from ..errors import TeieditionError, ValidationFailed
from ..fileio import clean_stale, output_directory, output_error, write_atomic, write_temp
from ..xmlsafe import parse_bytes, read_file
from .assemble import assemble
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
    with output_directory(outdir, err):
        clean_stale(outdir)
        start = time.perf_counter()
        summary = build_many([str(c) for c in spec.chapters], outdir / CHAPTERS, options, jobs=jobs,
                             force=force, out=out, err=err, scheduler=scheduler)
        result = BookResult(spec, summary, timings={"chapters": time.perf_counter() - start})
        if summary.failed:
            raise BookFailed(f"{spec.path}: the book was not made: {len(summary.failed)} chapter(s) failed")
        _book_files(spec, outdir, options, force, result, out)
    return result


def _book_files(spec: BookSpec, outdir: Path, options: BuildOptions, force: bool, result: BookResult,
                out: TextIO) -> None:
    from ..pdf import compile_typst
    from ..transform import SaxonDocument
    from .bag import book_records, make_book_bag
    from .cache import MarkupCache
    from .pdf import book_markup
    from .site import render_site, write_changed

    stems = [c.stem for c in spec.chapters]
    chapter_tei = [read_file(outdir / CHAPTERS / f"{stem}.xml") for stem in stems]
    digest = hashlib.sha256(pipeline_fingerprint().encode())
    digest.update(read_file(spec.path))
    digest.update(json.dumps(asdict(options), sort_keys=True).encode())
    for stem, data in zip(stems, chapter_tei, strict=True):
        digest.update(stem.encode() + b"\0" + hashlib.sha256(data).digest())
    fingerprint = digest.hexdigest()
    manifest_path = outdir / BOOK_MANIFEST
    recorded = _load_manifest(manifest_path)
    if not force and recorded.get("fingerprint") == fingerprint and recorded.get("outputs") and all(
            output_digest(outdir / name) == sha for name, sha in recorded["outputs"].items()):
        result.status = "skipped"
        result.outputs = [outdir / name for name in recorded["outputs"]]
        print(f"book unchanged: {outdir / 'book.xml'}", file=out)
        return

    timings = result.timings
    t = time.perf_counter()
    chapters = [parse_bytes(data, str(outdir / CHAPTERS / f"{stem}.xml")).getroot()
                for stem, data in zip(stems, chapter_tei, strict=True)]
    book = assemble(spec, chapters)
    book_bytes = tei.serialize(book)
    book_path = outdir / "book.xml"

    # The PDF's compilation, a child process for a book-sized document (pdf.py), is the
    # longest step: it starts as soon as its markup is made, and everything else (the
    # book's validation, and what runs Saxon: in this thread only, saxonche holding the
    # GIL) is done while it runs. Saxon reads the book once for all of it, and the chapters'
    # share of the markup and of the pages is kept between builds (parts.py). Nothing is
    # written before the book is valid; an invalid one (a bug) waits for the compilation.
    document = SaxonDocument(book)
    store = MarkupCache(outdir, read=not force)
    source = book_markup(book, book_bytes, document, "book.xml", options.paper, store)
    timings["tei-and-markup"] = time.perf_counter() - t
    with ThreadPoolExecutor(max_workers=1) as typesetter:
        compiled = typesetter.submit(compile_typst, source)
        t = time.perf_counter()
        _validate_into_place(book_path, book_bytes, options)
        timings["validation"] = time.perf_counter() - t
        t = time.perf_counter()
        files = render_site(book, stems, document, store)
        records = book_records(book, document, len(stems), options.bagging_date)
        timings["site"] = time.perf_counter() - t  # and the bag's records
        files["book.pdf"] = compiled.result()
    timings["pdf-after-site"] = time.perf_counter() - t - timings["site"]
    written = [book_path, *write_changed(outdir, files)]
    t = time.perf_counter()
    written.append(make_book_bag(outdir, records, book_bytes, files, dict(zip(stems, chapter_tei, strict=True))))
    timings["bag"] = time.perf_counter() - t
    store.prune()
    outputs = {p.name: output_digest(p) for p in written}
    _save_manifest(manifest_path, fingerprint, outputs)
    result.outputs = written
    for path in written:
        print(f"wrote {path}", file=out)


def _validate_into_place(path: Path, data: bytes, options: BuildOptions) -> None:
    """The book TEI is checked against the project schema (and tei_all with --tei-all) under
    a temporary name, and put in place only when valid, as a chapter's TEI is."""
    from ..validation import validate

    pending = write_temp(path, data, "unchecked")
    try:
        for schema in ("project", "tei-all") if options.tei_all else ("project",):
            report = validate(pending, schema=schema)
            if not report.ok:
                raise ValidationFailed(report.to_text().replace(str(pending), str(path)))
        try:
            same = path.is_file() and path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            try:
                pending.replace(path)
            except OSError as exc:
                raise output_error(path, exc) from None
    finally:
        pending.unlink(missing_ok=True)


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
