"""The one place the project parses XML: no DTD loading, no external entities, no network.

Every reader of XML in the project (validation, transforms, packaging) goes through
``parse_file``/``parse_bytes`` so the same settings apply everywhere.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import InputError


def _parser() -> etree.XMLParser:
    # resolve_entities=False keeps entity references unexpanded (no XXE, no billion laughs);
    # load_dtd/no_network stop any fetch; huge_tree=False keeps libxml2's size limits.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def _check_doctype(tree: etree._ElementTree, name: str) -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for decl in dtd.iterentities():
            raise InputError(name, f"entity declaration '{decl.name}' refused: "
                             "teiedition does not expand DTD entities in untrusted XML", 1)
    if tree.docinfo.system_url or tree.docinfo.public_id:
        raise InputError(name, "external DTD reference refused: teiedition never loads DTDs", 1)


def parse_bytes(data: bytes, name: str = "<input>") -> etree._ElementTree:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        raise InputError(name, f"not well-formed XML: {exc.msg}", line, col) from None
    tree = root.getroottree()
    _check_doctype(tree, name)
    return tree


def parse_file(path: str | Path) -> etree._ElementTree:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror}") from None
    return parse_bytes(data, str(path))
