"""Plain-text reader: the real FRUS chapter, the three numbering styles, note calls and the
numbers that are not calls, the title block, and the bad inputs."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from teiedition.errors import InputError
from teiedition.model import Chapter
from teiedition.readers import plain_text, read

from .conftest import FRUS

DATA = Path(__file__).parent / "data" / "plain"


def calls(chapter: Chapter) -> list[tuple[int, str]]:
    """(note number, marker as printed) for every call, in document order."""
    return [(c.n, p.text[c.start:c.end]) for p in chapter.abstract + chapter.body for c in p.calls]


def notes_text(chapter: Chapter) -> list[tuple[int, str]]:
    return [(n.n, n.text) for n in chapter.notes]


@pytest.fixture(scope="module")
def frus() -> Chapter:
    if not FRUS.is_file():
        pytest.fail(f"real chapter not found at {FRUS}; set TEIEDITION_TEST_SHARED")
    return read(FRUS.read_text(encoding="utf-8"), FRUS.name, "plain-text")


# --- the real chapter -------------------------------------------------------------------

def test_frus_notes_match_the_published_notes(frus: Chapter) -> None:
    gold = json.loads(FRUS.with_suffix(".notes.json").read_text(encoding="utf-8"))["notes"]
    assert len(gold) == 118
    assert [n.n for n in frus.notes] == list(range(1, 119))
    for note, expected in zip(frus.notes, gold, strict=True):
        assert " ".join(note.text.split()) == " ".join(expected["text"].split()), note.n


def test_frus_has_exactly_one_call_per_note_in_order(frus: Chapter) -> None:
    found = calls(frus)
    assert [n for n, _ in found] == list(range(1, 119))
    # Every marker is the note's number as printed, glued to the text before it.
    assert all(marker == str(n) for n, marker in found)
    assert not frus.warnings


@pytest.mark.parametrize("n,before", [
    (1, "was compiled."),
    (2, "the Secretary."),
    (4, "state of the Union.”"),
    (15, "in July 1861."),        # a call right after a year
    (42, "recruiting office.’ ”"),
    (97, "margin of 118–17."),    # a call right after a number range
    (116, "civilization”"),       # after a closing quote with no full stop
])
def test_frus_calls_sit_where_printed(frus: Chapter, n: int, before: str) -> None:
    para, call = next((p, c) for p in frus.body for c in p.calls if c.n == n)
    assert para.text[: call.start].endswith(before)


def test_frus_title_block_and_headings(frus: Chapter) -> None:
    assert frus.title == "The Civil War Origins of the FRUS Series, 1861–1868"
    assert frus.authors == ["Aaron W. Marrs"]
    assert frus.abstract == []
    assert frus.notes_head == "Notes"
    assert frus.source_format == "plain-text"
    assert frus.source_sha256 == hashlib.sha256(FRUS.read_bytes()).hexdigest()
    heads = [p.text for p in frus.body if p.kind == "head"]
    assert heads == ["Origins of the Inaugural Volume", "Selling the War at Home",
                     "The Issue of Slavery", "Excisions, Excisions",
                     "Reaction to the First FRUS Volume", "The Continuing Value of Openness",
                     "A Sad Duty", "The Purposes, Impact, Value, and Values of Early FRUS"]
    assert len([p for p in frus.body if p.kind == "p"]) == 50
    assert frus.body[0].line == 9 and frus.body[0].text.startswith("Despite its evolutionary")


def test_frus_dropped_and_blocks(frus: Chapter) -> None:
    reasons = {(d.line, d.reason) for d in frus.dropped}
    assert frus.book_title.startswith("Toward “Thorough, Accurate, and Reliable”")
    assert frus.chapter_label == "Chapter 2"
    assert (3, "title repeated after the chapter label") in reasons
    labels = [d for d in frus.dropped if d.reason == "note number, kept as note/@n"]
    assert [d.text for d in labels] == [f"{n}." for n in range(1, 119)]
    assert [d.line for d in labels] == list(range(127, 245))
    texts = {(b.line, b.text) for b in frus.blocks}
    assert (5, frus.title) in texts and (7, "Aaron W. Marrs") in texts and (125, "Notes") in texts
    assert all((n.line, n.text) in texts for n in frus.notes)
    assert all((p.line, p.text) in texts for p in frus.body)


def test_frus_survives_into_the_tei(frus: Chapter) -> None:
    from teiedition.fidelity import missing_text
    from teiedition.tei import TEI_NS, to_tei

    root = to_tei(frus).getroot()
    assert missing_text(frus.blocks, root) == []
    anchors = root.findall(f".//{{{TEI_NS}}}ref[@type='noteAnchor']")
    assert [a.get("n") for a in anchors] == [str(n) for n in range(1, 119)]


# --- small cases: numbering styles, call forms, numbers that are not calls ---------------

CALL_CASES = [
    ("square-bracket calls and notes",
     "Title\n\nA claim.[1] Another claim[2] and the end.\n\nNotes\n\n[1] First.\n[2] Second.\n",
     [(1, "[1]"), (2, "[2]")], [(1, "First."), (2, "Second.")]),
    ("caret calls, paren notes",
     "Title\n\nA claim^1 and another.^2\n\nNotes:\n\n1) First.\n2) Second.\n",
     [(1, "^1"), (2, "^2")], [(1, "First."), (2, "Second.")]),
    ("superscript calls",
     "Title\n\nA claim¹ and another.²\n\nEndnotes\n1. First.\n2. Second.\n",
     [(1, "¹"), (2, "²")], [(1, "First."), (2, "Second.")]),
    ("digits glued to punctuation and words",
     ("Title\n\nIt was compiled.1 Nevertheless the Secretary.2 wrote a “message.”3 to "
     "Congress4 in time.\n\nNotes\n\n1. a\n2. b\n3. c\n4. d\n"),
     [(1, "1"), (2, "2"), (3, "3"), (4, "4")], [(1, "a"), (2, "b"), (3, "c"), (4, "d")]),
    ("numbers that are not calls",
     ("Title\n\nIn 1861 the Department had 42 domestic employees, 35 per cent of them new; see "
     "vol. 2 of the series.1 Article II, Section 3 requires it, and on February 11, 1864, "
     "Adams agreed.2 By 1865 the series had 3 volumes.3\n\n"
     "Notes and References\n\n1. a\n2. b\n3. c\n"),
     [(1, "1"), (2, "2"), (3, "3")], [(1, "a"), (2, "b"), (3, "c")]),
    ("a call after a year",
     "Title\n\nFirst.1 The resolution passed in July 1861.2\n\nNotes\n\n1. a\n2. b\n",
     [(1, "1"), (2, "2")], [(1, "a"), (2, "b")]),
    ("a decimal reading the expected number loses to a call after a word",
     "Title\n\nOutput fell.1 Growth reached 3.2 per cent, as reported.2\n\nNotes\n\n1. a\n2. b\n",
     [(1, "1"), (2, "2")], [(1, "a"), (2, "b")]),
    ("glued digits above the number of notes are not calls",
     "Title\n\nThe M40 series and frus1961 files.1 The B-2 and 2nd items.2\n\nNotes\n\n1. a\n2. b\n",
     [(1, "1"), (2, "2")], [(1, "a"), (2, "b")]),
    ("references written without a space are passed over for the call",
     "Title\n\nFirst.1 See vol.2 and p.3 of the series.2 Then.3\n\nNotes\n\n1. a\n2. b\n3. c\n",
     [(1, "1"), (2, "2"), (3, "3")], [(1, "a"), (2, "b"), (3, "c")]),
    ("an explicit marker wins over a glued digit reading the same number",
     "Title\n\nOne.[1] The F2 engine was loud.[2] End.[3]\n\nNotes\n\n[1] a\n[2] b\n[3] c\n",
     [(1, "[1]"), (2, "[2]"), (3, "[3]")], [(1, "a"), (2, "b"), (3, "c")]),
    ("a comma-separated pair of calls",
     "Title\n\nBoth say so.1,2 Then.3\n\nNotes\n\n1. a\n2. b\n3. c\n",
     [(1, "1"), (2, "2"), (3, "3")], [(1, "a"), (2, "b"), (3, "c")]),
    ("a year at the start of a note line is not a new note",
     ("Title\n\nA claim.1 Another.2\n\nNotes\n\n1. Congressional Globe, April 29, 1864, p.\n"
     "1967. The reprint differs.\n2. Second.\n"),
     [(1, "1"), (2, "2")],
     [(1, "Congressional Globe, April 29, 1864, p. 1967. The reprint differs."), (2, "Second.")]),
    ("notes continuing over lines, a note number alone on its line",
     ("Title\n\nA claim.[1] More.[2]\n\nReferences and notes\n\n[1]\nFirst, on its\nown line.\n"
     "\n[2] Second, with\n\na second paragraph.\n"),
     [(1, "[1]"), (2, "[2]")], [(1, "First, on its own line."), (2, "Second, with a second paragraph.")]),
]


@pytest.mark.parametrize("title,text,expected_calls,expected_notes", CALL_CASES,
                         ids=[c[0] for c in CALL_CASES])
def test_calls_and_notes(title: str, text: str, expected_calls: list[tuple[int, str]],
                         expected_notes: list[tuple[int, str]]) -> None:
    chapter = plain_text.read(text, "case.txt")
    assert notes_text(chapter) == expected_notes
    assert calls(chapter) == expected_calls
    # The paragraph text is the source text: calls are ranges in it, nothing is removed.
    body = text.split("\n\n")[1]
    assert chapter.body[0].text == " ".join(body.split())


def test_short_unpunctuated_paragraph_inside_notes_stays_in_the_note() -> None:
    text = ("Title\n\nA.1 B.2\n\nNotes\n\n1. First paragraph.\n\nSee Smith 1990\n\n2. b\n"
            "\nAcknowledgements\n\nThanks to all.\n")
    chapter = plain_text.read(text, "case.txt")
    assert notes_text(chapter) == [(1, "First paragraph. See Smith 1990"), (2, "b")]
    assert [(p.line, p.text) for p in chapter.trailer] == [(13, "Acknowledgements"), (15, "Thanks to all.")]


def test_missing_call_is_a_located_warning_and_later_calls_still_link() -> None:
    text = "Title\n\nA claim.1 Then nothing. Then more.3\n\nNotes\n\n1. a\n2. b\n3. c\n"
    chapter = plain_text.read(text, "case.txt")
    assert calls(chapter) == [(1, "1"), (3, "3")]
    assert [(w.line, w.message) for w in chapter.warnings] == [(8, "no call for note 2 found in the text")]


def test_data_file_with_paren_notes_abstract_byline_and_trailer() -> None:
    chapter = plain_text.read((DATA / "paren-multiline.txt").read_text(encoding="utf-8"),
                              "paren-multiline.txt")
    assert chapter.title == "A Small Chapter on Treaties"
    assert chapter.authors == ["Maria de la Cruz", "J. P. Smith"]
    assert [p.text for p in chapter.abstract] == ["This abstract says what the chapter does."]
    assert [(p.kind, p.line) for p in chapter.body] == [("head", 9), ("p", 11), ("head", 16), ("p", 18)]
    assert chapter.body[1].text.startswith("The treaty was signed in 1922 at Rapallo,1 a small town near")
    assert calls(chapter) == [(1, "1"), (2, "2"), (3, "3")]
    assert chapter.notes_head == "Endnotes:"
    assert notes_text(chapter) == [
        (1, "Roberts, Rapallo, p. 3. The text continues on a second line."),
        (2, "Carr, German-Soviet Relations, pp. 40–3. 1967. The reprint changed the pagination."),
        (3, "Ibid., p. 60."),
    ]
    assert [n.line for n in chapter.notes] == [22, 24, 26]
    assert [p.text for p in chapter.trailer] == ["Bibliography", "Roberts, G. The Unholy Alliance. London, 1989."]
    dropped = {(d.line, d.text, d.reason) for d in chapter.dropped}
    assert (3, "and", "separator between author names") in dropped
    assert (5, "Abstract", "abstract label") in dropped
    assert (22, "1)", "note number, kept as note/@n") in dropped


# --- the title block ------------------------------------------------------------------

TITLE_CASES = [
    ("first line is the title, no byline",
     "The Title\n\nIntroduction\n\nText.1\n\nNotes\n1. a\n",
     "The Title", [], [("head", "Introduction"), ("p", "Text.1")]),
    ("byline with a label",
     "The Title\n\nBy Jane Doe\n\nText.1\n\nNotes\n1. a\n",
     "The Title", ["Jane Doe"], [("p", "Text.1")]),
    ("chapter label repeating the title, no byline",
     "Chapter 3: On Treaties\n\nOn Treaties\n\nText.1\n\nNotes\n1. a\n",
     "On Treaties", [], [("p", "Text.1")]),
    ("duplicated title line",
     "On Treaties\n\nOn Treaties\n\nJane Doe, John Roe\n\nText.1\n\nNotes\n1. a\n",
     "On Treaties", ["Jane Doe", "John Roe"], [("p", "Text.1")]),
    ("the byline is the last name-like line of the title block",
     "The Title\n\nTreaty Politics\n\nJane Doe\n\nText.1\n\nNotes\n1. a\n",
     "The Title", ["Jane Doe"], [("head", "Treaty Politics"), ("p", "Text.1")]),
    ("a sentence after the title is not a byline",
     "On Treaties\n\nThis is How It Began.\n\nNotes\n1. a\n",
     "On Treaties", [], [("p", "This is How It Began.")]),
    ("an abstract label on the paragraph's own line",
     "On Treaties\n\nAbstract: What this is about.\n\nText.1\n\nNotes\n1. a\n",
     "On Treaties", [], [("p", "Text.1")]),
]


@pytest.mark.parametrize("title,text,expected_title,authors,body", TITLE_CASES,
                         ids=[c[0] for c in TITLE_CASES])
def test_title_block(title: str, text: str, expected_title: str, authors: list[str],
                     body: list[tuple[str, str]]) -> None:
    chapter = plain_text.read(text, "case.txt")
    assert chapter.title == expected_title
    assert chapter.authors == authors
    assert [(p.kind, p.text) for p in chapter.body] == body


def test_abstract_label_on_paragraph_line() -> None:
    chapter = plain_text.read(TITLE_CASES[-1][1], "case.txt")
    assert [p.text for p in chapter.abstract] == ["What this is about."]
    assert ("Abstract:", "abstract label") in {(d.text, d.reason) for d in chapter.dropped}


# --- detection and bad input ---------------------------------------------------------

@pytest.mark.parametrize("title,text,expected", [
    ("notes heading then note 1", "T\n\nText.\n\nNotes\n\n1. a\n", True),
    ("endnotes with colon, bracket", "T\n\nText.\n\nENDNOTES:\n[1] a\n", True),
    ("no notes heading", "T\n\nText.\n\n1. a\n", False),
    ("heading not followed by note 1", "T\n\nText.\n\nNotes\n\nSome remarks.\n", False),
    # A book's later section continues the numbering of the one before (issue 13).
    ("notes starting at 2", "T\n\nText.\n\nNotes\n2. a\n", True),
    ("'References' alone is a bibliography", "T\n\nText.\n\nReferences\n1. a\n", False),
])
def test_detect(title: str, text: str, expected: bool) -> None:
    assert plain_text.detect(text) is expected


@pytest.mark.parametrize("title,text,message,line", [
    ("empty file", "  \n\n", "the file is empty", None),
    ("no notes", "Title\n\nJust text, 1861.\n", "no notes found: expected a 'Notes'", None),
    ("heading without numbered notes", "Title\n\nText.\n\nNotes\n\nSome remarks.\n",
     "the notes heading is not followed by notes numbered", 5),
    ("a skipped note number", "Title\n\nText.1\n\nNotes\n1. a\n2. b\n4. d\n",
     "note 4 found where note 3 was expected", 8),
    ("a note numbered twice", "Title\n\nText.1\n\nNotes\n1. a\n2. b\n2. c\n",
     "note 2 appears twice", 8),
    ("an empty note", "Title\n\nText.1\n\nNotes\n1. a\n2.\n3. c\n", "note 2 is empty", 7),
    ("nothing before the notes", "Notes\n1. a\n", "no title or text before the notes heading", None),
])
def test_bad_input(title: str, text: str, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        plain_text.read(text, "bad.txt")
    assert info.value.path == "bad.txt"
    assert message in info.value.message
    assert info.value.line == line


def test_registry_picks_this_reader_for_the_real_chapter() -> None:
    from teiedition import readers

    text = FRUS.read_text(encoding="utf-8")
    assert plain_text.detect(text)
    assert readers.read(text, FRUS.name).source_format == "plain-text"
