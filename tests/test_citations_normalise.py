"""One table per normaliser: messy strings as printed -> the normalised value."""
from __future__ import annotations

import pytest

from teiedition.citations import normalise as nz


@pytest.mark.parametrize("text, expected", [
    ("p. 56", [(56, 56)]),
    ("pp. 40–3, 59–60", [(40, 43), (59, 60)]),
    ("pp. 876–7", [(876, 877)]),
    ("pp. 111–12", [(111, 112)]),
    ("pp. 1565–68", [(1565, 1568)]),
    ("pp. 294–295", [(294, 295)]),
    ("pp. 99-101", [(99, 101)]),
    ("pp. 198-217", [(198, 217)]),
    ("427, 426", [(427, 427), (426, 426)]),
    ("44 and 46", [(44, 44), (46, 46)]),
    ("pp. xii–xiv", []),               # roman page numbers carry no numeric range
    ("passim", []),
])
def test_page_ranges(text, expected):
    assert nz.page_ranges(text) == expected


@pytest.mark.parametrize("first, last, expected", [
    ("876", "7", "877"), ("1933", "9", "1939"), ("1928", "34", "1934"), ("41", "2", "42"),
    ("199", "201", "201"), ("98", "2", "102"),  # crossing a hundred carries one
])
def test_expand_range(first, last, expected):
    assert nz.expand_range(first, last) == expected


@pytest.mark.parametrize("text, expected", [
    ("1981", "1981"), ("1953.", "1953"), (" 2006 ", "2006"),
    ("autumn 1993", None), ("June, July, August and October 1963", None), ("n.d.", None),
    ("1933–1939", None),
])
def test_year(text, expected):
    assert nz.year(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1981", "1981"), ("February 11, 1864", "1864-02-11"), ("11 February 1864", "1864-02-11"),
    ("Dec. 4, 1861", "1861-12-04"), ("June 1934", None), ("autumn 1993", None),
    ("Smarch 3, 1900", None), ("February 31x, 1864", None),
])
def test_iso_date(text, expected):
    assert nz.iso_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("vol. 3", "3"), ("Vol. IV", "IV"), ("series C", "C"), ("no. 75", "75"), ("nos. 3", "3"),
    ("docs 6, 10 and 29", "6, 10 and 29"), ("ch. 3", "3"), ("n. 321", "321"), ("Part I", "I"),
])
def test_number(text, expected):
    assert nz.number(text) == expected


@pytest.mark.parametrize("name, surname, forenames", [
    ("I. F. Maksimychev", "Maksimychev", "I. F."),
    ("Maksimychev, I. F.", "Maksimychev", "I. F."),
    ("R. Craig Nation", "Nation", "R. Craig"),
    ("X.J. Eudin", "Eudin", "X.J."),
    ("X.J.Eudin", "Eudin", "X.J."),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
    ("José Amador de los Ríos", "de los Ríos", "José Amador"),
    ("Carr", "Carr", ""),
])
def test_split_name(name, surname, forenames):
    assert nz.split_name(name) == (surname, forenames)


@pytest.mark.parametrize("name, expected", [
    ("I. F. Maksimychev", "Maksimychev, I. F."), ("Carr", "Carr"), ("Glixon, Beth L.", "Glixon, Beth L."),
])
def test_inverted(name, expected):
    assert nz.inverted(name) == expected


@pytest.mark.parametrize("title, expected", [
    ("The Soviet Union, 1933–9", ["soviet", "union", "1933", "1939"]),
    ("Soviet Foreign Policy 1928–34", ["soviet", "foreign", "policy", "1928", "1934"]),
    ("Stalin’s Pact with Hitler", ["stalin’s", "pact", "hitler"]),
    ("Les diplomates soviétiques", ["diplomates", "sovietiques"]),
])
def test_title_key(title, expected):
    assert nz.title_key(title) == expected


@pytest.mark.parametrize("text, expected", [
    ("Maksimychev 1981", "maksimychev-1981"), ("DGFP", "dgfp"), ("Ríos 1861", "rios-1861"),
    ("1984 Revisited", "w-1984-revisited"), ("", "work"), ("!!!", "work"),
])
def test_slug(text, expected):
    assert nz.slug(text) == expected
