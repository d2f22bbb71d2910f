"""``teiedition enrich``: citation markup for the notes of a TEI file made elsewhere.

The citation layer reads each note as the converter would (``parse_citations`` on a
``Chapter`` whose notes are the TEI's ``note`` elements), the converter's own note writer
(``tei._note``) encodes what it found, and that encoding is carried over into the existing
note without touching anything already there:

* A note's text as the parser sees it is its reading: text and the text of phrase elements
  (``hi``, ``title``, ``q`` …), the corrected reading of a ``choice`` (``corr``, ``reg``,
  ``expan``) and the lemma of an ``app``; a nested note, deletions, comments and empty
  elements (``lb`` reads as a space unless ``@break='no'``) are kept whole and read as nothing.
  Whitespace is collapsed as the readers collapse it, with a map back to the tree.
* A citation becomes a ``bibl`` only where it can be added around existing nodes: it may cut
  text nodes, but never an element (it is skipped when it would cross one, lie inside an
  atomic one, or hold an existing ``bibl``), and its parent must be the note or an element
  whose content may hold a ``bibl`` (``p``, ``hi``, ``q``, ``quote``, ``item``, ``cell`` …).
  A part (author, title, pages …) is placed the same way inside its new ``bibl``, never inside
  an element the file already had: a title that is exactly an italic ``hi`` wraps it.
* Pointers stay true: a ``ref`` to a citation that could not be placed is unwrapped (its text
  stays), a bibliography entry no placed citation points to is left out, and every new
  ``xml:id`` that the file already uses is given a suffix.
* The bibliography and the list of abbreviations are added at the end of ``text/back`` (made
  when there is none), as the converter writes them; "Cited in note N" uses the note's ``@n``,
  or its position among the notes.

Nothing else changes: the header, the text outside the notes, the notes' text, existing
markup, comments and processing instructions are as they were (``tests/test_enrich.py``
compares them); repairs the parser would make (lost spaces) are not added, since a file made
elsewhere is its editor's text. The output is validated: an error the input did not have is a
bug in teiedition (exit 1), and nothing is written.
"""
from __future__ import annotations

import bisect
import copy
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import tei, xmlsafe
from .errors import InputError, ValidationFailed
from .model import Chapter, Note, Style
from .tei import TEI_NS, XML_ID

T = f"{{{TEI_NS}}}"

# Elements kept whole: the parser reads them as the text given here, and no new element
# starts or ends inside them.
_READINGS = {"corr", "reg", "expan"}
_SILENT = {"note", "del", "gap", "lb", "pb", "cb", "milestone", "anchor", "ptr", "figure",
           "graphic", "fw", "surplus", "index", "interp", "span", "certainty"}
# Elements a new bibl may be put inside (their content allows bibl in tei_all), and those the
# search may pass through to reach one.
BIBL_PARENTS = {"note", "p", "ab", "hi", "emph", "q", "quote", "said", "seg", "item", "cell", "l",
                "add", "unclear", "supplied"}
_PASSAGES = BIBL_PARENTS | {"list", "table", "row", "lg", "div", "floatingText", "body"}
# Existing citation markup: a new bibl never holds or enters it.
_CITATION_TAGS = {"bibl", "biblStruct", "listBibl", "biblFull", "msDesc"}
_ITALIC = re.compile(r"\b(italic|italics|i|it)\b")


def _local(el: etree._Element) -> str:
    return el.tag[len(T):] if isinstance(el.tag, str) and el.tag.startswith(T) else ""


def _atomic_reading(el: etree._Element) -> str | None:
    """The text an element kept whole reads as, or None when the parser may look inside."""
    if not isinstance(el.tag, str):
        return ""  # a comment or processing instruction
    name = _local(el)
    if name == "choice":
        preferred = [c for c in el if _local(c) in _READINGS] or list(el)[:1]
        return "".join(preferred[0].itertext()) if preferred else ""
    if name == "app":
        lem = [c for c in el if _local(c) == "lem"] or [c for c in el if _local(c) == "rdg"][:1]
        return "".join(lem[0].itertext()) if lem else ""
    if name in _SILENT or not name:
        # A line break inside a word (@break='no', or the Stylesheets' hyphenInWord) joins it.
        if name in ("lb", "cb", "pb") and el.get("break") != "no" and "hyphen" not in el.get("type", ""):
            return " "
        return ""
    return None


