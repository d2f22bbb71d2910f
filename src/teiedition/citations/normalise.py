"""One small normaliser per field: page ranges, years, dates, names, title keys, slugs.

Each takes the text as printed and returns the normalised value that goes into an
attribute or into the consolidated bibliography; the printed text itself is never changed.
"""
from __future__ import annotations

import re
import unicodedata

DASHES = "-–—‐‑"
_RANGE = re.compile(rf"^\s*(\d+)\s*(?:[{DASHES}]\s*(\d+))?\s*$")
_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})$")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}
_FULL_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def expand_range(first: str, last: str) -> str:
    """The last number of an abbreviated range in full: ('876', '7') -> '877'.

    Printed ranges drop the digits the last number shares with the first ("876–7",
    "1933–9"); a last number as long as the first is already full.
    """
    if len(last) >= len(first):
        return last
    full = first[: len(first) - len(last)] + last
    # "99–1" would give 91 < 99: the range crossed a hundred, so carry one.
    if int(full) < int(first):
        step = 10 ** len(last)
        full = str(int(full) + step)
    return full


def page_ranges(text: str) -> list[tuple[int, int]]:
    """'pp. 40–3, 59–60' -> [(40, 43), (59, 60)]; 'p. 56' -> [(56, 56)].

    Parts that are not numbers (roman page numbers, 'passim') are left out.
    """
    text = re.sub(r"^\s*(?:pp?\.|pages?|Pp\.)\s*", "", text)
    out = []
    for part in re.split(r",\s*|\s+and\s+|\s*&\s*", text):
        m = _RANGE.match(part)
        if m:
            first = m.group(1)
            last = expand_range(first, m.group(2)) if m.group(2) else first
            out.append((int(first), int(last)))
    return out


def year(text: str) -> str | None:
    """The year for ``date/@when`` where the printed date is a year and nothing else.

    '1981' -> '1981'; 'autumn 1993' and 'June, July, August and October 1963' stay
    without @when (they are not a year); a full date goes through :func:`iso_date`.
    """
    t = text.strip().rstrip(".")
    return t if _YEAR.match(t) else None


def iso_date(text: str) -> str | None:
    """'1981' -> '1981'; 'February 11, 1864' and '11 February 1864' -> '1864-02-11'."""
    t = text.strip().rstrip(".")
    if _YEAR.match(t):
        return t
    m = _FULL_DATE.match(t)
    if m:
        month, day, yr = m.group(1), m.group(2), m.group(3)
    else:
        m = _DAY_FIRST.match(t)
        if not m:
            return None
        day, month, yr = m.group(1), m.group(2), m.group(3)
    mon = MONTHS.get(month.lower()) or _MONTH_ABBR.get(month.lower()[:3]) if len(month) >= 3 else None
    if not mon or not 1 <= int(day) <= 31:
        return None
    return f"{yr}-{mon:02d}-{int(day):02d}"


def number(text: str) -> str:
    """The value of a volume, issue or series label: 'vol. 3' -> '3', 'series C' -> 'C'."""
    t = re.sub(r"^\s*(?:vols?|volumes?|nos?|numbers?|issues?|series|ser|pt|parts?|"
               r"docs?|documents?|ch|chaps?|chapters?|nn?|notes?|app|appendix)\b\.?\s*",
               "", text.strip(), flags=re.IGNORECASE)
    return t.strip().rstrip(".,")


_PARTICLES = {"de", "da", "di", "du", "del", "della", "dei", "degli", "van", "von", "der", "den",
              "ter", "ten", "le", "la", "los", "las", "st.", "dos", "das"}


def split_name(name: str) -> tuple[str, str]:
    """A personal name as printed -> (surname, forenames).

    'I. F. Maksimychev' -> ('Maksimychev', 'I. F.'); 'Maksimychev, I. F.' (inverted)
    -> the same; 'R. Craig Nation' -> ('Nation', 'R. Craig'); 'Ludwig van Beethoven'
    keeps the particle with the surname.
    """
    name = " ".join(name.split())
    if "," in name:
        surname, _, rest = name.partition(",")
        return surname.strip(), rest.strip()
    words = name.split(" ")
    # "X.J.Eudin" style glued initials are split off the surname.
    m = re.match(r"^((?:[A-Z][a-z]?\.)+)([A-Z].+)$", words[-1])
    if m and len(words) == 1:
        return m.group(2), m.group(1)
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(words[i:]), " ".join(words[:i])


def surname(name: str) -> str:
    return split_name(name)[0]


def inverted(name: str) -> str:
    """'I. F. Maksimychev' -> 'Maksimychev, I. F.' (bibliography order)."""
    sur, fore = split_name(name)
    return f"{sur}, {fore}" if fore else sur


def fold(text: str) -> str:
    """Case- and accent-insensitive form for comparing and sorting."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_STOP = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "by", "at", "from",
         "der", "die", "das", "le", "la", "les", "des", "du", "de", "et", "i", "v", "vo", "po",
         "na", "s", "k"}


def title_key(title: str) -> list[str]:
    """Significant words of a title, years expanded: 'The Soviet Union, 1933–9' ->
    ['soviet', 'union', '1933', '1939'], so a short title compares with the full one."""
    words: list[str] = []
    for m in re.finditer(rf"(\d{{4}})\s*[{DASHES}]\s*(\d{{1,4}})|[^\W_]+(?:[’'][^\W_]+)?", fold(title)):
        if m.group(1):
            words += [m.group(1), expand_range(m.group(1), m.group(2))]
        elif m.group(0) not in _STOP:
            words.append(m.group(0))
    return words


def slug(text: str, max_words: int = 3) -> str:
    """An NCName-safe slug: 'Maksimychev' + '1981' -> 'maksimychev-1981'."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    s = "-".join(words[:max_words]) or "work"
    if not (s[0].isalpha() or s[0] == "_"):
        s = "w-" + s
    return s
