"""The page's metadata for reference managers, read back as they read it and compared field by
field with the TEI's bibl: COinS (OpenURL 1.0 KEV, book and journal matrices) per
bibliography entry, Highwire citation_* tags and JSON-LD for the chapter.

The readers here follow the KEV matrices (and Zotero's OpenURL translator, which reads
rft.atitle as the item's title, rft.jtitle/rft.btitle/rft.title as its journal or book, every
rft.au as an author), independently of the stylesheet."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import html5lib
import pytest
from lxml import etree

from teiedition.html import render_html

from .webpages import build_sample_tei

CHAPTER = Path(__file__).parent / "fixtures" / "render" / "chapter.xml"
T = "{http://www.tei-c.org/ns/1.0}"
TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse_html(data: bytes) -> etree._Element:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True, namespaceHTMLElements=False)
    return parser.parse(data).getroot()


def words(el: etree._Element | None) -> str | None:
    """An element's text as the TEI has it (a repair read as corrected), whitespace collapsed."""
    if el is None:
        return None
    copy = etree.fromstring(etree.tostring(el, with_tail=False))
    for sic in copy.iter(T + "sic", T + "note"):
        tail = sic.tail
        sic.getparent().remove(sic) if tail is None else (sic.clear(), setattr(sic, "tail", tail))
    return " ".join("".join(copy.itertext()).split()) or None


def tei_item(bibl: etree._Element) -> dict:
    """What a bibl says, by the encoding alone: the item a reference manager should make."""
    def first(xpath):
        found = bibl.xpath(xpath, namespaces=TEI)
        return words(found[0]) if found else None
    article, journal, book = first("t:title[@level='a']"), first("t:title[@level='j']"), first("t:title[@level='m']")
    year = bibl.xpath("string((.//t:date)[1]/@when)", namespaces=TEI)[:4] or None
    if year is None and bibl.xpath(".//t:date", namespaces=TEI):
        year = (re.findall(r"\d{4}", words(bibl.xpath(".//t:date", namespaces=TEI)[0]) or "") or [None])[0]
    pages = bibl.xpath("t:biblScope[@unit='page']", namespaces=TEI)
    if article and journal:
        kind, title, container = "journalArticle", article, journal
    elif article and book:
        kind, title, container = "bookSection", article, book
    else:
        kind, title, container = "book", book or first("t:title"), None
    return {
        "kind": kind, "title": title, "container": container,
        "authors": [words(a) for a in bibl.findall(T + "author")],
        "date": year,
        "publisher": first("t:publisher"),
        "pages": words(pages[0]) if pages else None,
        "doi": first("t:idno[@type='DOI']"),
    }


