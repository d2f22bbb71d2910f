"""Issue 11, point 6: conversion takes time in proportion to the notes, not their square.

Timings would make a flaky test; the work is counted instead. Title keys were computed for
every pair of citation and work (n² calls); now once per citation, so four times the notes
make about four times the calls. Writing a note of n parts no longer counts its children at
every part (lxml's ``len`` walks them); that cannot be counted from Python, so the test here
checks that such a note is written whole, and ``bench/scaling.py`` and ``bench/hostile.py``
measure the times.
"""
from __future__ import annotations

from teiedition.api import convert_text
from teiedition.citations import normalise

from .corpusgen import chapter_text


def distinct_works(notes: int) -> str:
    """A plain-text chapter whose odd notes each cite a work of their own and whose even
    notes give the short title of the work before: the works grow with the notes (the
    generated corpus of ``corpusgen`` repeats the sample's works, whose number stays fixed)."""
    # Titles made of words (729 distinct ones), as printed titles are: the citation models
    # read "Diplomacy C00002" as no title at all.
    first = ["Diplomacy", "Empire", "Treaty", "Alliance", "Frontier", "Revolution", "Commerce",
             "Neutrality", "Power"]
    second = ["Trade", "War", "Peace", "Law", "Faith", "Money", "Land", "Labour", "Science"]
    names = ["Moreau", "Fischer", "Rossi", "Novak", "Jensen", "Kowalski", "Silva", "Brennan", "Horvat"]
    third = ["Early", "Late", "Victorian", "Imperial", "Modern", "Liberal", "Atlantic", "Baltic",
             "Industrial"]
    lines = ["A Chapter of Many Works", "", "Ann Author", "", "Body text.[1]", "", "Notes", ""]
    for i in range(1, notes + 1):
        k = i if i % 2 else i - 1
        title = f"{first[k % 9]} and {second[k // 9 % 9]} in the {third[k // 81 % 9]} Age"
        if i % 2:
            lines.append(f"[{i}] Jan {names[k % 9]}, The {title} of Europe (London: Press, 1990), p. {i}.")
        else:
            lines.append(f"[{i}] {names[k % 9]}, {title}, p. 5.")
    return "\n".join(lines) + "\n"


def _title_key_calls(text: str, monkeypatch) -> tuple[int, int]:
    """Calls of ``title_key`` while converting ``text``, and the short titles linked."""
    calls = 0
    real = normalise.title_key

    def counting(title: str) -> list[str]:
        nonlocal calls
        calls += 1
        return real(title)

    monkeypatch.setattr(normalise, "title_key", counting)
    tree, _ = convert_text(text, "scaling.txt")
    monkeypatch.setattr(normalise, "title_key", real)
    linked = tree.getroot().findall(".//{http://www.tei-c.org/ns/1.0}ref[@type='short'][@target]")
    return calls, len(linked)


def test_title_keys_grow_linearly_with_the_works(monkeypatch):
    small, small_linked = _title_key_calls(distinct_works(150), monkeypatch)
    large, large_linked = _title_key_calls(distinct_works(600), monkeypatch)
    # The short titles found their works (so the matching whose cost is counted ran); today
    # every one does, and a parser that reads a few of these made-up titles otherwise is not
    # what this test is about.
    assert small_linked >= 0.9 * 75 and large_linked >= 0.9 * 300, (small_linked, large_linked)
    # Four times the notes and works: about four times the calls (n² would be sixteen; the
    # code before the fix made 33,675 and 539,700).
    assert 0 < large <= 4.5 * small, (small, large)


def test_title_keys_grow_linearly_with_the_notes(monkeypatch):
    small, _ = _title_key_calls(chapter_text(3, notes_per_chapter=150), monkeypatch)
    large, _ = _title_key_calls(chapter_text(3, notes_per_chapter=600), monkeypatch)
    assert 0 < large <= 4.5 * small, (small, large)


def test_a_note_of_many_parts_is_written_without_counting_children():
    text = "\n".join(["A Chapter", "", "Ann Author", "", "Body text.[1]", "", "Notes", "",
                      "[1] Smith, A History (London, 1990), p. 3. " + "; ".join(["Ibid., p. 4"] * 3000) + "."])
    tree, _ = convert_text(text, "ibid.txt")
    bibls = tree.getroot().findall(".//{http://www.tei-c.org/ns/1.0}note/{http://www.tei-c.org/ns/1.0}bibl")
    # What the models find in a 3,000-part note is the citation bench's business; here it is
    # that all of them are written (the TEI writer once counted children per child).
    assert len(bibls) >= 2990
    note = tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}note[@n='1']")
    assert "".join(note.itertext()).count("Ibid., p. 4") == 3000
