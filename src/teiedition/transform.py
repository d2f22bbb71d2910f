"""Runs the stylesheets in ``xslt/`` with saxonche.

TEI is parsed by :mod:`teiedition.xmlsafe` first and handed to Saxon as a string without
a DOCTYPE, so Saxon never sees an entity or a DTD from an untrusted file.
"""
from __future__ import annotations

import functools
import os
import warnings
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor

from .errors import InputError, TeieditionError
from .ns import TEI_NS
from .xmlsafe import parse_file


class TransformError(TeieditionError):
    """A stylesheet failed (exit 1): a bug in the stylesheet or a TEI it cannot handle."""

    exit_code = 1


class UnknownElementWarning(UserWarning):
    """The TEI has an element the editions have no rule for: its text is kept as plain text.
    Issued once per element name per rendering (common/editorial.xsl, te:warn-unknown)."""


#: The prefix of the stylesheets' xsl:message naming an element without a rule.
_UNKNOWN = "teiedition-unknown-element: "


def xslt_dir() -> Path:
    """The repository's ``xslt/``, reached through the package's ``xslt`` symlink (a real
    directory in an installed wheel)."""
    return Path(__file__).parent / "xslt"


@functools.cache
def _processor() -> PySaxonProcessor:
    # Saxon's optimizer is left at its default. Without loop lifting (optimizationLevel
    # "-l") html.xsl compiles in 0.10 s instead of 0.135, but the process is no faster: the
    # garbage collection of SaxonC's isolate (about 28 ms) that ran inside the compile then
    # runs at the next call (measured: whole-process CPU of test4/test5.xml's page 1.02 of
    # the default's, 15 paired runs).
    return PySaxonProcessor(license=False)


@functools.cache
def _compiled(name: str):
    path = xslt_dir() / name
    if not path.is_file():
        raise TransformError(f"stylesheet not found: {path}")
    xslt = _processor().new_xslt30_processor()
    try:
        return xslt.compile_stylesheet(stylesheet_file=str(path))
    except Exception as exc:  # noqa: BLE001  # saxonche's PySaxonApiError is not exported uniformly
        raise TransformError(f"{path}: stylesheet does not compile: {exc}") from None


