"""Ibid., short titles, abbreviations and continuations; the bibliography and abbreviations."""
from __future__ import annotations

import re

from teiedition.citations import parse_citations
from teiedition.model import Chapter, Note

NOTES = [
    "J. Smith, A History of Bridges (London, 1990), p. 5.",                     # n1
    "Ibid., pp. 7–9.",                                                          # n2
    "Bridge Company Papers, Box 3. Cited by ibid., p. 12.",                     # n3
    "Smith, History of Bridges, p. 30; Brown, Lost Canals, p. 2.",              # n4
    "Documents on Canal Policy (hereafter DCP), vol. 1, doc. 4 and vol. 2, doc. 9.",  # n5
    "DCP, vol. 3, doc. 1.",                                                     # n6
    "A. Brown, ‘Canals’, Journal of Water, no. 2 (1985), 44.",                  # n7
]


def chapter(notes=NOTES) -> Chapter:
    return Chapter(title="T", authors=["A"], abstract=[], body=[],
                   notes=[Note(n=i + 1, text=t, line=10 + i) for i, t in enumerate(notes)],
                   source_name="t.txt", source_format="plain", source_sha256="0" * 64)


def cit(ch: Chapter, xml_id: str):
    return next(c for n in ch.notes for c in n.citations if c.xml_id == xml_id)


def test_ids_and_reading_order():
    ch = parse_citations(chapter())
    assert [[c.xml_id for c in n.citations] for n in ch.notes] == [
        ["n1-1"], ["n2-1"], ["n3-1", "n3-2"], ["n4-1", "n4-2"], ["n5-1", "n5-2"], ["n6-1"], ["n7-1"]]


def test_ibid_points_to_the_last_published_citation():
    ch = parse_citations(chapter())
    assert (cit(ch, "n2-1").link.via, cit(ch, "n2-1").link.target) == ("ibid", "n1-1")
    # "Cited by ibid." skips the archive mention just before it.
    assert cit(ch, "n3-1").kind == "archive"
    assert cit(ch, "n3-2").link.target == "n2-1"
    assert cit(ch, "n3-2").corresp == cit(ch, "n1-1").corresp


def test_short_title_points_to_the_full_citation_and_ref_wraps_the_title():
    ch = parse_citations(chapter())
    c = cit(ch, "n4-1")
    assert (c.link.via, c.link.target) == ("short", "n1-1")
    ref = next(s for s in c.spans if s.tag == "ref")
    title = next(s for s in c.spans if s.tag == "title")
    assert ref.attrs == {"type": "short", "target": "#n1-1"}
    assert (ref.start, ref.end) == (title.start, title.end)
    assert title.attrs.get("type") == "short"


def test_short_title_found_later_in_the_chapter():
    ch = parse_citations(chapter())
    c = cit(ch, "n4-2")       # "Brown, Lost Canals" has no full citation: A. Brown's is another work
    assert c.link.via == "short" and c.link.target is None and c.corresp is None
    assert any("Brown, Lost Canals" in w.message and w.line == 13 for w in ch.warnings)


def test_abbreviation_and_continuation():
    ch = parse_citations(chapter())
    assert cit(ch, "n5-1").defines_abbr == "DCP"
    assert (cit(ch, "n5-2").link.via, cit(ch, "n5-2").link.target) == ("abbr", "n5-1")
    assert (cit(ch, "n6-1").link.via, cit(ch, "n6-1").link.target) == ("abbr", "n5-1")
    # An empty pointer first: "<ref/>vol. 2, doc. 9".
    c = cit(ch, "n5-2")
    assert (c.spans[0].tag, c.spans[0].start, c.spans[0].end) == ("ref", c.start, c.start)
    assert [(a.abbr, a.expansion, a.target) for a in ch.abbreviations] == [
        ("DCP", "Documents on Canal Policy", "n5-1")]
    assert ch.abbreviations[0].entry == cit(ch, "n5-1").corresp == "dcp"


def test_spans_lie_inside_their_citation():
    ch = parse_citations(chapter())
    for n in ch.notes:
        for c in n.citations:
            assert 0 <= c.start < c.end <= len(n.text)
            for s in c.spans:
                assert c.start <= s.start <= s.end <= c.end


