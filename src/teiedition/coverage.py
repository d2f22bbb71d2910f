"""Text coverage: which text of a TEI file's ``text`` is missing from its editions.

Every text node under ``TEI/text`` and ``TEI/sourceDoc`` (of each TEI of a ``teiCorpus``) is looked for in the web
edition's visible text (the page's ``body`` without ``script``, ``style`` and ``template``;
tooltips count, since they show on hover and focus) and in the print edition's text layer as
``pdftotext`` reads it. Both sides are compared as a run of letters and digits, case-folded
(NFKC): line breaks, hyphenation at line ends, the quotation marks and brackets an edition
adds and the letters ``upper`` or small capitals change are not differences in wording.

The PDF is read without its running heads and folios (:data:`TYPE_AREA`). A text node that a
page break still interrupts (the footnotes of the page stand between its two halves in
``pdftotext``'s reading order) is found in pieces:
it counts as present when it is the concatenation of at most :data:`MAX_PIECES` runs of the
edition's text, in order, each of at least :data:`MIN_PIECE` letters and at most
:data:`MAX_GAP` letters after the one before. A doubled letter counts once (see ``_key``).

Right-to-left text (Hebrew, Arabic) is compared word by word: pdftotext gives the runs of a
line in visual order, so the words of a line come out reversed, each one intact.

A text node without any letter or digit (punctuation, whitespace) is not counted: an edition
may set its own punctuation (a structured bibl's separators). Nodes the editions leave out by
a documented decision (:data:`DECIDED`, docs/web-edition.md and docs/print.md) are counted as
decided, not as missing.

    python -m teiedition.coverage FILE.xml...   # renders both editions, prints the table

exit status 1 when a file is below ``--min`` (default 99.5 %) in either edition.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from .tei import TEI_NS
from .xmlsafe import parse_file

_T = f"{{{TEI_NS}}}"

#: Elements whose text the editions leave out by decision, with the reason (documented in
#: docs/web-edition.md and docs/print.md): their text is encoded data, not words of the text.
DECIDED: dict[str, str] = {
    "binaryObject": "encoded data (Base64), not text of the edition",
}


#: A text node may be split by this many page breaks (a long paragraph over three pages).
MAX_PIECES = 3
#: Each piece of a split text node is at least this long ...
MIN_PIECE = 4
#: ... and follows the piece before within this many letters: what a page break puts between
#: them (running head, folio, the page's footnotes), so scattered letters never count.
MAX_GAP = 6000


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _present(key: str, hay: str) -> bool:
    """Whether ``key`` is in ``hay`` whole, or in a few pieces in order, each close after the
    one before (a page break between them)."""
    return key in hay or _pieces(key, hay, 0, len(hay), MAX_PIECES, [SEARCH_BUDGET])


#: At most this many attempts per text node not found whole: a node that is really missing
#: must not cost more than a moment, whatever its length.
SEARCH_BUDGET = 2000


def _text_present(text: str, hay: str) -> bool:
    """Whether a text node is in ``hay``; right-to-left text word by word (see above)."""
    if _RTL.search(text):
        return all(_key(word) in hay for word in text.split() if _key(word))
    return _present(_key(text), hay)


def _pieces(rest: str, hay: str, start: int, limit: int, left: int, budget: list[int]) -> bool:
    if not rest:
        return True
    budget[0] -= 1
    if left == 0 or budget[0] < 0:
        return False
    # The longest prefix of rest found in hay[start:limit] (occurrence is monotone in length).
    lo, hi = 0, len(rest)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if hay.find(rest[:mid], start, limit) >= 0:
            lo = mid
        else:
            hi = mid - 1
    # The node may continue after a shorter prefix than the longest one found (the longest
    # may run on by chance into the words after another occurrence), and the same words may
    # occur in several places: try the lengths from the longest down, each at a bounded
    # number of its occurrences, looking for the rest just after it. Only nodes not found
    # whole come here.
    for length in range(lo, min(MIN_PIECE, len(rest)) - 1, -1):
        at = hay.find(rest[:length], start, limit)
        for _ in range(16):
            if at < 0:
                break
            end = at + length
            if _pieces(rest[length:], hay, end, min(len(hay), end + MAX_GAP + len(rest)), left - 1, budget):
                return True
            at = hay.find(rest[:length], at + 1, limit)
            if budget[0] < 0:
                return False
    return False


@dataclass
class Miss:
    """A text node of the TEI that an edition does not show."""

    path: str     # /TEI/text/body/div[2]/p[3]/hi
    line: int | None
    text: str

    def __str__(self) -> str:
        where = f":{self.line}" if self.line else ""
        shown = " ".join(self.text.split())
        return f"{self.path}{where}: {shown[:80]!r}"


@dataclass
class Coverage:
    """The coverage of one TEI file by its HTML and PDF editions."""

    name: str
    counted: int = 0
    decided: int = 0
    missing: dict[str, list[Miss]] = field(default_factory=dict)  # "html" | "pdf" -> misses

    def percent(self, edition: str) -> float:
        if self.counted == 0:
            return 100.0
        return 100.0 * (self.counted - len(self.missing.get(edition, []))) / self.counted


def _key(text: str) -> str:
    """Letters and digits only, case-folded, compatibility-normalised (ligatures, widths), a
    doubled letter once: pdftotext repeats a letter that carries a combining mark (Hebrew
    points, the Avestan m̜), which is a reading artefact, not a difference in the text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    letters = [ch for ch in text if ch.isalnum()]
    return "".join(ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1])


