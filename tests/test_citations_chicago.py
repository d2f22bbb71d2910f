"""Regression tests for Chicago-style notes (what broke on the FRUS history chapter).

Each case: a small note, and the parts expected (tag, level or type, text)."""
from __future__ import annotations

import pytest

from teiedition.citations.split import find_citations


def cites(note: str, abbrs: dict | None = None) -> list[tuple[str, str, list[tuple]]]:
    out = []
    for p in find_citations(note, dict(abbrs or {}), set()):
        parts = [(s.tag, s.attrs.get("level") or s.attrs.get("unit") or "", note[s.start:s.end])
                 for s in sorted(p.spans, key=lambda s: (s.start, -s.end))]
        out.append((p.kind, note[p.start:p.end], parts))
    return out


@pytest.mark.parametrize("note, expected", [
    # A letter's correspondents are not an article title: no quotation marks in the source.
    ("Adams to Seward, April 3, 1863 in Message of the President, Part I (Washington: Government "
     "Printing Office, 1864), pp. 221–226.",
     [("book", "Adams to Seward, April 3, 1863 in Message of the President, Part I (Washington: "
       "Government Printing Office, 1864), pp. 221–226",
       [("date", "", "April 3, 1863"), ("title", "m", "Message of the President"),
        ("biblScope", "part", "Part I"), ("pubPlace", "", "Washington"),
        ("publisher", "", "Government Printing Office"), ("date", "", "1864"),
        ("citedRange", "page", "pp. 221–226")])]),
    # A letter and the archive holding it are one unpublished source.
    ("Adams to Seward, February 11, 1864, NARA, RG 84, U.S. Legation Great Britain, Despatches "
     "to the Department of State, Vol. 24. For the assessment of it, see nothing.",
     [("archive", "Adams to Seward, February 11, 1864, NARA, RG 84, U.S. Legation Great Britain, "
       "Despatches to the Department of State, Vol. 24",
       [("date", "", "February 11, 1864"), ("biblScope", "volume", "Vol. 24")])]),
    # Dates in parentheses belong to the shelfmark, not to an imprint.
    ("Seward to Adams, March 2, 1864, NARA, RG 59, Diplomatic Correspondence (1785–1906), "
     "Instructions to Diplomatic Officers, Great Britain, Vol. 98.",
     [("archive", "Seward to Adams, March 2, 1864, NARA, RG 59, Diplomatic Correspondence "
       "(1785–1906), Instructions to Diplomatic Officers, Great Britain, Vol. 98",
       [("date", "", "March 2, 1864"), ("date", "", "1785–1906"), ("biblScope", "volume", "Vol. 98")])]),
    # "letter from", initials, and a long shelfmark.
    ("Letter from William Seward to John D. Defrees, November 29, 1861, p. 520, NARA, RG 59, M40 "
     "Domestic Letters of the Department of State, 1784–1906, Vol. 55, Reel 52.",
     [("archive", "Letter from William Seward to John D. Defrees, November 29, 1861, p. 520, NARA, "
       "RG 59, M40 Domestic Letters of the Department of State, 1784–1906, Vol. 55, Reel 52",
       [("date", "", "November 29, 1861"), ("citedRange", "page", "p. 520"),
        ("biblScope", "volume", "Vol. 55")])]),
    # After a letter's date, "Message, 1861" is the short title of the volume, not a place.
    ("Seward to Schurz, April 27, 1861, Message, 1861, p. 257.",
     [("book", "Seward to Schurz, April 27, 1861, Message, 1861, p. 257",
       [("date", "", "April 27, 1861"), ("title", "m", "Message"), ("date", "", "1861"),
        ("citedRange", "page", "p. 257")])]),
    # A correspondent's post in parentheses; no volume named: unpublished.
    ("Perry (Madrid) to Seward, June 13, 1861, p. 261.",
     [("archive", "Perry (Madrid) to Seward, June 13, 1861, p. 261",
       [("date", "", "June 13, 1861"), ("citedRange", "page", "p. 261")])]),
    # Prose before a letter is not a title: the letter starts at its writer.
    ("Reference is to Seward to Adams, July 21, 1861, Message, 1861, pp. 117–121.",
     [("book", "Seward to Adams, July 21, 1861, Message, 1861, pp. 117–121",
       [("date", "", "July 21, 1861"), ("title", "m", "Message"), ("date", "", "1861"),
        ("citedRange", "page", "pp. 117–121")])]),
    # An archive read as a name ("NARA") with dates in parentheses is still an archive.
    ("Seward to Adams, September 2, 1861 in Message, 1861, pp. 140–141 and NARA, RG 59, "
     "Diplomatic Correspondence (1785–1906), Instructions to Diplomatic Officers, Vol. 97.",
     [("book", "Seward to Adams, September 2, 1861 in Message, 1861, pp. 140–141",
       [("date", "", "September 2, 1861"), ("title", "m", "Message, 1861"),
        ("citedRange", "page", "pp. 140–141")]),
      ("archive", "NARA, RG 59, Diplomatic Correspondence (1785–1906), Instructions to "
       "Diplomatic Officers, Vol. 97",
       [("date", "", "1785–1906"), ("biblScope", "volume", "Vol. 97")])]),
    # A despatch's own number between its date and the volume that prints it.
    ("Lyons to Russell, December 6, 1861, Message No. 130, p. 115 in Correspondence Relating to "
     "the Civil War, North America, No. 1.",
     [("book", "Lyons to Russell, December 6, 1861, Message No. 130, p. 115 in Correspondence "
       "Relating to the Civil War, North America, No. 1",
       [("date", "", "December 6, 1861"), ("citedRange", "page", "p. 115"),
        ("title", "m", "Correspondence Relating to the Civil War, North America"),
        ("biblScope", "issue", "No. 1")])]),
    # A web page: its quoted title, then its address.
    ("Office of the Historian website, “Frequently Asked Questions: Department Personnel,” "
     "https://history.state.gov/about/faq/department-personnel.",
     [("book", "“Frequently Asked Questions: Department Personnel,” "
       "https://history.state.gov/about/faq/department-personnel",
       [("title", "a", "Frequently Asked Questions: Department Personnel")])]),
], ids=["letter-in-volume-not-article", "letter-with-archive", "letter-shelfmark-dates",
        "letter-from-long-shelfmark", "letter-volume-short-title", "letter-unpublished",
        "prose-before-letter", "archive-acronym-with-dates", "despatch-number", "web-page"])
