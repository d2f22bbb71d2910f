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
from dataclasses import dataclass, field

from ..model import Span
from . import normalise as nz
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
        if self.authors or self.editors:
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


_SKIP = re.compile(r"[,;:]\s*|\s+(?=\()|\.\s+|\)\s*")


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


class _Reader:
    def __init__(self, text: str, abbrs: dict[str, object] | None = None,
                 repair_points: set[int] | None = None, allow_continuation: bool = False,
                 whole: bool = False):
        self.s = text
        self.whole = whole  # the text is one reference (teiedition bibl), not a note
        self.abbrs = sorted(abbrs or {}, key=len, reverse=True)
        self.repairs = repair_points or set()
        self.allow_continuation = allow_continuation

    # --- names -----------------------------------------------------------------------
    def names(self, pos: int, need_role: bool = False, title_after: bool = True
              ) -> tuple[int, list[tuple[int, int]], str | None, int] | None:
        """Names at ``pos``, an optional role, and where the title after them starts."""
        s = self.s
        m = P.NAME.match(s, pos)
        if not m or not self._plausible_name(m.group(0)):
            m = P.CAPS_SURNAME.match(s, pos)
            if not m:
                return None
        names = [[m.start(), m.end()]]
        p = m.end()
        # Every way the name list could end, longest last: a list joined by bare commas is
        # only believed when an 'and' or a role confirms it ("A, B and C (eds)").
        states: list[tuple[list[list[int]], int, bool]] = [([list(x) for x in names], p, True)]
        pending = False
        while True:
            single = " " not in s[names[-1][0]:names[-1][1]].strip()
            inv = re.compile(r",\s+").match(s, p)
            g = None
            if single and inv:
                # Initials alone first ("Danay de Marcillac, K. Comment ..."), then spelled out.
                # ... and longer forenames before shorter ("Archetti, Eduardo P. El mundo").
                for rx in (P.INITIALS_ONLY, *P.GIVEN_PARTS):
                    cand = rx.match(s, inv.end())
                    if cand and self._given_ok(cand, names):
                        g = cand
                        break
            if g is not None:
                names[-1][1] = g.end() - (1 if s[g.end() - 1] == " " else 0)
                p = names[-1][1]
                states.append(([list(x) for x in names], p, not pending))
                continue
            j = P.NAME_JOIN.match(s, p)
            if j:
                n2 = P.NAME.match(s, j.end())
                if n2 and self._plausible_name(n2.group(0)) and n2.end() not in self.repairs:
                    is_and = re.search(r"\b(?:and|et|und)\b|&", j.group(0)) is not None
                    if is_and or " " in n2.group(0).strip():
                        names.append([n2.start(), n2.end()])
                        p = n2.end()
                        pending = not is_and
                        states.append(([list(x) for x in names], p, not pending))
                        continue
            break
        for names_, p_, confirmed in reversed(states):
            got = self._names_tail(names_, p_, need_role, confirmed, title_after)
            if got:
                return got
        return None

    def _names_tail(self, names: list[list[int]], p: int, need_role: bool, confirmed: bool,
                    title_after: bool = True):
        s = self.s
        role = None
        etal = P.ET_AL.match(s, p)
        if etal:
            p = etal.end()  # "J. Sun, Y. Wang, et al.": printed after the names, not a name
            confirmed = True
        r = P.ROLE_PAREN.match(s, p) or P.ROLE_COMMA.match(s, p)
        if r is None and "," in s[names[0][0]:names[0][1]]:
            r = re.compile(rf",\s+(?P<role>eds?\.)(?=\s+[{P.UP}‘“\"«])").match(s, p)
        if r:
            role = "translator" if r.group("role").lower().startswith("tr") else "editor"
            p = r.end()
        elif need_role or not confirmed:
            return None
        if not title_after:
            return p, [(a, b) for a, b in names], role, p
        sep = re.compile(r",\s*|\.\s+|:\s+").match(s, p)
        if not sep:
            last = s[names[-1][0]:names[-1][1]]
            if last.endswith(".") and re.match(r"\s+", s[p:]):
                sep = re.compile(r"\s+").match(s, p)
            elif role:
                sep = re.compile(r"\s*").match(s, p)  # "(eds) Beyond the Persecuting Society"
            else:
                return None
        t = sep.end()
        if t >= len(s):
            return None
        if P.OP_CIT.match(s, t):
            return p, [(a, b) for a, b in names], role, t
        if not (s[t] in "‘“\"«„`" or s[t].isupper()
                or (s[t].isdigit() and re.match(rf"\d+\s+[{P.UP}][{P.LO}]", s[t:]))):
            return None
        if P.LOCATOR_AHEAD.match(s, t) or P.DATE_WORDS.match(s, t) or P.IBID.match(s, t):
            return None
        return p, [(a, b) for a, b in names], role, t

    @staticmethod
    def _plausible_name(name: str) -> bool:
        words = name.replace(".", ". ").split()
        if any(w in P.NOT_NAME_WORDS for w in words):
            return False
        return len(words) <= 5

    def _given_ok(self, g: re.Match, names: list) -> bool:
        """Is ', X' after a lone surname the person's forenames (inverted name)?"""
        s = self.s
        given = g.group(0).strip()
        if not given or any(w in P.NOT_NAME_WORDS for w in given.split()):
            return False
        rest = s[g.end():]
        # A space lost after an italic title ends the title there: not a forename.
        if g.end() - (1 if s[g.end() - 1] == " " else 0) in self.repairs:
            return False
        if len(re.findall(rf"{P.GIVEN}", given)) > 2:
            return False
        if re.fullmatch(rf"(?:{P.INITIALS})", given + (" " if not given.endswith(" ") else "")) \
                or re.fullmatch(r"(?:[A-Z][a-z]?\.\s?)+", given):
            # "Ayer, A. J. Language, Truth, and Logic": the initials' period ends the name.
            return bool(re.match(r"\s*(?:,|\.|and\b|et\b|und\b|&|\(|:)", rest)) \
                or (given.endswith(".") and bool(re.match(rf"\s*[{P.UP}‘“\"«]", rest)))
        # Forenames spelled out: only when a title still follows, so that "Degras, Soviet
        # Documents, pp. 21–3" stays a surname and a title.
        if P.ROLE_PAREN.match(rest) or P.ROLE_COMMA.match(rest):
            return True
        if given.endswith(".") and re.match(rf"\s*[{P.UP}‘“\"«]", rest):
            return True  # "Erdman, David V. Blake: Prophet Against Empire"
        m = re.match(r"(?:,\s*(?:(?:and|et|und)\s+)?|\.\s+|\s*(?:and|et|und|&)\s+|\s*\(|:\s+)", rest)
        if not m:
            return False
        after = rest[m.end():]
        if not after or P.LOCATOR_AHEAD.match(after) or P.DATE_WORDS.match(after) \
                or re.match(r"\d", after):
            return False
        return after[0].isupper() or after[0] in "‘“\"«" or after.startswith("eds")

    # --- titles ----------------------------------------------------------------------
    def quoted(self, pos: int) -> tuple[int, int, int] | None:
        """A quoted title at ``pos``: (title start, title end, end after the closing quote)."""
        s = self.s
        for op, cl in P.OPEN_QUOTES.items():
            if s.startswith(op, pos):
                i = pos + len(op)
                while True:
                    j = s.find(cl, i)
                    if j < 0:
                        return None
                    # ’ is also the apostrophe ("People’s"): a closing quote is not followed by a letter.
                    if cl == "’" and j + 1 < len(s) and s[j + 1].isalpha():
                        i = j + 1
                        continue
                    break
                a, b = _trim(s, pos + len(op), j, " ,;:")
                if b - a < 2:
                    return None
                return a, b, j + len(cl)
        return None

    _TITLE_STOP = re.compile(
        r"\s*\(|\s*\[|,\s*(?=[‘“\"«])|\s*//|,\s+in\s+(?=[\w‘“\"«])|\s+[–—]\s+"
        r"|,\s*(?=" + P.LABEL + r")|,\s*(?=" + P.DATE_WORDS.pattern + r")"
        r"|,\s*(?=\d)(?!" + P.YEAR_RANGE + r"\b)|,\s*(?=n\.\s?p\.)"
        r"|,\s+(?=" + P.NAME.pattern + r"(?:(?:,\s+|,?\s+and\s+)" + P.NAME.pattern + r"){0,4}\s*"
        + P.ROLE_PAREN.pattern.replace("\\s*", "", 1) + r")"
        r"|[,.]\s+(?=" + P.EDITION + r")"
        r"|[,.]\s+(?=" + P.IMPRINT_AHEAD + r")")
    _JOURNAL_STOP = re.compile(r"\s+(?=\d)|,\s+(?=[A-Z][\w ]*,\s*(?:" + P.MONTH + r"|\d))")

    def title_end(self, pos: int, journal: bool = False) -> int:
        s = self.s
        end = len(s)
        for m in self._TITLE_STOP.finditer(s, pos):
            if m.start() > pos:
                end = m.start()
                break
        if journal:
            m = self._JOURNAL_STOP.search(s, pos, end)
            if m and m.start() > pos:
                end = m.start()
        # A period and a space end a field (bibliography style), unless it closes an abbreviation.
        # ... but not when an imprint in parentheses follows: then the period is the
        # title's own (a subtitle), as in note style.
        later_paren = re.search(r"\((?:[^()]*:\s*)?[^()]*" + P.YEAR + r"[^()]*\)", s[end:]) is not None \
            or s[end:end + 1] == "("
        for m in re.finditer(r"\.\s+(?=\S)", s[pos:end]):
            before = s[max(pos, pos + m.start() - 12):pos + m.start()]  # the word before is enough
            if P.ABBREV_BEFORE_PERIOD.search(before):
                continue
            if later_paren and not P.IMPRINT_AHEAD_RE.match(s, pos + m.end()):
                continue
            # A whole reference in bibliography style: "Title. Subtitle. Place: Publisher, 2001."
            # A period ends the title only before what follows a title.
            if self.whole and not self._field_after_title(pos + m.end()):
                continue
            end = pos + m.start()
            break
        # A space the source lost marks where an italic title ended ("Alliance|contains").
        for k in sorted(self.repairs):
            if pos < k < end and k + 1 < len(s) and s[k] == " " and s[k + 1].islower():
                end = k
                break
        a, b = _trim(s, pos, end)
        return b

    _AFTER_TITLE = re.compile(
        P.IMPRINT_AHEAD + "|" + P.EDITION + "|" + P.LABEL
        + r"|(?:[Ee]dited|[Tt]ranslated|[Cc]ompiled|[Ii]ntroduced)\s|[Ii]n:?\s|[‘“\"«]|\(|\d"
        + r"|[{UP}][\w\-]*\.?(?:,?\s[{UP}][\w\-]*\.?){{0,3}}\s*:".format(UP=P.UP))

    def _field_after_title(self, q: int) -> bool:
        """Does a field other than the title's own words start at ``q``?"""
        if self._AFTER_TITLE.match(self.s, q):
            return True
        rest = self.s[q:q + 200]
        # A last short segment: the publisher or a note ("Hohengehren", "Wadsworth").
        return "." not in rest.rstrip(". ") and len(rest.split()) <= 4

    def title_penalty(self, a: int, b: int) -> int:
        words = re.findall(rf"[{P.UP}{P.LO}\d][\w{P.APOS}\-]*", self.s[a:b])
        low = [w for w in words if w[0].islower() and w.lower() not in P.FUNCTION_WORDS]
        pen = len(low)
        text = self.s[a:b]
        if text.count(")") > text.count("("):
            pen += 3  # started inside a parenthesis
        # "See Izvestiya ...": a title does not begin with the words that introduce one.
        if words and re.match(r"(?:See|Cited|Cf|Also|And|For|On|In|According|Quoted|This|"
                              r"These|Reprinted)$", words[0]):
            pen += 2
        if len(words) > 40:
            pen += (len(words) - 40) // 5
        return pen

    # --- publication parenthesis -----------------------------------------------------
    def paren(self, pos: int, out: Parsed, after_journal: bool) -> int | None:
        s = self.s
        if pos >= len(s) or s[pos] != "(":
            return None
        close = s.find(")", pos)
        if close < 0:
            return None
        # "(n.p.: n.d. [probably 1863])": a bracket inside the parenthesis.
        if s.find("[", pos, close) >= 0 and s.find("]", pos) > close - 1:
            close = s.find(")", s.find("]", pos))
            if close < 0:
                return None
        h = P.HEREAFTER.match(s, pos)
        if h:
            out.spans.append(Span(h.start("v"), h.end("v"), "abbr"))
            out.defines_abbr = h.group("v")
            return h.end()
        a, b = pos + 1, close
        # "(WUNT 66; ed. J. Dunn; Tübingen: Mohr, 1992)": series, editors, earlier imprints,
        # then the imprint proper after the last semicolon.
        semi = s.rfind(";", a, b)
        if semi >= 0:
            seg_start = a
            for seg_end in [m.start() for m in re.finditer(";", s[:semi + 1])]:
                if seg_end < a:
                    continue
                sa = _ws(s, seg_start)
                ed = P.ROLE_LABEL.match(s, sa)
                if ed:
                    n = self._name_list(ed.end())
                    if n and n[0] <= seg_end:
                        for na, nb in n[1]:
                            out.spans.append(Span(na, nb, "editor"))
                            out.editors.append(s[na:nb])
                elif re.search(P.YEAR, s[sa:seg_end]) and ":" in s[sa:seg_end]:
                    self._imprint(sa, seg_end, out)
                seg_start = seg_end + 1
            a = _ws(s, semi + 1)
        inner = s[a:b]
        if not inner.strip():
            return None
        date = None
        for m in P.DATEISH.finditer(s, a, b):
            # "(Harmondsworth, 1964 edn)": an edition word may follow the year.
            tail = s[m.end():b].strip()
            if not tail or re.fullmatch(r"(?:edn|ed|edition|repr|reprint|rev\.?\s*edn?)\.?", tail):
                pre = s[a:m.start()]
                if pre.strip() == "" or re.search(r"(?:,|:|\s)\s*$", pre):
                    date = m
                    break
        colon = inner.find(":")
        spans = []
        if date:
            dstart, dend = date.start(), date.end()
            when = nz.iso_date(s[dstart:dend])
            spans.append(Span(dstart, dend, "date", {"when": when} if when else {}))
            head_end = dstart
        else:
            # A place alone in parentheses belongs to a journal: "International Affairs (Moscow)".
            if not after_journal:
                return None
            if re.search(r"\d", inner) or len(inner.split()) > 5:
                return None
            head_end = b
        ha, hb = _trim(s, a, head_end)
        ed = re.compile(P.EDITION + r"\s*[,;]?\s*").match(s, ha)
        if ed and ed.end() <= hb:
            ha = ed.end()  # "(2nd edn, London, 1991)": the edition is not the place
        if hb > ha:
            if colon >= 0 and a + colon < head_end:
                pa, pb = _trim(s, a, a + colon, " ,;:")  # keep "n.p." and "Mass." whole
                qa, qb = _trim(s, a + colon + 1, head_end)
                if pb > pa:
                    spans.append(Span(pa, pb, "pubPlace"))
                if qb > qa:
                    spans.append(Span(qa, qb, "publisher"))
            elif P.PUBLISHER_WORDS.search(s[ha:hb]) and not re.fullmatch(rf"[{P.UP}][{P.LO}]+", s[ha:hb]):
                spans.append(Span(ha, hb, "publisher"))
            else:
                spans.append(Span(ha, hb, "pubPlace"))
        out.spans.extend(spans)
        out.pub = True
        if date and len(spans) > 1:
            out.imprint = True
        return close + 1

    def _imprint(self, a: int, b: int, out: Parsed) -> None:
        """'Place: Publisher, Year' between a and b (one of several in a parenthesis)."""
        s = self.s
        m = re.compile(rf"\s*(?P<place>[^:;]+?)\s*:\s*(?P<pub>[^;]+?),?\s+(?P<date>{P.YEAR}[a-z]?)\s*$").match(s[:b], a)
        if m:
            out.spans += [Span(m.start("place"), m.end("place"), "pubPlace"),
                          Span(m.start("pub"), m.end("pub"), "publisher"),
                          Span(m.start("date"), m.end("date"), "date", {"when": m.group("date")[:4]})]

    # --- locators --------------------------------------------------------------------
    def locator(self, pos: int, out: Parsed, after: str) -> int | None:
        """One locator, date or publication statement at ``pos``; its end, or None."""
        s = self.s
        if s.startswith("(", pos):
            return self.paren(pos, out, after_journal=out.journal)
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

    def _name_list(self, pos: int) -> tuple[int, list[tuple[int, int]]] | None:
        s = self.s
        m = P.NAME.match(s, pos)
        if not m:
            return None
        names = [(m.start(), m.end())]
        p = m.end()
        while True:
            j = re.compile(r",?\s+(?:and|&)\s+|,\s+").match(s, p)
            if not j:
                break
            n2 = P.NAME.match(s, j.end())
            if not n2 or not self._plausible_name(n2.group(0)):
                break
            names.append((n2.start(), n2.end()))
            p = n2.end()
        return p, names

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
        names = None if dash else self.names(p)
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
            # Author-date: "Zwitter, Fran. 1990. Title" or "Smith, J. (2001) Title".
            y = re.compile(r"\(?(" + P.YEAR + r"[a-z]?)\)?[.,:]?\s+(?=\S)").match(s, p)
            if y:
                out.spans.append(Span(y.start(1), y.end(1), "date", {"when": y.group(1)[:4]}))
                p = y.end()
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
            b = self.title_end(p)
            if b <= p:
                return None
            tspan = Span(p, b, "title", {"level": "m"})
            out.spans.append(tspan)
            out.title, out.title_level = s[p:b], "m"
            out.title_penalty = self.title_penalty(p, b)
            p = b
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
        self._kind(out)
        return out

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
        elif not out.authors and not out.editors and not out.quoted and "issue" in units \
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
