"""The print edition (issue 6): TEI -> Typst -> PDF/A-2b, checked with poppler's tools.

The PDF is read back the way a reader or an archive would: its text (pdftotext), its
metadata (pdfinfo, XMP), its fonts (pdffonts). poppler-utils must be installed (.ci/run).
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teiedition import pdf
from teiedition.cli import main
from teiedition.errors import InputError
from teiedition.transform import TransformError

from .conftest import FRUS, require_tool

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "print"
HAND = FIXTURES / "rapallo-hand.xml"
REAL = ROOT / "tei" / "roberts-1995-rapallo.xml"
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}



@pytest.fixture(autouse=True, scope="module")
def _poppler() -> None:
    # In CI a missing tool fails (.ci/run installs poppler-utils); on a developer's machine it skips.
    for tool in ("pdftotext", "pdfinfo", "pdffonts"):
        require_tool(tool)

# The sample, three ways: the hand fixture that follows docs/encoding.md with full citation
# markup; the converter's output made now with the library from the bundled chapter (so the
# tests follow the current converter); the committed tei/ file, when there is one.
# A second real chapter, with note calls in its text (so footnotes): the FRUS history chapter
# of the shared corpus, converted the same way.
# The letters-and-archives fixture: every kind of citation, URLs, DOIs, archival bibliography.
ARCHIVAL = ROOT / "tests" / "fixtures" / "archival" / "archival.xml"
SAMPLES = (["hand", "library"] + (["committed"] if REAL.exists() else []) + (["frus"] if FRUS.exists() else [])
           + ["archival"])


# ---------- helpers ----------

def poppler(tool: str, data: bytes, tmp_path: Path, *args: str) -> str:
    f = tmp_path / f"{tool}-{hashlib.sha256(data).hexdigest()[:8]}.pdf"
    f.write_bytes(data)
    return subprocess.run([tool, *args, str(f), *(["-"] if tool == "pdftotext" else [])],
                          check=True, capture_output=True, text=True).stdout


def body_text(data: bytes, tmp_path: Path, paper_height: float = 841.89) -> str:
    """pdftotext of the type area only: running heads and folios cropped away, so a note that
    runs over a page break reads on without them."""
    return poppler("pdftotext", data, tmp_path, "-x", "0", "-y", "76", "-W", "700",
                   "-H", str(int(paper_height - 76 - 72)))


def squash(text: str) -> str:
    """Text for comparing across line breaks: no whitespace (no-break spaces included) and no
    hyphens, since a hyphenated line end cannot be told from a real hyphen at a line end; no
    quotation marks either, which the edition adds around article titles (te:title-marks)."""
    return re.sub(r"[\s\u00a0\u00ad\u2010\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb-]+", "", text)


def reading_text(el: etree._Element) -> str:
    """An element's text as the edition prints it: corrections, not the source's errors."""
    el = etree.fromstring(etree.tostring(el))
    for sic in el.iterfind(".//t:choice/t:sic", TEI_NS):
        sic.getparent().remove(sic)
    return "".join(el.itertext())


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    from teiedition import api
    data, _warnings = api.convert_file(api.sample_path())
    library = tmp_path_factory.mktemp("sample") / "roberts-1995-rapallo.xml"
    library.write_bytes(data)
    paths = {"hand": HAND, "library": library, "committed": REAL, "archival": ARCHIVAL}
    if FRUS.exists():
        data, _warnings = api.convert_file(FRUS)
        paths["frus"] = library.parent / "frus-history-ch02.xml"
        paths["frus"].write_bytes(data)
    return paths


@pytest.fixture(scope="module")
def rendered(samples) -> dict[str, bytes]:
    """Each sample rendered once for the module (compiling is the slow part)."""
    return {name: pdf.render_pdf(samples[name]) for name in SAMPLES}


def tei_doc(body: str, *, title: str = "Test Title", author: str = "Test Author",
            notes: str = "", date: str | None = "2020-02-02", lang: str = "en") -> bytes:
    """A small TEI file; body/notes are XML fragments. Built as text only from fixed pieces
    and already-escaped fragments, and parsed to prove it is well-formed."""
    date_el = f'<date when="{date}">{date}</date>' if date else ""
    xml = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc>
<titleStmt><title type="main">{title}</title><author>{author}</author></titleStmt>
<publicationStmt><authority>tests</authority>{date_el}</publicationStmt>
<sourceDesc><p>Made for the tests.</p></sourceDesc></fileDesc></teiHeader>
<text><body><div type="chapter">{body}</div></body>
<back>{'<div type="notes"><head>Notes</head>' + notes + '</div>' if notes else ''}</back></text></TEI>"""
    etree.fromstring(xml.encode())
    return xml.encode()


