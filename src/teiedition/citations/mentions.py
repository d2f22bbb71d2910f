"""Titles a note names in its prose, outside any citation: "the Foreign Relations volume for 1918".

A note's prose names works as often as it cites them, and the printed page sets those names
in italics; plain text has lost the italics, so a third model (``crf.Models.italic_runs``)
predicts where they were. It is trained on the italic runs of real notes
(``corpus/docs/*.notes.json``: every run of every note, in citations and in prose alike), so it
learns what a title looks like in running text rather than a list of titles. The converter
keeps predicted runs that lie wholly outside the note's citations (inside them the labeller
decides), or wholly inside one locator of a citation that no other part covers, and that
read as a title (``is_headline``): a run with no capital letter ("passim", "de facto",
"inter alia") is a foreign or emphasised phrase, not a work.

A note whose source kept its typography (DOCX, ODT, Markdown) is not predicted: its real
italics are there to read (the citation step takes them as title evidence), and a model's
guess would contradict the source.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..model import Citation, Span
from .tokens import tokenize

# Below this mean marginal a predicted run is left as plain prose: a wrong <title> in an
# edition is worse than a missing one. (Viterbi's runs seldom fall below it; not tuned.)
MIN_PROB = 0.5


def is_title_like(text: str) -> bool:
    """A title in English prose carries at least one capital letter (or is an acronym)."""
    return any(c.isupper() for c in text)


def is_headline(text: str) -> bool:
    """Capitalised as a title in running text is (headline style): the first word and every
    word of five letters or more start with a capital. A predicted run in prose must pass,
    so that "a French journalist" stays prose while "Register of the Department of State"
    and "Foreign Relations" are titles."""
    words = re.findall(r"[^\W\d_]+", text)
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() for w in words if len(w) >= 5)


def italic_sequences(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Tokens and ``T``/``O`` labels of every note of a ``.notes.json`` file.

    Each italic run is found in the note's text in order (a run printed twice is two runs);
    a run that is not title-like is labelled ``O``, as the converter would drop it anyway.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    for note in data["notes"]:
        text, spans, cursor = note["text"], [], 0
        for run in note.get("italic_spans", []):
            at = text.find(run, cursor)
            if at < 0:
                at = text.find(run)
            if at < 0 or not is_title_like(run):
                continue
            spans.append((at, at + len(run)))
            cursor = at + len(run)
        toks = tokenize(text)
        if not toks:
            continue
        words = [text[s:e] for s, e in toks]
        labels = ["T" if any(a <= s and e <= b for a, b in spans) else "O" for s, e in toks]
        yield words, labels


# Parts of a citation that may hold a title of their own in TEI (biblScope and citedRange are
# phrase-level): "026 Foreign Relations/1099", a file of the Central Decimal File named after
# the series it concerns, is printed with the series title in italics.
NESTS_TITLE = frozenset(["biblScope", "citedRange"])


def in_prose(text: str, citations: list[Citation], runs: list[tuple[int, int, float]]) -> list[Span]:
    """``title`` spans for the predicted italic ``runs`` of a note's ``text`` that name a work
    the citations do not already mark: in the prose, or inside a locator of a citation
    (``NESTS_TITLE``); never across a citation's edge or over one of its other parts."""
    out = []
    for s, e, prob in runs:
        if prob < MIN_PROB or not is_headline(text[s:e]):
            continue
        if all(c.end <= s or e <= c.start for c in citations):
            out.append(Span(s, e, "title", {}))
            continue
        inside = [c for c in citations if c.start <= s and e <= c.end]
        if not inside:
            continue  # across a citation's edge
        touched = [p for p in inside[0].spans if p.start < e and s < p.end]
        if touched and all(p.tag in NESTS_TITLE and p.start <= s and e <= p.end for p in touched):
            out.append(Span(s, e, "title", {}))
    return out


def score(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, int, int]:
    """Exact-run matches: (tp, fp, fn)."""
    p, g = set(predicted), set(gold)
    return len(p & g), len(p - g), len(g - p)


def runs_of(labels: list[str], toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character extents of the maximal ``T`` runs of a tagged token sequence."""
    out, i = [], 0
    while i < len(labels):
        if labels[i] != "T":
            i += 1
            continue
        j = i
        while j < len(labels) and labels[j] == "T":
            j += 1
        out.append((toks[i][0], toks[j - 1][1]))
        i = j
    return out