def test_letters_archives_and_web_pages(note, expected):
    assert cites(note) == expected


@pytest.mark.parametrize("note, title, abbr", [
    # Names inside a long title are the title's words, not its author.
    ("The Assassination of Abraham Lincoln, Late President of the United States of America, and "
     "the Attempted Assassination of William H. Seward, Secretary of State, and Frederick W. "
     "Seward, Assistant Secretary, on the Evening of the 14th of April, 1865 (Washington: "
     "Government Printing Office, 1866) (hereafter Assassination). In 1867, Congress acted.",
     "The Assassination of Abraham Lincoln, Late President of the United States of America, and "
     "the Attempted Assassination of William H. Seward, Secretary of State, and Frederick W. "
     "Seward, Assistant Secretary, on the Evening of the 14th of April, 1865", "Assassination"),
    # ... while a title that does not read as one from the clause's start leaves the name.
    ("See also Frederick W. Seward, Reminiscences of a War-Time Statesman (New York: Putnam, 1916) "
     "(hereafter Reminiscences).",
     "Reminiscences of a War-Time Statesman", "Reminiscences"),
    # ... also after a connective, with words such as "during these" in the title.
    ("See Cox, Memoirs (New York: Appleton, 1865) and Three Decades of Federal Legislation, "
     "Personal and Historical Memories of Events Preceding, During, and Since the American Civil "
     "War, Involving Slavery and Secession, Emancipation and Reconstruction, with Sketches of "
     "Prominent Actors during these Periods (Tecumseh, Mich.: A. W. Mills, 1885) (hereafter "
     "Three Decades).",
     "Three Decades of Federal Legislation, Personal and Historical Memories of Events Preceding, "
     "During, and Since the American Civil War, Involving Slavery and Secession, Emancipation and "
     "Reconstruction, with Sketches of Prominent Actors during these Periods", "Three Decades"),
], ids=["names-inside-long-title", "cue-before-author", "after-connective"])
def test_long_title_with_names(note, title, abbr):
    (kind, _, parts) = cites(note)[-1]
    assert [t for tag, lv, t in parts if tag == "title"] == [title]
    assert [t for tag, lv, t in parts if tag == "abbr"] == [abbr]


