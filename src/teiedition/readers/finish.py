"""What every document reader (DOCX, ODT, Markdown) checks before its chapter goes on."""
from __future__ import annotations

from ..errors import InputError
from ..model import Chapter, Problem
from .package import Package


class NoNotes(InputError):
    """A document without footnotes or endnotes (a Markdown file may still be plain text
    with a Notes section, which the plain-text reader then reads)."""


def finish_document(chapter: Chapter, pkg: Package | None) -> Chapter:
    if pkg is not None:
        chapter.dropped.extend(pkg.dropped)
        if pkg.comments:
            chapter.warnings.append(Problem(0, f"{pkg.comments} comment"
                                            f"{'s' if pkg.comments > 1 else ''} of the word "
                                            "processor left out (listed in the TEI header)"))
    if not chapter.notes:
        heads = sum(1 for p in chapter.body if p.kind == "head")
        paras = sum(1 for p in chapter.body if p.kind != "head")
        raise NoNotes(chapter.source_name, f"no footnotes or endnotes: the document has "
                         f"{paras} paragraphs and {heads} headings but no notes, and teiedition "
                         "edits chapters with notes")
    return chapter