def test_bibliography_one_entry_per_work_sorted_with_citing_notes():
    ch = parse_citations(chapter())
    ids = [e.xml_id for e in ch.bibliography]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in ids)
    assert [e.sort_key for e in ch.bibliography] == sorted(e.sort_key for e in ch.bibliography)
    smith = next(e for e in ch.bibliography if e.xml_id == "smith-1990")
    assert smith.cited_in == ["n1-1", "n2-1", "n3-2", "n4-1"]
    text = "".join(p[2] for p in smith.parts)
    assert text == "Smith, J. A History of Bridges. London, 1990."
    assert ("date", {"when": "1990"}, "1990") in smith.parts
    brown = next(e for e in ch.bibliography if e.xml_id == "brown-1985")
    assert "".join(p[2] for p in brown.parts) == "Brown, A. ‘Canals’, Journal of Water, no. 2 (1985)."


def test_repairs_recorded_not_applied():
    ch = parse_citations(chapter(["J. Smith, A History of Bridges(London, 1990),p. 5."]))
    n = ch.notes[0]
    assert n.text == "J. Smith, A History of Bridges(London, 1990),p. 5."
    assert [r.offset for r in n.repairs] == [30, 45]  # before "(" and after ","
    assert all(r.inserted == " " for r in n.repairs)
    assert n.text[n.citations[0].start:n.citations[0].end] == "J. Smith, A History of Bridges(London, 1990),p. 5"


def test_same_input_same_output():
    a, b = parse_citations(chapter()), parse_citations(chapter())
    assert [n.citations for n in a.notes] == [n.citations for n in b.notes]
    assert a.bibliography == b.bibliography


def test_op_cit_points_to_the_author_s_last_work_and_et_al_ends_a_name_list():
    ch = parse_citations(chapter([
        "J. Smith, A History of Bridges (London, 1990), p. 5.",
        "K. Jones, A History of Canals (Leeds: Canal Press, 1980); Smith, op. cit., p. 9.",
        "Jones, op. cit., pp. 3–4; Brown, op. cit.",
        "A. Sun, Y. Wang, et al., Rivers (Paris, 2001), p. 2.",
    ]))
    assert (cit(ch, "n2-2").link.via, cit(ch, "n2-2").link.target) == ("short", "n1-1")
    assert cit(ch, "n3-1").link.target == "n2-1" and cit(ch, "n3-1").corresp == "jones-1980"
    assert cit(ch, "n3-2").link.target is None and cit(ch, "n3-2").corresp is None
    assert any("Brown, op. cit" in w.message for w in ch.warnings)  # the final stop is the sentence's
    n4 = ch.notes[3]
    assert [n4.text[s.start:s.end] for s in cit(ch, "n4-1").spans if s.tag == "author"] == ["A. Sun", "Y. Wang"]


def test_archives_with_abbreviations_letters_and_shelfmarks():
    ch = parse_citations(chapter([
        "Public Record Office (hereafter PRO), FO 371/22288. See also PRO, CAB 23/95.",
        "N. Chamberlain to Hilda Chamberlain, 19 March 1939, Chamberlain Papers, NC 18/1/1090.",
        "Documents on British Foreign Policy, 1919–1939, 3rd series, vol. 2 (London, 1949), no. 1093.",
        "E. H. Carr, ‘Soviet Foreign Policy’, in idem, The Bolshevik Revolution, vol. 3 (London, 1953), pp. 1–20.",
    ]))
    texts = {c.xml_id: n.text[c.start:c.end] for n in ch.notes for c in n.citations}
    assert texts == {
        "n1-1": "Public Record Office (hereafter PRO), FO 371/22288", "n1-2": "PRO, CAB 23/95",
        "n2-1": "N. Chamberlain to Hilda Chamberlain, 19 March 1939, Chamberlain Papers, NC 18/1/1090",
        "n3-1": "Documents on British Foreign Policy, 1919–1939, 3rd series, vol. 2 (London, 1949), no. 1093",
        "n4-1": ("E. H. Carr, ‘Soviet Foreign Policy’, in idem, The Bolshevik Revolution, vol. 3 (London, 1953), "
                 "pp. 1–20"),
    }
    assert cit(ch, "n1-2").link.target == "n1-1"
    assert [(a.abbr, a.expansion) for a in ch.abbreviations] == [("PRO", "Public Record Office")]
    letter = cit(ch, "n2-1")
    n2 = ch.notes[1].text
    assert letter.kind == "letter"
    assert [(s.tag, n2[s.start:s.end]) for s in letter.spans if s.tag in ("author", "name", "date")] == [
        ("author", "N. Chamberlain"), ("name", "Hilda Chamberlain"), ("date", "19 March 1939"),
        ("name", "Chamberlain Papers")]
    # The shelfmark after the papers is the item, not part of the collection's name.
    assert ("idno", "NC 18/1/1090") in [(s.tag, n2[s.start:s.end]) for s in letter.spans]
    scopes = [(s.tag, s.attrs) for s in cit(ch, "n3-1").spans if s.tag in ("biblScope", "citedRange")]
    assert scopes == [("biblScope", {"unit": "series", "n": "3"}), ("biblScope", {"unit": "volume", "n": "2"}),
                      ("citedRange", {"unit": "document", "n": "1093"})]
    assert cit(ch, "n4-1").kind == "chapter" and cit(ch, "n4-1").link is None  # idem is no Ibid.


