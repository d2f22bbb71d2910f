"""Ibid., short titles, abbreviations and continuations -> the citation they stand for.

Runs over the chapter's citations in reading order, after all notes are split, so that a
short title can be matched against every full citation (earlier ones first). Each
citation ends up with ``link`` (what it abbreviates) and belongs to a ``Work`` (what the
consolidated bibliography lists).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from ..model import Citation, Link, Note, Problem, Span
from . import normalise as nz
from .parsed import Parsed


@dataclass
class Record:
    note: Note
    cit: Citation
    parsed: Parsed

    def text(self, span: Span) -> str:
        return self.note.text[span.start:span.end]

    def spans(self, tag: str, level: str | None = None) -> list[Span]:
        return [s for s in self.cit.spans if s.tag == tag
                and (level is None or s.attrs.get("level") == level)]

    def forget_parts(self) -> None:
        """Drop what was read from the parts, after the parts were mended (the properties
        below are cached)."""
        for name in ("main_title", "surnames", "title_key", "title_words", "years"):
            self.__dict__.pop(name, None)

    @cached_property
    def main_title(self) -> str | None:
        for lvl in ("a", "m", "j"):
            found = self.spans("title", lvl)
            if found:
                return self.text(found[0])
        return None

    @cached_property
    def surnames(self) -> list[str]:
        names = self.spans("author") or [s for s in self.spans("editor") if not s.attrs.get("role")]
        return [nz.fold(nz.surname(self.text(s))) for s in names]

    # Cached: resolution compares every record with many works, and the names and titles
    # a citation prints do not change once it is parsed (resolution adds refs, not titles).
    @cached_property
    def title_key(self) -> list[str]:
        return nz.title_key(self.main_title or "")

    @cached_property
    def title_words(self) -> frozenset[str]:
        return frozenset(self.title_key)

    @cached_property
    def years(self) -> frozenset[str]:
        """The years a citation names: its dates', and those in its title ("1933–9" is two)."""
        dated = {s.attrs["when"] for s in self.spans("date") if len(s.attrs.get("when", "")) == 4}
        return frozenset(dated | {w for w in self.title_key if re.fullmatch(r"\d{4}", w)})


@dataclass
class Work:
    first: Record
    records: list[Record] = field(default_factory=list)
    xml_id: str = ""

    @property
    def key(self) -> tuple:
        return (tuple(self.first.surnames), tuple(self.first.title_key))


class _Works:
    """The chapter's works in the order they were found, indexed by title word and by name.

    A short title only matches a work whose title holds its first significant word, and a
    surname only one that names it (as author, editor or title word); the indexes give those
    candidates directly, so resolution costs time in proportion to the citations, not to
    citations times works.
    """

    def __init__(self) -> None:
        self.all: list[Work] = []
        self.by_key: dict[tuple, Work] = {}
        self.by_title_word: dict[str, list[Work]] = {}
        self.by_name: dict[str, list[Work]] = {}  # surname of the work, or a word of its title
        self.by_surname: dict[str, list[Work]] = {}

    def add(self, work: Work) -> None:
        self.all.append(work)
        first = work.first
        for word in first.title_words:
            self.by_title_word.setdefault(word, []).append(work)
        for name in first.title_words | set(first.surnames):
            self.by_name.setdefault(name, []).append(work)
        for name in set(first.surnames):
            self.by_surname.setdefault(name, []).append(work)


class Comparable(Protocol):
    """What a short form and a full citation are compared by (a ``Record`` here, and the
    book's records read back from its chapters' TEI, ``book/works.py``)."""

    @property
    def surnames(self) -> list[str]: ...
    @property
    def title_key(self) -> list[str]: ...
    @property
    def title_words(self) -> frozenset[str]: ...
    @property
    def years(self) -> frozenset[str]: ...


def need(short: Comparable) -> float:
    """The share of a short title's words a full title must hold: all of them, unless a
    surname also says whose work it is."""
    return 0.75 if short.surnames else 1.0


