"""The tei_all layer: TEI P5's own RELAX NG schema, run by jing, or by lxml when jing is absent.

Engine choice, measured on this machine (2 cores; numbers in schemas/README.md):

* jing: 0.45 s per process for a small file, 1.0 s for a 10 MB file, messages with
  line:column. Needs Java (Debian packages ``jing`` and a JRE).
* lxml RelaxNG: 5-9 s to compile tei_all.rng in every process (a compiled schema cannot be
  stored), then 0.8 s for 10 MB. Used when jing is not installed, with a note saying so.
* xmlschema on tei_all.xsd: 25 s to compile; disk-cached it loads in 0.35 s but validates
  in pure Python (seconds per MB), and the XSD is trang's approximation of the RNG.

jing reads the file itself. That is safe only because every file reaches this layer after
xmlsafe refused DTDs and entity declarations, so jing sees nothing to fetch or expand.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import platformdirs
from lxml import etree

from ..errors import InputError
from ..xmlsafe import parse_file
from .report import Issue
from .wellformed import Parsed

ENV = "TEIEDITION_TEI_ALL"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
JING_ENV = "TEIEDITION_JING"
_JING_LINE = re.compile(r"^(?P<file>.*):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal|warning): (?P<msg>.*)$")


class NoTeiAll(InputError):
    """No copy of tei_all.rng is available (exit 2 when tei_all was asked for)."""


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("teiedition")) / "tei_all"


def how_to_get() -> str:
    return (f"run 'teiedition schema fetch' to download it into {cache_dir()}, "
            f"or pass --tei-all PATH, or set {ENV}")


def find_tei_all(explicit: str | Path | None = None) -> Path | None:
    """The tei_all.rng to use: --tei-all, then $TEIEDITION_TEI_ALL, then the user cache."""
    for candidate, origin in ((explicit, "--tei-all"), (os.environ.get(ENV), ENV)):
        if candidate:
            path = Path(candidate)
            if path.is_dir():
                path = path / "tei_all.rng"
            if not path.is_file():
                raise NoTeiAll(str(path), f"tei_all schema given by {origin} not found; {how_to_get()}")
            return path
    cached = cache_dir() / "tei_all.rng"
    return cached if cached.is_file() else None


def jing_command() -> list[str] | None:
    override = os.environ.get(JING_ENV)
    if override is not None:
        return override.split() if override else None  # empty: force the lxml engine
    found = shutil.which("jing")
    return [found] if found else None


def engine_name() -> str:
    return "jing" if jing_command() else "lxml"


def check(files: list[Parsed], rng: Path, engine: str | None = None,
          layer: str = "tei-all") -> list[Issue]:
    """Validate parsed files against ``rng``; one jing process for all of them."""
    if not files:
        return []
    engine = engine or engine_name()
    if engine == "jing":
        return _jing(files, rng, layer)
    return _lxml(files, rng, layer)


@functools.cache
def _safe_schema(path: str, mtime: float) -> None:
    """jing reads the schema itself: it goes through xmlsafe first, like any XML we read."""
    root = parse_file(path).getroot()
    if root.tag not in (f"{{{RNG_NS}}}grammar", f"{{{RNG_NS}}}element"):
        raise InputError(path, "not a RELAX NG schema (XML syntax); the root must be grammar or element "
                         f"in {RNG_NS}")


def _jing(files: list[Parsed], rng: Path, layer: str) -> list[Issue]:
    cmd = jing_command()
    if not cmd:
        raise InputError("jing", "jing is not installed (Debian: apt-get install jing)")
    try:
        _safe_schema(str(rng), rng.stat().st_mtime)
    except OSError as exc:
        raise InputError(str(rng), f"cannot read schema: {exc.strerror}") from None
    by_path = {str(Path(p.name).resolve()): p.name for p in files}
    # jing prints the paths it was given, resolved; map them back to the names we report.
    args = [str(Path(p.name).resolve()) for p in files]
    proc = subprocess.run([*cmd, str(rng), *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", check=False)
    issues = []
    for raw in proc.stdout.splitlines():
        m = _JING_LINE.match(raw)
        if not m:
            continue
        if m["file"] not in by_path:
            # An error in the schema itself, not in a document.
            raise InputError(m["file"], f"tei_all schema is unusable: {m['msg']}",
                             int(m["line"]), int(m["col"]))
        issues.append(Issue(by_path[m["file"]], int(m["line"]), int(m["col"]), layer,
                            shorten(m["msg"])))
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not issues):
        detail = (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines() or ["no output"])[-1]
        raise InputError(str(rng), f"jing failed (exit {proc.returncode}): {detail}")
    return issues


def shorten(message: str, names: int = 12) -> str:
    """jing lists every element that would be allowed (over 200 in tei_all); keep the first few."""
    head, sep, expected = message.partition("; expected ")
    if not sep:
        return message
    parts = expected.split(", ")
    if len(parts) <= names:
        return message
    return f"{head}; expected {', '.join(parts[:names])}, … ({len(parts) - names} more)"


@functools.cache
def _compiled_rng(path: str) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(parse_file(path))
    except etree.RelaxNGParseError as exc:
        raise InputError(path, f"not a usable RELAX NG schema: {exc}") from None


def _lxml(files: list[Parsed], rng: Path, layer: str) -> list[Issue]:
    schema = _compiled_rng(str(rng))
    issues = []
    for parsed in files:
        if schema.validate(parsed.tree):
            continue
        for entry in schema.error_log:
            issues.append(Issue(parsed.name, entry.line or None, entry.column or None,
                                layer, entry.message))
    return issues
