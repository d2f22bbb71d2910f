"""The project and Schematron layers' verdict on a large file, without its whole tree.

libxml2's tree of a 50 MB edition is 525 MB by itself (schemas/README.md), past issue 15's
budget of 4 times the file plus 300 MB. This check feeds the accepted bytes to lxml's pull
parser and takes the document in *pieces*: a note of the notes division in back, an entry of
the bibliography's list, a division of a chapter or one of its own paragraphs, lists,
quotations and tables (the children of those *containers*; a container's last child may still
be being parsed, and waits). Every ``BATCH_BYTES`` the pieces
ended meanwhile are checked:

* the project grammar whose start is the piece's pattern (libxml2 validates an element as a
  document of its own);
* the project's bibl/ref conditions and the gathering of xml:id, @target and @corresp
  (``project.scan`` and the id pass, piece by piece);
* the Schematron rules, run on the tree as it stands: the pieces' ancestors (with their
  attributes, complete from their start tags) and, in each container, the piece checked just
  before them (kept whole for ``note-contiguous``);

then replaced by a *hollow* element in a private namespace (``HOLLOW``), one for each run of
consecutive pieces. What is left (header, front, heads, hollows) is the *skeleton*: checked at
the end against the grammar in which each piece's pattern is a choice of itself or its hollow,
by the Schematron rules (now with everything complete), the assertion on the header, and the
ids and pointers gathered from every piece, in Python, as the whole-tree path does. TEI that is
not an edition gets the rules' phase generic alone, as on the whole tree.

Only a verdict: ``valid`` passes a file only where the whole-tree layers would report nothing,
and says None for anything it cannot decide exactly (a failure anywhere, text between pieces,
a grammar or rules other than this module was reasoned for, libxml2 refusing the bytes): the
caller then builds the whole tree and reports exactly as before. Why it is exact:

* Grammar: each piece pattern sits in the grammar as the only child of a ``oneOrMore`` or
  ``zeroOrMore`` (``_SITES``), and each hollow name occurs only there. If the skeleton matches
  that grammar, each hollow stands in such a repetition; putting back the k >= 1 pieces it
  stands for (each matching the pattern, only whitespace, comments and processing
  instructions between them) is k turns of the same repetition, so the whole document
  matches the project grammar.
* Rules: teiedition.sch's rules read an element's own attributes and children, its parent's
  and ancestors' names and attributes, and the notes before it (``preceding-sibling::tei:note[1]``,
  ``tei:note[1]``: the note kept, or none, as hollows are not notes); the rules on a piece are
  decided once it has ended, with all of that in the tree; phase generic reads attributes
  only. A failure on what has not ended (the parser reads ahead) or on the skeleton is decided
  in a later batch; any other failure sends the file to the whole tree. The schema must be
  the one this was reasoned for (``_SCH_CRC32``; a test fails when it changes).
* Assertions, ids, pointers: the same Python twins as ``project.valid_fast`` and
  ``schematron._pointers_hold``, over every element once (pieces, then the skeleton).
"""
from __future__ import annotations

import copy
import functools
import io
import os
import zlib
from collections.abc import Callable
from typing import BinaryIO

from lxml import etree

from ..errors import InputError
from ..xmlsafe import RefusedResource, check_parsed_dtd, parse_file, pull_parser
from . import project, schematron
from .wellformed import TEI_NS, Parsed, is_teiedition

GENERIC = "generic"  # teiedition.sch's phase for TEI that is not an edition
#: The namespace of the hollow elements that stand for runs of checked pieces.
HOLLOW = "urn:teiedition:hollow-piece"
#: Source bytes read between two checks of the pieces ended meanwhile (each check runs the
#: Schematron stylesheet once over the tree as it stands). Small batches stay in the CPU's
#: caches: at 50 MB, in process, 4.6-4.9 s of CPU with 128 KB, 4.7-5.1 with 256 KB, 5.3-6.0
#: with 1 MB, 6.1 with 4 MB, against 5.2-5.3 s on the whole tree (5 interleaved runs, load 2).
BATCH_BYTES = 1 << 17

