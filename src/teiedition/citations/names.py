"""Reading names: authors and editors, direct ("I. F. Maksimychev") or inverted
("Maksimychev, I. F."), joined by commas, 'and', '&', 'et', 'und', with a role ("(ed.)", ", eds.")."""
from __future__ import annotations

import re

from . import patterns as P


class NameReader:
    """Mixin of the citation reader: needs ``s`` (the text) and ``repairs`` (lost spaces)."""

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
                    # "O'Reilly, S. Y., Zhang, M., Griffin, W. L.": inverted names in a list.
                    inv2 = re.compile(r",\s+").match(s, n2.end())
                    g2 = P.INITIALS_ONLY.match(s, inv2.end()) if inv2 and " " not in n2.group(0) else None
                    if g2 and re.match(r"\s*(?:,|&|and\b|\(|\.|$)", s[g2.end():]):
                        names.append([n2.start(), g2.end() - (1 if s[g2.end() - 1] == " " else 0)])
                        p = names[-1][1]
                        pending = not is_and
                        states.append(([list(x) for x in names], p, not pending))
                        continue
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
        if not sep and P.AUTHOR_YEAR.match(s, _skip_space(s, p)):
            sep = re.compile(r"\s*").match(s, p)  # "Plivard, I. (2014). Psychologie ..."
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
        if P.OP_CIT.match(s, t) or P.AUTHOR_YEAR.match(s, t):
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
                or (re.match(r"\d", after) and not P.AUTHOR_YEAR.match(after)):
            return False
        return after[0].isupper() or after[0] in "‘“\"«" or after.startswith("eds")

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


def _skip_space(s: str, p: int) -> int:
    while p < len(s) and s[p] == " ":
        p += 1
    return p
