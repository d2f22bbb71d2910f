"""The one place the project parses XML: no DTD loading, no external entities, no network.

Every reader of XML in the project (validation, transforms, packaging) goes through
``parse_file``/``parse_bytes`` so the same settings apply everywhere.

What is refused, and why:

* any entity declaration (general or parameter): external ones read files or the network
  (XXE), internal ones are how entity-expansion bombs ("billion laughs") are built, and
  a TEI edition never needs either;
* a DOCTYPE with an external identifier or with declarations in its internal subset:
  other tools that read the same file (jing, Saxon) would load or apply them even though
  we do not, so the file would mean different things to different layers;
* files larger than ``MAX_BYTES`` before anything is read, so memory stays bounded.

A bare ``<!DOCTYPE TEI>`` is harmless and accepted.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from .errors import InputError

#: Largest XML input accepted, in bytes. A whole edition is a few hundred KB; 64 MB leaves room
#: for big corpora while keeping the parsed tree (several times the file size) far from exhausting memory.
#: ``TEIEDITION_MAX_XML_BYTES`` overrides it.
MAX_BYTES = 64 * 1024 * 1024

# The DOCTYPE is read from the raw bytes before libxml2 parses anything, so a bomb or an
# external entity is refused by name and line instead of being half-processed. This scans
# DTD syntax in the prolog only (not XML content); after parsing, the DTD that libxml2
# reports is checked again, in case a DOCTYPE hid from this scan.
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+")
_EXTERNAL_ID = re.compile(rb"\s+(SYSTEM|PUBLIC)\b")
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)(\s+(SYSTEM|PUBLIC)\s+(\"[^\"]*\"|'[^']*')(\s+(\"[^\"]*\"|'[^']*'))?)?")
_DECL = re.compile(rb"<!(ATTLIST|ELEMENT|NOTATION)\b|%[^\s;%]+;")
_ROOT_START = re.compile(rb"<[^!?]")
PROLOG_SCAN = 1 << 20


def max_bytes() -> int:
    value = os.environ.get("TEIEDITION_MAX_XML_BYTES")
    if value and value.isdigit():
        return int(value)
    return MAX_BYTES


def _parser() -> etree.XMLParser:
    # resolve_entities=False keeps entity references unexpanded (no XXE, no billion laughs);
    # load_dtd/no_network stop any fetch; huge_tree=False keeps libxml2's limits on text-node
    # size and nesting depth. collect_ids=False: a duplicate xml:id is a validity problem for
    # the validation layers to report with the rule that names it, not a parse failure.
    return etree.XMLParser(
        collect_ids=False,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def _line_of(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _internal_subset(data: bytes, start: int) -> tuple[int, int] | None:
    """Byte span of the internal subset of the DOCTYPE at ``start``, skipping quoted literals."""
    i, quote = start, None
    while i < len(data):
        c = data[i:i + 1]
        if quote:
            if c == quote:
                quote = None
        elif c in (b'"', b"'"):
            quote = c
        elif c == b">":
            return None
        elif c == b"[":
            end = data.find(b"]>", i)
            return (i + 1, end if end != -1 else len(data))
        i += 1
    return None


def _refuse_entity(data: bytes, m: re.Match, name: str) -> None:
    line, col = _line_of(data, m.start())
    kind = "parameter entity" if m.group(1) else "entity"
    entity = m.group(2).decode("utf-8", "replace")
    if m.group(4):
        target = m.group(7 if m.group(4) == b"PUBLIC" and m.group(7) else 5).strip(b"\"'").decode("utf-8", "replace")
        raise InputError(name, f"external {kind} '{entity}' pointing at {target} refused: teiedition "
                         "never reads files or the network named inside a document", line, col)
    raise InputError(name, f"{kind} declaration '{entity}' refused: teiedition does not expand DTD "
                     "entities (entity-expansion bombs such as billion laughs are built from them); "
                     "write the text or the Unicode character instead", line, col)


def _scan_prolog(data: bytes, name: str) -> None:
    head = data[:PROLOG_SCAN]
    root = _ROOT_START.search(head)
    m = _DOCTYPE.search(head, 0, root.start() if root else len(head))
    if not m:
        return
    ext = _EXTERNAL_ID.match(head, m.end())
    span = _internal_subset(data, m.end())
    if span:
        entity = _ENTITY.search(data, span[0], span[1])
        if entity:
            _refuse_entity(data, entity, name)
        decl = _DECL.search(data, span[0], span[1])
        if decl:
            line, col = _line_of(data, decl.start())
            raise InputError(name, "DTD declarations in the internal subset refused: other tools "
                             "would apply them and teiedition does not; remove the [...] part "
                             "of the DOCTYPE", line, col)
    if ext:
        line, col = _line_of(data, m.start())
        raise InputError(name, "external DTD reference refused: teiedition never loads DTDs; "
                         "remove the SYSTEM/PUBLIC identifier from the DOCTYPE", line, col)


def _check_parsed_dtd(tree: etree._ElementTree, name: str) -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for decl in dtd.iterentities():
            raise InputError(name, f"entity declaration '{decl.name}' refused: teiedition does "
                             "not expand DTD entities in untrusted XML")
    if tree.docinfo.system_url or tree.docinfo.public_id:
        raise InputError(name, "external DTD reference refused: teiedition never loads DTDs")


def parse_bytes(data: bytes, name: str = "<input>") -> etree._ElementTree:
    limit = max_bytes()
    if len(data) > limit:
        raise InputError(name, f"file too large: {len(data)} bytes, the limit is {limit} "
                         "(set TEIEDITION_MAX_XML_BYTES to raise it)")
    _scan_prolog(data, name)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        # libxml2 repeats the position at the end of its message; it is already in front.
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
        raise InputError(name, f"not well-formed XML: {message}", line, col) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise InputError(name, f"cannot parse: {exc}") from None
    tree = root.getroottree()
    _check_parsed_dtd(tree, name)
    return tree


def read_file(path: str | Path) -> bytes:
    """The bytes of ``path``, refusing files over the size limit before reading them."""
    path = Path(path)
    try:
        size = path.stat().st_size
        limit = max_bytes()
        if size > limit:
            # Checked before reading so that a huge file costs nothing but a stat().
            raise InputError(str(path), f"file too large: {size} bytes, the limit is {limit} "
                             "(set TEIEDITION_MAX_XML_BYTES to raise it)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror}") from None


def parse_file(path: str | Path) -> etree._ElementTree:
    return parse_bytes(read_file(path), str(path))
