"""Titles named in a note's prose (citations/mentions.py): the filter, the shipped model, the TEI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from teiedition import api
from teiedition.citations import crf, mentions, train
from teiedition.model import Citation, Span

TEI = "{http://www.tei-c.org/ns/1.0}"


@pytest.mark.parametrize(("text", "expected"), [
    ("Foreign Relations", True),
    ("Register of the Department of State", True),
    ("FRUS", True),
    ("French journalist", False),  # a capitalised adjective, a common noun
    ("passim", False),
    ("de facto", False),
    ("Papers relating to treaty with Spain", False),  # sentence case: left as prose
])
def test_headline_capitals_make_a_title(text: str, expected: bool) -> None:
    assert mentions.is_headline(text) is expected


def test_prose_runs_outside_citations_and_inside_locators_only() -> None:
    text = "The Foreign Relations volume. See Fuller, Memo, NARA, file 026 Foreign Relations/395."
    cit_start = text.index("Fuller")
    scope = text.index("026")
    title = text.index("Memo")
    cit = Citation(cit_start, len(text) - 1, "archive", spans=[
        Span(title, title + 4, "title", {"level": "m"}),
        Span(scope, len(text) - 1, "biblScope", {"unit": "folder"})])
    fr1 = text.index("Foreign Relations")
    fr2 = text.index("Foreign Relations", scope)
    runs = [(fr1, fr1 + 17, 0.9),                     # prose: a title
            (fr2, fr2 + 17, 0.9),                     # inside the folder's locator: a title
            (title, title + 4, 0.9),                  # already the citation's title: no
            (text.index("volume"), cit_start + 6, 0.9),  # across the citation's edge: no
            (0, 3, 0.3)]                              # not confident: no
    got = [(text[s.start:s.end], s.tag) for s in mentions.in_prose(text, [cit], runs)]
    assert got == [("Foreign Relations", "title"), ("Foreign Relations", "title")]


def test_shipped_model_predicts_a_title_in_prose() -> None:
    text = ("The Division of Publications prepared the volumes of Foreign Relations of the United "
            "States that year, and the staff grew.")
    runs = [text[r.start:r.end] for r in crf.models().italic_runs(text)]
    assert "Foreign Relations of the United States" in runs


def test_a_named_title_becomes_a_title_element_outside_the_bibl() -> None:
    text = ("A Chapter\n\nAnn Author\n\nBody text.[1]\n\nNotes\n\n"
            "[1] The Division of Publications prepared the volumes of Foreign Relations of the "
            "United States that year. See Jan Novak, The Trade of Europe (London: Press, 1990), p. 4.\n")
    tree, _ = api.convert_text(text, "mentions.txt")
    note = tree.getroot().find(f".//{TEI}note[@n='1']")
    assert note is not None
    named = note.findall(f"{TEI}title")  # children of the note, not of its bibl
    assert ["".join(t.itertext()) for t in named] == ["Foreign Relations of the United States"]
    assert named[0].get("level") is None  # its level is not known from prose
    # Nothing lost: the note's text is the source's.
    assert "".join(note.itertext()).startswith("The Division of Publications prepared the volumes "
                                               "of Foreign Relations of the United States that year.")


def test_italic_sequences_label_title_runs_only(tmp_path: Path) -> None:
    path = tmp_path / "book-ch01.notes.json"
    path.write_text(json.dumps({"notes": [
        {"n": "1", "text": "See Foreign Relations, passim, and Foreign Relations again.",
         "italic_spans": ["Foreign Relations", "passim", "Foreign Relations"]}]}), encoding="utf-8")
    (words, labels), = list(mentions.italic_sequences(path))
    tagged = [w for w, lab in zip(words, labels, strict=True) if lab == "T"]
    assert tagged == ["Foreign", "Relations", "Foreign", "Relations"]  # not "passim"


def test_training_writes_a_mentions_model_scored_per_chapter(tmp_path: Path) -> None:
    docs = tmp_path / "corpus" / "docs"
    docs.mkdir(parents=True)
    for ch in ("ch01", "ch02"):
        notes = [{"n": str(k), "text": f"The {w} Papers were edited in {1900 + k}, as the staff said.",
                  "italic_spans": [f"{w} Papers"]}
                 for k, w in enumerate(["Lansing", "Hughes", "Kellogg", "Stimson", "Hull", "Root"])]
        (docs / f"book-{ch}.notes.json").write_text(json.dumps({"notes": notes}), encoding="utf-8")
    data = train.Data()
    for f in sorted(docs.glob("*.notes.json")):
        data.italics[f.name.split("-")[1].split(".")[0]] = list(mentions.italic_sequences(f))
    out = tmp_path / "m" / crf.MENTIONS
    params = train.QUICK.men_params
    assert train.train_model(train.italic_pairs(data, set()), params, out) == 12
    again = tmp_path / "again" / crf.MENTIONS
    train.train_model(train.italic_pairs(data, set()), params, again)
    assert out.read_bytes() == again.read_bytes()  # deterministic
    scores = train.mention_scores(data, params, set())
    assert set(scores) == {"ch01", "ch02"} and all(s["gold"] == 6 for s in scores.values())
