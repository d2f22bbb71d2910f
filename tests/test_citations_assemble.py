"""From labelled runs to TEI parts: the rules that hold for every style (assemble.py).

These tests give ``build`` the labels by hand, so they check the rules alone, not the models.
"""
from __future__ import annotations

import re

import pytest

from teiedition.citations.assemble import Labelled, build, cert_band, split_names
from teiedition.citations.crf import Field


def _fields(text: str, *parts: tuple[str, str]) -> list[Field]:
    """Fields for the given (substring, label) pairs, found left to right."""
    out, pos = [], 0
    for sub, label in parts:
        i = text.index(sub, pos)
        out.append(Field(i, i + len(sub), label, 0.99))
        pos = i + len(sub)
    return out


def _read(text: str, *parts: tuple[str, str], abbrs=None):
    return build(text, Labelled(0, len(text), _fields(text, *parts), 0.95), abbrs or {})


def _tags(text: str, p) -> list[tuple[str, str, dict]]:
    return [(s.tag, text[s.start:s.end], s.attrs) for s in p.spans]


@pytest.mark.parametrize(("names", "expected"), [
    ("LaFeber, Gardner, Trask, Slany, and Baehler", ["LaFeber", "Gardner", "Trask", "Slany", "Baehler"]),
    ("Bergk, V., Haefeli, W. E. & Gasse, C.", ["Bergk, V.", "Haefeli, W. E.", "Gasse, C."]),
    ("X.J. Eudin and R. M. Slusser", ["X.J. Eudin", "R. M. Slusser"]),
    ("the Senate and House", ["Senate", "House"]),
    ("Maksimychev, I. F.", ["Maksimychev, I. F."]),
])
def test_names_in_a_run(names, expected):
    assert [names[a:b] for a, b in split_names(names, 0, len(names))] == expected


def test_letter_with_archive_is_typed_and_keeps_its_parts():
    text = ("Allen to Baylor, March 3, 1978, Department of State, HAC Lot File 96D292, Box 5")
    p = _read(text, ("Allen", "author"), ("Baylor", "recipient"), ("March 3, 1978", "date"),
              ("Department of State", "repository"), ("HAC Lot File 96D292", "collection"),
              ("5", "box"))
    assert p.kind == "letter"
    tags = _tags(text, p)
    assert ("name", "Baylor", {"type": "recipient"}) in tags
    assert ("orgName", "Department of State", {"type": "repository"}) in tags
    assert ("biblScope", "Box 5", {"unit": "box", "n": "5"}) in tags  # the label joins its value
    assert ("date", "March 3, 1978", {"when": "1978-03-03"}) in tags
    assert not any(t == "title" for t, _, _ in tags)


def test_page_ranges_are_one_cited_range_each():
    text = "Degras, Soviet Documents, pp. 40–3, 59–60"
    p = _read(text, ("Degras", "author"), ("Soviet Documents", "title"), ("40–3, 59–60", "pages"))
    ranges = [(t, a) for t, _, a in _tags(text, p) if t == "citedRange"]
    assert ranges == [("citedRange", {"unit": "page", "from": "40", "to": "43"}),
                      ("citedRange", {"unit": "page", "from": "59", "to": "60"})]
    assert p.is_short_form and p.kind == "book"


def test_article_title_level_from_its_journal_and_quotes():
    text = "S. Dullin, ‘Les diplomates soviétiques’, Relations Internationales, no. 75 (autumn 1993)"
    p = _read(text, ("S. Dullin", "author"), ("Les diplomates soviétiques", "title"),
              ("Relations Internationales", "journal"), ("75", "issue"), ("autumn 1993", "date"))
    tags = _tags(text, p)
    assert ("title", "Les diplomates soviétiques", {"level": "a"}) in tags
    assert ("title", "Relations Internationales", {"level": "j"}) in tags
    assert ("biblScope", "no. 75", {"unit": "issue", "n": "75"}) in tags
    assert p.kind == "article"


