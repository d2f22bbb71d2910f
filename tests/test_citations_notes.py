"""Notes as real chapters print them, read by the shipped models and the rules after them.

The cases are the failures the rule-based parser showed on chapters it was not built on
(issue 12): archival letters read as monographs, titles split at a date or cut at an author,
"henceforth" abbreviations, short titles joining two different letters. None of these notes
is in the training data (train.py reads only the corpora and the annotation files).
"""
from __future__ import annotations

from teiedition.citations import assemble, parse_citations
from teiedition.model import Chapter, Note


def read(note: str):
    return assemble.read(note, {})


def parts(note: str, p) -> list[tuple[str, str]]:
    return [(s.tag + (f"[{s.attrs['type']}]" if "type" in s.attrs else ""), note[s.start:s.end])
            for s in p.spans]


def test_an_archival_letter_is_a_letter_with_correspondents_not_a_monograph():
    note = ("Allen to Baylor, March 3, 1978, Department of State, HAC Lot File 96D292, Box 5, "
            "Perkins, Bradford Meeting 1987.")
    (p,) = read(note)
    got = parts(note, p)
    assert p.kind == "letter"
    assert ("author", "Allen") in got and ("name[recipient]", "Baylor") in got
    assert not any(tag.startswith("title") for tag, _ in got)
    assert any(tag == "date" for tag, _ in got)


def test_a_date_inside_a_title_does_not_split_the_work():
    note = ("J. T. Emmerson, The Rhineland Crisis, 7 March 1936: A Study in Multilateral Diplomacy "
            "(London, 1977), p. 12.")
    (p,) = read(note)
    titles = [v for tag, v in parts(note, p) if tag == "title"]
    assert titles == ["The Rhineland Crisis, 7 March 1936: A Study in Multilateral Diplomacy"]


def test_prose_before_a_citation_stays_prose_and_the_author_stays_in():
    note = ("The best accounts remain D. C. Watt, ‘The Anglo-German Naval Agreement of 1935: An "
            "Interim Judgement’, Journal of Modern History, vol. 28 (1956), pp. 155–75.")
    (p,) = read(note)
    assert note[p.start:].startswith("D. C. Watt")
    assert ("author", "D. C. Watt") in parts(note, p)
    assert p.kind == "article"


def test_henceforth_and_hereafter_cited_as_define_abbreviations():
    a = "Hunter to Adams, June 3, 1869, NARA, RG 59, Diplomatic Instructions, Vol. 22 (henceforth Instructions)."
    b = "Report of the Secretary of State (Washington, 1870) [Hereafter cited as Report 1870.], p. 5."
    assert read(a)[0].defines_abbr == "Instructions"
    assert read(b)[0].defines_abbr == "Report 1870"


def test_a_short_title_never_links_two_archival_letters():
    notes = [("Davis to Sumner, December 20, 1869, NARA, RG 59, Reports of the Secretary of State, "
              "Report Book 10."),
             ("Davis to Fish, January 4, 1870, NARA, RG 59, Reports of the Secretary of State, "
              "Report Book 10."),
             "Davis to Sumner, December 20, 1869."]
    ch = Chapter(title="T", authors=["A"], abstract=[], body=[],
                 notes=[Note(n=i + 1, text=t, line=i + 1) for i, t in enumerate(notes)],
                 source_name="t.txt", source_format="plain-text", source_sha256="0" * 64)
    parse_citations(ch)
    cits = [c for n in ch.notes for c in n.citations]
    assert [c.kind for c in cits] == ["letter"] * 3
    assert all(c.link is None for c in cits)


def test_every_citation_carries_a_certainty():
    note = "See E. H. Carr, The Twilight of Comintern (London, 1982), p. 95; Ibid., p. 96."
    found = read(note)
    assert len(found) == 2
    assert all(0.0 <= p.prob <= 1.0 for p in found)
    assert {assemble.cert_band(p.prob) for p in found} <= {"high", "medium", "low"}


