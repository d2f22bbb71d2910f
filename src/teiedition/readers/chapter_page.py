"""Reader for a publisher's chapter web page saved as text (the sample's shape).

Shape: title line; author lines as bullets; abstract paragraphs; placeholders; a notes
heading; the notes as an outer numbered list whose items carry the true note number
("  1. 1." then the note on the next line), except items that continue the previous note
("  18. and S. Dullin, ..."); then copyright and "Authors and Affiliations" sections.
"""
from __future__ import annotations

import re

from .. import furniture
from ..errors import InputError
from ..model import Chapter, Dropped, Note, Paragraph, SourceBlock

NOTES_HEADS = re.compile(r"^(notes and references|notes|endnotes|references and notes|references)\s*:?$",
                         re.IGNORECASE)
# "  12. 11." : outer list label, then the note's own number.
NUMBERED_ITEM = re.compile(r"^\s*(\d+)\.\s+(\d+)\.\s*$")
# "  18. and S. Dullin ..." : an outer label followed by text continues the previous note.
CONTINUATION_ITEM = re.compile(r"^\s*(\d+)\.\s+(\S.*)$")
COPYRIGHT = re.compile(r"^©\s*(?P<holder>.+?)\s+(?P<year>\d{4})$")
# Newer pages print the year first: "© 2001 Press and Co".
COPYRIGHT_YEAR_FIRST = re.compile(r"^©\s*(?P<year>\d{4})\s+(?P<holder>.+)$")
ABSTRACT_LABEL = re.compile(r"^abstract$", re.IGNORECASE)
SERIES = re.compile(r"^Part of the book series:\s*(?P<series>.+)$")
PAGES = re.compile(r"^(?:pp\.?|Pages?)\s*(?P<pages>\d+\s*[–-]\s*\d+)$")
# "Author, A., Builder, B. (2001). Title. In: Editor, E. (eds) Book. Series. Press, Place.
# https://doi.org/10.1007/…" and the older "Author A. (2001) Title. In: Editor E. (eds) …".
CITATION = re.compile(r"^(?P<authors>.+?)\s*\((?P<year>\d{4})\)\.?\s+(?P<title>.+?)\.?\s+In:\s+(?P<rest>.+)$")
DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*|\bDOI:?\s*(?:https?://(?:dx\.)?doi\.org/)?)"
                 r"(?P<doi>10\.\d{4,9}/\S+?)\.?$")
EDITORS = re.compile(r"^(?P<editors>.+?)\s*\(eds?\.?\)\.?\s+(?P<rest>.+)$")
CITE_PAGES = re.compile(r",?\s+pp\.?\s+(?P<pages>\d+\s*[–-]\s*\d+)")
# Names in the page's citation: "Smith, J., Doe, A.-B." or "Smith J., Doe A."
CITED_NAME = re.compile(r"[^,]+?,\s*(?:[A-Z][a-z]?\.\s*-?)+|[^,]+?\s(?:[A-Z][a-z]?\.-?)+")
AUTHOR_JOIN = re.compile(r"\s*(?:&|,|\band)$")


def detect(text: str) -> bool:
    lines = text.splitlines()
    return any(NOTES_HEADS.match(furniture.normalise(line)) for line in lines) and \
        sum(1 for line in lines if NUMBERED_ITEM.match(line)) >= 1


