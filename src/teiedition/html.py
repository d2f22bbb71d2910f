"""The web edition: one self-contained HTML5 page made from a TEI file by ``xslt/html.xsl``."""
from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from lxml import etree

from . import images
from .transform import check_tei_root, check_text_budget, run_xslt
from .xmlsafe import parse_file

#: Characters of text a web edition may have (about 14 MB of TEI): Saxon's time and memory
#: grow faster than the text (24 MB of TEI, 7 million characters: 53 s of CPU and 1.2 GB;
#: 60 MB: over 380 s and 2.7 GB). ``TEIEDITION_MAX_HTML_CHARS`` raises it.
MAX_CHARS = 4_000_000


def render_html(tei: str | Path | etree._ElementTree) -> bytes:
    """Render a TEI file (or parsed tree) as the web edition, UTF-8 encoded.

    The stylesheet declares ``<meta charset="utf-8">``, so the bytes must be UTF-8.
    """
    # Parsed and checked here, before Saxon, so that an unreadable, malformed or non-TEI file
    # is reported as the input error it is (exit 2), not as a failed transformation.
    if isinstance(tei, etree._ElementTree):
        tree, name = tei, "<tree>"
        found: dict[str, tuple[str, bytes]] = {}
    else:
        tree, name = parse_file(tei), str(tei)
        # Images in the TEI file's own folder are embedded (data: URLs): the page stays whole.
        found = images.images_beside(tree, Path(tei).parent)
    check_tei_root(tree, name)
    check_text_budget(tree, name, "the web edition", "TEIEDITION_MAX_HTML_CHARS", MAX_CHARS)
    params = {"images": images.html_param(found), "css-sha256": _css_sha256(),
              # The PDF of a build lies beside the page under the TEI's name (citation_pdf_url).
              "pdf-name": "" if isinstance(tei, etree._ElementTree) else Path(tei).with_suffix(".pdf").name}
    return run_xslt("html.xsl", tree, params).encode("utf-8")


@functools.cache
def _css_sha256() -> str:
    """The CSP hash of the page's style element: page.xsl inlines edition.css then
    editorial.css, unchanged, as the element's only text (the HTML serializer escapes
    nothing inside style), so the hash of the two files' text is the hash of the element."""
    folder = Path(__file__).parent / "xslt" / "html"
    css = "".join((folder / name).read_text(encoding="utf-8") for name in ("edition.css", "editorial.css"))
    return base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