def _abbreviations(note: str) -> list[tuple[str, str]]:
    from teiedition.citations import parse_citations
    from teiedition.model import Chapter, Note
    ch = Chapter(title="T", authors=["A"], abstract=[], body=[], notes=[Note(n=1, text=note, line=1)],
                 source_name="t.txt", source_format="plain", source_sha256="0" * 64)
    return [(a.abbr, a.expansion) for a in parse_citations(ch).abbreviations]


@pytest.mark.parametrize("note, expected", [
    # The abbreviation names the volume that prints the letter, never the correspondents.
    ("Adams to Seward, October 10, 1862 in Message of the President to the Two Houses of Congress "
     "(Washington: Government Printing Office, 1862) (hereafter Message, 1862), pp. 209–210.",
     [("Message, 1862", "Message of the President to the Two Houses of Congress")]),
    # ... and the work it follows: after a journal, the journal.
    ("A. Brown, ‘Canals’, Journal of Water History (hereafter JWH), no. 2 (1985), 44.",
     [("JWH", "Journal of Water History")]),
    # ... the whole of a long title holding names.
    ("The Assassination of Abraham Lincoln, and the Attempted Assassination of William H. Seward, "
     "Secretary of State, and Frederick W. Seward, Assistant Secretary (Washington: Government "
     "Printing Office, 1866) (hereafter Assassination).",
     [("Assassination", "The Assassination of Abraham Lincoln, and the Attempted Assassination of "
       "William H. Seward, Secretary of State, and Frederick W. Seward, Assistant Secretary")]),
], ids=["abbr-of-letter-volume", "abbr-of-journal", "abbr-of-long-title"])
def test_abbreviation_expands_to_the_title_it_follows(note, expected):
    assert _abbreviations(note) == expected


@pytest.mark.parametrize("note, expected", [
    # A newspaper's place in parentheses is not an imprint; the dates follow.
    ("The Sun (Baltimore), December 8, 1862, January 21, 1864.",
     [("title", "m", "The Sun"), ("pubPlace", "", "Baltimore"), ("date", "", "December 8, 1862"),
      ("date", "", "January 21, 1864")]),
    ("Dakota Republican (Vermillion, SD), January 10, 1863.",
     [("title", "m", "Dakota Republican"), ("pubPlace", "", "Vermillion, SD"),
      ("date", "", "January 10, 1863")]),
    ("San Francisco Bulletin, January 16, 1863.",
     [("title", "m", "San Francisco Bulletin"), ("date", "", "January 16, 1863")]),
    # A number is never a title: "13 Stat. 184" is a statute's volume and page.
    ("U.S. Code, Section 11, 13 Stat. 184 (June 25, 1864).", []),
    # The editor's bracketed place, before or after a newspaper's title.
    ("[Washington D.C.] Evening Union, February 2, 1864.",
     [("pubPlace", "", "Washington D.C."), ("title", "m", "Evening Union"),
      ("date", "", "February 2, 1864")]),
    ("It was reported that “no transcript would come” (The Sun [Baltimore], December 18, 1865).",
     [("title", "m", "The Sun"), ("pubPlace", "", "Baltimore"), ("date", "", "December 18, 1865")]),
], ids=["newspaper-place", "newspaper-place-with-comma", "newspaper-date", "number-not-title",
        "bracketed-place-before-title", "bracketed-place-after-title"])
def test_newspapers_dates_and_numbers(note, expected):
    got = [part for _, _, parts in cites(note) for part in parts]
    assert [x for x in got if x[0] in ("title", "pubPlace", "date")] == expected \
        or (not expected and not any(x[0] == "title" and x[2][:1].isdigit() for x in got))


