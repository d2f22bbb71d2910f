"""The chapter-page reader on the sample and on small pages written here."""
from __future__ import annotations

import json

import pytest

from teiedition.errors import InputError
from teiedition.readers import chapter_page, read

from .conftest import GOLD, SEED

PAGE = """A Title: With a Subtitle

  \u2022 Ann\u00a0Author
  \u2022 Bo Builder


The abstract, first paragraph.

The abstract, second paragraph.

Unable to display preview.\u00a0Download preview PDF.

Notes

  1. 1.
    First note, p. 1.Google Scholar
  2. 2.
    Second note begins here (London, 1990)Google Scholar
  3. and goes on after the page split it.Google Scholar
  4. 3.
    Third note.

Copyright information

\u00a9\u00a0Press and Co\u00a02001

Authors and Affiliations

  \u2022 Ann Author
  1. University of Somewhere

Personalised recommendations
"""


@pytest.fixture(scope="module")
def sample():
    return chapter_page.read(SEED.read_text(encoding="utf-8"), SEED.name)


def test_sample_is_detected_as_a_chapter_page(sample):
    assert chapter_page.detect(SEED.read_text(encoding="utf-8"))
    assert read(SEED.read_text(encoding="utf-8"), "x").source_format == "chapter-page"


def test_sample_metadata(sample):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert sample.title == gold["title"]
    assert sample.authors == [gold["author"]]
    assert len(sample.abstract) == gold["abstract_paragraphs"]
    assert sample.copyright_holder == gold["metadata"]["copyright_holder"]
    assert sample.year == gold["metadata"]["year"]
    assert sample.affiliations == []


def test_sample_true_note_numbers_and_texts_match_gold(sample):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert [n.n for n in sample.notes] == list(range(1, 38))
    for note, expected in zip(sample.notes, gold["notes"], strict=True):
        assert " ".join(note.text.split()) == " ".join(expected["text"].split()), note.n


def test_items_without_a_number_continue_the_previous_note(sample):
    assert "Plettenberg" in sample.notes[16].text and "Dullin" in sample.notes[16].text
    n36 = sample.notes[35].text
    for part in ("Roberts", "Haslam", "Hobsbawn", "Carr", "Report of the Seventh World Congress"):
        assert part in n36
    assert sample.notes[17].text.startswith("Degras, Soviet Documents")


def test_furniture_is_dropped_and_listed(sample):
    texts = " ".join(n.text for n in sample.notes) + " ".join(p.text for p in sample.abstract)
    assert "Google Scholar" not in texts
    assert "Unable to display preview" not in texts
    reasons = {d.reason for d in sample.dropped}
    assert {"link label of the page", "page furniture", "list label of the page"} <= reasons
    assert sum(d.text == "Google Scholar" for d in sample.dropped) == 40
    assert any(d.text == "Personalised recommendations" for d in sample.dropped)


def test_small_page_with_two_authors_split_note_and_affiliation():
    ch = chapter_page.read(PAGE, "page.txt")
    assert ch.title == "A Title: With a Subtitle"
    assert ch.authors == ["Ann Author", "Bo Builder"]
    assert [p.text for p in ch.abstract] == ["The abstract, first paragraph.",
                                             "The abstract, second paragraph."]
    assert [n.n for n in ch.notes] == [1, 2, 3]
    assert ch.notes[1].text == ("Second note begins here (London, 1990) and goes on after the "
                                "page split it.")
    assert ch.notes[0].line == 16
    assert ch.copyright_holder == "Press and Co" and ch.year == "2001"
    assert ch.affiliations == ["1. University of Somewhere"]


@pytest.mark.parametrize("title,text,message", [
    ("no notes heading", "Title\n\nJust a paragraph.\n", "no notes found"),
    ("skipped note number", "T\n\nNotes\n\n  1. 1.\n    a\n  2. 3.\n    b\n", "note 3 found where note 2"),
    ("empty note", "T\n\nNotes\n\n  1. 1.\n  2. 2.\n    b\n", "note 1 is empty"),
])
def test_bad_pages_raise_input_errors_with_lines(title, text, message):
    with pytest.raises(InputError) as err:
        chapter_page.read(text, "bad.txt")
    assert message in str(err.value)
    assert str(err.value).startswith("bad.txt")
