"""First layers: can the file be read, is it well-formed XML, is it TEI at all."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..errors import InputError
from ..xmlsafe import LimitError, parse_bytes, read_file
from .locate import Locator
from .report import Issue

TEI_NS = "http://www.tei-c.org/ns/1.0"  # not imported from ..tei, which pulls in the readers (0.1 s)

TEI_ROOTS = ("TEI", "teiCorpus")


@dataclass
class Parsed:
    name: str
    data: bytes  # exactly what the gate accepted: what every external validator is given
    tree: etree._ElementTree
    locator: Locator


def parse(path: str, name: str | None = None) -> tuple[Parsed | None, list[Issue]]:
    """Read and parse ``path`` safely; problems come back as issues, never as exceptions."""
    name = name or path
    try:
        data = read_file(path)
    except InputError as exc:
        return None, [Issue(name, exc.line, exc.column, "input", exc.message)]
    try:
        tree = parse_bytes(data, name)
    except LimitError as exc:
        # Over a limit, the file was not checked at all: an input error (exit 2), like a
        # file too large to read, not a verdict on its well-formedness.
        return None, [Issue(name, exc.line, exc.column, "input", exc.message)]
    except InputError as exc:
        return None, [Issue(name, exc.line, exc.column, "wellformed", exc.message)]
    return Parsed(name, data, tree, Locator(tree, data)), []


def check_tei(parsed: Parsed) -> list[Issue]:
    """The root must be TEI or teiCorpus in the TEI namespace."""
    root = parsed.tree.getroot()
    qname = etree.QName(root)
    if qname.namespace == TEI_NS and qname.localname in TEI_ROOTS:
        return []
    line, col = parsed.locator.position(root)
    if qname.namespace != TEI_NS:
        where = f"namespace '{qname.namespace}'" if qname.namespace else "no namespace"
        return [Issue(parsed.name, line, col, "tei",
                      f"root element '{qname.localname}' is in {where}, not the TEI namespace; "
                      f"declare xmlns=\"{TEI_NS}\" on the root")]
    if qname.localname not in TEI_ROOTS:
        return [Issue(parsed.name, line, col, "tei",
                      f"root element is '{qname.localname}', expected 'TEI' or 'teiCorpus'")]
    return []


def is_teiedition(tree: etree._ElementTree) -> bool:
    """Does the file declare itself a teiedition edition (encodingDesc/appInfo/application)?"""
    return bool(tree.getroot().xpath(
        "boolean(/t:TEI/t:teiHeader/t:encodingDesc/t:appInfo/t:application[@ident='teiedition'])",
        namespaces={"t": TEI_NS}))
