"""Markup kept between builds of a book, so that a change to one chapter re-runs the
stylesheets on that chapter only (docs/books.md#incremental-builds).

An entry is text made from known inputs, stored under the SHA-256 of all of them (the
pipeline's code and stylesheets, Saxon's version, the parameters, the bytes of the document
the stylesheet ran on): a changed input is a different name, so an entry is never stale,
only unused. Each file starts with the SHA-256 of its text, so a damaged entry is made
again rather than used. The directory is inside the output directory, under the build's
lock; each build removes the entries it did not use, so it holds one book's worth.
"""
from __future__ import annotations

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path

from ..fileio import write_atomic

CACHE_DIR = ".teiedition-book-cache"


@functools.cache
def _tools() -> bytes:
    # The markup is the stylesheets' (pipeline_fingerprint) run by this Saxon.
    from ..corpus import pipeline_fingerprint
    return f"{pipeline_fingerprint()} saxonche {metadata.version('saxonche')}".encode()


def key(*parts: bytes) -> str:
    """The name of what is made from ``parts`` by this pipeline."""
    digest = hashlib.sha256(_tools())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)  # lengths: no two splits collide
    return digest.hexdigest()


class MarkupCache:
    """Entries of one output directory. ``read=False`` (``--force``) makes every entry
    again, still storing it for the next build."""

    def __init__(self, outdir: Path, read: bool = True) -> None:
        self.directory = outdir / CACHE_DIR
        self.read = read
        self.used: set[str] = set()
        self.hits = 0

    def get(self, name: str) -> str | None:
        self.used.add(name)
        if not self.read:
            return None
        try:
            data = (self.directory / name).read_bytes()
        except OSError:
            return None
        check, _, text = data.partition(b"\n")
        if check.decode("ascii", "replace") != hashlib.sha256(text).hexdigest():
            return None
        self.hits += 1
        return text.decode("utf-8")

    def put(self, name: str, text: str) -> None:
        self.used.add(name)
        data = text.encode("utf-8")
        self.directory.mkdir(exist_ok=True)
        write_atomic(self.directory / name, hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)

    def prune(self) -> None:
        """Remove every file this build did not use (entries of old chapter texts, and
        temporary files of a killed build)."""
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return
        for entry in entries:
            if entry.name not in self.used:
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue  # not a file, or gone: the next build tries again
