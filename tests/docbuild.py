"""Small DOCX, ODT and Markdown documents built from a plain description, for the reader
tests and the reader benchmark (no word processor or python-docx needed).

A document is a list of blocks; a block's content is a list of runs:

- ``("t", text)`` or ``("t", text, "i")``: text, with flags ``i`` italic, ``b`` bold,
  ``c`` small caps, ``s`` superscript;
- ``("note", [[runs], [runs]])``: a footnote of one or more paragraphs, called here;
  ``("endnote", [[runs]])`` likewise, an endnote;
- ``("link", text, url)``; ``("ins", text)`` and ``("del", text)``: tracked changes;
  ``("comment", text)``: a comment anchored here.

Blocks: ``("title", runs)``, ``("author", runs)``, ``("abstract", runs)``, ``("p", runs)``,
``("h", level, runs)``, ``("quote", runs)``, ``("item", level, runs)``,
``("table", [[runs, ...], ...])`` (rows of cells, the first row a heading row).
"""
from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
Run = tuple[Any, ...]
Block = tuple[Any, ...]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(parts: dict[str, bytes], first: tuple[str, bytes] | None = None) -> bytes:
    """A zip of ``parts`` with fixed dates, so that the same description gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if first:
            zf.writestr(zipfile.ZipInfo(first[0], (1980, 1, 1, 0, 0, 0)), first[1],
                        compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------------------------- DOCX

_STYLES = {"Title": "Title", "Author": "Author", "Abstract": "Abstract", "Quote": "Quote",
           "ListParagraph": "List Paragraph", "FootnoteText": "footnote text",
           "EndnoteText": "endnote text", "Heading1": "heading 1", "Heading2": "heading 2",
           "Heading3": "heading 3"}


class _Docx:
    def __init__(self) -> None:
        self.footnotes = etree.Element(_w("footnotes"), nsmap={"w": W, "r": R})
        self.endnotes = etree.Element(_w("endnotes"), nsmap={"w": W, "r": R})
        for holder, tag in ((self.footnotes, "footnote"), (self.endnotes, "endnote")):
            for i, kind in ((-1, "separator"), (0, "continuationSeparator")):
                sep = etree.SubElement(holder, _w(tag), {_w("type"): kind, _w("id"): str(i)})
                etree.SubElement(etree.SubElement(etree.SubElement(sep, _w("p")), _w("r")),
                                 _w(kind))
        self.comments = etree.Element(_w("comments"), nsmap={"w": W})
        self.rels: list[tuple[str, str, str, bool]] = []
        self.note_id = 0
        self.change_id = 0

    def rel(self, kind: str, target: str, external: bool = False) -> str:
        rid = f"rId{len(self.rels) + 10}"
        self.rels.append((rid, kind, target, external))
        return rid

    def para(self, parent: etree._Element, runs: list[Run], style: str | None = None,
             level: int | None = None) -> None:
        p = etree.SubElement(parent, _w("p"))
        if style or level is not None:
            ppr = etree.SubElement(p, _w("pPr"))
            if style:
                etree.SubElement(ppr, _w("pStyle"), {_w("val"): style})
            if level is not None:
                num = etree.SubElement(ppr, _w("numPr"))
                etree.SubElement(num, _w("ilvl"), {_w("val"): str(level - 1)})
                etree.SubElement(num, _w("numId"), {_w("val"): "1"})
        for run in runs:
            self.run(p, run)

    def _r(self, parent: etree._Element, text: str, flags: str = "", tag: str = "t") -> None:
        r = etree.SubElement(parent, _w("r"))
        if flags:
            rpr = etree.SubElement(r, _w("rPr"))
            for flag, name in (("b", "b"), ("i", "i"), ("c", "smallCaps")):
                if flag in flags:
                    etree.SubElement(rpr, _w(name))
            if "s" in flags:
                etree.SubElement(rpr, _w("vertAlign"), {_w("val"): "superscript"})
        t = etree.SubElement(r, _w(tag))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def run(self, p: etree._Element, run: Run) -> None:
        kind = run[0]
        if kind == "t":
            self._r(p, run[1], run[2] if len(run) > 2 else "")
        elif kind in ("note", "endnote"):
            self.note_id += 1
            holder, tag = (self.footnotes, "footnote") if kind == "note" else (self.endnotes, "endnote")
            r = etree.SubElement(p, _w("r"))
            rpr = etree.SubElement(r, _w("rPr"))
            etree.SubElement(rpr, _w("vertAlign"), {_w("val"): "superscript"})
            etree.SubElement(r, _w(f"{tag}Reference"), {_w("id"): str(self.note_id)})
            note = etree.SubElement(holder, _w(tag), {_w("id"): str(self.note_id)})
            for k, para in enumerate(run[1]):
                np = etree.SubElement(note, _w("p"))
                etree.SubElement(etree.SubElement(np, _w("pPr")), _w("pStyle"),
                                 {_w("val"): "FootnoteText" if kind == "note" else "EndnoteText"})
                if k == 0:
                    ref = etree.SubElement(np, _w("r"))
                    etree.SubElement(ref, _w(f"{tag}Ref"))
                    self._r(np, " ")
                for sub in para:
                    self.run(np, sub)
        elif kind == "link":
            rid = self.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                           "hyperlink", run[2], external=True)
            link = etree.SubElement(p, _w("hyperlink"), {f"{{{R}}}id": rid})
            self._r(link, run[1])
        elif kind in ("ins", "del"):
            self.change_id += 1
            change = etree.SubElement(p, _w(kind), {_w("id"): str(self.change_id),
                                                     _w("author"): "Editor",
                                                     _w("date"): "2020-01-01T00:00:00Z"})
            self._r(change, run[1], tag="t" if kind == "ins" else "delText")
        elif kind == "comment":
            cid = str(len(self.comments))
            etree.SubElement(p, _w("commentRangeStart"), {_w("id"): cid})
            self._r(p, run[1])
            etree.SubElement(p, _w("commentRangeEnd"), {_w("id"): cid})
            r = etree.SubElement(p, _w("r"))
            etree.SubElement(r, _w("commentReference"), {_w("id"): cid})
            c = etree.SubElement(self.comments, _w("comment"), {_w("id"): cid, _w("author"): "Reviewer"})
            self._r(etree.SubElement(c, _w("p")), run[2] if len(run) > 2 else "A comment.")


def docx(blocks: list[Block], header: str | None = None, footer: str | None = None,
         macros: bool = False, external_template: bool = False) -> bytes:
    d = _Docx()
    doc = etree.Element(_w("document"), nsmap={"w": W, "r": R})
    body = etree.SubElement(doc, _w("body"))
    styles = {"title": "Title", "author": "Author", "abstract": "Abstract", "p": None,
              "quote": "Quote"}
    for block in blocks:
        kind = block[0]
        if kind in styles:
            d.para(body, block[1], styles[kind])
        elif kind == "h":
            d.para(body, block[2], f"Heading{block[1]}")
        elif kind == "item":
            d.para(body, block[2], "ListParagraph", level=block[1])
        elif kind == "table":
            tbl = etree.SubElement(body, _w("tbl"))
            for r, row in enumerate(block[1]):
                tr = etree.SubElement(tbl, _w("tr"))
                if r == 0:
                    etree.SubElement(etree.SubElement(tr, _w("trPr")), _w("tblHeader"))
                for cell in row:
                    d.para(etree.SubElement(tr, _w("tc")), cell)
    sect = etree.SubElement(body, _w("sectPr"))
    parts: dict[str, bytes] = {}
    for what, text in (("header", header), ("footer", footer)):
        if text:
            elem = etree.Element(_w("hdr" if what == "header" else "ftr"), nsmap={"w": W, "r": R})
            d.para(elem, [("t", text)])
            parts[f"word/{what}1.xml"] = _xml(elem)
            rid = d.rel(f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{what}",
                        f"{what}1.xml")
            etree.SubElement(sect, _w(f"{what}Reference"), {_w("type"): "default", f"{{{R}}}id": rid})
    d.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml")
    d.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes", "footnotes.xml")
    d.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes", "endnotes.xml")
    d.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering", "numbering.xml")
    if len(d.comments):
        d.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
              "comments.xml")
        parts["word/comments.xml"] = _xml(d.comments)
    if external_template:
        d.rel("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
              "file:///C:/Templates/Normal.dotm", external=True)
    parts["word/document.xml"] = _xml(doc)
    parts["word/footnotes.xml"] = _xml(d.footnotes)
    parts["word/endnotes.xml"] = _xml(d.endnotes)
    parts["word/styles.xml"] = _styles()
    parts["word/numbering.xml"] = _numbering()
    rels = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
    for rid, kind, target, external in d.rels:
        attrs = {"Id": rid, "Type": kind, "Target": target}
        if external:
            attrs["TargetMode"] = "External"
        etree.SubElement(rels, f"{{{PR}}}Relationship", attrs)
    parts["word/_rels/document.xml.rels"] = _xml(rels)
    top = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
    etree.SubElement(top, f"{{{PR}}}Relationship", {
        "Id": "rId1", "Target": "word/document.xml",
        "Type": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"})
    parts["_rels/.rels"] = _xml(top)
    types = etree.Element(f"{{{CT}}}Types", nsmap={None: CT})
    etree.SubElement(types, f"{{{CT}}}Default", {"Extension": "rels", "ContentType":
                     "application/vnd.openxmlformats-package.relationships+xml"})
    etree.SubElement(types, f"{{{CT}}}Default", {"Extension": "xml", "ContentType": "application/xml"})
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    if macros:
        main = "application/vnd.ms-word.document.macroEnabled.main+xml"
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a macro project"
    etree.SubElement(types, f"{{{CT}}}Override", {"PartName": "/word/document.xml",
                                                   "ContentType": main})
    parts = {"[Content_Types].xml": _xml(types), **parts}
    return _zip(parts)


def _styles() -> bytes:
    root = etree.Element(_w("styles"), nsmap={"w": W})
    for sid, name in _STYLES.items():
        s = etree.SubElement(root, _w("style"), {_w("type"): "paragraph", _w("styleId"): sid})
        etree.SubElement(s, _w("name"), {_w("val"): name})
        if sid.startswith("Heading"):
            etree.SubElement(etree.SubElement(s, _w("pPr")), _w("outlineLvl"),
                             {_w("val"): str(int(sid[-1]) - 1)})
    return _xml(root)


def _numbering() -> bytes:
    root = etree.Element(_w("numbering"), nsmap={"w": W})
    abstract = etree.SubElement(root, _w("abstractNum"), {_w("abstractNumId"): "0"})
    for lvl in range(3):
        level = etree.SubElement(abstract, _w("lvl"), {_w("ilvl"): str(lvl)})
        etree.SubElement(level, _w("start"), {_w("val"): "1"})
        etree.SubElement(level, _w("numFmt"), {_w("val"): "bullet"})
        etree.SubElement(level, _w("lvlText"), {_w("val"): "\u2022"})
    num = etree.SubElement(root, _w("num"), {_w("numId"): "1"})
    etree.SubElement(num, _w("abstractNumId"), {_w("val"): "0"})
    return _xml(root)


# ----------------------------------------------------------------------------------- ODT

ODF_NS = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
     "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
     "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
     "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
     "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
     "xlink": "http://www.w3.org/1999/xlink",
     "dc": "http://purl.org/dc/elements/1.1/",
     "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"}


def _o(prefix: str, tag: str) -> str:
    return f"{{{ODF_NS[prefix]}}}{tag}"


class _Odt:
    def __init__(self) -> None:
        self.note_id = 0
        self.comments = 0

    def para(self, parent: etree._Element, runs: list[Run], style: str | None = None,
             tag: str = "p", level: int | None = None) -> None:
        p = etree.SubElement(parent, _o("text", tag))
        if style:
            p.set(_o("text", "style-name"), style)
        if level is not None:
            p.set(_o("text", "outline-level"), str(level))
        for run in runs:
            self.run(p, run)

    def _span(self, p: etree._Element, text: str, flags: str = "") -> None:
        if not flags:
            if len(p):
                p[-1].tail = (p[-1].tail or "") + text
            else:
                p.text = (p.text or "") + text
            return
        span = etree.SubElement(p, _o("text", "span"), {_o("text", "style-name"): "T" + "".join(sorted(flags))})
        span.text = text

    def run(self, p: etree._Element, run: Run) -> None:
        kind = run[0]
        if kind in ("t", "ins"):
            self._span(p, run[1], run[2] if len(run) > 2 else "")
        elif kind in ("note", "endnote"):
            self.note_id += 1
            note = etree.SubElement(p, _o("text", "note"), {
                _o("text", "id"): f"ftn{self.note_id}",
                _o("text", "note-class"): "footnote" if kind == "note" else "endnote"})
            etree.SubElement(note, _o("text", "note-citation")).text = str(self.note_id)
            body = etree.SubElement(note, _o("text", "note-body"))
            for para in run[1]:
                self.para(body, para, "Footnote")
        elif kind == "link":
            a = etree.SubElement(p, _o("text", "a"), {_o("xlink", "href"): run[2],
                                                      _o("xlink", "type"): "simple"})
            a.text = run[1]
        elif kind == "comment":
            self.comments += 1
            ann = etree.SubElement(p, _o("office", "annotation"))
            etree.SubElement(ann, _o("dc", "creator")).text = "Reviewer"
            etree.SubElement(ann, _o("text", "p")).text = run[2] if len(run) > 2 else "A comment."
            self._span(p, run[1])
        # ("del", …): an ODT keeps deleted text in text:tracked-changes, out of the flow.


def odt(blocks: list[Block], header: str | None = None) -> bytes:
    d = _Odt()
    root = etree.Element(_o("office", "document-content"), nsmap=ODF_NS, attrib={_o("office", "version"): "1.2"})
    auto = etree.SubElement(root, _o("office", "automatic-styles"))
    for flags in ("i", "b", "c", "s", "bi"):
        st = etree.SubElement(auto, _o("style", "style"), {_o("style", "name"): "T" + flags,
                                                           _o("style", "family"): "text"})
        props = etree.SubElement(st, _o("style", "text-properties"))
        if "i" in flags:
            props.set(_o("fo", "font-style"), "italic")
        if "b" in flags:
            props.set(_o("fo", "font-weight"), "bold")
        if "c" in flags:
            props.set(_o("fo", "font-variant"), "small-caps")
        if "s" in flags:
            props.set(_o("style", "text-position"), "super 58%")
    body = etree.SubElement(etree.SubElement(root, _o("office", "body")), _o("office", "text"))
    lists: list[etree._Element] = []
    for block in blocks:
        kind = block[0]
        if kind != "item":
            lists = []
        if kind == "title":
            d.para(body, block[1], "Title")
        elif kind in ("author", "abstract", "p"):
            d.para(body, block[1], {"author": "Author", "abstract": "Abstract"}.get(kind, "Text_20_body"))
        elif kind == "quote":
            d.para(body, block[1], "Quotations")
        elif kind == "h":
            d.para(body, block[2], f"Heading_20_{block[1]}", tag="h", level=block[1])
        elif kind == "item":
            level = block[1]
            while len(lists) > level:
                lists.pop()
            while len(lists) < level:
                holder = body if not lists else lists[-1][-1]
                lists.append(etree.SubElement(holder, _o("text", "list")))
            d.para(etree.SubElement(lists[-1], _o("text", "list-item")), block[2])
        elif kind == "table":
            tbl = etree.SubElement(body, _o("table", "table"))
            etree.SubElement(tbl, _o("table", "table-column"),
                             {_o("table", "number-columns-repeated"): str(len(block[1][0]))})
            for r, row in enumerate(block[1]):
                holder = etree.SubElement(tbl, _o("table", "table-header-rows")) if r == 0 else tbl
                tr = etree.SubElement(holder, _o("table", "table-row"))
                for cell in row:
                    d.para(etree.SubElement(tr, _o("table", "table-cell")), cell)
    styles = etree.Element(_o("office", "document-styles"), nsmap=ODF_NS, attrib={_o("office", "version"): "1.2"})
    if header:
        master = etree.SubElement(etree.SubElement(styles, _o("office", "master-styles")),
                                  _o("style", "master-page"), {_o("style", "name"): "Standard"})
        etree.SubElement(etree.SubElement(master, _o("style", "header")), _o("text", "p")).text = header
    manifest = etree.Element(_o("manifest", "manifest"), nsmap={"manifest": ODF_NS["manifest"]})
    for path, mt in (("/", "application/vnd.oasis.opendocument.text"), ("content.xml", "text/xml"),
                     ("styles.xml", "text/xml")):
        etree.SubElement(manifest, _o("manifest", "file-entry"), {
            _o("manifest", "full-path"): path, _o("manifest", "media-type"): mt})
    return _zip({"content.xml": _xml(root), "styles.xml": _xml(styles),
                 "META-INF/manifest.xml": _xml(manifest)},
                first=("mimetype", b"application/vnd.oasis.opendocument.text"))


# ------------------------------------------------------------------------------ Markdown

_MD_SPECIAL = "\\`*_{}[]<>#|~^$@"


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def markdown(blocks: list[Block]) -> str:
    notes: list[str] = []
    meta: dict[str, list[str]] = {"title": [], "author": [], "abstract": []}

    def runs(rs: list[Run]) -> str:
        out = []
        for run in rs:
            kind = run[0]
            if kind in ("t", "ins"):
                text = _md_escape(run[1])
                flags = run[2] if len(run) > 2 else ""
                # Emphasis marks must touch the text: spaces go outside them.
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()):]
                core = text.strip()
                if core and "i" in flags:
                    core = f"*{core}*"
                if core and "b" in flags:
                    core = f"**{core}**"
                if core and "s" in flags:
                    core = f"^{core}^"
                if core and "c" in flags:
                    core = f"[{core}]{{.smallcaps}}"
                out.append(lead + core + trail)
            elif kind in ("note", "endnote"):
                label = len(notes) + 1
                notes.append("")
                paras = [runs(p) for p in run[1]]
                notes[label - 1] = f"[^{label}]: " + "\n\n    ".join(paras)
                out.append(f"[^{label}]")
            elif kind == "link":
                out.append(f"[{_md_escape(run[1])}]({run[2]})")
            elif kind == "comment":
                out.append(_md_escape(run[1]))
        return "".join(out)

    lines: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in meta:
            meta[kind].append(runs(block[1]))
        elif kind == "p":
            lines += [runs(block[1]), ""]
        elif kind == "h":
            lines += ["#" * block[1] + " " + runs(block[2]), ""]
        elif kind == "quote":
            lines += ["> " + runs(block[1]), ""]
        elif kind == "item":
            lines += ["    " * (block[1] - 1) + "- " + runs(block[2]), ""]
        elif kind == "table":
            rows = [[runs(c) for c in row] for row in block[1]]
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "---|" * len(rows[0]))
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            lines.append("")
    head = ["---"]
    if meta["title"]:
        head.append("title: '" + meta["title"][0].replace("'", "''") + "'")
    if meta["author"]:
        head.append("author:")
        head += ["- '" + a.replace("'", "''") + "'" for a in meta["author"]]
    if meta["abstract"]:
        head.append("abstract: |")
        for para in meta["abstract"]:
            head += ["  " + para, ""]
        head.pop()
    head += ["---", ""]
    return "\n".join(head + lines + notes) + "\n"
