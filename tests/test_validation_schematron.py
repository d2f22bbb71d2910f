"""Schematron rules by id and location, on small documents; generic TEI gets only generic rules."""
from __future__ import annotations

import pytest

from teiedition.validation import schematron, wellformed
from teiedition.validation.locate import Locator
from teiedition.validation.wellformed import Parsed
from teiedition.xmlsafe import parse_bytes

HEADER = ('<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>'
          '</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>{app}</teiHeader>')
APP = ('<encodingDesc><appInfo><application ident="teiedition" version="0.1.0"><label>teiedition</label>'
       '</application></appInfo></encodingDesc>')


def doc(body: str, back: str = "", edition: bool = False) -> Parsed:
    text = ('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n' + HEADER.format(app=APP if edition else "")
            + f"\n<text>\n<body>\n{body}\n</body>\n<back>\n{back}\n</back>\n</text>\n</TEI>\n")
    data = text.encode()
    tree = parse_bytes(data, "t.xml")
    return Parsed("t.xml", data, tree, Locator(tree, data))


def failures(parsed: Parsed) -> list[tuple[str, int, int]]:
    phase = None if wellformed.is_teiedition(parsed.tree) else "generic"
    return [(i.rule, i.line, i.column) for i in schematron.check(parsed, phase=phase)]


@pytest.mark.parametrize("when,ok", [
    ("2024-02-29", True), ("2000-02-29", True), ("1900-02-29", False), ("1953-02-29", False),
    ("1953-04-31", False), ("1953-13", False), ("1953-12-31", True), ("1953", True), ("1953-00", False),
])
def test_when_must_be_a_calendar_date(when, ok):
    result = failures(doc(f'<p>On\n  <date when="{when}">then</date></p>'))
    assert result == ([] if ok else [("when-valid", 6, 3)])


@pytest.mark.parametrize("when,rules", [
    ("-0044-03-15", {"when-format"}), ("-0044-02-30", {"when-format", "when-valid"}),
    ("12345-02-30", {"when-format", "when-valid"}), ("195-02-30", {"when-format"}),
    ("1953-2", {"when-format"}), ("1953-02-3", {"when-format"}), ("1953-02-", {"when-format"}),
    ("1953-٠٢", {"when-format"}), ("1953-02-28", set()), ("1953-02", set()), ("1953", set()),
])
def test_date_shapes_in_xpath_1(when, rules):
    # Shapes tested with XPath 1.0 (translate), not EXSLT re:test: edition rules, with years
    # of more or fewer than four digits and non-ASCII digits, which [0-9] never matched.
    result = failures(doc(f'<p>On\n  <date when="{when}">then</date></p>', edition=True))
    assert {rule for rule, _, _ in result} == rules


def test_pointers_resolve_singly_and_in_lists():
    body = ('<p xml:id="a">x <ref target="#a">ok</ref> <ref target="#a  #b">half</ref>\n'
            '<ref target="#zz">no</ref> <ref target="http://example.org/">web</ref> <ptr corresp="#nowhere"/></p>')
    assert failures(doc(body)) == [("target-resolves", 5, 43), ("target-resolves", 6, 1),
                                   ("corresp-resolves", 6, 72)]


def test_duplicate_ids_are_reported_at_each_use():
    assert failures(doc('<p xml:id="x">a</p>\n<p xml:id="x">b</p>')) == [
        ("xml-id-unique", 5, 1), ("xml-id-unique", 6, 1)]


def test_ranges_compare_numbers_only():
    body = ('<p><bibl><citedRange from="62" to="60">pp</citedRange> <citedRange from="xii" to="ix">pp</citedRange>'
            ' <citedRange from="9" to="10">pp</citedRange></bibl></p>')
    assert failures(doc(body)) == [("range-ordered", 5, 10)]


NOTES = ('<div type="notes">\n<note xml:id="n1" n="1" type="endnote" place="end">a</note>\n'
         '<note xml:id="n2" n="2" type="endnote" place="end">b</note>\n'
         '<note xml:id="n4" n="4" type="endnote" place="end">c</note>\n</div>')


def test_note_numbering_is_checked_only_for_editions():
    assert failures(doc('<div type="chapter"><p>x</p></div>', NOTES, edition=True)) == [
        ("note-contiguous", 11, 1)]
    assert failures(doc('<div type="chapter"><p>x</p></div>', NOTES)) == []


def test_first_note_may_continue_numbering_but_is_positive():
    back = '<div type="notes">\n<note xml:id="n{0}" n="{0}" type="endnote" place="end">a</note>\n</div>'
    assert failures(doc('<div type="chapter"><p>x</p></div>', back.format(50), edition=True)) == []
    assert failures(doc('<div type="chapter"><p>x</p></div>', back.format(0), edition=True)) == [
        ("note-first-positive", 9, 1)]


def test_citations_need_a_title_a_ref_or_archive_type():
    back = ('<div type="notes">\n<note xml:id="n1" n="1" type="endnote" place="end">'
            '<bibl xml:id="n1-1" type="archive">Archive</bibl>; <bibl xml:id="n1-2"><title>T</title></bibl>;\n'
            '<bibl xml:id="n1-3"><author>Smith</author></bibl></note>\n</div>')
    assert failures(doc('<div type="chapter"><p>x</p></div>', back, edition=True)) == [("bibl-has-title", 10, 1)]


def test_citation_ids_follow_note_and_position():
    back = ('<div type="notes">\n<note xml:id="n1" n="1" type="endnote" place="end">'
            '<bibl xml:id="n1-2" type="archive">A</bibl></note>\n</div>')
    assert failures(doc('<div type="chapter"><p>x</p></div>', back, edition=True)) == [("bibl-id", 9, 52)]


def test_divisions_in_the_wrong_place():
    assert failures(doc('<div type="chapter"><p>x</p></div>\n<div type="notes"><p>n</p></div>',
                        edition=True)) == [("div-in-back", 6, 1)]


def test_a_start_tag_spanning_lines_is_located_where_it_starts():
    # libxml2 gives the line where the start tag ends (7 here); the report names its start.
    body = '<p xml:id="a">x</p>\n<p>y <ref\n  target="#b">z</ref> <ref target="#c">w</ref></p>'
    assert failures(doc(body)) == [("target-resolves", 6, 6), ("target-resolves", 7, 23)]
