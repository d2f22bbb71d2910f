"""Citation layer: notes -> citations with parts, links and a consolidated bibliography.

``parse_citations(chapter)`` runs these named steps in this order:

1. ``repair.mechanical``: put back spaces lost next to punctuation ("1933–1939(Moscow").
2. ``assemble.read`` on every note: a first reading by the models (``crf``: the segmenter
   finds each citation, the labeller its parts), to learn the chapter's full titles.
3. ``repair.glued_words``: with those titles known, split tokens like "Alliancecontains"
   (needs step 2: only a title printed in full elsewhere tells where an italic run ended).
4. ``assemble.read`` again on the repaired text: the final citations and parts.
5. ``mentions.in_prose``: titles the notes' prose names outside their citations (a third
   model predicts where plain text lost its italics; real italics need no prediction).
6. ``resolve.resolve``: Ibid., short titles, abbreviations (needs every note's citations).
7. ``bibliography``: ids, consolidated entries, abbreviations (needs the works of step 6).

Modules: ``tokens``, ``features`` and ``crf`` (the trained models), ``corpora`` and ``train``
(their training data and training), ``assemble`` (labels -> TEI parts, kinds), ``parsed`` (one
citation as read), ``normalise`` (one normaliser per field), ``mentions`` (titles in prose), ``repair``
(lost spaces), ``resolve`` (links), ``bibliography`` (back matter), ``listbibl``
(``teiedition bibl``).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Chapter, Citation, Note, Repair, Span
from . import assemble, bibliography, crf, mentions, repair
from .assemble import cert_band
from .parsed import Parsed
from .resolve import Record, resolve

__all__ = ["Reference", "parse_citations", "parse_reference"]


def _to_citation(p: Parsed, view: repair.View) -> Citation:
    src = view.to_source
    spans = [Span(src(s.start), src(s.end), s.tag, dict(s.attrs)) for s in p.spans]
    # Reading order; at one offset an empty element first, then the longer (outer) span.
    spans.sort(key=lambda s: (s.start, s.end > s.start, -s.end))
    return Citation(start=src(p.start), end=src(p.end), kind=p.kind, spans=spans,
                    defines_abbr=p.defines_abbr, cert=cert_band(p.prob), genre=p.genre)


def _italic_runs(note: Note, view: repair.View) -> list[tuple[int, int]] | None:
    """The note's italic runs in the view's offsets; None when it has none (plain text has no
    typography, and a note without italics says nothing either way)."""
    runs = [(s.start, s.end) for s in note.styles if s.kind == "italic"]
    if not runs:
        return None

    def to_view(i: int) -> int:
        # The view inserted a space at each repair offset before i.
        return i + bisect.bisect_left(view.inserted, i)

    return [(to_view(a), to_view(b)) for a, b in runs]


def _read_notes(notes: list[Note], views: dict[int, repair.View]) -> list[tuple[Note, Parsed, repair.View]]:
    abbrs: dict[str, Parsed] = {}
    out = []
    assemble.prefetch([views[note.n].text for note in notes])
    for note in notes:
        view = views[note.n]
        for p in assemble.read(view.text, abbrs, _italic_runs(note, view)):
            out.append((note, p, view))
    return out


def _titles(found: list[tuple[Note, Parsed, repair.View]]) -> list[list[str]]:
    """The words of every title printed with its imprint, journal or book (a full citation)."""
    titles = []
    for _note, p, view in found:
        if not (p.pub or p.journal or p.container):
            continue
        for s in p.spans:
            if s.tag == "title":
                titles.append([w.lower() for w in re.findall(r"[^\W\d_]+", view.text[s.start:s.end])])
    return titles


def _free_words(chapter: Chapter) -> dict[str, int]:
    texts = [n.text for n in chapter.notes] + [p.text for p in chapter.body + chapter.abstract]
    return Counter(w.lower() for t in texts for w in re.findall(r"\b[^\W\d_]+\b", t))


def parse_citations(chapter: Chapter) -> Chapter:
    views = {n.n: repair.mechanical(n.text) for n in chapter.notes}
    first = _read_notes(chapter.notes, views)
    titles, free = repair.TitleWords.of(_titles(first)), _free_words(chapter)
    for note in chapter.notes:
        extra = repair.glued_words(note.text, titles, free)
        if extra:
            views[note.n] = views[note.n].with_insertions(extra)
    records: list[Record] = []
    by_note: dict[int, list[Record]] = {}
    for note, p, view in _read_notes(chapter.notes, views):
        cit = _to_citation(p, view)
        k = len(by_note.setdefault(note.n, [])) + 1
        cit.xml_id = f"n{note.n}-{k}"
        rec = Record(note, cit, p)
        by_note[note.n].append(rec)
        records.append(rec)
    for note in chapter.notes:
        note.citations = [r.cit for r in by_note.get(note.n, [])]
        # Keep repairs an earlier stage recorded; add ours where there is none yet.
        have = {r.offset for r in note.repairs}
        # An identifier is printed as it is ("Cabinet Paper C(69) 102"): no repair inside it,
        # and TEI allows none there (idno holds text only).
        have |= {off for c in note.citations for s in c.spans if s.tag == "idno"
                 for off in range(s.start + 1, s.end)}
        note.repairs = sorted(note.repairs + [Repair(off, " ") for off in views[note.n].inserted
                                              if off not in have], key=lambda r: r.offset)
    found = crf.models()
    for note in chapter.notes:
        runs = [] if any(s.kind == "italic" for s in note.styles) else \
            [(r.start, r.end, r.prob) for r in found.italic_runs(note.text)]
        note.mentions = mentions.in_prose(note.text, note.citations, runs)
    works = resolve(records, chapter.warnings)
    bibliography.assign_ids(works)
    chapter.bibliography = bibliography.entries(works)
    chapter.abbreviations = bibliography.abbreviations(records, works)
    return chapter


@dataclass
class Reference:
    """One reference parsed on its own (``teiedition bibl``): offsets are into ``text``."""

    text: str
    kind: str
    spans: list[Span] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def parts(self) -> list[dict]:
        return [{"tag": s.tag, "attrs": dict(s.attrs), "text": self.text[s.start:s.end]}
                for s in self.spans]


def parse_reference(text: str) -> Reference:
    """A whole line as one reference-list entry, labelled from its first character."""
    view = repair.mechanical(text)
    vt = view.text
    start = len(vt) - len(vt.lstrip())
    # A leading citation number ("12.", "[3]") is not part of the reference.
    num = re.match(r"\s*(?:\[\d+\]|\d+\.(?!\d)|\d{1,3}(?=\s+[A-Z]))\s*", vt)
    if num:
        start = num.end()
    p = assemble.read_reference(vt, start)
    if p is None:
        return Reference(text, "book", [], [])
    cit = _to_citation(p, view)
    return Reference(text, cit.kind, cit.spans, [Repair(o, " ") for o in view.inserted])
