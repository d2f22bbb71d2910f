"""The book's static site, made from the book's TEI by ``xslt/site/site.xsl``.

Pages: ``index.html`` (the book and its chapters), one page per chapter (``STEM.html``, the
chapter's web edition with the site's navigation), ``bibliography.html``, ``persons.html``
and ``search.html`` with its index. Every page is self-contained and carries a
Content-Security-Policy allowing exactly its inlined style and script elements by hash. A
chapter page is the chapter's web edition, made from the chapter alone and kept between
builds (parts.py), patched with the book's navigation and bibliography links each time.

Search is a small static index and script of our own, not Pagefind (docs/books.md has the
measurements): the index is inlined in the page (about 0.5 MB for six chapters), so the page
works from ``file:`` as well as from any static host (Pagefind loads its index and a
WebAssembly module with fetch, which Chromium refuses on ``file:``); results link to the
paragraph or note (Pagefind's to the nearest heading); no binary to install.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
from pathlib import Path

from lxml import etree, html

from ..html import _css_sha256
from ..transform import SaxonDocument, run_xslt, xslt_dir
from . import parts
from .cache import MarkupCache

PAGES = ("index", "bibliography", "persons", "search")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def _asset(name: str) -> str:
    return (xslt_dir() / "site" / name).read_text(encoding="utf-8")


def page_params(stems: list[str]) -> dict[str, str]:
    """The parameters of site.xsl that every page has."""
    return {"stems": " ".join(stems), "css-sha256": _css_sha256(), "site-css-sha256": _sha256(_asset("site.css"))}


def render_site(book: etree._ElementTree, stems: list[str], document: SaxonDocument | None = None,
                store: MarkupCache | None = None) -> dict[str, bytes]:
    """Every file of the site, by name relative to the output directory. ``document`` is
    ``book`` as Saxon holds it, for all pages; ``store`` keeps each chapter's web edition
    (most of its page) between builds, the page's navigation and links into the book's
    bibliography being added from the whole book each time (parts.py)."""
    document = document or SaxonDocument(book)
    base = page_params(stems)
    body = {"css-sha256": base["css-sha256"], "page": "chapter-body"}
    files: dict[str, bytes] = {}
    root = book.getroot()
    for number, (stem, tei) in enumerate(zip(stems, parts.chapters(root), strict=True), 1):
        rendered = parts.made(store, "site/site.xsl", body, parts.alone(root, tei),
                              lambda alone: run_xslt("site/site.xsl", alone, body))
        files[f"{stem}.html"] = run_xslt("site/site.xsl", document, {
            **base, "page": "chapter", "chapter": str(number), "chapter-html": rendered}).encode("utf-8")
    index_js = search_index(stems, files)
    scripts = {"search-js": _asset("search.js"), "search-js-sha256": _sha256(_asset("search.js")),
               "search-index": index_js, "index-js-sha256": _sha256(index_js)}
    for page in PAGES:
        files[f"{page}.html"] = run_xslt("site/site.xsl", document, {**base, **scripts, "page": page}).encode("utf-8")
    return files


def search_index(stems: list[str], pages: dict[str, bytes]) -> str:
    """The search index, a script: every paragraph of the chapters' text (ids p1, p2, … given by
    site.xsl) and every note, read from the chapter pages as the reader sees them, as a
    script assigning ``window.teieditionSearch``.

    ``{"pages": [[href, title], …], "items": [[page, anchor, label, text], …]}``. JSON is
    written with ``ensure_ascii`` and "<" escaped, so "</script>" cannot occur in it
    (the HTML serializer writes a script's text unescaped)."""
    out_pages, items = [], []
    for number, stem in enumerate(stems):
        doc = html.fromstring(pages[f"{stem}.html"])
        title = " ".join("".join(doc.xpath("//header[@class='masthead']/h1//text()")).split())
        out_pages.append([f"{stem}.html", title])
        for p in doc.xpath("//main//p[starts-with(@id, 'p')]"):
            head = p.xpath("ancestor::section[h2 or h3 or h4][1]/*[self::h2 or self::h3 or self::h4][1]")
            label = " ".join(head[0].text_content().split()) if head else "Text"
            items.append([number, p.get("id"), label, " ".join(p.text_content().split())])
        for li in doc.xpath("//ol[@class='notes']/li[@id]"):
            body = li.xpath("div[@class='note-body']")
            text = " ".join((body[0] if body else li).text_content().split())
            items.append([number, li.get("id"), f"Note {li.get('value', '')}".strip(), text])
    data = json.dumps({"pages": out_pages, "items": items}, ensure_ascii=True, separators=(",", ":"))
    return "window.teieditionSearch=" + data.replace("<", "\\u003c") + ";"


def write_changed(outdir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file whose bytes differ from what is there (atomically); unchanged files
    keep their time stamps, so a static host's caches stay valid. Returns every path."""
    from ..fileio import write_atomic
    paths = []
    for name, data in files.items():
        path = outdir / name
        try:
            same = path.is_file() and not path.is_symlink() and path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            write_atomic(path, data)
        paths.append(path)
    return paths
