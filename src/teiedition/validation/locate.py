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

from lxml import etree


class Locator:
    def __init__(self, tree: etree._ElementTree, data: bytes):
        self._tree = tree
        self._data = data
        self._offsets: dict[etree._Element, int] | None = None
        self._newlines: list[int] = []

    def position(self, node) -> tuple[int | None, int | None]:
        element = node.getparent() if isinstance(node, etree._ElementUnicodeResult) else node
        if not isinstance(element, etree._Element) or element.sourceline is None:
            return None, None
        if not isinstance(element.tag, str):
            return element.sourceline, None
        offsets = self._offsets if self._offsets is not None else self._scan()
        offset = offsets.get(element)
        if offset is None:
            return element.sourceline, None
        line, column = self._line_col(offset)
        if line > element.sourceline:
            return element.sourceline, None
        return line, column

    def _scan(self) -> dict[etree._Element, int]:
        self._newlines = [m.start() for m in re.finditer(rb"\n", self._data)]
        offsets: dict[etree._Element, int] = {}
        at = 0
        for element in self._tree.getroot().iter("*"):
            m = _start_tag(_qname(element)).search(self._data, at)
            if m is None:
                break
            offsets[element] = m.start()
            at = m.end()
        self._offsets = offsets
        return offsets

    def _line_col(self, offset: int) -> tuple[int, int]:
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