_T = f"{{{TEI_NS}}}"
_R = "{http://relaxng.org/ns/structure/1.0}"
#: Each kind of piece -> where its pattern sits in teiedition.rng (define, a path from it to
#: the pattern) and how many such places there are.
_SITES = {
    "note": ("ct.notesDiv.content", f".//{_R}oneOrMore/{_R}element[@name='note']", 1),
    "entry": ("ct.bibliographyDiv.content",
              f".//{_R}element[@name='listBibl']//{_R}oneOrMore/{_R}element[@name='bibl']", 1),
    "division": ("ct.chapterDiv.content", f".//{_R}ref[@name='el.div']", 2),
    "block": ("ct.chapterDiv.content", f".//{_R}ref[@name='grp.bodyBlock']", 1),
}
#: teiedition.sch as the reasoning above was made for (a CRC-32 of its bytes): another
#: schema, or this one changed, is checked on the whole tree until this module is reviewed
#: against it and the checksum updated (a test says when).
_SCH_CRC32 = 2033456181


def _ws(text: str | None) -> bool:
    """No text, or only XML whitespace (which RELAX NG ignores between elements)."""
    return not text or not text.strip(" \t\r\n")


class _Grammars:
    """The piece grammars (start: the piece's pattern) and the skeleton grammar (each piece
    pattern a choice of itself or its hollow), from teiedition.rng or its loose form."""

    def __init__(self, tree: etree._ElementTree):
        root = tree.getroot()
        self.pieces: dict[str, etree.RelaxNG] = {}
        skeleton = copy.deepcopy(tree)
        for kind, (define, path, count) in _SITES.items():
            sites = _find_sites(root, define, path)
            found = _find_sites(skeleton.getroot(), define, path)
            # Each place holds the same pattern, which the piece grammar starts with.
            if (len(sites) != count or len(found) != count
                    or len({etree.tostring(site, with_tail=False) for site in sites}) != 1):
                raise LookupError(kind)
            piece = copy.deepcopy(tree)
            start = piece.getroot().find(f"{_R}start")
            if start is None:
                raise LookupError("start")
            for child in list(start):
                start.remove(child)
            start.append(copy.deepcopy(sites[0]))
            self.pieces[kind] = etree.RelaxNG(piece)
            for site in found:
                choice = etree.Element(f"{_R}choice")
                site.addprevious(choice)
                choice.append(site)  # moves it
                hollow = etree.SubElement(choice, f"{_R}element")
                etree.SubElement(hollow, f"{_R}name", ns=HOLLOW).text = kind
                etree.SubElement(hollow, f"{_R}empty")
        self.skeleton = etree.RelaxNG(skeleton)


def _find_sites(root: etree._Element, define: str, path: str) -> list[etree._Element]:
    """The pattern elements at ``path`` in ``define``, each the only child of a repetition."""
    found = root.findall(f"{_R}define[@name='{define}']")
    if len(found) != 1:
        return []
    sites = []
    for site in found[0].iterfind(path):
        parent = site.getparent()
        if (parent is None or parent.tag not in (f"{_R}oneOrMore", f"{_R}zeroOrMore")
                or len([c for c in parent if isinstance(c.tag, str)]) != 1):
            return []
        sites.append(site)
    return sites


@functools.cache
def _grammars(loose: bool) -> _Grammars | None:
    """Compiled once per process; None where the grammar is not as ``_SITES`` expects."""
    tree = project.loose_tree() if loose else parse_file(project.project_rng())
    if tree is None:
        return None
    try:
        return _Grammars(tree)
    except (LookupError, etree.RelaxNGParseError):
        return None


@functools.cache
def _rules(phase: str | None) -> schematron.Compiled | None:
    """teiedition.sch in ``phase`` without its pointer rules (decided in Python), if it is the
    schema this module was written for."""
    path = schematron.project_sch()
    try:
        if zlib.crc32(path.read_bytes()) != _SCH_CRC32:
            return None
    except OSError:
        return None
    return schematron.without_pointer_rules(str(path), phase)


