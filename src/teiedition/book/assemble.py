"""The book's TEI: a ``teiCorpus`` of the chapters' ``TEI`` documents (docs/encoding.md#books).

Each chapter keeps its own header, text, notes and bibliography; its ``TEI`` gets
``xml:id="chN"`` (N its position) and every ``xml:id`` in it the prefix ``chN-``, with every
pointer to one of them (``#n2`` -> ``#ch1-n2``) rewritten, so ids are unique across the book
and each chapter's links still land inside it. The corpus header holds the book's own facts
(title, editors, publisher, date); a ``standOff`` holds what belongs to the whole book: the
consolidated bibliography (``listBibl``, one ``bibl`` per work with a ``citedBy`` note
pointing at every citing note of every chapter) and the index of persons cited
(``listPerson``).
"""
from __future__ import annotations

import copy
import re

from lxml import etree

from .. import __version__
from ..citations.normalise import fold
from ..tei import TEI_ALL_RNG, TEI_NS, XML_ID, XML_LANG
from .spec import BookSpec
from .works import NS, BookWork, Person, T, consolidate, persons, unique_id


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(f"{T}{tag}", nsmap={None: TEI_NS}) if parent is None else etree.SubElement(parent, f"{T}{tag}")
    for key, value in attrs.items():
        el.set(XML_ID if key == "xml_id" else XML_LANG if key == "xml_lang" else key, value)
    if text is not None:
        el.text = text
    return el


