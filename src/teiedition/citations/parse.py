"""One citation -> its parts.

``parse_at(text, pos)`` reads a citation that starts at ``pos`` and stops where the
citation's grammar stops (prose follows, or the text ends); it returns the spans found
(offsets in ``text``) and the evidence that this really is a citation, which the splitter
uses to choose among possible starts. The grammar, in order:

    [Appendix 1 of] [names [(ed.)|, eds.],] title [in [names (ed.),] book | , journal]
    [(hereafter X)] [, ed. names] {, locator | (place: publisher, date) | date}

with the Ibid. and known-abbreviation forms replacing names and title.
"""
from __future__ import annotations

import re

from ..model import Span
from . import patterns as P
from .imprint import ImprintReader
from .locators import LocatorReader
from .names import NameReader
from .parsed import Parsed, _ws
from .titles import TitleReader

__all__ = ["Parsed", "parse_at"]

_URL = re.compile(r",?\s+(?:https?://|www\.)\S+?(?=[.,;]?(?:\s|$))")


class _Reader(NameReader, TitleReader, ImprintReader, LocatorReader):
    def __init__(self, text: str, abbrs: dict[str, object] | None = None,
                 repair_points: set[int] | None = None, allow_continuation: bool = False,
                 whole: bool = False):
        self.s = text
        self.whole = whole  # the text is one reference (teiedition bibl), not a note
        self.abbrs = sorted(abbrs or {}, key=len, reverse=True)
        self.repairs = repair_points or set()
        self.allow_continuation = allow_continuation

    # --- the citation ----------------------------------------------------------------
    def parse(self, pos: int) -> Parsed | None:
        s = self.s
        pos = _ws(s, pos)
        out = Parsed(pos, pos)
        p = pos
        pre = P.PREFIX_RANGE.match(s, p)
        if pre:
            unit = {"a": "appendix", "c": "chapter", "p": "part"}[pre.group("label")[0].lower()]
            v = pre.group("v")
            out.spans.append(Span(pre.start(), pre.end("v"), "citedRange", {"unit": unit, "n": v}))
            out.locators += 1
            p = pre.end()
        dash = re.compile(r"(?:[—–-]{2,}|—|_{2,})\.?(?=\s|[‘“\"«])").match(s, p)
        if dash:
            # "———." in a bibliography: the same author(s) as the entry before.
            out.spans.append(Span(dash.start(), dash.end(), "author"))
            out.authors.append(dash.group(0))
            p = _ws(s, dash.end())
            if s[p:p + 1] == ".":
                p = _ws(s, p + 1)
        if dash:
            p = self._author_year(p, out)  # "———. 2004. Past Poetic"
        m = P.IBID.match(s, p)
        if m:
            out.ibid = True
            out.spans.append(Span(m.start(), m.end(), "ref", {"type": "ibid"}))
            out.end = self.locators(m.end(), out, "ibid")
            out.end = max(out.end, m.end())
            return out
        for ab in self.abbrs:
            if s.startswith(ab, p) and (p + len(ab) == len(s) or not s[p + len(ab)].isalnum()):
                out.abbr_used = ab
                out.spans.append(Span(p, p + len(ab), "ref", {"type": "abbr"}))
                out.spans.append(Span(p, p + len(ab), "title", {"level": "m"}))
                out.title, out.title_level = ab, "m"
                out.end = self.locators(p + len(ab), out, "title")
                out.end = max(out.end, p + len(ab))
                return out
        if self.allow_continuation and not pre:
            probe = Parsed(p, p)
            e = self.locators(p, probe, "continuation")
            first = probe.spans[0] if probe.spans else None
            if first is not None and first.start == p and first.tag in ("biblScope", "citedRange") \
                    and first.attrs.get("unit") != "page":
                probe.continuation = True
                probe.spans[:0] = out.spans
                probe.start, probe.end = pos, e
                probe.locators += out.locators
                return probe
        attributed = None if dash else re.compile(
            r"[(\[](" + P.NAME.pattern + r")[)\]],\s+(?=[" + P.UP + r"‘“\"])").match(s, p)
        if attributed:
            # "(Joseph Nunes), A Diplomat on Diplomacy": an anonymous work's attributed author.
            out.spans.append(Span(attributed.start(1), attributed.end(1), "author"))
            out.authors.append(attributed.group(1))
            p = attributed.end()
        letter = None if dash else P.LETTER.match(s, p)
        names = None if dash or letter or attributed else self.names(p)
        out.letter = letter is not None
        if names:
            nend, nlist, role, t = names
            tag = "editor" if role else "author"
            for a, b in nlist:
                out.spans.append(Span(a, b, tag, {"role": "translator"} if role == "translator" else {}))
                (out.editors if role else out.authors).append(s[a:b])
            p = t
            oc = P.OP_CIT.match(s, p)
            if oc:
                # "Roberts, op. cit., p. 5": the author's work cited before, as a short reference.
                out.op_cit = True
                out.spans.append(Span(oc.start(), oc.end(), "ref", {"type": "short"}))
                out.end = max(oc.end(), self.locators(oc.end(), out, "ibid"))
                return out
            p = self._author_year(p, out)
        bracket = None if names or letter else P.PLACE_BEFORE_TITLE.match(s, p)
        if bracket:
            out.spans.append(Span(bracket.start("place"), bracket.end("place"), "pubPlace"))
            p = bracket.end()
        q = self.quoted(p)
        if q:
            a, b, p = q
            out.quoted = True
            tspan = Span(a, b, "title", {"level": "a"})
            out.spans.append(tspan)
            out.title, out.title_level = s[a:b], "a"
            p = self._after_article_title(p, out, tspan)
        else:
            # "—The Acts of the Apostles": a dash for the same author, glued to the title.
            if p >= len(s) or not (s[p].isupper() or s[p].isdigit() or s[p] in "[("
                                   or (s[p] in "—–" and s[p + 1:p + 2].isupper())):
                if not names:
                    return None
                out.end = names[0]
                return None
            if P.DATE_WORDS.match(s, p):
                return None  # a date is not a title
            b = letter.end() if letter else self.title_end(p)
            if b <= p:
                return None
            if re.fullmatch(r"[\d\s.,:–-]+", s[p:b]):
                return None  # a locator or a statute's page ("13 Stat. 184"), never a title
            tspan = Span(p, b, "title", {"level": "m"})
            out.spans.append(tspan)
            out.title, out.title_level = s[p:b], "m"
            out.title_penalty = self.title_penalty(p, b)
            p = b
            place = P.PLACE_BEFORE_DATE.match(s, p)
            if place and not letter:
                g = "place" if place.group("place") else "bplace"
                out.spans.append(Span(place.start(g), place.end(g), "pubPlace"))
                p = place.end()
            c = re.compile(r",\s+in\s+").match(s, p)
            if c:
                p2 = self._container(c.end(), out)
                if p2 is not None:
                    tspan.attrs["level"] = "a"
                    out.title_level = "a"
                    p = p2
        out.end = p
        h = re.compile(r"\s*").match(s, p)
        if h and P.HEREAFTER.match(s, h.end()):
            out.end = p = self.paren(h.end(), out, False) or p
        out.end = max(out.end, self.locators(p, out, "title"))
        url = _URL.match(s, out.end)
        if url and (out.quoted or out.title):
            # A web page's address ends its citation and says it is one ("“FAQ,” https://…").
            out.end = url.end()
            out.locators += 1
        if letter:
            self._letter(out, tspan)
        self._kind(out)
        if letter and out.title is None:
            # No volume named that prints it: an unpublished source (docs/encoding.md).
            out.kind = "archive"
        return out

    def _author_year(self, p: int, out: Parsed) -> int:
        """Author-date: "Zwitter, Fran. 1990. Title" or "Smith, J. (2001) Title"."""
        y = re.compile(r"\(?(" + P.YEAR + r"[a-z]?)\)?[.,:]?\s+(?=\S)").match(self.s, p)
        if not y:
            return p
        out.spans.append(Span(y.start(1), y.end(1), "date", {"when": y.group(1)[:4]}))
        return y.end()

    def _letter(self, out: Parsed, head: Span) -> None:
        """Correspondents stay prose: a letter has no title of its own (quoting "Adams to
        Seward" as an article title would print quotation marks the source lacks). The
        volume it is printed "in" is the work cited; without one it is unpublished."""
        s = self.s
        out.spans.remove(head)
        out.letter = True
        out.container = False
        for sp in out.spans:
            # "Seward to Schurz, April 27, 1861, Message, 1861": no imprint stands outside
            # parentheses after a letter's date; the word is the volume's short title.
            if sp.tag == "pubPlace" and "(" not in s[head.end:sp.start]:
                sp.tag, sp.attrs = "title", {"level": "m"}
                out.imprint = out.pub = False
        book = next((sp for sp in out.spans if sp.tag == "title"), None)
        if book is not None:
            book.attrs["level"] = "m"
            out.title, out.title_level = s[book.start:book.end], "m"
        else:
            out.title, out.title_level = None, None
        out.title_penalty = 0

    def _after_article_title(self, p: int, out: Parsed, tspan: Span) -> int:
        s = self.s
        c = re.compile(r",?\s*(?:[Ii]n:?\s+|//\s*)").match(s, p)
        if c and (c.group(0).strip(", ").lower().startswith("in") or "//" in c.group(0)):
            p2 = self._container(c.end(), out)
            if p2 is not None:
                return p2
        j = re.compile(r"[,.]?\s*").match(s, p)
        jp = j.end()
        if jp < len(s) and s[jp].isupper() and not P.LOCATOR_AHEAD.match(s, jp) \
                and not P.DATE_WORDS.match(s, jp):
            b = self.title_end(jp, journal=True)
            if b > jp and self.title_penalty(jp, b) <= 1:
                out.spans.append(Span(jp, b, "title", {"level": "j"}))
                out.journal = True
                return b
        return p

    def _container(self, pos: int, out: Parsed) -> int | None:
        s = self.s
        p = pos
        # "in idem, The Bolshevik Revolution": the same author's book.
        same = re.compile(r"(?:idem|eadem|eidem|id\.)\s*,?\s+", re.I).match(s, p)
        if same:
            p = same.end()
        eds = self.names(p, need_role=True)
        if eds:
            nend, nlist, role, t = eds
            for a, b in nlist:
                out.spans.append(Span(a, b, "editor"))
                out.editors.append(s[a:b])
            p = t
        q = self.quoted(p)
        if q:
            a, b, p = q
        else:
            if p >= len(s) or not (s[p].isupper() or s[p].isdigit()):
                return None
            a, b = p, self.title_end(p)
            if b <= a:
                return None
            p = b
        out.spans.append(Span(a, b, "title", {"level": "m"}))
        out.container = True
        return p

    @staticmethod
    def _kind(out: Parsed) -> None:
        jt = next((sp for sp in out.spans if sp.tag == "title" and sp.attrs.get("level") == "j"), None)
        edited = jt is not None and any(sp.tag == "editor" and sp.start > jt.start for sp in out.spans)
        # A "journal" with an imprint or editors of its own is the book holding the article.
        if out.journal and (out.imprint or edited):
            for sp in out.spans:
                if sp.tag == "title" and sp.attrs.get("level") == "j":
                    sp.attrs["level"] = "m"
            out.journal, out.container = False, True
        units = {sp.attrs.get("unit") for sp in out.spans if sp.tag in ("citedRange", "biblScope")}
        if out.container:
            out.kind = "chapter"
        elif out.journal:
            out.kind = "article"
        elif not (out.authors or out.editors or out.quoted or out.letter) and "issue" in units \
                and not any(sp.tag in ("pubPlace", "publisher") for sp in out.spans):
            out.kind = "journal_issue"
            ts = out.title_span
            if ts is not None:
                ts.attrs["level"] = "j"
                out.title_level = "j"
        elif "document" in units or (out.editors and not out.authors):
            out.kind = "document_collection"
        else:
            out.kind = "book"


def parse_at(text: str, pos: int = 0, abbrs: dict[str, object] | None = None,
             repair_points: set[int] | None = None, allow_continuation: bool = False,
             whole: bool = False) -> Parsed | None:
    return _Reader(text, abbrs, repair_points, allow_continuation, whole).parse(pos)
