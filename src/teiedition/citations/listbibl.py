"""``teiedition bibl``: one reference per line -> a TEI ``<listBibl>`` (or JSON parts).

The XML is built with lxml, never by string concatenation: the reference's text goes in
as text and its parts as elements nested by their offsets, so every character of the
line is kept and escaped by the serializer.
"""
from __future__ import annotations

import json

from lxml import etree

from ..tei import TEI_NS, fill_mixed
from . import Reference, parse_reference


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def parse_lines(text: str) -> list[tuple[int, Reference]]:
    """Every non-empty line, parsed, with its 1-based line number."""
    return [(n, parse_reference(line)) for n, line in _lines(text)]


def to_tei(text: str) -> etree._ElementTree:
    root = etree.Element(f"{{{TEI_NS}}}listBibl", nsmap={None: TEI_NS})
    root.text = "\n"
    for _n, ref in parse_lines(text):
        bibl = etree.SubElement(root, f"{{{TEI_NS}}}bibl")
        if ref.kind == "archive":
            bibl.set("type", "archive")
        fill_mixed(bibl, ref.text, ref.spans, ref.repairs)
        bibl.tail = "\n"
    return etree.ElementTree(root)


def to_json(text: str) -> str:
    out = [{"line": n, "text": ref.text, "kind": ref.kind,
            "parts": [dict(p, start=s.start, end=s.end) for p, s in zip(ref.parts(), ref.spans, strict=True)],
            "repairs": [{"offset": r.offset, "inserted": r.inserted} for r in ref.repairs]}
           for n, ref in parse_lines(text)]
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def serialize(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
