"""Books: the six FRUS chapters as one book (docs/books.md), built once per module with the
real pipeline (converter, saxonche, Typst, the project schema; tei_all with jing when a copy
is there), then checked: the consolidated bibliography, ids, validity, the site's pages, the
PDF's contents and index page numbers against the PDF's text, incremental rebuilds."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teiedition.book.build import build_book
from teiedition.book.spec import load_book
from teiedition.cli import main
from teiedition.errors import InputError

from .conftest import SHARED

DOCS = SHARED / "corpus" / "docs"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
TOML = """title = "Toward “Thorough, Accurate, and Reliable”: A History of the Foreign Relations \
of the United States Series"
editors = ["William B. McAllister", "Joshua Botts", "Peter Cozzens", "Aaron W. Marrs"]
publisher = "Office of the Historian, U.S. Department of State"
date = 2015-06-01
chapters = [{chapters}]
"""


def _book_dir(tmp: Path) -> Path:
    if not DOCS.is_dir():
        pytest.fail(f"the shared FRUS chapters are not at {DOCS}; set TEIEDITION_TEST_SHARED")
    book = tmp / "frus"
    book.mkdir()
    for src in sorted(DOCS.glob("frus-history-ch0[1-6].txt")):
        shutil.copyfile(src, book / src.name)
    names = ", ".join(f'"{p.name}"' for p in sorted(book.glob("*.txt")))
    (book / "book.toml").write_text(TOML.format(chapters=names), encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("book")
    book = _book_dir(tmp)
    out = tmp / "out"
    result = build_book(book / "book.toml", out, jobs=2, out=io.StringIO(), err=io.StringIO())
    tree = etree.parse(str(out / "book.xml"))
    return book, out, result, tree


def _entry(tree, title_words: str) -> etree._Element:
    found = [b for b in tree.iterfind(".//t:standOff/t:listBibl/t:bibl", NS)
             if title_words in "".join(b.xpath("t:title//text()", namespaces=NS))]
    assert len(found) == 1, f"{title_words}: {len(found)} entries"
    return found[0]


def _cited(entry) -> set[tuple[str, str]]:
    """(chapter, note) of each citing citation, from the refs' targets (chN-nM-K)."""
    return {re.match(r"#ch(\d+)-n(\d+)-", r.get("target")).groups()
            for r in entry.iterfind("t:note[@type='citedBy']/t:ref", NS)}


def test_a_work_cited_in_two_chapters_is_one_entry_naming_both(built):
    _, _, _, tree = built
    boyd = _entry(tree, "United States Government Publications")
    # Chapter 2 cites it by a short title only; the book resolves it to chapter 1's entry.
    assert _cited(boyd) == {("1", "17"), ("2", "99")}
    globe = _entry(tree, "Congressional Globe")
    assert {c for c, _ in _cited(globe)} >= {"2", "3"}


def test_the_revolution_in_cuba_is_one_entry_for_chapters_3_and_4(built):
    _, _, _, tree = built
    # The converter titles this government document by its number (SED 7): the text of
    # chapter 3, note 17 and chapter 4, note 49 ("The Revolution in Cuba, 41st Cong. …").
    entries = [b for b in tree.iterfind(".//t:standOff/t:listBibl/t:bibl", NS)
               if {("3", "17"), ("4", "49")} <= _cited(b)]
    assert len(entries) == 1


def test_ids_are_unique_and_chapters_keep_notes_and_headers(built):
    _, _, _, tree = built
    ids = tree.xpath("//@xml:id")
    assert len(ids) == len(set(ids))
    chapters = tree.findall("t:TEI", NS)
    assert [c.get("{http://www.w3.org/XML/1998/namespace}id") for c in chapters] == [f"ch{i}" for i in range(1, 7)]
    for i, chapter in enumerate(chapters, 1):
        notes = chapter.findall("t:text/t:back/t:div[@type='notes']/t:note", NS)
        assert notes and all(n.get("{http://www.w3.org/XML/1998/namespace}id") == f"ch{i}-n{n.get('n')}" for n in notes)
        assert chapter.find("t:teiHeader/t:fileDesc/t:titleStmt/t:author", NS) is not None
    for ref in tree.iterfind(".//t:ref[@type='noteAnchor']", NS):
        assert tree.xpath("//*[@xml:id=$i]", i=ref.get("target")[1:])


def test_book_tei_is_valid_against_the_project_schema_and_tei_all(built):
    from teiedition.validation import validate

    from .conftest import TEI_ALL_RNG
    _, out, _, _ = built
    assert validate(out / "book.xml", schema="project").ok
    report = validate(out / "book.xml", schema="tei-all", tei_all=TEI_ALL_RNG)
    assert report.ok, report.to_text()[:2000]


