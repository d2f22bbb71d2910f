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


def detect(text: str) -> bool:
    lines = text.splitlines()
    return any(NOTES_HEADS.match(furniture.normalise(l)) for l in lines) and \
        sum(1 for l in lines if NUMBERED_ITEM.match(l)) >= 1


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
        while self.peek() is not None and not self.peek().strip():
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
    notes_head = None
    while src.peek() is not None:
        src.skip_blank()
        if src.peek() is None:
            break
        lineno, line = src.take()
        norm = furniture.normalise(line)
        if norm.startswith(furniture.BULLET) and not abstract:
            authors.append(norm.lstrip(furniture.BULLET).strip())
            dropped.append(Dropped(lineno, furniture.BULLET, "list bullet of the page"))
            blocks.append(SourceBlock(lineno, authors[-1]))
        elif furniture.is_furniture_line(line):
            dropped.append(Dropped(lineno, norm, "page furniture"))
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
    while src.peek() is not None:
        line = src.peek()
        norm = furniture.normalise(line)
        if not norm:
            src.take()
            continue
        if furniture.is_furniture_line(line):
            break
        lineno, line = src.take()
        item = NUMBERED_ITEM.match(line)
        cont = CONTINUATION_ITEM.match(line)
        if item:
            outer, n = int(item.group(1)), int(item.group(2))
            expected = len(notes) + 1
            if n != expected:
                raise InputError(name, f"note {n} found where note {expected} was expected", lineno)
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
        if furniture.is_furniture_line(line):
            chapter.dropped.append(Dropped(lineno, norm, "page furniture"))
            if norm in (furniture.COPYRIGHT_HEAD, furniture.AUTHORS_HEAD):
                section = norm
            continue
        m = COPYRIGHT.match(norm)
        if section == furniture.COPYRIGHT_HEAD and m:
            chapter.copyright_statement = norm
            chapter.copyright_holder = m.group("holder")
            chapter.year = m.group("year")
            chapter.blocks.append(SourceBlock(lineno, norm, region="header"))
        elif section == furniture.AUTHORS_HEAD and norm.startswith(furniture.BULLET):
            chapter.dropped.append(Dropped(lineno, furniture.BULLET, "list bullet of the page"))
            name = norm.lstrip(furniture.BULLET).strip()
            if name not in chapter.authors:
                chapter.authors.append(name)
            chapter.blocks.append(SourceBlock(lineno, name, region="header"))
        elif section == furniture.AUTHORS_HEAD:
            chapter.affiliations.append(norm)
            chapter.blocks.append(SourceBlock(lineno, norm, region="header"))
        else:
            # Text after the notes that is neither copyright nor authors is kept in the edition.
            chapter.trailer.append(Paragraph(norm, lineno))
            chapter.blocks.append(SourceBlock(lineno, norm))