def test_a_british_archive_minute_is_found():
    ch = parse_citations(chapter(["PRO, FO 371/23686, minute by Sargent, 3 May 1939."]))
    assert [n.text[c.start:c.end] for n in ch.notes for c in n.citations] == [
        "PRO, FO 371/23686, minute by Sargent, 3 May 1939"]


def test_a_short_title_matching_two_works_equally_is_linked_uncertainly():
    ch = parse_citations(chapter([
        "J. Smith, The Bridges of Wales: The North (London: Bridge Press, 1990), p. 5.",
        "J. Smith, The Bridges of Wales: The South (London: Bridge Press, 1995), p. 7.",
        "Smith, Bridges of Wales, p. 30.",
    ]))
    c = cit(ch, "n3-1")
    ref = next(s for s in c.spans if s.tag == "ref")
    assert ref.attrs.get("cert") == "low"
    assert any("matches 2 works equally" in w.message for w in ch.warnings)


def _record(text: str, spans: list[tuple[str, str, dict]], kind: str, title: str | None = None):
    """A citation as the models might have read it: ``spans`` are (tag, printed text, attrs)."""
    from teiedition.citations.parsed import Parsed
    from teiedition.citations.resolve import Record
    from teiedition.model import Citation, Span
    note = Note(n=1, text=text, line=1)
    parts, at = [], 0
    for tag, printed, attrs in spans:
        at = text.index(printed, at)
        parts.append(Span(at, at + len(printed), tag, dict(attrs)))
        at += len(printed)
    cit = Citation(0, len(text), kind, spans=parts, xml_id=f"x{len(text)}")
    return Record(note, cit, Parsed(0, len(text), list(parts), kind=kind, title=title))


def test_a_short_form_misread_as_names_or_one_title_is_linked_and_mended():
    from teiedition.citations.resolve import resolve
    full = _record("Allan Nevins, Hamilton Fish: The Inner History (New York: Dodd, 1936)",
                   [("author", "Allan Nevins", {}), ("title", "Hamilton Fish: The Inner History", {"level": "m"}),
                    ("pubPlace", "New York", {}), ("publisher", "Dodd", {}), ("date", "1936", {})],
                   "book", title="Hamilton Fish: The Inner History")
    full.parsed.pub = True
    as_names = _record("Nevins, Fish, pp. 628–630",
                       [("author", "Nevins", {}), ("author", "Fish", {}), ("citedRange", "pp. 628–630", {})],
                       "other")
    as_title = _record("Nevins, Fish, p. 9", [("title", "Nevins, Fish", {"level": "m"}),
                                               ("citedRange", "p. 9", {})], "book", title="Nevins, Fish")
    other_author = _record("Jones, Fish, p. 3", [("author", "Jones", {}), ("author", "Fish", {}),
                                                ("citedRange", "p. 3", {})], "other")
    resolve([full, as_names, as_title, other_author], [])
    for rec in (as_names, as_title):
        assert rec.cit.link is not None and rec.cit.link.target == full.cit.xml_id
        got = [(s.tag, rec.note.text[s.start:s.end], s.attrs.get("type")) for s in rec.cit.spans
               if s.tag in ("author", "title", "ref")]
        assert got[0] == ("author", "Nevins", None)
        assert ("title", "Fish", "short") in got and ("ref", "Fish", "short") in got
    # A surname no work of the chapter carries: left as it was read, never guessed.
    assert other_author.cit.link is None
    assert [s.tag for s in other_author.cit.spans] == ["author", "author", "citedRange"]
