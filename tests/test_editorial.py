"""The editorial meaning of the Guidelines' common modules in both editions, decided once in
xslt/common/editorial.xsl and xslt/common/labels.xsl. Each test renders a small TEI with the
real stylesheets (saxonche), compiles the PDF with typst and reads it back with pdftotext."""
from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from teiedition import pdf
from teiedition.html import render_html
from teiedition.transform import UnknownElementWarning

from .conftest import require_tool

XHTML = {"h": "http://www.w3.org/1999/xhtml"}


def tei(body: str, *, lang: str = "en", title: str = "A Title", author: str = "An Author",
        header: str = "", extra: str = "") -> bytes:
    """A small TEI P5 file around a body fragment (parsed to prove it is well-formed)."""
    xml = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc>
<titleStmt><title>{title}</title><author>{author}</author></titleStmt>
<publicationStmt><p>tests</p><date when="2020-01-01">2020</date></publicationStmt>
<sourceDesc><p>Made for the tests.</p>{header}</sourceDesc></fileDesc></teiHeader>
<text><body><div>{body}</div></body></text>{extra}</TEI>"""
    etree.fromstring(xml.encode())
    return xml.encode()


def write(tmp_path: Path, data: bytes, name: str = "t.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdf_text(path: Path, tmp_path: Path) -> str:
    require_tool("pdftotext")
    out = tmp_path / (path.stem + ".pdf")
    out.write_bytes(pdf.render_pdf(path))
    return subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout


def html_tree(path: Path) -> etree._Element:
    return html5lib.parse(render_html(path), treebuilder="lxml", namespaceHTMLElements=True).getroot()


def text_of(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


# ---------- languages ----------

@pytest.mark.parametrize("lang,word", [
    ("sl", "O tej izdaji"), ("ru", "Об этом издании"), ("it", "Informazioni su questa edizione"),
    ("es", "Sobre esta edición"), ("la", "De hac editione"), ("de", "Über diese Edition"),
    ("fr", "À propos de cette édition"), ("en", "About this edition"),
    ("nl", "About this edition"),          # no words for Dutch: English, never a failure
])
def test_every_language_prints_with_its_interface_words(lang: str, word: str, tmp_path: Path) -> None:
    # Regression: Slovene (test32.xml) made the print edition fail with a Saxon stack trace
    # ("empty sequence is not allowed as the target of a dynamic function call").
    path = write(tmp_path, tei("<p>Besedilo.</p>", lang=lang, author="A B and C D"))
    text = pdf_text(path, tmp_path)
    assert word in text
    assert word in text_of(html_tree(path))


# ---------- unknown elements ----------

def test_unknown_element_keeps_its_text_and_is_named_once(tmp_path: Path) -> None:
    path = write(tmp_path, tei("<p><mystery>WordOne</mystery> and <mystery>WordTwo</mystery>.</p>"))
    with pytest.warns(UnknownElementWarning) as caught:
        page = html_tree(path)
    assert [str(w.message) for w in caught] == [
        "<mystery> has no rendering rule in teiedition: its text is kept as plain text"]
    assert "WordOne and WordTwo" in text_of(page)
    with pytest.warns(UnknownElementWarning) as caught:
        printed = pdf_text(path, tmp_path)
    assert len(caught) == 1 and "WordOne and WordTwo" in printed