def test_the_site_has_every_page_linked_both_ways(built):
    _, out, _, _ = built
    for name in ("index", "bibliography", "persons", "search", *[f"frus-history-ch0{i}" for i in range(1, 7)]):
        assert (out / f"{name}.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="frus-history-ch0{i}.html"' in index for i in range(1, 7))
    assert "Aaron W. Marrs" in index and "Peter Cozzens" in index
    bib = (out / "bibliography.html").read_text(encoding="utf-8")
    assert 'href="frus-history-ch02.html#ch2-n99-2"' in bib  # the entry leads to the note
    ch2 = (out / "frus-history-ch02.html").read_text(encoding="utf-8")
    boyd = re.search(r'id="(b-boyd[\w-]*)"', bib)
    assert boyd and f'href="bibliography.html#{boyd[1]}"' in ch2  # and the note to the entry
    assert 'rel="prev" href="frus-history-ch01.html"' in ch2 and 'rel="next" href="frus-history-ch03.html"' in ch2


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def test_pdf_contents_page_numbers_are_the_chapters_pages(built):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    _, out, _, tree = built
    pages = _pdf_pages(out / "book.pdf")
    contents = pages[1]
    assert "Contents" in contents
    for chapter in tree.findall("t:TEI", NS):
        title = chapter.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']", namespaces=NS)
        last_words = " ".join(title.split()[-3:])
        line = next(line for line in contents.replace("\u2060", "").splitlines() if line.strip().endswith(
            tuple("0123456789")) and last_words.split()[-1] in line)
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        opening = " ".join(pages[number - 1].split())
        assert f"Chapter {chapter.get('n')}".upper() in opening.upper(), (title, number)


def test_pdf_person_index_page_numbers_hold_the_citations(built):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    _, out, _, tree = built
    pages = [" ".join(p.split()) for p in _pdf_pages(out / "book.pdf")]
    # The index runs from its heading (not the contents page, which names it too) over as
    # many pages as it needs.
    first = next(i for i, p in enumerate(pages)
                 if "persons cited" in p.lower() and "contents" not in p.lower())
    index_text = " ".join(pages[first:])
    checked = 0
    sample = [p for p in tree.iterfind(".//t:listPerson/t:person", NS)
              if p.findtext("t:persName/t:surname", namespaces=NS) in ("Boyd", "Schmeckebier", "Leopold")]
    for person in sample:
        surname = person.findtext("t:persName/t:surname", namespaces=NS)
        match = re.search(re.escape(surname) + r", [^0-9]*?((?:\d+(?:, )?)+)", index_text)
        assert match, surname
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        for number in numbers:
            assert surname in pages[number - 1], (surname, number)
        checked += 1
    assert checked == 3


def test_rebuild_skips_and_one_changed_chapter_rebuilds_only_itself(built, tmp_path):
    book, out, _, _ = built
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    again = build_book(book / "book.toml", out, jobs=2, out=io.StringIO(), err=io.StringIO())
    assert again.status == "skipped" and again.chapters.count("skipped") == 6
    ch5 = book / "frus-history-ch05.txt"
    ch5.write_text(ch5.read_text(encoding="utf-8").replace("Department", "Department", 1) + "\n", encoding="utf-8")
    text = ch5.read_text(encoding="utf-8")
    ch5.write_text(text.replace("the ", "the  ", 1), encoding="utf-8")
    changed = build_book(book / "book.toml", out, jobs=2, out=io.StringIO(), err=io.StringIO())
    assert changed.status == "built"
    assert changed.chapters.count("built") == 1 and changed.chapters.count("skipped") == 5
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    # Pages of chapters whose text and neighbours did not change keep their bytes.
    assert after["frus-history-ch01.html"] == before["frus-history-ch01.html"]


def test_two_builds_are_byte_identical(built, tmp_path):
    book, out, _, _ = built
    other = tmp_path / "again"
    build_book(book / "book.toml", other, jobs=1, out=io.StringIO(), err=io.StringIO())
    for name in ("book.xml", "book.pdf", "index.html", "search.html", "bibliography.html", "persons.html"):
        assert (other / name).read_bytes() == (out / name).read_bytes(), name


def test_the_pdf_markup_made_in_parts_and_kept_is_the_whole_books(built, tmp_path):
    from teiedition.book.cache import MarkupCache
    from teiedition.book.pdf import book_markup, book_typst
    from teiedition.xmlsafe import parse_bytes

    _, out, _, _ = built
    data = (out / "book.xml").read_bytes()
    whole = book_typst(data)
    store = MarkupCache(tmp_path)
    assert book_markup(parse_bytes(data, "book.xml"), data, store=store) == whole
    assert store.hits == 0 and len(list(store.directory.iterdir())) == 6
    damaged = sorted(store.directory.iterdir())[0]
    damaged.write_bytes(damaged.read_bytes()[:-10])  # a damaged entry is made again, not used
    again = MarkupCache(tmp_path)
    assert book_markup(parse_bytes(data, "book.xml"), data, store=again) == whole
    assert again.hits == 5
    again.prune()
    assert len(list(store.directory.iterdir())) == 6


def test_chapter_pages_made_from_kept_chapter_editions_are_the_whole_books(built, tmp_path):
    from teiedition.book import site
    from teiedition.book.cache import MarkupCache
    from teiedition.transform import SaxonDocument, run_xslt
    from teiedition.xmlsafe import parse_file

    _, out, _, _ = built
    tree = parse_file(out / "book.xml")
    document = SaxonDocument(tree)
    stems = [f"frus-history-ch0{i}" for i in range(1, 7)]
    site.render_site(tree, stems, document, MarkupCache(tmp_path))
    again = MarkupCache(tmp_path)
    files = site.render_site(tree, stems, document, again)
    assert again.hits == 6
    for number, stem in enumerate(stems, 1):
        whole = run_xslt("site/site.xsl", document, {**site.page_params(stems), "page": "chapter",
                                                     "chapter": str(number)})
        assert files[f"{stem}.html"] == whole.encode("utf-8"), stem


def test_a_one_chapter_rebuild_is_byte_identical_to_a_fresh_build(built, tmp_path, monkeypatch):
    from teiedition.book import build

    book, out, _, _ = built
    ch3 = book / "frus-history-ch03.txt"
    ch3.write_text(ch3.read_text(encoding="utf-8").replace("continued to publish", "went on publishing", 1),
                   encoding="utf-8")
    early = []
    begin = build._Early.begin
    monkeypatch.setattr(build._Early, "begin", lambda self, tei: (early.append(tei), begin(self, tei))[1])
    typeset = build._typeset
    made = []
    monkeypatch.setattr(build, "_typeset", lambda *a: (made.append(1), typeset(*a))[1])
    changed = build_book(book / "book.toml", out, jobs=2, out=io.StringIO(), err=io.StringIO())
    assert changed.chapters.count("built") == 1
    # The book's PDF was begun once the changed chapter's TEI was in place, beside the rest of
    # the chapter, and that work was used.
    assert early == [out / "chapters" / "frus-history-ch03.xml"] and made == [1]
    fresh = tmp_path / "fresh"
    build_book(book / "book.toml", fresh, jobs=2, out=io.StringIO(), err=io.StringIO())
    names = sorted(p.name for p in fresh.iterdir() if p.is_file() and not p.name.startswith("."))
    assert "book.pdf" in names and "search.html" in names
    for name in names:
        assert (fresh / name).read_bytes() == (out / name).read_bytes(), name


HEAD = "title = 'x'\neditors = ['e']\npublisher = 'p'\n"


@pytest.mark.parametrize(("text", "message"), [
    ("title = 'x'", "missing keys editors, publisher, date, chapters"),
    ("title = 'x'\neditors = []\npublisher = 'p'\ndate = '2015'\nchapters = ['a.txt']", "editors must be a list"),
    (HEAD + "date = '2015'\nchapters = ['missing.txt']", "chapter 'missing.txt': no such file"),
    (HEAD + "date = 'soon'\nchapters = ['a.txt']", "date must be YYYY-MM-DD or YYYY"),
    ("title = \"x", "not valid TOML"),
    (HEAD + "date = '2015'\nchapters = ['a.txt']\ncolour = 'red'", "unknown key 'colour'"),
])
def test_a_bad_description_is_one_line(tmp_path, capsys, text, message):
    (tmp_path / "a.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    toml = tmp_path / "book.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_book(toml)
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_the_book_bag_holds_every_part_and_names_each_chapter(built):
    from teiedition.archive import verify_bag
    _, out, _, _ = built
    bag = out / "book.bag"
    assert verify_bag(bag) == []
    data = bag / "data"
    chapters = [f"chapters/frus-history-ch0{i}.xml" for i in range(1, 7)]
    for name in ("book.xml", "book.pdf", "index.html", "search.html", "bibliography.html", "persons.html",
                 "metadata/dc.xml", "metadata/datacite.xml", *chapters):
        assert (data / name).is_file(), name
    assert (data / "book.xml").read_bytes() == (out / "book.xml").read_bytes()
    record = etree.parse(str(data / "metadata" / "datacite.xml"))
    dc = {"d": "http://datacite.org/schema/kernel-4"}
    parts = record.xpath("//d:relatedItem[@relationType='HasPart']", namespaces=dc)
    assert [p.findtext("d:number", namespaces=dc) for p in parts] == [str(i) for i in range(1, 7)]
    assert parts[1].xpath(".//d:familyName/text()", namespaces=dc) == ["Marrs"]
    assert record.xpath("//d:creators/d:creator/d:familyName/text()", namespaces=dc)[0] == "McAllister"
