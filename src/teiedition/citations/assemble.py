"""The models' labels -> one ``Parsed`` citation with TEI parts.

The segmenter says where a citation starts and ends, the labeller which tokens are its
author, title, archive, pages and so on (``crf``). What they cannot learn from examples is
written here once, as rules that hold for every style: how a label becomes a TEI element
and its attributes (a page range's ``@from``/``@to``, a year's ``@when``), where one name
ends and the next begins in a run labelled ``author``, which printed label ("p.", "vol.",
"Box") belongs to a locator, what kind of source the parts make (a letter has an
addressee, an article a journal), and the abbreviations a chapter defines ("hereafter X").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span
from . import crf
from . import normalise as nz
from .parsed import Parsed

# Upper- and lower-case letters of the scripts citations are printed in (Latin, Cyrillic).
UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
LO = "a-zß-öø-ÿā-žа-яё"
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
PARTICLE = r"(?:de|da|di|du|del|della|dei|degli|van|von|der|den|le|la|los|las|ter|ten|dos|das|St\.)"

# Printed labels that belong to the locator after them: "p. 7" is one citedRange.
_LABEL_BEFORE = re.compile(
    r"(?:pp?\.|Pp?\.|pages?|vols?\.|Vols?\.|[Vv]olumes?|nos?\.|Nos?\.|[Ii]ssue|docs?\.?|Docs?\.?|"
    r"[Dd]ocuments?|chs?\.|chap\.|Ch\.|[Cc]hapters?|nn?\.|[Nn]otes?|[Ss]eries|ser\.|[Aa]ppendix|"
    r"app\.|[Pp]art|pt\.|fols?\.|ff?\.|[Bb]ox|[Ff]older|[Ff]ile|[Rr]oll|[Rr]eel|[Cc]ontainer|"
    r"[Rr]eport\s+[Bb]ook|[Ii]tem|[Dd]oc(?:ument)?\s+[Nn]o\.)\s*$")
_LABEL_START = re.compile(_LABEL_BEFORE.pattern.replace(r")\s*$", r")\s*"), re.IGNORECASE)
_OUTER = " \t,;:"
_QUOTES = "‘’“”\"'«»"
# A title or name never ends in these; a full stop after an initial or abbreviation stays.
_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.[A-Za-z]|\b[A-Z]|\b[A-Z][a-z]|\bal|\bed|\beds|\bvol|\bno|\bpp?|\bIbid|\bibid|"
                         r"\bJr|\bSr|\bSt|\bCo|\bInc|\bLtd|\bcit|\bop|\bet)\.$")
_HEREAFTER = re.compile(r"[(\[]\s*(?:[Hh]ereafter|[Hh]enceforth)(?:\s+(?:cited|referred\s+to)(?:\s+as)?|"
                        r"\s+as)?:?\s+(?P<abbr>[^()\[\]]{1,80}?)\.?\s*[)\]]")
_IBID = re.compile(r"(?i)^(?:ibid(?:em)?|ib\.|idem|id\.)")
_IDEM = re.compile(r"(?i)(?:idem|eadem|id\.)")
_OP_CIT = re.compile(r"(?i)(?:op\.?\s*cit|loc\.?\s*cit|cit\.|art\.\s*cit)")
_CONGRESS = re.compile(r"\d+(?:st|nd|rd|th|d)\s+Cong", re.IGNORECASE)
_GOV_ITEM = re.compile(r"^(?:[SH]\.?\s?(?:[EM]\.?\s?)?(?:[DR]|Doc|Rep|Ex)\.?|Stat\.?)\s*\d", re.IGNORECASE)
_GENRES = {"memorandum": "memorandum", "memo": "memorandum", "telegram": "telegram",
           "cable": "telegram", "despatch": "despatch", "dispatch": "despatch",
           "instruction": "instruction", "message": "message", "letter": "letter",
           "note": "letter", "circular": "instruction"}
# "Fish diary, March 30, 1870": a paper named by its keeper and its kind (a diary, or one of
# the letter genres above) before its date.
_KEPT_BY = re.compile(rf"(?P<who>(?:[{UP}][\w.’'-]*\s+){{0,3}}[{UP}][\w’'-]*)\s+"
                      rf"(?P<kind>{'|'.join(['diary', 'journal', *_GENRES])})\s*,\s*")
_ROLE = re.compile(r"\b(?:[Tt]rans(?:lated|\.)|[Tt]r\.|[Cc]omp(?:iled|s?\.))")
_DAY_MONTH = re.compile(rf"{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}")

#: Certainty bands for ``bibl/@cert`` from the models' confidence (0..1) in a citation's
#: span and parts. Measured on held-out notes (docs/citations-models.md): below 0.6 about
#: half the citations have an error, above 0.9 almost none.
CERT_HIGH = 0.9
CERT_MEDIUM = 0.6


@dataclass
class Labelled:
    """One citation as the models read it: its span, parts and confidence."""

    start: int
    end: int
    fields: list[crf.Field]
    prob: float


def cert_band(prob: float) -> str:
    return "high" if prob >= CERT_HIGH else "medium" if prob >= CERT_MEDIUM else "low"


# ---------------------------------------------------------------- trimming


def _trim(text: str, a: int, b: int, quotes: bool = False, keep_stop: bool = True) -> tuple[int, int]:
    chars = _OUTER + (_QUOTES + "()[]" if quotes else "")
    while a < b and (text[a] in chars or text[a].isspace()):
        a += 1
    while b > a and (text[b - 1] in chars or text[b - 1].isspace()):
        b -= 1
    if b > a and text[b - 1] == "." and not (keep_stop and _ABBREV_END.search(text[a:b])):
        b -= 1
        while b > a and (text[b - 1] in chars or text[b - 1].isspace()):
            b -= 1
    # A bracket opened in the part and closed right after it belongs to it ("n.d. [1863]").
    for o, c in ("[]", "()"):
        if b < len(text) and text[b] == c and text[a:b].count(o) > text[a:b].count(c):
            b += 1
    # An unbalanced bracket at an edge is punctuation around the part, not in it.
    seg = text[a:b]
    if seg.endswith(")") and seg.count(")") > seg.count("("):
        b -= 1
    if seg.startswith("(") and seg.count("(") > seg.count(")"):
        a += 1
    return a, b


def _value(printed: str) -> str:
    """A locator's value without its printed label: "Box 5" -> "5", "vol. 16" -> "16"."""
    m = _LABEL_START.match(printed.strip())
    rest = printed.strip()[m.end():] if m else printed.strip()
    return rest.strip().rstrip(".,") or printed.strip()


