"""The book's print edition: ``xslt/typst/book.xsl`` over the book's TEI, compiled to a tagged
PDF/A-2b by the chapters' own compiler (``teiedition.pdf.compile_typst``: fonts bundled, no
packages, the compile in a limited child process when the markup is long).

:func:`book_markup` makes the same markup as :func:`book_typst` in parts: the frame (title
page, contents, the book's bibliography, the index of persons, the colophon) from the whole
book, and each chapter's markup from the chapter alone, kept between builds (parts.py): in a
one-chapter rebuild of the FRUS book the markup takes about 0.5 s of CPU instead of 2 s,
ahead of the compilation.
"""
from __future__ import annotations

import copy
import hashlib
import re

from lxml import etree

from ..pdf import PAPERS, _check_budget, _defuse, compile_typst
from ..transform import SaxonDocument, TransformError, run_xslt
from ..xmlsafe import parse_bytes
from . import cache, parts

STYLESHEET = "typst/book.xsl"
#: The frame's line for the Nth chapter's markup (book.xsl, part "frame"): TEI text cannot
#: make it, since the stylesheet escapes "/" in text and collapses its line breaks.
_PLACE = re.compile(r"^// teiedition-chapter (\d+)\n", re.MULTILINE)


def book_typst(data: bytes, name: str = "book.xml", paper: str = "a4") -> str:
    """The whole book's markup in one run of the stylesheet."""
    _check_paper(paper)
    tree: etree._ElementTree = parse_bytes(data, name)
    _check_budget(tree, name)
    _defuse(tree)  # what Typst cannot take, changed in the tree being typeset only
    return run_xslt(STYLESHEET, tree, _params(data, name, paper))


def book_markup(tree: etree._ElementTree, data: bytes, document: SaxonDocument | None = None,
                name: str = "book.xml", paper: str = "a4", store: cache.MarkupCache | None = None) -> str:
    """:func:`book_typst` of the book ``tree`` (serialized as ``data``), from parts.

    ``document`` is the book as Saxon holds it for the site, used for the frame when
    defusing changes nothing; ``store`` keeps chapters' markup between builds."""
    _check_paper(paper)
    _check_budget(tree, name)
    typeset = copy.deepcopy(tree)  # the tree is the site's too: defused in a copy
    if _defuse(typeset) or document is None:
        document = SaxonDocument(typeset)
    frame = run_xslt(STYLESHEET, document, {**_params(data, name, paper), "part": "frame"})
    root = typeset.getroot()
    params = {"paper": paper, "part": "chapters"}
    markup = [parts.made(store, STYLESHEET, params, parts.alone(root, tei),
                         lambda alone: run_xslt(STYLESHEET, alone, params))
              for tei in parts.chapters(root)]
    return _splice(frame, markup)


def _splice(frame: str, chapters: list[str]) -> str:
    """The frame with each chapter's line replaced by its markup; every place exactly once,
    in order, or the frame is not this book's (a bug: TransformError)."""
    places = [int(m[1]) for m in _PLACE.finditer(frame)]
    if places != list(range(1, len(chapters) + 1)):
        raise TransformError(f"{STYLESHEET}: the frame places chapters {places}, not 1 to {len(chapters)}")
    return _PLACE.sub(lambda m: chapters[int(m[1]) - 1], frame)


def _check_paper(paper: str) -> None:
    if paper not in PAPERS:
        raise TransformError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")


def _params(data: bytes, name: str, paper: str) -> dict[str, str]:
    return {"paper": paper, "tei-sha256": hashlib.sha256(data).hexdigest(), "tei-name": name.rsplit("/", 1)[-1]}


def render_book_pdf(data: bytes, name: str = "book.xml", paper: str = "a4") -> bytes:
    return compile_typst(book_typst(data, name, paper))
