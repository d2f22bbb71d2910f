"""The sample chapter against the gold: the acceptance numbers of issue 3, as tests."""
from __future__ import annotations

import importlib.util
import json

import pytest

from teiedition import api, readers
from teiedition.citations import parse_citations
from teiedition.sourcefile import read_text

from .conftest import GOLD, ROOT, SEED


def _bench():
    spec = importlib.util.spec_from_file_location("bench_citations", ROOT / "bench" / "citations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def gold(shared):
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chapter(shared):
    return parse_citations(readers.read(read_text(SEED).text, SEED.name, None))


def test_every_gold_citation_found_with_its_boundaries(chapter, gold):
    notes = {n.n: n for n in chapter.notes}
    missing = []
    for g in gold["notes"]:
        note = notes[g["n"]]
        got = [note.text[c.start:c.end] for c in note.citations]
        want = [c["surface"] for c in g["citations"]]
        missing += [(g["n"], s) for s in want if s not in got]
        assert len(got) == len(want), (g["n"], got, want)
    assert missing == []


def test_every_link_points_to_the_gold_target(chapter, gold):
    notes = {n.n: n for n in chapter.notes}
    via = {"short_title": "short", "ibid": "ibid", "abbr": "abbr"}
    for g in gold["notes"]:
        for k, c in enumerate(g["citations"]):
            got = notes[g["n"]].citations[k]
            if "link" not in c:
                assert got.link is None, (g["n"], c["surface"])
                continue
            want = None if c["link"]["to"] is None else "n{}-{}".format(
                *(int(x) + i for i, x in enumerate(c["link"]["to"].split(":"))))
            assert (got.link.via, got.link.target) == (via[c["link"]["via"]], want), (g["n"], c["surface"])


def test_archives_and_unresolved_short_title(chapter, gold):
    kinds = {(n.n, k): c.kind for n in chapter.notes for k, c in enumerate(n.citations)}
    for g in gold["notes"]:
        for k, c in enumerate(g["citations"]):
            assert (kinds[(g["n"], k)] == "archive") == (c["kind"] == "archive")
    unresolved = [w for w in chapter.warnings if "no full citation" in w.message]
    assert len(unresolved) == 1 and "Carr, History of Soviet Russia" in unresolved[0].message


def test_every_repair_in_the_gold_is_recorded(chapter, gold):
    notes = {n.n: n for n in chapter.notes}
    for g in gold["notes"]:
        note = notes[g["n"]]
        repaired = note.text
        for r in sorted(note.repairs, key=lambda r: -r.offset):
            repaired = repaired[:r.offset] + r.inserted + repaired[r.offset:]
        for c in g["citations"]:
            for fix in c.get("repair", []):
                assert fix["to"] in repaired, (g["n"], fix)


def test_tei_scores_meet_the_acceptance_bar(gold):
    tree, _chapter = api.convert_text(read_text(SEED).text, SEED.name)
    s = _bench().score_tei(tree.getroot(), gold)
    assert s["exact"] / s["gold"] >= 0.98
    assert s["links_ok"] == s["links"]
    tp = sum(v[0] for v in s["fields"].values())
    fp = sum(v[1] for v in s["fields"].values())
    fn = sum(v[2] for v in s["fields"].values())
    assert 2 * tp / (2 * tp + fp + fn) >= 0.97
