"""Quotation marks as typographic evidence, for every reader.

A title in quotation marks is, in a note, most often an article's or a chapter's title; the
citation step reads ``quoted`` spans for that. Quotation marks survive any export (plain
text, a chapter page, Word), so the spans are found in the text itself, after the reader,
and added beside what the reader found (a Markdown ``Quoted`` node is already a span).
"""
from __future__ import annotations

import re

from ..model import Chapter, Paragraph, Style

# Double quotes, curly or straight; single curly quotes only where the opening one starts a
# word and the closing one ends one, since ’ is also the apostrophe ("Britain’s").
_QUOTED = re.compile(
    r"\u201c[^\u201c\u201d]{1,400}\u201d"
    r"|\u201e[^\u201c\u201d\u201e]{1,400}[\u201c\u201d]"
    r"|(?<![\w\"])\"[^\"\n]{1,400}\"(?!\w)"
    r"|(?<!\w)\u2018[^\u2018\u2019]{1,400}\u2019(?!\w)"
    r"|\u00ab[^\u00ab\u00bb]{1,400}\u00bb")


def quoted_spans(text: str, existing: list[Style]) -> list[Style]:
    have = {(s.start, s.end) for s in existing if s.kind == "quoted"}
    return [Style(m.start(), m.end(), "quoted") for m in _QUOTED.finditer(text)
            if (m.start(), m.end()) not in have]


def _paragraph(para: Paragraph) -> None:
    para.styles.extend(quoted_spans(para.text, para.styles))
    for row in para.rows:
        for cell in row:
            _paragraph(cell)


def add_quoted_spans(chapter: Chapter) -> None:
    for para in chapter.abstract + chapter.body + chapter.trailer:
        _paragraph(para)
    for note in chapter.notes:
        note.styles.extend(quoted_spans(note.text, note.styles))
