"""Reading a publication statement in parentheses: "(Ithaca, NY, 1992)", "(New York: Derby
and Miller, 1891)", "(hereafter DGFP)", "(ed. J. Dunn; Tübingen: Mohr, 1992)"."""
from __future__ import annotations

import re

from ..model import Span
from . import normalise as nz
from . import patterns as P
from .parsed import Parsed, _trim, _ws


class ImprintReader:
    """Mixin of the citation reader: needs ``s``."""

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
