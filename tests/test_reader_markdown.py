"""The Markdown reader: Pandoc's Markdown and CommonMark with footnotes, through pandoc's AST."""
from __future__ import annotations

import pytest

from teiedition import readers
from teiedition.errors import InputError
from teiedition.readers import chapter_page, markdown

from . import docbuild
from .conftest import ROOT, SHARED
from .test_reader_docx import BLOCKS, SAMPLE_TXT, check_tei_all, to_tei

FIXTURES = ROOT / "tests" / "fixtures" / "readers"

CHAPTER = """---
title: A Chapter on *Things*
author:
- Jane Roe
- John Doe
abstract: |
  What the chapter does.
---

# Introduction

The text cites a book.[^a] It then quotes "a phrase" and goes on.[^2]

> A block quotation.[^3]

1. one
2. two

## A subsection

Last paragraph with a [link](https://example.org/).

[^a]: J. Smith, *A Book of Things* (London, 1990), p. 3.

    A second paragraph of the first note.

[^2]: See "An Article", *Journal* 3 (1990).
[^3]: The quotation's source.
"""


@pytest.fixture(scope="module")
def chapter():
    return readers.read(CHAPTER, "chapter.md")


def test_metadata(chapter):
    assert chapter.title == "A Chapter on Things"
    assert chapter.authors == ["Jane Roe", "John Doe"]
    assert [p.text for p in chapter.abstract] == ["What the chapter does."]
    assert chapter.source_format == "markdown"


def test_footnote_labels_become_numbers_in_order(chapter):
    assert [n.n for n in chapter.notes] == [1, 2, 3]
    para = chapter.body[1]
    assert para.text == 'The text cites a book.1 It then quotes "a phrase" and goes on.2'
    assert [(c.n, para.text[c.start:c.end]) for c in para.calls] == [(1, "1"), (2, "2")]


def test_multi_paragraph_footnote(chapter):
    note = chapter.notes[0]
    assert note.text == ("J. Smith, A Book of Things (London, 1990), p. 3. A second paragraph of "
                         "the first note.")
    assert note.breaks == [note.text.index("A second")]


def test_quotation_marks_kept_as_typed_and_marked(chapter):
    note = chapter.notes[1]
    assert note.text == 'See "An Article", Journal 3 (1990).'
    spans = {(s.kind, note.text[s.start:s.end]) for s in note.styles}
    assert spans == {("quoted", '"An Article"'), ("italic", "Journal")}


def test_structure(chapter):
    kinds = [(p.kind, p.level) for p in chapter.body]
    assert kinds == [("head", 1), ("p", 1), ("quote", 1), ("item", 1), ("item", 1), ("head", 2), ("p", 1)]
    assert chapter.body[3].ordered


def test_tei_all_valid(chapter, tmp_path, jing):
    check_tei_all(to_tei(chapter), tmp_path, jing)


def test_built_document_reads_like_docx():
    ch = readers.read(docbuild.markdown(BLOCKS), "built.md")
    assert ch.title == "A Chapter on Things" and ch.authors == ["Jane Roe"]
    assert [n.n for n in ch.notes] == [1, 2, 3]


def test_detected_by_name_or_footnote_definitions():
    assert markdown.detect("anything", "x.md")
    assert markdown.detect("Text.[^1]\n\n[^1]: A note.\n", "x.txt")
    assert not markdown.detect("Title\n\nNotes\n\n1. a\n", "x.txt")


@pytest.mark.parametrize("name", ["mdtest1.md", "mdtest2.md"])
def test_stylesheets_test_markdown_without_notes_fails_in_one_line(name):
    # The TEI Consortium's Markdown test files exercise Markdown syntax; neither has a footnote.
    path = SHARED / "tei-corpus" / "stylesheets-test" / name
    with pytest.raises(InputError) as err:
        readers.read(path.read_text(encoding="utf-8"), str(path))
    assert "no footnotes or endnotes" in str(err.value) and "\n" not in str(err.value)


def test_sample_markdown_gives_the_sample_notes():
    text = chapter_page.read(SAMPLE_TXT.read_text(encoding="utf-8"), SAMPLE_TXT.name)
    path = FIXTURES / "roberts-1995-rapallo.md"
    ch = readers.read(path.read_text(encoding="utf-8"), str(path))
    assert ch.title == text.title and ch.authors == text.authors
    assert [p.text for p in ch.abstract] == [p.text for p in text.abstract]
    assert [(n.n, n.text) for n in ch.notes] == [(n.n, n.text) for n in text.notes]


def test_markdown_file_with_a_plain_text_notes_section():
    text = "# A Title\n\nby Ann Author\n\nA claim.1 Another.2\n\nNotes\n\n1. First note.\n2. Second note.\n"
    ch = readers.read(text, "chapter.md")
    assert ch.source_format == "plain-text"
    assert [(n.n, n.text) for n in ch.notes] == [(1, "First note."), (2, "Second note.")]