def _with_label(text: str, a: int, floor: int) -> int:
    """Extend a locator's start over its printed label ("p. 7", "vol. 16", "Box 5")."""
    m = _LABEL_BEFORE.search(text, max(floor, a - 20), a)
    return m.start() if (m and m.end() == a) or (m and text[m.end():a].strip() == "") else a


# ---------------------------------------------------------------- names


_INITIALS = re.compile(rf"(?:[{UP}][{LO}]?\.\s?-?){{1,5}}")


def _forenames(part: str) -> bool:
    """Forenames in an inverted name: "V.", "W. E.", "J.-P.", "John W." (an initial in it)."""
    words = part.split()
    return 0 < len(words) <= 3 and any(_INITIALS.fullmatch(w) for w in words)


def split_names(text: str, a: int, b: int, inverted_first: bool = False) -> list[tuple[int, int]]:
    """The names in a run labelled author/editor/recipient: "LaFeber, Gardner, Trask, and
    Baehler" is four, "Bergk, V., Haefeli, W. E." two (inverted, forenames with initials),
    "X.J. Eudin and R. M. Slusser" two, "the Senate and House" two."""
    chunks: list[tuple[int, int]] = []
    pos = a
    for m in re.finditer(r",?\s+(?:and|&|et|und)\s+(?!al\b)|\s*&\s*|;\s*", text[a:b]):
        chunks.append((pos, a + m.start()))
        pos = a + m.end()
    chunks.append((pos, b))
    out: list[tuple[int, int]] = []
    for ca, cb in chunks:
        parts, p = [], ca
        for m in re.finditer(r",\s*", text[ca:cb]):
            parts.append((p, ca + m.start()))
            p = ca + m.end()
        parts.append((p, cb))
        parts = [(x, y) for x, y in parts if text[x:y].strip()]
        # Pair a surname with the forenames after it ("Schmidt, K. A., S. A. Rush"): forenames
        # hold an initial; a reference list inverts its first name ("Wilhelm, Kurt").
        k = 0
        while k < len(parts):
            cur = text[parts[k][0]:parts[k][1]].strip()
            nxt = text[parts[k + 1][0]:parts[k + 1][1]].strip() if k + 1 < len(parts) else ""
            one_word = " " not in cur or bool(re.match(PARTICLE + r"\s", cur))
            if nxt and one_word and (_forenames(nxt) or (inverted_first and not out and len(parts) == 2)):
                out.append((parts[k][0], parts[k + 1][1]))
                k += 2
            else:
                out.append(parts[k])
                k += 1
    cleaned = []
    for x, y in out:
        x, y = _trim(text, x, y)
        # A leading article is not part of a body's name ("the Senate").
        article = re.match(r"(?:the|The)\s+", text[x:y])
        if article and y - x > article.end():
            x += article.end()
        # "et al." stands for names not printed: no name to mark.
        if y > x and not re.fullmatch(r"(?i)et\.?\s*al(?:ii|ia)?\.?", text[x:y]):
            cleaned.append((x, y))
    return cleaned


# ---------------------------------------------------------------- fields -> spans


def _range_spans(text: str, a: int, b: int, unit: str) -> list[Span]:
    """A pinpoint as printed -> one span per range: "pp. 40–3, 59–60" is two, with from/to."""
    value = text[a:b]
    ranges = list(re.finditer(rf"(\d+)(?:\s*[{nz.DASHES}]\s*(\d+))?(?![\d])", value))
    label_end = re.match(r"\D*", value).end()  # type: ignore[union-attr]
    simple = re.fullmatch(rf"\D*\d+(?:\s*[{nz.DASHES}]\s*\d+)?(?:(?:,\s*|\s+and\s+)\d+(?:\s*[{nz.DASHES}]\s*\d+)?)*"
                          r"(?:\s*ff?\.?)?", value)
    if unit == "page" and simple and ranges:
        spans = []
        for i, m in enumerate(ranges):
            first = m.group(1)
            last = nz.expand_range(first, m.group(2)) if m.group(2) else first
            s0 = a if i == 0 else a + m.start()
            e0 = a + m.end() if i + 1 < len(ranges) else b
            spans.append(Span(s0, e0, "citedRange", {"unit": unit, "from": first, "to": last}))
        return spans
    attrs = {"unit": unit}
    n = _value(value)
    if re.fullmatch(r"[\dA-Za-z]{1,6}", n) and label_end <= len(value):
        attrs["n"] = n
    return [Span(a, b, "citedRange", attrs)]


