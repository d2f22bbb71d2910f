"""Reader for Word documents (DOCX): the safe gate, then pandoc's AST (``pandoc_ast``).

Word's paragraph styles are read too (pandoc's ``styles`` extension), so that a "Quote"
paragraph is a block quotation, an "Abstract" paragraph the abstract, and a table of
contents or index that Word generated is left out as furniture.
"""
from __future__ import annotations

from ..model import Chapter
from . import package, pandoc_ast
from .finish import finish_document

FORMAT = "docx"
SUFFIXES = (".docx",)
BINARY = True


def detect_bytes(data: bytes, name: str) -> bool:
    # By name: the gate then says what the bytes are if they are not a package.
    return name.lower().endswith(SUFFIXES)


def read_bytes(data: bytes, name: str) -> Chapter:
    pkg = package.check_docx(data, name)
    ast = pandoc_ast.run_pandoc(pkg.data, "docx+styles", name)
    return finish_document(pandoc_ast.to_chapter(ast, name, FORMAT), pkg)