@pytest.mark.parametrize("text, title", [
    # A date after a comma ends a title, even with a word before it.
    ("Weekly Wisconsin Patriot, all December 7, 1861", "Weekly Wisconsin Patriot"),
    ("Moran, Journal, December 22, 1862, Vol. II, p. 1099", "Journal"),
], ids=["word-and-date-end-title", "date-ends-title"])
def test_date_ends_title(text, title):
    from teiedition.citations.parse import parse_at
    r = parse_at(text, 0)
    assert [text[s.start:s.end] for s in r.spans if s.tag == "title"] == [title]


def _links(notes: list[str]) -> list[tuple[str, str | None, str | None]]:
    from teiedition.citations import parse_citations
    from teiedition.model import Chapter, Note
    ch = Chapter(title="T", authors=["A"], abstract=[], body=[],
                 notes=[Note(n=i + 1, text=t, line=i + 1) for i, t in enumerate(notes)],
                 source_name="t.txt", source_format="plain", source_sha256="0" * 64)
    ch = parse_citations(ch)
    return [(c.xml_id, c.link.target if c.link else None, c.kind) for n in ch.notes for c in n.citations]


@pytest.mark.parametrize("notes, expected", [
    # A person's papers under another edition's name: the surname's only work, same person.
    (["Basler, Papers of Abraham Lincoln, Vol. IV, p. 299.",
      "Roy Basler, ed., Collected Works of Abraham Lincoln, Vol. IV (New Brunswick, NJ: Rutgers "
      "University Press, 1953), p. 459."],
     [("n1-1", "n2-1", "document_collection"), ("n2-1", None, "document_collection")]),
    # A different book by the same author stays unlinked (reported, never guessed).
    (["Jones, Blue and Gray, p. 3.",
      "Howard Jones, Abraham Lincoln and New Birth of Freedom (Lincoln: University of Nebraska "
      "Press, 1999), p. 50."],
     [("n1-1", None, "book"), ("n2-1", None, "book")]),
    # Two works by the surname: which one is meant is a guess, so no link.
    (["Basler, Papers of Abraham Lincoln, p. 2.",
      "Roy Basler, Collected Works of Abraham Lincoln (New Brunswick, NJ: Rutgers, 1953), p. 1.",
      "Roy Basler, Collected Speeches of Abraham Lincoln (New Brunswick, NJ: Rutgers, 1955), p. 1."],
     [("n1-1", None, "book"), ("n2-1", None, "book"), ("n3-1", None, "book")]),
], ids=["papers-as-collected-works", "other-book-unlinked", "ambiguous-surname-unlinked"])
def test_short_title_of_an_edition(notes, expected):
    assert _links(notes) == expected


@pytest.mark.parametrize("note, author, title", [
    # An anonymous work's attributed author, in parentheses or brackets, before the title.
    ("(Joseph Nunes), A Diplomat on Diplomacy (n.p.: n.d. [probably 1863]).",
     "Joseph Nunes", "A Diplomat on Diplomacy"),
    ("[Joseph Nunes], A Diplomat on Diplomacy (Philadelphia, 1863), p. 4.",
     "Joseph Nunes", "A Diplomat on Diplomacy"),
], ids=["attributed-author-parens", "attributed-author-brackets"])
def test_attributed_author(note, author, title):
    (kind, _, parts), = cites(note)
    assert [t for tag, _, t in parts if tag == "author"] == [author]
    assert [t for tag, _, t in parts if tag == "title"] == [title]


@pytest.mark.parametrize("text, title, cited", [
    # "Document 119" is what the note points at, not a title.
    ("Kennedy-Khrushchev Exchanges, Document 119", "Kennedy-Khrushchev Exchanges", "Document 119"),
], ids=["capitalised-document-is-locator"])
def test_capitalised_document_label(text, title, cited):
    from teiedition.citations.parse import parse_at
    r = parse_at(text, 0)
    assert [text[s.start:s.end] for s in r.spans if s.tag == "title"] == [title]
    assert [(text[s.start:s.end], s.attrs["unit"]) for s in r.spans if s.tag == "citedRange"] == \
        [(cited, "document")]


