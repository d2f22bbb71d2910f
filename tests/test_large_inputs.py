"""Large chapters convert: 2,000 notes, a 100,000-character line, a 5 MB text."""
from __future__ import annotations

from teiedition.api import convert_text

from .corpusgen import chapter_text


def test_two_thousand_notes_a_long_line_and_five_megabytes():
    text = chapter_text(1, notes_per_chapter=2000)
    long_line = ("Prose of a very long paragraph without a line break, " * 2000)[:100_000]
    head, rest = text.split("\n\n", 1)
    padding = "\n\n".join(long_line for _ in range(46))
    text = f"{head}\n\n{padding}\n\n{rest}"
    assert len(text.encode("utf-8")) >= 5_000_000
    tree, chapter = convert_text(text, "large.txt")
    assert len(chapter.notes) == 2000
    assert tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}note[@n='2000']") is not None
