"""The result of reading one citation, and the small text helpers the readers share."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Span
from . import patterns as P


@dataclass
class Parsed:
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)
    kind: str = "book"
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    title: str | None = None
    title_level: str | None = None
    quoted: bool = False
    container: bool = False
    journal: bool = False
    pub: bool = False
    locators: int = 0
    ibid: bool = False
    abbr_used: str | None = None
    defines_abbr: str | None = None
    continuation: bool = False
    title_penalty: int = 0
    archive_tail: bool = False  # extended over an archive's name and shelfmark (split)
    op_cit: bool = False  # "Surname, op. cit.": the author's work cited earlier
    imprint: bool = False  # place or publisher printed with a date: a book's imprint
    letter: bool = False  # "Adams to Seward, <date>": correspondence, its correspondents prose
    prob: float = 1.0  # the models' confidence in the span and its parts
    genre: str | None = None  # a letter's kind: letter, memorandum, telegram, despatch, ...

    @property
    def title_span(self) -> Span | None:
        for s in self.spans:
            if s.tag == "title" and s.attrs.get("level") in ("m", "a", "j"):
                return s
        return None

    @property
    def is_short_form(self) -> bool:
        """Surname(s) and title only: a shortened reference to a work cited in full elsewhere."""
        if self.ibid or self.abbr_used or self.continuation or self.op_cit or not self.title:
            return False
        if self.pub or self.container or self.journal or self.editors:
            return False
        return all(" " not in a.strip() and "." not in a for a in self.authors)

    def score(self) -> int:
        """Evidence that this is a citation rather than prose (higher is surer)."""
        if self.ibid or self.abbr_used or self.op_cit:
            return 6 + self.locators
        if self.continuation:
            return 2 + self.locators
        s = 0
        if self.authors or self.editors or self.letter:
            s += 2
        if self.defines_abbr:
            s += 1  # "(hereafter PRO)" is said of a source
        if self.title:
            s += 1
        # A quotation in prose is quoted too: quotes count only with other evidence.
        if self.quoted and (self.authors or self.container or self.journal or self.pub or self.locators):
            s += 2
        if self.container or self.journal:
            s += 2
        if self.pub:
            s += 3
        s += min(self.locators, 2)
        pen = self.title_penalty
        # A bare "Name, Title" with a list of capitalised items is more likely a list in prose.
        if not (self.pub or self.locators or self.container or self.journal or self.quoted) \
                and self.title and re.search(rf",\s+(?:and\s+)?[{P.UP}]", self.title):
            pen += 3
        return s - pen


def _ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _trim(text: str, start: int, end: int, chars: str = " ,;:.") -> tuple[int, int]:
    while end > start and text[end - 1] in chars:
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end
