"""The Schematron layer: schemas/teiedition.sch (or a user's .sch) with lxml's ISO Schematron.

lxml compiles Schematron to XSLT 1.0 with the ISO skeleton and runs it with libxslt. It is
the fastest option measured here (0.004 s to compile teiedition.sch, 2 ms for the sample,
2.5 s for a 10 MB file); the cost is XPath 1.0, which the rules are written for. Schemas
with queryBinding xslt2/xslt3 are refused with a message rather than run wrongly.

A user's schema is read through the gate like any XML; ``sch:include``/``sch:extends`` of a
file are refused (the skeleton would read it itself), and a rule's ``document()`` reaches the
gate's resolver, which refuses every external resource: one line, naming the schema.
"""
from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree, isoschematron

from ..errors import InputError
from ..xmlsafe import RefusedResource, parse_file
from .project import schemas_dir
from .report import Issue
from .wellformed import Parsed

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSLT1_BINDINGS = ("", "xslt", "exslt", "xpath")


def project_sch() -> Path:
    return schemas_dir() / "teiedition.sch"


@functools.cache
def load(path: str, phase: str | None = None) -> isoschematron.Schematron:
    """Compile once per process and phase."""
    tree = parse_file(path)
    root = tree.getroot()
    if root.tag != f"{{{SCH_NS}}}schema":
        raise InputError(path, "not an ISO Schematron schema (root must be sch:schema in "
                         f"{SCH_NS})")
    # The ISO skeleton's include step would read the named file itself (relative to the
    # working directory, since the tree is read from bytes): one schema file, as the gate read it.
    for element in root.iter(f"{{{SCH_NS}}}include", f"{{{SCH_NS}}}extends"):
        href = element.get("href")
        if href is not None:
            raise InputError(path, f"Schematron {etree.QName(element).localname} of '{href}' "
                             "refused: teiedition reads one schema file; copy the included "
                             "patterns into it", element.sourceline)
    binding = (root.get("queryBinding") or "").lower()
    if binding not in XSLT1_BINDINGS:
        raise InputError(path, f"queryBinding '{binding}' is not supported: teiedition runs "
                         "Schematron with XPath 1.0 (queryBinding 'xslt' or 'exslt')")
    try:
        return isoschematron.Schematron(tree, store_report=True, phase=phase)
    except (etree.SchematronParseError, etree.XSLTParseError) as exc:
        raise InputError(path, f"Schematron does not compile: {str(exc).splitlines()[0]}") from None


def check(parsed: Parsed, sch: str | Path | None = None, phase: str | None = None) -> list[Issue]:
    path = str(sch or project_sch())
    schematron = load(path, phase)
    try:
        schematron.validate(parsed.tree)
    except RefusedResource as exc:
        raise InputError(path, f"a rule asked for {exc.path}: {exc.message}") from None
    report = schematron.validation_report
    elements: list[etree._Element] | None = None
    issues: list[Issue] = []
    for result in report.getroot().iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
        text = " ".join(result.findtext(f"{SVRL}text", "").split())
        node = None
        at = result.find(f"{SVRL}diagnostic-reference[@diagnostic='at']")
        if at is not None:
            # The 1-based position of the element in document order (see teiedition.sch).
            if elements is None:
                elements = list(parsed.tree.getroot().iter("*"))
            k = int(float(at.xpath("string()").strip() or 0))
            node = elements[k - 1] if 0 < k <= len(elements) else None
        else:
            node = _by_location(parsed.tree, result.get("location", ""))
        line, col = parsed.locator.position(node) if node is not None else (None, None)
        issues.append(Issue(parsed.name, line, col, "schematron", text, result.get("id")))
    return issues


def _by_location(tree: etree._ElementTree, location: str):
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return None
    return found[0] if isinstance(found, list) and found else None
