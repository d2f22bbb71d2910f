"""The web edition (xslt/html.xsl): structure, links, citations, metadata, any TEI, hostile text.

Each page is parsed with html5lib (strict: a parse error fails the test) into an lxml tree, and
checked against the TEI it was made from, so the expectations come from the input and not
from a golden copy of the output.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import html5lib
import pytest
from lxml import etree

from teiedition.cli import main
from teiedition.html import render_html
from teiedition.transform import render

from .webpages import build_sample_tei

FIXTURES = Path(__file__).parent / "fixtures" / "render"
CHAPTER = FIXTURES / "chapter.xml"
GENERIC = FIXTURES / "generic.xml"
HOSTILE = FIXTURES / "hostile.xml"
ARCHIVAL = FIXTURES.parent / "archival" / "archival.xml"
TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse_html(data: bytes) -> etree._Element:
    """Parse as a browser would; any HTML parse error fails the test."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True,
                                 namespaceHTMLElements=False)
    return parser.parse(data).getroot()


_pages: dict[Path, tuple[bytes, etree._Element]] = {}


def page(path: Path) -> tuple[bytes, etree._Element]:
    if path not in _pages:
        data = render_html(path)
        _pages[path] = (data, parse_html(data))
    return _pages[path]


def tei(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def by_id(root: etree._Element) -> dict[str, etree._Element]:
    return {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}


@pytest.fixture(scope="session")
def sample_tei(tmp_path_factory) -> Path:
    return build_sample_tei(tmp_path_factory.mktemp("sample"))


ALL_PAGES = ["chapter.xml", "generic.xml", "hostile.xml", "archival", "sample"]


@pytest.fixture(params=ALL_PAGES)
def any_tei(request) -> Path:
    """Each fixture file, the letters-and-archives fixture, and the sample chapter as the
    converter encodes it now."""
    if request.param == "sample":
        return request.getfixturevalue("sample_tei")
    if request.param == "archival":
        return ARCHIVAL
    return FIXTURES / request.param


# ---------------------------------------------------------------- every page

def test_page_is_html5_without_parse_errors(any_tei):
    path = any_tei
    data, root = page(path)
    assert data.startswith(b"<!DOCTYPE HTML>")
    assert root.tag == "html"
    assert root.find("head/meta[@charset='utf-8']") is not None


def test_ids_are_unique_and_every_internal_link_resolves(any_tei):
    path = any_tei
    _, root = page(path)
    ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    known = set(ids)
    for attr in ("href", "aria-describedby", "aria-labelledby"):
        for el in root.xpath(f"//*[@{attr}]"):
            value = el.get(attr)
            if attr == "href" and not value.startswith("#"):
                continue
            for ref in value.lstrip("#").split():
                assert ref in known, f"{attr}={value!r} on <{el.tag}> leads nowhere"


def test_page_is_self_contained(any_tei):
    path = any_tei
    """Nothing is fetched: no external stylesheet, script, image, font or frame."""
    _, root = page(path)
    assert root.xpath("//link[@rel='stylesheet']") == []
    assert root.xpath("//*[@src and not(starts-with(@src, 'data:'))]") == []
    assert [s.get("type") for s in root.iter("script")] in ([], ["application/ld+json"])
    css = "".join(s.text or "" for s in root.iter("style"))
    assert "url(" not in css and "@import" not in css
    assert root.xpath("//iframe | //object | //embed | //base") == []


def test_page_has_print_and_phone_styles(any_tei):
    path = any_tei
    _, root = page(path)
    css = root.findtext("head/style")
    assert "@media print" in css and "max-width" in css
    assert root.find("head/meta[@name='viewport']") is not None


def test_rendering_is_deterministic():
    assert render_html(CHAPTER) == render_html(CHAPTER)


# ---------------------------------------------------------------- structure

def test_semantic_structure_of_the_chapter():
    _, root = page(CHAPTER)
    src = tei(CHAPTER)
    assert root.get("lang") == "en"
    title = src.findtext(".//t:titleStmt/t:title", namespaces=TEI)
    assert root.findtext("head/title") == title
    assert text(root.find("body/header/h1")) == title
    assert "Geoffrey Roberts" in text(root.find("body/header"))
    assert text(root.find("body/header/p[@class='source-line']")) == (
        "First published in The Soviet Union and the Origins of the Second World War, Palgrave Macmillan, 1995")
    nav = root.find("body/nav")
    assert [a.get("href") for a in nav.iter("a")] == [
        "#ed-abstract", "#ed-div-2-1", "#ed-notes", "#ed-bibliography", "#ed-abbreviations", "#ed-colophon"]
    main_el = root.find("body/main")
    assert [s.get("class") for s in main_el.findall("section")] == [
        "abstract", "div-chapter", "notes", "bibliography", "abbreviations"]
    assert "Hitler’s accession" in text(main_el.find("section[@class='abstract']"))
    footer = text(root.find("body/footer"))
    for words in ("Source", "Palgrave Macmillan", "© Geoffrey Roberts 1995", "Licence",
                  "How this edition was made", "Encoded by teiedition", "roberts-1995-rapallo.txt"):
        assert words in footer
    # The abstract is in the header and in front; it must be shown once.
    assert text(root.find("body")).count("Hitler’s accession") == 1


def test_notes_are_an_ordered_list_with_the_tei_ids_and_permalinks():
    _, root = page(CHAPTER)
    notes = tei(CHAPTER).findall(".//t:div[@type='notes']/t:note", TEI)
    items = root.xpath("//section[@class='notes']/ol[@class='notes']/li")
    assert [li.get("id") for li in items] == [n.get(XML_ID) for n in notes]
    assert [li.get("value") for li in items] == [n.get("n") for n in notes]
    for li in items:
        link = li.find("a[@class='note-num']")
        assert link.get("href") == "#" + li.get("id") and text(link) == li.get("value")


def test_note_calls_link_to_notes_and_back():
    _, root = page(CHAPTER)
    ids = by_id(root)
    calls = root.xpath("//main//sup[@class='note-call']/a")
    assert [c.get("href") for c in calls] == ["#n1", "#n2"]
    for call in calls:
        note = ids[call.get("href")[1:]]
        back = note.xpath(".//a[@class='back']")
        assert [b.get("href") for b in back] == ["#" + call.getparent().get("id")]


def test_titles_italic_for_books_and_journals_quoted_once_for_articles():
    _, root = page(CHAPTER)
    ids = by_id(root)
    n7 = ids["n7-1"]
    assert n7.xpath("cite[@class='title title-quoted']")[0].text == "The Soviet Union and the League of Nations"
    # The source prints the quotation marks itself: none are added.
    assert "‘The Soviet Union and the League of Nations’" in text(n7)
    assert "‘‘" not in text(root)
    journal = ids["n7-2"].xpath("cite[@class='title title-italic']")
    assert [text(c) for c in journal] == ["Novaya i Noveishaya Istoriya"]
    css = root.findtext("head/style")
    assert re.search(r"cite\.title-italic\s*\{[^}]*font-style:\s*italic", css)


def test_short_title_takes_the_level_of_its_work():
    _, root = page(CHAPTER)
    short = by_id(root)["n3-2"].xpath(".//a[contains(@class,'ref-short')]/cite")[0]
    assert short.get("class") == "title title-italic" and text(short) == "Diplomatiya Mira"


def test_title_without_printed_quotes_gets_the_languages_marks():
    _, root = page(GENERIC)   # xml:lang="de"
    assert "„SentinelArticle“" in text(root)
    assert root.xpath("//cite[@class='title title-italic' and .='SentinelBook']")


def test_corrections_show_the_corrected_reading():
    _, root = page(CHAPTER)
    assert "1933–1939 (Moscow, 1981)" in text(by_id(root)["n2-2"])
    _, root = page(GENERIC)
    # The correction is the reading; the source's reading is reachable in its tooltip only.
    host = root.xpath("//span[contains(@class, 'choice')][span[@class='reading']='SentinelCorr']")[0]
    assert "SentinelSic" in text(host.find("span[@class='alt']"))
    assert host.get("tabindex") == "0" and host.get("aria-describedby") == host.find("span[@class='alt']").get("id")


# ---------------------------------------------------------------- citations

@pytest.mark.parametrize("kind,ref_in,target,full", [
    ("ibid", "n6-1", "n5-1", "The Unholy Alliance: Stalin’s Pact with Hitler"),
    ("short", "n3-2", "n2-2", "Diplomatiya Mira protiv Diplomatii Voiny"),
    ("abbr", "n4-1", "n2-3", "Documents on German Foreign Policy (hereafter DGFP)"),
])
def test_back_reference_links_to_its_citation_with_full_reference_tooltip(kind, ref_in, target, full):
    _, root = page(CHAPTER)
    ids = by_id(root)
    link = ids[ref_in].xpath(f".//a[contains(@class, 'ref-{kind}')]")[0]
    assert link.get("href") == "#" + target
    tip = ids[link.get("aria-describedby")]
    assert tip.get("role") == "tooltip" and tip.get("class") == "tip"
    assert full in text(tip)
    # The tooltip must not hold links or ids: it is a copy, not a second citation.
    assert tip.xpath(".//a | .//*[@id]") == []
    # Shown without script, on hover and on keyboard focus.
    css = root.findtext("head/style")
    assert re.search(r"\.cite:focus-within\s*>\s*\.tip", css) and re.search(r"\.cite:hover\s*>\s*\.tip", css)


def test_empty_back_reference_draws_no_empty_link():
    _, root = page(CHAPTER)
    cit = by_id(root)["n4-2"]
    assert text(cit) == "vol. 2, doc. 127"
    # The only links without text are the bibliography marks, named by their aria-label.
    assert cit.xpath(".//a") == [] and root.xpath("//a[not(normalize-space())][not(@aria-label)]") == []


def test_ibid_of_a_short_title_shows_the_full_citation():
    """Chains are followed: the tooltip names the work, not another abbreviation."""
    doc = etree.parse(str(CHAPTER))
    note = doc.find(".//t:note[@n='6']", TEI)
    note.find(".//t:ref", TEI).set("target", "#n3-2")   # Ibid. -> Maksimychev, Diplomatiya Mira
    _, root = parse_and_keep(render_html(doc))
    link = by_id(root)["n6-1"].xpath(".//a[contains(@class,'ref-ibid')]")[0]
    assert link.get("href") == "#n3-2"
    assert "Ocherk Sovetsko-Germanskikh" in text(by_id(root)[link.get("aria-describedby")])


def test_back_reference_to_a_bibliography_entry_shows_the_entry_without_its_cited_by():
    """Other projects' TEI may point an abbreviation at the bibliography entry itself."""
    doc = etree.parse(str(CHAPTER))
    doc.find(".//t:note[@n='4']//t:ref", TEI).set("target", "#dgfp")
    _, root = parse_and_keep(render_html(doc))
    link = by_id(root)["n4-1"].xpath(".//a[contains(@class,'ref-abbr')]")[0]
    assert link.get("href") == "#dgfp"
    tip = text(by_id(root)[link.get("aria-describedby")])
    assert tip == "Documents on German Foreign Policy (DGFP)."


def parse_and_keep(data: bytes) -> tuple[bytes, etree._Element]:
    return data, parse_html(data)


def test_bibliography_entries_link_back_to_every_citing_note():
    _, root = page(CHAPTER)
    src = tei(CHAPTER)
    entries = src.findall(".//t:listBibl/t:bibl", TEI)
    items = root.xpath("//ul[@class='bibliography']/li")
    assert [li.get("id") for li in items] == [e.get(XML_ID) for e in entries]
    for entry, li in zip(entries, items, strict=True):
        # Once per note ("Cited in notes 2, 4, 4" listed a note per citation): the note's first
        # citation of the work.
        citing, notes = [], set()
        for b in src.xpath(".//t:note[@type='endnote']//t:bibl[@corresp=$c]", namespaces=TEI,
                           c="#" + entry.get(XML_ID)):
            note = b.xpath("ancestor::t:note[1]/@n", namespaces=TEI)[0]
            if note not in notes:
                notes.add(note)
                citing.append("#" + b.get(XML_ID))
        links = li.xpath("span[@class='cited-by']/a")
        assert [a.get("href") for a in links] == citing
        assert len({a.text for a in links}) == len(links)


def test_back_links_are_made_when_the_tei_has_no_cited_by_note():
    doc = etree.parse(str(CHAPTER))
    for note in doc.findall(".//t:listBibl/t:bibl/t:note", TEI):
        note.getparent().remove(note)
    _, root = parse_and_keep(render_html(doc))
    li = by_id(root)["maksimychev-1981"]
    assert [a.get("href") for a in li.xpath(".//span[@class='cited-by']/a")] == ["#n2-2", "#n3-2"]
    assert text(li.find("span[@class='cited-by']")) == "Cited in notes 2, 3."


def test_every_bibliography_entry_has_a_coins_span():
    _, root = page(CHAPTER)
    ids = by_id(root)
    for li in root.xpath("//ul[@class='bibliography']/li"):
        spans = li.xpath("span[@class='Z3988']")
        assert len(spans) == 1
        kev = parse_qs(spans[0].get("title"), strict_parsing=True)
        assert kev["ctx_ver"] == ["Z39.88-2004"] and "rft.title" in kev
    article = parse_qs(ids["akhtamzyan-1990"].find("span[@class='Z3988']").get("title"))
    assert article["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    assert article["rft.atitle"] == ["Voenno Sotrudnichestvo SSSR i Germanii"]
    assert article["rft.jtitle"] == ["Novaya i Noveishaya Istoriya"]
    assert article["rft.issue"] == ["5"] and article["rft.date"] == ["1990"]
    assert article["rft.aulast"] == ["Akhtamzyan"]
    chapter = parse_qs(ids["plettenberg-1983"].find("span[@class='Z3988']").get("title"))
    assert chapter["rft.genre"] == ["bookitem"]
    assert chapter["rft.btitle"] == ["The League of Nations in Retrospect"]
    book = parse_qs(ids["maksimychev-1981"].find("span[@class='Z3988']").get("title"))
    assert book["rft.genre"] == ["book"] and book["rft.place"] == ["Moscow"]


def test_abbreviations_list_and_expansions():
    _, root = page(CHAPTER)
    dl = root.find(".//section[@class='abbreviations']/dl")
    assert text(dl.find("dt")) == "DGFP"
    assert dl.find("dd/a").get("href") == "#dgfp"
    assert root.xpath("//main//abbr[.='DGFP']/@title")[0] == "Documents on German Foreign Policy"


# ---------------------------------------------------------------- letters, archives, web sources

def reading(el: etree._Element, drop: tuple[str, ...] = ()) -> str:
    """An element's text as the edition reads it: corrections, not the source's errors, and
    without the descendants named in drop (Clark names)."""
    el = etree.fromstring(etree.tostring(el))
    for sic in el.iterfind(".//t:choice/t:sic", TEI):
        sic.getparent().remove(sic)
    for tag in drop:
        for d in list(el.iter(tag)):
            _drop_keep_tail(d)
    return " ".join("".join(el.itertext()).split())


def _drop_keep_tail(el: etree._Element) -> None:
    """Remove an element, keeping the text after it."""
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")
    parent.remove(el)


def without(el: etree._Element, xpath: str) -> str:
    """The text of an HTML element without the elements xpath selects (links the page adds)."""
    el = etree.fromstring(etree.tostring(el))
    for d in el.xpath(xpath):
        _drop_keep_tail(d)
    return text(el)


def test_archival_notes_and_entries_keep_every_word():
    """Nothing lost: each note's text and each bibliography entry's text, as the TEI reads."""
    _, root = page(ARCHIVAL)
    src = tei(ARCHIVAL)
    ids = by_id(root)
    notes = src.findall(".//t:div[@type='notes']/t:note", TEI)
    assert len(notes) == 16
    for note in notes:
        body = ids[note.get(XML_ID)].find("div[@class='note-body']")
        # The edition adds quotation marks around an article's short title (te:title-marks).
        shown = without(body, ".//a[@class='to-bib' or @class='back'] | .//span[@class='tip']")
        assert shown.replace("‘Hamilton Fish’", "Hamilton Fish") == reading(note), note.get("n")
    for entry in src.findall(".//t:listBibl/t:bibl", TEI):
        li = ids[entry.get(XML_ID)]
        assert text(li.find("span[@class='entry']")) == reading(entry, ("{http://www.tei-c.org/ns/1.0}note",))
        assert text(li.find("span[@class='cited-by']")) == reading(entry.find("t:note", TEI))


def test_archival_page_has_every_text_node_of_the_tei_text():
    """Nothing lost, node by node: each text node of the TEI's text (the reading, so no sic)
    is on the page; an article's short title gains quotation marks around it."""
    _, root = page(ARCHIVAL)
    body = text(root.find("body"))
    nodes = tei(ARCHIVAL).find("t:text", TEI).xpath(".//text()[normalize-space()][not(ancestor::t:sic)]",
                                                   namespaces=TEI)
    assert len(nodes) > 300
    missing = [str(t) for t in nodes if " ".join(t.split()) not in body]
    assert missing == []


def test_archival_parts_carry_their_meaning():
    _, root = page(ARCHIVAL)
    n1 = by_id(root)["n1-1"]
    assert n1.get("title") == "Despatch" and "kind-letter" in n1.get("class")
    parts = {(s.get("class").split()[1], s.get("title"), text(s))
             for s in n1.xpath(".//span[contains(@class, 'part-')]")}
    assert parts == {("part-sender", "Sender", "Daniel Sickles"), ("part-recipient", "Recipient", "Fish"),
                     ("part-repository", "Repository", "NARA"), ("part-collection", "Collection", "RG 59"),
                     ("part-item", "Item", "M31"),
                     ("part-series", "Series", "Despatches From U.S. Ministers to Spain, 1792–1906"),
                     ("part-volume", "Volume", "Roll 56")}
    n3 = by_id(root)["n3-1"]
    box_folder = n3.xpath(".//span[contains(@class, 'part-box') or contains(@class, 'part-folder')]")
    assert [(s.get("title"), text(s)) for s in box_folder] == [
        ("Box", "Container 313"), ("Folder", "July–December 1872")]
    assert by_id(root)["n7-1"].get("title") == "Government document"
    assert [text(s) for s in by_id(root)["n13-1"].xpath(".//span[@title='Folio']")] == ["fol. 6r"]
    assert by_id(root)["n12-1"].xpath(".//span[@title='Translator']/text()") == ["A. N. Other"]
    # A book is the common case: no kind named.
    assert by_id(root)["n11-1"].get("title") is None


def test_printed_urls_and_dois_are_links():
    _, root = page(ARCHIVAL)
    src = tei(ARCHIVAL)
    targets = [r.get("target") for r in src.iterfind(".//t:ref[@type='url']", TEI)]
    assert [a.get("href") for a in root.xpath("//main//a[@class='url']")] == targets
    assert [text(a) for a in root.xpath("//main//a[@class='url']")] == [
        text(r) for r in src.iterfind(".//t:ref[@type='url']", TEI)]
    assert root.xpath("//main//a[@class='doi']/@href") == ["https://doi.org/10.2307/1371908"] * 2


@pytest.mark.parametrize("target", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x y"])
def test_a_url_with_an_unsafe_address_stays_text(target):
    doc = etree.parse(str(ARCHIVAL))
    ref = doc.find(".//t:ref[@type='url']", TEI)
    ref.set("target", target)
    _, root = parse_and_keep(render_html(doc))
    cit = by_id(root)["n4-1"]
    assert cit.xpath(".//a[@class='url']") == []
    assert cit.xpath(".//span[@class='url']/text()") == [ref.text]


def test_a_doi_that_is_not_one_stays_text():
    doc = etree.parse(str(ARCHIVAL))
    doc.find(".//t:idno[@type='DOI']", TEI).text = "javascript:alert(1)"
    _, root = parse_and_keep(render_html(doc))
    assert by_id(root)["n11-2"].xpath(".//a[@class='doi']") == []
    assert by_id(root)["n11-2"].xpath(".//span[@class='doi']/text()") == ["javascript:alert(1)"]


def test_archival_sources_listed_apart_by_repository_and_collection_then_date():
    _, root = page(ARCHIVAL)
    bib = root.find(".//section[@class='bibliography']")
    assert [text(h) for h in bib.xpath("section/h3")] == ["Archival sources", "Published works"]
    archival = bib.find("section[@class='archival-sources']")
    assert [text(h) for h in archival.xpath("h4")] == [
        "Biblioteca Nazionale Marciana", "LCM, Fish Papers", "NARA, RG 59"]
    assert [li.get("id") for li in archival.xpath("ul/li")] == [
        "marciana-x-381", "fish-hall-1872-10-25", "fish-diary",           # dated before undated
        "davis-sumner-1869-12-20", "sickles-fish-1873-01-28"]           # by date
    published = bib.find("section[@class='published-works']")
    src_order = [b.get(XML_ID) for b in tei(ARCHIVAL).findall(".//t:listBibl/t:bibl", TEI)
                 if b.get("type") not in ("letter", "archive")]
    assert [li.get("id") for li in published.xpath("ul/li")] == src_order
    # Every entry once.
    assert len(bib.xpath(".//ul/li")) == len(tei(ARCHIVAL).findall(".//t:listBibl/t:bibl", TEI))
    assert parse_qs(by_id(root)["fish-hall-1872-10-25"].find("span[@class='Z3988']").get("title"))["rft.title"] == [
        "Fish, Hamilton to Henry C. Hall, October 25, 1872. LCM, Fish Papers, Container 313, July–December 1872."]


def test_german_labels_for_kinds_and_parts():
    doc = etree.parse(str(ARCHIVAL))
    doc.getroot().set("{http://www.w3.org/XML/1998/namespace}lang", "de")
    _, root = parse_and_keep(render_html(doc))
    assert by_id(root)["n1-1"].get("title") == "Depesche"
    assert by_id(root)["n1-1"].xpath(".//span[contains(@class, 'part-recipient')]/@title") == ["Empfänger"]
    assert [text(h) for h in root.xpath("//section[@class='bibliography']/section/h3")] == [
        "Archivalische Quellen", "Veröffentlichte Werke"]


# ---------------------------------------------------------------- metadata

def test_highwire_meta_tags_describe_the_source_chapter():
    _, root = page(CHAPTER)
    meta = {}
    for m in root.iter("meta"):
        if m.get("name", "").startswith("citation_"):
            meta.setdefault(m.get("name"), []).append(m.get("content"))
    assert meta["citation_title"] == [
        "From Co-operation to Confrontation: The End of Rapallo and the Turn to Collective Security, 1933–1935"]
    assert meta["citation_author"] == ["Geoffrey Roberts"]
    assert meta["citation_publication_date"] == ["1995"]
    assert meta["citation_inbook_title"] == ["The Soviet Union and the Origins of the Second World War"]
    assert meta["citation_publisher"] == ["Palgrave Macmillan"]
    assert meta["citation_language"] == ["en"]


def test_json_ld_is_valid_and_lists_the_cited_works():
    _, root = page(CHAPTER)
    data = json.loads(root.find("head/script[@type='application/ld+json']").text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Chapter"
    assert data["name"].startswith("From Co-operation to Confrontation")
    assert data["author"] == [{"@type": "Person", "name": "Geoffrey Roberts"}]
    assert data["datePublished"] == "1995"
    assert data["isPartOf"]["name"] == "The Soviet Union and the Origins of the Second World War"
    works = {w["name"]: w for w in data["citation"]}
    assert len(works) == len(tei(CHAPTER).findall(".//t:listBibl/t:bibl", TEI))
    assert works["Voenno Sotrudnichestvo SSSR i Germanii"]["@type"] == "ScholarlyArticle"
    assert works["The Soviet Union and the League of Nations"]["isPartOf"]["@type"] == "Book"


# ---------------------------------------------------------------- any TEI

def test_generic_tei_keeps_all_its_text():
    """Every word of the generic file's text is on the page, known element or not."""
    _, root = page(GENERIC)
    body_text = text(root.find("body"))
    words = set(re.findall(r"Sentinel\w+", " ".join(tei(GENERIC).find("t:text", TEI).itertext())))
    assert len(words) >= 25
    # Every reading counts, the alternatives of a choice too (they are in its tooltip).
    missing = {w for w in words if w not in body_text}
    assert missing == set()


def test_generic_tei_structures():
    _, root = page(GENERIC)
    assert root.get("lang") == "de"
    assert root.findtext("body/nav/h2") == "Inhalt"
    part = by_id(root)["teil1"]
    assert part.tag == "section" and part.find("h2").text == "Erster Teil"
    assert part.find("section/h3").text == "Ein Abschnitt"
    assert part.find("section/section/h4").text == "Tiefer"
    assert [text(li) for li in part.xpath(".//ol/li")] == ["SentinelItemOne", "SentinelItemTwo"]
    assert part.xpath(".//ul/li[.='SentinelBullet']")
    assert part.xpath(".//blockquote/p[.='SentinelBlockQuote']")
    verse = part.xpath(".//div[@class='lg']/span[@class='l']")
    assert [text(line) for line in verse] == ["SentinelLineOne", "SentinelLineTwo"]
    table = part.find(".//table")
    assert table.findtext("caption") == "SentinelCaption"
    assert table.xpath(".//th[.='SentinelHeaderCell']") and table.xpath(".//td[@colspan='2']")
    assert part.xpath(".//figure/figcaption[.='SentinelFigureHead']")
    assert "[Abbildung: SentinelFigDesc]" in text(part.find(".//figure"))
    assert "[Seite 12]" in text(part)
    assert part.xpath(".//i[@lang='la' and .='SentinelLatin']")
    assert part.xpath(".//i[.='SentinelItalic'] and .//b[.='SentinelBold'] and .//sup[.='SentinelSup']")
    assert root.xpath("//span[@class='tei-unknownThing' and .='SentinelUnknown']")
    # abbr/expan: the expansion is read, the abbreviation is in the tooltip (te:choice-reading).
    assert root.xpath("//span[span[@class='reading']='SentinelExpansion']/span[@class='alt'][contains(., 'SentAbbr')]")
    assert root.xpath("//span[@class='gap' and .='[… unleserlich]']")  # the reason in the text's language
    assert root.xpath("//span[@class='gap' and .='[… SentinelGapDesc]']")


def test_generic_footnotes_become_calls_and_list_entries():
    _, root = page(GENERIC)
    items = root.xpath("//ol[@class='notes']/li")
    assert [li.get("id") for li in items] == ["note-1", "note-2"]
    assert "SentinelFootnote" in text(items[0]) and "SentinelSecondNote" in text(items[1])
    calls = root.xpath("//main//sup[@class='note-call']/a")
    assert [(c.get("href"), c.getparent().get("id")) for c in calls] == [
        ("#note-1", "call-note-1"), ("#note-2", "call-note-2")]
    assert items[0].xpath(".//a[@class='back']/@href") == ["#call-note-1"]
    assert items[0].xpath(".//a[.='part two']/@href") == ["#teil2"]


def test_links_only_for_safe_targets():
    _, root = page(GENERIC)
    assert root.xpath("//a[.='SentinelExternal']/@href") == ["https://example.org/x"]
    assert root.xpath("//a[.='SentinelDangling']") == []
    assert root.xpath("//span[@class='ref' and .='SentinelDangling']")
    # The graphic is not fetched from the network.
    assert root.xpath("//img") == []


# ---------------------------------------------------------------- hostile text

HOSTILE_STRINGS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


def test_hostile_text_is_text():
    _, root = page(HOSTILE)
    body = text(root.find("body"))
    for s in HOSTILE_STRINGS:
        assert s in body
    assert "&lt;b&gt;" in body    # an escaped entity in the TEI stays visibly escaped
    assert [s.get("type") for s in root.iter("script")] == ["application/ld+json"]
    assert root.xpath("//img") == []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name in ("href", "src"):
                assert value.startswith(("#", "https://", "http://", "mailto:")), (el.tag, value)
    # The language attribute is not taken from a malformed xml:lang.
    assert root.get("lang") == "en"


def test_hostile_text_cannot_leave_the_json_ld_script():
    data, root = page(HOSTILE)
    raw = data.split(b'<script type="application/ld+json">', 1)[1].split(b"</script>", 1)[0]
    assert b"<" not in raw      # no "</script" and no "<!--" can appear inside
    ld = json.loads(raw)
    assert ld["name"] == "</title><script>alert(3)</script>"
    assert ld["abstract"] == "<script>alert(1)</script> in the abstract </script>"
    title = tei(HOSTILE).findtext(".//t:titleStmt/t:title", namespaces=TEI)
    assert root.findtext("head/title") == title and text(root.find("body/header/h1")) == title


def test_hostile_text_in_meta_and_coins_attributes_round_trips():
    _, root = page(HOSTILE)
    assert root.find("head/meta[@name='citation_author']").get("content") == '"><img src=x onerror=alert(1)>'
    kev = parse_qs(root.find(".//span[@class='Z3988']").get("title"))
    assert kev["rft.au"] == ["<script>alert(1)</script>"]
    assert kev["rft.btitle"] == ['"><img src=x onerror=alert(1)> &amp;']


# ---------------------------------------------------------------- sample, library and CLI

def test_sample_page_has_all_37_notes_with_the_teis_ids(sample_tei):
    _, root = page(sample_tei)
    notes = tei(sample_tei).findall(".//t:back/t:div[@type='notes']/t:note", TEI)
    assert len(notes) == 37
    items = root.xpath("//ol[@class='notes']/li")
    assert [li.get("id") for li in items] == [n.get(XML_ID) for n in notes]
    assert [li.get("value") for li in items] == [str(i) for i in range(1, 38)]


def test_render_dispatches_on_format():
    assert render(CHAPTER, "html") == render_html(CHAPTER)


def test_cli_render_writes_the_file(tmp_path):
    out = tmp_path / "sub" / "chapter.html"
    assert main(["render", str(CHAPTER), "--to", "html", "-o", str(out)]) == 0
    assert out.read_bytes() == render_html(CHAPTER)
    assert [p.name for p in out.parent.iterdir()] == ["chapter.html"]   # no temporary file left


def test_cli_render_to_stdout(capsysbinary):
    assert main(["render", str(CHAPTER)]) == 0
    assert capsysbinary.readouterr().out == render_html(CHAPTER)


def test_cli_render_reports_a_missing_file(tmp_path, capsys):
    assert main(["render", str(tmp_path / "missing.xml"), "--to", "html"]) == 2
    err = capsys.readouterr().err
    assert "missing.xml" in err and "Traceback" not in err


def test_cli_render_reports_non_tei(tmp_path, capsys):
    other = tmp_path / "other.xml"
    other.write_text("<root><p>not TEI</p></root>", encoding="utf-8")
    assert main(["render", str(other)]) == 2
    err = capsys.readouterr().err
    assert "other.xml:1: not a TEI P5 document: the root element is <root> in no namespace" in err