def element_path(el: etree._Element) -> str:
    """/TEI/text/body/div[2]/p: local names, with a position where siblings share the name."""
    steps = []
    node: etree._Element | None = el
    while node is not None and isinstance(node.tag, str):
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


def text_nodes(tree: etree._ElementTree) -> list[tuple[etree._Element, str]]:
    """(element, text) for every text node under each TEI's text and sourceDoc (a
    transcription of the document is text of the edition too): an element's text, or the
    tail of a child (which belongs to the element around it)."""
    nodes = []
    root = tree.getroot()
    teis = [root] if root.tag == f"{_T}TEI" else root.findall(f".//{_T}TEI")
    texts = [part for tei in teis for part in tei if part.tag in (f"{_T}text", f"{_T}sourceDoc")]
    for text in (t for t in texts if t is not None):
        for el in text.iter():
            # el is text or below it: only text itself may have no parent here
            parent = el.getparent()
            if not isinstance(el.tag, str):
                # A comment's or processing instruction's tail is text of its parent.
                if parent is not None and el.tail and el.tail.strip():
                    nodes.append((parent, el.tail))
                continue
            if el.text and el.text.strip():
                nodes.append((el, el.text))
            if el is not text and parent is not None and el.tail and el.tail.strip():
                nodes.append((parent, el.tail))
    return nodes


def html_visible_text(data: bytes) -> str:
    """The text a reader of the page can see: body text without scripts and styles."""
    doc = lxml_html.document_fromstring(data)
    body = doc.find("body")
    if body is None:
        return ""
    for bad in body.xpath(".//script | .//style | .//template"):
        bad.drop_tree()
    return " ".join(body.itertext())


#: The type area of an A4 page in points (x, y, width, height) for pdftotext: the running
#: head above it and the folio below it are page furniture, which would otherwise stand in
#: the middle of a paragraph that runs over a page break.
TYPE_AREA = ("0", "76", "700", "693")


def pdf_text(data: bytes) -> str:
    """The PDF's text layer as ``pdftotext`` (poppler) reads it, type area only (A4)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise RuntimeError("pdftotext (poppler-utils) is needed to read the PDF's text")
    with tempfile.TemporaryDirectory(prefix="teiedition-coverage-") as tmp:
        path = Path(tmp) / "edition.pdf"
        path.write_bytes(data)
        x, y, w, h = TYPE_AREA
        return subprocess.run([tool, "-enc", "UTF-8", "-x", x, "-y", y, "-W", w, "-H", h, str(path), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8", "replace")


def measure(tei: str | Path, *, html: bytes | None = None, pdf: bytes | None = None,
            name: str | None = None) -> Coverage:
    """The coverage of a TEI file by the given renderings (either may be left out)."""
    tree = parse_file(tei)
    result = Coverage(name or Path(tei).name)
    haystacks = {}
    if html is not None:
        haystacks["html"] = _key(html_visible_text(html))
    if pdf is not None:
        haystacks["pdf"] = _key(pdf_text(pdf))
    for edition in haystacks:
        result.missing[edition] = []
    for el, text in text_nodes(tree):
        key = _key(text)
        if not key:
            continue
        if any(etree.QName(a).localname in DECIDED for a in [el, *el.iterancestors()]):
            result.decided += 1
            continue
        result.counted += 1
        for edition, hay in haystacks.items():
            if not _text_present(text, hay):
                result.missing[edition].append(Miss(element_path(el), el.sourceline, text))
    return result


def measure_file(tei: str | Path) -> Coverage:
    """Render both editions of a TEI file now and measure their coverage."""
    from .transform import render

    with warnings.catch_warnings():
        # Unknown-element and PDF/A warnings are the renderers' business, not coverage's.
        warnings.simplefilter("ignore")
        html = render(tei, "html")
        pdf = render(tei, "pdf")
    return measure(tei, html=html, pdf=pdf)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m teiedition.coverage", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--min", type=float, default=99.5, help="lowest acceptable percentage (default 99.5)")
    ap.add_argument("--misses", action="store_true", help="list every missing text node")
    args = ap.parse_args(argv)
    status = 0
    print(f"{'file':24} {'nodes':>6} {'decided':>7} {'HTML %':>7} {'PDF %':>7}")
    for path in args.files:
        cov = measure_file(path)
        print(f"{cov.name:24} {cov.counted:6d} {cov.decided:7d} {cov.percent('html'):7.2f} {cov.percent('pdf'):7.2f}")
        if args.misses:
            for edition in ("html", "pdf"):
                for miss in cov.missing[edition]:
                    print(f"  {edition}: {miss}")
        if min(cov.percent("html"), cov.percent("pdf")) < args.min:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
