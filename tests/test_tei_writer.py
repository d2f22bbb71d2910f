"""The TEI writer: mixed content built from offsets, header, determinism."""
from __future__ import annotations

import pytest
from lxml import etree

from teiedition import tei
from teiedition.model import Chapter, Citation, Note, NoteCall, Paragraph, Repair, Span

NS = {"t": tei.TEI_NS}


def _note_xml(note: Note) -> str:
    parent = tei._el(None, "div")
    tei._note(parent, note)
    xml = etree.tostring(parent[0], encoding="unicode")
    return xml.split(">", 1)[1].rsplit("<", 1)[0]


def test_citation_parts_nest_inside_the_bibl():
    text = "See G. Roberts, Unholy Alliance (London, 1989), p. 4."
    note = Note(1, text, 1, citations=[Citation(4, 52, "book", [
        Span(4, 14, "author"), Span(16, 31, "title", {"level": "m"}),
        Span(33, 39, "pubPlace"), Span(41, 45, "date", {"when": "1989"}),
        Span(48, 52, "citedRange", {"unit": "page", "from": "4", "to": "4"})], "n1-1",
        corresp="roberts-1989")])
    assert _note_xml(note) == (
        'See <bibl xml:id="n1-1" corresp="#roberts-1989"><author>G. Roberts</author>, '
        '<title level="m">Unholy Alliance</title> (<pubPlace>London</pubPlace>, '
        '<date when="1989">1989</date>), <citedRange unit="page" from="4" to="4">p. 4</citedRange>'
        '</bibl>.')


@pytest.mark.parametrize("title,text,cit,offset,expected", [
    ("space lost after a title inside the bibl", "Alliance(London)", (0, 16, [(0, 8, "title")]), 8,
     '<bibl xml:id="n1-1"><title>Alliance</title><choice><sic/><corr> </corr></choice>(London)</bibl>'),
    ("space lost after the bibl, before prose", "Alliancecontains", (0, 8, [(0, 8, "title")]), 8,
     '<bibl xml:id="n1-1"><title>Alliance</title></bibl><choice><sic/><corr> </corr></choice>contains'),
    ("space lost before the bibl", "Russia.The x", (7, 12, [(7, 10, "title")]), 7,
     'Russia.<choice><sic/><corr> </corr></choice><bibl xml:id="n1-1"><title>The</title> x</bibl>'),
])
def test_repairs_sit_between_elements(title, text, cit, offset, expected):
    start, end, spans = cit
    note = Note(1, text, 1, citations=[Citation(start, end, "book",
                [Span(a, b, t) for a, b, t in spans], "n1-1")], repairs=[Repair(offset, " ")])
    assert _note_xml(note) == expected


def test_reading_without_corr_gives_the_source_back():
    text = "Documents,pp. 83–5 and Russia.The end"
    note = Note(1, text, 1, citations=[Citation(0, 18, "book", [Span(0, 9, "title")], "n1-1")],
                repairs=[Repair(10, " "), Repair(30, " ")])
    parent = tei._el(None, "div")
    tei._note(parent, note)
    for corr in parent.iter(f"{{{tei.TEI_NS}}}corr"):
        corr.text = ""
    assert "".join(parent.itertext()) == text


def test_archive_citation_gets_type_and_note_call_becomes_anchor():
    note = Note(2, "Soviet archives. Cited by X.", 1,
                citations=[Citation(0, 15, "archive", [], "n2-1")])
    assert _note_xml(note).startswith('<bibl xml:id="n2-1" type="archive">Soviet archives</bibl>.')
    parent = tei._el(None, "div")
    tei._paragraph(parent, Paragraph("was compiled.1 Then [2] more", 1,
                                     calls=[NoteCall(13, 14, 1), NoteCall(20, 23, 2)]))
    assert etree.tostring(parent[0], encoding="unicode").endswith(
        '>was compiled.<ref type="noteAnchor" target="#n1" n="1">1</ref> Then '
        '<ref type="noteAnchor" target="#n2" n="2">[2]</ref> more</p>')


def _chapter(**kw) -> Chapter:
    base: dict[str, object] = {
        "title": "T", "authors": ["A B"], "abstract": [Paragraph("Abs.", 3)], "body": [],
        "notes": [Note(1, "n.", 5)], "source_name": "/some/dir/c.txt", "source_format": "chapter-page",
        "source_sha256": "0" * 64}
    base.update(kw)
    return Chapter(**base)


def test_header_and_structure():
    tree = tei.to_tei(_chapter(copyright_statement="© A B 2001", copyright_holder="A B", year="2001"))
    root = tree.getroot()
    assert tree.docinfo.root_name == "TEI"
    pi = root.getprevious()
    assert pi.target == "xml-model" and tei.TEI_ALL_RNG in pi.text
    assert root.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:author", namespaces=NS) == "A B"
    src = root.find("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl", NS)
    assert src.find("t:date", NS).get("when") == "2001"
    assert "/some/dir" not in etree.tostring(root, encoding="unicode")
    for path in ("t:teiHeader/t:encodingDesc/t:editorialDecl", "t:teiHeader/t:profileDesc/t:abstract",
                 "t:teiHeader/t:revisionDesc/t:change", "t:text/t:front", "t:text/t:body",
                 "t:text/t:back/t:div[@type='notes']/t:note[@n='1']"):
        assert root.find(path, NS) is not None, path


def test_body_headings_open_sections():
    ch = _chapter(body=[Paragraph("Intro.", 1), Paragraph("A Heading", 3, kind="head"),
                        Paragraph("Para.", 5)])
    div = tei.to_tei(ch).getroot().find("t:text/t:body/t:div", NS)
    assert [c.tag.split("}")[1] for c in div] == ["p", "div"]
    assert div[1].findtext("t:head", namespaces=NS) == "A Heading"


def test_same_chapter_same_bytes():
    assert tei.serialize(tei.to_tei(_chapter())) == tei.serialize(tei.to_tei(_chapter()))


def test_an_empty_element_at_the_start_of_another_is_its_sibling():
    note = Note(4, "and vol. 2, doc. 127", 1, citations=[Citation(4, 20, "document_collection", [
        Span(4, 4, "ref", {"type": "abbr", "target": "#n4-2"}),
        Span(4, 10, "biblScope", {"unit": "volume", "n": "2"})], "n4-3")])
    assert _note_xml(note) == ('and <bibl xml:id="n4-3" type="document_collection"><ref type="abbr" '
                               'target="#n4-2"/><biblScope unit="volume" n="2">vol. 2</biblScope>, '
                               'doc. 127</bibl>')
