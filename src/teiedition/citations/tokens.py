"""Tokenizer for the citation models: every token keeps its character offsets.

The models see tokens, the converter needs character offsets, so a token is a pair
``(start, end)`` into the text it came from. Tokens are words (letters and digits together,
an inner apostrophe kept: "Jefferson’s", "M800", "96D292"), URLs (one token: a URL split
into thirty pieces would drown the note's other tokens) and single punctuation characters.
Whitespace is never a token and never a feature: two of the training corpora (AnyStyle,
LinkedBooks) do not keep the source's spacing, so the models must not rely on it.
"""
from __future__ import annotations

import re

# A URL ends before trailing sentence punctuation; a word may hold an inner apostrophe.
TOKEN = re.compile(
    r"(?:https?://|www\.)\S*[^\s.,;:)\]”’\"']"
    r"|[^\W_]+(?:['’][^\W_]+)*"
    r"|\S",
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets ``(s, e)`` of the tokens of ``text[start:end]``, as offsets into ``text``."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]
