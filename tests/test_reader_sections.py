"""Plain text and chapter pages, harder (issue 13, point 4): notes numbered from any N and in
several sections of one file; headings followed by datelines, epigraphs and signatures; a
chapter page's "Cite this chapter" block and its furniture; errors that say what was found."""
from __future__ import annotations

from pathlib import Path

import pytest

from teiedition import fidelity, furniture, readers, tei
from teiedition.errors import InputError
from teiedition.readers import chapter_page, plain_text
from teiedition.validation import validate

from .conftest import ROOT, SHARED

T = "{http://www.tei-c.org/ns/1.0}"
FIXTURES = ROOT / "tests" / "fixtures" / "readers"


def body_text(n: int, first: int, count: int) -> str:
    """A paragraph calling notes first..first+count-1."""
    calls = " ".join(f"Sentence {k}.{first + k}" for k in range(count))
    return f"Paragraph {n} of the section. {calls}"


def section(title: str, first: int, count: int, before: str = "") -> str:
    notes = "\n".join(f"{first + k}. Note {first + k}, citing a book (London, 1990), p. {k + 1}."
                      for k in range(count))
    return (f"{title}\n\nby Ann Author\n\n{before}{body_text(1, first, count)}\n\n"
            f"Notes\n\n{notes}\n")


def converted(text: str, name: str = "chapter.txt", tmp_path: Path | None = None):
    """Read, write the TEI, check fidelity; with ``tmp_path``, also the project schema and rules."""
    ch = readers.read(text, name)
    tree = tei.to_tei(ch)
    assert fidelity.missing_text(ch.blocks, tree.getroot()) == []
    if tmp_path is not None:
        out = tmp_path / "out.xml"
        out.write_bytes(tei.serialize(tree))
        report = validate(out, schema="project")
        assert report.ok, report.to_text()
    return ch, tree.getroot()


# ------------------------------------------------------------- notes from any number


@pytest.mark.parametrize("first", [6, 13, 14, 20, 27, 50])
def test_a_book_section_whose_notes_continue_the_numbering(first, tmp_path):
    ch, root = converted(section(f"Section starting at {first}", first, 4), tmp_path=tmp_path)
    assert [n.n for n in ch.notes] == list(range(first, first + 4))
    assert [c.n for p in ch.body for c in p.calls] == list(range(first, first + 4))
    assert [n.get("n") for n in root.iter(f"{T}note") if n.get("type") == "endnote"] == \
        [str(k) for k in range(first, first + 4)]
    assert not ch.warnings


def test_fixture_chapter_with_notes_from_50():
    ch, _ = converted((FIXTURES / "notes-from-50.txt").read_text(encoding="utf-8"))
    assert [n.n for n in ch.notes] == list(range(50, 56))
    assert len([c for p in ch.body for c in p.calls]) == 6


def test_notes_per_section_in_one_file(tmp_path):
    ch, root = converted((FIXTURES / "sections-one-file.txt").read_text(encoding="utf-8"),
                         tmp_path=tmp_path)
    assert [n.n for n in ch.notes] == list(range(1, 8))
    assert [p.text for p in ch.body if p.kind == "head"] == ["The First Section", "The Second Section",
                                                             "The Third Section"]
    assert [c.n for p in ch.body for c in p.calls] == list(range(1, 8))
    # The later notes headings are listed as left out: the notes are one list in the TEI.
    assert sum(d.reason.startswith("notes heading of a section") for d in ch.dropped) == 2
    assert len(root.findall(f".//{T}div[@type='notes']")) == 1


def test_notes_restarting_at_1_are_reported():
    text = (section("A Book", 1, 3) + "\nSecond Chapter\n\n" + body_text(2, 1, 2) +
            "\n\nNotes\n\n1. Another first note.\n2. Another second note.\n")
    ch = readers.read(text, "book.txt")
    assert [n.n for n in ch.notes] == [1, 2]
    assert any("start again at 1" in w.message and "its own file" in w.message for w in ch.warnings)


def test_notes_sections_that_do_not_continue_are_reported():
    text = (section("A Book", 1, 3) + "\nSecond Section\n\n" + body_text(2, 5, 2) +
            "\n\nNotes\n\n5. Note five.\n6. Note six.\n")
    ch = readers.read(text, "book.txt")
    assert [n.n for n in ch.notes] == [5, 6]
    assert any("the notes 1–3 under this heading are read as text" in w.message
               and "start at 5, not at 4" in w.message for w in ch.warnings)


