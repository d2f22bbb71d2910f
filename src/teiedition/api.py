"""The public API: convert, build. One-way flow: reader -> citations -> TEI -> outputs."""
from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from lxml import etree

from . import fidelity, handedit, readers, tei, tei_input
from .citations import parse_citations
from .errors import FidelityError
from .fileio import check_file_output, write_atomic
from .model import Chapter, Problem
from .sourcefile import check_xml_characters

SAMPLE_NAME = "roberts-1995-rapallo.txt"


def sample_path() -> Path:
    """The bundled sample chapter (shipped as package data)."""
    return Path(str(resources.files("teiedition") / "data" / SAMPLE_NAME))


@contextmanager
def _timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def convert_text(text: str, name: str, fmt: str | None = None, edition_date: str | None = None,
                 encoding: str = "utf-8", timings: dict[str, float] | None = None,
                 data: bytes | None = None) -> tuple[etree._ElementTree, Chapter]:
    """Chapter text -> TEI tree, checked for fidelity to the source.

    ``data``, when given, is a word-processor package (DOCX, ODT) read instead of ``text``.
    ``timings``, when given, receives the seconds spent per stage (for the benchmarks).
    """
    with _timed(timings, "read"):
        check_xml_characters(text, name)
        chapter = readers.read(text, name, fmt, data)
        chapter.source_encoding = encoding
    with _timed(timings, "citations"):
        chapter = parse_citations(chapter)
    with _timed(timings, "tei"):
        tree = tei.to_tei(chapter, edition_date)
        missing = fidelity.missing_text(chapter.blocks, tree.getroot())
    if missing:
        raise FidelityError(name, missing)
    return tree, chapter


def convert_file(path: Path, fmt: str | None = None, edition_date: str | None = None,
                 encoding: str | None = None) -> tuple[bytes, list[Problem]]:
    """A chapter file -> its TEI, sealed (``handedit``) and valid against the project schema
    and rules: an invalid result is raised as a bug (``ValidationFailed``), never returned."""
    tei_input.refuse_conversion(path)
    source = readers.load(path, fmt, encoding)
    tree, chapter = convert_text(source.text, str(path), fmt, edition_date, source.encoding,
                                 data=source.data)
    data = handedit.seal(tei.serialize(tree))
    handedit.check_written(data, str(path))
    return data, chapter.warnings


@dataclass
class BuildOptions:
    fmt: str | None = None
    edition_date: str | None = None
    encoding: str | None = None
    paper: str = "a4"
    tei_all: bool = False  # also validate against tei_all (the project schema is always checked)
    bag_zip: bool = False
    bagging_date: str | None = None


@dataclass
class BuildResult:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def require_tei_all() -> None:
    """Refuse ``--tei-all`` without a copy of tei_all (exit 2) instead of building without it:
    the default validation skips tei_all when there is none, with only a note in its report."""
    from .validation.teiall import NoTeiAll, find_tei_all, how_to_get
    if find_tei_all() is None:
        raise NoTeiAll("tei_all.rng", f"--tei-all needs a copy of the tei_all schema; {how_to_get()}")


def build(source: Path | None, outdir: Path, options: BuildOptions | None = None, *,
          force: bool = False, recorded: Collection[str] = (),
          on_tei: Callable[[Path], None] | None = None) -> BuildResult:
    """Build the edition of one chapter into ``outdir``: ``<stem>.xml`` (validated),
    ``<stem>.html``, ``<stem>.pdf``, the editor's review list ``<stem>.review.html`` and the
    BagIt package ``<stem>.bag`` (or ``.zip``).

    A TEI input (``tei_input.is_tei``) is taken as it is, never converted. Every output after
    the TEI is made from the TEI file alone. Each file is written atomically; an invalid TEI
    is not put in place and nothing is made from it. An existing ``<stem>.xml`` teiedition did
    not write (a hand correction) is not replaced unless ``force``; ``recorded`` are the
    sha256 digests the build manifest gives for it (``handedit.check_overwrite``).
    ``on_tei``, when given, is called with the TEI's path once it is in place, before the
    other outputs are made (a book begins its own work there: book/build.py).
    """
    from . import archive, transform

    options = options or BuildOptions()
    if options.tei_all:
        require_tei_all()
    source = Path(source) if source else sample_path()
    for output in (f"{source.stem}.xml", f"{source.stem}.html", f"{source.stem}.pdf",
                   f"{source.stem}.review.html"):
        check_file_output(outdir / output)  # a directory in the way: refused before any work
    result = BuildResult(source)
    stem = source.stem
    tei_path = outdir / f"{stem}.xml"
    if tei_input.is_tei(source):
        with _timed(result.timings, "validation"):
            unchecked = tei_input.install(source, tei_path, tei_all=options.tei_all, force=force,
                                          recorded=recorded)
        result.warnings = [Problem(0, note) for note in unchecked]
    else:
        # Refused before the work, and again just before the rename (put_checked).
        handedit.check_overwrite(tei_path, force=force, recorded=recorded)
        with _timed(result.timings, "read"):
            text = readers.load(source, options.fmt, options.encoding)
        tree, chapter = convert_text(text.text, str(source), options.fmt, options.edition_date,
                                     text.encoding, result.timings, data=text.data)
        result.warnings = chapter.warnings
        # The TEI waits for validation under a name of this process's own, so two builds
        # into one directory never write, validate or remove each other's.
        with _timed(result.timings, "validation"):
            handedit.put_checked(tei_path, handedit.seal(tei.serialize(tree)), force=force,
                                 recorded=recorded, tei_all=options.tei_all)
    result.outputs.append(tei_path)
    if on_tei is not None:
        on_tei(tei_path)
    with _timed(result.timings, "html"):
        html_path = outdir / f"{stem}.html"
        write_atomic(html_path, transform.render(tei_path, "html"))
    result.outputs.append(html_path)
    with _timed(result.timings, "pdf"):
        pdf_path = outdir / f"{stem}.pdf"
        write_atomic(pdf_path, transform.render(tei_path, "pdf", paper=options.paper))
    result.outputs.append(pdf_path)
    with _timed(result.timings, "review"):
        # What the editor should look at first (low-certainty citations, unresolved and
        # ambiguous links, repairs), made from the TEI alone like every output.
        from .review import write_review
        result.outputs.append(write_review(tei_path, outdir / f"{stem}.review.html"))
    with _timed(result.timings, "package"):
        try:
            bag = archive.make_bag(tei_path, outdir / f"{stem}.bag{'.zip' if options.bag_zip else ''}",
                                   html_path=html_path, pdf_path=pdf_path, zip=options.bag_zip,
                                   bagging_date=options.bagging_date, warnings=result.warnings)
        except archive.UndatedEdition:
            # The edition itself is complete; only the deposit package needs a date, and the
            # clock is never used for one unasked.
            result.warnings.append(Problem(0, "no archive package: neither the source nor the options "
                                           "date the edition; give --edition-date YYYY-MM-DD"))
            return result
    result.outputs.append(bag)
    return result