@pytest.mark.parametrize("note, expected", [
    # A semicolon inside a title: the clause after it is the title's end and its imprint.
    ("See also Cox, Eight Years in Congress, from 1857–1865; Memoir and Speeches (New York: "
     "D. Appleton and Company, 1865) and Three Decades (Tecumseh, Mich.: A. W. Mills, 1885).",
     ["Eight Years in Congress, from 1857–1865; Memoir and Speeches", "Three Decades"]),
    # ... but two citations stay two when the first has its own locator.
    ("Haslam, The Soviet Union, p. 36; Documents on Polish-German Relations (London, 1940).",
     ["The Soviet Union", "Documents on Polish-German Relations"]),
], ids=["semicolon-in-title", "semicolon-between-citations"])
def test_semicolon_inside_title(note, expected):
    assert [t for _, _, parts in cites(note) for tag, _, t in parts if tag == "title"] == expected


@pytest.mark.parametrize("notes, expected", [
    # Another volume of the same memoir: its years are not the full citation's.
    (["Frederick W. Seward, Seward at Washington, as Senator and Secretary of State, 1861–1872 "
      "(New York: Derby and Miller, 1891), p. 22.",
      "Seward, Seward at Washington, 1846–1861, p. 568.",
      "Seward, Seward at Washington, 1861–1872, p. 71."],
     [("n1-1", None), ("n2-1", None), ("n3-1", "n1-1")]),
    # "Message, 1861" after a letter is not the Message printed in 1864.
    (["Adams to Seward, April 3, 1863 in Message of the President (Washington: Government "
      "Printing Office, 1864), pp. 221–226.",
      "Seward to Schurz, April 27, 1861, Message, 1861, p. 257.",
      "Seward to Schurz, April 27, 1864, Message, 1864, p. 257."],
     [("n1-1", None), ("n2-1", None), ("n3-1", "n1-1")]),
], ids=["other-volume-years", "short-title-year"])
def test_years_of_a_short_title(notes, expected):
    assert [(i, t) for i, t, _ in _links(notes)] == expected


@pytest.mark.parametrize("note, xml_id, dates", [
    # A letter's day is not the date of the volume printing it.
    ("Adams to Seward, April 3, 1863 in Message of the President (Washington: Government "
     "Printing Office, 1864), pp. 221–226.", "message-of-the-1864", ["1864"]),
    ("Seward to Schurz, April 27, 1861, Message, 1861, p. 257.", "message-1861", ["1861"]),
    # A diary's entry after the imprint: the imprint's year.
    ("Sara Agnes Wallace, ed., The Journal of Benjamin Moran (Chicago: University of Chicago "
     "Press, 1949), February 11, 1864, Vol. II, p. 1263.", "wallace-1949", ["1949"]),
], ids=["letter-in-volume", "letter-volume-short-title", "diary-entry"])
def test_bibliography_date_is_the_works(note, xml_id, dates):
    from teiedition.citations import parse_citations
    from teiedition.model import Chapter, Note
    ch = parse_citations(Chapter(title="T", authors=["A"], abstract=[], body=[],
                                 notes=[Note(n=1, text=note, line=1)], source_name="t.txt",
                                 source_format="plain", source_sha256="0" * 64))
    (entry,) = ch.bibliography
    assert entry.xml_id == xml_id
    assert [text for tag, _, text in entry.parts if tag == "date"] == dates


@pytest.mark.parametrize("note, first", [
    # Congressional abbreviations do not end a sentence.
    ("See H. Rpt. 188, House Select Committee on Printing, 35th Cong., 2nd Sess. February 28, "
     "1859, pp. 98–100.",
     "H. Rpt. 188, House Select Committee on Printing, 35th Cong., 2nd Sess. February 28, 1859, "
     "pp. 98–100"),
], ids=["report-abbreviation"])
def test_government_abbreviations(note, first):
    assert cites(note)[0][1] == first


@pytest.mark.parametrize("note, kind", [
    # A corporate author with an archive's word, and an imprint, is a published book.
    ("Library of Congress, Catalog of Printed Books (Washington: GPO, 1950), p. 4.", "book"),
    ("NARA, RG 59, Diplomatic Correspondence (1785–1906), Vol. 97.", "archive"),
], ids=["corporate-author-with-imprint", "archive-with-dates"])
def test_archive_word_in_author(note, kind):
    (got, _, _), = cites(note)
    assert got == kind