def test_chapter_page_notes_from_any_number():
    page = ("A Title\n\n  \u2022 Ann Author\n\nThe abstract.\n\nNotes\n\n"
            "  1. 50.\n    Note fifty.\n  2. 51.\n    Note fifty-one.\n")
    ch = chapter_page.read(page, "page.txt")
    assert [n.n for n in ch.notes] == [50, 51]


# ------------------------------------------------------------------- honest errors


@pytest.mark.parametrize("title,text,message,line", [
    ("numbered list without a notes heading",
     "Title\n\nText.50\n\n50. First.\n51. Second.\n52. Third.\n",
     ("a list numbered 50–52 that looks like notes was found at line 5, but no 'Notes' heading "
      "above it"), 5),
    ("notes heading followed by prose",
     "Title\n\nText.\n\nNotes\n\nSome remarks.\n",
     ("the notes heading is not followed by notes numbered '1.', '[1]' or '1)' (from any number): "
      "'Some remarks.' follows it"), 5),
    ("a gap in notes starting at 50",
     "Title\n\nText.50\n\nNotes\n\n50. First.\n51. Second.\n53. Fourth.\n",
     "note 53 found where note 52 was expected in the notes list starting at 50 (line 6)", 9),
    ("a note twice",
     "Title\n\nText.\n\nNotes\n\n13. First.\n14. Second.\n14. Again.\n",
     "note 14 appears twice in the notes list starting at 13", 9),
    ("nothing like notes",
     "Title\n\nJust a paragraph.\n",
     "no notes found: expected a 'Notes'", None),
])
def test_errors_say_what_was_found(title, text, message, line):
    with pytest.raises(InputError) as err:
        readers.read(text, "bad.txt")
    assert message in err.value.message
    assert err.value.line == line
    assert "\n" not in str(err.value)


def test_chapter_page_misnumbered_note_names_the_list():
    page = "T\n\nNotes\n\n  1. 50.\n    a\n  2. 52.\n    b\n"
    with pytest.raises(InputError, match="note 52 found where note 51 was expected in the notes "
                       "list starting at 50"):
        chapter_page.read(page, "bad.txt")


# --------------------------------------------- headings, datelines, epigraphs, signatures


LETTERS = """Letters of the Legation

by Ann Author

An introduction to the letters.1

The Despatch of May

Washington, May 3, 1861

Sir: I have the honor to report the events of the week.2

JOHN HAY

The Reply

“Nothing is settled until it is settled right.”

— Abraham Lincoln

The reply came within the week.3

Notes

1. First note.
2. Second note.
3. Third note.
"""


def test_datelines_epigraphs_and_signatures_are_not_headings(tmp_path):
    ch, root = converted(LETTERS, tmp_path=tmp_path)
    heads = [p.text for p in ch.body if p.kind == "head"]
    assert heads == ["The Despatch of May", "The Reply"]
    paras = [p.text for p in ch.body if p.kind == "p"]
    for text in ("Washington, May 3, 1861", "JOHN HAY", "“Nothing is settled until it is settled right.”",
                 "— Abraham Lincoln"):
        assert text in paras
    for div in root.iter(f"{T}div"):
        assert [c.tag for c in div] != [f"{T}head"], "a division with only a heading"


@pytest.mark.parametrize("line,role", [
    ("Washington, May 3, 1861", "dateline"),
    ("London, 12 March 1933", "dateline"),
    ("Paris, 1919", "dateline"),
    ("“A line of verse”", "epigraph"),
    ("— Abraham Lincoln", "epigraph"),
    ("JOHN HAY", "signature"),
    ("Your obedient servant", "signature"),
    ("The Crisis of 1861", None),
    ("Introduction", None),
])
def test_roles_of_short_lines(line, role):
    assert plain_text._role(line) == role


def test_heading_with_nothing_under_it_is_written_as_a_paragraph(tmp_path):
    text = "Title\n\nby Ann Author\n\nText.1\n\nClosing Words\n\nNotes\n\n1. A note.\n"
    ch, root = converted(text, tmp_path=tmp_path)
    assert all(p.kind == "p" for p in ch.body)
    assert "Closing Words" in [p.text for p in root.iter(f"{T}p")]


# ------------------------------------------------------ the "Cite this chapter" block


@pytest.fixture(scope="module")
def cite_page():
    return chapter_page.read((FIXTURES / "chapter-page-cite.txt").read_text(encoding="utf-8"),
                             "chapter-page-cite.txt")