def _whole(note: str) -> list[str]:
    """The note read as one segment by the segmenter, then parted by the printed form."""
    from teiedition.citations import crf
    seg = crf.Segment(0, len(note.rstrip(".")), 1.0)
    return [note[s.start:s.end] for s in assemble._split_segments(note, [seg])]


def test_a_semicolon_parts_two_whole_citations_the_second_opening_with_its_author():
    note = ("Adams to Everett, May 4, 1861, Massachusetts Historical Society, Adams Family Papers; "
            "Duberman, Charles Francis Adams, pp. 28–29.")
    assert _whole(note) == [("Adams to Everett, May 4, 1861, Massachusetts Historical Society, "
                             "Adams Family Papers"), "Duberman, Charles Francis Adams, pp. 28–29"]


def test_a_semicolon_between_authors_places_or_title_parts_keeps_one_citation():
    for note in ("Baur, Erwin; Fisher, Eugen; and Lenz, Fritz, Menschliche Erblehre (Munich, 1921).",
                 "Ellis, Hugh, The Salt Trade (Boston; New York: Houghton Mifflin, 1920), p. 4.",
                 ("John C. Hamilton, ed., The Works of Alexander Hamilton; Comprising his "
                  "Correspondence, Vol. IV (New York: John F. Trow, 1851), pp. 494–495.")):
        assert _whole(note) == [note.rstrip(".")], note


def test_a_cited_page_in_a_source_joins_what_the_segmenter_parted():
    from teiedition.citations import crf
    note = ("Fish to Bancroft, April 5, 1870, pp. 326–327 in NARA, RG 59, Domestic Letters, Vol. 84; "
            "see also Smith, The Claims, p. 4 in which he says so.")
    cut = note.index(" in NARA")
    segs = [crf.Segment(0, cut, 0.9), crf.Segment(cut + 4, note.index("; see"), 0.8)]
    assert [(s.start, s.end) for s in assemble._join_segments(note, segs)] == [(0, note.index("; see"))]
    # Only a page before "in" joins: a letter's date before "in" does not.
    plain = "Fish to Bancroft, April 5, 1870 in NARA, RG 59, Domestic Letters, Vol. 84."
    cut = plain.index(" in NARA")
    segs = [crf.Segment(0, cut, 0.9), crf.Segment(cut + 4, len(plain) - 1, 0.8)]
    assert len(assemble._join_segments(plain, segs)) == 2


def test_the_words_between_writer_and_full_date_are_the_addressee():
    from teiedition.citations import crf
    note = "Jefferson to the Senate and House, January 4, 1793, American State Papers, p. 12."

    def field(words: str, label: str) -> crf.Field:
        return crf.Field(note.index(words), note.index(words) + len(words), label, 0.9)

    fields = [field("Jefferson", "author"), field("January 4, 1793", "date"),
              field("American State Papers", "title")]
    mended = assemble._addressee(note, fields)
    assert [(note[f.start:f.end], f.label) for f in mended][:3] == [
        ("Jefferson", "author"), ("Senate and House", "recipient"), ("January 4, 1793", "date")]
    # A year alone is no letter's date; an addressee the labeller found is kept as it is.
    year = "Smith to the End, 1990."
    fields = [crf.Field(0, 5, "author", 0.9), crf.Field(18, 22, "date", 0.9)]
    assert assemble._addressee(year, fields) == fields
    fields = [field("Jefferson", "author"), field("House", "recipient"), field("January 4, 1793", "date")]
    assert assemble._addressee(note, fields) == fields