def available() -> bool:
    """Everything the streamed check relies on is as it was written for (the grammars for
    a pointer the loose grammar cannot vouch for are compiled when one is found)."""
    _, _, others, twin = project.fast_parts()
    return (twin and _rules(None) is not None and _rules(GENERIC) is not None
            and _grammars(True) is not None and project.header_only(others))


class _Container:
    """An element whose children are pieces: a notes division in back (its notes), the
    bibliography's list (its entries), a chapter (its divisions, and its own paragraphs, lists,
    quotations and tables: ``block``); matched as the rules' contexts are, on the element's
    start (its attributes and ancestors are there)."""

    def __init__(self, element: etree._Element, pieces: dict[str, str], others: str | None = None):
        self.element = element
        self.pieces = pieces  # a child's tag -> its kind of piece
        self.others = others  # the kind of any other TEI child but a head, if any
        self.open = True
        self.kept: tuple[str, etree._Element] | None = None  # the last piece checked, still whole
        self.mark: etree._Element | None = None  # the last child looked at

    @classmethod
    def of(cls, element: etree._Element) -> _Container | None:
        parent = element.getparent()
        if parent is None:
            return None
        if element.tag == _T + "div":
            kind = element.get("type")
            if kind == "chapter":
                return cls(element, {_T + "div": "division", _T + "head": ""}, "block")
            if kind == "notes" and parent.tag == _T + "back":
                return cls(element, {_T + "note": "note"})
        elif element.tag == _T + "listBibl" and parent.tag == _T + "div" and parent.get("type") == "bibliography":
            grand = parent.getparent()
            if grand is not None and grand.tag == _T + "back":
                return cls(element, {_T + "bibl": "entry"})
        return None

    def kind(self, child: etree._Element) -> str:
        """The kind of piece ``child`` is, or ''."""
        tag = child.tag
        if not isinstance(tag, str):
            return ""  # a comment or a processing instruction
        kind = self.pieces.get(tag)
        if kind is not None:
            return kind
        return (self.others or "") if tag.startswith(_T) else ""

    def ended(self) -> list[tuple[str, etree._Element]]:
        """Its pieces not checked yet that have ended (while it is open, the last child may
        still be being parsed). Only the children after the last one looked at are read: a
        chapter's head, which stays, is not read again at every batch."""
        mark = self.mark
        children = list(mark.itersiblings()) if mark is not None else list(self.element)
        if self.open and children:
            children.pop()
        if children:
            # It stays in the tree: a child that is not a piece, or the piece kept (the last).
            self.mark = children[-1]
        found = []
        for child in children:
            kind = self.kind(child)
            if kind:
                found.append((kind, child))
        return found

    def hollow(self, pieces: list[tuple[str, etree._Element]], final: bool, made: set[etree._Element]) -> None:
        """Replace the piece kept before and the ``pieces`` just checked, all but the last
        (kept now, as the note before the next) unless ``final``, by hollows: one for each
        run of pieces of a kind with nothing but comments and processing instructions between
        them (which the grammar ignores, and no rule reads), or none where a hollow of theirs
        is just before them. Text between pieces: the whole tree decides."""
        if not pieces and not final:
            return  # the piece kept stays: the next note's note before
        run = ([self.kept] if self.kept is not None else []) + pieces
        self.kept = None if final else run.pop()
        runs: list[tuple[str, list[etree._Element]]] = []
        for kind, piece in run:
            if not _ws(piece.tail):
                raise _Failed
            if runs and runs[-1][0] == kind and _next_to(runs[-1][1][-1], piece):
                runs[-1][1].append(piece)
            else:
                runs.append((kind, [piece]))
        container = self.element
        for kind, members in runs:
            first = container.index(members[0])
            del container[first:container.index(members[-1]) + 1]
            name = f"{{{HOLLOW}}}{kind}"
            previous = container[first - 1] if first else None
            if previous is None or previous not in made or previous.tag != name:
                hollow = etree.Element(name)
                hollow.tail = members[-1].tail
                container.insert(first, hollow)
                made.add(hollow)


