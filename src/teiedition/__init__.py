"""teiedition: a scholarly chapter and its notes as a TEI P5 edition.

The public API, one function per stage (imported lazily, so that ``teiedition --help`` does
not start Saxon or Typst):

- ``convert_file(path) -> (tei_bytes, warnings)`` and ``convert_text(text, name) -> (tree, chapter)``
- ``build(source, outdir, options) -> BuildResult``: TEI, HTML, PDF and the BagIt package
- ``build_many(inputs, outdir, options, jobs=...) -> Summary``: many chapters, incrementally
- ``validate(paths, schema=...) -> Report``
- ``render(tei, "html"|"pdf"|"typst") -> bytes``
- ``make_bag(tei, out, ...) -> Path`` and ``verify_bag(bag) -> list of problems``
- ``parse_reference(text)``: one citation parsed into its parts
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what a type checker sees of the lazy exports below
    from .api import BuildOptions, build, convert_file, convert_text
    from .archive import make_bag, verify_bag
    from .citations import parse_reference
    from .corpus import build_many
    from .transform import render
    from .validation import validate

__version__ = "0.1.0"

_EXPORTS = {
    "convert_file": "api", "convert_text": "api", "build": "api", "BuildOptions": "api",
    "build_many": "corpus", "validate": "validation", "render": "transform",
    "make_bag": "archive", "verify_bag": "archive", "parse_reference": "citations",
}
# literal, for the tools that read it (tests/test_exports.py checks that it names _EXPORTS)
__all__ = [
    "BuildOptions", "__version__", "build", "build_many", "convert_file", "convert_text", "make_bag",
    "parse_reference", "render", "validate", "verify_bag",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'teiedition' has no attribute {name!r}")
