"""One reader for DOCX, ODT and Markdown: pandoc's JSON document AST to the chapter model.

Pandoc (shipped in the ``pypandoc-binary`` wheel) reads the three formats into one AST, with
footnotes and endnotes as ``Note`` nodes at the exact place of their call, and italics, small
caps, super- and subscripts, links, block quotations, lists and tables as nodes. Measured
against reading the DOCX/ODT XML ourselves (docs/input.md), it reads more of what word
processors write (numbering, fields, content controls, smart tags, tables with spans) with
one walker for all three formats instead of three parsers.

Pandoc only ever sees bytes the gate accepted: the package rebuilt by ``package.py`` from
trees ``xmlsafe`` parsed, or Markdown text that was decoded and checked for XML characters.
It runs with ``--sandbox`` (no file or network access by readers), without the user's path
(input on stdin), with a time limit and a heap limit (``+RTS -M``).

The walk: body blocks become ``Paragraph``s (headings with their depth, block-quotation
paragraphs, list items with their depth, tables of cell paragraphs); inline nodes become text,
with ``Style`` spans for typography and a ``NoteCall`` for each ``Note``, whose marker is the
note's number (what the word processor prints there). Notes are numbered 1, 2, 3… in the
order of their calls, footnotes and endnotes alike.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote, urlsplit

from ..errors import InputError
from ..model import (
    Chapter,
    Dropped,
    Note,
    NoteCall,
    Paragraph,
    Problem,
    SourceBlock,
    Style,
)

#: Seconds pandoc may take: a 100-page chapter with 500 notes takes about one.
TIMEOUT = 120
#: pandoc's heap limit (GHC runtime option): a hostile document fails instead of eating memory.
HEAP = "1g"
#: The oldest pandoc document API read here (pandoc 2.11 and later: the table shape used below).
MIN_API = (1, 22)

# Inline nodes whose content is styled text.
_STYLE_NODES = {"Emph": "italic", "Strong": "bold", "SmallCaps": "smallcaps",
                "Superscript": "superscript", "Subscript": "subscript",
                "Underline": "underline", "Strikeout": "strikethrough"}
# Link targets written as ref/@target: web, mail and relative links. Others (javascript:,
# data:, file:) are not links a reader of the edition should follow: the text stays.
_SAFE_SCHEMES = {"", "http", "https", "mailto", "ftp", "doi", "urn"}
# Word's generated lists (table of contents, index, list of figures): made by a field from
# the text's headings and index entries, not text of the chapter.
_GENERATED_STYLE = re.compile(r"^(toc\b|toc heading|index\b|index heading|table of figures)",
                              re.IGNORECASE)
_QUOTE_STYLE = re.compile(r"^(quote|intense quote|block text|quotations?)$", re.IGNORECASE)
_ABSTRACT = re.compile(r"^abstract[:.]?$", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def pandoc_path() -> str:
    """The pandoc binary of the pypandoc-binary wheel, else one on PATH."""
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin:
        bundled = Path(spec.origin).parent / "files" / "pandoc"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    found = shutil.which("pandoc")
    if found:
        return found
    raise InputError("pandoc", "DOCX, ODT and Markdown are read with pandoc, which is not "
                     "installed: pip install pypandoc-binary")


def run_pandoc(data: bytes, source_format: str, name: str) -> dict[str, Any]:
    """pandoc's JSON AST of ``data`` (bytes the gate accepted), read from stdin."""
    cmd = [pandoc_path(), "--from", source_format, "--to", "json", "--sandbox",
           "--track-changes=accept", "+RTS", f"-M{HEAP}", "-RTS"]
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, timeout=TIMEOUT,
                              env={"LANG": "C.UTF-8", "PATH": os.defpath}, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(name, f"pandoc took more than {TIMEOUT} s to read the document") from None
    except OSError as exc:
        raise InputError(name, f"cannot run pandoc: {exc.strerror}") from None
    if done.returncode != 0:
        first = next((ln.strip() for ln in done.stderr.decode("utf-8", "replace").splitlines()
                      if ln.strip()), f"exit status {done.returncode}")
        raise InputError(name, f"pandoc cannot read the document: {first}")
    try:
        ast = json.loads(done.stdout)
    except ValueError as exc:
        raise InputError(name, f"pandoc wrote no readable document: {exc}") from None
    if not isinstance(ast, dict) or "blocks" not in ast:
        raise InputError(name, "pandoc wrote no readable document")
    version = ast.get("pandoc-api-version", [])
    if list(version[:2]) < list(MIN_API):
        # Older ASTs have another shape of tables and no Underline or Figure nodes.
        raise InputError(name, f"pandoc is too old (document API {'.'.join(map(str, version))}, "
                         f"{'.'.join(map(str, MIN_API))} or newer needed): pip install -U pypandoc-binary")
    return ast


