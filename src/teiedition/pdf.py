"""The print edition: TEI -> Typst markup (``xslt/typst.xsl``) -> PDF/A-2b, in-process.

Typst runs through the ``typst`` Python package (no external binary). Three things make the
PDF the same bytes for the same TEI on any machine, and keep a hostile TEI harmless:

* Fonts come from ``data/fonts`` (Linux Libertine O, OFL) with system fonts ignored; Typst's
  own embedded fonts, fixed by its version, are the only fallback.
* Dates come from the TEI (typst.xsl writes the document date); Typst's clock is pinned to
  the Unix epoch, so nothing depends on when the PDF was made.
* The compiler's root is a fresh, empty temporary directory holding only the generated
  ``main.typ``: even if markup escaped the stylesheet's escaping, ``#read``/``#include``/
  ``#image`` could reach nothing else (Typst refuses paths outside its root).
"""
from __future__ import annotations

import hashlib
import tempfile
import warnings
from pathlib import Path

import typst
from lxml import etree

from .transform import TransformError, check_tei_root, run_xslt
from .xmlsafe import parse_bytes, read_file

#: Paper sizes accepted by ``--paper`` (Typst's names).
PAPERS = ("a4", "us-letter")

#: PDF standards every print edition claims; Typst checks them while writing.
PDF_STANDARDS = ["a-2b"]


def fonts_dir() -> Path:
    return Path(__file__).parent / "data" / "fonts"


def typst_source(tei: str | Path | etree._ElementTree, paper: str = "a4") -> str:
    """The Typst markup of the print edition of a TEI file (or parsed tree)."""
    if isinstance(tei, etree._ElementTree):
        # A tree has no file: its checksum is that of its serialisation.
        data = etree.tostring(tei, xml_declaration=True, encoding="UTF-8")
        return typst_source_from_bytes(data, name="edition.xml", paper=paper)
    path = Path(tei)
    return typst_source_from_bytes(read_file(path), name=str(path), paper=paper)


def typst_source_from_bytes(data: bytes, name: str = "edition.xml", paper: str = "a4") -> str:
    """As :func:`typst_source`, for TEI already in memory; ``name`` is printed in the colophon."""
    if paper not in PAPERS:
        raise TransformError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")
    tree = parse_bytes(data, name)
    check_tei_root(tree, name)
    params = {
        "paper": paper,
        # The colophon names the exact file the PDF was made from by its checksum.
        "tei-sha256": hashlib.sha256(data).hexdigest(),
        "tei-name": Path(name).name,
    }
    return run_xslt("typst.xsl", tree, params)


class PdfaWarning(UserWarning):
    """The PDF could not be PDF/A (text no bundled font can show) and was written without it."""


def compile_typst(source: str) -> bytes:
    """Compile Typst markup to a tagged PDF/A-2b, confined to a fresh empty root.

    Any TEI must print: text in a script the bundled fonts lack (Chinese, emoji) breaks
    PDF/A, which forbids glyphs that cannot be shown. Then the PDF is made again without the
    PDF/A claim (still tagged) and a :class:`PdfaWarning` names the text.
    """
    try:
        return _compile(source, PDF_STANDARDS)
    except TransformError as exc:
        if "PDF/A" not in str(exc) or "could not be displayed" not in str(exc):
            raise
        warnings.warn(PdfaWarning(f"{exc}; the PDF is written without PDF/A"), stacklevel=2)
        return _compile(source, [])


def _compile(source: str, standards: list[str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="teiedition-typst-") as tmp:
        root = Path(tmp)
        main = root / "main.typ"
        main.write_text(source, encoding="utf-8")
        try:
            return typst.compile(
                str(main),
                root=str(root),
                font_paths=[str(fonts_dir())],
                ignore_system_fonts=True,
                pdf_standards=standards,
                pdf_tags=True,
                # Only used where the document leaves its date to Typst (a TEI without any
                # date): the epoch, never the clock.
                timestamp=0,
                # Packages are never needed; empty directories keep Typst from finding any.
                package_path=str(root / "no-packages"),
                package_cache_path=str(root / "no-package-cache"),
            )
        except typst.TypstError as exc:
            raise TransformError(f"typst: the print edition does not compile: {exc}") from None


def render_pdf(tei: str | Path | etree._ElementTree, paper: str = "a4") -> bytes:
    """The print edition of a TEI file as PDF bytes."""
    return compile_typst(typst_source(tei, paper=paper))


def render_typst(tei: str | Path | etree._ElementTree, paper: str = "a4") -> bytes:
    """The print edition's Typst markup, UTF-8 (for inspection or hand-compilation)."""
    return typst_source(tei, paper=paper).encode("utf-8")
