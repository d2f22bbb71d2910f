"""Acceptance of the foundation on the sample chapter: structure, header, tei_all, stability."""
from __future__ import annotations

import subprocess

import pytest
from lxml import etree

from teiedition import api, tei
from teiedition.fidelity import region_text

from .conftest import SAMPLE_TEI, SEED, TEI_ALL_RNG

NS = {"t": tei.TEI_NS}


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    data, warnings = api.convert_file(SEED)
    path = tmp_path_factory.mktemp("sample") / "sample.xml"
    path.write_bytes(data)
    return path, etree.fromstring(data), warnings


def test_bundled_sample_is_the_shared_seed():
    assert api.sample_path().read_bytes() == SEED.read_bytes()


def test_37_notes_in_order(converted):
    _, root, _ = converted
    notes = root.findall("t:text/t:back/t:div[@type='notes']/t:note", NS)
    assert [n.get("n") for n in notes] == [str(i) for i in range(1, 38)]
    assert [n.get("{http://www.w3.org/XML/1998/namespace}id") for n in notes] == \
        [f"n{i}" for i in range(1, 38)]
    n17 = "".join(notes[16].itertext())
    assert "Plettenberg" in n17 and "Dullin" in n17
    n36 = "".join(notes[35].itertext())
    for part in ("Roberts", "Haslam", "Hobsbawn", "Carr", "Report of the Seventh World Congress"):
        assert part in n36


def test_no_page_furniture_in_the_text(converted):
    _, root, _ = converted
    text = region_text(root, "text")
    for furniture in ("Google Scholar", "Unable to display preview", "Personalised recommendations",
                      "Authors and Affiliations"):
        assert furniture not in text


def test_header_names_author_title_year_and_copyright_holder(converted):
    _, root, _ = converted
    header = root.find("t:teiHeader", NS)
    assert header.findtext("t:fileDesc/t:titleStmt/t:author", namespaces=NS) == "Geoffrey Roberts"
    assert header.findtext("t:fileDesc/t:titleStmt/t:title", namespaces=NS).startswith(
        "From Co-operation to Confrontation")
    src = header.find("t:fileDesc/t:sourceDesc/t:bibl", NS)
    assert src.find("t:date", NS).get("when") == "1995"
    assert "Geoffrey Roberts" in src.findtext("t:note[@type='copyright']", namespaces=NS)
    assert header.find("t:profileDesc/t:abstract/t:p", NS) is not None


def test_valid_against_tei_all(converted, jing):
    path, _, _ = converted
    proc = subprocess.run([jing, str(TEI_ALL_RNG), str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout


def test_second_run_gives_identical_bytes(converted):
    path, _, _ = converted
    assert api.convert_file(SEED)[0] == path.read_bytes()


def test_committed_edition_is_up_to_date():
    fresh, _ = api.convert_file(api.sample_path())
    assert SAMPLE_TEI.read_bytes() == fresh, (
        "tei/roberts-1995-rapallo.xml is stale: regenerate it with "
        "`teiedition convert src/teiedition/data/roberts-1995-rapallo.txt -o tei/roberts-1995-rapallo.xml`")


def test_build_without_input_builds_the_sample(tmp_path):
    result = api.build(None, tmp_path)
    assert (tmp_path / "roberts-1995-rapallo.xml") in result.outputs
