"""The tei_all layer: TEI P5's own RELAX NG schema, run by jing and/or by lxml (libxml2).

Engine choice, measured on this machine (2 shared cores; bench/validation.py prints them):

* jing: about 1 s per process for a small file (the JVM and tei_all's compilation), linear
  after that, messages with line:column: the reference. Needs Java (Debian ``jing``).
* lxml RelaxNG with tei_all *pruned to the document's vocabulary*: every ``element`` pattern
  whose plain name no element of the document has can never match, so it is replaced by
  ``notAllowed`` and the definitions no longer reachable are dropped. The verdict is the
  same (a pattern that matches nothing changes no derivation), and libxml2 compiles the
  remainder in milliseconds instead of 5-13 s for all of tei_all (a compiled libxml2 schema
  cannot be stored between runs; the pruning makes that unnecessary), its choices flattened
  (``flatten``: 2.2 -> 0.54 s of CPU for 1 MB). The catch: libxml2's RELAX NG validator is
  quadratic in the number of siblings in a content model it cannot compile to an automaton
  (175 s for 10 MB on the whole tree), so from 1 MB a file is checked streamed first, piece by
  piece (:mod:`.rngstream`: 2.3 s of CPU at 10 MB, 9.1 s at 50 MB, 0.7 and 1.7 times jing);
  a file that check does not pass is validated whole, as before.
* ``auto`` (the default): lxml for files up to ``LXML_MAX_BYTES``, where it is many times
  faster than starting jing; jing for larger files (lxml when there is no jing, with a note).
  A file lxml finds invalid is checked again by jing when jing is installed, so messages are
  always jing's. xmlschema on tei_all.xsd was measured too: 25 s to compile, pure Python
  (seconds per MB) when cached, and an approximation of the RELAX NG; it is not used.

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

import copy
import functools
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import cast

import platformdirs
from lxml import etree

from ..errors import InputError
from ..xmlsafe import parse_bytes, read_file
from . import streaming
from .report import Issue
from .wellformed import Parsed

ENV = "TEIEDITION_TEI_ALL"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
JING_ENV = "TEIEDITION_JING"
JING_DRIVER = "com.thaiopensource.relaxng.util.Driver"
#: Where Debian (and Ubuntu) put jing's jar; the Debian wrapper script runs it with XInclude on.
JING_JARS = ("/usr/share/java/jing.jar",)
#: The JVM run for one validation, not as a server: the serial collector (one thread; the
#: default parallel one spends a core's worth of CPU on a 2-core machine and lets the heap grow
#: to 600 MB for a 50 MB file) and the quick compiler only (C2's optimising compiles never pay
#: back in a run of seconds). Measured with jing on tei_all, 10 and 50 MB editions: CPU 1.3 s
#: and 4.1 s instead of 3.0 and 6.0, wall shorter too, peak RSS 170-180 MB instead of 410-620.
JVM_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
ENGINES = ("auto", "jing", "lxml")
ENGINE_ENV = "TEIEDITION_RNG_ENGINE"
#: Largest file the ``auto`` engine gives to lxml. lxml is faster up to about 3 MB (0.54
#: against 0.79 s of CPU at 1 MB, bench/validation.py) but jing runs beside the project layers
#: on the other core, and a file lxml rejects pays for both: schemas/README.md.
LXML_MAX_BYTES = 512 * 1024
R = f"{{{RNG_NS}}}"
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
        return [java, *JVM_OPTIONS, "-cp", jar, JING_DRIVER]
    found = shutil.which("jing")
    return [found] if found else None


def engine_name() -> str:
    """The default engine: $TEIEDITION_RNG_ENGINE if set, else ``auto`` (lxml for small
    files, jing for large) when jing is installed, else lxml."""
    chosen = os.environ.get(ENGINE_ENV, "").strip()
    if chosen:
        if chosen not in ENGINES:
            raise InputError(ENGINE_ENV, f"unknown tei_all engine '{chosen}': use one of "
                             f"{', '.join(ENGINES)}")
        return chosen
    return "auto" if jing_command() else "lxml"


def check(files: list[Parsed], rng: Path, engine: str | None = None,
          layer: str = "tei-all") -> list[Issue]:
    """Validate parsed files against ``rng``; one jing process for all of them."""
    return start(files, rng, engine, layer)()


def start(files: list[Parsed], rng: Path, engine: str | None = None,
          layer: str = "tei-all") -> Callable[[], list[Issue]]:
    """Start validating; the returned function waits and gives the issues. jing runs in its
    own process meanwhile, so the caller checks the other layers on the other core."""
    if not files:
        return list
    engine = engine or engine_name()
    if engine not in ENGINES:
        raise InputError(engine, f"unknown tei_all engine: use one of {', '.join(ENGINES)}")
    if engine == "jing":
        return _jing(files, rng, layer)
    if engine == "lxml":
        return lambda: _lxml(files, rng, layer)
    small = [f for f in files if f.size <= LXML_MAX_BYTES]
    large = [f for f in files if f.size > LXML_MAX_BYTES]
    pending = _jing(large, rng, layer) if large else list

    def finish() -> list[Issue]:
        # lxml's verdict; jing's messages for the files it rejects.
        rejected = {i.file for i in _lxml(small, rng, layer)}
        again = [f for f in small if f.name in rejected]
        issues = _jing(again, rng, layer)() if again else []
        return issues + pending()
    return finish


def starts_jing(files: list[Parsed], engine: str | None = None) -> bool:
    """Whether ``start`` runs jing beside the caller at once (engine jing, or auto with a
    file over ``LXML_MAX_BYTES``), rather than only for files lxml rejects, when waited for."""
    chosen = engine or engine_name()
    return bool(files) and (chosen == "jing" or (chosen == "auto" and any(
        f.size > LXML_MAX_BYTES for f in files)))


def needs_tree(engine: str | None = None) -> Callable[[bytes], bool]:
    """Whether ``start`` will need libxml2's tree of a file of these bytes: not when jing
    alone checks it (engine jing, or auto for a large file) or lxml streamed
    (:mod:`.rngstream`), and it turns out valid."""
    chosen = engine or engine_name()
    return lambda data: (chosen == "lxml" and not streaming.wanted(len(data))) or (
        chosen == "auto" and len(data) <= LXML_MAX_BYTES)


def schema_files(rng: Path) -> dict[str, tuple[str, bytes]]:
    """The schema and every file it includes, as accepted by the gate: relative path (where
    the copy goes) -> (the user's path, for messages; the bytes). Only relative references to
    files inside the schema's own directory are followed; anything else is refused, because
    jing would read it itself."""
    return {rel: (path, data) for rel, (path, data, _) in _schema_read(rng).items()}


def _schema_read(rng: Path) -> dict[str, tuple[str, bytes, etree._ElementTree]]:
    """``schema_files``, with each file's tree as the gate parsed it."""
    top = Path(rng)
    root_dir = os.path.realpath(top.parent)
    files: dict[str, tuple[str, bytes, etree._ElementTree]] = {}
    pending = [(top.name, str(top))]
    while pending:
        rel, path = pending.pop()
        if rel in files:
            continue
        data = read_file(path)
        tree = parse_bytes(data, path)
        if not files:
            _require_rng(tree, path)
        files[rel] = (path, data, tree)
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


def _jing(files: list[Parsed], rng: Path, layer: str) -> Callable[[], list[Issue]]:
    """Start one jing process for ``files``; the returned function waits for it."""
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
            private = tmp / "docs" / f"{k}.xml"
            private.parent.mkdir(exist_ok=True)
            private.write_bytes(parsed.data)  # the bytes the gate accepted, not the file as it is now
            parsed.keep_copy(private)
            by_path[str(private)] = parsed.name
            args.append(str(private))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # jing runs while the caller checks other layers. Its output goes to files in the private
    # directory, not to pipes: nothing has to read them as they fill (a full pipe nobody reads
    # would stall jing), so no thread is needed, and the caller may fork (.parallel) from a
    # process that has only one.
    outcome: dict[str, object] = {}
    try:
        with open(tmp / "jing.out", "wb") as out, open(tmp / "jing.err", "wb") as err:
            outcome["proc"] = subprocess.Popen([*cmd, str(schema), *args], stdout=out, stderr=err,
                                               cwd=tmp, stdin=subprocess.DEVNULL)
    except OSError as exc:
        outcome["error"] = exc  # reported when waited for, as when jing fails
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    def wait() -> list[Issue]:
        try:
            error = outcome.get("error")
            if isinstance(error, OSError):
                raise InputError(cmd[0], f"cannot run jing: {error.strerror}")
            proc = cast("subprocess.Popen[bytes]", outcome["proc"])
            try:
                returncode = proc.wait()
            except BaseException:  # interrupted: jing's files are about to go
                proc.kill()
                proc.wait()
                raise
            stdout, stderr = (_read_text(tmp / name) for name in ("jing.out", "jing.err"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return _jing_issues(stdout, stderr, returncode, by_path, schema_names, rng, layer)
    return wait


def _read_text(path: Path) -> str:
    # As subprocess.run(text=True, encoding="utf-8", errors="replace") read the pipes before.
    return path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def _jing_issues(stdout: str, stderr: str, returncode: int, by_path: dict[str, str],
                 schema_names: dict[str, str], rng: Path, layer: str) -> list[Issue]:
    issues = []
    for raw in stdout.splitlines():
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
    if returncode not in (0, 1) or (returncode == 1 and not issues):
        detail = (stderr.strip().splitlines() or stdout.strip().splitlines() or ["no output"])[-1]
        raise InputError(str(rng), f"jing failed (exit {returncode}): {detail}")
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


def _stamp(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


@functools.cache
def _rng_source(path: str, stamp: tuple[int, int]) -> tuple[etree._ElementTree, bool]:
    """The schema as the gate accepted it, read once per process (and per version of the
    file: ``stamp``), and whether it can be pruned (one file: no include or externalRef)."""
    files = _schema_read(Path(path))
    _, _, tree = files[Path(path).name]
    return tree, len(files) == 1


@functools.cache
def _compiled_rng(path: str, stamp: tuple[int, int],
                  vocabulary: frozenset[tuple[str, str]] | None) -> etree.RelaxNG | None:
    """The schema compiled by libxml2; pruned to ``vocabulary`` (namespace, local name) when
    given and the schema is one file; None when no element of the vocabulary can be the
    document element (no document with that vocabulary is valid)."""
    source, single = _rng_source(path, stamp)
    try:
        if vocabulary is not None and single:
            pruned = prune(source, vocabulary)
            return None if _matches_nothing(pruned) else etree.RelaxNG(flatten(pruned))
        # Compiled from the private copies, so libxml2 reads includes only as the gate accepted them.
        tmp = Path(os.path.realpath(tempfile.mkdtemp(prefix="teiedition-rng-")))
        try:
            schema, _ = _write_schema(Path(path), tmp)
            return etree.RelaxNG(file=str(schema))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except etree.RelaxNGParseError as exc:
        raise InputError(path, f"not a usable RELAX NG schema: {exc}") from None


def prune(schema: etree._ElementTree, vocabulary: frozenset[tuple[str, str]]) -> etree._ElementTree:
    """A copy of ``schema`` in which every element pattern named (plainly, by a ``name``
    attribute) for an element not in ``vocabulary`` is ``notAllowed``, and definitions no
    longer referenced from ``start`` are dropped. Validity of a document whose element
    names are all in ``vocabulary`` is unchanged: those patterns could never match in it."""
    tree = copy.deepcopy(schema)
    root = tree.getroot()
    for element in list(root.iter(f"{R}element")):
        name = element.get("name")
        if name is None or ":" in name:
            continue  # a name class, or a prefixed name: kept as is
        if (_inherited_ns(element), name.strip()) not in vocabulary:
            stub = etree.Element(f"{R}notAllowed")
            stub.tail = element.tail
            holder = element.getparent()
            if holder is not None:
                holder.replace(element, stub)
    defines: dict[str, list[etree._Element]] = {}
    for define in root.iter(f"{R}define"):
        if define.getparent() is root:
            defines.setdefault(define.get("name") or "", []).append(define)
    nested = any(True for _ in root.iter(f"{R}grammar", f"{R}parentRef")) or root.tag != f"{R}grammar"
    if nested:
        return tree  # nested grammars have their own scopes: keep every definition
    reached: set[str] = set()
    todo = [s for s in root if s.tag == f"{R}start"]
    while todo:
        for ref in todo.pop().iter(f"{R}ref"):
            name = ref.get("name")
            if name not in reached and name in defines:
                reached.add(name)
                todo += defines[name]
    for name, found in defines.items():
        if name not in reached:
            for define in found:
                root.remove(define)
    return tree


def flatten(tree: etree._ElementTree) -> etree._ElementTree:
    """``tree`` (a pruned one-file grammar, changed in place) with each ``choice`` made flat:
    nested choices and references to definitions that are only a choice of references
    (TEI's model classes) written out, alternatives that match nothing (``notAllowed``, as
    pruning leaves them) and repeated ones dropped. The same language (a choice is
    associative and idempotent, a definition means its body), but libxml2 then picks an
    alternative by the element's name instead of trying each class in turn with copies of
    its state: 0.04 ms instead of 0.6 for an entry of the sample's bibliography, 0.05 instead
    of 1.2 for a note."""
    root = tree.getroot()
    if root.tag != f"{R}grammar" or any(True for _ in root.iterdescendants(f"{R}grammar", f"{R}parentRef")):
        return tree  # nested scopes: a name may mean another definition there
    defines: dict[str, etree._Element] = {}
    for define in root:
        if define.tag == f"{R}define":
            if define.get("combine") or define.get("name", "") in defines:
                return tree
            defines[define.get("name", "")] = define
    empty: dict[str, bool] = {}

    def nothing(p: etree._Element) -> bool:
        # Matches nothing at all: notAllowed, a choice of such, a reference to one.
        if p.tag == f"{R}notAllowed":
            return True
        if p.tag == f"{R}choice":
            return all(nothing(c) for c in patterns(p))
        if p.tag == f"{R}ref":
            name = p.get("name", "")
            if name not in empty:
                empty[name] = False  # a cycle counts as matching something
                body = patterns(defines[name]) if name in defines else []
                empty[name] = len(body) == 1 and nothing(body[0])
            return empty[name]
        return False

    def is_class(define: etree._Element) -> bool:
        body = patterns(define)
        return len(body) == 1 and all(
            c.tag in (f"{R}choice", f"{R}ref", f"{R}notAllowed") for c in body[0].iter()
            if isinstance(c.tag, str) and c.tag.startswith(R))

    classes = {name for name, define in defines.items() if is_class(define)}
    # Innermost first: a choice copied into another is flat already.
    for choice in reversed(list(root.iter(f"{R}choice"))):
        kept: list[etree._Element] = []
        seen: set[object] = set()
        expanding: set[str] = set()
        todo = patterns(choice)
        while todo:
            node = todo.pop(0)
            name = node.get("name", "") if node.tag == f"{R}ref" else ""
            if nothing(node):
                continue
            if node.tag == f"{R}choice":
                todo = patterns(node) + todo
                continue
            if name in classes:
                if name not in expanding:  # (else its alternatives are in already)
                    expanding.add(name)
                    todo = patterns(defines[name]) + todo
                continue
            key = ("ref", name) if name else etree.tostring(node, with_tail=False)
            if key not in seen:
                seen.add(key)
                kept.append(node)
        if not kept:
            # Left as it is: libxml2 took oneOrMore(notAllowed), written out, for a pattern
            # that matches (an appInfo without its application passed).
            continue
        for child in patterns(choice):
            choice.remove(child)
        for node in kept:
            copied = copy.deepcopy(node)
            copied.tail = None
            choice.append(copied)
    return tree


def patterns(element: etree._Element) -> list[etree._Element]:
    """The RELAX NG children of ``element`` (not its annotations)."""
    return [c for c in element if isinstance(c.tag, str) and c.tag.startswith(R)]


def _matches_nothing(tree: etree._ElementTree) -> bool:
    """Is every element pattern reachable from ``start`` gone? libxml2 then accepts any
    document (measured: a root the schema does not allow passed), so the caller rejects it."""
    root = tree.getroot()
    if root.tag != f"{R}grammar":
        return False
    defines = {d.get("name"): d for d in root if d.tag == f"{R}define"}
    seen: set[str] = set()
    todo = [s for s in root if s.tag == f"{R}start"]
    while todo:
        node = todo.pop()
        if any(True for _ in node.iter(f"{R}element")):
            return False
        for ref in node.iter(f"{R}ref"):
            name = ref.get("name") or ""
            if name not in seen and name in defines:
                seen.add(name)
                todo.append(defines[name])
    return True


def _inherited_ns(element: etree._Element) -> str:
    """The namespace of an element pattern's name: its own ``ns``, else the nearest ancestor's."""
    for node in (element, *element.iterancestors()):
        ns = node.get("ns")
        if ns is not None:
            return ns
    return ""


def vocabulary(tree: etree._ElementTree) -> frozenset[tuple[str, str]]:
    """Every (namespace, local name) of an element in ``tree``."""
    return frozenset((q.namespace or "", q.localname)
                     for q in map(etree.QName, tree.getroot().iter("*")))


def _lxml(files: list[Parsed], rng: Path, layer: str) -> list[Issue]:
    issues = []
    for parsed in files:
        if streaming.wanted(parsed.size):
            from . import rngstream  # (imports the project layers: only for a large file)

            # Without the whole tree, where libxml2 is quadratic in a long run of siblings;
            # a file it does not pass is validated whole below, for the same report.
            if rngstream.valid(parsed, rng):
                continue
            try:
                parsed.tree  # noqa: B018  (built here, as the gate's parse would have)
            except InputError as exc:
                issues.append(Issue(parsed.name, exc.line, exc.column, "wellformed", exc.message))
                continue
        schema = _compiled_rng(str(rng), _stamp(str(rng)), vocabulary(parsed.tree))
        if schema is None:
            root = parsed.tree.getroot()
            line, col = parsed.locator.position(root)
            issues.append(Issue(parsed.name, line, col, layer, f"element \"{etree.QName(root).localname}\" "
                                "not allowed here: no pattern of the schema matches the document"))
            continue
        if schema.validate(parsed.tree):
            continue
        seen: set[tuple[int | None, str]] = set()
        for entry in schema.error_log:
            try:
                node = parsed.tree.xpath(entry.path) if entry.path else None
            except etree.XPathEvalError:  # a path with a prefix libxml2 made up (ns0:): the line only
                node = None
            element = node[0] if isinstance(node, list) and node else None
            line, col = (parsed.locator.position(element) if element is not None
                         else (entry.line or None, None))
            if (line, entry.message) not in seen:
                seen.add((line, entry.message))
                issues.append(Issue(parsed.name, line, col, layer, entry.message))
    return issues
