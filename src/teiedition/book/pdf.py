"""The book's print edition: ``xslt/typst/book.xsl`` over the book's TEI, compiled to a tagged
PDF/A-2b by the chapters' own compiler (``teiedition.pdf.compile_typst``: fonts bundled, no
packages, the compile in a limited child process when the markup is long)."""
from __future__ import annotations

import hashlib

from lxml import etree

from ..pdf import PAPERS, _check_budget, _defuse, compile_typst
from ..transform import TransformError, run_xslt
from ..xmlsafe import parse_bytes


def book_typst(data: bytes, name: str = "book.xml", paper: str = "a4") -> str:
    if paper not in PAPERS:
        raise TransformError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")
    tree: etree._ElementTree = parse_bytes(data, name)
    _check_budget(tree, name)
    _defuse(tree)  # what Typst cannot take, changed in the tree being typeset only
    return run_xslt("typst/book.xsl", tree, {"paper": paper, "tei-sha256": hashlib.sha256(data).hexdigest(),
                                              "tei-name": name.rsplit("/", 1)[-1]})


def render_book_pdf(data: bytes, name: str = "book.xml", paper: str = "a4") -> bytes:
    return compile_typst(book_typst(data, name, paper))
