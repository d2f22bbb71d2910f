"""Input formats.

Text formats have ``detect(text) -> bool`` and ``read(text, name) -> Chapter``; word-processor
packages (DOCX, ODT), which are zip files, have ``detect_bytes(data, name) -> bool`` and
``read_bytes(data, name) -> Chapter``. ``load`` reads a file as the one or the other.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..errors import InputError
from ..model import Chapter
from ..sourcefile import read_text
from . import chapter_page, docx, markdown, odt, package, plain_text, quotes
from .finish import NoNotes

# Order matters: the chapter-page signature (numbered outer list items with an inner
# note number) is specific, plain text with a Notes heading is the general fallback.
# Markdown is recognised by its file name (or footnote definitions), before either.
READERS: dict[str, ModuleType] = {
    "markdown": markdown,
    "chapter-page": chapter_page,
    "plain-text": plain_text,
    "docx": docx,
    "odt": odt,
}
PACKAGES = {name: module for name, module in READERS.items() if getattr(module, "BINARY", False)}


@dataclass
class Source:
    """A chapter file as read: ``text`` for text formats; ``data`` for a package (DOCX, ODT),
    whose ``text`` is empty."""

    text: str
    encoding: str
    data: bytes | None = None


def load(path: Path, fmt: str | None = None, encoding: str | None = None) -> Source:
    """Read ``path`` as a package (by ``fmt``, or by its name and zip signature) or as text."""
    name = str(path)
    if fmt is not None and fmt not in READERS:
        raise InputError(name, f"unknown format '{fmt}' (choose from {', '.join(READERS)})")
    wanted = fmt in PACKAGES or (fmt is None and path.suffix.lower() in
                                 {s for m in PACKAGES.values() for s in m.SUFFIXES})
    if wanted:
        data = _read_bytes(path)
        return Source("", "zip package", data)
    source = read_text(path, encoding)
    return Source(source.text, source.encoding)


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    cap = package.BYTES.value
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(name, "not a regular file, so not a document")
        if st.st_size > cap:
            raise package.BYTES.refuse(name, f"the document is {st.st_size:,} bytes")
        with open(path, "rb") as fh:
            data = fh.read(cap + 1)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    if len(data) > cap:
        raise package.BYTES.refuse(name, "the document grew while it was read")
    return data


def read(text: str, name: str, fmt: str | None = None, data: bytes | None = None) -> Chapter:
    if data is not None:
        chapter = _read_package(data, name, fmt)
        chapter.source_sha256 = hashlib.sha256(data).hexdigest()
    else:
        chapter = _read(text, name, fmt)
        chapter.source_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    quotes.add_quoted_spans(chapter)
    return chapter


def _read_package(data: bytes, name: str, fmt: str | None) -> Chapter:
    if fmt is not None:
        if fmt not in PACKAGES:
            raise InputError(name, f"a zip package cannot be read as '{fmt}' (choose from "
                             f"{', '.join(PACKAGES)})")
        return PACKAGES[fmt].read_bytes(data, name)
    for module in PACKAGES.values():
        if module.detect_bytes(data, name):
            return module.read_bytes(data, name)
    raise InputError(name, "not a DOCX or ODT document (give --format docx or --format odt)")


def _read(text: str, name: str, fmt: str | None) -> Chapter:
    if fmt is not None:
        if fmt not in READERS:
            raise InputError(name, f"unknown format '{fmt}' (choose from {', '.join(READERS)})")
        if fmt in PACKAGES:
            raise InputError(name, f"'{fmt}' is a zip package, not text: give the .{fmt} file")
        return READERS[fmt].read(text, name)
    if markdown.detect(text, name):
        try:
            return markdown.read(text, name)
        except NoNotes:
            # A chapter in a .md file may number its notes as plain text does ("Notes",
            # then "1. …"), without Markdown's footnote syntax.
            if not (chapter_page.detect(text) or plain_text.detect(text)):
                raise
    for module in (chapter_page, plain_text):
        if module.detect(text):
            return module.read(text, name)
    # No reader recognised the text: the plain-text reader says what it found instead.
    return plain_text.read(text, name)