def test_hereafter_defines_an_abbreviation_and_a_later_use_points_to_it():
    text = "Documents on German Foreign Policy (hereafter DGFP), series C, vol. 1"
    p = _read(text, ("Documents on German Foreign Policy", "title"), ("C", "series"), ("1", "volume"))
    assert p.defines_abbr == "DGFP"
    assert ("abbr", "DGFP", {}) in _tags(text, p)
    later = "DGFP, vol. 2, doc. 127"
    q = _read(later, ("DGFP", "title"), ("2", "volume"), ("127", "docs"), abbrs={"DGFP": p})
    assert q.abbr_used == "DGFP"
    assert _tags(later, q)[0] == ("ref", "DGFP", {"type": "abbr"})


@pytest.mark.parametrize("form", ["(henceforth Message, 1861)", "[Hereafter cited as Message, 1861.]"])
def test_other_ways_of_defining_an_abbreviation(form):
    text = f"Message of the President (Washington, 1861) {form}, p. 4"
    p = _read(text, ("Message of the President", "title"), ("Washington", "pubPlace"),
              ("1861", "date"), ("4", "pages"))
    assert p.defines_abbr == "Message, 1861"


def test_ibid_and_a_continuation():
    text = "Ibid., pp. 60–2"
    p = _read(text, ("Ibid.", "ibid"), ("60–2", "pages"))
    assert p.ibid and _tags(text, p)[0] == ("ref", "Ibid.", {"type": "ibid"})
    cont = "vol. 2, doc. 127"
    q = _read(cont, ("2", "volume"), ("127", "docs"))
    assert q.continuation


def test_prose_with_no_part_is_no_citation():
    assert _read("as discussed above", ) is None


def test_government_document_by_its_congress_and_document_number():
    text = "Message of the President, SED 7, 41st Cong., 2nd Sess."
    p = _read(text, ("Message of the President", "title"), ("SED 7", "item"),
              ("41st Cong., 2nd Sess.", "series"))
    assert p.kind == "government_document"


def test_url_is_a_link_holding_the_printed_address():
    text = "HathiTrust website, http://babel.hathitrust.org/cgi/pt?id=hvd.32044106508997."
    p = _read(text, ("HathiTrust", "publisher"), ("http://babel.hathitrust.org/cgi/pt?id=hvd.32044106508997", "url"))
    url = [a for t, v, a in _tags(text, p) if t == "ref"]
    assert url == [{"type": "url", "target": "http://babel.hathitrust.org/cgi/pt?id=hvd.32044106508997"}]


@pytest.mark.parametrize(("prob", "band"), [(0.97, "high"), (0.75, "medium"), (0.3, "low")])
def test_certainty_bands(prob, band):
    assert cert_band(prob) == band


def test_no_part_crosses_the_citation():
    text = "J. Haslam, The Soviet Union (London, 1984), p. 7"
    p = _read(text, ("J. Haslam", "author"), ("The Soviet Union", "title"), ("London", "pubPlace"),
              ("1984", "date"), ("7", "pages"))
    for s in p.spans:
        assert p.start <= s.start <= s.end <= p.end
        assert not re.match(r"\s", text[s.start:s.end] or "x")


def test_italics_of_the_source_make_a_title_a_book_s():
    text = "J. Smith, Bridges of Wales, in Welsh Studies (London, 1990), p. 5"
    fields = _fields(text, ("J. Smith", "author"), ("Bridges of Wales", "title"),
                     ("Welsh Studies", "container"), ("London", "pubPlace"), ("1990", "date"),
                     ("5", "pages"))
    plain = build(text, Labelled(0, len(text), list(fields), 0.95), {})
    assert ("title", "Bridges of Wales", {"level": "a"}) in _tags(text, plain)
    a = text.index("Bridges")
    typeset = build(text, Labelled(0, len(text), list(fields), 0.95), {},
                    italic=[(a, a + len("Bridges of Wales"))])
    assert ("title", "Bridges of Wales", {"level": "m"}) in _tags(text, typeset)
