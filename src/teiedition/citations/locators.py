"""Reading what follows a title: scope (vol., no., series), pinpoints (p., doc., ch., n.),
dates, editors named after the title, unbracketed imprints."""
from __future__ import annotations

import re

from ..model import Span
from . import normalise as nz
from . import patterns as P
from .parsed import Parsed

_SKIP = re.compile(r"[,;:]\s*|\s+(?=\()|\.\s+|\)\s*")


class LocatorReader:
    """Mixin of the citation reader: needs ``s`` and ``whole``."""

    def locator(self, pos: int, out: Parsed, after: str) -> int | None:
        """One locator, date or publication statement at ``pos``; its end, or None."""
        s = self.s
        if s.startswith("(", pos):
            return self.paren(pos, out, after_journal=out.journal)
        # "pp. 12–40, esp. p. 15": the pinpoint inside a range.
        esp = re.compile(r"(?:esp\.|especially)\s+(?=(?:pp?\.|\d))").match(s, pos)
        if esp:
            return self.locator(esp.end(), out, after)
        m = re.compile(r"passim\b").match(s, pos)
        if m and after == "page":
            return m.end()
        m = P.SERIES.match(s, pos)
        if m:
            return self._scope(m, out, "series")
        m = P.VOLUME.match(s, pos)
        if m:
            return self._scope(m, out, "volume")
        m = P.VOLUME_COUNT.match(s, pos)
        if m:
            return m.end()
        m = P.ISSUE.match(s, pos)
        if m:
            # After a book's imprint "no. 1093" numbers a document, not an issue.
            if out.pub and not out.journal:
                return self._range(m, out, "document")
            return self._scope(m, out, "issue")
        m = P.SHELFMARK.match(s, pos)
        if m:
            return m.end()
        m = P.PAGES.match(s, pos)
        if m:
            return self._pages(m.start(), m.end(), out)
        m = P.DOCS.match(s, pos)
        if m:
            return self._range(m, out, "document")
        m = P.CHAPTER.match(s, pos)
        if m:
            return self._range(m, out, "chapter")
        m = P.NOTE_REF.match(s, pos)
        if m:
            return self._range(m, out, "note")
        m = P.APPENDIX.match(s, pos)
        if m:
            return self._range(m, out, "appendix")
        m = P.PART.match(s, pos)
        if m:
            return self._scope(m, out, "part")
        m = re.compile(r"(?:eds?|Eds?)\.(?=\s*[(,;.]|$)").match(s, pos)
        if m:
            return m.end()
        m = P.ROLE_LABEL.match(s, pos)
        if m:
            n = self._name_list(m.end())
            if n:
                role = "translator" if m.group("role").lower().startswith("tr") else None
                for a, b in n[1]:
                    out.spans.append(Span(a, b, "editor", {"role": role} if role else {}))
                    out.editors.append(s[a:b])
                return n[0]
        m = re.compile(P.EDITION).match(s, pos)
        if m:
            return m.end()  # an edition statement is printed but not one of the parts we mark
        if out.letter:
            # A despatch's own number ("Message No. 130"): printed, not one of our parts.
            m = re.compile(rf"[{P.UP}][{P.LO}]+\s+No\.\s*\d+\b").match(s, pos)
            if m:
                return m.end()
        if not out.container:
            c = re.compile(r"[Ii]n:?\s+").match(s, pos)
            if c:
                e = self._container(c.end(), out)
                if e is not None:
                    for sp in out.spans:
                        if sp.tag == "title" and sp.attrs.get("level") == "m" and not out.quoted:
                            sp.attrs["level"] = "a"
                            break
                    return e
        n = self.names(pos, need_role=True, title_after=False) if s[pos:pos + 1].isupper() else None
        if n:
            nend, nlist, role, _t = n
            for a, b in nlist:
                out.spans.append(Span(a, b, "editor", {"role": "translator"} if role == "translator" else {}))
                out.editors.append(s[a:b])
            return nend
        m = P.DATE_WORDS.match(s, pos)
        if m:
            when = nz.iso_date(m.group(0))
            out.spans.append(Span(m.start(), m.end(), "date", {"when": when} if when else {}))
            # A day's date pins a newspaper or a letter down as a page number does a book.
            if when and len(when) == 10:
                out.locators += 1
            return m.end()
        m = re.compile(r"\d+(?:st|nd|rd|th)\s+[A-Z][a-z]+\.?").match(s, pos)
        if m:
            return m.end()  # "38th Cong.", "2nd Sess.": printed, not one of our parts
        if after == "volume":
            m = re.compile(P.YEAR_RANGE + r"\b").match(s, pos)
            if m:
                return m.end()   # a volume's own title ("vol. 3, 1933–1941"): printed, not a part
        # Unbracketed imprint, bibliography style: "Berlin: de Gruyter, 1999", "Toronto, 1981".
        m = re.compile(rf"(?P<place>[{P.UP}][^\W\d][\w .\-]*?(?:,\s*[{P.UP}][\w.]*(?:\s[{P.UP}][\w.]*)?)?)\s*:\s*"
                       rf"(?P<pub>[^,;:()]+?),?\s+(?P<date>{P.YEAR}[a-z]?)\b").match(s, pos)
        # A place has no sentence inside: "New British Fiction. Basingstoke" is a title and a place.
        if m and not out.pub and not re.search(r"[a-z]{3}\.\s", m.group("place")):
            out.imprint = True
            out.spans += [Span(m.start("place"), m.end("place"), "pubPlace"),
                          Span(m.start("pub"), m.end("pub"), "publisher"),
                          Span(m.start("date"), m.end("date"), "date", {"when": m.group("date")[:4]})]
            out.pub = True
            return m.end()
        m = re.compile(rf"(?P<place>[{P.UP}][{P.LO}]+(?:\s[{P.UP}][{P.LO}]+)?),\s*"
                       rf"(?P<date>{P.YEAR})\b(?![–-])").match(s, pos)
        if m and not out.pub:
            tag = "publisher" if P.PUBLISHER_WORDS.search(m.group("place")) else "pubPlace"
            out.spans += [Span(m.start("place"), m.end("place"), tag),
                          Span(m.start("date"), m.end("date"), "date", {"when": m.group("date")})]
            out.pub = True
            return m.end()
        m = re.compile(rf"{P.YEAR}\b(?![–-])").match(s, pos)
        if m and not out.pub and not any(sp.tag == "date" for sp in out.spans) and after != "title":
            out.spans.append(Span(m.start(), m.end(), "date", {"when": m.group(0)}))
            return m.end()
        # A journal's volume comes before its date: "American Literature 20, no. 3 (1948)".
        if out.journal and not out.pub and not any(sp.tag == "date" for sp in out.spans):
            m = re.compile(r"(\d+)(?:\.(\d+))?(?=\s*\(|,\s*(?:no|No|issue)\b|\s*:)").match(s, pos)
            if m:
                return self._scope_plain(m.start(), m.end(), out, "volume")
        if after == "title" and not out.journal and not out.quoted and not out.authors and not out.pub:
            # "Slavic Review, 51 (1992), 1–20": a volume and a year in parentheses make a journal.
            m = re.compile(rf"\d+(?=\s*\((?:[A-Za-z]+\.?\s)?{P.YEAR}\))").match(s, pos)
            if m:
                for sp in out.spans:
                    if sp.tag == "title" and sp.attrs.get("level") == "m":
                        sp.attrs["level"] = "j"
                out.journal = True
                out.title_level = "j"
                return self._scope_plain(m.start(), m.end(), out, "volume")
        if self.whole and not (out.journal or out.container or out.pub or out.quoted):
            # "Title. Journal of Animal Ecology 77: 830–837" (author-date, no quotes): the
            # journal is known by the volume and pages after it.
            m = P.JOURNAL_VOLUME.match(s, pos)
            if m:
                for sp in out.spans:
                    if sp.tag == "title" and sp.attrs.get("level") == "m":
                        sp.attrs["level"] = "a"
                out.spans.append(Span(m.start("j"), m.end("j"), "title", {"level": "j"}))
                out.journal = True
                self._scope_plain(m.start("v"), m.end("v"), out, "volume")
                if m.group("i"):
                    self._scope_plain(m.start("i"), m.end("i"), out, "issue")
                return self._pages(m.start("p"), m.end("p"), out)
        if self.whole and not out.pub:
            # "Ontario: Anansi." at the end of a reference: an imprint without a year.
            m = re.compile(rf"(?P<place>[{P.UP}][\w .,\-]{{1,40}}?)\s*:\s*(?P<pub>[^,;:()]+?)\.?\s*$").match(s, pos)
            if m and not re.search(r"[a-z]{3}\.\s", m.group("place")):
                out.spans += [Span(m.start("place"), m.end("place"), "pubPlace"),
                              Span(m.start("pub"), m.end("pub"), "publisher")]
                out.pub = out.imprint = True
                return m.end("pub")
        if out.pub or out.journal or after in ("date",):
            m = P.BARE_PAGES.match(s, pos)
            if m and not re.fullmatch(P.YEAR, m.group(0)):
                return self._pages(m.start(), m.end(), out)
        return None

    def _scope(self, m: re.Match, out: Parsed, unit: str) -> int:
        v = m.group("v") if m.group("v") is not None else m.group("v2")
        out.spans.append(Span(m.start(), m.end(), "biblScope", {"unit": unit, "n": nz.number(v)}))
        out.locators += 1
        return m.end()

    def _scope_plain(self, a: int, b: int, out: Parsed, unit: str) -> int:
        out.spans.append(Span(a, b, "biblScope", {"unit": unit, "n": self.s[a:b]}))
        out.locators += 1
        return b

    def _range(self, m: re.Match, out: Parsed, unit: str) -> int:
        v = m.group("v")
        attrs = {"unit": unit}
        if re.fullmatch(r"[\w]+", v):
            attrs["n"] = v
        else:
            r = nz.page_ranges(v)
            if len(r) == 1 and re.fullmatch(r"\d+\s*[–-]\s*\d+", v):
                attrs["from"], attrs["to"] = str(r[0][0]), str(r[0][1])
        out.spans.append(Span(m.start(), m.end(), "citedRange", attrs))
        out.locators += 1
        return m.end()

    def _pages(self, a: int, b: int, out: Parsed) -> int:
        """Pages: one citedRange per range, so each carries its own @from/@to."""
        s = self.s
        label = re.match(r"(?:pp?\.|Pp?\.|pages?)\s*", s[a:b])
        first = a + (label.end() if label else 0)
        pieces = [(mm.start() + first, mm.end() + first) for mm in
                  re.finditer(r"[\dxivlc]+(?:\s*[–-]\s*[\dxivlc]+)?(?:\s*ff?\.)?", s[first:b])]
        for i, (pa, pb) in enumerate(pieces):
            attrs = {"unit": "page"}
            r = nz.page_ranges(s[pa:pb])
            if r:
                attrs["from"], attrs["to"] = str(r[0][0]), str(r[0][1])
            out.spans.append(Span(a if i == 0 else pa, pb, "citedRange", attrs))
        out.locators += 1
        return b

    def locators(self, pos: int, out: Parsed, after: str) -> int:
        """Locators after ``pos``; returns the end of the last one read (or ``pos``)."""
        s = self.s
        end = pos
        while True:
            sep = re.compile(r"\s*(?:[,:;]|\.(?=\s))?\s*").match(s, end)
            p = sep.end() if sep else end
            if p >= len(s):
                break
            if sep and ";" in sep.group(0) and not self.whole:
                break
            nxt = self.locator(p, out, after)
            if nxt is None and self.whole:
                # A whole line is one reference: step over what we cannot read (a series,
                # a note) to the parts after it.
                for k, m in enumerate(_SKIP.finditer(s, p)):
                    q = m.end()
                    if q >= len(s) or k > 40:
                        break
                    nxt = self.locator(q, out, after)
                    if nxt is not None:
                        break
            if nxt is None:
                break
            after = out.spans[-1].attrs.get("unit", out.spans[-1].tag) if out.spans else after
            end = nxt
        return end