def test_a_title_does_not_start_with_the_words_leading_into_it():
    from teiedition.citations import crf
    note = "Genet to Jefferson, July 10, 1793, printed in The Papers of Thomas Jefferson, Vol. 26."
    title = crf.Field(note.index("printed"), note.index(", Vol."), "title", 0.9)
    (mended,) = assemble._mend_edges(note, [title])
    assert note[mended.start:mended.end] == "The Papers of Thomas Jefferson"
    # A title whose own first word is "In" stays whole.
    own = "In the Shadow of War (London, 1990)."
    (kept,) = assemble._mend_edges(own, [crf.Field(0, 20, "title", 0.9)])
    assert own[kept.start:kept.end] == "In the Shadow of War"


def test_where_a_copy_is_available_is_no_repository():
    from teiedition.citations import crf
    note = ("The Papers of John Adams, Vol. 3 (Cambridge, 1980), p. 4, available at the "
            "Massachusetts Historical Society website, http://www.masshist.org/x.")
    where = note.index("Massachusetts")
    host = crf.Field(where, where + len("Massachusetts Historical Society"), "repository", 0.9)
    assert assemble._mend_edges(note, [host]) == []
    # An archive named as the holder stays one.
    held = "Adams to Everett, May 4, 1861, Massachusetts Historical Society, Adams Papers."
    where = held.index("Massachusetts")
    kept = crf.Field(where, where + len("Massachusetts Historical Society"), "repository", 0.9)
    assert assemble._mend_edges(held, [kept]) == [kept]


def test_a_named_archive_makes_an_unpublished_source_whatever_its_title_was_read_as():
    from teiedition.citations import crf
    note = "Welles Diary, May 4, 1862, in LCM, Welles Papers, Box 3."

    def field(words: str, label: str) -> crf.Field:
        return crf.Field(note.index(words), note.index(words) + len(words), label, 0.9)

    fields = [field("Welles Diary", "journal"), field("May 4, 1862", "date"), field("LCM", "repository"),
              field("Welles Papers", "collection"), field("Box 3", "box")]
    p = assemble.build(note, assemble.Labelled(0, len(note) - 1, fields, 0.9), {})
    assert p is not None and p.kind == "archive"
    # Without a repository a journal and a date stay a periodical's issue.
    plain = "Daily Constitution, May 4, 1862."
    fields = [crf.Field(0, 18, "journal", 0.9), crf.Field(20, 31, "date", 0.9)]
    q = assemble.build(plain, assemble.Labelled(0, len(plain) - 1, fields, 0.9), {})
    assert q is not None and q.kind == "newspaper"


def test_a_pointer_to_another_note_is_not_part_of_the_citation():
    from teiedition.citations import crf
    note = "See notes 3–4 above and Smith, The Claims (London, 1990), p. 4."
    start = note.index("notes")

    def field(words: str, label: str) -> crf.Field:
        return crf.Field(note.index(words), note.index(words) + len(words), label, 0.9)

    cit = assemble.Labelled(start, len(note) - 1, [field("Smith", "author"), field("The Claims", "title"),
                                                   field("London", "pubPlace")], 0.9)
    assemble._trim_prose(note, cit)
    assert note[cit.start:cit.end].startswith("Smith, The Claims")
    # Where nothing follows the pointer, the pointer is all there is and stays.
    alone = "As in note 5 above."
    cit = assemble.Labelled(6, len(alone) - 1, [], 0.5)
    assemble._trim_prose(alone, cit)
    assert cit.start == 6


def test_a_possessive_description_before_the_citation_leaves_the_work_it_is_printed_in():
    from teiedition.citations import crf
    note = ("The key paper was Madison’s record of a conversation with Hammond, May 3, 1794 printed "
            "in The Papers of James Madison, Vol. 15 (Charlottesville, 1985), p. 9.")

    def field(words: str, label: str) -> crf.Field:
        return crf.Field(note.index(words), note.index(words) + len(words), label, 0.9)

    start = note.index("Hammond")
    cit = assemble.Labelled(start, len(note) - 1, [field("Hammond", "author"), field("May 3, 1794", "date"),
                                                   field("The Papers of James Madison", "title")], 0.9)
    assemble._trim_prose(note, cit)
    assert note[cit.start:].startswith("The Papers of James Madison")
    # A possessive in an earlier sentence does not reach the citation.
    other = "Madison’s record is lost. Hammond, May 3, 1794 printed in The Papers, p. 9."
    start = other.index("Hammond")
    cit = assemble.Labelled(start, len(other) - 1, [crf.Field(start, start + 7, "author", 0.9)], 0.9)
    assemble._trim_prose(other, cit)
    assert cit.start == start


