"""One citation as the converter reads it: its span, TEI parts and what they make it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Span


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
    op_cit: bool = False  # "Surname, op. cit.": the author's work cited earlier
    imprint: bool = False  # place or publisher printed with a date: a book's imprint
    prob: float = 1.0  # the models' confidence in the span and its parts
    genre: str | None = None  # a letter's kind: letter, memorandum, telegram, despatch, ...

    @property
    def is_short_form(self) -> bool:
        """Surname(s) and title only: a shortened reference to a work cited in full elsewhere."""
        if self.ibid or self.abbr_used or self.continuation or self.op_cit or not self.title:
            return False
        if self.pub or self.container or self.journal or self.editors:
            return False
        return all(" " not in a.strip() and "." not in a for a in self.authors)