def _field_spans(text: str, f: crf.Field, floor: int, in_list: bool) -> list[Span]:
    """One labelled run -> its TEI spans (several for a list of names or of page ranges)."""
    label = f.label
    quotes = label in ("title", "container", "journal", "series", "collection")
    a, b = _trim(text, f.start, f.end, quotes=quotes,
                 keep_stop=label in ("author", "editor", "recipient", "ibid", "publisher",
                                     "repository", "collection", "abbr", "date", "pubPlace"))
    if b <= a:
        return []
    if label in ("author", "editor", "recipient"):
        tag, attrs = {"author": ("author", {}), "editor": ("editor", {}),
                      "recipient": ("name", {"type": "recipient"})}[label]
        if label == "editor":
            # The labeller has one label for every contributor after the author; the printed
            # role word before or after the names says which ("trans. by", "(comp.)").
            around = text[max(floor, a - 25):a] + " " + text[b:b + 12]
            role = _ROLE.search(around)
            if role:
                attrs = {"role": "translator" if role.group(0)[0].lower() == "t" else "compiler"}
        return [Span(x, y, tag, dict(attrs)) for x, y in split_names(text, a, b, in_list)]
    if label in ("pages", "docs", "chapter", "note_ref", "volume", "issue", "box", "folder"):
        a = _with_label(text, a, floor)
    if label == "pages":
        return _range_spans(text, a, b, "page")
    if label in ("docs", "chapter", "note_ref"):
        unit = {"docs": "document", "chapter": "chapter", "note_ref": "note"}[label]
        if label == "chapter" and re.match(r"(?i)app(?:endix|\.)", text[a:b]):
            unit = "appendix"  # the labeller has one label for both: the printed word decides
        return _range_spans(text, a, b, unit)
    if label in ("volume", "issue"):
        # "vol. 28 (1956)" in one run: the year in parentheses is the date.
        m = re.search(r"\s*\((\d{4})\)\s*$", text[a:b])
        if m and m.start() > 0:
            head = _field_spans(text, crf.Field(a, a + m.start(), label, f.prob), floor, in_list)
            return head + _field_spans(text, crf.Field(a + m.start(1), a + m.end(1), "date", f.prob),
                                       floor, in_list)
    if label == "volume":
        # "20, no. 3" in one run: the printed "no." starts the issue.
        m = re.search(r",?\s*(?:[Nn]o\.|[Nn]um\.|[Ii]ssue)\s*\S", text[a:b])
        if m and m.start() > 0:
            head = _field_spans(text, crf.Field(a, a + m.start(), "volume", f.prob), floor, in_list)
            tail = _field_spans(text, crf.Field(a + m.start(), b, "issue", f.prob), floor, in_list)
            return head + tail
    if label in ("volume", "issue", "box", "folder"):
        attrs = {"unit": label}
        n = _value(text[a:b])
        if n and re.fullmatch(r"[\w.–-]{1,12}", n) and label != "folder":
            attrs["n"] = n
        return [Span(a, b, "biblScope", attrs)]
    if label == "series":
        value = text[a:b]
        if re.fullmatch(r"(?:[Ss]eries|ser\.)?\s*[A-Z\d]{1,3}", value):
            return [Span(a, b, "biblScope", {"unit": "series", "n": _value(value)})]
        ordinal = re.fullmatch(r"(\d+)(?:st|nd|rd|th|d)\s+(?:[Ss]eries|ser\.)", value)
        if ordinal:
            return [Span(a, b, "biblScope", {"unit": "series", "n": ordinal.group(1)})]
        if _CONGRESS.search(value):
            return [Span(a, b, "biblScope", {"unit": "series"})]
        return [Span(a, b, "title", {"level": "s"})]
    if label == "date":
        # One run may hold two dates the model did not separate: "1949), February 11, 1864"
        # is the volume's year and the letter's day; a closing parenthesis or ";" parts them.
        cut = re.search(r"\)\s*[,;]?\s*|;\s*", text[a:b])
        if cut and cut.start() > 0 and cut.end() < b - a:
            return (_field_spans(text, crf.Field(a, a + cut.start(), "date", f.prob), floor, in_list)
                    + _field_spans(text, crf.Field(a + cut.end(), b, "date", f.prob), floor, in_list))
        when = nz.iso_date(text[a:b])
        return [Span(a, b, "date", {"when": when} if when else {})]
    if label == "url":
        a2, b2 = f.start, f.end
        while a2 < b2 and text[a2].isspace():
            a2 += 1
        while b2 > a2 and (text[b2 - 1] in " .,;)" or text[b2 - 1].isspace()):
            b2 -= 1
        return [Span(a2, b2, "ref", {"type": "url", "target": text[a2:b2]})]
    if label == "idno":
        value = text[a:b]
        kind = "DOI" if "10." in value else "ISBN" if re.search(r"\d{9}[\dX]", value.replace("-", "")) else "item"
        return [Span(a, b, "idno", {"type": kind})]
    simple = {"title": ("title", {"level": "m"}), "container": ("title", {"level": "m"}),
              "journal": ("title", {"level": "j"}), "pubPlace": ("pubPlace", {}),
              "publisher": ("publisher", {}), "edition": ("edition", {}),
              "repository": ("orgName", {"type": "repository"}),
              "collection": ("name", {"type": "collection"}), "item": ("idno", {"type": "item"}),
              "abbr": ("abbr", {}), "ibid": ("ref", {"type": "ibid"})}
    if label in ("title", "container", "journal") and not re.search(r"[^\W\d_]", text[a:b]):
        return []  # "1933–1941" after a volume: a span of years, printed with the title, not one
    if label in simple:
        tag, attrs = simple[label]
        return [Span(a, b, tag, dict(attrs))]
    return []  # genre, o: printed words of the citation, not parts


# ---------------------------------------------------------------- one citation


