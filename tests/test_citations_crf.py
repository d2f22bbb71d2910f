"""The citation models' building blocks (tokens, features, corpus conventions) and the shipped models."""
from __future__ import annotations

import json

import pytest

from teiedition.citations import corpora, crf
from teiedition.citations.features import features
from teiedition.citations.tokens import tokenize

from .conftest import GOLD


@pytest.mark.parametrize("text, expected", [
    ("Vol. 10 (Oxford, 1953), p. 56.", ["Vol", ".", "10", "(", "Oxford", ",", "1953", ")", ",",
                                         "p", ".", "56", "."]),
    ("1933–1939(Moscow", ["1933", "–", "1939", "(", "Moscow"]),
    ("Jefferson’s memo, HAC Lot File 96D292", ["Jefferson’s", "memo", ",", "HAC", "Lot", "File",
                                               "96D292"]),
    ("website, http://founders.archives.gov/documents/05-09-02-0166.",
     ["website", ",", "http://founders.archives.gov/documents/05-09-02-0166", "."]),
    ("“Hamilton Fish,” in", ["“", "Hamilton", "Fish", ",", "”", "in"]),
])
def test_tokens_keep_offsets(text: str, expected: list[str]) -> None:
    toks = tokenize(text)
    assert [text[s:e] for s, e in toks] == expected


def test_tokenize_a_slice_gives_offsets_into_the_whole_text() -> None:
    text = "See Carr, Twilight, p. 5."
    assert [text[s:e] for s, e in tokenize(text, 4, 18)] == ["Carr", ",", "Twilight"]


def test_features_mark_letters_quotes_and_locators() -> None:
    words = ["Adams", "to", "Seward", ",", "“", "A", "B", "”", ",", "p", ".", "5"]
    f = features(words)
    assert "letter_to" in f[1]
    assert "inq" in f[5] and "inq" not in f[9]
    assert "loc" in f[9] and "-2loc" in f[11]
    assert "year" not in f[11] and "num1" in f[11]
    assert f == features(list(words))  # a pure function of the words


def test_features_mark_the_numbers_of_a_range() -> None:
    f = features(["Dev", ".", "26", ",", "1805", "-", "1815", ",", "(", "1979", ")"])
    assert "range_from" in f[4] and "range_to" in f[6]
    assert not {"range_from", "range_to"} & set(f[2] + f[9])  # a volume, a year: no range


@pytest.mark.parametrize("text, expected", [
    ("See also Carr, Twilight, p. 5.", "Carr, Twilight, p. 5"),
    ("cfr. A. S. V., Senato, b. 3;", "A. S. V., Senato, b. 3"),
    ("(ASV, Senato, reg. 4).", "ASV, Senato, reg. 4"),
    ("E. Carr, Twilight (London, 1982)", "E. Carr, Twilight (London, 1982)"),
])
def test_citation_spans_follow_the_gold_convention(text: str, expected: str) -> None:
    s, e = corpora.trim_citation(text, 0, len(text))
    assert text[s:e] == expected


@pytest.mark.parametrize("value, label, expected", [
    ("Joseph A. Schumpeter,", "author", "Joseph A. Schumpeter"),
    ("Smith, J.", "author", "Smith, J."),
    ("Brown, L. E. (Ed.)", "editor", "Brown, L. E."),
    ("In: Antonio Moreno (eds)", "editor", "Antonio Moreno"),
    ("(London:", "pubPlace", "London"),
    ("1992).", "date", "1992"),
    ("“Hamilton Fish,”", "title", "Hamilton Fish"),
    ("In The Explanation of Culture Change,", "container", "The Explanation of Culture Change"),
])
def test_parts_are_trimmed_alike_in_every_corpus(value: str, label: str, expected: str) -> None:
    s, e = corpora.trim_part(value, 0, len(value), label)
    assert value[s:e] == expected


def test_aligner_prefers_a_value_after_its_label_and_joins_name_lists() -> None:
    surface = "LaFeber, Gardner and Trask to Fish, 10 May 1870, Fish Papers, Vol. 10, p. 10"
    cit = {"authors": ["LaFeber", "Gardner", "Trask"], "recipients": ["Fish"],
           "date": "10 May 1870", "collection": "Fish Papers", "volume": "10", "pages": "10"}
    stats = corpora.AlignStats()
    got = {surface[s:e]: lab for s, e, lab in corpora.align_citation(surface, cit, stats)}
    assert got == {"LaFeber, Gardner and Trask": "author", "Fish": "recipient",
                   "10 May 1870": "date", "Fish Papers": "collection", "Vol. 10": "volume",
                   "p. 10": "pages"}
    assert stats.aligned == stats.values == 8


