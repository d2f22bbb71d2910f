"""Issue 11, points 5 and 8 for the editions: what Typst cannot take is defused, a TEI
too long to typeset in bounded time and memory is refused with one line, and a long one is
compiled in a child process whose memory and time are limited.

Fixtures are the sample's TEI with one hostile note added (``bench/hostile.py`` makes the same
inputs, at full size, for the measurements).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from teiedition import pdf
from teiedition.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEI = ROOT / "tei" / "roberts-1995-rapallo.xml"


def _with_note(tmp_path: Path, note_xml: str) -> Path:
    text = SAMPLE_TEI.read_text(encoding="utf-8")
    start = text.index('<div type="notes">')
    at = text.index(">", start) + 1
    path = tmp_path / "hostile.xml"
    path.write_text(text[:at] + f'<note xml:id="hostile" n="999" type="endnote" place="end">'
                    f"{note_xml}</note>" + text[at:], encoding="utf-8")
    return path


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_word_of_16370_letters_prints(tmp_path):
    data = pdf.render_pdf(_with_note(tmp_path, "Before " + "x" * 16370 + " after."))
    assert data.startswith(b"%PDF-")
    assert "after." in _pdf_text(data, tmp_path)


def test_hi_nested_65_deep_prints_without_the_deepest_levels(tmp_path, monkeypatch):
    # The XML gate refuses this nesting by default; raised, the PDF must still be made.
    monkeypatch.setenv("TEIEDITION_MAX_XML_NESTING", "200")
    note = '<hi rend="italic">' * 65 + "deepest words" + "</hi>" * 65 + " and after"
    data = pdf.render_pdf(_with_note(tmp_path, note))
    text = _pdf_text(data, tmp_path)
    assert "deepest words" in text and "and after" in text


def test_a_link_longer_than_typst_allows_prints_as_text(tmp_path):
    url = "https://example.org/" + "a" * 16370
    note = f'See <ref target="{url}">the long address</ref>.'
    text = _pdf_text(pdf.render_pdf(_with_note(tmp_path, note)), tmp_path)
    assert "the long address" in text


def test_defusing_keeps_the_text_in_order():
    from lxml import etree
    tree = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>a' + '<hi>b' * 40 + "c" + "</hi>d" * 40
        + "e</p></TEI>"))
    before = "".join(tree.getroot().itertext())
    pdf._defuse(tree)
    assert "".join(tree.getroot().itertext()) == before
    depth = max(sum(1 for _ in el.iterancestors("{http://www.tei-c.org/ns/1.0}hi"))
                for el in tree.getroot().iter("{http://www.tei-c.org/ns/1.0}hi"))
    assert depth == pdf.MAX_HI_NESTING - 1


def test_a_tei_over_the_text_budget_is_refused_in_one_line(tmp_path):
    out = tmp_path / "out.pdf"
    proc = subprocess.run([sys.executable, "-m", "teiedition.cli", "render", str(SAMPLE_TEI),
                           "--to", "pdf", "-o", str(out)], check=False, capture_output=True,
                          text=True,
                          env={**os.environ, "TEIEDITION_MAX_PDF_CHARS": "1000"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert str(SAMPLE_TEI) in proc.stderr and "the limit is 1000" in proc.stderr
    assert "TEIEDITION_MAX_PDF_CHARS" in proc.stderr
    assert not out.exists()


def test_the_default_budget_takes_the_sample_and_refuses_a_large_edition():
    from lxml import etree
    small = etree.parse(str(SAMPLE_TEI))
    pdf._check_budget(small, "sample")
    big = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>' + "word " * (pdf.MAX_CHARS // 5 + 1)
        + "</p></TEI>"))
    with pytest.raises(InputError, match="too long for the print edition"):
        pdf._check_budget(big, "big.xml")


def _render(path: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "teiedition.cli", "render", str(path), "--to",
                           "pdf", "-o", str(out)], check=False, capture_output=True, text=True,
                          env={**os.environ, **env})


def test_a_long_edition_compiles_in_a_bounded_child_with_the_same_bytes(tmp_path, monkeypatch):
    path = _with_note(tmp_path, "word " * 60000)  # markup over pdf.CHILD_ABOVE
    source = pdf.typst_source(path)
    assert len(source) > pdf.CHILD_ABOVE
    in_child = pdf.compile_typst(source)
    monkeypatch.setattr(pdf, "CHILD_ABOVE", len(source) + 1)
    assert pdf.compile_typst(source) == in_child


def test_the_compile_over_its_memory_limit_is_one_line(tmp_path):
    out = tmp_path / "out.pdf"
    proc = _render(_with_note(tmp_path, "word " * 60000), out, TEIEDITION_PDF_MEMORY_MB="50")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "the limit of 50 MB" in proc.stderr and "TEIEDITION_PDF_MEMORY_MB" in proc.stderr
    assert not out.exists()


def test_the_compile_over_its_time_limit_is_one_line(tmp_path):
    out = tmp_path / "out.pdf"
    proc = _render(_with_note(tmp_path, "word " * 60000), out, TEIEDITION_PDF_SECONDS="0")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "the limit of 0 s" in proc.stderr and "TEIEDITION_PDF_SECONDS" in proc.stderr
    assert not out.exists()


def test_a_tei_over_the_web_edition_budget_is_refused_in_one_line(tmp_path):
    out = tmp_path / "out.html"
    proc = subprocess.run([sys.executable, "-m", "teiedition.cli", "render", str(SAMPLE_TEI),
                           "--to", "html", "-o", str(out)], check=False, capture_output=True,
                          text=True, env={**os.environ, "TEIEDITION_MAX_HTML_CHARS": "1000"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "too long for the web edition" in proc.stderr and "the limit is 1000" in proc.stderr
    assert "TEIEDITION_MAX_HTML_CHARS" in proc.stderr
    assert not out.exists()