def _kind(out: Parsed, labels: set[str], text: str, fields: list[crf.Field]) -> None:
    scope_units = {s.attrs.get("unit") for s in out.spans if s.tag in ("citedRange", "biblScope")}
    items = [text[s.start:s.end] for s in out.spans if s.tag == "idno"]
    series = [text[s.start:s.end] for s in out.spans if s.tag in ("biblScope", "title")
              and s.attrs.get("unit", s.attrs.get("level")) in ("series", "s")]
    archival = labels & {"repository", "collection", "box", "folder"}
    if "recipient" in labels:
        out.kind = "letter"
    elif out.ibid or out.abbr_used or out.op_cit or out.continuation:
        out.kind = "book"  # resolve gives it the kind of what it stands for
    elif any(_GOV_ITEM.match(i) for i in items) or any(_CONGRESS.search(s) for s in series):
        out.kind = "government_document"
    elif archival and not (out.container or out.pub) and (not out.journal or "repository" in labels):
        out.kind = "archive"  # "Fish Diary, …, in LCM, Fish Papers": a named archive holds it
    elif "genre" in labels and not (out.title or out.container or out.journal or out.pub):
        out.kind = "archive"  # "Hanna memorandum of April 3, 1907": a paper with no addressee
    elif out.container and out.title:
        out.kind = "chapter"
    elif out.journal:
        dates = [text[s.start:s.end] for s in out.spans if s.tag == "date"]
        if not out.title and not (scope_units & {"volume", "issue"}) and dates \
                and any(_DAY_MONTH.search(d) for d in dates):
            out.kind = "newspaper"
        elif not out.title and not out.authors and "issue" in scope_units:
            out.kind = "journal_issue"
        else:
            out.kind = "article"
    elif "docs" in labels or (out.editors and not out.authors and out.title_level != "a"):
        out.kind = "document_collection"
    elif "url" in labels and not (out.title or out.pub):
        out.kind = "web"
    elif not (out.title or out.authors or out.editors) and archival:
        out.kind = "archive"
    else:
        out.kind = "book"
    if out.kind in ("letter", "archive"):
        for f in fields:
            if f.label == "genre":
                word = text[f.start:f.end].strip().split()[0].lower() if text[f.start:f.end].strip() else ""
                if word in _GENRES:
                    out.genre = _GENRES[word]
                    break


def _join_titles(text: str, fields: list[crf.Field]) -> list[crf.Field]:
    """"The Rhineland Crisis, 7 March 1936: A Study in …" is one title with a date inside it:
    a date between two title runs, joined by a comma and a colon, is part of the title."""
    out: list[crf.Field] = []
    i = 0
    while i < len(fields):
        f = fields[i]
        if i + 2 < len(fields) and f.label == "title" and fields[i + 1].label == "date" \
                and fields[i + 2].label == "title":
            d, t = fields[i + 1], fields[i + 2]
            if re.fullmatch(r",\s*", text[f.end:d.start]) and re.fullmatch(r"\s*:\s*", text[d.end:t.start]):
                out.append(crf.Field(f.start, t.end, "title", min(f.prob, d.prob, t.prob)))
                i += 3
                continue
        out.append(f)
        i += 1
    return out


# A chapter or appendix printed before the work it belongs to: "Appendix 1 of Roberts, …".
_LEADING_LOCATOR = re.compile(r"\s*((?:appendix|app\.|chapter|chap\.|ch\.)\s*(?:\d+|[IVXLC]+\b))\s+(?:of|in)\s*$",
                              re.IGNORECASE)


def _leading_locator(text: str, cit: Labelled) -> None:
    """The labeller reads the words before a citation's first part as prose it was handed
    with the citation; when they are a printed chapter or appendix number followed by "of" or
    "in", they are the citation's cited range (a rule: the printed form is certain)."""
    if not cit.fields:
        return
    m = _LEADING_LOCATOR.match(text[cit.start:cit.fields[0].start])
    if m:
        cit.fields.insert(0, crf.Field(cit.start + m.start(1), cit.start + m.end(1), "chapter",
                                       cit.fields[0].prob))


# A shelfmark: letters, then numbers joined by "/" or "." ("NC 18/1/1090", "FO 371/22288").
_SHELFMARK_TAIL = re.compile(r",\s*([A-Z]{1,6}\s?\d+(?:[/.]\d+)+[a-z]?)$")


_AVAILABLE_AT = re.compile(r"\b[Aa]vailable\s+(?:at|from|on|through|via)\s+(?:the\s+)?$")
_LEAD_IN = re.compile(rf"(?:(?:re)?printed\s+in|in|referring\s+to)\s+(?=[{UP}“‘\"])")


