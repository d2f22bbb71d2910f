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