def test_a_paper_named_by_its_keeper_and_kind_keeps_them():
    from teiedition.citations import crf
    note = "Welles diary, May 4, 1862, LCM, Welles Papers, Box 3."

    def field(words: str, label: str) -> crf.Field:
        return crf.Field(note.index(words), note.index(words) + len(words), label, 0.9)

    cit = assemble.Labelled(0, len(note) - 1, [field("May 4, 1862", "date"), field("LCM", "repository"),
                                               field("Welles Papers", "collection")], 0.9)
    assemble._trim_prose(note, cit)
    assert cit.start == 0
    assert [(note[f.start:f.end], f.label) for f in cit.fields[:2]] == [("Welles", "author"), ("diary", "genre")]
    # Prose before a date is still prose.
    prose = "As the minister wrote, May 4, 1862, LCM, Welles Papers."
    cit = assemble.Labelled(0, len(prose) - 1, [crf.Field(prose.index("May"), prose.index("May") + 11, "date", 0.9)],
                            0.9)
    assemble._trim_prose(prose, cit)
    assert prose[cit.start:].startswith("May 4")


def test_a_semicolon_parts_a_congressional_document_from_the_citation_before_it():
    letter = ("Fish to Sickles, March 4, 1872, NARA, RG 59, Diplomatic Instructions, Vol. 16; "
              "Claims against Spain, 42nd Cong. 3rd Sess., SED 21, pp. 1–4.")
    assert _whole(letter) == ["Fish to Sickles, March 4, 1872, NARA, RG 59, Diplomatic Instructions, Vol. 16",
                              "Claims against Spain, 42nd Cong. 3rd Sess., SED 21, pp. 1–4"]
    # A title's second part names the Congress too, but the part before it is no citation.
    title = ("Papers relating to Foreign Affairs; Accompanying the Annual Message of the President, "
             "41st Cong. 2nd Sess., HED 1 (Washington, 1870), p. 5.")
    assert _whole(title) == [title.rstrip(".")]


def test_a_stop_inside_a_letters_names_is_no_sentence_end():
    slip = "Hay to Clara. L. Stone, June 3, 1890, LCM, Hay Papers."
    assert _whole(slip) == [slip.rstrip(".")]
    # A stop after a whole citation still ends it.
    two = ("Fish to Davis, February 26, 1872, LCM, Fish Papers. Register of the Department of State "
           "(Washington, 1872), p. 4.")
    assert _whole(two) == ["Fish to Davis, February 26, 1872, LCM, Fish Papers",
                           "Register of the Department of State (Washington, 1872), p. 4"]


def test_a_letter_to_an_addressee_described_in_words_starts_at_its_writer():
    from teiedition.citations import crf
    note = "As he wrote, Adams to his old friend Thomas Jefferson, May 4, 1816, Adams Papers, p. 3."
    seg = crf.Segment(note.index("Thomas"), len(note) - 1, 0.9)
    (got,) = assemble._letter_openings(note, [seg])
    assert note[got.start:got.end].startswith("Adams to his old friend Thomas Jefferson")
    # Without a letter's full date, the words before stay prose.
    prose = "Adams to his mind a friend Thomas Jefferson, Adams Papers, p. 3."
    seg = crf.Segment(prose.index("Thomas"), len(prose) - 1, 0.9)
    assert assemble._letter_openings(prose, [seg]) == [seg]
