"""The editor's review list (teiedition review, teiedition.review): made with the real
stylesheet (saxonche), parsed strictly by html5lib, its entries in the order of urgency, each
with its note and a link that leads to that note in the web edition made from the same TEI."""
from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from lxml import etree

from teiedition.cli import main
from teiedition.errors import InputError, TeieditionError
from teiedition.html import render_html
from teiedition.review import render_review, write_review

FIXTURES = Path(__file__).parent / "fixtures"
ARCHIVAL = FIXTURES / "archival" / "archival.xml"
MINIMAL = FIXTURES / "valid" / "edition-minimal.xml"
HOSTILE = FIXTURES / "render" / "hostile.xml"
TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse_html(data: bytes) -> etree._Element:
    """Parse as a browser would; any HTML parse error fails the test."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True,
                                 namespaceHTMLElements=False)
    return parser.parse(data).getroot()


def text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


@pytest.fixture(scope="module")
def review() -> etree._Element:
    data = render_review(ARCHIVAL)
    assert data.startswith(b"<!DOCTYPE HTML>")
    return parse_html(data)


def entries(root: etree._Element) -> list[etree._Element]:
    return root.xpath("//li[contains(@class, 'entry')]")


def test_entries_most_urgent_first_in_text_order_within_a_kind(review):
    src = etree.parse(str(ARCHIVAL))
    low = [b.get(XML_ID) for b in src.xpath("//t:note/t:bibl[@cert='low']", namespaces=TEI)]
    medium = [b.get(XML_ID) for b in src.xpath("//t:note/t:bibl[@cert='medium']", namespaces=TEI)]
    assert low and medium
    kinds = [li.get("class").split("entry-")[1] for li in entries(review)]
    # Each kind once, in this order, and every item of a kind together.
    assert [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k] == [
        "cert-low", "cert-medium", "unresolved", "ambiguous", "repair"]
    cited = [li.xpath("string(p[@class='where']/code)") for li in entries(review)]
    assert cited[:len(low)] == low
    assert cited[len(low):len(low) + len(medium)] == medium
    assert [li.get("id") for li in entries(review)] == [f"r{i}" for i in range(1, len(kinds) + 1)]


def test_each_entry_shows_its_whole_note_with_the_item_marked(review):
    src = etree.parse(str(ARCHIVAL))
    for li in entries(review):
        href = li.xpath("p[@class='where']/a/@href")[0]
        note = src.xpath("//t:note[@xml:id=$id]", namespaces=TEI, id=href.split("#")[1])[0]
        shown = text(li.find("blockquote"))
        # The whole note, in reading order (a repair shows its correction as a visible mark).
        reading = " ".join("".join(t for t in note.xpath(".//text()[not(ancestor::t:sic)]", namespaces=TEI)).split())
        assert shown.replace("␣", " ").split() == reading.split(), li.get("id")
        assert len(li.xpath("blockquote//mark")) == 1, li.get("id")


def test_unresolved_short_title_and_ambiguous_link_are_listed(review):
    [unresolved] = review.xpath("//li[contains(@class, 'entry-unresolved')]")
    assert "short title" in text(unresolved) and "Elihu Root" in text(unresolved)
    assert text(unresolved.find(".//mark")) == "Elihu Root"
    assert unresolved.xpath("p/a/@href") == ["archival.html#n15"]
    [ambiguous] = review.xpath("//li[contains(@class, 'entry-ambiguous')]")
    assert "#n12-1" in text(ambiguous) and "in note 12" in text(ambiguous)
    [repair] = review.xpath("//li[contains(@class, 'entry-repair')]")
    assert repair.xpath(".//mark/ins/text()") == ["␣"]


def test_a_short_title_the_converter_could_not_link_is_unresolved(tmp_path):
    # The converter writes a short title with nothing to stand for as a bibl with a short
    # title, no ref and no @corresp (the sample's note 36: "Carr, History of Soviet Russia").
    tree = etree.parse(str(ARCHIVAL))
    bibl = tree.xpath("//t:bibl[@xml:id='n15-1']", namespaces=TEI)[0]
    ref = bibl.find("t:ref", TEI)
    ref.addnext(ref[0])
    ref.getnext().tail = ref.tail
    bibl.remove(ref)
    path = tmp_path / "short.xml"
    tree.write(str(path), encoding="UTF-8")
    root = parse_html(render_review(path))
    [unresolved] = root.xpath("//li[contains(@class, 'entry-unresolved')]")
    assert unresolved.xpath("p[@class='where']/q/text()") == ["Elihu Root"]
    assert "short title Elihu Root stands for no citation" in text(unresolved.find("p"))
    assert text(unresolved.find(".//mark")) == "Elihu Root"


def test_links_lead_to_the_notes_of_the_web_edition(review):
    edition = parse_html(render_html(ARCHIVAL))
    ids = {el.get("id") for el in edition.iter() if isinstance(el.tag, str) and el.get("id")}
    links = review.xpath("//a[@class='to-edition']/@href")
    assert len(links) == len(entries(review))
    for href in links:
        page, _, fragment = href.partition("#")
        assert page == "archival.html" and fragment in ids
        assert edition.xpath("//ol[@class='notes']/li[@id=$f]", f=fragment)
    # Internal links (the summary) resolve inside the review.
    own = {el.get("id") for el in review.iter() if isinstance(el.tag, str) and el.get("id")}
    for href in review.xpath("//a[starts-with(@href, '#')]/@href"):
        assert href[1:] in own


def test_page_is_accessible_html(review):
    assert review.get("lang") == "en"
    assert review.find("head/meta[@charset='utf-8']") is not None
    assert review.findtext("head/title").startswith("Review: ")
    assert len(review.findall("body/header/h1")) == 1
    for section in review.xpath("//section"):
        assert section.xpath("h2/@id") == [section.get("aria-labelledby")]


def test_edition_url_overrides_the_address_of_the_edition():
    root = parse_html(render_review(ARCHIVAL, "https://example.org/ed/chapter.html"))
    assert {h.split("#")[0] for h in root.xpath("//a[@class='to-edition']/@href")} == {
        "https://example.org/ed/chapter.html"}
    root = parse_html(render_review(ARCHIVAL, "https://example.org/ed/"))
    assert root.xpath("//a[@class='to-edition'][1]/@href")[0] == "https://example.org/ed/archival.html#n5"
    with pytest.raises(TeieditionError, match="edition-url"):
        render_review(ARCHIVAL, "javascript:alert(1)")


def test_a_hostile_file_name_makes_a_relative_link(tmp_path):
    path = tmp_path / 'javascript:alert(1)#"x.xml'
    path.write_bytes(ARCHIVAL.read_bytes())
    root = parse_html(render_review(path))
    hrefs = set(root.xpath("//a[@class='to-edition']/@href | //p[@class='about']/a/@href"))
    assert {h.split("#")[0] for h in hrefs} == {"javascript%3Aalert%281%29%23%22x.html"}
    assert 'javascript:alert(1)#"x.xml' in text(root.find("body/header"))


def test_an_edition_with_nothing_to_review_says_so(tmp_path):
    # The minimal edition without its two repairs: no @cert, every link resolved.
    path = tmp_path / "clean.xml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace("<choice><sic/><corr> </corr></choice>", " "),
                    encoding="utf-8")
    root = parse_html(render_review(path))
    assert entries(root) == [] and root.xpath("//section") == []
    assert "Nothing to review" in text(root.find("body/main"))
    # ... while the edition as it is has its two repairs listed.
    assert [li.get("class") for li in entries(parse_html(render_review(MINIMAL)))] == ["entry entry-repair"] * 2


def test_hostile_text_stays_text():
    root = parse_html(render_review(HOSTILE))
    assert root.xpath("//script") == []
    for el in root.iter():
        if isinstance(el.tag, str):
            assert not any(name.lower().startswith("on") for name in el.attrib)


def test_hostile_note_text_is_escaped(tmp_path):
    tree = etree.parse(str(ARCHIVAL))
    bibl = tree.xpath("//t:bibl[@xml:id='n8-1']", namespaces=TEI)[0]
    bibl[0].text = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    path = tmp_path / "hostile-review.xml"
    tree.write(str(path), encoding="UTF-8")
    root = parse_html(render_review(path))
    assert root.xpath("//script | //img") == []
    assert '<script>alert(1)</script> "><img src=x onerror=alert(1)>' in text(root)


def test_write_review_and_the_command(tmp_path, capsysbinary):
    out = write_review(ARCHIVAL, tmp_path / "archival.review.html")
    assert out.read_bytes() == render_review(ARCHIVAL)
    assert [p.name for p in tmp_path.iterdir()] == ["archival.review.html"]   # nothing else left
    assert main(["review", str(ARCHIVAL)]) == 0
    assert capsysbinary.readouterr().out == render_review(ARCHIVAL)
    target = tmp_path / "sub" / "r.html"
    assert main(["review", str(ARCHIVAL), "-o", str(target), "--edition-url", "ed.html"]) == 0
    assert b'href="ed.html#n5"' in target.read_bytes()


def test_non_tei_input_is_an_input_error(tmp_path, capsys):
    other = tmp_path / "other.xml"
    other.write_text("<root/>", encoding="utf-8")
    with pytest.raises(InputError, match="not a TEI P5 document"):
        render_review(other)
    assert main(["review", str(tmp_path / "missing.xml")]) == 2
    assert "missing.xml" in capsys.readouterr().err
