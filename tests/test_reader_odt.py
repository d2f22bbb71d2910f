"""The ODT reader: the same model as DOCX through pandoc's AST, with the roles of paragraphs
read from the document's styles (pandoc's ODT reader does not read them)."""
from __future__ import annotations

import io
import zipfile

import pytest

from teiedition import readers
from teiedition.errors import InputError
from teiedition.readers import chapter_page

from . import docbuild
from .conftest import ROOT, SHARED
from .test_reader_docx import BLOCKS, SAMPLE_TXT, check_tei_all, to_tei

FIXTURES = ROOT / "tests" / "fixtures" / "readers"


def read_odt(data: bytes, name: str = "doc.odt"):
    return readers.read("", name, None, data)


@pytest.fixture(scope="module")
def chapter():
    return read_odt(docbuild.odt(BLOCKS, header="Running head"))


def test_roles_from_styles(chapter):
    assert chapter.title == "A Chapter on Things"
    assert chapter.authors == ["Jane Roe"]
    assert [p.text for p in chapter.abstract] == ["This abstract says what the chapter does."]
    assert chapter.body[4].kind == "quote" and chapter.body[4].text == "A quoted passage."


def test_notes_with_calls_in_place(chapter):
    assert [n.n for n in chapter.notes] == [1, 2, 3]
    first = chapter.body[0]
    assert first.text[first.calls[0].start:first.calls[0].end] == "1"
    assert first.text[:first.calls[0].start] == "The first paragraph cites a book."
    note = chapter.notes[0]
    assert note.breaks == [note.text.index("A second")]
    assert [(s.kind, note.text[s.start:s.end]) for s in note.styles] == [("italic", "A Book of Things")]


def test_comment_and_page_header_dropped(chapter):
    assert "Check this" not in " ".join(p.text for p in chapter.body)
    assert [d.text for d in chapter.dropped].count("comment") == 1
    assert ("Running head", "page header of the word processor") in {(d.text, d.reason) for d in chapter.dropped}


def test_lists_and_tables(chapter):
    kinds = [(p.kind, p.level) for p in chapter.body]
    assert ("item", 2) in kinds and ("table", 1) in kinds


def test_tei_all_valid(chapter, tmp_path, jing):
    check_tei_all(to_tei(chapter), tmp_path, jing)


def test_macros_refused():
    data = docbuild.odt([("p", [("t", "x"), ("note", [[("t", "n")]])])])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("Basic/Standard/Module1.xml", "<module/>")
    with pytest.raises(InputError, match=r"contains macros \(Basic/Standard/Module1.xml\)"):
        read_odt(out.getvalue())


def test_wrong_mimetype_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<a/>")
    with pytest.raises(InputError, match="not an OpenDocument text"):
        read_odt(out.getvalue())


def test_stylesheets_test7_is_not_a_chapter():
    # The TEI Consortium's ODT test file has headings, a table and text but no notes.
    path = SHARED / "tei-corpus" / "stylesheets-test" / "test7.odt"
    with pytest.raises(InputError, match="no footnotes or endnotes: the document has 32 paragraphs"):
        read_odt(path.read_bytes(), str(path))


def test_sample_odt_gives_the_sample_notes():
    text = chapter_page.read(SAMPLE_TXT.read_text(encoding="utf-8"), SAMPLE_TXT.name)
    ch = read_odt((FIXTURES / "roberts-1995-rapallo.odt").read_bytes(), "roberts-1995-rapallo.odt")
    assert ch.title == text.title and ch.authors == text.authors
    assert [p.text for p in ch.abstract] == [p.text for p in text.abstract]
    assert [(n.n, n.text) for n in ch.notes] == [(n.n, n.text) for n in text.notes]
