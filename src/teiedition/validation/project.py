"""The project schema layer: schemas/teiedition.xsd (XML Schema 1.1) with xmlschema.

Also runs any other .xsd the user names; such a schema may import only files next to it,
never the network (xmlschema's "sandbox" policy).
"""
from __future__ import annotations

import functools
from pathlib import Path

import xmlschema
from lxml import etree

from ..errors import InputError
from ..xmlsafe import parse_file, read_file
from .report import Issue
from .wellformed import TEI_NS, Parsed

DIV_TYPES = ("chapter", "section", "abstract", "notes", "bibliography", "abbreviations", "trailer")


def schemas_dir() -> Path:
    """The repository's ``schemas/``, reached through the package's ``schemas`` symlink (a real
    directory in an installed wheel)."""
    return Path(__file__).parents[1] / "schemas"


def project_xsd() -> Path:
    return schemas_dir() / "teiedition.xsd"


@functools.cache
def load_xsd(path: str) -> xmlschema.XMLSchemaBase:
    """Compile an XSD once per process (the project schema takes about 0.2 s)."""
    # Through the gate first, like any XML: a DTD, an entity or an XInclude in the schema is
    # refused in one located line (xmlschema's own defusing would refuse entities with a
    # longer message, and does not look for XInclude).
    head = read_file(path)[:4096]
    parse_file(path)
    # XSD 1.1 features (type alternatives) need the 1.1 validator; it also reads 1.0 schemas.
    cls = xmlschema.XMLSchema11 if b"minVersion" in head or b"XMLSchema-versioning" in head \
        else xmlschema.XMLSchema10
    try:
        return cls(path, allow="sandbox", defuse="always")
    except (xmlschema.XMLSchemaException, OSError) as exc:
        raise InputError(path, f"not a usable XML Schema: {_first_line(str(exc))}") from None


def check(parsed: Parsed, xsd: str | Path | None = None, layer: str = "project") -> list[Issue]:
    schema = load_xsd(str(xsd or project_xsd()))
    issues: list[Issue] = []
    seen: set[int] = set()
    # The document is already parsed (safely) in memory; the resource only wraps it, so the
    # schema's sandbox policy, which applies to files, has nothing to guard here.
    resource = xmlschema.XMLResource(parsed.tree, allow="all")
    for error in schema.iter_errors(resource):
        elem = error.elem if isinstance(getattr(error, "elem", None), etree._Element) else None
        # One message per element: a type-alternative failure comes back as several errors
        # about the same element, and only the first one (or our own) helps.
        if elem is not None:
            if id(elem) in seen:
                continue
            seen.add(id(elem))
        line, col = parsed.locator.position(elem) if elem is not None else (None, None)
        issues.append(Issue(parsed.name, line, col, layer, _message(error, elem)))
    return issues


def _message(error, elem: etree._Element | None) -> str:
    reason = (error.reason or _first_line(error.message)).replace(f"{{{TEI_NS}}}", "")
    # An xs:assert says only "assertion test is false"; its documentation says what is wrong.
    documentation = getattr(error.validator, "annotation", None)
    if reason.startswith("assertion test") and documentation is not None and str(documentation).strip():
        reason = " ".join(str(documentation).split())
    if elem is None:
        return reason
    local = etree.QName(elem).localname
    if local == "div" and elem.get("type") not in DIV_TYPES:
        kind = elem.get("type")
        return (f"<div type=\"{kind}\"> is not a division teiedition writes (expected one of "
                f"{', '.join(DIV_TYPES)})" if kind is not None else
                "<div> without @type: teiedition writes every div with a @type")
    return f"<{local}>: {reason}"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