def _mend_edges(text: str, fields: list[crf.Field]) -> list[crf.Field]:
    """Edges the labeller may put one token off, mended where the printed form is certain:
    a place where a copy is "available at" is no repository, a title never starts with the
    words leading into it ("printed in"), a year range is never split between two parts
    ("Policy, 1919–1939, 3rd series"), a day before a month belongs to the date ("Hilda
    Chamberlain, 19 March 1939"), and a collection never ends in a shelfmark ("Chamberlain
    Papers, NC 18/1/1090": the papers, then the item)."""
    out = []
    for f in fields:
        # "available at the NARA, Founders Online website": where a copy can be read, not the
        # archive that holds the source.
        if f.label == "repository" and _AVAILABLE_AT.search(text, max(0, f.start - 40), f.start):
            continue
        # "printed in The Papers of …": the words that lead into a work are not its title.
        lead = _LEAD_IN.match(text, f.start, f.end) if f.label in ("title", "container", "journal") else None
        if lead:
            f = crf.Field(lead.end(), f.end, f.label, f.prob)
        tail = _SHELFMARK_TAIL.search(text, f.start, f.end) if f.label in ("collection", "repository") else None
        if tail and tail.start() > f.start:
            out += [crf.Field(f.start, tail.start(), f.label, f.prob),
                    crf.Field(tail.start(1), tail.end(1), "item", f.prob)]
        else:
            out.append(f)
    for k in range(len(out) - 1):
        f, g = out[k], out[k + 1]
        m = re.compile(rf"\s*[{nz.DASHES}]\s*\d{{2,4}}").match(text, f.end)
        if re.search(r"\d{4}$", text[f.start:f.end]) and m and g.start < m.end() <= g.end \
                and f.label != g.label:
            out[k] = crf.Field(f.start, m.end(), f.label, f.prob)
            rest = re.compile(r"[\s,;:]*").match(text, m.end()).end()  # type: ignore[union-attr]
            out[k + 1] = crf.Field(min(rest, g.end), g.end, g.label, g.prob)
        day = re.search(r",?\s*(\d{1,2})$", text[f.start:f.end])
        if g.label == "date" and f.label != "date" and day and day.start() > 0 \
                and re.match(r"\s*[A-Z]", text[f.end:g.start + 1]):
            out[k] = crf.Field(f.start, f.start + day.start(), f.label, f.prob)
            out[k + 1] = crf.Field(f.start + day.start(1), g.end, "date", g.prob)
    # A journal is cited without an imprint: a "journal" followed by "(Place, Year)" is the
    # book the part appears in ("in idem, The Bolshevik Revolution, vol. 3 (London, 1953)"),
    # where the labeller could not tell the two apart. A journal's own place, printed to tell
    # it from another of that name, has no year beside it ("International Affairs (Moscow)").
    for k, f in enumerate(out):
        # Read afresh: a journal made a container above is the container of the next.
        if f.label != "journal" or any(g.label in ("issue", "container") for g in out):
            continue
        place = next((g for g in out[k + 1:] if g.label in ("pubPlace", "publisher")), None)
        if place is None:
            continue
        opened = text.rfind("(", f.end, place.start)
        closed = text.find(")", place.end)
        if opened >= 0 and closed >= 0 and re.search(r"\b\d{4}\b", text[place.end:closed]):
            out[k] = crf.Field(f.start, f.end, "container", f.prob)
    return _addressee(text, [f for f in out if f.end > f.start])


# "Washington to the Senate and House, December 12, 1791": the words between a letter's
# writer and its date are its addressee, even where the labeller left them unlabelled.
_TO_ADDRESSEE = re.compile(rf"\s+to\s+(?:the\s+)?(?P<who>[{UP}][^,;:()\d]{{0,80}}?),\s*")


def _addressee(text: str, fields: list[crf.Field]) -> list[crf.Field]:
    """The addressee of "Writer to [the] Addressee, Month Day, Year" where the labeller left
    it unlabelled: only with the writer labelled first and a full date right after."""
    if len(fields) < 2 or fields[0].label != "author" or any(f.label == "recipient" for f in fields):
        return fields
    writer, date = fields[0], fields[1]
    m = _TO_ADDRESSEE.fullmatch(text, writer.end, date.start)
    when = nz.iso_date(text[date.start:date.end]) if date.label == "date" else None
    if not m or not when or when.count("-") != 2:
        return fields
    return [writer, crf.Field(m.start("who"), m.end("who"), "recipient", writer.prob), *fields[1:]]


def _italic(span: Span, italic: list[tuple[int, int]]) -> bool:
    """Most of the span's characters are set in italics in the source."""
    inside = sum(max(0, min(b, span.end) - max(a, span.start)) for a, b in italic)
    return inside * 2 > span.end - span.start


_POSSESSIVE = re.compile(r"[^\W\d_]+[’']s\b")
_INTO_WORK = re.compile(r"\b(?:printed\s+in|reprinted\s+in|in|referring\s+to|see)\s+")

_OTHER_NOTE = re.compile(r"(?:[Nn]otes?|nn?\.)\s+\d+(?:\s*(?:[–-]|and)\s*\d+)?\s+(?:above|below|supra|infra)"
                         r"\s*(?:,|;|and|as\s+well\s+as)?\s+")
_PROSE_TAIL = re.compile(r"\s*\((?:[a-z]+\s*){1,4}\)\s*$")  # "(emphasis added)"


def _trim_prose(text: str, cit: Labelled) -> None:
    """Prose the segmenter took into a citation, in the two forms the gold's conventions name:
    a possessive description before it ("Jefferson’s memorandum … printed in The Papers of
    Thomas Jefferson") and an editorial remark in parentheses after it ("(emphasis added)")."""
    # The description may start the citation or, where the segmenter began later ("…
    # withheld was Jefferson’s memorandum of conversation with | Genet, July 10, 1793
    # printed in …"), stand before it in the same sentence.
    stop = max(text.rfind(". ", 0, cit.start), text.rfind("; ", 0, cit.start))
    sentence = stop + 2 if stop >= 0 else 0
    if _POSSESSIVE.match(text, cit.start) or _POSSESSIVE.search(text, sentence, cit.start):
        work = [f for f in cit.fields if f.label in ("author", "editor", "title", "container", "journal")]
        for m in _INTO_WORK.finditer(text, cit.start, work[-1].start if work else cit.start):
            later = [f for f in work if f.start >= m.end()]
            if later and later[0].start == m.end():
                cit.start = m.end()
                cit.fields = [f for f in cit.fields if f.start >= m.end()]
                break
    # Prose read as a title up to a name's first initial ("remain D" + ". C. Watt"): a title
    # never runs into an author with only an initial's stop between them.
    if len(cit.fields) >= 2 and cit.fields[0].label == "title" and cit.fields[1].label == "author":
        first, name = cit.fields[0], cit.fields[1]
        initial = re.search(r"\b[A-Z]$", text[first.start:first.end])
        if initial and re.fullmatch(r"\.\s*", text[first.end:name.start]):
            joined = crf.Field(first.start + initial.start(), name.end, "author", name.prob)
            cit.fields = [joined, *cit.fields[2:]]
            cit.start = cit.fields[0].start
    # Prose words before the first part ("The best accounts remain D. C. Watt, ‘…’"): a
    # citation starts at its first part when what comes before it reads as a sentence.
    if cit.fields:
        lead = text[cit.start:cit.fields[0].start]
        words = re.findall(r"[^\W\d_]+", lead)
        kept = _KEPT_BY.fullmatch(lead)
        if kept:
            # "Fish diary, March 30, 1870, …": a paper named by its keeper and its kind.
            at = cit.start + kept.start("who")
            cit.fields = [crf.Field(at, at + len(kept.group("who")), "author", cit.prob),
                          crf.Field(cit.start + kept.start("kind"), cit.start + kept.end("kind"), "genre",
                                    cit.prob), *cit.fields]
        elif len(words) >= 2 and any(w.islower() and len(w) >= 3 for w in words) \
                and not re.search(r"\d|[“‘\"(]", lead):
            cit.start = cit.fields[0].start
    # "note 5 above and The Papers of …": a pointer to another note leads into the citation.
    other = _OTHER_NOTE.match(text, cit.start)
    if other and any(f.start >= other.end() for f in cit.fields):
        cit.start = other.end()
        cit.fields = [f for f in cit.fields if f.start >= other.end()]
    tail = _PROSE_TAIL.search(text, cit.start, cit.end)
    if tail and not any(f.start >= tail.start() for f in cit.fields):
        cit.end = tail.start()


