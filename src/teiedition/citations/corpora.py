"""Readers that turn every training corpus into one form: a ``Doc`` with labelled character spans.

A ``Doc`` is a text (a note, or one reference), the spans of the citations in it (the
segmenter's data; ``None`` when the text is a lone reference with no prose around it) and
the labelled parts of those citations (the labeller's data), all as character offsets into
``text``. ``seg_sequence`` and ``label_sequences`` turn a ``Doc`` into token sequences.

Label set of the labeller, and where each corpus's labels go:

=============  =====================================  ======================================  ==========================
label          gold (seed, FRUS, annotations, extra)  AnyStyle                                LinkedBooks
=============  =====================================  ======================================  ==========================
author         authors, container_authors             author                                  author,
                                                                                              abbreviation "AA. VV."
editor         editors, container_editors             editor, translator, director, producer  -
recipient      recipients                             -                                       -
title          title, volume_title                    title                                   title (not after "in")
container      container                              container-title                         title after "in" (no
                                                                                              volume-year)
journal        journal                                journal                                 title after "in" with a
                                                                                              volume-year
series         series                                 collection-title                        series
collection     collection                             -                                       archivalreference
repository     repository                             -                                       archive_lib
item           item                                   -                                       -
box            box                                    -                                       box, filza, registry
folder         folder                                 -                                       folder
volume         volume                                 volume                                  volume, tomo,
                                                                                              publicationnumber-year
issue          issue                                  -                                       -
pages          pages                                  pages                                   pagination, foliation,
                                                                                              cartulation, column
docs           docs                                   -                                       numbered_ref
chapter        chapter, appendix                      -                                       -
note_ref       note_ref                               -                                       -
pubPlace       pubPlace                               location                                publicationplace
publisher      publisher                              publisher                               publisher
date           date, container_date                   date                                    year, date
edition        edition                                edition                                 -
url            url                                    url                                     -
idno           -                                      doi, isbn                               -
ibid           Ibid./op. cit./idem printed (rule)     -                                       abbreviation,
                                                                                              ref if an Ibid. form
abbr           defines_abbr                           -                                       -
genre          genre when printed                     genre, medium                           attachment
o              anything else                          citation-number, note, source           conjunction, other ref,
                                                                                              publicationspecifications,
                                                                                              o
=============  =====================================  ======================================  ==========================

Conventions made the same across corpora (the reason this module exists):

- a part never starts or ends with punctuation or quotes, except the full stop of an
  initial or an abbreviation ("J.", "cit.");
- role words around names ("ed.", "(eds)", "edited by", "trans.") and a leading "in" are
  ``o``, as the gold has them;
- the printed label before a locator value ("p.", "Vol.", "Box", "no.") belongs to the
  value's part, as AnyStyle and LinkedBooks print it (the gold values exclude the label:
  the aligner extends them over it);
- a list of names (authors, editors, recipients) is one part with its separators, as
  AnyStyle and LinkedBooks label it (the gold lists names one by one: adjacent names of
  one role are joined);
- a citation starts after leading connectives ("See", "cf.", "in") and ends before
  trailing ``.``/``;``/``,``/``:``, as the gold's surfaces do (LinkedBooks spans are trimmed).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .features import MONTHS
from .tokens import tokenize

LABELS = ("author", "editor", "recipient", "title", "container", "journal", "series",
          "collection", "repository", "item", "box", "folder", "volume", "issue", "pages",
          "docs", "chapter", "note_ref", "pubPlace", "publisher", "date", "edition", "url",
          "idno", "ibid", "abbr", "genre", "o")

ANYSTYLE_MAP = {"author": "author", "editor": "editor", "translator": "editor",
                "director": "editor", "producer": "editor", "title": "title",
                "container-title": "container", "journal": "journal",
                "collection-title": "series", "location": "pubPlace", "publisher": "publisher",
                "date": "date", "volume": "volume", "pages": "pages", "edition": "edition",
                "genre": "genre", "medium": "genre", "url": "url", "doi": "idno", "isbn": "idno"}
LINKEDBOOKS_MAP = {"author": "author", "title": "title", "year": "date", "date": "date",
                   "publicationplace": "pubPlace", "publisher": "publisher",
                   "pagination": "pages", "foliation": "pages", "cartulation": "pages",
                   "column": "pages", "volume": "volume", "tomo": "volume",
                   "publicationnumber-year": "volume", "series": "series",
                   "abbreviation": "ibid", "archivalreference": "collection",
                   "archive_lib": "repository", "filza": "box", "registry": "box", "box": "box",
                   "folder": "folder", "numbered_ref": "docs", "attachment": "genre"}
GOLD_MAP = {"authors": "author", "container_authors": "author", "editors": "editor",
            "container_editors": "editor", "recipients": "recipient", "title": "title",
            "volume_title": "title", "container": "container", "journal": "journal",
            "series": "series", "collection": "collection", "repository": "repository",
            "item": "item", "box": "box", "folder": "folder", "volume": "volume",
            "issue": "issue", "pages": "pages", "docs": "docs", "chapter": "chapter",
            "appendix": "chapter", "note_ref": "note_ref", "pubPlace": "pubPlace",
            "publisher": "publisher", "date": "date", "container_date": "date",
            "edition": "edition", "url": "url", "defines_abbr": "abbr", "genre": "genre"}
NAME_LABELS = frozenset({"author", "editor", "recipient"})
# Printed labels a gold locator value is extended over (the value's part includes them).
LOCATOR_LABEL = re.compile(
    r"(?:\b(?:pp?|pages?|vols?|Vols?|[Vv]olumes?|nos?|Nos?|[Nn]umber|[Ii]ssue|docs?|Docs?|"
    r"[Dd]ocuments?|ch|chap|[Cc]hapters?|nn?|[Nn]otes?|[Ss]eries|[Ss]er|[Rr]oll|[Rr]eel|[Bb]ox|"
    r"[Cc]ontainer|[Ff]older|[Ff]ols?|ff?|[Aa]ppendix|[Pp]art|pt)\.?\s*)$")
LOCATOR_FIELDS = frozenset({"pages", "volume", "issue", "docs", "chapter", "note_ref", "box",
                            "folder", "series"})
# Which printed labels announce which field: "10" after "Vol." is a volume, after "p." a page.
FIELD_LABEL = {
    "pages": re.compile(r"\b(?:pp?|pages?|fols?|ff?)\.?\s*$"),
    "volume": re.compile(r"\b(?:[Vv]ols?|[Vv]olumes?|[Rr]oll|[Rr]eel|[Ss]er|[Bb]ook)\.?\s*$"),
    "issue": re.compile(r"\b(?:[Nn]os?|[Nn]umber|[Ii]ssue)\.?\s*$"),
    "docs": re.compile(r"\b(?:[Dd]ocs?|[Dd]ocuments?|[Nn]os?)\.?\s*$"),
    "chapter": re.compile(r"\b(?:ch|chap|[Cc]hapters?|[Aa]ppendix|[Pp]art|pt)\.?\s*$"),
    "note_ref": re.compile(r"\b(?:nn?|[Nn]otes?)\.?\s*$"),
    "box": re.compile(r"\b(?:[Bb]ox|[Cc]ontainer)\.?\s*$"),
    "folder": re.compile(r"\b(?:[Ff]older)\.?\s*$"),
    "series": re.compile(r"\b(?:[Ss]eries|[Ss]er)\.?\s*$"),
}
ROLE_HEAD = re.compile(r"^(?:(?:edited|translated|compiled)\s+by|ed\.\s+by|eds?\.|trans\.|trad\.|"
                       r"hrsg\.?|hg\.|dir\.|prod\.|a\s+cura\s+di|a\s+c\s*\.\s*di|in:?|by)\s+", re.IGNORECASE)
ROLE_TAIL = re.compile(r"[\s,]*[(\[]?\s*\b(?:eds?|editors?|edited|trans|translators?|hrsg|hg|"
                       r"comp|dir|directors?|writer/director|producer|prod|a\s+cura\s+di)"
                       r"\.?\s*[)\]]?\s*[.,:;]?$", re.IGNORECASE)
IN_HEAD = re.compile(r"^(?:in|In|IN|dans|nel|Sta in)\s*:?\s+")
IBID_FORM = re.compile(r"\b(?:[Ii]bid(?:em)?\.?|[Ii]dem|[Ii]d\.|[Oo]p\.\s*cit\.?|[Ll]oc\.\s*cit\.?|"
                       r"cit\.|[Ii]vi)(?!\w)")
PUNCT = " \t\n,;:.()[]{}“”‘’\"'«»<>/–-—*†"
CONNECTIVE_HEAD = frozenset(["see", "also", "cf", "cfr", "cited", "quoted", "in", "and", "or", "by", "vedi",
                             "v", "anche", "ora", "sta", "e", "et", "compare", "esp", "especially", "for",
                             "ad", "es", "on"])


@dataclass
class Doc:
    """One text with its citations and their labelled parts, as character offsets."""

    id: str
    source: str  # anystyle, linkedbooks, gold:<chapter>, extra:<file>, composite
    group: str  # style_guess, split, or chapter
    text: str
    citations: list[tuple[int, int]] | None  # None: a lone reference, no segmentation data
    fields: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class AlignStats:
    """How many gold values were found verbatim in their citation, and which were not."""

    values: int = 0
    aligned: int = 0
    citations: int = 0
    citations_aligned: int = 0
    failed: list[str] = field(default_factory=list)


def fold(key: str, k: int = 5) -> int:
    """A stable fold in ``0..k-1`` from a record's id (sha256, so Python's hash seed is irrelevant)."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % k


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- span conventions


