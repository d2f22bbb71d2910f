"""Input formats. Each module has ``detect(text) -> bool`` and ``read(text, name) -> Chapter``."""
from __future__ import annotations

import hashlib

from ..errors import InputError
from ..model import Chapter
from . import chapter_page, plain_text

# Order matters: the chapter-page signature (numbered outer list items with an inner
# note number) is specific, plain text with a Notes heading is the general fallback.
READERS = {
    "chapter-page": chapter_page,
    "plain-text": plain_text,
}


def read(text: str, name: str, fmt: str | None = None) -> Chapter:
    chapter = _read(text, name, fmt)
    chapter.source_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return chapter


def _read(text: str, name: str, fmt: str | None) -> Chapter:
    if fmt is not None:
        if fmt not in READERS:
            raise InputError(name, f"unknown format '{fmt}' (choose from {', '.join(READERS)})")
        return READERS[fmt].read(text, name)
    for module in READERS.values():
        if module.detect(text):
            return module.read(text, name)
    raise InputError(name, "no notes found: expected a 'Notes' (or 'Endnotes', "
                     "'Notes and References', 'References and notes') section of numbered notes")
