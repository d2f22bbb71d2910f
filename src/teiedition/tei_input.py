"""TEI files as inputs to ``build``: taken as they are, never converted again.

A hand-corrected edition, or a TEI file made elsewhere, is read through the XML gate
(``xmlsafe``), validated (the project schema and rules when it declares itself a teiedition
edition, the generic rules otherwise, and tei_all with ``--tei-all`` or when a copy is there
for a file from elsewhere), and copied byte for byte to ``OUT/<stem>.xml`` (unless it is that
file already); the web and print editions, the review list and the bag are then made from it.
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from . import handedit, xmlsafe
from .errors import InputError, ValidationFailed
from .fileio import write_checked
from .tei import TEI_NS

if TYPE_CHECKING:
    from .validation import Report

#: Names that mark a file as TEI (not a chapter text to convert).
TEI_SUFFIXES = (".xml", ".tei")
#: What ``build`` looks for in a directory: every input format it reads.
CHAPTER_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".odt", *TEI_SUFFIXES)


def is_tei(path: Path) -> bool:
    return path.suffix.lower() in TEI_SUFFIXES


def refuse_conversion(path: Path) -> None:
    """``convert`` of a TEI file: it is already the edition's source, one line says what to do."""
    if is_tei(path):
        raise InputError(str(path), "is a TEI file already, so it is not converted: build its "
                         "editions with 'teiedition build', or add citation markup to its notes "
                         "with 'teiedition enrich'")


def chapter_files(directory: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """The inputs in ``directory`` and below, sorted: files with a chapter or TEI suffix, not
    inside hidden directories, bags (``*.bag``) or ``exclude`` (the build's own output
    directory, whose TEI files would otherwise come back as inputs)."""
    skip = {os.path.realpath(p) for p in exclude}
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.endswith(".bag")
                         and os.path.realpath(os.path.join(root, d)) not in skip)
        if os.path.realpath(root) in skip:
            continue
        found.extend(Path(root) / f for f in files
                     if f.lower().endswith(CHAPTER_SUFFIXES) and not f.startswith("."))
    return sorted(p for p in found if p.is_file())


def recorded_digests(chapters: Mapping[str, Mapping], tei_path: Path) -> set[str]:
    """The sha256 digests a build manifest's ``chapters`` give for the output ``tei_path``,
    except the entry whose input is that very file: a TEI built in place records the
    editor's own bytes, which must never count as something teiedition may overwrite."""
    name = tei_path.name
    itself = os.path.realpath(tei_path)
    digests = set()
    for source, entry in chapters.items():
        outputs = entry.get("outputs") if isinstance(entry, Mapping) else None
        if os.path.realpath(source) == itself or not isinstance(outputs, Mapping):
            continue
        digest = outputs.get(name)
        if isinstance(digest, str):
            digests.add(digest)
    return digests


def read(source: Path) -> tuple[bytes, etree._ElementTree]:
    """The bytes of a TEI input and their tree, after the gate; the root must be TEI or
    teiCorpus."""
    data = xmlsafe.read_file(source)
    tree = xmlsafe.parse_bytes(data, str(source))
    root = tree.getroot()
    if root.tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
        raise InputError(str(source), f"not a TEI file: its root element is <{etree.QName(root).text}>, not "
                         f"<TEI> in the namespace {TEI_NS}")
    return data, tree


def install(source: Path, tei_path: Path, *, tei_all: bool = False, force: bool = False,
            recorded: Collection[str] = ()) -> list[str]:
    """Validate the TEI input ``source`` and put its bytes at ``tei_path`` (left alone when it
    is that file). What is validated is the copy of the bytes read, so the outputs are made
    from exactly what passed. Returns what could not be checked (no copy of tei_all)."""
    from .validation import validate
    from .validation.wellformed import is_teiedition
    data, tree = read(source)
    edition = is_teiedition(tree)
    same = tei_path.exists() and os.path.samefile(source, tei_path)
    if not same:
        handedit.check_overwrite(tei_path, data, force=force, recorded=recorded)
    notes: list[str] = []

    def check(pending: Path) -> None:
        # A teiedition edition is held to the project schema; a TEI from elsewhere to the
        # generic rules and tei_all, which is all that applies to it.
        report = validate(pending, schema="project" if edition and not tei_all else None)
        if not report.ok:
            raise invalid_input(report, str(source))
        notes.extend(report.notes)

    write_checked(tei_path, data, check, replace=not same, before_replace=lambda: handedit.check_overwrite(
        tei_path, data, force=force, recorded=recorded))
    return notes


def invalid_input(report: Report, shown: str) -> ValidationFailed:
    """One line for an invalid TEI input: its first error, how many more, how to list them."""
    issues = report.sorted_issues()
    first = issues[0]
    where = shown + (f":{first.line}" if first.line is not None else "")
    if first.line is not None and first.column is not None:
        where += f":{first.column}"
    rule = f"[{first.rule}] " if first.rule else ""
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return ValidationFailed(f"{where}: invalid TEI, not built: {first.layer}: {rule}{first.message}"
                            f"{more}; 'teiedition validate {shown}' lists every error")