def prefix_ids(tei: etree._Element, prefix: str) -> None:
    """Prefix every xml:id of a chapter and every same-document pointer to one of them.

    Pointers are any attribute's whitespace-separated ``#id`` tokens naming an id of this
    chapter (``target``, ``corresp``, and the rest of TEI's pointer attributes alike); a
    token naming no id here is left as it was (validation reports it as before)."""
    ids = {el.get(XML_ID) for el in tei.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    for el in tei.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name == XML_ID:
                el.set(name, prefix + value)
            elif "#" in value:
                tokens = value.split()
                if any(t.startswith("#") and t[1:] in ids for t in tokens):
                    el.set(name, " ".join("#" + prefix + t[1:] if t.startswith("#") and t[1:] in ids
                                          else t for t in tokens))


def assemble(spec: BookSpec, chapters: list[etree._Element]) -> etree._ElementTree:
    """The book TEI from the chapters' TEI roots (in order; not modified)."""
    corpus = _el(None, "teiCorpus", xml_lang=spec.language)
    corpus.set("version", "4.9.0")  # the TEI P5 release the project validates against
    _header(corpus, spec, len(chapters))
    docs = []
    for number, chapter in enumerate(chapters, 1):
        tei = copy.deepcopy(chapter)
        prefix_ids(tei, f"ch{number}-")
        tei.set(XML_ID, f"ch{number}")
        tei.set("n", str(number))
        docs.append(tei)
    works = consolidate(docs)
    people = persons(docs, works)
    stand = _el(corpus, "standOff")
    _bibliography(stand, works)
    _persons(stand, people)
    for tei in docs:
        corpus.append(tei)
    tree = corpus.getroottree()
    corpus.addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{TEI_ALL_RNG}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"'))
    return tree


def _header(corpus: etree._Element, spec: BookSpec, count: int) -> None:
    header = _el(corpus, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", spec.title, type="main")
    if spec.subtitle:
        _el(title_stmt, "title", spec.subtitle, type="sub")
    for editor in spec.editors:
        _el(title_stmt, "editor", editor)
    resp = _el(title_stmt, "respStmt")
    _el(resp, "resp", "TEI encoding")
    _el(resp, "name", f"teiedition {__version__}")
    _el(_el(file_desc, "editionStmt"), "edition",
        f"Digital edition of {count} chapter{'s' if count != 1 else ''}, made with teiedition {__version__}",
        n=__version__)
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", spec.publisher)
    _el(pub, "idno", spec.ident, type="book")
    _el(pub, "date", spec.date, when=spec.date)
    source = _el(file_desc, "sourceDesc")
    _el(source, "p", "Assembled from the TEI editions of its chapters; each chapter's header "
        "describes its own source.")
    enc = _el(header, "encodingDesc")
    project = _el(enc, "projectDesc")
    _el(project, "p", "One edition of the whole book: the chapters' TEI documents in reading order, "
        "their xml:ids prefixed chN- (N the chapter's position), with one bibliography of the works "
        "the chapters cite and one index of the persons they cite.")
    app = _el(_el(enc, "appInfo"), "application", ident="teiedition", version=__version__)
    _el(app, "label", "teiedition")
    if spec.abstract:
        profile = _el(header, "profileDesc")
        _el(_el(profile, "abstract"), "p", spec.abstract)


def _cited_by(parent: etree._Element, cited: list, what: str) -> None:
    """``Cited in chapter 1, note 17; chapter 2, notes 3, 9.`` with one ``ref`` per citing
    bibl (its text the note number), so every citation is reachable from the entry."""
    note = _el(parent, "note", type="citedBy")
    note.text = f"{what} "
    last = None
    by_chapter: dict[int, list] = {}
    for c in cited:
        by_chapter.setdefault(c.chapter, []).append(c)
    for i, (chapter, items) in enumerate(by_chapter.items()):
        notes = len({c.note for c in items})
        lead = ("; " if i else "") + f"chapter {chapter}, note{'s' if notes > 1 else ''} "
        if last is None:
            note.text += lead
        else:
            last.tail = (last.tail or "") + lead
        for j, c in enumerate(items):
            ref = _el(note, "ref", c.note, target=f"#{c.bibl_id}")
            if j:
                (note[-2]).tail = (note[-2].tail or "") + ", "
            last = ref
    if last is not None:
        last.tail = (last.tail or "") + "."


def _bibliography(stand: etree._Element, works: list[BookWork]) -> None:
    listbibl = _el(stand, "listBibl", xml_id="book-bibliography")
    _el(listbibl, "head", "Bibliography")
    used: set[str] = set()
    for work in works:
        base = work.entry.get(XML_ID) or "work"
        # "ch3-dgfp" -> "b-dgfp": the book's entry is named after the work, not a chapter.
        work.xml_id = unique_id("b-" + base.split("-", 1)[1] if base.startswith("ch") and "-" in base
                                else "b-" + base, used)
    for work in sorted(works, key=lambda w: (_sort_key(w.entry), w.xml_id)):
        entry = copy.deepcopy(work.entry)
        for note in entry.xpath("t:note[@type='citedBy']", namespaces=NS):
            entry.remove(note)
        if len(entry):
            entry[-1].tail = (entry[-1].tail or "").rstrip() + " "
        entry.set(XML_ID, work.xml_id)
        entry.tail = None
        _cited_by(entry, work.cited, "Cited in")
        listbibl.append(entry)


def _sort_key(entry: etree._Element) -> str:
    """The entry's text, folded, from its first letter or digit: an entry that opens with
    punctuation ("(New York: …", a parsing slip) is not put before every other."""
    text = fold("".join(entry.xpath(".//text()[not(ancestor::t:note)][not(ancestor::t:sic)]", namespaces=NS)))
    return re.sub(r"^[\W_]+", "", text)


def _persons(stand: etree._Element, people: list[Person]) -> None:
    if not people:
        return
    lp = _el(stand, "listPerson", xml_id="book-persons")
    _el(lp, "head", "Index of persons cited")
    for person in people:
        el = _el(lp, "person", xml_id=person.xml_id)
        name = _el(el, "persName")
        _el(name, "surname", person.surname)
        if person.forenames:
            name[0].tail = ", "
            _el(name, "forename", person.forenames)
        _cited_by(el, person.cited, "Cited in")
