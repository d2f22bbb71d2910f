"""The tei_all layer: TEI P5's own RELAX NG schema, run by jing, or by lxml when jing is absent.

Engine choice, measured on this machine (2 cores; numbers in schemas/README.md):

* jing: 0.45 s per process for a small file, 1.0 s for a 10 MB file, messages with
  line:column. Needs Java (Debian packages ``jing`` and a JRE).
* lxml RelaxNG: 5-9 s to compile tei_all.rng in every process (a compiled schema cannot be
  stored), then 0.8 s for 10 MB. Used when jing is not installed, with a note saying so.
* xmlschema on tei_all.xsd: 25 s to compile; disk-cached it loads in 0.35 s but validates
  in pure Python (seconds per MB), and the XSD is trang's approximation of the RNG.

jing never reads the user's files. It is given private copies, in a fresh temporary directory,
of exactly the bytes the gate (:mod:`teiedition.xmlsafe`) accepted: the documents, the schema,
and the schema files that schema includes (only relative references inside the schema's own
directory are followed, each through the gate). A file swapped after the check cannot reach
jing, and its positions are mapped back to the user's names. jing runs as
``java -cp jing.jar com.thaiopensource.relaxng.util.Driver``, not through Debian's
``/usr/bin/jing``, whose ``XIncludeParserConfiguration`` makes Xerces fetch ``xi:include``
targets (the gate refuses those anyway; the two together mean neither alone is trusted).
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import platformdirs
from lxml import etree

from ..errors import InputError
from ..xmlsafe import parse_bytes, read_file
from .report import Issue
from .wellformed import Parsed

ENV = "TEIEDITION_TEI_ALL"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
JING_ENV = "TEIEDITION_JING"
JING_DRIVER = "com.thaiopensource.relaxng.util.Driver"
#: Where Debian (and Ubuntu) put jing's jar; the Debian wrapper script runs it with XInclude on.
JING_JARS = ("/usr/share/java/jing.jar",)
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Non-greedy file: on a line of thousands of characters a greedy one backtracks from the end
# (2 s for 200,000 lines).
_JING_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal|warning): "
                        r"(?P<msg>.*)$")


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
    """The command that runs jing's driver: $TEIEDITION_JING (split on spaces; empty forces
    the lxml engine), else java with Debian's jing.jar, else a ``jing`` on PATH (another
    distribution's launcher; the gate has refused XInclude and DTDs before it runs)."""
    override = os.environ.get(JING_ENV)
    if override is not None:
        return override.split() if override else None
    java = shutil.which("java")
    jar = next((j for j in JING_JARS if os.path.isfile(j)), None)
    if java and jar:
        return [java, "-cp", jar, JING_DRIVER]
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


def schema_files(rng: Path) -> dict[str, tuple[str, bytes]]:
    """The schema and every file it includes, as accepted by the gate: relative path (where
    the copy goes) -> (the user's path, for messages; the bytes). Only relative references to
    files inside the schema's own directory are followed; anything else is refused, because
    jing would read it itself."""
    top = Path(rng)
    root_dir = os.path.realpath(top.parent)
    files: dict[str, tuple[str, bytes]] = {}
    pending = [(top.name, str(top))]
    while pending:
        rel, path = pending.pop()
        if rel in files:
            continue
        data = read_file(path)
        tree = parse_bytes(data, path)
        if not files:
            _require_rng(tree, path)
        files[rel] = (path, data)
        based = tree.xpath("//*[@xml:base]")
        if based:
            raise InputError(path, "xml:base in a schema refused: it would make jing resolve "
                             "references somewhere else", based[0].sourceline)
        for element in tree.getroot().iter(f"{{{RNG_NS}}}include", f"{{{RNG_NS}}}externalRef"):
            href = element.get("href", "")
            target = _local_reference(href, rel, path, element.sourceline)
            # Read by the same path whose real location is checked: inside the directory.
            full = os.path.join(top.parent, target)
            if os.path.commonpath([os.path.realpath(full), root_dir]) != root_dir:
                raise InputError(path, f"schema reference '{href}' refused: it leads out of the "
                                 "schema's directory (through a symbolic link)", element.sourceline)
            pending.append((target, full))
    return files


def _local_reference(href: str, rel: str, path: str, line: int | None) -> str:
    """Where ``href`` (in the schema file at ``rel``) points, relative to the top schema's
    directory; refused unless it is a relative reference that stays inside it."""
    parts = urllib.parse.urlsplit(href)
    why = ("only relative references to files in the schema's own directory are followed; "
           "copy the included schema there")
    if parts.scheme or parts.netloc or parts.query or parts.fragment or href.startswith("/"):
        raise InputError(path, f"schema reference '{href}' refused: {why}", line)
    target = os.path.normpath(os.path.join(os.path.dirname(rel), urllib.parse.unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        raise InputError(path, f"schema reference '{href}' refused: it leaves the schema's "
                         f"directory; {why}", line)
    return target


def _require_rng(tree: etree._ElementTree, path: str) -> None:
    if tree.getroot().tag not in (f"{{{RNG_NS}}}grammar", f"{{{RNG_NS}}}element"):
        raise InputError(path, "not a RELAX NG schema (XML syntax); the root must be grammar or element "
                         f"in {RNG_NS}")


def _write_schema(rng: Path, into: Path) -> tuple[Path, dict[str, str]]:
    """Copies of the schema's files under ``into``: the copy of the top schema, and each
    copy's path -> the user's path."""
    names = {}
    for rel, (path, data) in schema_files(rng).items():
        copy = into / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(data)
        names[str(copy)] = path
    return into / rng.name, names


def _jing(files: list[Parsed], rng: Path, layer: str) -> list[Issue]:
    cmd = jing_command()
    if not cmd:
        raise InputError("jing", "jing is not installed (Debian: apt-get install jing)")
    # realpath: jing prints the paths it reads resolved, and the temporary directory may sit
    # behind a symbolic link (macOS's /tmp).
    tmp = Path(os.path.realpath(tempfile.mkdtemp(prefix="teiedition-jing-")))
    try:
        schema, schema_names = _write_schema(rng, tmp / "schema")
        by_path: dict[str, str] = {}
        args = []
        for k, parsed in enumerate(files):
            copy = tmp / "docs" / f"{k}.xml"
            copy.parent.mkdir(exist_ok=True)
            copy.write_bytes(parsed.data)  # the bytes the gate accepted, not the file as it is now
            by_path[str(copy)] = parsed.name
            args.append(str(copy))
        try:
            proc = subprocess.run([*cmd, str(schema), *args], capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", check=False, cwd=tmp)
        except OSError as exc:
            raise InputError(cmd[0], f"cannot run jing: {exc.strerror}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    issues = []
    for raw in proc.stdout.splitlines():
        m = _JING_LINE.match(raw)
        if not m:
            continue
        if m["file"] not in by_path:
            # An error in the schema itself, not in a document.
            where = schema_names.get(m["file"], str(rng))
            raise InputError(where, f"RELAX NG schema is unusable: {m['msg']}",
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
    # Compiled from the private copies, so libxml2 reads includes only as the gate accepted them.
    tmp = Path(os.path.realpath(tempfile.mkdtemp(prefix="teiedition-rng-")))
    try:
        schema, _ = _write_schema(Path(path), tmp)
        return etree.RelaxNG(file=str(schema))
    except etree.RelaxNGParseError as exc:
        raise InputError(path, f"not a usable RELAX NG schema: {exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