def _keep_final_dot(text: str, end: int) -> bool:
    """Is the full stop at ``text[end-1]`` part of the word before it (an initial, "cit.")?"""
    m = re.search(r"(\w+)\.$", text[max(0, end - 12):end])
    if m is None:
        return False
    word = m.group(1)
    return word.isalpha() and (len(word) <= 3 or word.lower() in ("ibid", "ibidem", "idem"))


def trim_part(text: str, s: int, e: int, label: str) -> tuple[int, int]:
    """A part's span without outer spaces, punctuation, quotes, role words or a leading "in"."""
    for _ in range(3):
        while s < e and text[s] in PUNCT:
            s += 1
        while s < e and text[e - 1] in PUNCT:
            if text[e - 1] == "." and _keep_final_dot(text, e):
                break
            if text[e - 1] == ")" and text.count("(", s, e) >= text.count(")", s, e):
                break
            e -= 1
        if label in NAME_LABELS or label in ("container", "title", "series"):
            # On the slice: "^" of a compiled pattern's match(text, pos) is the text's start.
            m = IN_HEAD.match(text[s:e]) if label != "title" else None
            if label in NAME_LABELS:
                m = m or ROLE_HEAD.match(text[s:e])
            if m and s + m.end() < e:
                s += m.end()
                continue
        if label in NAME_LABELS:
            m = ROLE_TAIL.search(text[s:e])
            if m and m.start() > 0:
                e = s + m.start()
                continue
        break
    return s, e


