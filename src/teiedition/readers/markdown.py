"""Reader for Markdown: Pandoc's Markdown (footnotes ``[^1]`` and ``[^1]: …``, a YAML block
with title, author and abstract) and CommonMark, which it reads as well, through pandoc's AST.

The ``smart`` extension is off: quotation marks stay as the author typed them, so every word
of the source is in the TEI as printed (``quoted`` spans are found in the text afterwards,
as for every reader).
"""
from __future__ import annotations

import re

from ..model import Chapter
from . import pandoc_ast
from .finish import finish_document

FORMAT = "markdown"
SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
BINARY = False
PANDOC_FORMAT = "markdown-smart"

_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:", re.MULTILINE)


def detect(text: str, name: str = "") -> bool:
    """A Markdown file by its name, or any text with Markdown footnote definitions."""
    return name.lower().endswith(SUFFIXES) or bool(_FOOTNOTE_DEF.search(text))


def read(text: str, name: str) -> Chapter:
    ast = pandoc_ast.run_pandoc(text.encode("utf-8"), PANDOC_FORMAT, name)
    return finish_document(pandoc_ast.to_chapter(ast, name, FORMAT), None)
