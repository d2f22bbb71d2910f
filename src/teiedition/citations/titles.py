"""Reading titles: quoted ones, and unquoted ones up to where the next field starts."""
from __future__ import annotations

import re

from . import patterns as P
from .parsed import _trim


class TitleReader:
    """Mixin of the citation reader: needs ``s``, ``repairs`` and ``whole``."""

    s: str
    repairs: set[int]
    whole: bool

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

    # Where a title ends. The alternatives that need an opening parenthesis ahead (one, and
    # the names before an "(ed.)", whose lookahead is costly at every comma) are left out
    # when none follows: a title running over a long list of names then costs its length,
    # not its length times the names.
    _STOPS_WITHOUT_PAREN = (
        r"\s*\[|,\s*(?=[‘“\"«])|\s*//|,\s+in\s+(?=[\w‘“\"«])|\s+[–—]\s+"
        r"|,\s*(?=" + P.LABEL + r")|,\s*(?=(?:[a-z]+\s+)?" + P.DATE_WORDS.pattern + r")"
        r"|,\s*(?=\d)(?!" + P.YEAR_RANGE + r"\b)|,\s*(?=n\.\s?p\.)"
        r"|[,.]\s+(?=" + P.EDITION + r")"
        r"|[,.]\s+(?=" + P.IMPRINT_AHEAD + r")")
    _TITLE_STOP = re.compile(
        r"\s*\(|" + _STOPS_WITHOUT_PAREN
        + r"|,\s+(?=" + P.NAME.pattern + r"(?:(?:,\s+|,?\s+and\s+)" + P.NAME.pattern + r"){0,4}\s*"
        + P.ROLE_PAREN.pattern.replace("\\s*", "", 1) + r")")
    _TITLE_STOP_NO_PAREN = re.compile(_STOPS_WITHOUT_PAREN)
    _JOURNAL_STOP = re.compile(r"\s+(?=\d)|,\s+(?=[A-Z][\w ]*,\s*(?:" + P.MONTH + r"|\d))")

    def title_end(self, pos: int, journal: bool = False) -> int:
        s = self.s
        end = len(s)
        stops = self._TITLE_STOP if "(" in s[pos:] else self._TITLE_STOP_NO_PAREN
        for m in stops.finditer(s, pos):
            if m.start() > pos:
                end = m.start()
                break
        if journal:
            jm = self._JOURNAL_STOP.search(s, pos, end)
            if jm and jm.start() > pos:
                end = jm.start()
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
        _a, b = _trim(s, pos, end)
        return b

    _AFTER_TITLE = re.compile(
        P.IMPRINT_AHEAD + "|" + P.EDITION + "|" + P.LABEL + "|" + P.JOURNAL_VOLUME.pattern
        + r"|(?:[Ee]dited|[Tt]ranslated|[Cc]ompiled|[Ii]ntroduced)\s|[Ii]n:?\s|[‘“\"«]|\(|\d"
        + rf"|[{P.UP}][\w\-]*\.?(?:,?\s[{P.UP}][\w\-]*\.?){{0,3}}\s*:")

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
        # "Reference is to Seward to Adams, July 21, 1861": a letter's head is not title words.
        for m in re.finditer(rf"\s(?=[{P.UP}])", text):
            if P.LETTER.match(self.s, a + m.end()):
                pen += 3
                break
        if len(words) > 40:
            pen += (len(words) - 40) // 5
        return pen