def trim_citation(text: str, s: int, e: int) -> tuple[int, int]:
    """A citation span as the gold draws it: no leading connectives or trailing ``.;,:``."""
    for _ in range(6):
        s0, e0 = s, e
        while s < e and (text[s].isspace() or text[s] in ",;:.(["):
            s += 1
        while s < e and (text[e - 1].isspace() or text[e - 1] in ",;:."):
            e -= 1
        if e > s and text[e - 1] in ")]" and text.count("(", s, e) + text.count("[", s, e) < \
                text.count(")", s, e) + text.count("]", s, e):
            e -= 1
        m = re.match(r"[^\W\d_]+", text[s:e])
        if m and m.group().lower() in CONNECTIVE_HEAD and m.end() < e - s and \
                not text[s + m.end():s + m.end() + 1].isalnum():
            rest = text[s + m.end():e].lstrip(" .:,")
            # "In" before a title is a connective; "V." or "E." before a surname is an initial.
            if not (len(m.group()) == 1 and m.group().isupper()) and rest:
                s = e - len(rest)
        if (s, e) == (s0, e0):
            break
    return s, e


# ---------------------------------------------------------------- token sequences


def seg_sequence(doc: Doc) -> tuple[list[str], list[str]]:
    """The note's tokens with B (first token of a citation), I (inside) or O (prose)."""
    toks = tokenize(doc.text)
    labels = ["O"] * len(toks)
    spans = sorted(doc.citations or [])
    k = 0
    for i, (s, _end) in enumerate(toks):
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        if k < len(spans) and spans[k][0] <= s < spans[k][1]:
            labels[i] = "B" if i == 0 or toks[i - 1][0] < spans[k][0] else "I"
    return [doc.text[s:e] for s, e in toks], labels


