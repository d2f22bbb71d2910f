"""Reader for OpenDocument text (ODT): the safe gate, then pandoc's AST (``pandoc_ast``).

Pandoc's ODT reader does not read paragraph styles, so the gate notes the paragraphs styled
Title, Subtitle, Author, Abstract or Quotations, and the walk gives them their role.
"""
from __future__ import annotations

from ..model import Chapter
from . import package, pandoc_ast
from .finish import finish_document

FORMAT = "odt"
SUFFIXES = (".odt",)
BINARY = True


def detect_bytes(data: bytes, name: str) -> bool:
    # By name: the gate then says what the bytes are if they are not a package.
    return name.lower().endswith(SUFFIXES)


def read_bytes(data: bytes, name: str) -> Chapter:
    pkg = package.check_odt(data, name)
    ast = pandoc_ast.run_pandoc(pkg.data, "odt", name)
    return finish_document(pandoc_ast.to_chapter(ast, name, FORMAT, _roles(pkg.roles)), pkg)


def _roles(found: list[tuple[str, str]]) -> dict[str, str]:
    """Text -> role of the styled paragraphs; a text styled in two ways has no sure role."""
    roles: dict[str, str] = {}
    for text, role in found:
        roles[text] = role if roles.get(text, role) == role else ""
    return {t: r for t, r in roles.items() if r}