def build(text: str, cit: Labelled, abbrs: dict[str, Parsed], in_list: bool = False,
          italic: list[tuple[int, int]] | None = None) -> Parsed | None:
    """A citation from its labelled runs; None when nothing in it is a part of a citation.

    ``italic``: the note's italic runs when its source had typography (DOCX, ODT, Markdown),
    else None (plain text cannot say that a title was not italic)."""
    cit.fields = list(cit.fields)  # a copy: the caller keeps the labeller's list as it was
    _leading_locator(text, cit)
    cit.fields = _join_titles(text, _mend_edges(text, cit.fields))
    if not in_list:
        _trim_prose(text, cit)
    start, end = _trim(text, cit.start, cit.end, keep_stop=True)
    if end <= start:
        return None
    out = Parsed(start, end)
    out.prob = cit.prob
    labels = {f.label for f in cit.fields}
    spans: list[Span] = []
    floor = start
    for f in cit.fields:
        for s in _field_spans(text, f, floor, in_list):
            s.start, s.end = max(s.start, start), min(s.end, end)
            if s.end > s.start or s.tag == "ref":
                spans.append(s)
        floor = f.end
    m = _HEREAFTER.search(text, start, min(len(text), end + 120))
    if m and m.start() <= end + 2:
        a, b = m.span("abbr")
        if not any(s.tag == "abbr" for s in spans):
            spans = [s for s in spans if not (s.start >= a and s.end <= b)]
            spans.append(Span(a, b, "abbr"))
        # The parenthesis belongs to the citation that defines the abbreviation.
        out.end = max(out.end, m.end())
        end = out.end
    for s in spans:
        t = text[s.start:s.end]
        if s.tag in ("author", "editor"):
            (out.authors if s.tag == "author" else out.editors).append(t)
        elif s.tag == "title" and s.attrs.get("level") == "j":
            out.journal = True
        elif s.tag == "abbr":
            out.defines_abbr = t
        elif s.tag in ("pubPlace", "publisher"):
            out.pub = out.imprint = True
        elif s.tag in ("citedRange", "biblScope"):
            out.locators += 1
    containers = [f for f in cit.fields if f.label == "container"]
    out.container = bool(containers)
    titles = [s for s in spans if s.tag == "title" and s.attrs.get("level") == "m"]
    own = [s for s in titles if not any(f.start <= s.start < f.end for f in containers)]
    if own:
        first = own[0]
        before = text[max(start, first.start - 2):first.start]
        out.quoted = any(q in before for q in _QUOTES)
        if out.container or out.journal or out.quoted:
            first.attrs["level"] = "a"
        if italic is not None and _italic(first, italic) and not out.quoted:
            # The source's typography outranks the models: an italic title is a book's,
            # and a book title the labeller read as an article's title is corrected.
            first.attrs["level"] = "m"
        out.title = text[first.start:first.end]
        out.title_level = first.attrs["level"]
        # "‘Soviet Foreign Policy’, in idem, The Bolshevik Revolution": a book title after an
        # article title is the book that holds it.
        if first.attrs["level"] == "a" and not out.journal and len(own) > 1 \
                and re.search(r"\bin\b", text[first.end:own[1].start]):
            out.container = True
    # A date in parentheses with the title is the imprint's: evidence of a published work.
    for s in spans:
        if s.tag == "date" and "(" in text[max(start, s.start - 30):s.start] and not out.pub:
            out.pub = bool(out.title) and ")" in text[s.end:s.end + 3]
    # "in idem, The Bolshevik Revolution": idem repeats the author, it does not stand for a
    # work; only a citation with no title of its own ("Idem, p. 5") is an Ibid.
    if any(s.tag == "title" for s in spans):
        spans = [s for s in spans if not (s.tag == "ref" and _IDEM.fullmatch(text[s.start:s.end]))]
    for s in spans:
        if s.tag == "ref" and s.attrs.get("type") == "ibid":
            t = text[s.start:s.end]
            if _IBID.match(t):
                out.ibid = True
            elif _OP_CIT.search(t):
                out.op_cit = True
                s.attrs["type"] = "short"
            else:
                s.attrs["type"] = "ibid"
                out.ibid = True
    _abbreviation_used(text, out, spans, abbrs)
    unnamed = False
    if not (out.authors or out.editors or out.title or out.journal or out.container or out.ibid
            or out.op_cit or out.abbr_used or labels & {"recipient", "repository", "collection",
                                                         "item", "url", "idno", "box", "folder"}):
        if out.locators:
            out.continuation = True
        elif re.search(rf"[{UP}]", text[start:end]) and not spans:
            # Sources named in words with no part to mark ("Soviet foreign policy archives"):
            # the segmenter found a citation, the labeller nothing published in it.
            unnamed = True
        else:
            return None
    if spans and all(s.tag in ("author", "editor") for s in spans) and not out.defines_abbr:
        return None  # a name alone ("J. De" of a cut line) cites nothing
    out.spans = spans
    _kind(out, labels, text, cit.fields)
    if out.kind == "book" and not (out.title or out.journal or out.container or out.ibid
                                   or out.op_cit or out.abbr_used or out.continuation):
        # Parts but no title, and nothing that makes it a letter or a file: kept as a
        # source of unknown kind, with low certainty so that the review list shows it.
        out.kind = "other"
        out.prob = min(out.prob, CERT_MEDIUM - 0.01)
    if unnamed:
        out.kind = "archive"
    if out.defines_abbr is None and any(s.tag == "abbr" for s in spans):
        out.defines_abbr = next(text[s.start:s.end] for s in spans if s.tag == "abbr")
    return out