def label_sequence(text: str, start: int, end: int,
                   fields: Iterable[tuple[int, int, str]]) -> tuple[list[str], list[str]]:
    """The tokens of ``text[start:end]`` with their part's label (``o`` outside every part)."""
    toks = tokenize(text, start, end)
    marks = sorted(f for f in fields if f[0] < end and f[1] > start)
    labels = []
    k = 0
    for s, _e in toks:
        while k < len(marks) and marks[k][1] <= s:
            k += 1
        lab = "o"
        for fs, fe, fl in marks[k:k + 3]:
            if fs <= s < fe:
                lab = fl
                break
        labels.append(lab)
    words = [text[s:e] for s, e in toks]
    # Punctuation between two parts is tagged with the part before it (AnyStyle's way):
    # a first-order CRF sees only the previous tag, and an "o" between "author" and
    # "title" would hide which part just ended. ``crf.label`` trims it off again.
    for i in range(1, len(words)):
        if labels[i] == "o" and labels[i - 1] != "o" and _is_punct(words[i]):
            labels[i] = labels[i - 1]
    return words, labels


def _is_punct(word: str) -> bool:
    return len(word) == 1 and not word.isalnum()


#: Tokens of the prose before a citation a widened labeller sequence takes in (``label_sequences``).
LEAD_TOKENS = 8


def label_sequences(doc: Doc, lead: bool = False) -> Iterator[tuple[list[str], list[str]]]:
    """One sequence per citation. ``lead``: each starts up to ``LEAD_TOKENS`` tokens earlier,
    within the note's prose since the citation before, labelled ``o``: the segmenter sometimes
    hands the labeller "The best accounts remain D. C. Watt, …", and the gold spans alone
    would never show it a citation that starts with prose."""
    spans = doc.citations if doc.citations is not None else [(0, len(doc.text))]
    previous = 0
    for s, e in spans:
        start = s
        if lead:
            before = tokenize(doc.text, previous, s)[-LEAD_TOKENS:]
            start = before[0][0] if before else s
        words, labels = label_sequence(doc.text, start, e, doc.fields)
        previous = e
        if words:
            yield words, labels


# ---------------------------------------------------------------- AnyStyle


def read_anystyle(path: Path) -> Iterator[Doc]:
    """One Doc a reference: the labelled parts joined by single spaces, as the corpus's ``text``."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text, fields = "", []
            for label, value in rec["sequence"]:
                if text:
                    text += " "
                s = len(text)
                text += value
                lab = ANYSTYLE_MAP.get(label, "o")
                if lab != "o":
                    fs, fe = trim_part(text, s, len(text), lab)
                    if fe > fs:
                        fields.append((fs, fe, lab))
            yield Doc(rec["id"], "anystyle", rec["style_guess"], text, None, fields)


# ---------------------------------------------------------------- LinkedBooks


def _lb_span_groups(span: list[str]) -> list[tuple[int, int]]:
    """Token ranges of the references: b-r … e-r, or a reference cut by the sequence's edge."""
    out, start = [], None
    for i, s in enumerate(span):
        if s == "o":
            if start is not None:
                out.append((start, i))
                start = None
            continue
        if start is None or s == "b-r":
            if start is not None:
                out.append((start, i))
            start = i
        if s == "e-r":
            out.append((start, i + 1))
            start = None
    if start is not None:
        out.append((start, len(span)))
    return out


