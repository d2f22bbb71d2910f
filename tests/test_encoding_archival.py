"""The encoding of letters, archives, government documents, newspapers and web sources
(docs/encoding.md): the fixture with one note per kind is valid tei_all (jing itself) and valid
against the project schema and Schematron; broken variants are refused by the layer that owns
the rule, located at the element that breaks it."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teiedition.validation import validate

from .conftest import TEI_ALL_RNG

FIXTURE = Path(__file__).parent / "fixtures" / "archival" / "archival.xml"
TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

KINDS = {"article", "chapter", "letter", "archive", "government_document", "newspaper", "web",
         "interview", "document_collection", "journal_issue", "other"}


def citations(tree: etree._ElementTree) -> list[etree._Element]:
    return tree.findall(".//t:div[@type='notes']/t:note/t:bibl", TEI)


def test_fixture_has_one_note_per_kind_and_every_part():
    tree = etree.parse(str(FIXTURE))
    bibls = citations(tree)
    assert {b.get("type") for b in bibls} == KINDS | {None}   # None: a book
    assert {b.get("subtype") for b in bibls if b.get("type") == "letter"} == {
        "letter", "despatch", "message", "telegram", "memorandum"}
    assert all(b.get("cert") in ("high", "medium", "low") for b in bibls)
    parts = {(etree.QName(e).localname, e.get("type") or e.get("unit") or e.get("role") or e.get("level"))
             for b in bibls for e in b.iter("{*}*") if e is not b}
    for part in [("author", None), ("editor", "editor"), ("editor", "translator"), ("name", "recipient"),
                 ("name", "collection"), ("orgName", "repository"), ("idno", "item"), ("idno", "DOI"),
                 ("biblScope", "volume"), ("biblScope", "issue"), ("biblScope", "series"),
                 ("biblScope", "part"), ("biblScope", "box"), ("biblScope", "folder"),
                 ("citedRange", "page"), ("citedRange", "document"), ("citedRange", "chapter"),
                 ("citedRange", "note"), ("citedRange", "appendix"), ("citedRange", "folio"),
                 ("title", "a"), ("title", "m"), ("title", "j"), ("title", "u"), ("title", "short"),
                 ("pubPlace", None), ("publisher", None), ("date", None), ("edition", None),
                 ("ref", "url"), ("ref", "ibid"), ("ref", "short"), ("ref", "abbr"), ("abbr", None)]:
        assert part in parts, part
    assert tree.xpath("//t:ref[@cert='low']", namespaces=TEI)
    assert tree.xpath("//t:note//t:ref[@type='short'][not(@target)]", namespaces=TEI)
    assert tree.xpath("//t:note//t:choice[t:sic][t:corr]", namespaces=TEI)


def test_fixture_is_valid_tei_all_by_jing_itself(jing):
    run = subprocess.run([jing, str(TEI_ALL_RNG), str(FIXTURE)], check=False, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_fixture_passes_every_layer():
    report = validate(FIXTURE, tei_all=TEI_ALL_RNG)
    assert [str(i) for i in report.issues] == []
    assert report.layers[str(FIXTURE)] == ["wellformed", "tei", "project", "schematron", "tei-all"]


def mutate(tmp_path: Path, name: str, xpath: str, **attrs: str | None) -> tuple[Path, int]:
    """The fixture with attributes of the first element matching xpath changed (None deletes);
    returns the file and the line of that element."""
    tree = etree.parse(str(FIXTURE))
    el = tree.xpath(xpath, namespaces=TEI)[0]
    for key, value in attrs.items():
        key = key.replace("_", ":") if key == "xml_id" else key
        if value is None:
            el.attrib.pop(key, None)
        else:
            el.set(key, value)
    path = tmp_path / f"{name}.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    # Lines as written (serialization may join the lines before the root): the same element,
    # by its position in document order, in the file read back.
    position = list(tree.iter("{*}*")).index(el)
    return path, list(etree.parse(str(path)).iter("{*}*"))[position].sourceline


# (name, element, attribute changes, layer, rule id or message fragment)
BROKEN = [
    ("unknown-type", "//t:bibl[@xml:id='n1-1']", {"type": "letters"}, "project", "attribute type='letters'"),
    ("cert-maybe", "//t:bibl[@xml:id='n1-1']", {"cert": "maybe"}, "project", "attribute cert='maybe'"),
    ("cert-maybe", "//t:bibl[@xml:id='n1-1']", {"cert": "maybe"}, "tei-all", 'value of attribute "cert" is invalid'),
    ("subtype-not-letter", "//t:bibl[@xml:id='n7-1']", {"subtype": "despatch"}, "project",
     "only for bibl[@type='letter']"),
    ("unknown-unit", "//t:biblScope[@unit='box']", {"unit": "carton"}, "project", "attribute unit='carton'"),
    ("ref-cert-medium", "//t:ref[@cert='low']", {"cert": "medium"}, "project", "attribute cert='medium'"),
    ("url-without-target", "//t:ref[@type='url']", {"target": None}, "project", "missing required attribute 'target'"),
    ("url-javascript", "//t:ref[@type='url']", {"target": "javascript:alert(1)"}, "project",
     "attribute target='javascript:alert(1)'"),
    # A short title linking two letters, two archival files: Schematron, at the ref.
    ("short-in-letter", "//t:bibl[@xml:id='n14-2']", {"type": "letter"}, "schematron", "short-archival"),
    ("short-in-archive", "//t:bibl[@xml:id='n14-2']", {"type": "archive"}, "schematron", "short-archival"),
]


@pytest.mark.parametrize("name,xpath,attrs,layer,expected", BROKEN, ids=[f"{c[0]}-{c[3]}" for c in BROKEN])
def test_broken_variant_is_refused_by_its_layer(tmp_path, name, xpath, attrs, layer, expected):
    path, line = mutate(tmp_path, name, xpath, **attrs)
    report = validate(path, tei_all=TEI_ALL_RNG)
    issues = [i for i in report.issues if i.layer == layer]
    assert issues, [str(i) for i in report.issues]
    if layer == "schematron":
        # The rule is reported at the short-title ref inside the bibl (same line here).
        assert [(i.rule, i.line) for i in issues] == [(expected, line)]
    else:
        assert any(expected in i.message and i.line == line for i in issues), [str(i) for i in issues]


def test_short_title_outside_archival_citations_and_ibid_inside_them_are_fine(tmp_path):
    # n14-1 is an Ibid. in an archival citation; n14-2 a short title in a book citation.
    report = validate(FIXTURE, tei_all=TEI_ALL_RNG)
    assert report.issues == []
    path, _ = mutate(tmp_path, "ibid-in-letter", "//t:bibl[@xml:id='n14-1']", type="letter")
    assert [str(i) for i in validate(path, tei_all=TEI_ALL_RNG).issues] == []


def test_unknown_type_is_tei_all_valid_so_the_project_schema_is_what_refuses_it(tmp_path, jing):
    # tei_all's bibl/@type is an open list: only the project schema keeps the kinds closed.
    path, _ = mutate(tmp_path, "unknown-type", "//t:bibl[@xml:id='n1-1']", type="letters")
    run = subprocess.run([jing, str(TEI_ALL_RNG), str(path)], check=False, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_titleless_kinds_need_no_title_but_a_book_does(tmp_path):
    path, line = mutate(tmp_path, "titleless-book", "//t:bibl[@xml:id='n8-1']", type=None)
    issues = validate(path, tei_all=TEI_ALL_RNG).issues
    assert [(i.layer, i.rule, i.line) for i in issues] == [("schematron", "bibl-has-title", line)]