def _abbreviation_used(text: str, out: Parsed, spans: list[Span], abbrs: dict[str, Parsed]) -> None:
    """"DGFP, vol. 2" after "(hereafter DGFP)": the abbreviation stands for that work."""
    if not abbrs:
        return
    for s in list(spans):
        if s.tag not in ("title", "abbr", "author", "orgName", "name"):
            continue
        t = text[s.start:s.end]
        if t in abbrs and abbrs[t] is not out:
            if s.tag == "abbr":
                s.tag, s.attrs = "title", {"level": "m"}
            elif s.tag != "title":
                s.tag, s.attrs = "title", {"level": "m"}
                if t in out.authors:
                    out.authors.remove(t)
            out.abbr_used = t
            out.title = t
            spans.insert(spans.index(s), Span(s.start, s.end, "ref", {"type": "abbr"}))
            return


# "…, vol. 1, doc. 4 and vol. 2, doc. 9": a second volume of the same work is a citation of
# its own (the gold's "and vol. 2, doc. 127").
_NEXT_VOLUME = re.compile(r"\s+and\s+(?=(?:vols?\.|Vols?\.|[Ss]eries)\s*\w)")
_NEW_IBID = re.compile(r"[.;]\s+(?=(?:Ibid|IBID|Ib\.|Idem)\b)")


# A sentence ends at a full stop after a word of three or more lower-case letters or after
# a number, before a capital ("…, 1872. Register of…", "…SED 11. The Government…"); the
# lower-case abbreviations that end that way inside a citation are not sentence ends.
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{3})|(?<=\d))\.\s+(?=[A-Z])")
_LOWER_ABBREV = re.compile(r"(?:trans|transl|repr|rev|comp|esp|abr|ibid|cit|viz|etc|illus|"
                           r"misc|orig|suppl|ser|sess|cong|vols?|nos?|pp)$", re.I)


def _names_a_work(text: str, start: int, end: int) -> bool:
    """The sentence from ``start`` names a work or a letter of its own (a title, an author, a
    correspondent), so it is a new citation; "Available at the NARA website, URL" or
    "Delivered December 5, 1793 (Philadelphia, 1793)" after a full stop continue the one
    before."""
    stop = _SENTENCE_END.search(text, start, end)
    return any(f.label in ("title", "journal", "container", "author", "editor", "recipient")
               for f in crf.label(text, start, stop.start() if stop else end))


# "…, pp. 326–327 in NARA, RG 59, …": a cited page followed by "in" is a page of the source
# after it, so the two are one citation however the segmenter parted them.
_PAGE_END = re.compile(r"\b(?:pp?\.|pages?)\s*[\dxivlc]+(?:\s*[–-]\s*[\dxivlc]+)?$", re.I)
_NAME_LABELS = ("author", "editor", "recipient")


def _join_segments(text: str, segments: list[crf.Segment]) -> list[crf.Segment]:
    out: list[crf.Segment] = []
    for seg in segments:
        if out and text[out[-1].end:seg.start].strip() == "in" and \
                _PAGE_END.search(text, out[-1].start, out[-1].end):
            prev = out.pop()
            seg = crf.Segment(prev.start, seg.end, min(prev.prob, seg.prob))
        out.append(seg)
    return out


# "Fish to close friend and New York political benefactor J. Watson Webb, January 1, 1870":
# a writer, "to", and words describing the addressee before the segmenter's start.
_WRITER_TO = re.compile(rf"(?P<writer>[{UP}][\w’'.-]*(?:\s+[{UP}][\w’'.-]*){{0,3}})\s+to\s+"
                        rf"(?:(?:[{LO}][\w’'-]*)\s+){{1,6}}$")


def _letter_openings(text: str, segments: list[crf.Segment]) -> list[crf.Segment]:
    """A letter whose addressee is described in words ("Adams to his old friend Jefferson,
    May 4, 1816") starts at its writer, where the segmenter began at the addressee."""
    out: list[crf.Segment] = []
    for seg in segments:
        floor = out[-1].end if out else 0
        m = _WRITER_TO.search(text, floor, seg.start)
        if m and m.end() == seg.start and _DAY_MONTH.search(text, seg.start, seg.end):
            seg = crf.Segment(m.start("writer"), seg.end, seg.prob)
        out.append(seg)
    return out


def _whole_citation(text: str, fields: list[crf.Field], start: int) -> tuple[bool, bool]:
    """(the parts name someone and something more, the first part, at ``start``, is a name)."""
    named = any(f.label in _NAME_LABELS for f in fields)
    more = any(f.label not in _NAME_LABELS for f in fields)
    opens = bool(fields) and fields[0].label in _NAME_LABELS and not text[start:fields[0].start].strip()
    return named and more, opens