def _lb_fields(tokens: list[str], labels: list[str], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Runs of one mapped label inside one reference (token indices), titles split by role."""
    runs: list[tuple[int, int, str]] = []
    i = lo
    while i < hi:
        j = i
        while j < hi and labels[j] == labels[i]:
            j += 1
        raw = labels[i]
        lab = LINKEDBOOKS_MAP.get(raw, "o")
        low = " ".join(tokens[i:j]).lower()
        if raw == "ref" and IBID_FORM.search(" ".join(tokens[i:j])):
            lab = "ibid"
        elif raw == "abbreviation" and re.search(r"\baa\b|\bvv\b|\bw\b", low):
            lab = "author"  # "AA. VV." is "various authors", not an Ibid. form
        elif raw == "title" and _after_conjunction(tokens, labels, lo, i):
            # A title after "in" is the book or journal the part appears in.
            lab = "journal" if "publicationnumber-year" in labels[j:hi] else "container"
        elif raw == "publicationnumber-year":
            # One LinkedBooks part for a journal's volume and its year ("35 ( 1935 ),",
            # "xxxi , 1981 ,"): the label set has both, so the year (and a month before it)
            # is the date and what precedes it the volume.
            k = next((t for t in range(i, j) if _YEAR.fullmatch(tokens[t])), j)
            if k > i and tokens[k - 1].lower() in MONTHS:
                k -= 1
            if k < j:
                if any(c.isalnum() for t in tokens[i:k] for c in t):
                    runs.append((i, k, "volume"))
                runs.append((k, j, "date"))
                i = j
                continue
        runs.append((i, j, lab))
        i = j
    return runs


_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")


def _after_conjunction(tokens: list[str], labels: list[str], lo: int, i: int) -> bool:
    """Is token ``i`` right after "in", "in :", "dans" (punctuation between allowed)?

    The corpus labels that "in" ``conjunction`` about 2,400 times and ``o`` about 1,000
    times inside a reference, between a title and the title of the book or journal
    ("… , in “ Arte Veneta ”, VIII"): both are the same word doing the same thing."""
    j = i - 1
    while j >= lo and not any(c.isalnum() for c in tokens[j]):
        j -= 1
    return j >= lo and (labels[j] == "conjunction"
                        or (labels[j] == "o" and tokens[j].lower() in _IN_WORDS))


_IN_WORDS = frozenset({"in", "dans"})


def read_linkedbooks(path: Path, splits: Iterable[str]) -> Iterator[Doc]:
    """One Doc a sequence: tokens joined by single spaces (the corpus keeps no whitespace)."""
    want = set(splits)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            rec = json.loads(line)
            if rec["split"] not in want:
                continue
            toks = rec["tokens"]
            offs, text = [], ""
            for t in toks:
                if text:
                    text += " "
                offs.append((len(text), len(text) + len(t)))
                text += t
            cits, fields = [], []
            for lo, hi in _lb_span_groups(rec["span"]):
                s, e = trim_citation(text, offs[lo][0], offs[hi - 1][1])
                if e <= s:
                    continue
                cits.append((s, e))
                for a, b, lab in _lb_fields(toks, rec["fields"], lo, hi):
                    if lab == "o":
                        continue
                    fs, fe = trim_part(text, max(s, offs[a][0]), min(e, offs[b - 1][1]), lab)
                    if fe > fs:
                        fields.append((fs, fe, lab))
            yield Doc(f"linkedbooks:{k}", "linkedbooks", rec["split"], text, cits, fields)


def linkedbooks_raw_spans(path: Path, split: str) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Text and untrimmed reference spans of one split (the raw boundary measure)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["split"] != split:
                continue
            offs, text = [], ""
            for t in rec["tokens"]:
                if text:
                    text += " "
                offs.append((len(text), len(text) + len(t)))
                text += t
            yield text, [(offs[lo][0], offs[hi - 1][1]) for lo, hi in _lb_span_groups(rec["span"])]


# ---------------------------------------------------------------- gold notes


def _repaired(text: str, repairs: list[dict]) -> str:
    """The note with the gold's repairs applied ("1933–1939(Moscow" -> "1933–1939 (Moscow")."""
    for r in repairs:
        text = text.replace(r["from"], r["to"])
    return text


def _occurrences(surface: str, value: str) -> list[tuple[int, int]]:
    """Where ``value`` occurs in ``surface`` at word boundaries, exactly, else ignoring case."""
    out = []
    for flags in (0, re.IGNORECASE):
        pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in value.split()) + r"(?!\w)"
                         if value[:1].isalnum() or value[-1:].isalnum() else re.escape(value), flags)
        out = [m.span() for m in pat.finditer(surface)]
        if out:
            break
    return out


