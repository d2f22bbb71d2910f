"""The DOCX reader: the package gate, pandoc's AST to the model, word-processor furniture,
the TEI Consortium's test documents and the sample chapter as a Word file."""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from teiedition import fidelity, readers, tei
from teiedition.errors import InputError
from teiedition.readers import chapter_page, package, pandoc_ast

from . import docbuild
from .conftest import ROOT, SHARED, TEI_ALL_RNG

T = "{http://www.tei-c.org/ns/1.0}"
STYLESHEETS = SHARED / "tei-corpus" / "stylesheets-test"
FIXTURES = ROOT / "tests" / "fixtures" / "readers"
SAMPLE_TXT = ROOT / "src" / "teiedition" / "data" / "roberts-1995-rapallo.txt"
# The TEI Consortium's Word test files that are chapters with notes, and their note counts.
CHAPTERS = {"hyperlinktest.docx": 14, "test-rtf2tei.docx": 1, "test18.docx": 4,
            "test29.docx": 3, "test37.docx": 1, "test39.docx": 4}
# Its test files without a single footnote or endnote: feature tests, not chapters.
NOT_CHAPTERS = ("test-indexes.docx", "test11.docx", "test19.docx", "test40.docx")


def read_docx(data: bytes, name: str = "doc.docx"):
    return readers.read("", name, None, data)


def to_tei(chapter) -> etree._Element:
    """The TEI of a chapter, with the fidelity check that ``convert`` makes."""
    root = tei.to_tei(chapter).getroot()
    assert fidelity.missing_text(chapter.blocks, root) == []
    return root