class _Lines:
    """The source's lines with 1-based numbers, consumed front to back."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.i = 0

    def peek(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def take(self) -> tuple[int, str]:
        line = self.lines[self.i]
        self.i += 1
        return self.i, line

    def skip_blank(self) -> None:
        while (line := self.peek()) is not None and not line.strip():
            self.i += 1


def read(text: str, name: str) -> Chapter:
    src = _Lines(text)
    dropped: list[Dropped] = []
    blocks: list[SourceBlock] = []

    src.skip_blank()
    if src.peek() is None:
        raise InputError(name, "the file is empty")
    title_line, title_raw = src.take()
    title = furniture.normalise(title_raw)
    blocks.append(SourceBlock(title_line, title))

    authors: list[str] = []
    abstract: list[Paragraph] = []
    front: dict[str, str | None] = {}
    notes_head = None
    while src.peek() is not None:
        src.skip_blank()
        if src.peek() is None:
            break
        lineno, line = src.take()
        norm = furniture.normalise(line)
        if norm.startswith(furniture.BULLET) and not abstract:
            author = norm.lstrip(furniture.BULLET).strip()
            join = AUTHOR_JOIN.search(author)
            if join:
                # "• Ann Author &": the page joins its author bullets with "&" or ",".
                dropped.append(Dropped(lineno, join.group(0).strip(), "separator between author names"))
                author = author[: join.start()].strip()
            authors.append(author)
            dropped.append(Dropped(lineno, furniture.BULLET, "list bullet of the page"))
            blocks.append(SourceBlock(lineno, authors[-1]))
        elif furniture.is_furniture_line(line):
            dropped.append(Dropped(lineno, norm, "page furniture"))
        elif ABSTRACT_LABEL.match(norm) and not abstract:
            dropped.append(Dropped(lineno, norm, "abstract label"))
        elif SERIES.match(norm) and not abstract:
            series = SERIES.match(norm)
            front["series"] = series.group("series") if series else None
            dropped.append(Dropped(lineno, "Part of the book series:", "label of the page"))
            blocks.append(SourceBlock(lineno, front["series"] or "", region="header"))
        elif PAGES.match(norm) and not abstract:
            pages = PAGES.match(norm)
            front["pages"] = pages.group("pages") if pages else None
            dropped.append(Dropped(lineno, norm[: pages.start("pages")].strip() if pages else "",
                                   "label of the page"))
            blocks.append(SourceBlock(lineno, front["pages"] or "", region="header"))
        elif NOTES_HEADS.match(norm):
            notes_head = norm
            blocks.append(SourceBlock(lineno, norm))
            break
        else:
            abstract.append(Paragraph(norm, lineno))
            blocks.append(SourceBlock(lineno, norm))
    if notes_head is None:
        raise InputError(name, "no notes found: expected a 'Notes and References' (or 'Notes') heading")

    notes = _read_notes(src, name, dropped)
    if not notes:
        raise InputError(name, "no notes found under the notes heading", src.i)
    for note in notes:
        blocks.append(SourceBlock(note.line, note.text))

    chapter = Chapter(
        title=title, authors=authors, abstract=abstract, body=[], notes=notes,
        source_name=name, source_format="chapter-page",
        notes_head=notes_head, dropped=dropped, blocks=blocks,
        series=front.get("series"), pages=front.get("pages"),
    )
    _read_back_matter(src, chapter)
    return chapter


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _read_notes(src: _Lines, name: str, dropped: list[Dropped]) -> list[Note]:
    notes: list[Note] = []
    current: Note | None = None
    outer_indent: int | None = None  # indentation of the page's outer list labels
    last_outer = 0
    while (peeked := src.peek()) is not None:
        norm = furniture.normalise(peeked)
        if not norm:
            src.take()
            continue
        if furniture.is_furniture_line(peeked):
            break
        lineno, line = src.take()
        item = NUMBERED_ITEM.match(line)
        cont = CONTINUATION_ITEM.match(line)
        if item:
            outer, n = int(item.group(1)), int(item.group(2))
            # The first note may have any number: a book's section continues the numbering.
            expected = notes[0].n + len(notes) if notes else n
            if n != expected:
                raise InputError(name, f"note {n} found where note {expected} was expected in the "
                                 f"notes list starting at {notes[0].n}", lineno)
            outer_indent, last_outer = _indent(line), outer
            dropped.append(Dropped(lineno, f"{outer}.", "list label of the page"))
            dropped.append(Dropped(lineno, f"{n}.", "note number, kept as note/@n"))
            current = Note(n=n, text="", line=lineno + 1)
            notes.append(current)
        elif cont and current is not None and _indent(line) == outer_indent \
                and int(cont.group(1)) == last_outer + 1:
            # An outer item with no note number of its own: the page split one note in two.
            last_outer += 1
            dropped.append(Dropped(lineno, f"{cont.group(1)}.", "list label of the page"))
            _append(current, cont.group(2), lineno, dropped)
        elif furniture.is_download_bullet(line):
            break
        elif current is not None:
            _append(current, line, lineno, dropped)
        else:
            raise InputError(name, f"text before the first numbered note: {norm[:60]!r}", lineno)
    for note in notes:
        if not note.text:
            raise InputError(name, f"note {note.n} is empty", note.line - 1)
    return notes


def _append(note: Note, line: str, lineno: int, dropped: list[Dropped]) -> None:
    text, removed = furniture.strip_link_labels(line)
    for label in removed:
        dropped.append(Dropped(lineno, label, "link label of the page"))
    text = text.strip()
    if text:
        note.text = f"{note.text} {text}" if note.text else text


def _read_back_matter(src: _Lines, chapter: Chapter) -> None:
    section = None
    while src.peek() is not None:
        lineno, line = src.take()
        norm = furniture.normalise(line)
        if not norm:
            continue
        if furniture.is_download_bullet(line):
            # "Download citation" lists file formats as bullets: never authors.
            chapter.dropped.append(Dropped(lineno, norm.lstrip(furniture.BULLET).strip(),
                                           "page furniture"))
            continue
        if furniture.is_furniture_line(line):
            chapter.dropped.append(Dropped(lineno, norm, "page furniture"))
            if norm in (furniture.COPYRIGHT_HEAD, furniture.AUTHORS_HEAD, furniture.CITE_HEAD,
                        furniture.ABOUT_HEAD):
                section = norm
            elif section == furniture.AUTHORS_HEAD:
                # Any other heading of the page ends the authors and their affiliations.
                section = None
            continue
        m = COPYRIGHT.match(norm) or COPYRIGHT_YEAR_FIRST.match(norm)
        doi = DOI.search(norm)
        if section == furniture.COPYRIGHT_HEAD and m:
            chapter.copyright_statement = norm
            chapter.copyright_holder = m.group("holder")
            chapter.year = m.group("year")
            chapter.blocks.append(SourceBlock(lineno, norm, region="header"))
        elif section in (furniture.CITE_HEAD, furniture.ABOUT_HEAD) and CITATION.match(norm):
            _read_citation(norm, lineno, chapter)
        elif section in (furniture.CITE_HEAD, furniture.ABOUT_HEAD) and doi \
                and len(norm) - len(doi.group(0)) <= 5:
            # "DOI https://doi.org/10.1007/…": the page repeats the DOI with its label.
            chapter.doi = chapter.doi or doi.group("doi")
            chapter.dropped.append(Dropped(lineno, norm, "the chapter's DOI, kept in the "
                                           "source description"))
        elif section == furniture.AUTHORS_HEAD and norm.startswith(furniture.BULLET):
            chapter.dropped.append(Dropped(lineno, furniture.BULLET, "list bullet of the page"))
            item = norm.lstrip(furniture.BULLET).strip()
            if item in chapter.authors or not chapter.authors:
                # Older pages list the authors as bullets, their affiliations below them.
                if item not in chapter.authors:
                    chapter.authors.append(item)
            else:
                # Newer pages list the institutions as bullets, the authors under each.
                chapter.affiliations.append(item)
            chapter.blocks.append(SourceBlock(lineno, item, region="header"))
        elif section == furniture.AUTHORS_HEAD and norm in chapter.authors:
            chapter.blocks.append(SourceBlock(lineno, norm, region="header"))
        elif section == furniture.AUTHORS_HEAD:
            chapter.affiliations.append(norm)
            chapter.blocks.append(SourceBlock(lineno, norm, region="header"))
        else:
            # Text after the notes that is neither copyright nor authors is kept in the edition.
            chapter.trailer.append(Paragraph(norm, lineno))
            chapter.blocks.append(SourceBlock(lineno, norm))


def _read_citation(line: str, lineno: int, chapter: Chapter) -> None:
    """The page's own citation of the chapter: the book it is in (title, editors, series),
    its publisher, place, pages and DOI go into the source description. The line itself is
    listed as read into the header; each part read from it must be in the header's text."""
    m = CITATION.match(line)
    if m is None:
        return
    rest = m.group("rest").strip()
    doi = DOI.search(rest)
    if doi:
        chapter.doi = doi.group("doi")
        rest = rest[: doi.start()].strip()
    pages = CITE_PAGES.search(rest)
    if pages:
        chapter.pages = chapter.pages or pages.group("pages")
        rest = (rest[: pages.start()] + rest[pages.end():]).strip()
    eds = EDITORS.match(rest)
    if eds:
        names = [n.strip() for n in CITED_NAME.findall(eds.group("editors"))]
        chapter.editors = [n for n in names if n] or [eds.group("editors")]
        rest = eds.group("rest")
    parts = [p.strip() for p in re.split(r"\.\s+", rest.rstrip(". ")) if p.strip()]
    if parts:
        chapter.book_title = chapter.book_title or parts[0]
    if len(parts) >= 2:
        imprint = parts[-1]
        if ", " in imprint:
            publisher, place = imprint.rsplit(", ", 1)
            chapter.publisher = chapter.publisher or publisher
            chapter.pub_place = chapter.pub_place or place
        else:
            chapter.publisher = chapter.publisher or imprint
    if len(parts) >= 3:
        chapter.series = chapter.series or ". ".join(parts[1:-1])
    chapter.year = chapter.year or m.group("year")
    chapter.dropped.append(Dropped(lineno, line, "the page's citation of the chapter, read into "
                                   "the source description"))
    for value in (chapter.book_title, chapter.series, chapter.publisher, chapter.pub_place,
                  chapter.pages, chapter.doi, *chapter.editors):
        if value:
            chapter.blocks.append(SourceBlock(lineno, value, region="header"))
