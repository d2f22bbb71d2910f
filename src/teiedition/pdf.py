"""The print edition: TEI -> Typst markup (``xslt/typst.xsl``) -> PDF/A-2b, in-process.

Typst runs through the ``typst`` Python package (no external binary). Three things make the
PDF the same bytes for the same TEI on any machine, and keep a hostile TEI harmless:

* Fonts come from ``data/fonts`` (Linux Libertine O, OFL) with system fonts ignored; Typst's
  own embedded fonts, fixed by its version, are the only fallback.
* Dates come from the TEI (typst.xsl writes the document date); Typst's clock is pinned to
  the Unix epoch, so nothing depends on when the PDF was made.
* The compiler's root is a fresh, empty temporary directory holding only the generated
  ``main.typ``: even if markup escaped the stylesheet's escaping, ``#read``/``#include``/
  ``#image`` could reach nothing else (Typst refuses paths outside its root). Its name
  carries this process's id, so one killed mid-compile (``kill -9``) leaves a directory the
  next process to compile removes.

Time and memory are bounded twice. Before any work: Typst's time and memory grow faster
than the text (an 8 MB TEI, 2.4 million characters, 470 pages: 33 s and 1.4 GB; 60 MB:
187 s and 16.7 GB), so a TEI with more text than :func:`max_chars` is refused with one line
naming the limit. During the compile: markup longer than :data:`CHILD_ABOVE` is compiled in
a child process with a limit on its address space and on its time, whatever the budget let
through (each refusal one line naming its limit and the variable that raises it). Two things
Typst cannot take are defused in the tree first: ``hi`` nested more than
:data:`MAX_HI_NESTING` deep (Typst stops at 64 nested show rules) prints without the
deeper levels, and a link address longer than Typst's 8,000 characters prints as text.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any, cast

import typst
from lxml import etree

from . import fonts, images
from .fileio import process_alive
from .ns import TEI_NS
from .transform import (
    TransformError,
    check_tei_root,
    check_text_budget,
    env_limit,
    run_xslt,
)
from .xmlsafe import parse_bytes, read_file

#: Paper sizes accepted by ``--paper`` (Typst's names).
PAPERS = ("a4", "us-letter")

#: PDF standards every print edition claims; Typst checks them while writing. With PDF/UA-1
#: Typst writes DisplayDocTitle and the pdfuaid part, and checks the tagging it can check
#: (a document title, alternative texts).
PDF_STANDARDS = ["a-2b", "ua-1"]


#: Characters of text a print edition may have: about 400 pages, which Typst sets in about
#: 30 s and 1.3 GB on a 2-core machine. ``TEIEDITION_MAX_PDF_CHARS`` raises it.
MAX_CHARS = 2_000_000
#: ``hi`` inside this many ``hi`` prints as its text: Typst allows 64 nested show rules.
MAX_HI_NESTING = 32
#: Typst refuses a link to a longer address ("URL is too long").
MAX_URL = 8000


def max_chars() -> int:
    return env_limit("TEIEDITION_MAX_PDF_CHARS", MAX_CHARS)


def fonts_dir() -> Path:
    return Path(__file__).parent / "data" / "fonts"


def typst_source(tei: str | Path | etree._ElementTree, paper: str = "a4") -> str:
    """The Typst markup of the print edition of a TEI file (or parsed tree)."""
    if isinstance(tei, etree._ElementTree):
        # A tree has no file: its checksum is that of its serialisation.
        data = etree.tostring(tei, xml_declaration=True, encoding="UTF-8")
        return typst_source_from_bytes(data, name="edition.xml", paper=paper)
    path = Path(tei)
    return typst_source_from_bytes(read_file(path), name=str(path), paper=paper, images_beside=path.parent)


def typst_source_from_bytes(data: bytes, name: str = "edition.xml", paper: str = "a4",
                            images_beside: Path | None = None) -> str:
    """As :func:`typst_source`, for TEI already in memory; ``name`` is printed in the colophon."""
    if paper not in PAPERS:
        raise TransformError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")
    tree = parse_bytes(data, name)
    check_tei_root(tree, name)
    _check_budget(tree, name)
    _defuse(tree)
    params = {
        "paper": paper,
        # The colophon names the exact file the PDF was made from by its checksum.
        "tei-sha256": hashlib.sha256(data).hexdigest(),
        "tei-name": Path(name).name,
    }
    if images_beside is not None:
        # Images of a TEI file's own folder are embedded as bytes (images.py); a tree or bytes
        # without a file have no folder, and read none.
        params["images"] = images.typst_param(images.images_beside(tree, images_beside))
    return run_xslt("typst.xsl", tree, params)


def _check_budget(tree: etree._ElementTree, name: str) -> None:
    limit = max_chars()
    check_text_budget(tree, name, "the print edition", "TEIEDITION_MAX_PDF_CHARS", MAX_CHARS,
                      f"about {limit // 5000} pages; ")


_HI = f"{{{TEI_NS}}}hi"


def _defuse(tree: etree._ElementTree) -> bool:
    """Change, in the tree about to be typeset, what Typst cannot take (see the module doc);
    the TEI file itself is untouched. Whether anything changed (a book shares an unchanged
    tree's parse with its site)."""
    root = tree.getroot()
    too_deep = [el for el in root.iter(_HI)
                if sum(1 for _ in el.iterancestors(_HI)) >= MAX_HI_NESTING]
    for el in reversed(too_deep):  # innermost first: each unwraps plain content
        _unwrap(el)
    changed = bool(too_deep)
    for el in root.iter():
        for attr in ("target", "url"):
            value = el.get(attr)
            if value is not None and len(value) > MAX_URL:
                del el.attrib[attr]
                changed = True
    return changed


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its content (text, children, tail) in its parent."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    text = (el.text or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    children = list(el)
    tail = el.tail or ""
    parent.remove(el)  # lxml moves el's tail with it; it is put back below
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        last = children[-1]
        last.tail = (last.tail or "") + tail
    elif index == 0:
        parent.text = (parent.text or "") + tail
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + tail


class PdfaWarning(UserWarning):
    """The PDF could not be PDF/A (text no bundled font can show) and was written without it."""


def compile_typst(source: str) -> bytes:
    """Compile Typst markup to a tagged PDF/A-2b, confined to a fresh empty root.

    Any TEI must print: text in a script the bundled fonts lack (Chinese, emoji) breaks
    PDF/A, which forbids glyphs that cannot be shown. Then the PDF is made again without the
    PDF/A claim (still tagged) and a :class:`PdfaWarning` names the text.
    """
    with _Typesetter(source) as typesetter:
        try:
            try:
                return _without_false_suspects(typesetter.compile(PDF_STANDARDS))
            except TransformError as exc:
                # PDF/UA-1 also asks what a TEI may not give (a first heading of level 1, no
                # skipped levels): such a PDF is still tagged PDF/A, only without the UA claim.
                if "PDF/UA" not in str(exc):
                    raise
                return _without_false_suspects(
                    typesetter.compile([std for std in PDF_STANDARDS if not std.startswith("ua")]))
        except TransformError as exc:
            if "PDF/A" not in str(exc) or "could not be displayed" not in str(exc):
                raise
            # One line, saying what happened: the PDF is written, only without the claim.
            reason = str(exc).removeprefix(_NOT_COMPILED).strip()
            warnings.warn(PdfaWarning(f"{reason}: the PDF is written without the PDF/A and PDF/UA claims"),
                          stacklevel=2)
            return _without_false_suspects(typesetter.compile([]))


_NOT_COMPILED = "typst: the print edition does not compile:"


def _without_false_suspects(pdf: bytes) -> bytes:
    """Typst writes ``/MarkInfo<</Marked true/Suspects false>>``; poppler (pdfinfo,
    pdftotext) reports "Syntax Error: Suspects object is wrong type (boolean)" for any
    Suspects that is not true, on every PDF. Suspects is optional and false by default, so
    the entry is blanked with spaces of the same length: no offset of the file moves, and
    the bytes stay deterministic."""
    entry = b"/Suspects false"
    return pdf.replace(entry, b" " * len(entry), 1)


_ROOT_NAME = re.compile(r"^teiedition-typst-(\d+)-[0-9a-f]{8}$")


@functools.cache
def _remove_dead_roots() -> None:
    """Remove the compile roots of processes that died mid-compile (once per process; only
    directories of this form, of this user, whose process is gone)."""
    base = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        match = _ROOT_NAME.match(entry.name)
        try:
            if not match or not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
        except OSError:
            continue
        if not process_alive(int(match[1])):
            shutil.rmtree(entry.path, ignore_errors=True)


class _Typesetter:
    """One document's compiles, in one fresh root: the first with every claim, then, when
    Typst refuses a claim, again without it. In-process the compiles share one
    ``typst.Compiler``, so a second compile reuses the first one's layout: ``test.xml``,
    which PDF/UA refuses (underline combined with strike), costs 0.15 + 0.01 s of Typst
    instead of 0.15 + 0.09 s. Markup over :data:`CHILD_ABOVE` compiles in a child each time."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.compiler: typst.Compiler | None = None

    def __enter__(self) -> _Typesetter:
        _remove_dead_roots()
        self.root = Path(tempfile.gettempdir()) / f"teiedition-typst-{os.getpid()}-{secrets.token_hex(4)}"
        self.root.mkdir(mode=0o700)
        (self.root / "main.typ").write_text(self.source, encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def compile(self, standards: list[str]) -> bytes:
        options = _typst_options(self.root, standards, self.source)
        if len(self.source) > CHILD_ABOVE:
            return _compile_in_child(self.root, options)
        if self.compiler is None:
            self.compiler = typst.Compiler(
                input=str(self.root / "main.typ"), root=options["root"],
                font_paths=options["font_paths"], ignore_system_fonts=options["ignore_system_fonts"],
                package_path=options["package_path"], package_cache_path=options["package_cache_path"])
        per_compile = {key: options[key] for key in ("pdf_standards", "pdf_tags", "timestamp")}
        try:
            out = self.compiler.compile(**per_compile)
        except typst.TypstError as exc:
            raise TransformError(f"{_NOT_COMPILED} {exc}") from None
        # No output path and the default format: the PDF's bytes.
        return cast(bytes, out)


def _typst_options(root: Path, standards: list[str], source: str) -> dict[str, Any]:
    return {
        "root": str(root),
        # The bundled fonts, and the Noto fonts of the scripts the markup uses.
        "font_paths": fonts.font_paths(source),
        "ignore_system_fonts": True,
        "pdf_standards": standards,
        "pdf_tags": True,
        # Only used where the document leaves its date to Typst (a TEI without any date):
        # the epoch, never the clock.
        "timestamp": 0,
        # Packages are never needed; empty directories keep Typst from finding any.
        "package_path": str(root / "no-packages"),
        "package_cache_path": str(root / "no-package-cache"),
    }


#: Markup longer than this (about 25 pages) is compiled in a child process whose address
#: space and time are limited, so that no document, whatever the text budget lets through,
#: takes the machine's memory or runs without end. Shorter markup compiles in-process: a
#: process start would double the time of an ordinary chapter's PDF.
CHILD_ABOVE = 256 * 1024
#: Defaults of the child's limits; TEIEDITION_PDF_MEMORY_MB and TEIEDITION_PDF_SECONDS.
PDF_MEMORY_MB = 2048
PDF_SECONDS = 120

# The child: Typst loaded, then the limit on its address space (so that the limit is the
# compile's, not the loading of the library), then the compile; the PDF goes into the root.
_CHILD = """
import json, resource, sys
import typst
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
root, options = sys.argv[1], json.loads(sys.argv[3])
try:
    data = typst.compile(root + "/main.typ", **options)
except typst.TypstError as exc:
    sys.stderr.write(str(exc))
    sys.exit(3)
except MemoryError:
    sys.exit(4)
with open(root + "/out.pdf", "wb") as fh:
    fh.write(data)
"""


def _compile_in_child(root: Path, options: dict[str, Any]) -> bytes:
    memory = env_limit("TEIEDITION_PDF_MEMORY_MB", PDF_MEMORY_MB)
    seconds = env_limit("TEIEDITION_PDF_SECONDS", PDF_SECONDS)
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(memory),
                               json.dumps(options)], capture_output=True, text=True,
                              timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        raise TransformError(f"typst: the print edition took longer than the limit of {seconds} s "
                             "to typeset (set TEIEDITION_PDF_SECONDS to raise it)") from None
    if proc.returncode == 3:
        raise TransformError(f"typst: the print edition does not compile: {proc.stderr.strip()}")
    if proc.returncode != 0:
        # Out of memory: Python's MemoryError (4), or Rust's allocator aborting (SIGABRT).
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        if proc.returncode == 4 or "memory allocation" in proc.stderr or proc.returncode == -6:
            raise TransformError(f"typst: the print edition needs more than the limit of {memory} MB "
                                 "of memory to typeset (set TEIEDITION_PDF_MEMORY_MB to raise it)")
        raise TransformError(f"typst: the compiler stopped (exit {proc.returncode}): {last}")
    return (root / "out.pdf").read_bytes()


def render_pdf(tei: str | Path | etree._ElementTree, paper: str = "a4") -> bytes:
    """The print edition of a TEI file as PDF bytes."""
    return compile_typst(typst_source(tei, paper=paper))


def render_typst(tei: str | Path | etree._ElementTree, paper: str = "a4") -> bytes:
    """The print edition's Typst markup, UTF-8 (for inspection or hand-compilation)."""
    return typst_source(tei, paper=paper).encode("utf-8")