def test_cite_this_chapter_read_into_the_source_description(cite_page):
    ch = cite_page
    assert ch.authors == ["Ann Author", "Bo Builder"]
    assert ch.book_title == "A Book of Chapters"
    assert ch.editors == ["Editor, E.", "Other, O.-P."]
    assert ch.series == "Studies in Diplomacy"
    assert (ch.publisher, ch.pub_place, ch.year) == ("Press and Co", "London", "2001")
    assert ch.pages == "97–117"
    assert ch.doi == "10.1007/978-1-234-56789-0_3"
    assert ch.affiliations == ["University of Somewhere, Somewhere, UK"]


def test_cite_block_in_the_tei_header(cite_page, tmp_path):
    tree = tei.to_tei(cite_page)
    assert fidelity.missing_text(cite_page.blocks, tree.getroot()) == []
    bibl = tree.getroot().find(f".//{T}sourceDesc/{T}bibl")
    assert [e.text for e in bibl.findall(f"{T}editor")] == ["Editor, E.", "Other, O.-P."]
    assert bibl.find(f"{T}title[@level='m']").text == "A Book of Chapters"
    assert bibl.find(f"{T}title[@level='s']").text == "Studies in Diplomacy"
    assert bibl.find(f"{T}pubPlace").text == "London"
    assert bibl.find(f"{T}biblScope[@unit='page']").get("from") == "97"
    assert bibl.find(f"{T}idno[@type='DOI']").text == "10.1007/978-1-234-56789-0_3"
    front = tree.getroot().find(f".//{T}front")
    assert [a.text for a in front.iter(f"{T}docAuthor")] == ["Ann Author", "Bo Builder"]


def test_download_references_does_not_end_up_in_the_last_note(cite_page):
    assert cite_page.notes[-1].text == "Second note (London, 1990), p. 7."
    assert [n.n for n in cite_page.notes] == [14, 15]


@pytest.mark.parametrize("bullet", furniture.DOWNLOAD_FORMATS)
def test_download_citation_bullets_are_furniture_not_authors(cite_page, bullet):
    assert bullet not in cite_page.authors
    assert any(d.text == bullet and d.reason == "page furniture" for d in cite_page.dropped)


@pytest.mark.parametrize("line", furniture.LINES)
def test_each_furniture_line_is_dropped_and_listed(line):
    page = (f"A Title\n\n  \u2022 Ann Author\n\nThe abstract.\n\nNotes\n\n  1. 1.\n    A note.\n\n"
            f"{line}\n\nCopyright information\n\n\u00a9 Ann Author 2001\n")
    ch = chapter_page.read(page, "page.txt")
    assert any(d.text == line and d.reason == "page furniture" for d in ch.dropped)
    kept = " ".join([n.text for n in ch.notes] + [p.text for p in ch.trailer + ch.abstract]
                    + ch.authors + ch.affiliations)
    assert line not in kept
    assert ch.notes[0].text == "A note."


@pytest.mark.parametrize("line", ["Chapter", "5145 Accesses", "1,204 Accesses", "3 Citations",
                                  "12 Altmetric", "First Online: 01 January 1995"])
def test_each_page_line_pattern_is_furniture_not_abstract(line):
    page = (f"A Title\n\n  \u2022 Ann Author\n\n{line}\n\nThe abstract.\n\nNotes\n\n"
            "  1. 1.\n    A note.\n")
    ch = chapter_page.read(page, "page.txt")
    assert [p.text for p in ch.abstract] == ["The abstract."]
    assert any(d.text == line and d.reason == "page furniture" for d in ch.dropped)


def test_page_line_patterns_are_each_tested():
    # One example above per pattern of furniture.PAGE_LINE_PATTERNS.
    assert len(furniture.PAGE_LINE_PATTERNS) == 5


@pytest.mark.parametrize("label", furniture.LINK_LABELS)
def test_each_link_label_is_dropped_and_listed(label):
    page = f"A Title\n\nNotes\n\n  1. 1.\n    A note (London, 1990).{label}\n"
    ch = chapter_page.read(page, "page.txt")
    assert ch.notes[0].text == "A note (London, 1990)."
    assert any(d.text == label for d in ch.dropped)


def test_issue_page_shape_keeps_two_authors_and_no_affiliation_from_the_citation(cite_page):
    assert len(cite_page.authors) == 2
    assert not any("In:" in a for a in cite_page.affiliations)


# ------------------------------------------------------------------ the FRUS corpus


@pytest.mark.parametrize("path", sorted((SHARED / "corpus" / "docs").glob("*.txt")),
                         ids=lambda p: p.name)
def test_corpus_docs_still_read(path):
    ch, root = converted(path.read_text(encoding="utf-8"), path.name)
    assert ch.notes and ch.notes[0].n == 1
    for div in root.iter(f"{T}div"):
        assert [c.tag for c in div] != [f"{T}head"]