def kev_item(kev: str) -> dict:
    """A COinS ContextObject read by the KEV matrices."""
    q = dict(parse_qs(kev, keep_blank_values=True))
    one = lambda key: q.get(key, [None])[0]  # noqa: E731
    assert one("url_ver") == "Z39.88-2004" and one("ctx_ver") == "Z39.88-2004"
    fmt, genre = one("rft_val_fmt"), one("rft.genre")
    if fmt == "info:ofi/fmt:kev:mtx:journal":
        assert genre == "article"
        kind, title, container = "journalArticle", one("rft.atitle"), one("rft.jtitle")
        assert one("rft.btitle") is None
        # rft.title, where present, is the journal (the legacy name of jtitle).
        assert one("rft.title") in (None, container)
    else:
        assert fmt == "info:ofi/fmt:kev:mtx:book"
        if genre == "bookitem":
            kind, title, container = "bookSection", one("rft.atitle"), one("rft.btitle")
        else:
            kind, title, container = "book", one("rft.btitle"), None
            assert one("rft.atitle") is None
        assert one("rft.jtitle") is None
        assert one("rft.title") in (None, one("rft.btitle"))
    doi = one("rft_id")
    return {
        "kind": kind, "title": title, "container": container,
        "authors": q.get("rft.au", []),
        "date": one("rft.date"),
        "publisher": one("rft.pub"),
        "pages": one("rft.pages"),
        "doi": doi[len("info:doi/"):] if doi else None,
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[etree._Element, etree._Element]:
    path = build_sample_tei(tmp_path_factory.mktemp("sample"))
    return etree.parse(str(path)).getroot(), parse_html(render_html(path))


def _with_doi_entry() -> etree._ElementTree:
    """The fixture chapter with one more entry: a chapter in an edited book, with a DOI and
    pages, the case that tests editors against authors."""
    doc = etree.parse(str(CHAPTER))
    listbibl = doc.find(".//" + T + "listBibl")
    entry = etree.fromstring(
        '<bibl xmlns="http://www.tei-c.org/ns/1.0" xml:id="hochman-1984"><author>Jiri Hochman</author>, '
        '<title level="a">The Soviet Union and the Failure of Collective Security</title>, in '
        '<editor>X. J. Eudin</editor> and <editor>R. M. Slusser</editor> (eds), '
        '<title level="m">Soviet Foreign Policy</title> (<pubPlace>Ithaca</pubPlace>: '
        '<publisher>Cornell University Press</publisher>, <date when="1984">1984</date>), '
        '<biblScope unit="page" from="83" to="85">pp. 83–5</biblScope>. '
        '<idno type="DOI">10.5072/hochman.1984</idno></bibl>')
    listbibl.append(entry)
    return doc


def test_every_coins_span_reads_back_as_its_tei_bibl(sample):
    src, root = sample
    entries = src.findall(".//" + T + "listBibl/" + T + "bibl")
    assert len(entries) > 20
    kinds = set()
    for entry in entries:
        li = root.xpath("//li[@id=$id]", id=entry.get(XML_ID))[0]
        [span] = li.xpath("span[@class='Z3988']")
        expected, got = tei_item(entry), kev_item(span.get("title"))
        if expected["kind"] == "book" and expected["title"] is None:
            continue  # an archival document: described by its text, checked elsewhere
        kinds.add(expected["kind"])
        assert got == expected, entry.get(XML_ID)
    # The sample has all three shapes the matrices distinguish.
    assert kinds == {"journalArticle", "bookSection", "book"}


def test_editors_are_not_authors_and_a_doi_is_an_rft_id():
    doc = _with_doi_entry()
    root = parse_html(render_html(doc))
    li = root.xpath("//li[@id='hochman-1984']")[0]
    kev = li.find("span[@class='Z3988']").get("title")
    got = kev_item(kev)
    assert got == tei_item(doc.xpath("//t:bibl[@xml:id='hochman-1984']", namespaces=TEI)[0])
    assert got["authors"] == ["Jiri Hochman"] and "Eudin" not in kev
    q = parse_qs(kev)
    assert q["rft.aulast"] == ["Hochman"] and q["rft.aufirst"] == ["Jiri"]
    assert q["rft.spage"] == ["83"] and q["rft.epage"] == ["85"]
    # JSON-LD: the chapter's authors apart from its book's editors.
    data = json.loads(root.find("head/script[@type='application/ld+json']").text)
    [work] = [w for w in data["citation"] if w["name"].startswith("The Soviet Union and the Failure")]
    assert work["author"] == ["Jiri Hochman"]
    assert work["isPartOf"] == {"@type": "Book", "name": "Soviet Foreign Policy",
                                "editor": ["X. J. Eudin", "R. M. Slusser"]}
    assert work["identifier"] == "https://doi.org/10.5072/hochman.1984"
    assert "editor" not in work


def _meta(root: etree._Element) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for m in root.iter("meta"):
        if m.get("name", "").startswith("citation_"):
            meta.setdefault(m.get("name"), []).append(m.get("content"))
    return meta


def _deposit_chapter(tmp_path: Path) -> Path:
    """The fixture chapter as an editor completes it for deposit: an edited book with
    editors and pages, the source's DOI, the edition's DOI, date and licence."""
    text = CHAPTER.read_text(encoding="utf-8")
    text = text.replace('<title level="m">The Soviet Union',
                        '<editor>Hans Herausgeber</editor> (ed.), <title level="m">The Soviet Union', 1)
    text = text.replace('<date when="1995">1995</date>.',
                        '<date when="1995">1995</date>, <biblScope unit="page" from="9" to="31">pp. 9–31</biblScope>. '
                        '<idno type="DOI">10.5072/978-1-349-24079-5_2</idno>', 1)
    tree = etree.fromstring(text.encode("utf-8"))
    pub = tree.find(".//" + T + "publicationStmt")
    pub.append(etree.fromstring('<idno xmlns="http://www.tei-c.org/ns/1.0" type="DOI">10.5072/rapallo-edition</idno>'))
    pub.append(etree.fromstring(
        '<availability xmlns="http://www.tei-c.org/ns/1.0"><licence target="https://creativecommons.org/licenses/by/4.0/">'
        'CC BY 4.0</licence></availability>'))
    pub.append(etree.fromstring('<date xmlns="http://www.tei-c.org/ns/1.0" when="2026-11-29">29 November 2026</date>'))
    path = tmp_path / "rapallo.xml"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path


def test_highwire_tags_read_back_as_the_source_bibl(tmp_path):
    path = _deposit_chapter(tmp_path)
    source = etree.parse(str(path)).find(".//" + T + "sourceDesc/" + T + "bibl")
    root = parse_html(render_html(path))
    meta = _meta(root)
    expected = tei_item(source)
    assert expected["kind"] == "bookSection"
    assert meta["citation_title"] == [expected["title"]]
    assert meta["citation_inbook_title"] == [expected["container"]]
    assert meta["citation_author"] == expected["authors"]
    assert meta["citation_editor"] == ["Hans Herausgeber"]
    assert meta["citation_publication_date"] == [expected["date"]]
    assert meta["citation_publisher"] == [expected["publisher"]]
    assert (meta["citation_firstpage"], meta["citation_lastpage"]) == (["9"], ["31"])
    assert meta["citation_doi"] == [expected["doi"]]
    assert meta["citation_pdf_url"] == ["rapallo.pdf"]  # beside the page, as build writes it
    assert meta["citation_online_date"] == ["2026/11/29"]
    assert "citation_journal_title" not in meta
    assert root.find("head/link[@rel='canonical']").get("href") == "https://doi.org/10.5072/rapallo-edition"

    data = json.loads(root.find("head/script[@type='application/ld+json']").text)
    assert data["@type"] == "Chapter" and data["name"] == expected["title"]
    assert [p["name"] for p in data["author"]] == expected["authors"]
    assert [p["name"] for p in data["editor"]] == ["Hans Herausgeber"]
    assert data["isPartOf"]["name"] == expected["container"]
    assert [p["name"] for p in data["isPartOf"]["editor"]] == ["Hans Herausgeber"]
    assert data["identifier"]["value"] == expected["doi"]
    assert data["url"] == data["@id"] == "https://doi.org/10.5072/rapallo-edition"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["publisher"]["name"] == expected["publisher"]
    assert data["workExample"]["datePublished"] == "2026-11-29"
    assert data["workExample"]["associatedMedia"]["contentUrl"] == "rapallo.pdf"


def test_a_tree_without_a_file_names_no_pdf():
    root = parse_html(render_html(etree.parse(str(CHAPTER))))
    assert "citation_pdf_url" not in _meta(root)


def test_content_security_policy_allows_only_the_page_style():
    import base64
    import hashlib
    data = render_html(CHAPTER)
    root = parse_html(data)
    head = root.find("head")
    csp = head.find("meta[@http-equiv='Content-Security-Policy']").get("content")
    style = re.search(rb"<style>(.*?)</style>", data, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style).digest()).decode()
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == directives["style-src-elem"] == f"'sha256-{digest}'"
    assert "script-src" not in directives  # default 'none': the JSON-LD is data, never run
    assert directives["img-src"] == "data:"
    # Before the style and the JSON-LD, so it governs them.
    names = [el.tag for el in head]
    assert names.index("meta") < names.index("style")
    assert list(head).index(head.find("meta[@http-equiv]")) < list(head).index(head.find("style"))