def _safe_target(url: str) -> str | None:
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _SAFE_SCHEMES or not url:
        return None
    # A target is an anyURI in TEI: spaces and other characters a URI cannot hold are escaped.
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


@dataclass
class _Text:
    """Text being written for one paragraph or note, with its styles and calls."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    styles: list[Style] = field(default_factory=list)
    calls: list[NoteCall] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)

    def add(self, text: str) -> None:
        # Runs of whitespace are one space, and none leads: offsets stay exact as written.
        for i, piece in enumerate(re.split(r"(\s+)", text)):
            if not piece:
                continue
            if i % 2:
                self.space()
            else:
                self.parts.append(piece)
                self.length += len(piece)

    def space(self) -> None:
        if self.length and not self.parts[-1].endswith(" "):
            self.parts.append(" ")
            self.length += 1

    def text(self) -> str:
        return "".join(self.parts)

    def finish(self) -> str:
        """The text without a trailing space; spans that reached into it end before it."""
        text = self.text()
        end = len(text.rstrip())
        for s in self.styles:
            s.start, s.end = min(s.start, end), min(s.end, end)
        self.styles = [s for s in self.styles if s.end > s.start]
        return text[:end]


class _Walker:
    def __init__(self, name: str):
        self.name = name
        self.notes: list[Note] = []
        self.dropped: list[Dropped] = []
        self.warnings: list[Problem] = []
        self.groups = 0
        self.in_note = False

    # ----------------------------------------------------------------- inlines

    def inlines(self, nodes: list[Any], out: _Text) -> None:
        for node in nodes:
            self.inline(node, out)

    def inline(self, node: dict[str, Any], out: _Text) -> None:
        t: Any = node.get("t")
        c: Any = node.get("c")
        if t == "Str":
            out.add(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.space()
        elif t in _STYLE_NODES:
            self.styled(c, out, _STYLE_NODES[t])
        elif t == "Quoted":
            open_, close = ("\u201c", "\u201d") if c[0]["t"] == "DoubleQuote" else ("\u2018", "\u2019")
            start = out.length
            out.add(open_)
            self.inlines(c[1], out)
            out.add(close)
            out.styles.append(Style(start, out.length, "quoted"))
        elif t == "Link":
            url = c[2][0].strip()
            target = None if url.startswith("#") else _safe_target(url)
            if url.startswith("#"):
                # A cross-reference to a bookmark or heading of the document: the edition
                # keeps no bookmarks, so the target would point at nothing.
                self.dropped.append(Dropped(0, url[:80], "cross-reference inside the document; "
                                            "its text is kept"))
            elif target is None and url:
                self.dropped.append(Dropped(0, url[:80], "link target that is not a web "
                                            "or mail address; the link's text is kept"))
            if target is None:
                self.inlines(c[1], out)
            else:
                self.styled(c[1], out, "link", target)
        elif t == "Note":
            self.note(c, out)
        elif t == "Cite" or t == "Span":
            self.inlines(c[1], out)
        elif t == "Code":
            start = out.length
            out.add(c[1])
            out.styles.append(Style(start, out.length, "code"))
        elif t == "Math" or t == "RawInline":
            out.add(c[1])
        elif t == "Image":
            self.dropped.append(Dropped(0, "image", "image; the edition keeps the text"))
        elif isinstance(c, list):
            # A node of a newer pandoc: its text is kept, whatever it is.
            self.inlines([x for x in c if isinstance(x, dict) and "t" in x], out)

    def styled(self, nodes: list[Any], out: _Text, kind: str, target: str | None = None) -> None:
        start = out.length
        self.inlines(nodes, out)
        if out.length > start:
            out.styles.append(Style(start, out.length, kind, target))

    def note(self, blocks: list[Any], out: _Text) -> None:
        if self.in_note:
            # A note inside a note cannot be printed; its text joins the note it is in.
            out.space()
            self.flat(blocks, out)
            return
        n = len(self.notes) + 1
        marker = str(n)
        out.calls.append(NoteCall(out.length, out.length + len(marker), n))
        out.parts.append(marker)
        out.length += len(marker)
        body = _Text()
        self.in_note = True
        self.flat(blocks, body)
        self.in_note = False
        note = Note(n=n, text=body.finish(), line=0, styles=body.styles,
                    breaks=[b for b in body.breaks if 0 < b < len(body.text().rstrip())])
        if not note.text:
            self.warnings.append(Problem(0, f"note {n} is empty"))
        self.notes.append(note)

    def flat(self, blocks: list[Any], out: _Text) -> None:
        """The text of blocks (a note's paragraphs, lists, tables) as one run of text, with
        the offsets where its paragraphs start."""
        for block in blocks:
            t: Any = block.get("t")
            c: Any = block.get("c")
            if t in ("Para", "Plain", "Header"):
                out.space()
                if out.length:
                    out.breaks.append(out.length)
                self.inlines(c[2] if t == "Header" else c, out)
            elif t in ("BlockQuote",):
                self.flat(c, out)
            elif t == "Div":
                self.flat(c[1], out)
            elif t in ("BulletList", "OrderedList"):
                for item in (c if t == "BulletList" else c[1]):
                    self.flat(item, out)
            elif t == "DefinitionList":
                for term, defs in c:
                    out.space()
                    self.inlines(term, out)
                    for d in defs:
                        self.flat(d, out)
            elif t == "LineBlock":
                for line in c:
                    out.space()
                    self.inlines(line, out)
            elif t in ("CodeBlock", "RawBlock"):
                out.space()
                out.add(c[1])
            elif t == "Table":
                for row in _table_rows(c):
                    for cell in row:
                        self.flat(cell, out)
            elif t == "Figure":
                self.flat(c[1][1], out)
                self.flat(c[2], out)

    # ----------------------------------------------------------------- blocks

    def paragraph(self, inlines: list[Any], kind: str = "p", **attrs: Any) -> Paragraph | None:
        out = _Text()
        self.inlines(inlines, out)
        text = out.finish()
        if not text and not out.calls:
            return None
        return Paragraph(text, 0, kind, calls=out.calls, styles=out.styles, **attrs)

    def blocks(self, blocks: list[Any], ctx: dict[str, Any] | None = None) -> list[Paragraph]:
        ctx = ctx or {}
        result: list[Paragraph] = []
        for block in blocks:
            result.extend(self.block(block, ctx))
        return result

    def block(self, block: dict[str, Any], ctx: dict[str, Any]) -> list[Paragraph]:
        t: Any = block.get("t")
        c: Any = block.get("c")
        if t in ("Para", "Plain"):
            para = self.paragraph(c, ctx.get("kind", "p"), level=ctx.get("level", 1),
                                  group=ctx.get("group", 0), ordered=ctx.get("ordered", False))
            return [para] if para else []
        if t == "Header":
            if ctx.get("kind") in ("quote", "item"):
                para = self.paragraph(c[2], ctx["kind"], level=ctx.get("level", 1),
                                      group=ctx.get("group", 0), ordered=ctx.get("ordered", False))
            else:
                para = self.paragraph(c[2], "head", level=c[0])
            return [para] if para else []
        if t == "BlockQuote":
            self.groups += 1
            return self.blocks(c, {"kind": "quote", "group": self.groups})
        if t in ("BulletList", "OrderedList"):
            return self.list_items(c if t == "BulletList" else c[1], t == "OrderedList", ctx)
        if t == "DefinitionList":
            items = [[{"t": "Plain", "c": term}] + [b for d in defs for b in d] for term, defs in c]
            return self.list_items(items, False, ctx)
        if t == "Div":
            return self.div(c, ctx)
        if t == "LineBlock":
            inl: list[Any] = []
            for line in c:
                inl.extend([*line, {"t": "Space"}])
            para = self.paragraph(inl, ctx.get("kind", "p"), level=ctx.get("level", 1),
                                  group=ctx.get("group", 0))
            return [para] if para else []
        if t in ("CodeBlock", "RawBlock"):
            para = self.paragraph([{"t": "Str", "c": c[1]}], ctx.get("kind", "p"),
                                  level=ctx.get("level", 1), group=ctx.get("group", 0))
            return [para] if para else []
        if t == "Table":
            return self.table(c)
        if t == "Figure":
            # The image is left out; its caption is the author's text.
            return self.blocks(c[1][1], ctx) + self.blocks(c[2], ctx)
        if t == "HorizontalRule":
            self.dropped.append(Dropped(0, "horizontal rule", "typographic ornament"))
        return []

    def div(self, c: list[Any], ctx: dict[str, Any]) -> list[Paragraph]:
        attrs = dict(c[0][2])
        style = attrs.get("custom-style", "")
        if _GENERATED_STYLE.match(style):
            out = _Text()
            self.flat(c[1], out)
            text = out.finish()
            if text:
                self.dropped.append(Dropped(0, text[:80] + ("…" if len(text) > 80 else ""),
                                            f"generated by the word processor ({style})"))
            return []
        if _QUOTE_STYLE.match(style) and ctx.get("kind") is None:
            self.groups += 1
            return self.blocks(c[1], {"kind": "quote", "group": self.groups})
        paras = self.blocks(c[1], ctx)
        if style.lower() == "abstract":
            for p in paras:
                p.kind = "abstract"
        return paras

    def list_items(self, items: list[list[Any]], ordered: bool, ctx: dict[str, Any]) -> list[Paragraph]:
        self.groups += 1
        group = self.groups
        level = ctx.get("level", 0) + 1 if ctx.get("kind") == "item" else 1
        result: list[Paragraph] = []
        for item in items:
            # The item's own text (its paragraphs joined), then any list nested in it.
            inl: list[Any] = []
            nested: list[Any] = []
            for b in _unwrap(item):
                if b.get("t") in ("Para", "Plain") and not nested:
                    if inl:
                        inl.append({"t": "Space"})
                    inl.extend(b["c"])
                else:
                    nested.append(b)
            para = self.paragraph(inl, "item", level=level, group=group, ordered=ordered)
            if para is None and nested:
                para = Paragraph("", 0, "item", level=level, group=group, ordered=ordered)
            if para is not None:
                result.append(para)
            sub = self.blocks(nested, {"kind": "item", "level": level, "group": group,
                                       "ordered": ordered})
            result.extend(sub)
        return result

    def table(self, c: list[Any]) -> list[Paragraph]:
        result: list[Paragraph] = []
        caption = c[1][1]
        result.extend(self.blocks(caption))
        head_rows = len(c[3][1])
        rows: list[list[Paragraph]] = []
        for row in _table_rows(c):
            cells = []
            for cell in row:
                out = _Text()
                self.flat(cell, out)
                text = out.finish()
                cells.append(Paragraph(text, 0, "cell", calls=out.calls, styles=out.styles))
            rows.append(cells)
        if any(cell.text or cell.calls for row in rows for cell in row):
            result.append(Paragraph("", 0, "table", rows=rows, head_rows=head_rows))
        return result


def _unwrap(blocks: list[Any]) -> list[Any]:
    """A list item's blocks without the Divs that only carry a paragraph style ("List
    Paragraph"), so that its first paragraph is seen as the item's text."""
    out: list[Any] = []
    for b in blocks:
        if b.get("t") == "Div" and not _GENERATED_STYLE.match(dict(b["c"][0][2]).get("custom-style", "")):
            out.extend(_unwrap(b["c"][1]))
        else:
            out.append(b)
    return out


def _table_rows(c: list[Any]) -> list[list[list[Any]]]:
    """The blocks of each cell, row by row (head, bodies, foot) of a pandoc 1.22+ Table."""
    rows: list[list[list[Any]]] = []
    head, bodies, foot = c[3], c[4], c[5]
    all_rows = list(head[1])
    for body in bodies:
        all_rows.extend(body[2])
        all_rows.extend(body[3])
    all_rows.extend(foot[1])
    for row in all_rows:
        rows.append([cell[4] for cell in row[1]])
    return rows


def _meta_text(value: dict[str, Any] | None, walker: _Walker) -> str:
    if not value:
        return ""
    t: Any = value.get("t")
    c: Any = value.get("c")
    out = _Text()
    if t == "MetaInlines":
        walker.inlines(c, out)
    elif t == "MetaString":
        out.add(c)
    elif t == "MetaBlocks":
        walker.flat(c, out)
    elif t == "MetaList":
        return "; ".join(_meta_text(v, walker) for v in c)
    return out.finish()


def _meta_list(value: dict[str, Any] | None, walker: _Walker) -> list[str]:
    if not value:
        return []
    if value.get("t") == "MetaList":
        return [t for t in (_meta_text(v, walker) for v in value["c"]) if t]
    text = _meta_text(value, walker)
    return [text] if text else []


def to_chapter(ast: dict[str, Any], name: str, fmt: str,
               roles: dict[str, str] | None = None) -> Chapter:
    """The chapter of a pandoc AST. ``roles`` gives paragraphs (by their text) a role that
    the AST does not carry (an ODT's styles): title, subtitle, author, abstract or quote."""
    walker = _Walker(name)
    meta = ast.get("meta", {})
    chapter = Chapter(title="", authors=[], abstract=[], body=[], notes=[], source_name=name,
                      source_format=fmt)
    # Meta first: a note on the title or byline is numbered before the text's notes.
    title = _meta_text(meta.get("title"), walker)
    subtitle = _meta_text(meta.get("subtitle"), walker)
    if title and subtitle:
        title = f"{title}: {subtitle}"
    if walker.notes:
        walker.warnings.append(Problem(0, "a note is called from the title; the TEI keeps the "
                                       "note, without an anchor in the title"))
    chapter.authors = _meta_list(meta.get("author"), walker)
    date = _meta_text(meta.get("date"), walker)
    abstract = [Paragraph(t, 0) for t in _meta_list(meta.get("abstract"), walker)]
    body = walker.blocks(ast.get("blocks", []))
    if roles:
        title, body = _apply_roles(title, body, roles, chapter)
    abstract += [p for p in body if p.kind == "abstract"]
    body = [p for p in body if p.kind != "abstract"]
    for p in abstract:
        p.kind = "p"
    if not title:
        title, body = _title_from_text(body, walker)
    if not title:
        title = PurePath(name).stem
        walker.warnings.append(Problem(0, "the document has no title; its file name is used"))
    if not abstract:
        abstract, body = _abstract_section(body, chapter)
    chapter.title = title
    chapter.abstract = abstract
    chapter.body = body
    chapter.notes = walker.notes
    if date:
        year = _YEAR.search(date)
        if year:
            chapter.year = year.group(1)
        chapter.dropped.append(Dropped(0, date, "date of the document; its year is in the header"))
    chapter.dropped.extend(walker.dropped)
    chapter.warnings.extend(walker.warnings)
    _number_lines(chapter)
    return chapter


def _apply_roles(title: str, body: list[Paragraph], roles: dict[str, str],
                 chapter: Chapter) -> tuple[str, list[Paragraph]]:
    kept: list[Paragraph] = []
    subtitle = ""
    group = 10 ** 6  # quote groups of their own, above the walker's
    for para in body:
        role = roles.get(para.text) if para.kind == "p" and not para.calls else None
        if role == "title" and not title:
            title = para.text
        elif role == "subtitle" and not subtitle:
            subtitle = para.text
        elif role == "author":
            chapter.authors.append(para.text)
        elif role == "abstract":
            para.kind = "abstract"
            kept.append(para)
        elif role == "quote":
            if not (kept and kept[-1].kind == "quote" and kept[-1].group == group):
                group += 1
            para.kind, para.group = "quote", group
            kept.append(para)
        else:
            kept.append(para)
    if title and subtitle:
        title = f"{title}: {subtitle}"
    return title, kept


def _title_from_text(body: list[Paragraph], walker: _Walker) -> tuple[str, list[Paragraph]]:
    """With no title in the document's properties, its first line is the title when that is a
    heading, or a short line without a note that does not end a sentence."""
    if not body:
        return "", body
    first = body[0]
    if first.calls or first.kind not in ("head", "p"):
        return "", body
    if first.kind == "head" or (len(first.text) <= 150 and not first.text.endswith((".", ":", ";"))):
        return first.text, body[1:]
    return "", body


def _abstract_section(body: list[Paragraph], chapter: Chapter) -> tuple[list[Paragraph], list[Paragraph]]:
    """A heading "Abstract" and the paragraphs under it, up to the next heading."""
    for i, para in enumerate(body):
        if para.kind == "head" and _ABSTRACT.match(para.text):
            end = next((j for j in range(i + 1, len(body)) if body[j].kind == "head"), len(body))
            paras = body[i + 1:end]
            if paras and all(p.kind == "p" and not p.calls for p in paras):
                chapter.dropped.append(Dropped(0, para.text, "abstract label"))
                return paras, body[:i] + body[end:]
    return [], body


def _number_lines(chapter: Chapter) -> None:
    """Paragraph numbers stand for source lines (a document has no lines): the fidelity
    check and warnings name "paragraph N". Every piece of text becomes a source block."""
    n = 1
    chapter.blocks.append(SourceBlock(n, chapter.title))
    chapter.blocks.extend(SourceBlock(n, a) for a in chapter.authors)
    for para in chapter.abstract + chapter.body:
        n += 1
        para.line = n
        for cell in (c for row in para.rows for c in row):
            cell.line = n
            if cell.text:
                chapter.blocks.append(SourceBlock(n, cell.text))
        if para.text:
            chapter.blocks.append(SourceBlock(n, para.text))
    for note in chapter.notes:
        n += 1
        note.line = n
        if note.text:
            chapter.blocks.append(SourceBlock(n, note.text))