def align_citation(surface: str, cit: dict, stats: AlignStats) -> list[tuple[int, int, str]]:
    """Labelled spans of a gold citation's values inside its surface.

    Longest values are placed first (so "Fish Papers" takes its words before "Fish"); each
    value takes the occurrence that overlaps nothing placed, preferring, for a locator, one
    right after its printed label ("Vol. 10", not the "10" of a date), then reading order
    among values of one field (the n-th author at or after the (n-1)-th).
    """
    values = []
    for key, lab in GOLD_MAP.items():
        v = cit.get(key)
        for k, x in enumerate(v if isinstance(v, list) else [v] if v else []):
            if isinstance(x, str) and x.strip():
                values.append((key, lab, k, x.strip()))
    placed: list[tuple[int, int, str]] = []
    last_of: dict[str, int] = {}
    ok_all = True
    for key, lab, _k, v in sorted(values, key=lambda t: (-len(t[3]), t[0], t[2])):
        occ = [(s, e) for s, e in _occurrences(surface, v)
               if not any(s < pe and ps < e for ps, pe, _ in placed)]
        if key == "genre" and not occ:
            continue  # a letter's genre is the annotator's, not printed ("despatch")
        stats.values += 1
        if not occ:
            ok_all = False
            stats.failed.append(f"{key}={v!r} in {surface[:80]!r}")
            continue
        stats.aligned += 1

        def rank(o: tuple[int, int], lab: str = lab) -> tuple[int, int, int]:
            before = surface[max(0, o[0] - 14):o[0]]
            own = FIELD_LABEL.get(lab)
            # After its own label first, then after no label, last after another field's.
            place = 0 if own is None or own.search(before) else \
                2 if LOCATOR_LABEL.search(before) else 1
            return (place, 0 if o[0] >= last_of.get(lab, 0) else 1, o[0])
        s, e = min(occ, key=rank)
        last_of[lab] = e
        placed.append((s, e, lab))
    stats.citations += 1
    stats.citations_aligned += ok_all
    out = []
    for s, e, lab in sorted(placed):
        if lab in LOCATOR_FIELDS:
            m = LOCATOR_LABEL.search(surface[max(0, s - 14):s])
            if m and not any(ps < s and pe > m.start() + max(0, s - 14) for ps, pe, _ in placed
                             if (ps, pe) != (s, e)):
                s = max(0, s - 14) + m.start()
        out.append((s, e, lab))
    # Adjacent names of one role are one part, as the corpora label name lists.
    merged: list[tuple[int, int, str]] = []
    for s, e, lab in out:
        if merged and lab in NAME_LABELS and merged[-1][2] == lab and \
                re.fullmatch(r"[\s,;&]*(?:and|&|et|und|e)?[\s,]*", surface[merged[-1][1]:s]):
            merged[-1] = (merged[-1][0], e, lab)
        else:
            merged.append((s, e, lab))
    # Printed Ibid. forms are labelled by rule: the gold has no field for them.
    for m in IBID_FORM.finditer(surface):
        if not any(s < m.end() and m.start() < e for s, e, _ in merged):
            merged.append((m.start(), m.end(), "ibid"))
    return sorted((*trim_part(surface, s, e, lab), lab) for s, e, lab in merged)


