"""Every broken fixture fails with the expected layer, rule or message, and line; every valid
fixture and the sample pass every layer, and are valid tei_all when checked by jing directly."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from teiedition.validation import validate

from .conftest import SAMPLE_TEI, TEI_ALL_RNG

FIXTURES = Path(__file__).parent / "fixtures"
VALID = sorted((FIXTURES / "valid").glob("*.xml"))

# (fixture, layer, line, rule id for Schematron or a fragment of the message otherwise)
BROKEN = [
    ("not-wellformed.xml", "wellformed", 13, "Opening and ending tag mismatch"),
    ("undefined-entity.xml", "wellformed", 13, "Entity 'nbsp' not defined"),
    ("xxe-file.xml", "wellformed", 4, "external entity 'xxe' pointing at file:///etc/passwd refused"),
    ("xxe-network.xml", "wellformed", 4, "external entity 'net' pointing at http://127.0.0.1:9/evil.xml"),
    ("parameter-entity.xml", "wellformed", 4, "external parameter entity 'remote'"),
    ("external-dtd.xml", "wellformed", 3, "external DTD reference refused"),
    ("attlist-default.xml", "wellformed", 4, "DTD declarations in the internal subset refused"),
    ("billion-laughs.xml", "wellformed", 4, "entity declaration 'lol' refused"),
    ("wrong-namespace.xml", "tei", 3, "not the TEI namespace"),
    ("wrong-root.xml", "tei", 3, "root element is 'div'"),
    ("generic-not-tei-all.xml", "tei-all", 14, 'element "p" not allowed here'),
    ("unknown-element.xml", "project", 55, "Unexpected child with tag 'volume'"),
    ("unknown-element.xml", "tei-all", 55, 'element "volume" not allowed'),
    ("unknown-attribute.xml", "project", 55, "'rend' attribute not allowed"),
    ("bad-unit.xml", "project", 55, "attribute unit='serie'"),
    ("bad-when.xml", "project", 55, "attribute when='c. 1981'"),
    ("bad-when.xml", "schematron", 55, "when-format"),
    ("bad-when.xml", "tei-all", 55, 'value of attribute "when" is invalid'),
    ("impossible-date.xml", "schematron", 54, "when-valid"),
    ("unknown-div-type.xml", "project", 72, '<div type="appendix"> is not a division teiedition writes'),
    ("nested-bibl.xml", "schematron", 55, "bibl-not-nested"),
    ("dangling-target.xml", "schematron", 56, "target-resolves"),
    ("dangling-corresp.xml", "schematron", 57, "corresp-resolves"),
    ("duplicate-id.xml", "schematron", 57, "xml-id-unique"),
    ("duplicate-id.xml", "project", 57, "duplicated xs:ID value 'n4-1'"),
    ("note-gap.xml", "schematron", 56, "note-contiguous"),
    ("bibl-without-title.xml", "schematron", 57, "bibl-has-title"),
    ("range-backwards.xml", "schematron", 57, "range-ordered"),
    ("anchor-mismatch.xml", "schematron", 48, "anchor-matches-note"),
]


@pytest.fixture(scope="module")
def reports():
    """All fixtures validated in one call: one jing process, as the CLI does."""
    if not TEI_ALL_RNG.is_file():
        pytest.fail(f"tei_all.rng not found at {TEI_ALL_RNG}")
    files = sorted((FIXTURES / "invalid").glob("*.xml")) + VALID + [SAMPLE_TEI]
    return validate(files, tei_all=TEI_ALL_RNG)


def test_at_least_fifteen_broken_fixtures_all_covered():
    names = {p.name for p in (FIXTURES / "invalid").glob("*.xml")}
    assert len(names) >= 15
    # A fixture with no expectation would pass silently whatever it contains.
    assert names == {case[0] for case in BROKEN}


@pytest.mark.parametrize("name,layer,line,expected", BROKEN, ids=[f"{c[0]}-{c[1]}" for c in BROKEN])
def test_broken_fixture_fails_as_expected(reports, name, layer, line, expected):
    path = str(FIXTURES / "invalid" / name)
    issues = [i for i in reports.issues if i.file == path]
    assert issues, f"{name} passed validation"
    matching = [i for i in issues if i.layer == layer and i.line == line
                and (i.rule == expected if layer == "schematron" else expected in i.message)]
    assert matching, "\n".join(str(i) for i in issues)
    assert all(i.column is not None and i.column >= 1 for i in matching)


def test_layers_stop_where_the_rest_would_be_meaningless(reports):
    # A hostile or broken file never reaches a schema, so jing never reads it.
    assert reports.layers[str(FIXTURES / "invalid" / "xxe-file.xml")] == ["wellformed"]
    assert reports.layers[str(FIXTURES / "invalid" / "wrong-namespace.xml")] == ["wellformed", "tei"]


@pytest.mark.parametrize("path", [*VALID, SAMPLE_TEI], ids=lambda p: p.name)
def test_valid_files_pass_every_layer(reports, path):
    issues = [str(i) for i in reports.issues if i.file == str(path)]
    assert issues == []
    layers = reports.layers[str(path)]
    assert "tei-all" in layers and "schematron" in layers


def test_edition_files_get_the_project_schema_and_generic_tei_does_not(reports):
    assert "project" in reports.layers[str(SAMPLE_TEI)]
    assert "project" in reports.layers[str(FIXTURES / "valid" / "edition-minimal.xml")]
    assert "project" not in reports.layers[str(FIXTURES / "valid" / "generic-tei.xml")]


@pytest.mark.parametrize("path", [*VALID, SAMPLE_TEI], ids=lambda p: p.name)
def test_project_valid_files_are_valid_tei_all_by_jing_itself(jing, path):
    run = subprocess.run([jing, str(TEI_ALL_RNG), str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout


def test_an_assertion_failure_says_what_is_wrong(tmp_path):
    text = (FIXTURES / "valid" / "edition-minimal.xml").read_text()
    start, end = text.index("<editorialDecl>"), text.index("</editorialDecl>")
    path = tmp_path / "empty-decl.xml"
    path.write_text(text[:start] + "<editorialDecl>" + text[end:])
    report = validate(path, tei_all=TEI_ALL_RNG)
    assert {(i.layer, i.line) for i in report.issues} == {("project", 25), ("tei-all", 25)}
    [project] = [i for i in report.issues if i.layer == "project"]
    assert "needs at least one of correction" in project.message


def test_the_deposit_fields_docs_packaging_asks_for_pass_every_layer(tmp_path):
    # docs/packaging.md asks an editor to add a publisher with an email, a DOI, a licence and
    # the edition date before deposit, and the source's own DOI or ISBN: tei_all accepts them,
    # so the project schema must too (it refused each of them).
    text = SAMPLE_TEI.read_text(encoding="utf-8")
    text = text.replace(
        "<authority>Made with teiedition; publisher of this edition not stated</authority>",
        "<publisher>Institut für Editionen <email>ed@example.org</email></publisher>"
        "<pubPlace>Ljubljana</pubPlace><idno type=\"DOI\">10.5072/rapallo</idno>", 1)
    text = text.replace(
        "<availability>",
        "<availability status=\"free\"><licence target=\"https://creativecommons.org/licenses/by/4.0/\">"
        "CC BY 4.0</licence>", 1)
    text = text.replace("</availability>", "</availability><date when=\"2026-11-29\">2026</date>", 1)
    text = text.replace("<note type=\"copyright\">",
                        "<idno type=\"ISBN\">978-0-00-000000-2</idno> <note type=\"copyright\">", 1)
    path = tmp_path / "deposit.xml"
    path.write_text(text, encoding="utf-8")
    report = validate(path, tei_all=TEI_ALL_RNG)
    assert [str(i) for i in report.issues] == []
    assert "project" in report.layers[str(path)] and "tei-all" in report.layers[str(path)]
