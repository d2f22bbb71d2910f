"""The converter's TEI is the editor's to correct: what it writes is sealed, checked and never
written over a hand correction.

* **Seal.** Every TEI file the converter writes carries, in its prolog, a processing
  instruction ``<?teiedition written-sha256="…"?>``: the SHA-256 of the file's own bytes with
  those 64 digits read as zeros. A file whose seal still matches is byte for byte what the
  converter wrote; any edit (a corrected word, a reindented header, a removed seal) breaks it.
  A processing instruction, not an element: no schema, stylesheet or edition reads it, so the
  TEI, its HTML and its PDF are what they would be without it, and it travels with the file
  wherever it is copied (``convert -o`` has no build directory to keep a record in).
* **Guard.** ``convert -o`` and ``build`` replace an existing TEI file only when it is missing,
  holds the same bytes, has an intact seal, or is recorded in the build manifest with its
  current digest (a TEI input copied into the build directory, or one written before seals
  existed); anything else is refused in one line naming the file and why, unless ``--force``.
* **Check.** What the converter writes is validated against the project schema and rules
  before anyone sees it; an invalid result is a bug in teiedition, reported in one line with
  the file and the rule (exit 1), and nothing is written.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, ValidationFailed
from .fileio import output_error, write_checked

if TYPE_CHECKING:
    from .validation import Report

PI_TARGET = "teiedition"
_ZEROS = b"0" * 64
# The seal is looked for in the prolog only: after the XML declaration and before the root.
_SEAL = re.compile(rb'<\?teiedition written-sha256="([0-9a-f]{64})"\?>')
_PROLOG_BYTES = 4096


class HandEdited(InputError):
    """An existing TEI file that teiedition would overwrite holds something it did not write."""


def seal(data: bytes) -> bytes:
    """``data`` (a TEI file as serialised, starting with its XML declaration) with the seal
    after the declaration: the digest covers every byte, the seal's digits read as zeros."""
    end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
    unsealed = data[:end] + b"\n<?teiedition written-sha256=\"" + _ZEROS + b"\"?>" + data[end:]
    digest = hashlib.sha256(unsealed).hexdigest().encode()
    return unsealed.replace(_ZEROS, digest, 1)


def seal_state(data: bytes) -> str:
    """``intact`` (the bytes are what teiedition wrote), ``broken`` (sealed, then changed) or
    ``none`` (no seal: a file teiedition did not write, or wrote before it sealed its files)."""
    match = _SEAL.search(data, 0, _PROLOG_BYTES)
    if match is None:
        return "none"
    unsealed = data[:match.start(1)] + _ZEROS + data[match.end(1):]
    return "intact" if hashlib.sha256(unsealed).hexdigest().encode() == match.group(1) else "broken"


def check_overwrite(path: Path, data: bytes | None = None, *, force: bool = False,
                    recorded: Collection[str] = ()) -> None:
    """Refuse to replace ``path`` unless it is missing or empty, equal to ``data``, sealed
    intact, or its sha256 is in ``recorded`` (what the build manifest says teiedition wrote
    there). ``force`` allows anything."""
    if force:
        return
    try:
        if not path.is_file():
            return  # missing; a directory in the way is refused by the writer, in its own words
        current = path.read_bytes()
    except OSError as exc:
        raise output_error(path, exc, "cannot read the file it would replace") from None
    if not current or current == data or hashlib.sha256(current).hexdigest() in recorded:
        return
    state = seal_state(current)
    if state == "intact":
        return
    if state == "broken":
        why = "it was changed after teiedition wrote it (corrected by hand?)"
    elif current.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        why = "it carries no teiedition seal (a TEI made elsewhere, or by a teiedition before seals)"
    else:
        why = "it is not a TEI file teiedition wrote"
    raise HandEdited(str(path), f"not overwritten: {why}; build it as it is with 'teiedition build "
                     f"{path}', write elsewhere, or give --force to replace it")


def bug_report(report: Report, shown: str) -> ValidationFailed:
    """One line for TEI that teiedition made and that fails its own schema or rules."""
    issues = report.sorted_issues()
    first = issues[0]
    where = f"{shown}:{first.line}" if first.line is not None else shown
    rule = f"[{first.rule}] " if first.rule else ""
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return ValidationFailed(f"{where}: the TEI teiedition made is invalid: {first.layer}: {rule}"
                            f"{first.message}{more}; this is a bug in teiedition: please report it "
                            "with the input file")


def check_written(data: bytes, shown: str, tei_all: bool = False) -> None:
    """Validate converter output ``data`` against the project schema and rules (and tei_all
    when asked) through a private temporary file; raise the one-line bug report."""
    from .validation import validate
    with tempfile.TemporaryDirectory(prefix="teiedition-check-") as tmp:
        path = Path(tmp) / "edition.xml"
        path.write_bytes(data)
        report = validate(path, schema=None if tei_all else "project")
        if not report.ok:
            raise bug_report(report, shown)


def put_checked(path: Path, data: bytes, *, force: bool = False, recorded: Collection[str] = (),
                tei_all: bool = False, shown: str | None = None, validated: bool = False) -> None:
    """Write converter output ``data`` to ``path``: under a name of this process's own, then
    validated (unless ``validated`` says it was), then, if what is there may be replaced,
    renamed into place. A failure of any step leaves ``path`` as it was and no temporary file
    behind."""
    from .validation import validate
    def check(pending: Path) -> None:
        if not validated:
            report = validate(pending, schema=None if tei_all else "project")
            if not report.ok:
                raise bug_report(report, shown or str(path))

    # Checked again just before the rename: the file may have been edited meanwhile.
    write_checked(path, data, check, before_replace=lambda: check_overwrite(
        path, data, force=force, recorded=recorded))
