"""A note -> its citations (the rest is prose).

Steps, in this order: sentences (a citation never spans a sentence end), clauses (a
citation never spans a ';'), then within a clause the citations left to right. At each
step the possible starts are the clause start, the word after a connective ("See",
"Cited by", "in", "and", ":") and every capitalised word; each is parsed, and among the
starts that overlap the first convincing one the best-evidenced wins, so "Cited by
Maksimychev, Diplomatiya Mira" starts at the name while "DVPS, vol. 16 and DGFP, ..."
stays two citations.
"""
from __future__ import annotations

import bisect
import re

from . import patterns as P
from .parse import Parsed, parse_at

THRESHOLD = 2
# No citation runs longer than this: each start is parsed in a window of the clause, so a
# note of 100,000 characters of prose costs time in proportion to its length.
WINDOW = 800

_SENTENCE_END = re.compile(r"[.?!][’”\"]?\s+(?=[‘“\"(\[]?[A-Z0-9])")
_CUE = re.compile(r"\b(?:[Ss]ee(?:\s+also)?:?|[Cc]f\.|[Cc]ited\s+(?:by|in)|[Qq]uoted\s+(?:by|in)|"
                  r"[Rr]eprinted\s+in|[Ii]n|by|from|and|[Aa]lso|his|her|their|according\s+to|"
                  r"e\.g\.,?|for\s+example,?)\s+|:\s+")
# Outside connectives, a citation starts after a comma, colon or parenthesis, never in
# the middle of a run of words ("vo vremya Velikoi" is one title, not two).
_WORD_START = re.compile(r"(?:(?<=[,:]\s)|(?<=\())(?=[A-Z‘“\"«]|[Ii]bid)")
_ARCHIVE = re.compile(r"\b(?:[Aa]rchives?|[Pp]apers|[Mm]anuscripts?|MSS?\b|NARA|Record\s+Group|"
                      r"RG\s+\d+|Public\s+Record\s+Office|Staatsarchiv|Nachlass|[Ff]onds?|"
                      r"[Ll]ibrary\s+of\s+Congress|\bf\.\s*\d+\w*,\s*op\.)")
_BETWEEN = re.compile(r"[\s,;]*(?:and\s+|&\s+)?")


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[max(start, m.start() - 12):m.start()]  # the word before the period
        word = re.search(r"[\w.]*$", before).group(0)
        if text[m.start()] == "." and P.ABBREV_BEFORE_PERIOD.search(before) \
                and not word.lower().startswith("ibid"):
            continue
        if _inside_parens(text, start, m.start()):
            continue
        out.append((start, m.start() + 1 + (1 if text[m.start() + 1:m.start() + 2] in "’”\"" else 0)))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _inside_parens(text: str, a: int, b: int) -> bool:
    return text.count("(", a, b) > text.count(")", a, b)


def clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, start, depth = [], a, 0
    for i in range(a, b):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, b))
    return out


def _archive(text: str, c: int, b: int) -> Parsed | None:
    """A reference to unpublished sources: a short phrase naming archives, alone in its clause."""
    if b - c > 300:
        return None
    end = b
    while end > c and text[end - 1] in " .;,":
        end -= 1
    phrase = text[c:end]
    if not phrase or not (phrase[0].isupper()) or "(" in phrase or len(phrase.split()) > 16:
        return None
    if not _ARCHIVE.search(phrase):
        return None
    return Parsed(c, end, kind="archive")


def _unpublished(text: str, p: Parsed) -> bool:
    """A reference to archives ("NARA, RG 84, ..., Vol. 24"): no imprint, no journal, no book."""
    if p.ibid or p.abbr_used or p.continuation:
        return False
    imprint = any(sp.tag in ("pubPlace", "publisher") for sp in p.spans)
    if any(_ARCHIVE.search(a) for a in p.authors) \
            and not (imprint or p.journal or p.container or p.quoted):
        return True  # "NARA, RG 59, ... (1785–1906)": read as a name, it is the archive's
    if p.pub or p.journal or p.container or p.quoted:
        return False
    if p.is_short_form and p.authors and all(re.search(r"[a-z]", a) and not _ARCHIVE.search(a)
                                             for a in p.authors):
        # "Basler, Papers of Abraham Lincoln": a person's name and a short title are a
        # book cited in full elsewhere, not a fonds (an acronym such as "NARA" may be one).
        return False
    return bool(_ARCHIVE.search(text, p.start, p.end))


