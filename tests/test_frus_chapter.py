"""The real plain-text chapter end to end: notes, calls, and every validation layer."""
from __future__ import annotations

import pytest

from teiedition.api import convert_file
from teiedition.tei import TEI_NS
from teiedition.validation import validate

from .conftest import FRUS, TEI_ALL_RNG, require_tool


@pytest.fixture(scope="module")
def frus_tei(tmp_path_factory):
    data, warnings = convert_file(FRUS)
    path = tmp_path_factory.mktemp("frus") / "frus.xml"
    path.write_bytes(data)
    return path, warnings


def test_118_notes_and_118_anchored_calls(frus_tei):
    from lxml import etree
    root = etree.parse(str(frus_tei[0])).getroot()
    notes = root.findall(f".//{{{TEI_NS}}}note[@type='endnote']")
    anchors = root.findall(f".//{{{TEI_NS}}}ref[@type='noteAnchor']")
    assert len(notes) == 118
    assert [a.get("target") for a in anchors] == [f"#n{i}" for i in range(1, 119)]
    assert len(root.findall(f".//{{{TEI_NS}}}note[@type='endnote']//{{{TEI_NS}}}bibl")) > 118


def test_valid_in_every_layer(frus_tei):
    require_tool("jing")
    report = validate(frus_tei[0], tei_all=TEI_ALL_RNG)
    assert report.ok, report.to_text()
    assert "tei-all" in report.layers[str(frus_tei[0])]


def test_build_without_any_date_makes_the_edition_and_says_why_there_is_no_bag(tmp_path):
    from teiedition.api import BuildOptions, build
    result = build(FRUS, tmp_path / "undated")
    assert sorted(p.name.split(".", 1)[1] for p in result.outputs) == [
        "html", "pdf", "review.html", "xml"]
    assert any("no archive package" in w.message and "--edition-date" in w.message
               for w in result.warnings)
    dated = build(FRUS, tmp_path / "dated", BuildOptions(edition_date="2026-11-27"))
    bag = tmp_path / "dated" / "frus-history-ch02.bag"
    assert bag in dated.outputs and (bag / "bag-info.txt").read_text().count("Bagging-Date: 2026-11-27") == 1