def test_colophon_gives_the_edition_date_and_no_empty_source(tmp_path):
    path = _deposit_chapter(tmp_path)
    text = path.read_text(encoding="utf-8").replace("</sourceDesc>", "<p/></sourceDesc>", 1)
    path.write_text(text, encoding="utf-8")
    root = parse_html(render_html(path))
    colophon = root.xpath("//footer[@class='colophon']")[0]
    [edition] = colophon.xpath(".//dd[@class='edition']")
    assert edition.find("time").get("datetime") == "2026-11-29"
    assert "29 November 2026" in "".join(edition.itertext())
    # One source line, the bibl: the empty p prints nothing.
    sources = colophon.xpath(".//dd[@class='source']")
    assert len(sources) == 1 and "".join(sources[0].itertext()).strip()
    # The header says where the chapter first appeared, not that this edition was published then.
    assert "".join(root.xpath("//p[@class='source-line']")[0].itertext()).startswith("First published in ")


def test_a_body_without_headings_gets_a_headed_section_in_the_contents():
    doc = etree.parse(str(CHAPTER))
    body = doc.find(".//" + T + "body")
    for child in list(body):
        body.remove(child)
    body.append(etree.fromstring('<p xmlns="http://www.tei-c.org/ns/1.0">Only a paragraph.</p>'))
    root = parse_html(render_html(doc))
    section = root.xpath("//main/section[@class='body']")[0]
    assert section.find("h2").get("id") == "ed-body" and section.find("h2").text == "Text"
    assert "Only a paragraph." in "".join(section.itertext())
    assert root.xpath("//nav[@class='contents']//a[@href='#ed-body']")


def test_sections_inside_a_headless_division_are_listed_under_text():
    # The FRUS chapter: a chapter div without a head around its headed sections.
    doc = etree.parse(str(CHAPTER))
    body = doc.find(".//" + T + "body")
    for child in list(body):
        body.remove(child)
    body.append(etree.fromstring(
        '<div xmlns="http://www.tei-c.org/ns/1.0" type="chapter"><p>Opening.</p>'
        '<div type="section"><head>Origins</head><p>One.</p></div>'
        '<div type="section"><head>Reaction</head><p>Two.</p></div></div>'))
    root = parse_html(render_html(doc))
    [text_item] = root.xpath("//nav[@class='contents']/ol/li[a/@href='#ed-body']")
    assert text_item.xpath("ol/li/a/text()") == ["Origins", "Reaction"]
    assert [h.tag for h in root.xpath("//section[@class='body']//*[self::h2 or self::h3]")] == ["h2", "h3", "h3"]
