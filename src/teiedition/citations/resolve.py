"""Ibid., short titles, abbreviations and continuations -> the citation they stand for.

Runs over the chapter's citations in reading order, after all notes are split, so that a
short title can be matched against every full citation (earlier ones first). Each
citation ends up with ``link`` (what it abbreviates) and belongs to a ``Work`` (what the
consolidated bibliography lists).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Citation, Link, Note, Problem, Span
from . import normalise as nz
from .parse import Parsed


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

    @property
    def main_title(self) -> str | None:
        for lvl in ("a", "m", "j"):
            found = self.spans("title", lvl)
            if found:
                return self.text(found[0])
        return None

    @property
    def surnames(self) -> list[str]:
        names = self.spans("author") or [s for s in self.spans("editor") if not s.attrs.get("role")]
        return [nz.fold(nz.surname(self.text(s))) for s in names]


@dataclass
class Work:
    first: Record
    records: list[Record] = field(default_factory=list)
    xml_id: str = ""

    @property
    def key(self) -> tuple:
        return (tuple(self.first.surnames), tuple(nz.title_key(self.first.main_title or "")))


def _title_match(short: Record, work: Work) -> float:
    st = nz.title_key(short.main_title or "")
    ft = set(nz.title_key(work.first.main_title or ""))
    if not st or not ft or st[0] not in ft:
        return 0.0
    return sum(1 for w in st if w in ft) / len(st)


def _years(rec: Record) -> set[str]:
    """The years a citation names: its dates', and those in its title ("1933–9" is two)."""
    dated = {s.attrs["when"] for s in rec.spans("date") if len(s.attrs.get("when", "")) == 4}
    return dated | {w for w in nz.title_key(rec.main_title or "") if re.fullmatch(r"\d{4}", w)}


def _years_agree(short: Record, full: Record) -> bool:
    """"Message, 1861" is not the "Message" printed in 1864, nor "Seward at Washington,
    1846–1861" the volume of 1861–1872: every year of a short form is one the full citation
    names."""
    return _years(short) <= _years(full)


def _find_work(rec: Record, works: list[Work]) -> Work | None:
    """The work a short title abbreviates: same surname(s), title words found in the full title."""
    best, best_score = None, 0.0
    surnames = rec.surnames
    for w in works:
        if w.first is rec:
            continue
        # The surname is the work's author or editor, or named in its title
        # ("Moran, Journal" for "The Journal of Benjamin Moran").
        title_words = set(nz.title_key(w.first.main_title or ""))
        if surnames and not set(surnames) <= set(w.first.surnames) | title_words:
            continue
        if not _years_agree(rec, w.first):
            continue
        score = _title_match(rec, w)
        need = 0.75 if surnames else 1.0
        if score >= need and score > best_score:
            best, best_score = w, score
    return best


# Words naming the kind of edition, not the work: a person's papers are cited as "Papers",
# "Collected Works" or "Writings" of the same person.
_EDITION_GENRE = {"papers", "works", "collected", "complete", "selected", "writings", "letters",
                  "correspondence", "speeches", "diary", "diaries", "journal", "journals",
                  "memoirs", "private"}


def _same_edition(rec: Record, works: list[Work]) -> Work | None:
    """"Basler, Papers of Abraham Lincoln" for "Roy Basler, ed., Collected Works of Abraham
    Lincoln": only when the surname names exactly one work of the chapter, the short title
    differs from it in genre words alone, and at least two other words say whose papers."""
    surnames = rec.surnames
    if not surnames:
        return None
    st = nz.title_key(rec.main_title or "")
    own = [w for w in st if w not in _EDITION_GENRE]
    if len(own) < 2 or len(own) == len(st):
        return None
    by = [w for w in works if w.first is not rec and set(surnames) <= set(w.first.surnames)
          and _years_agree(rec, w.first)]
    if len(by) != 1:
        return None
    return by[0] if set(own) <= set(nz.title_key(by[0].first.main_title or "")) else None


def _is_full(p: Parsed) -> bool:
    return p.kind != "archive" and not (p.ibid or p.abbr_used or p.continuation or p.op_cit) \
        and not p.is_short_form


def resolve(records: list[Record], warnings: list[Problem]) -> list[Work]:
    works: list[Work] = []
    work_of: dict[int, Work] = {}

    def add_full(rec: Record) -> Work:
        key_w = Work(rec)
        for w in works:
            if w.key == key_w.key and w.key[1]:
                return w
        works.append(key_w)
        return key_w

    # Full citations first, so a short title may point forward as well as back.
    for rec in records:
        if _is_full(rec.parsed):
            work_of[id(rec)] = add_full(rec)

    abbr_def: dict[str, Record] = {}
    cited_before: dict[str, int] = {}  # a work's first citation id -> when it was last cited
    order = 0
    last: Record | None = None
    prev_in_note: Record | None = None
    for rec in records:
        p = rec.parsed
        if prev_in_note is not None and prev_in_note.note is not rec.note:
            prev_in_note = None
        target: Record | None = None
        if p.kind == "archive" and not p.abbr_used:
            if rec.cit.defines_abbr:
                abbr_def[rec.cit.defines_abbr] = rec
            prev_in_note = rec
            continue
        if p.ibid:
            target = last
            rec.cit.link = Link("ibid", target.cit.xml_id if target else None)
            if target is None:
                warnings.append(Problem(rec.note.line, f"note {rec.note.n}: 'Ibid.' with no earlier "
                                        "published work to stand for; left without a link"))
        elif p.op_cit:
            # The author's most recent work cited before this note.
            seen = [w for w in works if w.first.cit.xml_id in cited_before
                    and set(rec.surnames) <= set(w.first.surnames)]
            target = max(seen, key=lambda w: cited_before[w.first.cit.xml_id]).first if seen else None
            rec.cit.link = Link("short", target.cit.xml_id if target else None)
            for s in rec.cit.spans:
                if s.tag == "ref":
                    if target is not None:
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
                target = next((r for r in records if r.cit.xml_id == prev.cit.link.target), None)
            else:
                rec.cit.link = Link("abbr" if prev.cit.defines_abbr else "ibid", prev.cit.xml_id)
                target = prev
            _empty_ref(rec)
        elif not _is_full(p):
            work = _find_work(rec, works) or _same_edition(rec, works)
            if work is not None:
                target = work.first
                rec.cit.link = Link("short", target.cit.xml_id)
                _mark_short(rec)
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
            order += 1
            cited_before[w.first.cit.xml_id] = order
        last = rec
        prev_in_note = rec

    for rec in records:
        work = work_of.get(id(rec))
        if work is not None:
            work.records.append(rec)
    for w in works:
        for rec in w.records:
            rec.cit.corresp = w.xml_id  # filled in once ids are assigned
    return works


def _empty_ref(rec: Record) -> None:
    """A continuation ("and vol. 2, doc. 127") has no words of its own for the pointer: an
    empty ``ref`` at its start (writers open it before the parts starting there)."""
    link = rec.cit.link
    rec.cit.spans.insert(0, Span(rec.cit.start, rec.cit.start, "ref",
                                 {"type": link.via, "target": f"#{link.target}"}))


def _mark_short(rec: Record) -> None:
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
    if titles:
        start, end = titles[0].start, titles[-1].end
        idx = rec.cit.spans.index(titles[0])
    else:
        start = end = rec.cit.start
        idx = 0
    rec.cit.spans.insert(idx, Span(start, end, "ref", attrs))
