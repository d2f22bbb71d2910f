"""The editor's review list: one HTML page, made from a TEI file alone by ``xslt/review.xsl``,
listing what most needs an editor's look (low- and medium-certainty citations, unresolved and
ambiguous links, repairs), most urgent first, each with its note and a link into the web edition.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from .errors import TeieditionError
from .fileio import write_atomic
from .transform import check_tei_root, run_xslt
from .xmlsafe import parse_file


def default_edition_href(tei_path: str | Path) -> str:
    """The web edition beside the review: ``NAME.html`` for ``NAME.xml`` (build writes both
    into one directory, so a relative address keeps working when the directory moves).

    Percent-encoded, so that the file's name is always a relative path: "#" or "?" in it
    would cut the address, and a name like ``javascript:x.xml`` would otherwise be read as a
    scheme by the browser."""
    return quote(f"{Path(tei_path).stem}.html", safe="")


def edition_address(edition_href: str | None, tei_name: str) -> str:
    """Where the review's links lead: ``edition_href`` as given (a page), or with the default
    page name added when it ends in ``/`` (a base: ``https://example.org/ed/``); by default
    ``NAME.html``. Only relative, http and https addresses: the page is opened by an editor
    in a browser, where any other scheme (``javascript:``) would be a hazard."""
    if edition_href is None or edition_href == "":
        return default_edition_href(tei_name) if tei_name else ""
    href = edition_href.strip()
    if href.endswith("/") and tei_name:
        href += default_edition_href(tei_name)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
    if (scheme and scheme.group(1).lower() not in ("http", "https")) or any(c in href for c in '"<> \t\n'):
        raise TeieditionError(f"--edition-url {edition_href!r}: give a relative address or an "
                              "http(s) URL of the web edition")
    return href


def render_review(tei: str | Path | etree._ElementTree, edition_href: str | None = None,
                  name: str | None = None) -> bytes:
    """The review page of a TEI file (or parsed tree), UTF-8 encoded.

    ``edition_href`` is the web edition's address, to which ``#`` and a note's id are added
    (default: ``NAME.html``, NAME the TEI file's stem; see :func:`edition_address`); ``name``
    the file name shown in the page (default: the file's name).
    """
    # Parsed and checked here, before Saxon, so that an unreadable, unsafe or non-TEI file is
    # the input error it is (exit 2), not a failed transformation.
    if isinstance(tei, etree._ElementTree):
        tree, label = tei, name or "<tree>"
    else:
        tree, label = parse_file(tei), str(tei)
        name = name or Path(tei).name
    check_tei_root(tree, label)
    params = {"edition-href": edition_address(edition_href, name or ""), "tei-name": name or ""}
    return run_xslt("review.xsl", tree, params).encode("utf-8")


def write_review(tei_path: str | Path, out_path: str | Path, edition_href: str | None = None) -> Path:
    """Write the review page of ``tei_path`` to ``out_path`` atomically; returns ``out_path``.

    For ``build``: the review goes beside the edition as ``NAME.review.html``, and its links
    lead to ``NAME.html`` there unless ``edition_href`` says otherwise.
    """
    out = Path(out_path)
    write_atomic(out, render_review(tei_path, edition_href))
    return out
