"""Runs the stylesheets in ``xslt/`` with saxonche.

TEI is parsed by :mod:`teiedition.xmlsafe` first and handed to Saxon as a string without
a DOCTYPE, so Saxon never sees an entity or a DTD from an untrusted file.
"""
from __future__ import annotations

import functools
import warnings
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor

from .errors import InputError, TeieditionError
from .tei import TEI_NS
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
    return PySaxonProcessor(license=False)


@functools.cache
def _compiled(name: str):
    path = xslt_dir() / name
    if not path.is_file():
        raise TransformError(f"stylesheet not found: {path}")
    xslt = _processor().new_xslt30_processor()
    try:
        return xslt.compile_stylesheet(stylesheet_file=str(path))
    except Exception as exc:  # saxonche raises PySaxonApiError, not exported uniformly
        raise TransformError(f"{path}: stylesheet does not compile: {exc}") from None


def check_tei_root(tree: etree._ElementTree, name: str) -> None:
    """Refuse, as an input error, XML that is not a TEI P5 document: the stylesheets would
    otherwise turn it into an empty or misleading edition."""
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        qname = etree.QName(root)
        where = f"in namespace {qname.namespace}" if qname.namespace else "in no namespace"
        raise InputError(name, f"not a TEI P5 document: the root element is <{qname.localname}> "
                         f"{where}; expected <TEI xmlns=\"{TEI_NS}\">", root.sourceline)


def tei_string(tei: str | Path | etree._ElementTree) -> str:
    tree = tei if isinstance(tei, etree._ElementTree) else parse_file(tei)
    return etree.tostring(tree.getroot(), encoding="unicode")


def run_xslt(stylesheet: str, tei: str | Path | etree._ElementTree,
             params: dict[str, str] | None = None) -> str:
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
    text = tei_string(tei)  # an unreadable or unsafe input is an input error (exit 2), raised here
    try:
        node = proc.parse_xml(xml_text=text)
        result = executable.transform_to_string(xdm_node=node)
    except Exception as exc:
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
