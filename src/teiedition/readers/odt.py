"""Reader for OpenDocument text (ODT): the safe gate, then pandoc's AST (``pandoc_ast``)."""
from __future__ import annotations

from ..model import Chapter
from . import package, pandoc_ast
from .finish import finish_document

FORMAT = "odt"
SUFFIXES = (".odt",)
BINARY = True


def detect_bytes(data: bytes, name: str) -> bool:
    return name.lower().endswith(SUFFIXES) and data.startswith(b"PK\x03\x04")


def read_bytes(data: bytes, name: str) -> Chapter:
    pkg = package.check_odt(data, name)
    ast = pandoc_ast.run_pandoc(pkg.data, "odt", name)
    return finish_document(pandoc_ast.to_chapter(ast, name, FORMAT), pkg)
