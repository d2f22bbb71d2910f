"""Nothing crashes, and the model's invariants hold, on any note text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teiedition import readers
from teiedition.citations import parse_citations, parse_reference
from teiedition.model import Chapter, Note
from teiedition.sourcefile import read_text

from .conftest import FRUS

PIECES = ["J. Smith", ", ", "(ed.)", "(eds)", "‘A Title’", "“Title,”", " in ", "Ibid.", "ibid., ",
          "(London, 1990)", "(New York: Press, 1891)", "p. 5", "pp. 40–3, 59–60", "vol. 2", "docs 6 and 9",
          "(hereafter ABC)", "ABC", ". ", "; ", " and ", "See ", "Cited by ", "Soviet archives", "’",
          "(", ")", "[", "]", ",", ".", "1933–9", "Smith, History", "Alliancecontains", "\u00a0", "—"]

texts = st.one_of(st.text(max_size=200),
                  st.lists(st.sampled_from(PIECES), max_size=25).map("".join))


def check(ch: Chapter) -> None:
    ids = set()
    for n in ch.notes:
        last = 0
        for c in n.citations:
            assert last <= c.start < c.end <= len(n.text)
            last = c.end
            assert c.xml_id not in ids
            ids.add(c.xml_id)
            for s in c.spans:
                assert c.start <= s.start <= s.end <= c.end
            if c.link and c.link.target:
                assert c.link.target in ids or any(
                    c.link.target == d.xml_id for m in ch.notes for d in m.citations)
        for r in n.repairs:
            assert 0 <= r.offset <= len(n.text)
    entries = [e.xml_id for e in ch.bibliography]
    assert len(entries) == len(set(entries))
    for n in ch.notes:
        for c in n.citations:
            assert c.corresp is None or c.corresp in entries


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4))
def test_any_notes(notes):
    ch = Chapter(title="T", authors=[], abstract=[], body=[],
                 notes=[Note(n=i + 1, text=t, line=i + 1) for i, t in enumerate(notes)],
                 source_name="x", source_format="plain", source_sha256="")
    check(parse_citations(ch))


@settings(max_examples=150, deadline=None)
@given(texts)
def test_any_reference(text):
    ref = parse_reference(text)
    for s in ref.spans:
        assert 0 <= s.start <= s.end <= len(text)


def test_chicago_chapter_with_118_notes(shared):
    ch = parse_citations(readers.read(read_text(FRUS).text, FRUS.name, None))
    check(ch)
    assert len(ch.notes) == 118
    found = {n.n: [n.text[c.start:c.end] for c in n.citations] for n in ch.notes}
    assert found[1] == [("Frederick W. Seward, Seward at Washington, as Senator and Secretary of State: "
                         "A Memoir of his Life, with Selections from His Letters, 1861–1872 "
                         "(New York: Derby and Miller, 1891), p. 22")]
    assert "ibid., pp. 459–460" in found[15]
    assert [a.abbr for a in ch.abbreviations] == ["Assassination", "Message, 1862", "Message, 1863"]
    assert sum(len(v) for v in found.values()) > 100


def test_time_grows_with_length_not_its_square():
    import time
    for text in [("Prose of a very long paragraph without a line break, " * 2000)[:100_000],
                 "See J. Smith, A History, p. 5; " * 1000, "A. B. " * 5000]:
        ch = Chapter(title="T", authors=[], abstract=[], body=[], notes=[Note(n=1, text=text, line=1)],
                     source_name="x", source_format="plain", source_sha256="")
        t0 = time.perf_counter()
        parse_citations(ch)
        # Generous for a shared machine; quadratic behaviour took minutes here.
        assert time.perf_counter() - t0 < 15
