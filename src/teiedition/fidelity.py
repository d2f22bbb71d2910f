"""Proof that nothing of the source was lost: every source block is in the TEI's text.

The reader lists what must survive (``Chapter.blocks``); here each block's words must appear,
in order and contiguously, in the text of the TEI region it belongs to, read without the
editor's corrections (``corr``), so that a repair can never hide a change to the source.
"""
from __future__ import annotations

from lxml import etree

from .model import SourceBlock
from .tei import TEI_NS

_SKIP = {f"{{{TEI_NS}}}corr", f"{{{TEI_NS}}}reg", f"{{{TEI_NS}}}expan"}
_PHRASES = {f"{{{TEI_NS}}}hi", f"{{{TEI_NS}}}ref"}
_BLOCKS = {f"{{{TEI_NS}}}{tag}" for tag in ("p", "list", "item", "table", "row", "cell", "quote")}


# A citation is always a line of text, even when its parts abut with nothing between them
# ("<bibl><name>F;?</name><citedRange>l{00</citedRange></bibl>" reads "F;?l{00").
_MIXED = {f"{{{TEI_NS}}}bibl"}


def _element_only(elem: etree._Element) -> bool:
    if (elem.text or "").strip() or elem.tag in _MIXED:
        return False
    # Phrase markup (italics, a link, a note call) is inside a line of text, even when it is
    # all there is: "<hi>0</hi><ref>1</ref>" reads "01".
    if any(c.tag in _PHRASES for c in elem):
        return False
    # A space between two elements is text too ("<ref>1</ref> <ref>2</ref>"): only an element
    # with no text between its children at all (as the writer makes <div>, <p>, <note> lists)
    # is element-only. Indentation in a parsed file is whitespace and separates words anyway.
    return all(not c.tail for c in elem)


def _collect(elem: etree._Element, out: list[str], inline: bool = False) -> None:
    out.append(elem.text or "")
    # Between elements of element-only content (two <p>s, two <note>s) there is a word break
    # that the XML does not spell out; inside mixed content, at any depth, there is none
    # ("Policy<choice><sic/><corr> </corr></choice>(hereafter").
    inline = inline or not _element_only(elem)
    sep = "" if inline else " "
    for child in elem:
        if isinstance(child.tag, str) and child.tag not in _SKIP:
            # A block (a list in a list item, a table's cell) is a word break even in mixed content.
            block = " " if child.tag in _BLOCKS else sep
            out.append(block)
            _collect(child, out, inline and child.tag not in _BLOCKS)
            out.append(block)
        out.append(child.tail or "")


def region_text(root: etree._Element, region: str) -> str:
    """The whitespace-normalised text of the ``text`` element or of the ``teiHeader``."""
    tag = "teiHeader" if region == "header" else "text"
    out: list[str] = []
    for elem in root.iter(f"{{{TEI_NS}}}{tag}"):
        _collect(elem, out)
        out.append(" ")
    return " " + " ".join("".join(out).split()) + " "


def _contains(stream: str, words: list[str]) -> bool:
    """Whole words, in order: "Alliance" is not in "Alliancecontains". The header may follow a
    block with its own punctuation ("Chapter 2, in ..."), so a block may end before one."""
    needle = " " + " ".join(words)
    start = stream.find(needle)
    while start != -1:
        if stream[start + len(needle)] in " .,;:":
            return True
        start = stream.find(needle, start + 1)
    return False


def missing_text(blocks: list[SourceBlock], root: etree._Element) -> list[tuple[int, str]]:
    """Return (line, text) for every source block whose words are not in the TEI, in order."""
    streams = {region: region_text(root, region) for region in {b.region for b in blocks}}
    missing: list[tuple[int, str]] = []
    for block in blocks:
        words = block.text.split()
        stream = streams[block.region]
        if not words or _contains(stream, words):
            continue
        # Name the first word from which the block can no longer be found.
        good = 0
        while good < len(words) and _contains(stream, words[: good + 1]):
            good += 1
        lost = " ".join(words[good:])
        missing.append((block.line, lost if len(lost) <= 120 else lost[:117] + "..."))
    return missing
