"""Generated chapters for corpus tests and benchmarks: the sample's shape, other content.

Each chapter is a chapter-page text with a title, an author, an abstract and notes drawn from
the sample's notes in a rotated order, so the generated corpus exercises the same reader and
citation rules with different note sequences (and different Ibid. antecedents).
"""
from __future__ import annotations

from pathlib import Path

from teiedition.api import sample_path
from teiedition.readers import chapter_page


def _sample_notes() -> list[str]:
    chapter = chapter_page.read(sample_path().read_text(encoding="utf-8"), "sample")
    return [n.text for n in chapter.notes]


def chapter_text(i: int, notes_per_chapter: int = 20) -> str:
    notes = _sample_notes()
    picked = [notes[(i * 7 + k) % len(notes)] for k in range(notes_per_chapter)]
    lines = [f"Generated Chapter {i}: Studies in Diplomacy, Volume {i % 9 + 1}", "",
             f"  \u2022 Author Number{i}", "", "",
             f"An abstract for generated chapter {i}. It has a sentence or two of prose.", "",
             "Notes and References", ""]
    for k, note in enumerate(picked, start=1):
        lines += [f"  {k}. {k}.", f"    {note}Google Scholar"]
    lines += ["", "Copyright information", "", f"\u00a9 Author Number{i} {1990 + i % 30}", ""]
    return "\n".join(lines)


def write_corpus(directory: Path, count: int, notes_per_chapter: int = 20) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"chapter-{i:04d}.txt"
        path.write_text(chapter_text(i, notes_per_chapter), encoding="utf-8")
        paths.append(path)
    return paths