def gold_notes(notes: list[dict], source: str, group: str, stats: AlignStats) -> Iterator[Doc]:
    """Docs from gold-shaped notes (``n``, ``text``, ``citations`` with ``surface`` and values)."""
    for note in notes:
        reps = [r for c in note.get("citations", []) for r in c.get("repair", []) or []]
        text = _repaired(note["text"], reps)
        cits, fields = [], []
        pos = 0
        for c in note.get("citations", []):
            surface = _repaired(c["surface"], reps)
            at = text.find(surface, pos)
            if at < 0:
                at = text.find(surface)
            if at < 0:
                stats.failed.append(f"surface {surface[:80]!r} not in note {note.get('n')}")
                continue
            pos = at + len(surface)
            cits.append((at, at + len(surface)))
            fields += [(at + s, at + e, lab) for s, e, lab in align_citation(surface, c, stats)]
        yield Doc(f"{source}:{note.get('n')}", source, group, text, cits, fields)


def gold_file_notes(path: Path) -> list[tuple[str, list[dict]]]:
    """(chapter name, notes) of a gold JSON file: ``{"notes": …}`` or ``{"chapters": [{file, notes}]}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return [(path.stem, data)]
    if "chapters" in data:
        return [(chapter_name(ch.get("file", path.stem)), ch["notes"]) for ch in data["chapters"]]
    return [(chapter_name(data.get("file", path.stem)), data["notes"])]


def chapter_name(file: str) -> str:
    """"frus-history-ch01.txt" -> "ch01"; anything else keeps its stem."""
    m = re.search(r"ch\d+", file)
    return m.group() if m else Path(file).stem


def read_jsonl_notes(path: Path) -> list[dict]:
    """A user's labelled notes: one gold-shaped note a line (``docs/citations-models.md``)."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- composed notes


CONNECT = ["See ", "See also ", "Cf. ", "Cited in ", "Quoted in ", "", "", "", "On this, see "]
JOIN = ["; ", "; see also ", " and ", ". See ", "; cf. ", ". ", "; ", "; "]
PROSE = ["For a different view, see ", "The argument is developed in ", "This is discussed in ",
         "On the background, ", "A useful summary is ", "For the figures, see "]


def pieces(docs: Iterable[Doc]) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """Each citation of ``docs`` on its own: its text and its parts, offsets into that text."""
    for d in docs:
        for s, e in (d.citations if d.citations is not None else [(0, len(d.text))]):
            s, e = trim_citation(d.text, s, e)
            yield d.text[s:e], [(fs - s, fe - s, lab) for fs, fe, lab in d.fields
                                if s <= fs and fe <= e]


def prose_sentences(docs: Iterable[Doc]) -> list[str]:
    """Sentences of gold notes outside every citation: real prose to put between citations."""
    out = []
    for d in docs:
        covered = sorted(d.citations or [])
        for m in re.finditer(r"[A-Z][^.;]{20,200}[.]", d.text):
            if not any(s < m.end() and m.start() < e for s, e in covered):
                out.append(m.group())
    return out


def compose(parts: list[tuple[str, list[tuple[int, int, str]]]], seed: int,
            prose: list[str] | None = None) -> Doc:
    """A note made of labelled citations, connectives and prose (segmentation training only).

    The citations come from training references or training gold notes, the prose from
    the training gold notes' sentences outside citations: the segmenter learns that a
    citation stops at ". The…" and at "; Name to Name". Deterministic: the choices come from
    ``seed`` through sha256, not from ``random``.
    """
    def pick(options: list[str], salt: str) -> str:
        return options[fold(f"{seed}:{salt}", len(options))]
    text = pick(CONNECT + PROSE, "head")
    cits, fields = [], []
    for k, (ptext, pfields) in enumerate(parts):
        if k:
            text += pick(JOIN, f"join{k}")
        at = len(text)
        text += ptext
        cits.append((at, at + len(ptext)))
        fields += [(at + fs, at + fe, lab) for fs, fe, lab in pfields]
        if prose and fold(f"{seed}:prose{k}", 3) == 0:
            text += ". " + pick(prose, f"sentence{k}")[:-1]
    text += "."
    return Doc(f"composite:{seed}", "composite", "composite", text, cits, fields)