#: Root elements of TEI documents the editions render: a TEI, or a teiCorpus of them (which
#: the stylesheets render as one text grouping its documents, common/editorial.xsl).
TEI_ROOTS = (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus")
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def check_tei_root(tree: etree._ElementTree, name: str) -> None:
    """Refuse, as an input error with one line saying what the file is, XML that is not a TEI
    P5 document (the stylesheets would otherwise make an empty or misleading edition): TEI P4
    (root ``TEI.2``), another vocabulary, or a document whose ``xml:id`` values are not unique
    (its links and notes could not be told apart)."""
    root = tree.getroot()
    if root.tag not in TEI_ROOTS:
        qname = etree.QName(root)
        if qname.localname in ("TEI.2", "teiCorpus.2"):
            raise InputError(name, f"a TEI P4 document (root <{qname.localname}>), not TEI P5: convert "
                             "it to P5 first (e.g. the TEI Stylesheets' p4top5.xsl)", root.sourceline)
        where = f"in namespace {qname.namespace}" if qname.namespace else "in no namespace"
        raise InputError(name, f"not a TEI P5 document: the root element is <{qname.localname}> "
                         f"{where}; expected <TEI xmlns=\"{TEI_NS}\">", root.sourceline)
    seen: dict[str, int | None] = {}
    for el in root.iter():
        value = el.get(_XML_ID) if isinstance(el.tag, str) else None
        if value is None:
            continue
        if value in seen:
            first = f" (first on line {seen[value]})" if seen[value] else ""
            raise InputError(name, f"duplicate xml:id {value!r}{first}: every xml:id of a TEI "
                             "document must be unique", el.sourceline)
        seen[value] = el.sourceline


def env_limit(name: str, default: int) -> int:
    """A limit that an environment variable may raise; a value that is not a number is an
    input error naming the variable."""
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(name, f"not a number: {value!r}") from None


def check_text_budget(tree: etree._ElementTree, name: str, edition: str, env: str, default: int,
                      hint: str = "") -> None:
    """Refuse, in one line naming the limit and the variable that raises it, a TEI with more
    characters of text than an edition can be made from in bounded time and memory. Saxon's
    and Typst's costs grow faster than the text; the check costs one pass over the tree."""
    limit = env_limit(env, default)
    chars = sum(len(t) for t in tree.getroot().itertext())
    if chars > limit:
        raise InputError(name, f"too long for {edition}: {chars} characters of text, the limit "
                         f"is {limit} ({hint}set {env} to raise it)")


def tei_string(tei: str | Path | etree._ElementTree) -> str:
    tree = tei if isinstance(tei, etree._ElementTree) else parse_file(tei)
    return etree.tostring(tree.getroot(), encoding="unicode")


class SaxonDocument:
    """A TEI tree handed to Saxon once, for several stylesheets over the same document.

    Saxon's parse of a book's TEI (1 MB) costs about as much as making one of its site
    pages, and a book build runs a dozen stylesheets over it (pages, Typst markup, deposit
    records): they share this one. Saxon's document is immutable, so sharing cannot change
    any result; it belongs to this thread's processor, like the compiled stylesheets."""

    def __init__(self, tei: str | Path | etree._ElementTree) -> None:
        text = tei_string(tei)  # an unreadable or unsafe input is an input error (exit 2), raised here
        try:
            self.node = _processor().parse_xml(xml_text=text)
        except Exception as exc:  # noqa: BLE001  # saxonche's PySaxonApiError, as in _compiled
            raise TransformError(f"Saxon could not read the document: {exc}") from None


#: What a stylesheet runs on: a TEI file, a parsed tree, or a document Saxon already holds.
TeiSource = str | Path | etree._ElementTree | SaxonDocument


def run_xslt(stylesheet: str, tei: TeiSource, params: dict[str, str] | None = None) -> str:
    """Apply ``xslt/<stylesheet>`` to a TEI file or tree and return the serialized result."""
    executable = _compiled(stylesheet)
    proc = _processor()
    executable.clear_parameters()
    # xsl:message is collected, not printed: the stylesheets speak to the reader through
    # warnings (one per unknown element name), never through Saxon's stderr.
    executable.set_save_xsl_message(True)
    executable.clear_xsl_messages()
    for key, value in (params or {}).items():
        executable.set_parameter(key, proc.make_string_value(value))
    # An unreadable or unsafe input is an input error (exit 2), raised by tei_string here.
    text = "" if isinstance(tei, SaxonDocument) else tei_string(tei)
    try:
        node = tei.node if isinstance(tei, SaxonDocument) else proc.parse_xml(xml_text=text)
        result = executable.transform_to_string(xdm_node=node)
    except Exception as exc:  # noqa: BLE001  # saxonche's PySaxonApiError, as above
        raise TransformError(f"{stylesheet}: transformation failed: {exc}") from None
    if result is None:
        raise TransformError(f"{stylesheet}: transformation produced no output")
    _warn_messages(executable.get_xsl_messages())
    return result


def _warn_messages(messages) -> None:
    for i in range(messages.size if messages is not None else 0):
        text = messages.item_at(i).string_value
        if text.startswith(_UNKNOWN):
            name = text[len(_UNKNOWN):]
            warnings.warn(UnknownElementWarning(
                f"<{name}> has no rendering rule in teiedition: its text is kept as plain text"),
                stacklevel=3)


#: Output formats of :func:`render`: name -> (module, function) taking a TEI file or tree and
#: returning the output's bytes. Each output module adds its line here; modules are imported
#: only when their format is asked for, so HTML never loads the PDF toolchain.
RENDERERS: dict[str, tuple[str, str]] = {
    "html": ("teiedition.html", "render_html"),
    "pdf": ("teiedition.pdf", "render_pdf"),
    "typst": ("teiedition.pdf", "render_typst"),
}


def render(tei: str | Path | etree._ElementTree, fmt: str, **options: str) -> bytes:
    """Render a TEI file (or tree) in one of the :data:`RENDERERS` formats.

    ``options`` go to the format's function as keywords (pdf and typst: ``paper``)."""
    import importlib

    if fmt not in RENDERERS:
        raise TeieditionError(f"unknown output format {fmt!r}: choose one of {', '.join(RENDERERS)}")
    module, function = RENDERERS[fmt]
    return getattr(importlib.import_module(module), function)(tei, **options)