def test_aligner_counts_what_it_cannot_find() -> None:
    stats = corpora.AlignStats()
    corpora.align_citation("Middletown (Connecticut) Daily Constitution, May 1, 1872",
                           {"journal": "Middletown Daily Constitution", "date": "May 1, 1872"}, stats)
    assert (stats.values, stats.aligned, stats.citations_aligned) == (2, 1, 0)
    assert "Middletown Daily Constitution" in stats.failed[0]


def test_linkedbooks_spans_start_at_b_or_after_prose() -> None:
    assert corpora._lb_span_groups(["i-r", "e-r", "o", "b-r", "i-r", "i-r", "b-r", "e-r"]) == \
        [(0, 2), (3, 6), (6, 8)]


@pytest.mark.parametrize("tokens, expected", [
    (["35", "(", "1935", ")", ","], [(0, 2, "volume"), (2, 5, "date")]),
    (["xxxi", ",", "1981", ","], [(0, 2, "volume"), (2, 4, "date")]),
    (["I", ",", "marzo", "1966", ","], [(0, 2, "volume"), (2, 5, "date")]),
    (["(", "1951", ")", ","], [(1, 4, "date")]),
    (["IV", ","], [(0, 2, "volume")]),
])
def test_linkedbooks_volume_and_year_are_two_parts(tokens: list[str], expected: list) -> None:
    labels = ["publicationnumber-year"] * len(tokens)
    assert corpora._lb_fields(tokens, labels, 0, len(tokens)) == expected


@pytest.mark.parametrize("in_label", ["conjunction", "o"])
def test_linkedbooks_title_after_in_is_the_container_however_in_is_labelled(in_label: str) -> None:
    tokens = ["Marco", ",", "in", "“", "Arte", "Veneta", "”,", "VIII", ",", "1954"]
    labels = ["title", "title", in_label, "title", "title", "title", "title",
              "publicationnumber-year", "publicationnumber-year", "publicationnumber-year"]
    runs = corpora._lb_fields(tokens, labels, 0, len(tokens))
    assert (3, 7, "journal") in runs and (0, 2, "title") in runs
    # Without a volume and year after it, the book the part appears in.
    runs = corpora._lb_fields(tokens[:7], labels[:7], 0, 7)
    assert (3, 7, "container") in runs
    # "in" as the title's own word is not a conjunction: the title stays a title.
    assert corpora._lb_fields(["Venezia", "in", "età"], ["title"] * 3, 0, 3) == [(0, 3, "title")]


# ---------------------------------------------------------------- the shipped models


def test_shipped_models_and_card() -> None:
    card = json.loads((crf.MODELS / "card.json").read_text(encoding="utf-8"))
    names = (crf.SEGMENTER, crf.LABELLER, crf.MENTIONS)
    size = sum((crf.MODELS / name).stat().st_size for name in names)
    assert size < 10_000_000
    assert all((crf.MODELS / name).stat().st_size < 2_000_000 for name in names)
    assert set(names) <= set(card["models"])
    assert not card["quick"]
    assert {"anystyle_heldout", "linkedbooks_test", "mentions_leave_one_chapter_out"} <= \
        set(card["heldout_scores"])


def test_segment_and_label_a_letter() -> None:
    text = ("Adams to Seward, May 4, 1861, NARA, RG 59, M30, Despatches from U.S. Ministers to "
            "Great Britain, Roll 74. See also Carr, Twilight, p. 5.")
    segs = crf.segment(text)
    assert text[segs[0].start:segs[0].end] == (
        "Adams to Seward, May 4, 1861, NARA, RG 59, M30, Despatches from U.S. Ministers to "
        "Great Britain, Roll 74")
    fields = crf.label(text, segs[0].start, segs[0].end)
    got = {text[f.start:f.end]: f.label for f in fields}
    assert got["Adams"] == "author" and got["Seward"] == "recipient"
    assert got["RG 59"] == "collection" and got["May 4, 1861"] == "date"
    for f in fields:
        assert segs[0].start <= f.start < f.end <= segs[0].end
        assert text[f.start:f.end] == text[f.start:f.end].strip()
        assert f.label != "o" and 0.0 < f.prob <= 1.0
    assert crf.label(text, segs[0].start, segs[0].end) == fields  # deterministic


def test_empty_text_has_no_citations() -> None:
    assert crf.segment("") == [] and crf.label("  ", 0, 2) == []


def test_shipped_models_get_the_sample_boundaries_right() -> None:
    """The sample is trained on; the shipped models must still reproduce its 70 citations."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    stats = corpora.AlignStats()
    wrong = []
    for doc in corpora.gold_notes(gold["notes"], "gold:sample", "sample", stats):
        got = [(s.start, s.end) for s in crf.segment(doc.text)]
        if got != doc.citations:
            wrong.append((doc.id, [doc.text[s:e] for s, e in got],
                          [doc.text[s:e] for s, e in doc.citations or []]))
    assert wrong == []
