"""Citation layer: notes -> citations with parts, links and a consolidated bibliography."""
from __future__ import annotations

from ..model import Chapter

__all__ = ["parse_citations"]


def parse_citations(chapter: Chapter) -> Chapter:
    # Placeholder until the parser lands: leaves notes as plain text.
    return chapter