def _next_to(before: etree._Element, after: etree._Element) -> bool:
    """Only comments and processing instructions, and whitespace, between the two siblings."""
    node = before.getnext()
    while node is not None and node is not after:
        if not isinstance(node, etree._Comment | etree._ProcessingInstruction) or not _ws(node.tail):
            return False
        node = node.getnext()
    return node is after


class _Failed(Exception):
    """Something the whole-tree path must decide."""


class _Check:
    def __init__(self, edition: bool) -> None:
        """``edition``: the project layer and the rules' phase #ALL; else phase generic alone."""
        self.edition = edition
        self.ids: list[str] = []
        self.targets: list[str] = []
        self.corresps: list[str] = []
        self.flags = 0
        # The hollows made here: an element of the file in their namespace is not one (the
        # skeleton grammar would take it for a run of checked pieces).
        self.hollows: set[etree._Element] = set()
        rules = _rules(None if edition else GENERIC)
        if rules is None:
            raise _Failed
        self.rules = rules

    def gather(self, element: etree._Element) -> int:
        """The id pass (``Parsed.id_values``) and the bibl/ref twin (``project.scan``) on
        ``element`` and what it holds; the twin's flags (a broken condition fails here)."""
        ids, targets, corresps = self.ids, self.targets, self.corresps
        for e in element.iter("*"):
            for key, value in e.items():
                if key == project.XML_ID:
                    ids.append(value)
                elif key == "target":
                    targets.append(value)
                elif key == "corresp":
                    corresps.append(value)
        if not self.edition:
            return 0
        flags = 0
        for e in element.iter(_T + "bibl", _T + "ref"):
            flags |= project.scan(e)
        if flags & project.BREAKS:
            raise _Failed
        self.flags |= flags
        return flags

    def batch(self, root: etree._Element, containers: list[_Container], final: bool) -> None:
        """Check the pieces ended since the last batch, then hollow them."""
        found = [(c, c.ended()) for c in containers]
        flags = 0
        for _, pieces in found:
            for _, piece in pieces:
                flags |= self.gather(piece)
        if self.edition:
            # The loose grammar where every pointer of these pieces is plain (project._loose_grammar).
            grammars = _grammars(not flags & project.UNVOUCHED)
            if grammars is None:
                raise _Failed
            validators = {kind: grammar.validate for kind, grammar in grammars.pieces.items()}
            for _, pieces in found:
                for kind, piece in pieces:
                    if not validators[kind](piece):
                        raise _Failed
        self.schematron(root, {p for _, pieces in found for _, p in pieces}, final)
        for container, pieces in found:
            # A container that has ended needs no piece kept for the next: all are hollowed,
            # and it leaves the batches (else each would read what follows it again).
            container.hollow(pieces, final or not container.open, self.hollows)

    def schematron(self, root: etree._Element, pieces: set[etree._Element], final: bool) -> None:
        """The rules on the tree as it stands: a failure counts when it is on one of
        ``pieces`` (ended, with everything its rules read) or, once the document has ended,
        anywhere."""
        report = self.rules.validate(root.getroottree())
        elements: list[etree._Element] | None = None
        for result in report.getroot().iter(f"{schematron.SVRL}failed-assert",
                                            f"{schematron.SVRL}successful-report"):
            if final:
                raise _Failed
            at = result.find(f"{schematron.SVRL}diagnostic-reference[@diagnostic='at']")
            if at is None:
                raise _Failed
            if elements is None:
                elements = list(root.iter("*"))
            k = int(float(at.xpath("string()").strip() or 0))
            if not 0 < k <= len(elements):
                raise _Failed
            node: etree._Element | None = elements[k - 1]
            while node is not None:
                if node in pieces:
                    raise _Failed
                node = node.getparent()

    def skeleton(self, tree: etree._ElementTree) -> None:
        """The rest, once every piece is hollow: grammar, header assertions, ids, pointers."""
        root = tree.getroot()
        if any(e not in self.hollows for e in root.iter(f"{{{HOLLOW}}}*")):
            raise _Failed
        self.gather(root)
        if self.edition:
            grammars = _grammars(not self.flags & project.UNVOUCHED)
            if grammars is None or not grammars.skeleton.validate(tree):
                raise _Failed
            _, _, others, _ = project.fast_parts()
            if any(query(tree) for query in others):
                raise _Failed
        # Unique xml:ids (the project layer's, and the rule xml-id-unique), pointers resolved.
        if not schematron.pointers_hold(self.ids, self.targets, self.corresps):
            raise _Failed