def check_tei_all(root: etree._Element, tmp_path: Path, jing: str) -> None:
    out = tmp_path / "out.xml"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    done = subprocess.run([jing, str(TEI_ALL_RNG), str(out)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout


BLOCKS = [
    ("title", [("t", "A Chapter on "), ("t", "Things", "i")]),
    ("author", [("t", "Jane Roe")]),
    ("abstract", [("t", "This abstract says what the chapter does.")]),
    ("p", [("t", "The first paragraph cites a book."),
           ("note", [[("t", "J. Smith, "), ("t", "A Book of Things", "i"), ("t", " (London, 1990), p. 3.")],
                     [("t", "A second paragraph of the note.")]]),
           ("t", " It goes on"), ("ins", " with an insertion"), ("del", " and a deletion"), ("t", ".")]),
    ("h", 1, [("t", "Section one")]),
    ("p", [("t", "Text with "), ("comment", "a comment", "Check this."), ("t", " and a "),
           ("link", "link", "https://example.org/a b"), ("t", " and "), ("t", "small caps", "c"),
           ("t", " and "), ("t", "th", "s"), ("t", "."),
           ("endnote", [[("t", "An endnote citing “An Article”, "), ("t", "Journal", "i"), ("t", " 3 (1990).")]])]),
    ("h", 2, [("t", "Subsection")]),
    ("quote", [("t", "A quoted passage.")]),
    ("item", 1, [("t", "first item")]),
    ("item", 2, [("t", "nested item")]),
    ("item", 1, [("t", "second item")]),
    ("table", [[[("t", "Year")], [("t", "Event")]],
               [[("t", "1933")], [("t", "Hitler"), ("note", [[("t", "A note in a table.")]])]]]),
    ("p", [("t", "Last paragraph.")]),
]


@pytest.fixture(scope="module")
def chapter():
    return read_docx(docbuild.docx(BLOCKS, header="Running head", footer="Page 1",
                                   external_template=True))


def test_title_author_abstract(chapter):
    assert chapter.title == "A Chapter on Things"
    assert chapter.authors == ["Jane Roe"]
    assert [p.text for p in chapter.abstract] == ["This abstract says what the chapter does."]
    assert chapter.source_format == "docx"


def test_footnotes_and_endnotes_numbered_in_order_with_calls_in_place(chapter):
    assert [n.n for n in chapter.notes] == [1, 2, 3]
    first = chapter.body[0]
    assert first.text == "The first paragraph cites a book.1 It goes on with an insertion."
    (call,) = first.calls
    assert first.text[call.start:call.end] == "1" and first.text[:call.start].endswith("book.")
    assert chapter.notes[1].text == "An endnote citing “An Article”, Journal 3 (1990)."


def test_multi_paragraph_note_keeps_its_paragraph_break(chapter):
    note = chapter.notes[0]
    assert note.text == "J. Smith, A Book of Things (London, 1990), p. 3. A second paragraph of the note."
    assert note.breaks == [note.text.index("A second")]


def test_italics_and_quotation_marks_of_notes_are_styles(chapter):
    note = chapter.notes[0]
    assert [(s.kind, note.text[s.start:s.end]) for s in note.styles] == [("italic", "A Book of Things")]
    kinds = {(s.kind, chapter.notes[1].text[s.start:s.end]) for s in chapter.notes[1].styles}
    assert kinds == {("italic", "Journal"), ("quoted", "“An Article”")}


def test_tracked_changes_accepted_and_deletions_counted(chapter):
    assert "deletion" not in chapter.body[0].text
    assert "with an insertion" in chapter.body[0].text
    assert sum(d.text == "tracked deletion" for d in chapter.dropped) == 1


def test_comments_dropped_and_counted_in_the_header(chapter):
    para = chapter.body[2]
    assert "Check this" not in para.text and "a comment" in para.text
    assert [d.text for d in chapter.dropped].count("comment") == 1
    assert any("1 comment" in w.message for w in chapter.warnings)
    header = to_tei(chapter).find(f"{T}teiHeader")
    interp = "".join(header.find(f".//{T}interpretation").itertext())
    assert "“comment” (comment of the word processor, not part of the text), 1 time" in interp


def test_headers_footers_and_external_template_dropped(chapter):
    dropped = {(d.text, d.reason) for d in chapter.dropped}
    assert ("Running head", "page header of the word processor") in dropped
    assert ("Page 1", "page footer of the word processor") in dropped
    assert ("external attachedTemplate", "external relationship of the document, not followed") in dropped
    text = " ".join(p.text for p in chapter.body)
    assert "Running head" not in text and "Page 1" not in text


def test_block_kinds(chapter):
    kinds = [(p.kind, p.level) for p in chapter.body]
    assert kinds == [("p", 1), ("head", 1), ("p", 1), ("head", 2), ("quote", 1), ("item", 1),
                     ("item", 2), ("item", 1), ("table", 1), ("p", 1)]
    table = chapter.body[8]
    assert [[c.text for c in row] for row in table.rows] == [["Year", "Event"], ["1933", "Hitler3"]]
    assert table.head_rows == 1 and table.rows[1][1].calls[0].n == 3


def test_tei_structure(chapter):
    body = to_tei(chapter).find(f".//{T}body/{T}div")
    section = body.find(f"{T}div")
    assert section.find(f"{T}head").text == "Section one"
    sub = section.find(f"{T}div")
    assert sub.find(f"{T}head").text == "Subsection"
    assert sub.find(f"{T}quote/{T}p").text == "A quoted passage."
    lst = sub.find(f"{T}list")
    assert lst.get("rend") == "bulleted"
    assert [i.text.strip() for i in lst.findall(f"{T}item")] == ["first item", "second item"]
    assert lst.find(f"{T}item/{T}list/{T}item").text == "nested item"
    rows = sub.findall(f"{T}table/{T}row")
    assert rows[0].get("role") == "label"
    assert rows[1].find(f"{T}cell[2]/{T}ref").get("target") == "#n3"
    p = section.find(f"{T}p")
    assert p.find(f"{T}hi[@rend='smallcaps']").text == "small caps"
    assert p.find(f"{T}hi[@rend='superscript']").text == "th"
    assert p.find(f"{T}ref[@target]").get("target") == "https://example.org/a%20b"


def test_tei_all_valid(chapter, tmp_path, jing):
    check_tei_all(to_tei(chapter), tmp_path, jing)


def test_deterministic():
    data = docbuild.docx(BLOCKS)
    first = tei.serialize(tei.to_tei(read_docx(data)))
    assert tei.serialize(tei.to_tei(read_docx(data))) == first


def test_cross_reference_inside_the_document_kept_as_text():
    ch = read_docx(docbuild.docx([("p", [("t", "See "), ("link", "above", "#_Ref123"),
                                         ("note", [[("t", "n")]])])]))
    assert ch.body[0].text == "See above1"
    assert not any(s.kind == "link" for s in ch.body[0].styles)
    assert any(d.text == "#_Ref123" and d.reason.startswith("cross-reference") for d in ch.dropped)


def test_unsafe_link_target_kept_as_text():
    ch = read_docx(docbuild.docx([("p", [("link", "click", "javascript:alert(1)"),
                                         ("note", [[("t", "n")]])])]))
    assert ch.body[0].text == "click1"
    assert not any(s.kind == "link" for s in ch.body[0].styles)
    assert any(d.text == "javascript:alert(1)" for d in ch.dropped)


# ------------------------------------------------------------------ the gate


def _rezip(data: bytes, extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


SMALL = [("p", [("t", "Text."), ("note", [[("t", "A note.")]])])]


def test_macros_refused():
    with pytest.raises(InputError, match=r"contains macros \(word/vbaProject.bin\)"):
        read_docx(docbuild.docx(SMALL, macros=True))


def test_not_a_zip_refused():
    with pytest.raises(InputError, match="not a zip file"):
        read_docx(b"plain text, not a Word document", "x.docx")


def test_damaged_zip_refused():
    with pytest.raises(InputError, match="damaged zip file"):
        read_docx(b"PK\x03\x04" + b"\0" * 100)


def test_zip_without_document_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.xml", "<a/>")
    with pytest.raises(InputError, match=r"no word/document\.xml"):
        read_docx(out.getvalue())


def test_too_many_members_refused(monkeypatch):
    monkeypatch.setenv(package.MEMBERS.env, "5")
    with pytest.raises(InputError, match="over the package-members limit of 5"):
        read_docx(docbuild.docx(SMALL))


def test_unpacked_size_limit(monkeypatch):
    monkeypatch.setenv(package.BYTES.env, "2000")
    with pytest.raises(InputError, match="over the package-bytes limit"):
        read_docx(docbuild.docx(SMALL))


def test_compression_bomb_refused():
    bomb = _rezip(docbuild.docx(SMALL), extra={"word/media/bomb.xml": b"<a>" + b" " * (3 * 1024 ** 2) + b"</a>"})
    with pytest.raises(InputError, match=r"inflates .* to 1: over the package-ratio limit"):
        read_docx(bomb)


def test_entity_in_a_part_refused_by_the_xml_gate():
    data = docbuild.docx(SMALL)
    evil = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(InputError) as err:
        read_docx(_rezip(data, replace={"word/document.xml": evil}))
    assert "word/document.xml" in str(err.value)
    assert "passwd" not in str(err.value).split("!")[0]


def test_absolute_member_name_refused():
    with pytest.raises(InputError, match="unsafe path"):
        read_docx(_rezip(docbuild.docx(SMALL), extra={"/etc/evil.xml": b"<a/>"}))


def test_pandoc_sees_only_the_rebuilt_package(monkeypatch):
    seen: list[bytes] = []
    real = pandoc_ast.run_pandoc

    def spy(data: bytes, fmt: str, name: str):
        seen.append(data)
        return real(data, fmt, name)

    monkeypatch.setattr(pandoc_ast, "run_pandoc", spy)
    original = _rezip(docbuild.docx(SMALL), extra={"word/media/image1.png": b"\x89PNG not read"})
    read_docx(original)
    with zipfile.ZipFile(io.BytesIO(seen[0])) as zf:
        names = zf.namelist()
    assert "word/media/image1.png" not in names
    assert seen[0] != original and all(n.endswith((".xml", ".rels")) for n in names)


def test_pandoc_missing_is_an_input_error(monkeypatch):
    monkeypatch.setattr(pandoc_ast.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(pandoc_ast.shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="pip install pypandoc-binary"):
        read_docx(docbuild.docx(SMALL))


def test_document_without_notes_is_one_clear_line():
    with pytest.raises(InputError) as err:
        read_docx(docbuild.docx([("p", [("t", "No notes here.")])]), "plain.docx")
    assert str(err.value) == ("plain.docx: no footnotes or endnotes: the document has 1 paragraphs "
                              "and 0 headings but no notes, and teiedition edits chapters with notes")


def test_load_reads_a_docx_as_bytes(tmp_path):
    path = tmp_path / "c.docx"
    path.write_bytes(docbuild.docx(SMALL))
    source = readers.load(path)
    assert source.data == path.read_bytes() and source.text == ""


# ------------------------------------------------------- the TEI Consortium's test files


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_stylesheets_test_chapters_convert(name, tmp_path, jing):
    path = STYLESHEETS / name
    ch = read_docx(path.read_bytes(), str(path))
    assert len(ch.notes) == CHAPTERS[name]
    calls = [c.n for p in ch.body for c in p.calls] + \
        [c.n for p in ch.body for row in p.rows for cell in row for c in cell.calls]
    assert sorted(calls) == [n.n for n in ch.notes]  # every note called, once, in place
    check_tei_all(to_tei(ch), tmp_path, jing)


@pytest.mark.parametrize("name", NOT_CHAPTERS)
def test_stylesheets_test_documents_without_notes_fail_in_one_line(name):
    path = STYLESHEETS / name
    with pytest.raises(InputError) as err:
        read_docx(path.read_bytes(), str(path))
    assert "no footnotes or endnotes" in str(err.value) and "\n" not in str(err.value)


def test_test39_generated_index_and_toc_dropped():
    path = STYLESHEETS / "test39.docx"
    ch = read_docx(path.read_bytes(), str(path))
    assert any(d.reason.startswith("generated by the word processor") for d in ch.dropped)
    assert ch.title == "DOCX2TEI" or ch.title


# ------------------------------------------------------------------ the sample chapter


def test_sample_docx_gives_the_sample_notes():
    text = chapter_page.read(SAMPLE_TXT.read_text(encoding="utf-8"), SAMPLE_TXT.name)
    ch = read_docx((FIXTURES / "roberts-1995-rapallo.docx").read_bytes(), "roberts-1995-rapallo.docx")
    assert ch.title == text.title and ch.authors == text.authors
    assert [p.text for p in ch.abstract] == [p.text for p in text.abstract]
    assert [(n.n, n.text) for n in ch.notes] == [(n.n, n.text) for n in text.notes]
    italics = [n.text[s.start:s.end] for n in ch.notes for s in n.styles if s.kind == "italic"]
    assert "Soviet Documents on Foreign Policy" in italics and "Historical Journal" in italics


def _citation_models_built() -> bool:
    from teiedition.citations import crf
    return (crf.MODELS / crf.SEGMENTER).is_file() and (crf.MODELS / crf.LABELLER).is_file()


@pytest.mark.skipif(not _citation_models_built(), reason="the citation models are not built "
                    "(python -m teiedition.citations.train)")
@pytest.mark.parametrize("ext", ["docx", "odt", "md"])
def test_sample_document_versions_give_the_same_citations(ext):
    from teiedition.api import convert_text
    _, text = convert_text(SAMPLE_TXT.read_text(encoding="utf-8"), SAMPLE_TXT.name)
    path = FIXTURES / f"roberts-1995-rapallo.{ext}"
    source = readers.load(path)
    _, doc = convert_text(source.text, str(path), data=source.data)
    assert [(n.n, n.text) for n in doc.notes] == [(n.n, n.text) for n in text.notes]
    assert [len(n.citations) for n in doc.notes] == [len(n.citations) for n in text.notes]


def test_old_pandoc_ast_refused(monkeypatch):
    real = pandoc_ast.subprocess.run

    def old_pandoc(cmd, **kwargs):
        done = real(cmd, **kwargs)
        done.stdout = done.stdout.replace(b'"pandoc-api-version":[1,23', b'"pandoc-api-version":[1,17')
        return done

    monkeypatch.setattr(pandoc_ast.subprocess, "run", old_pandoc)
    with pytest.raises(InputError, match="pandoc is too old"):
        read_docx(docbuild.docx(SMALL))


def test_pandoc_failure_is_one_line(monkeypatch):
    monkeypatch.setattr(pandoc_ast, "pandoc_path", lambda: "/bin/false")
    with pytest.raises(InputError, match="pandoc cannot read the document: exit status 1"):
        read_docx(docbuild.docx(SMALL))


def test_cli_document_without_notes_exits_2_in_one_line(tmp_path, capsys):
    from teiedition.cli import main
    path = tmp_path / "plain.docx"
    path.write_bytes(docbuild.docx([("p", [("t", "No notes.")])]))
    assert main(["convert", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no footnotes or endnotes" in err


def test_note_styles_can_be_merged_with_citation_markup():
    """What ``tei._note`` needs to write a note's italics beside its citations: the styles cut
    at citation boundaries, then everything nested."""
    from teiedition.model import Style
    text = "See Smith, A Book (London, 1990) and Jones, Another Book."
    rigid = [tei._Interval(4, 32, "bibl", {}, outer=True), tei._Interval(11, 17, "title", {}),
             tei._Interval(37, 56, "bibl", {}, outer=True), tei._Interval(44, 56, "title", {})]
    styles = tei.style_intervals([Style(11, 17, "italic"), Style(30, 56, "italic")])
    items = tei.nested_intervals(rigid + tei.styles_around(styles, rigid))
    note = tei._el(None, "note")
    tei.fill_mixed(note, text, items, [])
    assert "".join(note.itertext()) == text
    bibls = note.findall(f"{T}bibl")
    assert [len(b.findall(f"{T}title")) for b in bibls] == [1, 1]
    assert bibls[0].find(f"{T}title/{T}hi").text == "A Book"
    # The italic run from "0)" to the end is cut at the citations' edges and at the title.
    assert [h.text for h in note.iter(f"{T}hi")] == ["A Book", "0)", " and ", "Jones, ",
                                                     "Another Book"]


# ------------------------------------------------------------------ any document


_WORD = st.text(alphabet="abcXYZ<&>\"'’“”—–é ñ.,;:()[]*_#0123456789", min_size=1, max_size=12)
_RUN = st.tuples(st.just("t"), _WORD, st.sampled_from(["", "i", "b", "c", "s", "ib"]))


@st.composite
def _documents(draw):
    blocks = [("title", [("t", "Title")])]
    expected_notes = []
    for _ in range(draw(st.integers(1, 5))):
        runs = []
        for _ in range(draw(st.integers(1, 6))):
            runs.append(draw(_RUN))
            if draw(st.booleans()):
                paras = draw(st.lists(st.lists(_RUN, min_size=1, max_size=4), min_size=1, max_size=2))
                if any("".join(r[1] for r in p).strip() for p in paras):
                    expected_notes.append(" ".join(" ".join("".join(r[1] for r in p).split())
                                                   for p in paras if "".join(r[1] for r in p).strip()))
                    runs.append(("note", paras))
        kind = draw(st.sampled_from(["p", "quote", "item"]))
        blocks.append((kind, 1, runs) if kind == "item" else (kind, runs))
    blocks.append(("p", [("t", "End."), ("note", [[("t", "Last note.")]])]))
    expected_notes.append("Last note.")
    return blocks, expected_notes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_any_document_keeps_every_note_and_word(doc):
    blocks, expected = doc
    ch = read_docx(docbuild.docx(blocks))
    assert [n.text for n in ch.notes] == expected
    calls = [c.n for p in ch.body for c in p.calls]
    assert calls == list(range(1, len(expected) + 1))
    to_tei(ch)  # the fidelity check: every word in the TEI


def test_pandoc_time_limit_is_one_line(monkeypatch):
    monkeypatch.setattr(pandoc_ast, "TIMEOUT", 0.001)
    with pytest.raises(InputError, match=r"pandoc took more than 0.001 s to read the document"):
        read_docx(docbuild.docx(SMALL))