class _Layout:
    """Where every node of a note is in its reading ``raw``, and ``raw`` collapsed (``text``,
    what the parser reads) with the map from ``text`` offsets back to ``raw``."""

    def __init__(self, note: etree._Element):
        self.span: dict[etree._Element, tuple[int, int]] = {}
        self._parts: list[str] = []
        self._pos = 0
        self._walk(note, top=True)
        self.raw = "".join(self._parts)
        chars: list[str] = []
        self.to_raw: list[int] = []
        space = True  # leading whitespace is dropped
        for i, ch in enumerate(self.raw):
            if ch.isspace():
                if not space:
                    chars.append(" ")
                    self.to_raw.append(i)
                space = True
            else:
                chars.append(ch)
                self.to_raw.append(i)
                space = False
        while chars and chars[-1] == " ":
            chars.pop()
            self.to_raw.pop()
        self.text = "".join(chars)

    def _add(self, text: str | None) -> None:
        if text:
            self._parts.append(text)
            self._pos += len(text)

    def _walk(self, el: etree._Element, top: bool = False) -> None:
        start = self._pos
        reading = None if top else _atomic_reading(el)
        if reading is not None:
            self._add(reading)
        else:
            self._add(el.text)
            for child in el:
                self._walk(child)
                self._add(child.tail)
        self.span[el] = (start, self._pos)

    def raw_range(self, start: int, end: int) -> tuple[int, int]:
        """``text[start:end]`` in ``raw``; an empty range sits before the character at ``start``."""
        if end > start:
            return self.to_raw[start], self.to_raw[end - 1] + 1
        at = self.to_raw[start] if start < len(self.to_raw) else len(self.raw)
        return at, at

    def text_range(self, start: int, end: int) -> tuple[int, int]:
        """The collapsed-text offsets of ``raw[start:end]``."""
        return bisect.bisect_left(self.to_raw, start), bisect.bisect_left(self.to_raw, end)


def wrap(note: etree._Element, start: int, end: int, make: Callable[[], etree._Element],
         may_enter: Callable[[etree._Element], bool],
         may_hold: Callable[[etree._Element], bool],
         begin: etree._Element | None = None) -> etree._Element | None:
    """Put a new element (``make()``) around ``raw[start:end]`` of ``note``'s reading, without
    cutting any element: found by descending from ``begin`` (default: the note) through
    elements ``may_enter`` allows, to the one whose children the range covers whole (text
    nodes may be cut), which ``may_hold`` must accept. Returns the new element, or None
    (nothing changed) when the range crosses an element, lies inside one it may not enter,
    or would hold citation markup."""
    layout = _Layout(note)
    parent = note if begin is None else begin
    while True:
        inner = None
        for child in parent:
            cs, ce = layout.span[child]
            if start == end:
                if cs < start < ce:
                    inner = child
                    break
                continue
            if ce <= start or cs >= end or (start <= cs and ce <= end):
                continue  # outside the range, or moved inside it whole
            if cs <= start and end <= ce:
                inner = child
                break
            return None  # the range crosses the child's boundary
        if inner is None:
            break
        if _atomic_reading(inner) is not None or not may_enter(inner):
            return None
        parent = inner
    if not may_hold(parent):
        return None
    # The parent's content as items: a text or an element with its span, tails detached.
    pos = layout.span[parent][0]
    items: list[tuple[str | etree._Element, int, int]] = []
    if parent.text:
        items.append((parent.text, pos, pos + len(parent.text)))
    for child in parent:
        cs, ce = layout.span[child]
        items.append((child, cs, ce))
        if child.tail:
            items.append((child.tail, ce, ce + len(child.tail)))
    before: list[str | etree._Element] = []
    inside: list[str | etree._Element] = []
    after: list[str | etree._Element] = []
    for node, a, b in items:
        if isinstance(node, str):
            cut1, cut2 = max(a, min(start, b)), max(a, min(end, b))
            before.append(node[:cut1 - a])
            inside.append(node[cut1 - a:cut2 - a])
            after.append(node[cut2 - a:])
        elif b <= start:
            before.append(node)
        elif a >= end:
            after.append(node)
        else:
            inside.append(node)
    if any(isinstance(x, etree._Element) and (_local(x) in _CITATION_TAGS or any(
            _local(d) in _CITATION_TAGS for d in x.iter())) for x in inside):
        return None
    new = make()
    for child in list(parent):
        child.tail = None
        parent.remove(child)
    _fill(new, inside)
    _fill(parent, [*before, new, *after])
    return new


