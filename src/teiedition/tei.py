"""Chapter -> TEI tree. The only module that knows the TEI shape written (docs/encoding.md)."""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePath

from lxml import etree

from . import __version__
from .model import STYLE_KINDS, Chapter, Note, Paragraph, Repair, Span, Style

# Re-exported (``X as X``): the converter's modules import these names from here.
from .ns import TEI_NS as TEI_NS
from .ns import XML_ID as XML_ID
from .ns import XML_LANG as XML_LANG

TEI_ALL_RNG = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "it": "Italian", "ru": "Russian",
             "es": "Spanish"}


def _el(parent: etree._Element | None, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    name = f"{{{TEI_NS}}}{tag}"
    attrs = {(XML_ID if k == "xml:id" else k): v for k, v in (attrs or {}).items()}
    elem = etree.Element(name, attrs, nsmap={None: TEI_NS}) if parent is None \
        else etree.SubElement(parent, name, attrs)
    if text is not None:
        elem.text = text
    return elem


def _append_text(elem: etree._Element, text: str) -> None:
    if not text:
        return
    # lxml's len() counts the children one by one, so "if len(elem)" made writing a note
    # of n parts take n² steps; the last child is found directly from the end.
    try:
        last = elem[-1]
    except IndexError:
        elem.text = (elem.text or "") + text
        return
    last.tail = (last.tail or "") + text


@dataclass
class _Interval:
    start: int
    end: int
    tag: str
    attrs: dict[str, str]
    outer: bool = False  # a container (a note's bibl) that holds every interval inside it


def _repair(parent: etree._Element, repair: Repair) -> None:
    # An empty <sic/> beside the <corr>: reading the TEI without <corr> gives the source back.
    choice = _el(parent, "choice")
    _el(choice, "sic")
    _el(choice, "corr", text=repair.inserted)


def fill_mixed(elem: etree._Element, text: str, items: list[_Interval] | list[Span],
               repairs: list[Repair]) -> None:
    """Write ``text`` into ``elem`` with ``items`` (properly nested) as child elements.

    At each offset, elements ending there close first, then repairs are inserted, then
    elements starting there open: a space lost after a title belongs between the title and
    what follows, not inside either.
    """
    # At one offset the container opens first; then empty elements (a ref standing for an
    # abbreviation the note leaves unprinted), so they are not swallowed by a part that
    # starts there too; then the other parts, longest first.
    ordered: list[_Interval | Span] = sorted(
        items, key=lambda it: (it.start, not getattr(it, "outer", False), it.end != it.start, -it.end))
    repairs = sorted(repairs, key=lambda r: r.offset)
    stops = sorted({0, len(text)} | {i.start for i in ordered} | {i.end for i in ordered}
                   | {r.offset for r in repairs})
    stack: list[tuple[etree._Element, int]] = [(elem, len(text) + 1)]
    pos = next_item = next_repair = 0
    for stop in stops:
        _append_text(stack[-1][0], text[pos:stop])
        pos = stop
        while len(stack) > 1 and stack[-1][1] <= stop:
            stack.pop()
        while next_repair < len(repairs) and repairs[next_repair].offset == stop:
            _repair(stack[-1][0], repairs[next_repair])
            next_repair += 1
        while next_item < len(ordered) and ordered[next_item].start == stop:
            item = ordered[next_item]
            child = _el(stack[-1][0], item.tag, item.attrs)
            if item.end > stop:
                stack.append((child, item.end))
            next_item += 1


def _note(parent: etree._Element, note: Note) -> None:
    elem = _el(parent, "note", {"xml:id": note.xml_id, "n": str(note.n), "type": "endnote",
                                "place": "end"})
    items: list[_Interval] = []
    for cit in note.citations:
        attrs = {"xml:id": cit.xml_id}
        # A book is the default reading of a bibl; every other kind is typed (docs/encoding.md).
        if cit.kind != "book":
            attrs["type"] = cit.kind
        if cit.genre and cit.kind == "letter":
            attrs["subtype"] = cit.genre
        if cit.cert:
            attrs["cert"] = cit.cert
        if cit.corresp:
            attrs["corresp"] = f"#{cit.corresp}"
        items.append(_Interval(cit.start, cit.end, "bibl", attrs, outer=True))
        items.extend(_Interval(s.start, s.end, s.tag, dict(s.attrs)) for s in cit.spans)
    items.extend(_Interval(s.start, s.end, s.tag, dict(s.attrs)) for s in note.mentions)
    fill_mixed(elem, note.text, items, note.repairs)


def _paragraph(parent: etree._Element, para: Paragraph, tag: str = "p") -> None:
    elem = _el(parent, tag)
    items = [_Interval(c.start, c.end, "ref", {"type": "noteAnchor", "target": f"#n{c.n}",
                                                "n": str(c.n)}) for c in para.calls]
    fill_mixed(elem, para.text, nested_intervals(items + style_intervals(para.styles)), [])


def style_intervals(styles: list[Style]) -> list[_Interval]:
    """Typography as TEI: ``hi[@rend]`` for a rendition, ``ref[@target]`` for a link. Quotation
    marks stay as printed (a ``quoted`` span is evidence for the citation step, not markup)."""
    items = []
    for s in styles:
        if s.kind == "link" and s.target:
            items.append(_Interval(s.start, s.end, "ref", {"target": s.target}))
        elif STYLE_KINDS.get(s.kind):
            items.append(_Interval(s.start, s.end, "hi", {"rend": STYLE_KINDS[s.kind] or ""}))
    return items


def styles_around(styles: list[_Interval], rigid: list[_Interval]) -> list[_Interval]:
    """Typography cut where a citation or one of its parts (``rigid``) starts or ends inside
    it, so that ``hi`` never crosses a ``bibl`` or a ``title``: the citation's markup is kept
    whole and an italic run that spans two citations becomes two ``hi``s. For ``_note``:
    ``items + styles_around(style_intervals(note.styles), items)``, then ``nested_intervals``."""
    cuts = sorted({i.start for i in rigid} | {i.end for i in rigid})
    out: list[_Interval] = []
    for s in styles:
        inside = [c for c in cuts if s.start < c < s.end]
        bounds = [s.start, *inside, s.end]
        out.extend(_Interval(a, b, s.tag, dict(s.attrs)) for a, b in pairwise(bounds) if b > a)
    return out


def nested_intervals(items: list[_Interval]) -> list[_Interval]:
    """``items`` split where they cross, so that they nest as XML must: an italic run that
    starts inside a link and ends after it becomes two ``hi``s. Containers (``outer``) and
    empty items are never split; the sort is stable, so the same input gives the same tree."""
    heap = [(it.start, -it.end, i, it) for i, it in enumerate(items)]
    heapq.heapify(heap)
    seq = len(items)
    out: list[_Interval] = []
    ends: list[int] = []
    while heap:
        _, _, _, it = heapq.heappop(heap)
        while ends and ends[-1] <= it.start and not (ends[-1] == it.start == it.end):
            ends.pop()
        if ends and it.end > ends[-1] and it.start < ends[-1] and not it.outer:
            cut = ends[-1]
            heapq.heappush(heap, (cut, -it.end, seq, _Interval(cut, it.end, it.tag, dict(it.attrs))))
            seq += 1
            it = _Interval(it.start, cut, it.tag, it.attrs)
        out.append(it)
        if it.end > it.start:
            ends.append(it.end)
    return out


def _header(tei: etree._Element, ch: Chapter, edition_date: str | None) -> None:
    header = _el(tei, "teiHeader")
    fdesc = _el(header, "fileDesc")
    tstmt = _el(fdesc, "titleStmt")
    _el(tstmt, "title", {"type": "main"}, ch.title)
    for author in ch.authors:
        _el(tstmt, "author", text=author)
    resp = _el(tstmt, "respStmt")
    _el(resp, "resp", text="TEI encoding, citation markup and consolidated bibliography")
    _el(resp, "name", text=f"teiedition {__version__}")
    estmt = _el(fdesc, "editionStmt")
    _el(estmt, "edition", {"n": __version__},
        "Digital edition with structured citations, made by teiedition")
    pstmt = _el(fdesc, "publicationStmt")
    _el(pstmt, "authority", text="Made with teiedition; publisher of this edition not stated")
    _el(pstmt, "idno", {"type": "sha256"}, ch.source_sha256)
    avail = _el(pstmt, "availability")
    if ch.copyright_statement:
        _el(avail, "p", text=ch.copyright_statement)
    _el(avail, "p", text="The text and notes remain under the rights of the original publication; "
        "the encoding adds no rights of its own.")
    if edition_date:
        _el(pstmt, "date", {"when": edition_date}, edition_date)
    sdesc = _el(fdesc, "sourceDesc")
    bibl = _el(sdesc, "bibl", {"type": "source"})
    for i, author in enumerate(ch.authors):
        _append_text(bibl, ", " if i else "")
        _el(bibl, "author", text=author)
    _append_text(bibl, ", " if ch.authors else "")
    _el(bibl, "title", {"level": "a"}, ch.title)
    if ch.chapter_label:
        _append_text(bibl, ", ")
        _el(bibl, "biblScope", {"unit": "chapter"}, ch.chapter_label)
    if ch.book_title:
        _append_text(bibl, ", in ")
        _el(bibl, "title", {"level": "m"}, ch.book_title)
    _source_book(bibl, ch)
    if ch.publisher:
        _append_text(bibl, ", ")
        _el(bibl, "publisher", text=ch.publisher)
    if ch.pub_place:
        _append_text(bibl, ", ")
        _el(bibl, "pubPlace", text=ch.pub_place)
    if ch.year:
        _append_text(bibl, ", ")
        _el(bibl, "date", {"when": ch.year}, ch.year)
    if ch.pages:
        _append_text(bibl, ", pp. ")
        first, _, last = ch.pages.replace("\u2013", "-").partition("-")
        _el(bibl, "biblScope", {"unit": "page", "from": first.strip(), "to": last.strip() or first.strip()},
            ch.pages)
    if ch.doi:
        _append_text(bibl, ", ")
        _el(bibl, "idno", {"type": "DOI"}, ch.doi)
    _append_text(bibl, ".")
    # The notes sit in mixed content: the spaces between them keep their words apart.
    if ch.copyright_holder:
        _append_text(bibl, " ")
        _el(bibl, "note", {"type": "copyright"},
            f"Copyright holder: {ch.copyright_holder}" + (f", {ch.year}" if ch.year else ""))
    for aff in ch.affiliations:
        _append_text(bibl, " ")
        _el(bibl, "note", {"type": "affiliation"}, aff)
    _append_text(bibl, " ")
    _el(bibl, "note", {"type": "file"}, f"Converted from {_file_name(ch)} "
        f"(format: {ch.source_format}; encoding: {ch.source_encoding}; "
        f"SHA-256 of the text: {ch.source_sha256}).")
    _encoding_desc(header, ch)
    prof = _el(header, "profileDesc")
    abstract = _el(prof, "abstract")
    for para in ch.abstract or [Paragraph("The source gives no abstract.", 0)]:
        _el(abstract, "p", text=para.text)
    lang = _el(_el(prof, "langUsage"), "language", {"ident": ch.lang}, LANGUAGES.get(ch.lang, ch.lang))
    del lang
    rev = _el(header, "revisionDesc")
    change = _el(rev, "change", {"when": edition_date} if edition_date else {},
                 f"Converted from {_file_name(ch)} by teiedition {__version__}.")
    del change


def _source_book(bibl: etree._Element, ch: Chapter) -> None:
    """The book's editors and series, as a chapter page's "Cite this chapter" gives them."""
    for i, editor in enumerate(ch.editors):
        _append_text(bibl, ", ed. " if i == 0 else ", ")
        _el(bibl, "editor", text=editor)
    if ch.series:
        _append_text(bibl, ", ")
        _el(bibl, "title", {"level": "s"}, ch.series)


def _file_name(ch: Chapter) -> str:
    # The file's name, never its path: the TEI must not depend on where the build ran.
    return PurePath(ch.source_name).name


def _encoding_desc(header: etree._Element, ch: Chapter) -> None:
    enc = _el(header, "encodingDesc")
    _el(_el(enc, "projectDesc"), "p", text=(
        f"Converted automatically by teiedition {__version__} from a text of the chapter "
        f"({ch.source_format}). Notes are encoded as endnotes; each citation in a note is a bibl "
        "with its parts marked up; Ibid., short titles and abbreviations are refs to the citation "
        "they stand for; the back matter adds a consolidated bibliography and a list of "
        "abbreviations made from the citations."))
    decl = _el(enc, "editorialDecl")
    _el(_el(decl, "correction"), "p", text=(
        "Spaces the source lost next to stripped italic titles are supplied as choice/corr with "
        "an empty sic; no other text of the source is changed."))
    _el(_el(decl, "normalization"), "p", text=(
        "Runs of whitespace, including no-break spaces, are collapsed to one space. Normalised "
        "values (years, page ranges, volume numbers) are given in attributes only; the text keeps "
        "the source's spelling and punctuation."))
    _el(_el(decl, "segmentation"), "p", text=(
        "Note numbers are the notes' own numbers, not the page's list numbering; list items "
        "without a number of their own are joined to the note before them."))
    interp = _el(decl, "interpretation")
    if ch.dropped:
        para = _el(interp, "p", text="Left out of the text (page furniture, and labels kept as "
                   "attributes):")
        lst = _el(para, "list")
        counts = Counter((d.reason, d.text) for d in ch.dropped if not d.reason.startswith(
            ("list label", "note number")))
        for (reason, text), count in sorted(counts.items()):
            _el(lst, "item", text=f"“{text}” ({reason}), {count} time{'s' if count > 1 else ''}")
        labels = sum(1 for d in ch.dropped if d.reason.startswith(("list label", "note number")))
        if labels:
            _el(lst, "item", text=f"{labels} list labels and note numbers (the note numbers are kept "
                "in note/@n)")
    else:
        _el(interp, "p", text="Nothing was left out of the source text.")
    app = _el(_el(enc, "appInfo"), "application", {"ident": "teiedition", "version": __version__})
    _el(app, "label", text="teiedition")


def _front(text: etree._Element, ch: Chapter) -> None:
    front = _el(text, "front")
    page = _el(front, "titlePage")
    _el(_el(page, "docTitle"), "titlePart", {"type": "main"}, ch.title)
    if ch.authors:
        byline = _el(page, "byline")
        for author in ch.authors:
            _el(byline, "docAuthor", text=author)
    if ch.abstract:
        div = _el(front, "div", {"type": "abstract"})
        _el(div, "head", text="Abstract")
        for para in ch.abstract:
            _paragraph(div, para)


def _body(text: etree._Element, ch: Chapter) -> None:
    body = _el(text, "body")
    chapter = _el(body, "div", {"type": "chapter"})
    if not ch.body:
        gap = _el(_el(chapter, "p"), "gap", {"reason": "not-in-source"})
        _el(gap, "desc", text="The source gives the chapter's abstract and notes, not its text.")
        return
    _blocks(chapter, ch.body)


def _blocks(chapter: etree._Element, paras: list[Paragraph]) -> None:
    """Headings open divisions nested by their depth; quotations, lists and tables are
    written as such. A heading with nothing under it (before a heading of its depth or
    above, or at the end) would make a division of a heading only, which TEI does not allow:
    it is written as a paragraph."""
    empty = _empty_headings(paras)
    divs: list[tuple[int, etree._Element]] = [(0, chapter)]
    quote: tuple[int, etree._Element] | None = None
    lists: list[tuple[int, int, etree._Element]] = []  # (level, group, list)
    for i, para in enumerate(paras):
        if para.kind != "quote":
            quote = None
        if para.kind != "item":
            lists = []
        if para.kind == "head" and i not in empty:
            while divs[-1][0] >= para.level:
                divs.pop()
            div = _el(divs[-1][1], "div", {"type": "section"})
            divs.append((para.level, div))
            _paragraph(div, para, "head")
        elif para.kind == "quote":
            if quote is None or quote[0] != para.group:
                quote = (para.group, _el(divs[-1][1], "quote"))
            _paragraph(quote[1], para)
        elif para.kind == "item":
            while lists and (lists[-1][0] > para.level
                             or (lists[-1][0] == para.level and lists[-1][1] != para.group)):
                lists.pop()
            if not lists or lists[-1][0] < para.level:
                holder = lists[-1][2][-1] if lists and len(lists[-1][2]) else divs[-1][1]
                if lists:
                    # The item's text and its sub-list are mixed content: a space keeps
                    # "First item" and "Subitem" two words.
                    _append_text(holder, " ")
                lst = _el(holder, "list", {"rend": "numbered" if para.ordered else "bulleted"})
                lists.append((para.level, para.group, lst))
            _paragraph(lists[-1][2], para, "item")
        elif para.kind == "table":
            _table(divs[-1][1], para)
        else:
            _paragraph(divs[-1][1], para)


def _empty_headings(paras: list[Paragraph]) -> set[int]:
    empty = set()
    for i, para in enumerate(paras):
        if para.kind != "head":
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if nxt is None or (nxt.kind == "head" and nxt.level <= para.level):
            empty.add(i)
    return empty


def _table(parent: etree._Element, para: Paragraph) -> None:
    table = _el(parent, "table")
    for r, cells in enumerate(para.rows):
        row = _el(table, "row", {"role": "label"} if r < para.head_rows else {})
        for cell in cells:
            _paragraph(row, cell, "cell")


def _back(text: etree._Element, ch: Chapter) -> None:
    back = _el(text, "back")
    notes = _el(back, "div", {"type": "notes"})
    _el(notes, "head", text=ch.notes_head)
    for note in ch.notes:
        _note(notes, note)
    if ch.bibliography:
        div = _el(back, "div", {"type": "bibliography"})
        _el(div, "head", text="Bibliography")
        lst = _el(div, "listBibl")
        note_of = {c.xml_id: n.n for n in ch.notes for c in n.citations}
        for entry in ch.bibliography:
            attrs = {"xml:id": entry.xml_id}
            if entry.kind != "book":
                attrs["type"] = entry.kind  # the kinds of docs/encoding.md, as on citations
            bibl = _el(lst, "bibl", attrs)
            for tag, attrs, value in entry.parts:
                if tag is None:
                    _append_text(bibl, value)
                else:
                    _el(bibl, tag, attrs, value)
            if entry.cited_in:
                _append_text(bibl, " ")
                cited = _el(bibl, "note", {"type": "citedBy"},
                            "Cited in note " if len(entry.cited_in) == 1 else "Cited in notes ")
                for i, cid in enumerate(entry.cited_in):
                    _append_text(cited, ", " if i else "")
                    _el(cited, "ref", {"target": f"#{cid}"}, str(note_of.get(cid, cid)))
                _append_text(cited, ".")
    if ch.abbreviations:
        div = _el(back, "div", {"type": "abbreviations"})
        _el(div, "head", text="Abbreviations")
        lst = _el(div, "list", {"type": "gloss"})
        for ab in ch.abbreviations:
            _el(_el(lst, "label"), "abbr", text=ab.abbr)
            item = _el(lst, "item")
            _el(item, "ref", {"target": f"#{ab.entry or ab.target}"}, ab.expansion)
    if ch.trailer:
        div = _el(back, "div", {"type": "trailer"})
        _el(div, "head", text="Other text of the source")
        for para in ch.trailer:
            _paragraph(div, para)


def to_tei(ch: Chapter, edition_date: str | None = None) -> etree._ElementTree:
    tei = _el(None, "TEI", {XML_LANG: ch.lang})
    tei.addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{TEI_ALL_RNG}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"'))
    _header(tei, ch, edition_date)
    text = _el(tei, "text")
    _front(text, ch)
    _body(text, ch)
    _back(text, ch)
    return tei.getroottree()


def serialize(tree: etree._ElementTree) -> bytes:
    # pretty_print only indents element-only content; libxml2 leaves mixed content as it is.
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