def _archive_tail(text: str, r: Parsed, b: int, abbrs) -> None:
    """Extend a letter or an archive reference over the archive's name and shelfmark after it.

    "N. Chamberlain to Hilda Chamberlain, 19 March 1939, Chamberlain Papers, NC 18/1/1090" and
    "PRO, FO 371/23686, minute by Sargent, 3 May 1939" are one unpublished source each.
    """
    definer = abbrs.get(r.abbr_used) if r.abbr_used else None
    archival = r.kind == "archive" or getattr(definer, "kind", None) == "archive"
    dated = any(s.tag == "date" and len(s.attrs.get("when", "")) == 10 for s in r.spans)
    printed_in = r.letter and r.title  # a letter "in" a volume is published
    if not (archival or (dated and not (r.pub or r.journal or r.container or printed_in))):
        return
    m = re.compile(r",\s+").match(text, r.end)
    if not m:
        return
    end = b
    while end > m.end() and text[end - 1] in " .;,":
        end -= 1
    rest = text[m.end():end]
    # Dates in parentheses belong to a shelfmark ("Diplomatic Correspondence (1785–1906)");
    # a colon in them is an imprint, so a published book follows.
    parens = re.findall(r"\(([^()]*)\)", rest)
    if not rest or rest.count("(") != len(parens) or any(":" in x for x in parens) \
            or len(rest.split()) > 20:
        return
    if archival or _ARCHIVE.search(rest):
        r.end = end
        r.kind = "archive"
        r.archive_tail = True
        r.spans = [s for s in r.spans if s.tag in ("biblScope", "citedRange", "date", "abbr", "ref", "title")
                   and (s.tag != "title" or r.abbr_used)]


def _candidates(text: str, a: int, b: int) -> list[int]:
    """Every possible citation start in text[a:b], sorted (computed once per clause)."""
    starts = set()
    for m in _CUE.finditer(text, a, b):
        starts.add(m.end())
    for m in _WORD_START.finditer(text, a, b):
        starts.add(m.start())
    # "Reference is to Seward to Adams, July 21, 1861": a letter starts at its writer.
    for m in P.LETTER.finditer(text, a, b):
        starts.add(m.start())
    return sorted(s for s in starts if s < b and not text[s].isspace())


def _parse_window(text: str, c: int, b: int, abbrs, repairs: list[int], cont: bool) -> Parsed | None:
    end = min(b, c + WINDOW)
    lo, hi = bisect.bisect_left(repairs, c), bisect.bisect_right(repairs, end)
    r = parse_at(text[c:end], 0, abbrs, {k - c for k in repairs[lo:hi]}, allow_continuation=cont)
    if r is not None:
        r.start += c
        r.end += c
        for s in r.spans:
            s.start += c
            s.end += c
    return r


def find_citations(text: str, abbrs: dict[str, object], repair_points: set[int],
                   on_found=None) -> list[Parsed]:
    """The citations of one note, in reading order (offsets in ``text``).

    ``abbrs`` grows as "(hereafter X)" definitions are read, so a later citation in the
    same note can use X; ``on_found`` is told of each citation as it is accepted.
    """
    found: list[Parsed] = []
    repairs = sorted(repair_points)
    for sa, sb in sentences(text):
        for ca, cb in clauses(text, sa, sb):
            pos = ca
            prev: Parsed | None = None
            starts = _candidates(text, ca, cb)
            while pos < cb:
                best = _best(text, pos, cb, abbrs, repairs, prev, starts)
                if best is None:
                    break
                if prev is None and found and _subtitle_after_semicolon(text, found[-1], best, ca):
                    prev, pos = found[-1], best.end
                    continue
                found.append(best)
                if best.defines_abbr:
                    abbrs[best.defines_abbr] = best
                if on_found:
                    on_found(best)
                prev = best
                pos = best.end
    return found