def short_title_score(short: Comparable, full: Comparable) -> float:
    """How well ``short`` names ``full``: the share of its title words in the full title; 0
    unless the full title holds its first word, its surnames are the work's authors or
    editors or named in its title ("Moran, Journal" for "The Journal of Benjamin Moran"),
    and every year it prints is one the full citation names ("Message, 1861" is not the
    "Message" printed in 1864)."""
    st, ft = short.title_key, full.title_words
    if not st or not ft or st[0] not in ft:
        return 0.0
    if short.surnames and not set(short.surnames) <= set(full.surnames) | ft:
        return 0.0
    if not short.years <= full.years:
        return 0.0
    return sum(1 for w in st if w in ft) / len(st)


def _candidates(rec: Record, works: _Works) -> list[Work]:
    """The works that match a short title best: one, or several that match it equally well
    (then the link is ambiguous and the editor should look)."""
    best: list[Work] = []
    best_score = 0.0
    surnames = rec.surnames
    if not rec.title_key:
        return []
    # Only works whose title holds the short title's first word can score; with a surname,
    # only works naming it. The shorter list is scanned (in the works' order, so ties go to
    # the earlier work as before).
    candidates = works.by_title_word.get(rec.title_key[0], [])
    if surnames:
        named = works.by_name.get(surnames[0], [])
        if len(named) < len(candidates):
            candidates = named
    least = need(rec)
    for w in candidates:
        if w.first is rec:
            continue
        score = short_title_score(rec, w.first)
        if score >= least and score > best_score:
            best, best_score = [w], score
        elif score >= least and score == best_score and w not in best:
            best.append(w)
    # A full title that is exactly the short one is the work meant, whatever else contains it.
    exact = [w for w in best if tuple(rec.title_key) == tuple(w.first.title_key)]
    return exact[:1] if len(exact) == 1 else best


# Words naming the kind of edition, not the work: a person's papers are cited as "Papers",
# "Collected Works" or "Writings" of the same person.
_EDITION_GENRE = {"papers", "works", "collected", "complete", "selected", "writings", "letters",
                  "correspondence", "speeches", "diary", "diaries", "journal", "journals",
                  "memoirs", "private"}


def _same_edition(rec: Record, works: _Works) -> Work | None:
    """"Basler, Papers of Abraham Lincoln" for "Roy Basler, ed., Collected Works of Abraham
    Lincoln": only when the surname names exactly one work of the chapter, the short title
    differs from it in genre words alone, and at least two other words say whose papers."""
    surnames = rec.surnames
    if not surnames:
        return None
    st = rec.title_key
    own = [w for w in st if w not in _EDITION_GENRE]
    if len(own) < 2 or len(own) == len(st):
        return None
    by: list[Work] = []
    for w in works.by_surname.get(surnames[0], []):
        if w.first is not rec and set(surnames) <= set(w.first.surnames) and rec.years <= w.first.years:
            by.append(w)
            if len(by) > 1:
                return None  # the surname names more than one work: which one is not known
    if len(by) != 1:
        return None
    return by[0] if set(own) <= by[0].first.title_words else None


def _misread_short(rec: Record, works: _Works) -> Work | None:
    """A short form "Surname, Word, p. 5" the models read as two names ("Nevins, Fish": the
    short title is a name) or as one title ("Lowenthal, Marsh"): re-read it as the surname of
    one earlier work and a short title made of that work's title words or names, and mend the
    parts. Only when exactly one work fits, and the citation holds nothing else but locators."""
    spans = rec.cit.spans
    names = [s for s in spans if s.tag == "author"]
    titles = [s for s in spans if s.tag == "title"]
    others = [s for s in spans if s.tag not in ("author", "title", "citedRange", "biblScope")]
    if others:
        return None
    if len(names) == 2 and not titles:
        surname, short = nz.fold(nz.surname(rec.text(names[0]))), names[1]
        cut: tuple[Span, Span] | None = None
    elif len(titles) == 1 and not names and "," in rec.text(titles[0]):
        head, _, tail = rec.text(titles[0]).partition(",")
        if not tail.strip() or " " in head.strip():
            return None
        t = titles[0]
        at = t.start + len(head) + 1
        at += len(rec.note.text[at:t.end]) - len(rec.note.text[at:t.end].lstrip())
        surname = nz.fold(head.strip())
        cut = (Span(t.start, t.start + len(head.rstrip()), "author"), Span(at, t.end, "title", {"level": "m"}))
        short = cut[1]
    else:
        return None
    words = set(nz.title_key(rec.text(short))) or {nz.fold(rec.text(short))}
    fits = [w for w in works.by_surname.get(surname, []) if w.first is not rec
            and words <= w.first.title_words | set(w.first.surnames)
            and rec.years <= w.first.years]
    if len(fits) != 1:
        return None
    if cut is None:
        short.tag, short.attrs = "title", {"level": "m"}
    else:
        spans[spans.index(titles[0]):spans.index(titles[0]) + 1] = list(cut)
    rec.forget_parts()
    return fits[0]


