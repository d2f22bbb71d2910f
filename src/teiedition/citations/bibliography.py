"""Works -> the consolidated bibliography (normalised entries) and the list of abbreviations."""
from __future__ import annotations

import re

from ..model import Abbreviation, BiblEntry, Span
from . import normalise as nz
from .resolve import Record, Work

Part = tuple[str | None, dict[str, str], str]


def _names(rec: Record, spans, role_suffix: str = "") -> list[Part]:
    out: list[Part] = []
    for i, s in enumerate(spans):
        name = rec.text(s)
        if i:
            out.append((None, {}, " and " if i == len(spans) - 1 else ", "))
        out.append((s.tag, {k: v for k, v in s.attrs.items() if k == "role"},
                    nz.inverted(name) if i == 0 else name))
    if spans and role_suffix:
        out.append((None, {}, role_suffix))
    return out


def _entry_parts(work: Work) -> list[Part]:
    rec = work.first
    text = rec.text
    parts: list[Part] = []
    authors = rec.spans("author")
    titles_a = rec.spans("title", "a")
    titles_m = rec.spans("title", "m")
    titles_j = rec.spans("title", "j")
    # Editors before the book title edit the container when there is an article title.
    editors = [s for s in rec.spans("editor") if not s.attrs.get("role")]
    main_editors = editors if not titles_a else []
    book_editors = editors if titles_a else []
    if authors:
        parts += _names(rec, authors)
    elif main_editors:
        parts += _names(rec, main_editors, " (ed.)" if len(main_editors) == 1 else " (eds)")
    if parts:
        parts.append((None, {}, " " if parts[-1][2].endswith(".") else ". "))
    if titles_a:
        parts += [(None, {}, "‘"), ("title", {"level": "a"}, text(titles_a[0])), (None, {}, "’")]
        if titles_m:
            parts.append((None, {}, ", in "))
            if book_editors:
                parts += [(s.tag, {}, text(s)) for s in book_editors[:1]]
                for s in book_editors[1:]:
                    parts += [(None, {}, " and "), ("editor", {}, text(s))]
                parts.append((None, {}, " (ed.), " if len(book_editors) == 1 else " (eds), "))
            parts.append(("title", {"level": "m"}, text(titles_m[0])))
        elif titles_j:
            parts += [(None, {}, ", "), ("title", {"level": "j"}, text(titles_j[0]))]
    elif titles_m:
        parts.append(("title", {"level": "m"}, text(titles_m[0])))
    elif titles_j:
        parts.append(("title", {"level": "j"}, text(titles_j[0])))
    elif rec.spans("title", "s"):
        # A statute or a file named by its series alone ("34 Stat. 697"): the series names it.
        parts.append(("title", {"level": "s"}, text(rec.spans("title", "s")[0])))
    else:
        # A web page cited by its address alone: the address is what names it.
        for s in rec.spans("ref"):
            if s.attrs.get("type") == "url":
                parts.append(("ref", {"type": "url", "target": s.attrs["target"]}, text(s)))
                break
    for unit in ("series", "volume", "issue"):
        scopes = [s for s in rec.spans("biblScope") if s.attrs.get("unit") == unit]
        values = {s.attrs.get("n") for r in work.records for s in r.spans("biblScope")
                  if s.attrs.get("unit") == unit}
        # A series cited in several volumes is one work: its entry names no single volume.
        if scopes and len(values) == 1:
            parts += [(None, {}, ", "), ("biblScope", dict(scopes[0].attrs), text(scopes[0]))]
    imprint: list[Part] = []
    for tag in ("pubPlace", "publisher"):
        for s in rec.spans(tag):
            if imprint:
                imprint.append((None, {}, ": " if tag == "publisher" else ", "))
            imprint.append((tag, {}, text(s)))
    date = _pub_date(rec)
    if date is not None:
        if imprint:
            imprint.append((None, {}, ", "))
        imprint.append(("date", dict(date.attrs), text(date)))
    if imprint:
        parts.append((None, {}, " (" if titles_j and not titles_m else ". "))
        parts += imprint
        if titles_j and not titles_m:
            parts.append((None, {}, ")"))
    parts.append((None, {}, "."))
    return parts


