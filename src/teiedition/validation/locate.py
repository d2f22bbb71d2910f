"""Line and column of an element in its source.

libxml2 records only the line of an element, and messages promise a column; the column is
found by looking for the element's start tag on that line in the raw bytes. When an element
shares its line with others of the same name, the k-th of them is the k-th start tag.
"""
from __future__ import annotations

import re

from lxml import etree


class Locator:
    def __init__(self, tree: etree._ElementTree, data: bytes):
        self._tree = tree
        self._lines = data.split(b"\n")

    def position(self, node) -> tuple[int | None, int | None]:
        element = node
        if isinstance(node, etree._ElementUnicodeResult):
            element = node.getparent()
        if not isinstance(element, etree._Element) or element.sourceline is None:
            return None, None
        line = element.sourceline
        if not isinstance(element.tag, str):
            return line, None
        qname = self._qname(element)
        same = [e for e in self._tree.getroot().iter(element.tag) if e.sourceline == line] \
            if line <= len(self._lines) else []
        k = same.index(element) if element in same else 0
        text = self._lines[line - 1] if line <= len(self._lines) else b""
        starts = [m.start() for m in re.finditer(rb"<" + re.escape(qname.encode()) + rb"[\s/>]", text + b" ")]
        if k < len(starts):
            # Columns count characters, not bytes.
            return line, len(text[:starts[k]].decode("utf-8", "replace")) + 1
        return line, None

    @staticmethod
    def _qname(element: etree._Element) -> str:
        local = etree.QName(element).localname
        return f"{element.prefix}:{local}" if element.prefix else local