def _semicolon_cuts(text: str, seg: crf.Segment) -> list[tuple[int, int]]:
    """Cuts at "; " where both sides are whole citations and the side after opens with its
    author ("…, George P. Marsh Papers; Lowenthal, Marsh, pp. 288–289"): a semicolon inside
    one citation separates its authors ("Baur, Erwin; Fisher, Eugen"), places ("Boston; New
    York") or a title's parts ("The Works of Alexander Hamilton; Comprising …"), none of
    which is a citation on both sides."""
    marks = list(re.finditer(r";\s+", text[seg.start:seg.end]))
    if not marks:
        return []
    bounds = [seg.start] + [seg.start + m.end() for m in marks]
    ends = [seg.start + m.start() for m in marks] + [seg.end]
    pieces = list(zip(bounds, ends, strict=True))
    labelled = crf.models().label_many([(text, a, b) for a, b in pieces])
    cuts = []
    for k, m in enumerate(marks):
        before, _ = _whole_citation(text, labelled[k], pieces[k][0])
        after, opens = _whole_citation(text, labelled[k + 1], pieces[k + 1][0])
        if (before or _congress_document(text, labelled[k], pieces[k])) and \
                ((after and opens) or _congress_document(text, labelled[k + 1], pieces[k + 1])):
            cuts.append((seg.start + m.start(), seg.start + m.end()))
    return cuts


def _congress_document(text: str, fields: list[crf.Field], piece: tuple[int, int]) -> bool:
    """A piece that opens with a title and names a Congress and session ("Clerks in the State
    Department, 41st Cong. 2nd Sess., HED 9"): a government document of its own, never the
    rest of a title."""
    return bool(fields) and fields[0].label == "title" and not text[piece[0]:fields[0].start].strip() \
        and bool(_CONGRESS.search(text, piece[0], piece[1]))


def _split_segments(text: str, segments: list[crf.Segment]) -> list[crf.Segment]:
    """Where the segmenter ran two citations, or prose and a citation, together, the printed
    form says where they part: an "Ibid." after a full stop or semicolon always starts a
    citation of its own ("…, p. 3. Ibid., p. 4"), a citation never holds the end of a
    sentence ("…, February 26, 1872. Register of the Department…"), and two whole citations
    may stand on either side of a semicolon (``_semicolon_cuts``). Where it parted one, a
    cited page "in" a source joins them (``_join_segments``)."""
    out: list[crf.Segment] = []
    for seg in _letter_openings(text, _join_segments(text, segments)):
        cuts = [(m.start(), m.end()) for m in _NEW_IBID.finditer(text, seg.start, seg.end)]
        cuts += _semicolon_cuts(text, seg)
        cuts += [(m.start(), m.end()) for m in _NEXT_VOLUME.finditer(text, seg.start, seg.end)
                 if re.search(r"\b(?:vols?|docs?|pp?|nos?)\.?\s*\d", text[seg.start:m.start()], re.I)]
        for m in _SENTENCE_END.finditer(text, seg.start, seg.end):
            word = re.search(r"\w+$", text[seg.start:m.start()])
            if word and not _LOWER_ABBREV.match(word.group(0)) and _names_a_work(text, m.end(), seg.end):
                # What stands before the stop must cite something by itself: "Wurts to
                # Catherine. C. Marsh, October 1, 1884" is a printed slip inside one letter.
                prev = max([b for _, b in cuts if b <= m.start()], default=seg.start)
                if any(f.label not in _NAME_LABELS for f in crf.label(text, prev, m.start())):
                    cuts.append((m.start(), m.end()))
        start = seg.start
        for a, b in sorted(set(cuts)):
            if a > start:
                out.append(crf.Segment(start, a, seg.prob))
            start = max(start, b)
        out.append(crf.Segment(start, seg.end, seg.prob))
    return out


def prefetch(texts: list[str]) -> None:
    """Label every citation of many notes in one batch, before ``read`` asks for them one by
    one: the labeller's network is several times faster on a batch (``crf.Models.label_many``
    remembers the results)."""
    spans = [(text, seg.start, seg.end) for text in texts
             for seg in _split_segments(text, crf.segment(text))]
    crf.models().label_many(spans)


def read(text: str, abbrs: dict[str, Parsed],
         italic: list[tuple[int, int]] | None = None) -> list[Parsed]:
    """Every citation in a note's text, in reading order; learns the abbreviations it defines.
    ``italic``: the italic runs of ``text`` where the source printed typography."""
    out: list[Parsed] = []
    for seg in _split_segments(text, crf.segment(text)):
        fields = crf.label(text, seg.start, seg.end)
        probs = [f.prob for f in fields] or [seg.prob]
        prob = min(seg.prob, sum(probs) / len(probs))
        p = build(text, Labelled(seg.start, seg.end, fields, prob), abbrs, italic=italic)
        if p is None or (p.continuation and not out):
            continue  # a locator with no citation before it in the note continues nothing
        if out and p.start < out[-1].end:
            p.start = out[-1].end  # an extended "(hereafter X)" never overlaps the next
            if p.start >= p.end:
                continue
        if p.defines_abbr:
            abbrs[p.defines_abbr] = p
        out.append(p)
    return out


def read_reference(text: str, start: int) -> Parsed | None:
    """A whole reference-list entry from ``start``: labelled as one citation."""
    end = len(text.rstrip())
    if end <= start:
        return None
    fields = crf.label(text, start, end)
    # "———." opens an entry by the author of the entry before (a reference list's convention).
    dash = re.compile(r"[—–-]{2,}\.?").match(text, start)
    if dash and not any(f.start < dash.end() for f in fields):
        fields.insert(0, crf.Field(dash.start(), dash.end(), "author", 1.0))
    probs = [f.prob for f in fields] or [0.0]
    return build(text, Labelled(start, end, fields, sum(probs) / len(probs)), {}, in_list=True)