def _sort_key(work: Work) -> str:
    rec = work.first
    names = rec.spans("author") or rec.spans("editor")
    head = nz.surname(rec.text(names[0])) if names else ""
    return f"{nz.fold(head) or '~'} {nz.fold(rec.main_title or '')}"


def _pub_date(rec: Record) -> Span | None:
    """The work's date: not a letter's or a diary entry's day printed before its title
    ("Adams to Seward, April 3, 1863 in Message ..."), and a year before a day."""
    title = rec.spans("title")
    after = [s for s in rec.spans("date") if not title or s.start >= title[0].start]
    years = [s for s in after if len(s.attrs.get("when", "")) == 4]
    found = years or after
    return found[0] if found else None


def _year(work: Work) -> str:
    s = _pub_date(work.first)
    m = re.search(r"\d{4}", work.first.text(s)) if s is not None else None
    return m.group(0) if m else ""


def assign_ids(works: list[Work]) -> None:
    taken: set[str] = set()
    for w in works:
        rec = w.first
        names = rec.spans("author") or rec.spans("editor")
        if rec.cit.defines_abbr:
            base = nz.slug(rec.cit.defines_abbr)
        elif names:
            base = nz.slug(f"{nz.surname(rec.text(names[0]))} {_year(w)}", max_words=4)
        else:
            series = rec.spans("title", "s")
            base = nz.slug(f"{rec.main_title or (rec.text(series[0]) if series else 'work')}", max_words=3)
            if _year(w):
                base += "-" + _year(w)
        if re.fullmatch(r"n\d+(?:-\d+)?", base):
            base = "w-" + base  # never the id of a note or a citation
        xml_id, k = base, 1
        while xml_id in taken:
            k += 1
            xml_id = f"{base}-{chr(ord('a') + k - 1)}" if k <= 26 else f"{base}-{k}"
        taken.add(xml_id)
        w.xml_id = xml_id
        for r in w.records:
            r.cit.corresp = xml_id


def entries(works: list[Work]) -> list[BiblEntry]:
    out = []
    for w in works:
        out.append(BiblEntry(xml_id=w.xml_id, sort_key=_sort_key(w), parts=_entry_parts(w),
                             kind=w.first.cit.kind, cited_in=[r.cit.xml_id for r in w.records]))
    out.sort(key=lambda e: (e.sort_key, e.xml_id))
    return out


def _before_abbr(rec: Record) -> str:
    """What an abbreviation stands for when no title is marked: "Public Record Office"."""
    ab = next((s for s in rec.cit.spans if s.tag == "abbr"), None)
    if ab is None:
        return ""
    head = rec.note.text[rec.cit.start:ab.start]
    return re.sub(r"\s*\(\s*(?:hereafter|henceforth|hereinafter)(?:\s+cited\s+as)?\s*$", "", head).strip(" ,")


def _title_before_abbr(rec: Record) -> str | None:
    """The title an abbreviation follows: "(hereafter X)" names the work just before it, so
    in "Adams to Seward, <date> in Message of the President ... (hereafter Message, 1863)"
    X is the volume's title, whatever else the citation holds."""
    ab = next((s for s in rec.cit.spans if s.tag == "abbr"), None)
    if ab is None:
        return None
    before = [s for s in rec.cit.spans if s.tag == "title" and s.end <= ab.start]
    return rec.text(before[-1]) if before else None


def abbreviations(records: list[Record], works: list[Work]) -> list[Abbreviation]:
    work_of = {id(r): w for w in works for r in w.records}
    out: list[Abbreviation] = []
    for rec in records:
        ab = rec.cit.defines_abbr
        if ab and all(a.abbr != ab for a in out):
            w = work_of.get(id(rec))
            out.append(Abbreviation(abbr=ab, expansion=_title_before_abbr(rec) or rec.main_title
                                    or _before_abbr(rec) or ab,
                                    target=rec.cit.xml_id, entry=w.xml_id if w else None))
    out.sort(key=lambda a: nz.fold(a.abbr))
    return out
