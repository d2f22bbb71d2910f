"""The web edition: one self-contained HTML5 page made from a TEI file by ``xslt/html.xsl``."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import InputError
from .transform import run_xslt
from .xmlsafe import parse_file

TEI_NS = "http://www.tei-c.org/ns/1.0"


def render_html(tei: str | Path | etree._ElementTree) -> bytes:
    """Render a TEI file (or parsed tree) as the web edition, UTF-8 encoded.

    The stylesheet declares ``<meta charset="utf-8">``, so the bytes must be UTF-8.
    """
    # Parsed and checked here, before Saxon, so that an unreadable, malformed or non-TEI file
    # is reported as the input error it is (exit 2), not as a failed transformation.
    tree = tei if isinstance(tei, etree._ElementTree) else parse_file(tei)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        qname = etree.QName(root)
        where = f"in namespace {qname.namespace}" if qname.namespace else "in no namespace"
        raise InputError(str(tei) if not isinstance(tei, etree._ElementTree) else "<tree>",
                         f"not a TEI P5 document: the root element is <{qname.localname}> {where}; "
                         f"expected <TEI xmlns=\"{TEI_NS}\">", root.sourceline)
    return run_xslt("html.xsl", tree).encode("utf-8")