# Unpublished sources: each letter or file is its own item, so a repeated one is printed in
# full and never a short title of another (two letters of one writer share words, not a work).
# A source of unknown kind ("other": no title, nothing typed it) is no work to list either.
ARCHIVAL = ("archive", "letter", "other")


def _is_full(p: Parsed) -> bool:
    return p.kind not in ARCHIVAL and not (p.ibid or p.abbr_used or p.continuation or p.op_cit) \
        and not p.is_short_form


def resolve(records: list[Record], warnings: list[Problem]) -> list[Work]:
    works = _Works()
    work_of: dict[int, Work] = {}
    by_id: dict[str, Record] = {}
    for rec in records:
        by_id.setdefault(rec.cit.xml_id, rec)

    def add_full(rec: Record) -> Work:
        key_w = Work(rec)
        key = key_w.key
        if key[1]:  # a work without a title is never merged with another
            if key in works.by_key:
                return works.by_key[key]
            works.by_key[key] = key_w
        works.add(key_w)
        return key_w

    # Full citations first, so a short title may point forward as well as back.
    for rec in records:
        if _is_full(rec.parsed):
            work_of[id(rec)] = add_full(rec)

    abbr_def: dict[str, Record] = {}
    # Works in the order they were cited, newest last, per surname of the work ("" for all):
    # "op. cit." looks back from the end for the most recent one by its author.
    cited: dict[str, list[Work]] = {}
    last: Record | None = None
    prev_in_note: Record | None = None
    for rec in records:
        p = rec.parsed
        if prev_in_note is not None and prev_in_note.note is not rec.note:
            prev_in_note = None
        target: Record | None = None
        misread = _misread_short(rec, works) if p.kind == "other" or (
            not _is_full(p) and not p.ibid and not p.op_cit and not p.abbr_used
            and not p.continuation and not rec.surnames) else None
        if misread is not None:
            target = misread.first
            rec.cit.link = Link("short", target.cit.xml_id)
            _mark_short(rec)
        elif p.kind in ARCHIVAL and not p.abbr_used:
            if rec.cit.defines_abbr:
                abbr_def[rec.cit.defines_abbr] = rec
            prev_in_note = rec
            continue
        elif p.ibid:
            target = last
            rec.cit.link = Link("ibid", target.cit.xml_id if target else None)
            if target is None:
                warnings.append(Problem(rec.note.line, f"note {rec.note.n}: 'Ibid.' with no earlier "
                                        "published work to stand for; left without a link"))
        elif p.op_cit:
            # The author's most recent work cited before this note.
            wanted = set(rec.surnames)
            history = cited.get(rec.surnames[0] if rec.surnames else "", [])
            target = next((w.first for w in reversed(history) if wanted <= set(w.first.surnames)),
                          None)
            rec.cit.link = Link("short", target.cit.xml_id if target else None)
            for s in rec.cit.spans:
                if s.tag == "ref" and target is not None:
                    s.attrs["target"] = f"#{target.cit.xml_id}"
            if target is None:
                warnings.append(Problem(rec.note.line, f"note {rec.note.n}: 'op. cit.' of "
                                        f"'{rec.note.text[rec.cit.start:rec.cit.end]}' matches no "
                                        "earlier work of that author; left without a link"))
        elif p.abbr_used:
            target = abbr_def.get(p.abbr_used)
            rec.cit.link = Link("abbr", target.cit.xml_id if target else None)
        elif p.continuation and prev_in_note is not None:
            prev = prev_in_note
            if prev.cit.link is not None:
                rec.cit.link = Link(prev.cit.link.via, prev.cit.link.target)
                target = by_id.get(prev.cit.link.target) if prev.cit.link.target else None
            else:
                rec.cit.link = Link("abbr" if prev.cit.defines_abbr else "ibid", prev.cit.xml_id)
                target = prev
            _empty_ref(rec)
        elif not _is_full(p):
            matches = _candidates(rec, works)
            work = matches[0] if matches else _same_edition(rec, works)
            if work is not None:
                target = work.first
                rec.cit.link = Link("short", target.cit.xml_id)
                _mark_short(rec, ambiguous=len(matches) > 1)
                if len(matches) > 1:
                    warnings.append(Problem(rec.note.line, f"note {rec.note.n}: short title "
                                            f"'{rec.note.text[rec.cit.start:rec.cit.end]}' matches "
                                            f"{len(matches)} works equally; linked to the first"))
            elif rec.surnames:
                rec.cit.link = Link("short", None)
                _mark_short(rec)
                title = rec.note.text[rec.cit.start:rec.cit.end]
                warnings.append(Problem(rec.note.line, f"note {rec.note.n}: short title "
                                        f"'{title}' has no full citation in the chapter; "
                                        "left without a link"))
            else:
                work_of[id(rec)] = add_full(rec)
        if target is not None:
            work = work_of.get(id(target))
            if work is not None:
                work_of[id(rec)] = work
            rec.cit.kind = target.cit.kind
            if rec.cit.link and rec.cit.link.via in ("ibid", "abbr"):
                for s in rec.cit.spans:
                    if s.tag == "ref" and s.start < s.end:
                        s.attrs["target"] = f"#{rec.cit.link.target}"
        if rec.cit.defines_abbr:
            abbr_def[rec.cit.defines_abbr] = rec
        w = work_of.get(id(rec))
        if w is not None:
            for name in {"", *w.first.surnames}:
                cited.setdefault(name, []).append(w)
        last = rec
        prev_in_note = rec

    for rec in records:
        work = work_of.get(id(rec))
        if work is not None:
            work.records.append(rec)
    for w in works.all:
        for rec in w.records:
            rec.cit.corresp = w.xml_id  # filled in once ids are assigned
    return works.all


