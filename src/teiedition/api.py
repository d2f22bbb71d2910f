"""The public API: convert, build. One-way flow: reader -> citations -> TEI -> outputs."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from lxml import etree

from . import fidelity, readers, tei
from .citations import parse_citations
from .errors import FidelityError
from .fileio import write_atomic
from .model import Chapter, Problem
from .sourcefile import read_text

SAMPLE_NAME = "roberts-1995-rapallo.txt"


def sample_path() -> Path:
    """The bundled sample chapter (shipped as package data)."""
    return Path(str(resources.files("teiedition") / "data" / SAMPLE_NAME))


def convert_text(text: str, name: str, fmt: str | None = None, edition_date: str | None = None,
                 encoding: str = "utf-8") -> tuple[etree._ElementTree, Chapter]:
    """Chapter text -> TEI tree, checked for fidelity to the source."""
    chapter = readers.read(text, name, fmt)
    chapter.source_encoding = encoding
    chapter = parse_citations(chapter)
    tree = tei.to_tei(chapter, edition_date)
    missing = fidelity.missing_text(chapter.blocks, tree.getroot())
    if missing:
        raise FidelityError(name, missing)
    return tree, chapter


def convert_file(path: Path, fmt: str | None = None, edition_date: str | None = None,
                 encoding: str | None = None) -> tuple[bytes, list[Problem]]:
    source = read_text(path, encoding)
    tree, chapter = convert_text(source.text, str(path), fmt, edition_date, source.encoding)
    return tei.serialize(tree), chapter.warnings


@dataclass
class BuildResult:
    source: Path
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build(source: Path | None, outdir: Path, fmt: str | None = None,
          edition_date: str | None = None) -> BuildResult:
    """Convert one chapter and write its edition into ``outdir``."""
    source = source or sample_path()
    tei_bytes, warnings = convert_file(source, fmt, edition_date)
    result = BuildResult(source, warnings=warnings)
    tei_path = outdir / f"{Path(source).stem}.xml"
    write_atomic(tei_path, tei_bytes)
    result.outputs.append(tei_path)
    return result
