"""Measures of the citation models on labelled ``Doc``s: field micro F1 and citation boundaries.

Shared by ``train`` (the held-out scores of ``models/card.json``) and ``bench/citations.py``.
Field values are compared as the bench always has: whitespace, surrounding punctuation and
quotes, and printed labels ("p.", "vol.") ignored, case folded, as multisets per field.
A list of names counts as one value from its first name to its last (AnyStyle and LinkedBooks
label name lists as one part), and so do several page ranges of one citation.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .corpora import NAME_LABELS, Doc
from .crf import Models

LABEL_WORDS = re.compile(
    r"^(?:ed\.\s+by|edited\s+by|trans\.\s+by|translated\s+by|pp?\.|pages?|vols?\.|volume|nos?\.|"
    r"issue|docs?\.?|documents?|ch\.|chap\.|chapters?|nn?\.|notes?|series|ser\.|appendix|app\.|"
    r"part|pt\.|in|ed\.|eds\.?|edited by|trans\.|translated by|box|container|folder|roll|reel|"
    r"\(eds?\.?\))(?:(?<=[.)])|\b)\s*", re.IGNORECASE)
STRIP = " \t\n.,;:()[]‘’“”\"'«»`"

Counts = dict[str, list[int]]


def norm(value: str) -> str:
    """A value as compared: no outer punctuation, quotes, role words or printed labels."""
    v = " ".join(value.split())
    v = re.sub(r"\s*\((?:eds?\.?|hrsg\.?|trans\.?)\)\s*$|,?\s+eds?\.?\s*$", "", v, flags=re.IGNORECASE)
    for _ in range(3):
        v = v.strip(STRIP)
        v = LABEL_WORDS.sub("", v)
        v = re.sub(r"\s*\((?:eds?\.?|hrsg\.?|trans\.?)\)$|,?\s+eds?\.?$", "", v, flags=re.IGNORECASE)
    v = v.strip(STRIP)
    v = re.sub(r"\s*([,;:.])\s*", r"\1 ", v).strip()
    return v.replace("‐", "-").replace("–", "-").casefold()


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def compare(pred: list[str], gold: list[str]) -> tuple[int, int, int]:
    pc = Counter(x for x in map(norm, pred) if x)
    gc = Counter(x for x in map(norm, gold) if x)
    tp = sum((pc & gc).values())
    return tp, sum(pc.values()) - tp, sum(gc.values()) - tp


def values(text: str, parts: Iterable[tuple[int, int, str]]) -> dict[str, list[str]]:
    """Field label -> values; a label's name list or page ranges as one extent."""
    by: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s, e, lab in sorted(parts):
        if lab != "o":
            by[lab].append((s, e))
    out = {}
    for lab, spans in by.items():
        if lab in NAME_LABELS or lab == "pages":
            out[lab] = [text[spans[0][0]:spans[-1][1]]]
        else:
            out[lab] = [text[s:e] for s, e in spans]
    return out


def add(counts: Counts, pred: dict[str, list[str]], gold: dict[str, list[str]]) -> None:
    for key in set(pred) | set(gold):
        tp, fp, fn = compare(pred.get(key, []), gold.get(key, []))
        c = counts.setdefault(key, [0, 0, 0])
        c[0] += tp
        c[1] += fp
        c[2] += fn


def micro(counts: Counts) -> tuple[float, float, float]:
    tot = [sum(c[i] for c in counts.values()) for i in range(3)]
    return prf(tot[0], tot[1], tot[2])


def label_counts(models: Models, docs: Iterable[Doc]) -> dict[str, Counts]:
    """Per group: the labeller on the gold citation spans (segmentation not involved)."""
    out: dict[str, Counts] = defaultdict(dict)
    for doc in docs:
        for s, e in (doc.citations if doc.citations is not None else [(0, len(doc.text))]):
            pred = values(doc.text, [(f.start, f.end, f.label) for f in models.label(doc.text, s, e)])
            gold = values(doc.text, [f for f in doc.fields if s <= f[0] and f[1] <= e])
            add(out[doc.group], pred, gold)
    return dict(out)


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def note_counts(models: Models, docs: Iterable[Doc]) -> dict[str, dict]:
    """Per group, end to end on notes: citations found and exact, then fields of the found ones.

    Each gold citation is matched to the predicted citation of its note with the most words
    in common (the bench's rule for the TEI); ``found`` counts gold citations with a match,
    ``exact`` those whose match has the same boundaries; ``predicted`` counts the model's.
    """
    out: dict[str, dict] = {}
    for doc in docs:
        r = out.setdefault(doc.group, {"gold": 0, "predicted": 0, "found": 0, "exact": 0,
                                       "fields": {}, "errors": []})
        segs = models.segment(doc.text)
        r["predicted"] += len(segs)
        for s, e in doc.citations or []:
            r["gold"] += 1
            gw = _words(doc.text[s:e])
            best, common = None, 0
            for seg in segs:
                c = sum((_words(doc.text[seg.start:seg.end]) & gw).values())
                if c > common:
                    best, common = seg, c
            gold = values(doc.text, [f for f in doc.fields if s <= f[0] and f[1] <= e])
            if best is None:
                add(r["fields"], {}, gold)
                r["errors"].append((doc.id, doc.text[s:e], None))
                continue
            r["found"] += 1
            if (best.start, best.end) == (s, e):
                r["exact"] += 1
            else:
                r["errors"].append((doc.id, doc.text[s:e], doc.text[best.start:best.end]))
            pred = values(doc.text, [(f.start, f.end, f.label)
                                     for f in models.label(doc.text, best.start, best.end)])
            add(r["fields"], pred, gold)
    return out


def span_f1(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, int, int]:
    """Exact-boundary matches: (tp, fp, fn)."""
    tp = len(set(pred) & set(gold))
    return tp, len(set(pred)) - tp, len(set(gold)) - tp
