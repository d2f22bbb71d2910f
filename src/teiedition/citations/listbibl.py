"""``teiedition bibl``: one reference per line -> a TEI ``<listBibl>`` (or JSON parts).

The XML is built with lxml, never by string concatenation: the reference's text goes in
as text and its parts as elements nested by their offsets, so every character of the
line is kept and escaped by the serializer.
"""
from __future__ import annotations

import json

from lxml import etree

from ..model import Repair, Span
from . import Reference, parse_reference

TEI_NS = "http://www.tei-c.org/ns/1.0"


def _append(elem: etree._Element, text: str) -> None:
    if not text:
        return
    if len(elem):
        elem[-1].tail = (elem[-1].tail or "") + text
    else:
        elem.text = (elem.text or "") + text


def fill(elem: etree._Element, text: str, spans: list[Span], repairs: list[Repair]) -> None:
    """Write ``text`` into ``elem`` with ``spans`` as nested child elements.

    At one offset, elements that end close first, then repairs go in, then elements open
    (an empty element before one with content), so a lost space sits between two parts.
    """
    items = sorted(spans, key=lambda s: (s.start, s.end > s.start, -s.end))
    fixes = sorted(repairs, key=lambda r: r.offset)
    stops = sorted({0, len(text)} | {s.start for s in items} | {s.end for s in items}
                   | {r.offset for r in fixes})
    stack: list[tuple[etree._Element, int]] = [(elem, len(text) + 1)]
    pos = i = k = 0
    for stop in stops:
        _append(stack[-1][0], text[pos:stop])
        pos = stop
        while len(stack) > 1 and stack[-1][1] <= stop:
            stack.pop()
        while k < len(fixes) and fixes[k].offset == stop:
            choice = etree.SubElement(stack[-1][0], f"{{{TEI_NS}}}choice")
            etree.SubElement(choice, f"{{{TEI_NS}}}sic")
            etree.SubElement(choice, f"{{{TEI_NS}}}corr").text = fixes[k].inserted
            k += 1
        while i < len(items) and items[i].start == stop:
            s = items[i]
            child = etree.SubElement(stack[-1][0], f"{{{TEI_NS}}}{s.tag}", dict(s.attrs))
            if s.end > stop:
                stack.append((child, s.end))
            i += 1


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
        fill(bibl, ref.text, ref.spans, ref.repairs)
        bibl.tail = "\n"
    return etree.ElementTree(root)


def to_json(text: str) -> str:
    out = [{"line": n, "text": ref.text, "kind": ref.kind,
            "parts": [dict(p, start=s.start, end=s.end) for p, s in zip(ref.parts(), ref.spans)],
            "repairs": [{"offset": r.offset, "inserted": r.inserted} for r in ref.repairs]}
           for n, ref in parse_lines(text)]
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def serialize(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
