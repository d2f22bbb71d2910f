"""XML namespaces and qualified names shared by every module.

A module of constants only: the rendering path (transform, html, pdf, images) needs the TEI
namespace but not the converter's TEI writer (``tei.py``, which loads the chapter model),
and importing that cost every ``render`` call about 13 ms of its start-up.
"""
from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
