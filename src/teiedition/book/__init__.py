"""Books: one edition of many chapters (docs/books.md).

``spec`` reads ``book.toml``; ``build`` builds the chapters and then the book-level files;
``assemble`` makes the book's TEI (a teiCorpus) from the chapters' TEI, with ``works``
consolidating the bibliography and the persons cited across chapters; ``site`` and ``pdf``
make the static site and the book PDF from the book's TEI; ``serve`` previews the site.
"""
from __future__ import annotations

from .spec import BookSpec, book_file, load_book

__all__ = ["BookSpec", "book_file", "build_book", "load_book"]


def build_book(*args, **kwargs):
    """:func:`teiedition.book.build.build_book` (imported on use: it loads the whole pipeline)."""
    from .build import build_book as build
    return build(*args, **kwargs)