def render_bytes(data: bytes, tmp_path: Path, name: str = "t.xml", **kw: str) -> bytes:
    f = tmp_path / name
    f.write_bytes(data)
    return pdf.render_pdf(f, **kw)


def esc(text: str) -> str:
    """XML-escape text for tei_doc."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------- acceptance on the sample ----------

@pytest.mark.parametrize("sample", SAMPLES)
def test_every_note_text_in_order(sample: str, samples, rendered, tmp_path: Path) -> None:
    text = squash(body_text(rendered[sample], tmp_path))
    notes = etree.parse(str(samples[sample])).findall(".//t:back/t:div[@type='notes']/t:note", TEI_NS)
    assert len(notes) >= 16
    footnotes = bool(etree.parse(str(samples[sample])).findall(".//t:body//t:ref[@type='noteAnchor']", TEI_NS))
    pos = 0
    for note in notes:
        # An endnote prints "12. text", a footnote "12text" (superscript number).
        body = squash(reading_text(note))
        starts = [(i, len(prefix)) for prefix in (squash(note.get("n") + "."), squash(note.get("n")))
                  if (i := text.find(prefix + body, pos)) >= 0]
        if starts:
            i, n = min(starts)
            pos = i + n + len(body)
            continue
        # A long footnote may run on at the foot of the next page, after that page's text:
        # then its beginning and its end must still come in order.
        assert footnotes, f"note {note.get('n')} missing or out of order: {body[:80]!r}"
        head, tail = body[:60], body[-60:]
        i = text.find(squash(note.get("n")) + head, pos)
        j = text.find(tail, i + len(head)) if i >= 0 else -1
        assert i >= 0 and j >= 0, f"footnote {note.get('n')} missing or out of order: {body[:80]!r}"
        pos = j + len(tail)


@pytest.mark.parametrize("sample", SAMPLES)
def test_metadata_title_author_tagged(sample: str, samples, rendered, tmp_path: Path) -> None:
    info = poppler("pdfinfo", rendered[sample], tmp_path)
    tei = etree.parse(str(samples[sample]))
    title = " ".join(tei.findtext(".//t:titleStmt/t:title", namespaces=TEI_NS).split())
    author = tei.findtext(".//t:titleStmt/t:author", namespaces=TEI_NS).strip()
    fields = dict(re.findall(r"^([A-Za-z ]+):\s+(.*)$", info, re.M))
    assert fields["Title"] == title
    assert fields["Author"] == author
    assert fields["Tagged"] == "yes"
    assert "(A4)" in fields["Page size"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_xmp_declares_pdfa_2b(sample: str, samples, rendered, tmp_path: Path) -> None:
    xmp = poppler("pdfinfo", rendered[sample], tmp_path, "-meta")
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")\s*([A-Za-z])", xmp)
    assert part and part.group(1) == "2", xmp[:500]
    assert conformance and conformance.group(1) == "B"


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_font_embedded_and_bundled(sample: str, samples, rendered, tmp_path: Path) -> None:
    rows = poppler("pdffonts", rendered[sample], tmp_path).splitlines()[2:]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object ID; the name may hold no spaces
        cols = row.split()
        emb = cols[-5]
        assert emb == "yes", row
        # Only the bundled Linux Libertine: no system font crept in.
        assert "LinLibertine" in cols[0], row


def test_same_tei_same_bytes_anywhere(tmp_path: Path) -> None:
    # Same file name in two directories: no path, clock or random id may reach the PDF.
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    shutil.copy(HAND, a / "x.xml"), shutil.copy(HAND, b / "x.xml")
    assert pdf.render_pdf(a / "x.xml") == pdf.render_pdf(b / "x.xml")


def test_dates_come_from_the_tei(rendered, tmp_path: Path) -> None:
    info = poppler("pdfinfo", rendered["hand"], tmp_path, "-isodates")
    assert re.search(r"CreationDate:\s+2026-01-31", info), info


def test_no_date_in_tei_gives_the_epoch_not_the_clock(tmp_path: Path) -> None:
    out = render_bytes(tei_doc("<p>Undated.</p>", date=None), tmp_path)
    info = poppler("pdfinfo", out, tmp_path, "-isodates")
    assert re.search(r"CreationDate:\s+1970-01-01", info), info


def test_colophon_has_checksum_of_the_tei_file(rendered, tmp_path: Path) -> None:
    text = body_text(rendered["hand"], tmp_path)
    assert hashlib.sha256(HAND.read_bytes()).hexdigest() in text
    assert "Typeset with Typst from the TEI P5 file rapallo-hand.xml" in text
    assert "© Geoffrey Roberts 1995" in text  # licence / availability
    assert "31 January 2026" in text  # edition date


@pytest.mark.parametrize("sample", SAMPLES)
def test_colophon_is_never_split_across_pages(sample: str, samples, rendered, tmp_path: Path) -> None:
    pages = poppler("pdftotext", rendered[sample], tmp_path).split("\f")
    digest = hashlib.sha256(samples[sample].read_bytes()).hexdigest()
    last = [p for p in pages if digest in p]
    assert len(last) == 1 and "About this edition" in last[0] and "Source:" in last[0]


def test_bibliography_and_abbreviations_printed(rendered, tmp_path: Path) -> None:
    text = body_text(rendered["hand"], tmp_path)
    assert "Bibliography" in text and "Abbreviations" in text
    assert squash("Maksimychev, I. F.") in squash(text)
    abbreviations = text[text.index("Abbreviations"):]
    assert "DVPS" in abbreviations and "Dokumenty Vneshnei Politiki SSSR" in abbreviations


def test_archival_bibliography_printed_apart_with_every_entry(tmp_path: Path) -> None:
    # Rendered here, not through the samples fixture: this needs no converter.
    text = body_text(pdf.render_pdf(ARCHIVAL), tmp_path)
    back = squash(text[text.index("Bibliography"):])
    headings = ["Archival sources", "Biblioteca Nazionale Marciana", "LCM, Fish Papers", "NARA, RG 59",
                "Published works"]
    # In order (the footnotes of the first page may come between them in pdftotext's text).
    pos = 0
    for heading in headings:
        pos = back.index(squash(heading), pos)
    entries = etree.parse(str(ARCHIVAL)).findall(".//t:listBibl/t:bibl", TEI_NS)
    for entry in entries:
        # The entry's words and its "cited in" note, as printed (corrections, no added marks).
        assert squash(reading_text(entry)) in back, entry.get("{http://www.w3.org/XML/1998/namespace}id")
    # Letters of one collection by date: Davis (1869) before Sickles (1873).
    assert back.index(squash("Davis, J. C. Bancroft to Sumner")) < back.index(squash("Sickles, Daniel to Fish"))


def test_archival_pdf_has_every_text_node_of_the_tei_text(tmp_path: Path) -> None:
    # Nothing lost, node by node: each text node of the TEI's text (the reading: no sic).
    printed = squash(poppler("pdftotext", pdf.render_pdf(ARCHIVAL), tmp_path))
    nodes = etree.parse(str(ARCHIVAL)).find("t:text", TEI_NS).xpath(
        ".//text()[normalize-space()][not(ancestor::t:sic)]", namespaces=TEI_NS)
    assert len(nodes) > 300
    assert [str(t) for t in nodes if squash(t) not in printed] == []


def test_printed_urls_and_dois_are_links_escaped(tmp_path: Path) -> None:
    src = pdf.typst_source(ARCHIVAL)
    # The address a string literal, the printed text escaped like all text (tx:escape).
    assert (r'#link("http://founders.archives.gov/documents/Washington/05-09-02-0166")'
            r'[http:\/\/founders\.archives\.gov\/documents\/Washington\/05\-09\-02\-0166]') in src
    assert r'#link("mailto:csi@example.org")[csi\@example\.org]' in src
    assert r'#link("https://doi.org/10.2307/1371908")[10\.2307\/1371908]' in src
    # The links are in the PDF's link annotations.
    out = pdf.render_pdf(ARCHIVAL)
    for uri in (b"http://founders.archives.gov/documents/Washington/05-09-02-0166", b"mailto:csi@example.org",
                b"https://doi.org/10.2307/1371908"):
        assert b"/URI (" + uri + b")" in out or b"/URI(" + uri + b")" in out, uri


@pytest.mark.parametrize("target", ['javascript:alert(1)', 'http://x/")[#read("/etc/passwd")]#link("x'])
def test_an_unsafe_url_is_text_and_cannot_inject(target: str, tmp_path: Path) -> None:
    tree = etree.parse(str(ARCHIVAL))
    ref = tree.find(".//t:ref[@type='url']", TEI_NS)
    ref.set("target", target)
    ref.text = target
    f = tmp_path / "url.xml"
    tree.write(str(f), encoding="UTF-8")
    src = pdf.typst_source(f)
    assert '#link("javascript' not in src and '#read("/etc/passwd")' not in src
    text = body_text(pdf.render_pdf(f), tmp_path)
    assert squash(target) in squash(text) and "root:" not in text


# ---------- typography (checked in the Typst source, where the characters are exact) ----------

def test_typography_nbsp_and_en_dashes(tmp_path: Path) -> None:
    notes = ('<note xml:id="n1" n="1"><bibl><author>I. F. Maksimychev</author>, '
             '<citedRange unit="page">p. 28</citedRange>, <citedRange unit="page">pp. 60-2</citedRange>, '
             'vol. 3, docs 6</bibl>; ISBN 0-333-1.</note>')
    f = tmp_path / "t.xml"
    f.write_bytes(tei_doc("<p>Text.</p>", notes=notes))
    src = pdf.typst_source(f)
    assert "I\\.\u00a0F\\.\u00a0Maksimychev" in src
    assert "p\\.\u00a028" in src and "vol\\.\u00a03" in src and "docs\u00a06" in src
    # A range in a citedRange: en dash, in an unbreakable box ("pp. 83–⏎5" was split).
    assert "pp\\.\u00a0#box[60–2];" in src
    assert "0\\-333\\-1" in src                # hyphens of running text are not ranges


def test_hyphenation_language_from_xml_lang(tmp_path: Path) -> None:
    f = tmp_path / "t.xml"
    f.write_bytes(tei_doc('<p>Text <foreign xml:lang="de-AT">Wort</foreign> <foreign xml:lang="x-bad">y</foreign>.</p>',
                          lang="fr"))
    src = pdf.typst_source(f)
    assert 'lang: "fr", region: none' in src
    assert '#text(lang: "de", region: "AT")[#emph[Wort]]' in src
    assert "x\\-bad" not in src and 'lang: "x"' not in src  # an invalid tag sets no language


# ---------- safety: TEI text prints literally, never runs ----------

SPECIALS = ['#read("/etc/passwd")', '#import "x.typ"', "// comment", "/* x */", "$x^2$",
            "*bold*", "_it_", "<label>", "@ref", "[", "]", "\\", "~", "`",
            # beyond the list: the rest of tx:escape's characters
            "#include \"main.typ\"", "a--b---c", "= heading", "+ item", "- item", "x.y()", "a;b",
            "'single' \"double\"", "...", "https://example.org", "\\u{41}", "#{1 + 1}"]


@pytest.mark.parametrize("special", SPECIALS)
def test_special_text_prints_literally(special: str, tmp_path: Path) -> None:
    # The string stands alone in a paragraph, a note and the title (PDF metadata as well as
    # markup), so a line break cannot split it and every escaping path is used.
    marker = "Zq"
    body = f"<p>{marker}{esc(special)}{marker}</p>"
    notes = f'<note xml:id="n1" n="1">{marker}{esc(special)}{marker}</note>'
    out = render_bytes(tei_doc(body, notes=notes, title=f"T {esc(special)}",
                               author=f"A {esc(special)}"), tmp_path)
    text = body_text(out, tmp_path)
    lines = [ln for ln in text.splitlines() if marker in ln]
    assert f"{marker}{special}{marker}" in lines[0], lines
    assert any(f"{marker}{special}{marker}" in ln for ln in lines[1:]), lines  # the note
    info = poppler("pdfinfo", out, tmp_path)
    assert f"Title:           T {special}" in info
    assert f"Author:          A {special}" in info


@pytest.mark.parametrize("start", ["= Heading", "- item", "+ item", "/ Term: x", "1. one", "// c", "#set text(red)"])
def test_markup_of_line_starts_prints_literally(start: str, tmp_path: Path) -> None:
    # Each paragraph starts a line of markup, where = - + / and "1." would be structure.
    out = render_bytes(tei_doc(f"<p>{esc(start)}</p><p>{esc(start)} again</p>"), tmp_path)
    lines = body_text(out, tmp_path).splitlines()
    assert start in lines and f"{start} again" in lines, lines


def test_unicode_line_separators_cannot_start_markup(tmp_path: Path) -> None:
    # Typst ends lines at U+2028/U+2029/U+0085 too; they must not open a heading or a list.
    text = "Zq\u2028\u2028= heading\u2029- item\u0085+ enum Zq"
    out = render_bytes(tei_doc(f"<p>{text}</p>", title=f"T {text}"), tmp_path)
    assert "Zq = heading - item + enum Zq" in body_text(out, tmp_path)
    assert "Title:           T Zq = heading - item + enum Zq" in poppler("pdfinfo", out, tmp_path)


def test_passwd_never_read(tmp_path: Path) -> None:
    out = render_bytes(tei_doc('<p>#read("/etc/passwd")</p><p>#include "/etc/passwd"</p>'), tmp_path)
    text = poppler("pdftotext", out, tmp_path)
    assert "root:" not in text
    assert '#read("/etc/passwd")' in text


@pytest.mark.parametrize("markup", ['#read("/etc/passwd")', '#image("/etc/hostname")',
                                    '#include "../../../../etc/passwd"',
                                    '#import "@preview/cetz:0.3.0"'])
def test_compiler_is_confined_even_to_unescaped_markup(markup: str) -> None:
    # Defence in depth: markup that somehow bypassed the escaping still reaches no file
    # outside the empty temporary root, and no package.
    with pytest.raises(TransformError):
        pdf.compile_typst(markup)


# ---------- notes: footnotes when the text calls them ----------

def test_called_notes_are_footnotes_uncalled_stay_endnotes(tmp_path: Path) -> None:
    out = pdf.render_pdf(FIXTURES / "footnotes.xml")
    page1 = poppler("pdftotext", out, tmp_path, "-f", "1", "-l", "1")
    # both footnotes on the page of their calls, in order, after the text
    first = page1.index("1A. B. Author, FootnoteBookTitle (London, 1990), pp. 5–7.")
    second = page1.index("2Ibid., p. 9. SecondFootnoteText.")
    assert page1.index("The first claim of the chapter.1") < first < second
    # the uncalled note is the only endnote
    assert "3. UncalledNoteText." in page1
    assert "1. A. B. Author" not in page1


def test_sample_without_calls_has_endnotes(rendered, tmp_path: Path) -> None:
    text = body_text(rendered["hand"], tmp_path)
    assert "Notes and References" in text
    assert re.search(r"^1\.\s+J\. Degras", text, re.M)


# ---------- any TEI renders ----------

def test_generic_tei_keeps_the_text_of_every_element(tmp_path: Path) -> None:
    out = pdf.render_pdf(FIXTURES / "generic.xml")
    text = poppler("pdftotext", out, tmp_path)
    squashed = squash(text)
    source = (FIXTURES / "generic.xml").read_text(encoding="utf-8")
    words = set(re.findall(r"Sentinel[A-Za-z]+", source))
    words -= {"SentinelKeyword"}  # metadata only
    missing = sorted(w for w in words if w not in squashed)
    assert not missing
    # The correction is printed; the source's reading only in the note at the foot of the page.
    assert "SentinelCorr] Quelle SourceReading" in " ".join(text.split())
    info = poppler("pdfinfo", out, tmp_path)
    assert "Author:          Anna Beispiel, Bert Zweiter" in info
    assert "SentinelKeyword" in info
    assert "root:" not in text  # the figure's graphic url="/etc/passwd" is never read
    assert b"/Lang(de)" in out  # document language from the TEI's xml:lang


@pytest.mark.parametrize("name", ["generic.xml", "hostile.xml", "chapter.xml"])
def test_web_edition_fixtures_render_too(name: str, tmp_path: Path) -> None:
    # The web edition's own test files (tests/fixtures/render): same fallback, any TEI prints.
    f = ROOT / "tests" / "fixtures" / "render" / name
    out = pdf.render_pdf(f)
    assert out.startswith(b"%PDF-")


def test_script_without_glyphs_still_prints_without_pdfa(tmp_path: Path) -> None:
    # PDF/A forbids text no font can show (Chinese has Noto CJK since pdf.py passes the fonts
    # of the document's scripts; cuneiform has no font here); the edition still prints,
    # tagged, and says why in one line that does not claim a failure.
    with pytest.warns(pdf.PdfaWarning, match="𒀀") as caught:
        out = render_bytes(tei_doc("<p>Latin 𒀀 text.</p>"), tmp_path)
    [message] = [str(w.message) for w in caught if issubclass(w.category, pdf.PdfaWarning)]
    assert "\n" not in message and "does not compile" not in message
    assert message.endswith("the PDF is written without the PDF/A and PDF/UA claims")
    assert "Latin" in poppler("pdftotext", out, tmp_path)
    assert "pdfaid" not in poppler("pdfinfo", out, tmp_path, "-meta")
    assert "Tagged:          yes" in poppler("pdfinfo", out, tmp_path)


def test_the_compile_without_pdfua_reuses_the_first_and_gives_the_same_bytes(tmp_path: Path) -> None:
    # Typst refuses underline combined with strike as PDF/UA; compile_typst compiles again
    # without that claim with the same typst.Compiler (reusing the first compile's layout).
    # The PDF must be the bytes a fresh compile without the claim gives.
    import typst

    f = tmp_path / "t.xml"
    f.write_bytes(tei_doc('<p>A <hi rend="underline"><del rend="strikethrough">struck</del></hi> word.</p>'))
    source = pdf.typst_source(f)
    out = pdf.compile_typst(source)
    root = tmp_path / "fresh"
    root.mkdir()
    (root / "main.typ").write_text(source, encoding="utf-8")
    with pytest.raises(typst.TypstError, match="PDF/UA"):
        typst.compile(str(root / "main.typ"), **pdf._typst_options(root, pdf.PDF_STANDARDS, source))
    fresh = typst.compile(str(root / "main.typ"), **pdf._typst_options(root, ["a-2b"], source))
    assert out == fresh.replace(b"/Suspects false", b" " * len(b"/Suspects false"), 1)
    assert "pdfaid" in poppler("pdfinfo", out, tmp_path, "-meta")


def test_absurd_table_spans_are_capped(tmp_path: Path) -> None:
    body = ('<table><row><cell cols="999999999999">SpanCell</cell></row>'
            '<row><cell rows="99999999">RowCell</cell><cell>Other</cell></row></table>')
    out = render_bytes(tei_doc(body), tmp_path)
    text = poppler("pdftotext", out, tmp_path)
    # 64 narrow columns: words hyphenate and cells interleave line by line
    assert "SpanCell" in text and "Row" in text and "Cell" in text and "Other" in text


def test_dangling_note_call_prints_its_marker(tmp_path: Path) -> None:
    f = tmp_path / "t.xml"
    f.write_bytes(tei_doc('<p>Claim.<ref type="noteAnchor" target="#n9" n="9">9</ref></p>'))
    assert "Claim\\.#super[9]" in pdf.typst_source(f)
    assert "Claim.9" in poppler("pdftotext", pdf.render_pdf(f), tmp_path)


ALL_FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*/*.xml") if p.stat().st_size < 1_000_000)


@pytest.mark.filterwarnings("ignore::teiedition.pdf.PdfaWarning")  # a script without glyphs may drop PDF/A
@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_of_the_project_prints_or_is_refused_as_input(path: Path, tmp_path: Path) -> None:
    # Valid, invalid and hostile TEI of every part of the project: a PDF, or the input error
    # raised for unsafe XML or a non-TEI root; never a failed transformation or a crash.
    try:
        out = pdf.render_pdf(path)
    except InputError:
        return
    assert out.startswith(b"%PDF-")


def test_non_tei_root_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.xml"
    f.write_bytes(b"<html><body>no TEI</body></html>")
    # The same input error as the web edition's (exit 2), raised before Saxon runs.
    with pytest.raises(InputError, match="not a TEI P5 document: the root element is <html>"):
        pdf.render_pdf(f)


# ---------- running heads, paper ----------

def test_running_heads_author_verso_short_title_recto(tmp_path: Path) -> None:
    body = "".join(f"<p>Paragraph {i} " + "filler words to make pages " * 40 + "</p>" for i in range(30))
    out = render_bytes(tei_doc(body, title="Main Title Here: A Long Subtitle"), tmp_path)
    heads = {}
    for page in (1, 2, 3):
        heads[page] = poppler("pdftotext", out, tmp_path, "-f", str(page), "-l", str(page),
                              "-x", "0", "-y", "0", "-W", "700", "-H", "76").split()
    assert heads[1] == []                                  # opening page: no running head
    assert "2" in heads[2] and "Test" in " ".join(heads[2]) and "Author" in " ".join(heads[2]).title()
    assert "3" in heads[3] and "Main" in " ".join(heads[3]).title() and "Subtitle" not in " ".join(heads[3])


def test_us_letter(tmp_path: Path) -> None:
    out = render_bytes(tei_doc("<p>Letter.</p>"), tmp_path, paper="us-letter")
    assert "(letter)" in poppler("pdfinfo", out, tmp_path)


def test_unknown_paper_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "t.xml"
    f.write_bytes(tei_doc("<p>x</p>"))
    with pytest.raises(TransformError, match="paper"):
        pdf.render_pdf(f, paper="a3")


# ---------- command line ----------

def test_cli_render_pdf_and_typst(tmp_path: Path) -> None:
    out = tmp_path / "out" / "edition.pdf"
    assert main(["render", str(HAND), "--to", "pdf", "-o", str(out), "--paper", "us-letter"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert "(letter)" in poppler("pdfinfo", out.read_bytes(), tmp_path)
    typ = tmp_path / "edition.typ"
    assert main(["render", str(HAND), "--to", "typst", "-o", str(typ)]) == 0
    assert "#show: edition.with(" in typ.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("out/.*.tmp"))  # written atomically, nothing left over


def test_cli_paper_only_for_print(tmp_path: Path, capsys) -> None:
    assert main(["render", str(HAND), "--to", "html", "--paper", "a4"]) == 2
    assert "--paper" in capsys.readouterr().err


def test_file_name_in_colophon_prints_literally(tmp_path: Path) -> None:
    # The file name is a stylesheet parameter, not TEI text: it must be escaped all the same.
    name = 'a\\$1 #read("x") [y].xml'
    out = render_bytes(tei_doc("<p>x</p>"), tmp_path, name=name)
    assert f"file {name};" in body_text(out, tmp_path)