def _empty_ref(rec: Record) -> None:
    """A continuation ("and vol. 2, doc. 127") has no words of its own for the pointer: an
    empty ``ref`` at its start (writers open it before the parts starting there)."""
    link = rec.cit.link
    if link is None:  # set by the caller just before
        raise AssertionError(f"note {rec.note.n}: a continuation without its link")
    rec.cit.spans.insert(0, Span(rec.cit.start, rec.cit.start, "ref",
                                 {"type": link.via, "target": f"#{link.target}"}))


def _mark_short(rec: Record, ambiguous: bool = False) -> None:
    """Wrap the short title in ``ref[@type='short']`` and type the title 'short'.

    The surname stays outside the ref: TEI's ``ref`` may hold a ``title`` but not an
    ``author`` or ``editor``, so "Maksimychev, Diplomatiya Mira" is encoded as
    ``<author>Maksimychev</author>, <ref><title type="short">Diplomatiya Mira</title></ref>``.
    """
    titles = [s for s in rec.cit.spans if s.tag == "title"]
    for s in titles:
        s.attrs["type"] = "short"
    if not (rec.cit.link and rec.cit.link.target):
        return  # an unresolved short title keeps its parts but points nowhere
    attrs = {"type": "short", "target": f"#{rec.cit.link.target}"}
    if ambiguous:
        attrs["cert"] = "low"  # the editor's review list shows it (docs/encoding.md)
    if titles:
        start, end = titles[0].start, titles[-1].end
        idx = rec.cit.spans.index(titles[0])
    else:
        start = end = rec.cit.start
        idx = 0
    rec.cit.spans.insert(idx, Span(start, end, "ref", attrs))
