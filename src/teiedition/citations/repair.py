"""Spaces the source lost next to stripped italics, found and put back in a working copy.

The note's text is never changed: the parser works on a *view* with spaces inserted and
maps every offset back, and each insertion becomes a ``Repair`` in the model (and a
``choice/sic/corr`` in the TEI).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Where a space is missing between two printed tokens; each rule gives the insertion point.
_RULES = [
    # "1933–1939(Moscow", "Policy(hereafter": an opening parenthesis glued to a word.
    re.compile(r"(?<=[^\W_])(?=\((?!s\)|es\)|\d\)|[a-z]\)))"),
    # "Documents,pp. 83–5", "DVPS,vol.18", "DGFP,series C": a comma glued to a word.
    re.compile(r"(?<=[\w)\]’”],)(?=[^\W\d_])"),
    # "vol.18", "no.5": a label glued to its number.
    re.compile(r"(?:(?<=\bvol\.)|(?<=\bVol\.)|(?<=\bno\.)|(?<=\bNo\.)|(?<=\bpp\.)|(?<=\bdoc\.)|(?<=\bch\.))(?=\d)"),
    # "Russia.The": a sentence end glued to the next sentence (not initials like "X.J.").
    re.compile(r"(?<=[a-z]{2}[.?!])(?=[A-Z][a-z])"),
    # "(London, 1985)J. Haslam": a closing parenthesis glued to a word.
    re.compile(r"(?<=\))(?=[A-Za-z])"),
]


@dataclass
class View:
    """The note's text with lost spaces put back, and the way back to the source."""

    source: str
    inserted: list[int] = field(default_factory=list)  # source offsets, sorted

    @property
    def text(self) -> str:
        out, prev = [], 0
        for off in self.inserted:
            out.append(self.source[prev:off])
            out.append(" ")
            prev = off
        out.append(self.source[prev:])
        return "".join(out)

    def to_source(self, i: int) -> int:
        """A view offset -> the source offset (an inserted space maps to its insertion point)."""
        # The k-th insertion sits at view offset inserted[k] + k.
        lo, hi = 0, len(self.inserted)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.inserted[mid] + mid < i:
                lo = mid + 1
            else:
                hi = mid
        return i - lo

    def with_insertions(self, offsets: list[int]) -> View:
        merged = sorted(set(self.inserted) | set(offsets))
        return View(self.source, merged)

    def is_repair_at(self, view_offset: int) -> bool:
        """True when the view has an inserted space at ``view_offset``."""
        return any(off + k == view_offset for k, off in enumerate(self.inserted))


def mechanical(text: str) -> View:
    """Insertions that follow from punctuation alone."""
    offsets: set[int] = set()
    for rule in _RULES:
        for m in rule.finditer(text):
            offsets.add(m.start())
    return View(text, sorted(offsets))


@dataclass(frozen=True)
class TitleWords:
    """The words of the chapter's full titles, and the pairs of consecutive words in one."""

    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, titles: list[list[str]]) -> TitleWords:
        return cls(frozenset(w for t in titles for w in t),
                   frozenset((t[i], t[i + 1]) for t in titles for i in range(len(t) - 1)))


def glued_words(text: str, titles: list[list[str]] | TitleWords,
                free_words: dict[str, int]) -> list[int]:
    """Insertion points inside tokens like 'Alliancecontains' or 'Allianceand'.

    ``titles`` are the chapter's full titles as lists of lower-case words (or their
    :class:`TitleWords`, made once for all notes of a chapter). A token splits
    where its head is a title word (an italic title ended there) and either its tail is a
    word the chapter uses on its own, or the head and the word before it are consecutive
    words of one title ("Unholy Alliance|contains"); a token the chapter uses as a whole
    word (seen more than once) never splits.
    """
    index = titles if isinstance(titles, TitleWords) else TitleWords.of(titles)
    title_words, pairs = index.words, index.pairs
    out = []
    for m in re.finditer(r"\b([A-Z][^\W\d_]{2,})([a-z]{2,})\b", text):
        token = m.group(0)
        if free_words.get(token.lower(), 0) > 1 or token.lower() in title_words:
            continue
        # The word before, looked for in the stretch just before the token: searching the
        # whole text before it made a long note cost its length squared.
        before = text[max(0, m.start() - _LOOKBACK):m.start()]
        prev = re.search(r"([^\W\d_]+)[^\w]*\s+$", before)
        prev_word = prev.group(1).lower() if prev else ""
        for cut in range(len(token) - 2, 2, -1):
            head, tail = token[:cut].lower(), token[cut:]
            if head in title_words and (tail in free_words or (prev_word, head) in pairs):
                out.append(m.start() + cut)
                break
    return out


# Longer than any word of a title and the punctuation after it.
_LOOKBACK = 200