def _fill(el: etree._Element, seq: Sequence[str | etree._Element]) -> None:
    """Set ``el``'s content to ``seq`` (strings and elements, in order)."""
    el.text = None
    last: etree._Element | None = None
    for item in seq:
        if isinstance(item, str):
            if not item:
                continue
            if last is None:
                el.text = (el.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            el.append(item)
            last = item


@dataclass
class _Tree:
    """The converter's encoding of one citation: an element and its parts, in text offsets."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    children: list[_Tree] = field(default_factory=list)


def _encoded(el: etree._Element, pos: int) -> tuple[list[_Tree], int]:
    """The elements below ``el`` as trees of text offsets; ``pos`` is where ``el``'s text starts."""
    out: list[_Tree] = []
    pos += len(el.text or "")
    for child in el:
        start = pos
        kids, pos = _encoded(child, pos)
        # the converter's own markup: elements only, so a tag is always a name
        out.append(_Tree(etree.QName(child).text, dict(child.attrib), start, pos, kids))
        pos += len(child.tail or "")
    return out, pos


@dataclass
class Result:
    tree: etree._ElementTree
    notes: int = 0
    citations: int = 0
    placed: int = 0
    skipped: list[str] = field(default_factory=list)  # "note N: citation text", why not placed


def _notes(root: etree._Element) -> list[etree._Element]:
    """The notes of the texts (not the header's), outside existing bibliographies."""
    found = []
    for text in root.iter(f"{T}text"):
        if any(_local(a) == "text" for a in text.iterancestors()):
            continue  # a text inside a group: its notes are found from the outer text
        for note in text.iter(f"{T}note"):
            if not any(_local(a) in _CITATION_TAGS for a in note.iterancestors()):
                found.append(note)
    return found


def _styles(note: etree._Element, layout: _Layout) -> list[Style]:
    """Italics and quotation of the note's phrase markup, as evidence for the citation step."""
    styles = []
    for el in note.iter():
        name = _local(el)
        kind = None
        rend = el.get("rend", "") + " " + el.get("style", "").replace(":", " ")
        if (name == "hi" and _ITALIC.search(rend)) or (name in ("emph", "title") and el.get("level") != "a"):
            kind = "italic"
        elif name in ("q", "quote", "soCalled") or (name == "title" and el.get("level") == "a"):
            kind = "quoted"
        if kind and el in layout.span:
            a, b = layout.text_range(*layout.span[el])
            if b > a:
                styles.append(Style(a, b, kind))
    return styles


def enrich_tree(tree: etree._ElementTree, name: str = "<input>") -> Result:
    """Add citation markup to the notes of ``tree`` (changed in place) and the bibliography and
    abbreviations to its back matter."""
    from .citations import parse_citations
    root = tree.getroot()
    if root.tag not in (f"{T}TEI", f"{T}teiCorpus"):
        raise InputError(name, f"not a TEI file: its root element is <{etree.QName(root).text}>")
    result = Result(tree)
    elements = _notes(root)
    numbers = [el.get("n", "") for el in elements]
    own = all(n.isdigit() and int(n) > 0 for n in numbers) and len(set(numbers)) == len(numbers)
    notes: list[Note] = []
    where: dict[int, tuple[etree._Element, str]] = {}
    for k, el in enumerate(elements, 1):
        layout = _Layout(el)
        if not layout.text.strip():
            continue
        n = int(numbers[k - 1]) if own else k
        notes.append(Note(n, layout.text, el.sourceline or 0, styles=_styles(el, layout)))
        where[n] = (el, numbers[k - 1] or str(k))
    result.notes = len(notes)
    chapter = Chapter(title="", authors=[], abstract=[], body=[], notes=notes,
                      source_name=name, source_format="tei")
    parse_citations(chapter)
    existing = {str(v) for v in root.xpath("//@xml:id")}
    placed: dict[str, etree._Element] = {}  # citation xml:id -> its new bibl
    new_elements: list[etree._Element] = []
    generated: set[str] = set()
    for note in chapter.notes:
        el, _label = where[note.n]
        result.citations += len(note.citations)
        # The converter's own encoding of the note, on its text: no repairs, no styles (the
        # file has its own typography), so its text is exactly the note's reading.
        plain = Note(note.n, note.text, note.line, citations=note.citations)
        holder = etree.Element(f"{T}div")
        tei._note(holder, plain)
        written = holder[0]
        if "".join(written.itertext()) != note.text:
            raise ValidationFailed(f"{name}: note {note.n}: the citation markup changed the note's "
                                   "text; this is a bug in teiedition: please report it")
        trees, _ = _encoded(written, 0)
        for cit_tree in trees:
            generated.add(cit_tree.attrs.get(XML_ID, ""))
            bibl = _place(el, cit_tree, _Layout(el), new_elements)
            cid = cit_tree.attrs.get(XML_ID, "")
            if bibl is None:
                result.skipped.append(f"note {where[note.n][1]}: {note.text[cit_tree.start:cit_tree.end]!r}: "
                                      f"{_why_not(el, cit_tree)}; left without citation markup")
            else:
                placed[cid] = bibl
    result.placed = len(placed)
    _unwrap_dangling(new_elements, set(placed), generated)
    labels = {cid: where[n.n][1] for n in chapter.notes for c in n.citations
              for cid in [c.xml_id] if cid in placed}
    back_divs = _back_divisions(chapter, placed, labels)
    rename = _renames(existing, set(placed) | {d for div in back_divs for d in div.xpath(
        ".//@xml:id")})
    if back_divs:
        _append_back(root, back_divs, new_elements)
    _apply_renames(new_elements, rename)
    return result


def _place(note: etree._Element, cit: _Tree, layout: _Layout, new: list[etree._Element],
           parent: etree._Element | None = None) -> etree._Element | None:
    """Place ``cit`` in ``note`` (a citation when ``parent`` is None, else a part inside
    ``parent``, then its own parts inside it); returns its new element."""
    start, end = layout.raw_range(cit.start, cit.end)

    def make() -> etree._Element:
        return note.makeelement(cit.tag, cit.attrs)

    def ours(e: etree._Element) -> bool:
        return any(e is x for x in new)

    if parent is None:
        element = wrap(note, start, end, make, lambda e: _local(e) in _PASSAGES,
                       lambda e: e is note or _local(e) in BIBL_PARENTS)
        if element is None:
            return None
    else:
        element = wrap(note, start, end, make, ours, ours, begin=parent)
    if element is not None:
        new.append(element)
    for part in cit.children:
        # A part that cannot be placed leaves its own parts to be tried in its parent.
        _place(note, part, layout, new, element if element is not None else parent)
    return element


def _why_not(note: etree._Element, cit: _Tree) -> str:
    """Why a citation could not be placed: already marked up, or crossing other markup."""
    layout = _Layout(note)
    start, end = layout.raw_range(cit.start, cit.end)
    for el in note.iter():
        if el is not note and _local(el) in _CITATION_TAGS and el in layout.span:
            a, b = layout.span[el]
            if a < end and start < b:
                return f"already marked up (an existing <{_local(el)}>)"
    return "crosses the note's own markup"


def _unwrap_dangling(new: list[etree._Element], placed: set[str], generated: set[str]) -> None:
    """A new ref to a citation that was not placed: the element goes, its text stays."""
    for el in list(new):
        target = el.get("target", "")
        if target.startswith("#") and target[1:] in generated and target[1:] not in placed:
            new.remove(el)
            _unwrap(el)


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its content (text, children, tail) in its parent."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    seq: list[str | etree._Element] = [el.text or ""]
    for child in el:
        seq += [child, child.tail or ""]
    seq.append(el.tail or "")
    rest: list[str | etree._Element] = [parent.text or ""]
    for child in parent:
        rest += [child, child.tail or ""]
    # ``rest`` is [text, c0, tail0, c1, tail1, ...]: el is at 2 * index + 1.
    at = 2 * index + 1
    content = rest[:at] + seq + rest[at + 2:]
    for child in list(parent):
        child.tail = None
        parent.remove(child)
    for child in list(el):
        child.tail = None
    _fill(parent, content)


def _back_divisions(chapter: Chapter, placed: dict[str, etree._Element],
                    labels: dict[str, str]) -> list[etree._Element]:
    """The converter's bibliography and abbreviations for the citations that were placed."""
    cited = {b.get("corresp", "")[1:] for b in placed.values() if b.get("corresp")}
    entries = []
    for entry in chapter.bibliography:
        if entry.xml_id in cited:
            kept = copy.copy(entry)
            kept.cited_in = [c for c in entry.cited_in if c in placed]
            entries.append(kept)
    kept_ids = {e.xml_id for e in entries}
    abbreviations = []
    for ab in chapter.abbreviations:
        if ab.entry in kept_ids or ab.target in placed:
            kept_ab = copy.copy(ab)
            if kept_ab.entry not in kept_ids:
                kept_ab.entry = None
            abbreviations.append(kept_ab)
    if not entries and not abbreviations:
        return []
    only = Chapter(title="", authors=[], abstract=[], body=[], notes=[], source_name="",
                   source_format="tei", bibliography=entries, abbreviations=abbreviations)
    text = etree.Element(f"{T}text", nsmap={None: TEI_NS})
    tei._back(text, only)
    divs = [d for d in text[0] if d.get("type") in ("bibliography", "abbreviations")]
    for ref in text.iter(f"{T}ref"):
        parent = ref.getparent()
        if parent is not None and parent.get("type") == "citedBy":
            ref.text = labels.get(ref.get("target", "")[1:], ref.text)
    return divs


def _renames(existing: set[str], new_ids: set[str]) -> dict[str, str]:
    """New ids the file already uses, each with a fresh suffixed id."""
    taken = existing | new_ids
    rename = {}
    for old in sorted(new_ids & existing):
        k = 2
        while f"{old}-{k}" in taken:
            k += 1
        rename[old] = f"{old}-{k}"
        taken.add(rename[old])
    return rename


def _apply_renames(new: list[etree._Element], rename: dict[str, str]) -> None:
    if not rename:
        return
    for top in new:
        for el in top.iter():
            old = el.get(XML_ID)
            if old is not None and old in rename:
                el.set(XML_ID, rename[old])
            for attr in ("target", "corresp"):
                value = el.get(attr)
                if value:
                    el.set(attr, " ".join("#" + rename.get(v[1:], v[1:]) if v.startswith("#") else v
                                          for v in value.split()))


def _append_back(root: etree._Element, divs: list[etree._Element], new: list[etree._Element]) -> None:
    """Append ``divs`` to the first text's back (made after the body when there is none),
    indented like the converter's output."""
    text = next(iter(root.iter(f"{T}text")))
    outer = "  " * (sum(1 for _ in text.iterancestors()) + 1)  # back's own indentation
    inner = outer + "  "
    back = next((c for c in text if _local(c) == "back"), None)
    if back is None:
        back = text.makeelement(f"{T}back", {})
        if len(text):
            last = text[-1]
            back.tail, last.tail = last.tail, "\n" + outer
        text.append(back)
        new.append(back)
    for div in divs:
        clean = xmlsafe.parse_bytes(etree.tostring(div, pretty_print=True), "<enrich>").getroot()
        if len(back):
            last = back[-1]
            closing, last.tail = last.tail, "\n" + inner
        else:
            closing, back.text = "\n" + outer, "\n" + inner
        copied = _clone(back, clean, inner)
        copied.tail = closing
        new.append(copied)


def _clone(parent: etree._Element, src: etree._Element, indent: str) -> etree._Element:
    """``src`` recreated under ``parent`` (so in its namespace scope); whitespace-only text
    with a line break, which only libxml2's pretty printer made, indented by ``indent``."""
    def shift(value: str | None) -> str | None:
        if value is not None and not value.strip() and "\n" in value:
            return value.replace("\n", "\n" + indent)
        return value

    el = etree.SubElement(parent, src.tag, dict(src.attrib))
    el.text = shift(src.text)
    for child in src:
        sub = _clone(el, child, indent)
        sub.tail = shift(child.tail)
    return el


def enrich_file(path: Path) -> tuple[bytes, Result]:
    """The enriched bytes of the TEI file ``path`` (UTF-8, its prolog and DOCTYPE kept)."""
    data = xmlsafe.read_file(path)
    tree = xmlsafe.parse_bytes(data, str(path))
    result = enrich_tree(tree, str(path))
    return serialize(tree), result


def serialize(tree: etree._ElementTree) -> bytes:
    """The tree as UTF-8, each node outside the root (DOCTYPE, processing instructions,
    comments) on its own line as the converter writes them; libxml2 alone would glue them."""
    root = tree.getroot()
    out = [b"<?xml version='1.0' encoding='UTF-8'?>\n"]
    if tree.docinfo.doctype:
        out.append(tree.docinfo.doctype.encode() + b"\n")
    out += [etree.tostring(n, encoding="UTF-8", with_tail=False) + b"\n"
            for n in reversed(list(root.itersiblings(preceding=True)))]
    out.append(etree.tostring(root, encoding="UTF-8", with_tail=False) + b"\n")
    out += [etree.tostring(n, encoding="UTF-8", with_tail=False) + b"\n" for n in root.itersiblings()]
    return b"".join(out)


def check_output(source: Path, out: bytes, tei_all: str | None = None) -> list[str]:
    """Validate ``out``; errors ``source`` itself does not have are a bug (raised in one line).
    Returns notes: the input's own errors, and what could not be checked."""
    import tempfile

    from .validation import validate
    with tempfile.TemporaryDirectory(prefix="teiedition-enrich-") as tmp:
        path = Path(tmp) / source.name
        path.write_bytes(out)
        after = validate(path, tei_all=tei_all)
        notes = list(after.notes)
        if after.ok:
            return notes
        before = validate(source, tei_all=tei_all)

        def key(i) -> tuple:
            return (i.layer, i.rule, re.sub(r"\d+", "#", i.message))

        had = Counter(key(i) for i in before.issues)
        for issue in after.sorted_issues():
            if had[key(issue)] > 0:
                had[key(issue)] -= 1
                continue
            rule = f"[{issue.rule}] " if issue.rule else ""
            raise ValidationFailed(f"{source}: enrich made invalid TEI at line {issue.line}: "
                                   f"{issue.layer}: {rule}{issue.message}; this is a bug in "
                                   "teiedition: please report it with the input file")
        return [*notes, (f"the input was already invalid ({len(before.issues)} errors); "
                f"'teiedition validate {source}' lists them")]