def _subtitle_after_semicolon(text: str, last: Parsed, r: Parsed, ca: int) -> bool:
    """"Cox, Eight Years in Congress, from 1857–1865; Memoir and Speeches (New York, 1865)":
    a title may hold a semicolon. When the clause before ends with a bare "Surname, Title"
    and this clause is a title alone with its imprint, they are one citation: ``last`` is
    extended over ``r`` (True) and ``r`` is dropped."""
    ts, rt = last.title_span, r.title_span
    if ts is None or rt is None or not last.is_short_form or last.locators or not last.authors:
        return False
    if text[last.end:ca].strip() != ";" or text[ca:r.start].strip() or rt.start != r.start:
        return False
    if r.authors or r.editors or r.quoted or not r.pub or ts.end != last.end:
        return False
    ts.end = rt.end
    last.spans += [sp for sp in r.spans if sp is not rt]
    last.end, last.pub, last.imprint, last.locators = r.end, True, r.imprint, r.locators
    last.title = text[ts.start:ts.end]
    last.defines_abbr = last.defines_abbr or r.defines_abbr
    return True


def _whole_title(best: Parsed, scored: list[tuple[int, Parsed]], pos: int) -> Parsed:
    """A long title may hold names ("The Assassination of Abraham Lincoln, ..., and Frederick
    W. Seward, Assistant Secretary, ... (Washington, 1866)"): read from a name inside it,
    the citation scores higher, yet the whole clause reads as one title with no word out of
    place, ending where the other does. The clause's own reading wins then."""
    if best.start <= pos or best.letter:
        return best
    for _, x in scored[:1]:
        ts = x.title_span
        if x.start < best.start and x.end == best.end and not (x.authors or x.editors or x.letter) \
                and x.title_penalty == 0 and ts is not None and ts.start == x.start \
                and ts.end > best.start:
            return x
    return best


def _best(text: str, pos: int, b: int, abbrs, repairs: list[int], prev: Parsed | None,
          starts: list[int]) -> Parsed | None:
    cont_at = _BETWEEN.match(text, pos).end() if prev is not None else -1
    scored: list[tuple[int, Parsed]] = []
    first_end = None
    while pos < b and text[pos].isspace():
        pos += 1
    cands = starts[bisect.bisect_left(starts, pos):]
    if pos < b and (not cands or cands[0] != pos):
        cands = [pos] + cands
    for c in cands:
        if first_end is not None and c >= first_end:
            break
        r = _parse_window(text, c, b, abbrs, repairs, c == cont_at)
        if r is not None and _unpublished(text, r):
            # An archive's description is not a published title: keep only its scope and dates.
            r.kind = "archive"
            r.spans = [s for s in r.spans if s.tag in ("biblScope", "citedRange", "date", "abbr", "ref")]
        if r is not None:
            _archive_tail(text, r, b, abbrs)
        arch = _archive(text, c, b)
        options = [x for x in (r, arch) if x is not None and x.end > x.start]
        for x in options:
            sc = 3 if x is arch else max(x.score(), 3 if x.archive_tail else -99)
            if sc >= THRESHOLD:
                scored.append((sc, x))
                if first_end is None:
                    first_end = x.end
    if not scored:
        return None
    top = max(sc for sc, _ in scored)
    best = next(x for sc, x in scored if sc == top)
    best = _whole_title(best, scored, pos)
    # "Adams to Seward, <date>, NARA, RG 84, ..., Vol. 24" is one unpublished source: the
    # letter read over the archive's name wins, and keeps the parts read in the archive's.
    tail = next((x for _, x in scored if x.archive_tail and x.start <= best.start
                 and x.end >= best.end), None)
    if tail is None:
        return best
    have = {(sp.start, sp.end) for sp in tail.spans}
    for _, y in scored:
        if y is not tail and y.start > tail.start and y.end <= tail.end:
            for sp in y.spans:
                if sp.tag in ("biblScope", "citedRange", "date") and (sp.start, sp.end) not in have \
                        and not any(h[0] < sp.end and sp.start < h[1] for h in have):
                    tail.spans.append(sp)
                    have.add((sp.start, sp.end))
    tail.spans.sort(key=lambda sp: (sp.start, -sp.end))
    return tail
