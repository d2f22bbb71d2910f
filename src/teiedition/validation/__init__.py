"""Validation of TEI files: well-formedness, TEI root, project XSD, Schematron, tei_all.

``validate(paths) -> Report`` is the whole API; the CLI and ``build`` call it. Layers stop at
the first that makes the rest meaningless (a file that is not well-formed is not checked
against any schema); within a layer every error is reported, not just the first.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import InputError
from . import streaming, teiall, wellformed
from .report import Issue, Report
from .teiall import NoTeiAll
from .wellformed import Parsed

__all__ = ["Issue", "NoTeiAll", "Report", "collect", "validate"]

SCHEMA_CHOICES = ("project", "tei-all")
#: Smallest file whose accepted bytes wait on disk rather than in memory while its tree is
#: built and the in-process layers run (``Parsed.release_data``: the tree is parsed from the
#: private copy; 48 MB less at the peak of a 50 MB file's run).
RELEASE_MIN_BYTES = 4 << 20


def collect(paths: Iterable[str | Path]) -> list[str]:
    """Files to check: each file as given, each directory's ``*.xml`` recursively, sorted."""
    files: list[str] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += [str(p) for p in sorted(path.rglob("*.xml")) if p.is_file()]
        else:
            files.append(str(path))
    return files


def validate(paths: str | Path | Iterable[str | Path], *, schema: str | None = None,
             tei_all: str | Path | None = None, engine: str | None = None) -> Report:
    """Validate files or directories.

    ``schema``: None for the default layers, ``"project"`` (project XSD and Schematron),
    ``"tei-all"``, or a path to an .xsd, .rng or .sch file. ``tei_all``: a tei_all.rng to
    use instead of $TEIEDITION_TEI_ALL or the user cache. ``engine``: for RELAX NG,
    ``auto`` (the default when jing is installed), ``jing`` or ``lxml``
    (:mod:`.teiall`). Raises InputError (exit 2) for an unusable schema or a tei_all that
    was asked for and is missing.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    report = Report()
    files = collect(paths)
    if not files:
        report.notes.append("no XML files found")
    kind = _schema_kind(schema)
    rng = None
    if kind in ("default", "tei-all"):
        rng = teiall.find_tei_all(tei_all)
        if rng is None:
            if kind == "tei-all":
                raise NoTeiAll("tei_all.rng", f"no copy of the tei_all schema; {teiall.how_to_get()}")
            report.notes.append(f"tei_all not checked: no copy of tei_all.rng; {teiall.how_to_get()}")
    # One parse per file (the gate, then libxml2's tree) for every layer.
    in_process: list[tuple[Parsed, list[str], str | None]] = []  # file, layers, its check
    for_rng: list[Parsed] = []
    # RELAX NG alone, where jing checks the file: libxml2's tree is not needed (see Parsed).
    tree = True if kind not in ("tei-all", "rng") else teiall.needs_tree(engine)
    # All layers, where jing alone checks tei_all: jing starts before libxml2's tree is built,
    # which it does not need (``later``: the tree, the project and Schematron layers then).
    later: list[tuple[Parsed, list[str]]] = []
    if kind == "default" and rng is not None:
        tree = teiall.needs_tree(engine)
    if kind in ("default", "project"):
        # A large file is first checked streamed (.streamed), without its whole tree: built
        # later, only for a file that check does not pass.
        tree = _unless_streamed(tree)
    for name in files:
        report.files.append(name)
        parsed, issues = wellformed.parse(name, tree=tree, release_from=RELEASE_MIN_BYTES)
        layers = ["wellformed"]
        report.layers[name] = layers
        report.issues += issues
        if parsed is None:
            continue
        if kind in ("xsd", "sch"):
            layers.append("schema" if kind == "xsd" else "schematron")
            in_process.append((parsed, layers, kind))
            continue
        if kind == "rng":
            layers.append("schema")
            for_rng.append(parsed)
            continue
        layers.append("tei")
        if parsed.has_tree() or kind not in ("default", "project"):
            tei_issues = wellformed.check_tei(parsed)
        else:
            try:
                tei_issues = wellformed.check_tei(parsed)
            except InputError as exc:  # the locator built the tree, which libxml2 refused
                del layers[1:]
                report.issues.append(Issue(name, exc.line, exc.column, "wellformed", exc.message))
                continue
        report.issues += tei_issues
        if tei_issues:
            continue
        if kind == "default" and not parsed.has_tree() and rng is not None:
            layers.append("tei-all")
            for_rng.append(parsed)
            later.append((parsed, layers))
            continue
        if not parsed.has_tree() and kind in ("default", "project"):  # streamed first (no jing beside)
            later.append((parsed, layers))
            continue
        edition = kind in ("project", "default") and wellformed.is_teiedition(parsed.tree)
        if kind == "project" or (kind == "default" and edition):
            layers.append("project")
        if kind in ("project", "default"):
            layers.append("schematron")
            in_process.append((parsed, layers, "edition" if edition or kind == "project" else "generic"))
        if kind in ("default", "tei-all") and rng is not None:
            layers.append("tei-all")
            for_rng.append(parsed)
    # tei_all first: jing runs in its own process on the other core while this one checks
    # the project schema and the Schematron rules.
    pending: Callable[[], list[Issue]] = list
    jing_running = False
    if for_rng and kind == "rng" and schema is not None:
        pending = teiall.start(for_rng, Path(schema), engine, layer="schema")
    elif for_rng and rng is not None:
        if (engine or teiall.engine_name()) == "lxml" and not teiall.jing_command() and any(
                p.size > teiall.LXML_MAX_BYTES for p in for_rng):
            report.notes.append("tei_all checked with lxml because jing is not installed "
                                "(slow on a large file it finds invalid: libxml2 is quadratic "
                                "in siblings on the whole tree)")
        pending = teiall.start(for_rng, rng, engine)
        jing_running = teiall.starts_jing(for_rng, engine)
    try:
        # From here a valid file's bytes are read by nothing (jing has its copy): a large
        # one's wait in a private temporary file, for the locator, should an issue need a
        # position. Those of a file whose tree is still to be built are released first: the
        # tree is then parsed from that copy, and never shares the memory with the bytes.
        for parsed, _ in later:
            if parsed.size >= RELEASE_MIN_BYTES:
                parsed.release_data()
        refused = _build_later(later, in_process, report, kind)
        for parsed, _, _ in in_process:
            if parsed.size >= RELEASE_MIN_BYTES:
                parsed.release_data()
        report.issues += _check_in_process(in_process, schema, jing_running=jing_running)
    except BaseException:
        # jing's private copies are removed when it is waited for, whatever stopped us.
        with contextlib.suppress(Exception):
            pending()
        raise
    report.issues += [i for i in pending() if i.file not in refused]
    report.cap()
    return report


def _unless_streamed(tree: bool | Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    """``tree`` (build libxml2's tree of these bytes now?), but not for a file to be checked
    streamed first."""
    def build(data: bytes) -> bool:
        return (tree(data) if callable(tree) else tree) and not streaming.wanted(len(data))
    return build


def _build_later(later: list[tuple[Parsed, list[str]]],
                 in_process: list[tuple[Parsed, list[str], str | None]], report: Report,
                 kind: str) -> set[str]:
    """The files whose tree was not built with the gate's parse: an edition the streamed check
    passes needs none; the others' trees are built now (while jing starts up, where it runs),
    for their project and Schematron layers. A file libxml2 refuses gets the well-formedness
    issue the gate's parse would have given, and no other layer: the names of those, whose
    issues from jing are dropped."""
    refused: set[str] = set()
    for parsed, layers in later:
        from . import streamed  # (not imported for tei_all alone: see _unless_streamed)

        # Before tei-all, where it is checked (layers end with it), as the layers run.
        at = len(layers) - 1 if layers[-1] == "tei-all" else len(layers)
        passed = streamed.valid(parsed, edition=kind == "project") if streaming.wanted(parsed.size) else None
        if passed is not None:
            # A file that passes its layers, decided without its whole tree (.streamed); any
            # other file is checked on the whole tree below, for the exact report.
            layers[at:at] = ["project", "schematron"] if passed == "edition" else ["schematron"]
            continue
        try:
            parsed.tree  # noqa: B018  (built here, so that libxml2's verdict is an issue)
        except InputError as exc:
            del layers[1:]
            refused.add(parsed.name)
            report.issues.append(Issue(parsed.name, exc.line, exc.column, "wellformed", exc.message))
            continue
        edition = kind == "project" or wellformed.is_teiedition(parsed.tree)
        layers[at:at] = ["project", "schematron"] if edition else ["schematron"]
        in_process.append((parsed, layers, "edition" if edition else "generic"))
    return refused


def _check_in_process(checks: list[tuple[Parsed, list[str], str | None]],
                      schema: str | None, jing_running: bool = False) -> list[Issue]:
    """The project schema and Schematron rules of each file, or the user's .xsd or .sch."""
    if not checks:
        return []
    # Imported only here: tei_all alone needs neither (lxml's ISO Schematron and these
    # modules are 0.01-0.02 s of every run's start).
    from . import parallel, project, schematron
    issues: list[Issue] = []
    for parsed, layers, what in checks:
        if what == "xsd":
            issues += project.check(parsed, schema, layer="schema")
            continue
        if what == "sch":
            issues += schematron.check(parsed, schema)
            continue
        rules = functools.partial(schematron.check, parsed, phase=None if what == "edition" else "generic")
        if "project" not in layers:
            issues += rules()
            continue
        # The Schematron rules in a child (for a large file, when jing is not already using
        # the other core) while this process checks the grammar: besides jing, the two
        # largest parts of a run (.parallel says when it pays).
        in_child = parallel.start(rules, parsed.size, jing_running=jing_running)
        try:
            issues += project.check(parsed)
        except BaseException:
            in_child.cancel()
            raise
        issues += in_child.result()
    return issues


def _schema_kind(schema: str | None) -> str:
    if schema is None:
        return "default"
    if schema in SCHEMA_CHOICES:
        return schema
    suffix = Path(schema).suffix.lower()
    kinds = {".xsd": "xsd", ".rng": "rng", ".sch": "sch", ".isosch": "sch"}
    if suffix in kinds:
        if not Path(schema).is_file():
            raise InputError(schema, "schema file not found")
        return kinds[suffix]
    raise InputError(schema, "unknown schema: use project, tei-all, or a .xsd, .rng or .sch file")
