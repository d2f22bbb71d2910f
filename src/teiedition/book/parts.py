"""A chapter's share of a book-level file, made from the chapter alone and kept between builds.

Most of the book PDF's markup and of the site's chapter pages is each chapter rendered by the
chapters' own stylesheets, which look at nothing outside the chapter (its ids and pointers
are its own, assemble.py). Made from a document holding the book's root (its language, which a
chapter without its own inherits), the book's header and that chapter only, that share is the
same text as made inside the whole book (tests/test_book.py compares both), and its inputs
are known exactly: so it is kept (cache.py) under their digest, and a one-chapter change makes
only that chapter's share again. (The one thing a chapter alone cannot see is the notes of the
chapters before it: a note without a number of its own, n, which the converter always gives,
is numbered among its chapter's notes, as in the chapter's own edition.)
"""
from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from ..tei import TEI_NS
from . import cache

TEI = f"{{{TEI_NS}}}TEI"
HEADER = f"{{{TEI_NS}}}teiHeader"


def chapters(root: etree._Element) -> list[etree._Element]:
    """The book's chapters (its ``TEI`` children), in order."""
    return list(root.iterchildren(TEI))


#: What stands in for the book's other parts before the chapter: the web edition's ids of
#: tooltips and alternatives are an element's path of positions (html/notes.xsl), so the
#: chapter keeps its place among its siblings. No stylesheet has a rule for it.
OMITTED = "{urn:teiedition:book-parts}omitted"


def alone(root: etree._Element, tei: etree._Element) -> etree._ElementTree:
    """A copy of the book ``root`` holding its header and the chapter ``tei``, at its place."""
    book = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    for sibling in tei.itersiblings(preceding=True):
        if isinstance(sibling.tag, str):
            book.insert(0, copy.deepcopy(sibling) if sibling.tag == HEADER else etree.Element(OMITTED))
    book.append(copy.deepcopy(tei))
    return book.getroottree()


def made(store: cache.MarkupCache | None, what: str, params: dict[str, str], document: etree._ElementTree,
         make: Callable[[etree._ElementTree], str]) -> str:
    """``make(document)``, or what a build before made from the same inputs: ``what`` names
    the stylesheet and the part, ``params`` are its parameters."""
    if store is None:
        return make(document)
    name = cache.key(what.encode(), *(f"{k}={v}".encode() for k, v in sorted(params.items())),
                     etree.tostring(document, encoding="UTF-8"))
    found = store.get(name)
    if found is None:
        found = make(document)
        store.put(name, found)
    return found
