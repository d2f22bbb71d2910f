"""The web edition: one self-contained HTML5 page made from a TEI file by ``xslt/html.xsl``."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .transform import run_xslt


def render_html(tei: str | Path | etree._ElementTree) -> bytes:
    """Render a TEI file (or parsed tree) as the web edition, UTF-8 encoded.

    The stylesheet declares ``<meta charset="utf-8">``, so the bytes must be UTF-8.
    """
    return run_xslt("html.xsl", tei).encode("utf-8")
