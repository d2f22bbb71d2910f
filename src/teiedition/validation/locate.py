"""Line and column of an element in its source.

libxml2 records only a line per element, and it is the line where the start tag *ends*. The
column (and the true start line of a start tag that spans lines) comes from the raw bytes:
start tags appear in the text in document order, so one forward scan, looking for each
element's ``<qname`` after the previous one, finds them all. (``<`` cannot occur inside an
attribute value, so only a comment or CDATA section containing a start tag could mislead the
scan; then the column is left out rather than guessed, if the line disagrees.)
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from lxml import etree


class Locator:
    """Positions of elements, found by a scan that goes only as far as the latest element
    asked for: a valid file costs nothing, the root costs one search (the scan of a 10 MB
    file's every element took 0.5 s), and errors near the top of a big file stay cheap."""

    def __init__(self, tree: etree._ElementTree, data: bytes):
        self._tree = tree
        self._data = data
        self._offsets: dict[etree._Element, int] = {}
        self._elements: Iterator[etree._Element] | None = None  # elements in document order
        self._at = 0  # where the scan's next search starts
        self._done = False
        self._newlines: list[int] | None = None

    def position(self, node) -> tuple[int | None, int | None]:
        element = node.getparent() if isinstance(node, etree._ElementUnicodeResult) else node
        if not isinstance(element, etree._Element) or element.sourceline is None:
            return None, None
        if not isinstance(element.tag, str):
            return element.sourceline, None
        offset = self._offset(element)
        if offset is None:
            return element.sourceline, None
        line, column = self._line_col(offset)
        if line > element.sourceline:
            return element.sourceline, None
        return line, column

    def _offset(self, element: etree._Element) -> int | None:
        if element in self._offsets or self._done:
            return self._offsets.get(element)
        if self._elements is None:
            self._elements = self._tree.getroot().iter("*")
        for found in self._elements:
            m = _start_tag(_qname(found)).search(self._data, self._at)
            if m is None:
                break
            self._offsets[found] = m.start()
            self._at = m.end()
            if found == element:
                return m.start()
        self._done = True
        return self._offsets.get(element)

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer(rb"\n", self._data)]
        k = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[k - 1] + 1 if k else 0
        # Columns count characters, not bytes.
        return k + 1, len(self._data[start:offset].decode("utf-8", "replace")) + 1


def _qname(element: etree._Element) -> str:
    local = etree.QName(element).localname
    return f"{element.prefix}:{local}" if element.prefix else local


@functools.lru_cache(maxsize=512)
def _start_tag(qname: str) -> re.Pattern[bytes]:
    return re.compile(rb"<" + re.escape(qname.encode("utf-8")) + rb"[\s/>]")