#: Bytes fed to the parser at a time (64 KB measured cheaper than 256 KB or 1 MB).
CHUNK_BYTES = 1 << 16


def _parser() -> etree.XMLPullParser:
    # Events only for the containers' start and end: the pieces are found among their children.
    return pull_parser(tag=(_T + "div", _T + "listBibl"))


def valid(parsed: Parsed, edition: bool = False) -> str | None:
    """"edition" if ``parsed`` is a teiedition edition (or ``edition`` says to check it as one,
    as ``--schema project`` does) that passes the project layer and the rules' phase #ALL,
    "generic" if it is other TEI that passes phase generic, as the whole-tree path would
    decide; None if this check cannot say (then the whole tree decides and reports). Never
    builds the whole tree."""
    if not available():
        return None
    try:
        with _source(parsed) as raw:
            return _run(raw, edition)
    except (_Failed, etree.XMLSyntaxError, RefusedResource):
        return None
    except Exception:  # noqa: BLE001  (anything else unforeseen: the whole tree decides, as before)
        return None


def _source(parsed: Parsed) -> BinaryIO:
    kept = parsed.kept_descriptor()
    if kept is not None and os.path.isdir("/proc/self/fd"):
        # A descriptor of its own (its own offset), as Parsed._parse_kept reads it.
        return open(f"/proc/self/fd/{kept}", "rb")  # closed by the caller's with
    return io.BytesIO(parsed.data)


def _run(source: BinaryIO, forced: bool) -> str:
    checks: list[_Check] = []

    def batch(root: etree._Element, containers: list[_Container], final: bool) -> None:
        if not checks:
            # Is this an edition? Asked again at the end, where the whole tree asks it (a
            # header after the text would answer otherwise).
            checks.append(_Check(forced or is_teiedition(root.getroottree())))
        if final and checks[0].edition != (forced or is_teiedition(root.getroottree())):
            raise _Failed
        checks[0].batch(root, containers, final)

    tree = stream(source, batch, _Container.of)
    checks[0].skeleton(tree)
    return "edition" if checks[0].edition else "generic"


Batch = Callable[[etree._Element, list[_Container], bool], None]


def stream(source: BinaryIO, batch: Batch,
           container: Callable[[etree._Element], _Container | None]) -> etree._ElementTree:
    """Feed ``source`` to the pull parser; every ``BATCH_BYTES``, and once at the end
    (``final``), ``batch`` checks and hollows the pieces of the containers found so far
    (``container`` says which elements are containers). The skeleton left, once ``batch``
    has hollowed the last pieces. Raises _Failed for a document with DTD content."""
    parser = _parser()
    containers: list[_Container] = []
    by_element: dict[etree._Element, _Container] = {}
    read = mark = 0
    while chunk := source.read(CHUNK_BYTES):
        parser.feed(chunk)
        read += len(chunk)
        for event, element in parser.read_events():
            if event == "start":
                found = container(element)
                if found is not None:
                    containers.append(found)
                    by_element[element] = found
            elif element in by_element:
                by_element[element].open = False
        if read - mark >= BATCH_BYTES and containers:
            mark = read
            batch(containers[0].element.getroottree().getroot(), containers, False)
            containers = [c for c in containers if c.open or c.kept is not None]
    document = parser.close()
    tree = document.getroottree()
    try:
        check_parsed_dtd(tree, "<stream>")  # what the gate's own parse checks again
    except InputError:
        raise _Failed from None
    batch(document, containers, True)
    return tree
