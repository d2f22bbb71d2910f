"""One citation -> its parts: a table of cases (title, input, expected parts) in
tests/data/citations/parse_cases.json, so a failure names the case."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from teiedition.citations import assemble, parse_reference

CASES = json.loads((Path(__file__).parent / "data" / "citations" / "parse_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_parts(case):
    ref = parse_reference(case["input"])
    assert [[p["tag"], p["attrs"], p["text"]] for p in ref.parts()] == case["parts"]
    assert ref.kind == case["kind"]


@pytest.mark.parametrize("case", CASES, ids=[c["title"] for c in CASES])
def test_spans_lie_in_the_text_and_nest(case):
    ref = parse_reference(case["input"])
    spans = sorted(ref.spans, key=lambda s: (s.start, -s.end))
    for s in spans:
        assert 0 <= s.start <= s.end <= len(case["input"])
    for a in spans:
        for b in spans:
            # Two spans either nest or do not overlap.
            assert b.start >= a.end or b.end <= a.end or b.start <= a.start


@pytest.mark.parametrize("text, end_text", [
    # The citation stops where prose starts.
    ("DVPS, vol. 16, n. 321, pp. 876–7, for the text of the proposals", "DVPS, vol. 16, n. 321, pp. 876–7"),
    ("E. H. Carr, The Twilight of Comintern (London, 1982), p. 95 and Maksimychev, Diplomatiya Mira",
     "E. H. Carr, The Twilight of Comintern (London, 1982), p. 95"),
    ("J. Haslam, ‘The Comintern’, Historical Journal, no. 3 (1979); E. J. Hobsbawn",
     "J. Haslam, ‘The Comintern’, Historical Journal, no. 3 (1979)"),
    ("Ibid., pp. 44–5; Haslam", "Ibid., pp. 44–5"),
])
def test_citation_stops_before_what_follows(text, end_text):
    p = assemble.read(text, {})[0]
    assert text[p.start:p.end] == end_text


def test_known_abbreviation_is_a_ref_holding_a_title():
    defined = assemble.read("Documents on German Foreign Policy (hereafter DGFP), series C, vol. 1", {})[0]
    p = assemble.read("DGFP, series C, vol. 1, doc. 73", {"DGFP": defined})[0]
    assert p.abbr_used == "DGFP"
    assert [(s.tag, s.attrs) for s in p.spans[:2]] == [("ref", {"type": "abbr"}), ("title", {"level": "m"})]


def test_a_second_citation_of_the_same_work_continues_it():
    found = assemble.read("DGFP, series C, vol. 1, doc. 73 and vol. 2, doc. 127", {})
    assert [f.continuation for f in found] == [False, True]


@pytest.mark.parametrize("text", [
    "Soviet-German military co-operation was ended by Moscow in June 1933, the ostensible reason",
    "Rolf Ahmann has argued that one of the keys to understanding Soviet foreign policy is apprehension",
    "In order of publication: Prussia, Belgium, Mexico, Great Britain, Austria, and Japan",
])
def test_prose_is_no_citation(text):
    assert assemble.read(text, {}) == []
