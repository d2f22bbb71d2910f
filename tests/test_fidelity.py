"""The fidelity check finds lost source text and names it."""
from __future__ import annotations

from teiedition import fidelity, tei
from teiedition.model import Chapter, Note, Paragraph, Repair, SourceBlock


def _tree(note_text: str, repairs: list[Repair] | None = None):
    ch = Chapter(title="Title here", authors=[], abstract=[Paragraph("Abstract words.", 1)], body=[],
                 notes=[Note(1, note_text, 3, repairs=repairs or [])], source_name="x", source_format="plain-text",
                 source_sha256="0" * 64, copyright_statement="© X 1999")
    return tei.to_tei(ch).getroot()


def test_all_blocks_present():
    root = _tree("A note (London, 1990).")
    blocks = [SourceBlock(1, "Title  here"), SourceBlock(2, "Abstract words."),
              SourceBlock(3, "A note (London,\n1990)."), SourceBlock(9, "© X 1999", "header")]
    assert fidelity.missing_text(blocks, root) == []


def test_missing_words_are_named_with_their_line():
    root = _tree("A note (London, 1990).")
    missing = fidelity.missing_text([SourceBlock(3, "A note (Oxford, 1990).")], root)
    assert missing == [(3, "(Oxford, 1990).")]


def test_region_matters_and_blocks_do_not_join_across_elements():
    root = _tree("A note.")
    # The copyright is only in the header; the title and abstract are separate paragraphs.
    assert fidelity.missing_text([SourceBlock(9, "© X 1999", "text")], root) == [(9, "© X 1999")]
    assert fidelity.missing_text([SourceBlock(1, "here words.")], root) == [(1, "words.")]


def test_corrections_are_not_counted_as_source_text():
    root = _tree("Alliancecontains", [Repair(8, " ")])
    assert fidelity.missing_text([SourceBlock(3, "Alliancecontains")], root) == []
    assert fidelity.missing_text([SourceBlock(3, "Alliance contains")], root) == [(3, "Alliance contains")]


def test_parts_of_a_citation_that_abut_read_as_one_word():
    from lxml import etree as _etree

    from teiedition.fidelity import region_text
    root = _etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><back><div type="notes"><note>'
        '<bibl><name type="collection">F;?</name><citedRange unit="document">l{00</citedRange>'
        '</bibl></note></div></back></text></TEI>')
    assert " F;?l{00 " in region_text(root, "text")
