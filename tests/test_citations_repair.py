"""Lost spaces next to stripped italics: where they are found, and offsets mapped back."""
from __future__ import annotations

import pytest

from teiedition.citations import repair


@pytest.mark.parametrize("text, expected", [
    ("v 1933–1939(Moscow, 1981)", "v 1933–1939 (Moscow, 1981)"),
    ("Foreign Policy(hereafter DGFP)", "Foreign Policy (hereafter DGFP)"),
    ("Degras, Soviet Documents,pp. 83–5", "Degras, Soviet Documents, pp. 83–5"),
    ("DVPS,vol.18, doc. 148", "DVPS, vol. 18, doc. 148"),
    ("Souza, 1933–1935,p. 277", "Souza, 1933–1935, p. 277"),
    ("History of Soviet Russia.The main speeches", "History of Soviet Russia. The main speeches"),
    # Left alone: initials, numbers with commas, plural markers, a space already there.
    ("X.J. Eudin and R. M. Slusser", "X.J. Eudin and R. M. Slusser"),
    ("a print run of 1,000 copies", "a print run of 1,000 copies"),
    ("the author(s) of the work", "the author(s) of the work"),
    ("Policy (hereafter DGFP)", "Policy (hereafter DGFP)"),
    ("U.S. Legation", "U.S. Legation"),
])
def test_mechanical(text, expected):
    assert repair.mechanical(text).text == expected


def test_view_offsets_map_back_to_the_source():
    src = "DVPS,vol.18, doc. 148"
    view = repair.mechanical(src)
    assert view.inserted == [5, 9]
    vt = view.text
    for i, ch in enumerate(vt):
        j = view.to_source(i)
        if not view.is_repair_at(i):
            assert src[j] == ch
    assert view.to_source(len(vt)) == len(src)


TITLES = [["the", "unholy", "alliance", "stalin", "s", "pact", "with", "hitler"]]


@pytest.mark.parametrize("text, free, expected", [
    # The tail is a word the chapter uses on its own.
    ("Roberts, Unholy Allianceand Haslam", {"and": 5}, ["Roberts, Unholy Alliance|and Haslam"]),
    # The tail is unknown, but "Unholy Alliance" is a run of one full title.
    ("Appendix 1 of Roberts, Unholy Alliancecontains a translation", {}, ["Alliance|contains"]),
    # A word of the title inside a longer word that is no italic junction.
    ("Sovetsko-Germanskikh Otnoshenii", {"and": 3}, []),
    # The whole token is used elsewhere as a word: never split.
    ("the Alliancecontains again", {"alliancecontains": 2, "contains": 1}, []),
])
def test_glued_words(text, free, expected):
    offs = repair.glued_words(text, TITLES, free)
    shown = [text[max(0, o - len(e.split("|")[0])):o] + "|" + text[o:o + len(e.split("|")[1])]
             for o, e in zip(offs, expected, strict=False)]
    assert shown == expected and len(offs) == len(expected)
