"""The one gate every XML file passes before anything in the project (or any tool it runs) reads it.

Every reader of XML in the project (validation, transforms, packaging) goes through
``read_file``/``parse_bytes``/``parse_file``, and every external tool (jing) is given the bytes
this gate accepted, never the user's path: a file replaced after the check cannot reach it.

How it works. ``check_bytes`` runs expat over the whole document as a stream of parser events
(not a text scan: comments, padding, ``]>`` inside a comment, UTF-16 or another declared
encoding cannot hide anything from a real lexer), with parameter-entity parsing off, so expat
itself never opens anything. Only when it accepts does libxml2 build the tree, with DTD loading,
entity substitution and network off and a resolver that refuses every external load (a second
line of defence: libxml2 *does* open external parameter entities from the internal subset under
``load_dtd=False``, so an accepted file must never contain one, and must never need the loader).

What is refused, each as one line naming file, line and column:

* a DOCTYPE with an external identifier (SYSTEM/PUBLIC): jing or Saxon would load it;
* any entity declaration, general or parameter, internal or external (external ones read files
  or the network, internal ones build expansion bombs; a TEI edition needs neither);
* any ATTLIST, ELEMENT or NOTATION declaration and any parameter-entity reference: other tools
  would apply defaults from them, so jing would validate a different document from the one
  rendered. A bare ``<!DOCTYPE TEI>`` (or one whose subset holds only comments) is accepted;
* any element in the XInclude namespace, whatever its prefix: a processor would read the file
  or URL it names. Resolve includes first (``xmllint --xinclude``);
* files over the size limit (read at most limit + 1 bytes), and special files (FIFOs, devices,
  directories) before they are opened for reading;
* documents beyond the structural limits below, which bound the time and memory of every
  later step (a tree is only built for a document within them).

Measured (``bench/xmlgate.py``): 0.3 s of CPU for a 10 MB TEI file (libxml2 then takes 0.16 s),
linear in size, memory constant.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NoReturn, TypedDict
from xml.parsers import expat

from lxml import etree

from .errors import InputError

XI_NS = "http://www.w3.org/2001/XInclude"
#: XInclude's namespace and the draft one libxml2 also processes.
XI_NAMESPACES = (XI_NS, "http://www.w3.org/2003/XInclude")
_XINCLUDE = "http://www.w3.org/200"  # the prefix both share: a cheap test on every element

#: Largest XML input accepted, in bytes. A whole edition is a few hundred KB; 64 MB leaves room
#: for big corpora while keeping the parsed tree (several times the file size) far from exhausting memory.
#: ``TEIEDITION_MAX_XML_BYTES`` overrides it.
MAX_BYTES = 64 * 1024 * 1024

# Saxon (saxonche, which makes the HTML and the PDF) refuses, in its own multi-line error,
# elements deeper than 100, more than 200 attributes on one element (namespace declarations
# count) and names longer than 1000 characters (JDK's jdk.xml.* limits, measured). The gate's
# defaults are those values, so the gate refuses first, in one line.
SAXON_DEPTH = 100
SAXON_ATTRIBUTES_PER_ELEMENT = 200
SAXON_NAME = 1000


@dataclass(frozen=True)
class Limit:
    """One of the gate's limits: its default, the variable that overrides it, what it counts,
    and what else holds the user back from raising it."""

    key: str
    env: str
    default: int
    what: str
    note: str = ""


# Defaults admit real editions with room to spare: a 10 MB edition made by bench/validation.py
# has 198,000 elements and 342,000 attributes, so a 60 MB one about 1.2 and 2.1 million; TEI
# nests about 10-20 deep; a paragraph is a few KB (libxml2's own cap on a text node is 10 MB).
LIMITS = {spec.key: spec for spec in (
    Limit("bytes", "TEIEDITION_MAX_XML_BYTES", MAX_BYTES, "bytes in a file"),
    Limit("elements", "TEIEDITION_MAX_XML_ELEMENTS", 4_000_000, "elements in a document"),
    Limit("attributes", "TEIEDITION_MAX_XML_ATTRIBUTES", 8_000_000, "attributes in a document"),
    Limit("attributes_per_element", "TEIEDITION_MAX_XML_ATTRIBUTES_PER_ELEMENT",
          SAXON_ATTRIBUTES_PER_ELEMENT, "attributes and namespace declarations on one element",
          f"; Saxon, which makes the HTML and PDF, refuses more than {SAXON_ATTRIBUTES_PER_ELEMENT}"),
    Limit("depth", "TEIEDITION_MAX_XML_DEPTH", SAXON_DEPTH, "levels of element nesting",
          f"; Saxon, which makes the HTML and PDF, refuses more than {SAXON_DEPTH}"),
    Limit("nesting", "TEIEDITION_MAX_XML_NESTING", 32,
          "levels of an element nested inside elements of the same name (such as hi in hi)",
          "; the PDF fails beyond 64 levels of inline markup"),
    Limit("text", "TEIEDITION_MAX_XML_TEXT", 10_000_000,
          "characters in one text node or attribute value"),
    Limit("name", "TEIEDITION_MAX_XML_NAME", SAXON_NAME, "characters in an element or attribute name",
          f"; Saxon, which makes the HTML and PDF, refuses more than {SAXON_NAME}"),
)}


def limit(key: str) -> int:
    """The value of one limit: its environment variable if set, else its default."""
    spec = LIMITS[key]
    value = os.environ.get(spec.env, "").strip()
    if not value:
        return spec.default
    if not value.isdigit() or int(value) == 0:
        raise InputError(spec.env, f"must be a positive whole number (the limit on {spec.what}), "
                         f"not {value!r}")
    return int(value)


def max_bytes() -> int:
    return limit("bytes")


def _over(key: str, found: str) -> str:
    """The one-line refusal for a limit: what was found, the limit, and how to raise it."""
    spec = LIMITS[key]
    return (f"{found}: over the limit of {limit(key)} {spec.what} "
            f"(set {spec.env} to raise it{spec.note})")


class _Refusal(Exception):
    """Raised inside an expat handler, placed at the event it refuses; expat stops and
    ``Parse`` re-raises it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.line: int | None = None
        self.column: int | None = None


class _LimitRefusal(_Refusal):
    """A structural limit was exceeded (the document may be fine, only too big to accept)."""


class LimitError(InputError):
    """A file over one of the gate's limits: an input error (exit 2) in every command,
    ``validate`` included, because the file was not checked at all."""


class _UnknownEncoding(Exception):
    pass


class _Malformed(Exception):
    """expat's syntax error, and whether expat had read past the prolog when it stopped."""

    def __init__(self, error: expat.ExpatError, past_prolog: bool):
        super().__init__(str(error))
        self.error = error
        self.past_prolog = past_prolog


@dataclass
class _Limits:
    elements: int
    attributes: int
    per_element: int
    depth: int
    nesting: int
    text: int
    name: int

    @classmethod
    def current(cls) -> _Limits:
        return cls(limit("elements"), limit("attributes"), limit("attributes_per_element"),
                   limit("depth"), limit("nesting"), limit("text"), limit("name"))


class _Gate:
    """The expat handlers. Hot paths (start, end, text) do integer arithmetic only; the rare
    cases (long names, many attributes) are measured exactly only when a cheap bound trips."""

    __slots__ = ("attribute_bound", "attributes", "depth", "elements", "limits", "mark",
                 "namespaces", "p", "same", "text")

    def __init__(self, parser: expat.XMLParserType, limits: _Limits):
        self.p = parser
        self.limits = limits
        self.elements = 0
        self.attributes = 0
        self.depth = 0
        self.text = 0
        self.namespaces = 0
        self.same: dict[str, int] = {}
        self.attribute_bound = min(limits.text, limits.name)
        self.mark = (1, 0)  # where the last prolog event ended (line, 0-based column)

    def _here(self, refusal: _Refusal) -> _Refusal:
        """The refusal, placed where expat is now: the start of the event being handled (once
        ``Parse`` gives up, expat's position has moved on to the end of the tag)."""
        refusal.line, refusal.column = self.p.CurrentLineNumber, self.p.CurrentColumnNumber + 1
        return refusal

    def _refuse(self, message: str) -> NoReturn:
        raise self._here(_Refusal(message))

    def _over(self, key: str, found: str) -> NoReturn:
        raise self._here(_LimitRefusal(_over(key, found)))

    # --- the prolog and the DTD: nothing in it may have an effect ---------------------------

    def doctype(self, name: str, system_id: str | None, public_id: str | None, internal: int) -> None:
        if system_id is not None or public_id is not None:
            self._declaration(f"external DTD reference refused: the DOCTYPE names "
                              f"{system_id or public_id}; teiedition never loads DTDs and no tool "
                              "it runs may; remove the SYSTEM/PUBLIC identifier from the DOCTYPE")
        # expat is at the '[' that opens the internal subset: a declaration right after it
        # starts one character on.
        self.mark = (self.p.CurrentLineNumber, self.p.CurrentColumnNumber + bool(internal))

    def prolog(self, data: str) -> None:
        """Everything before the root that no other handler takes (the XML declaration,
        whitespace, comments, and in the internal subset all but declarations) comes here, so
        the end of the last one is where a refused declaration starts: expat reports a
        declaration only at its end."""
        if data.startswith("%"):
            self._refuse(f"parameter entity reference '{data}' refused: teiedition never reads "
                         "DTD content, and other tools would; remove it from the DOCTYPE")
        line, column = self.p.CurrentLineNumber, self.p.CurrentColumnNumber
        newlines = data.count("\n")
        self.mark = ((line + newlines, len(data) - data.rfind("\n") - 1) if newlines
                     else (line, column + len(data)))

    def _declaration(self, message: str) -> NoReturn:
        refusal = _Refusal(message)
        refusal.line, refusal.column = self.mark[0], self.mark[1] + 1
        raise refusal

    def entity(self, name: str, is_parameter: int, value: str | None, base: str | None,
               system_id: str | None, public_id: str | None, notation: str | None) -> None:
        kind = "parameter entity" if is_parameter else "entity"
        if system_id is not None:
            self._declaration(f"external {kind} '{name}' pointing at {system_id} refused: "
                              "teiedition never reads files or the network named inside a document")
        self._declaration(f"{kind} declaration '{name}' refused: teiedition does not expand DTD "
                          "entities (entity-expansion bombs such as billion laughs are built "
                          "from them); write the text or the Unicode character instead")

    def attlist(self, element: str, attribute: str, kind: str, default: str | None,
                required: int) -> None:
        self._declaration(f"DTD declarations in the internal subset refused: <!ATTLIST {element} "
                          f"{attribute} ...> would give attributes to other tools (jing) that "
                          "teiedition does not see; remove the [...] part of the DOCTYPE")

    def element_decl(self, name: str, model: object) -> None:
        self._declaration(f"DTD declarations in the internal subset refused: <!ELEMENT {name} "
                          "...>; remove the [...] part of the DOCTYPE")

    def notation(self, name: str, base: str | None, system_id: str | None,
                 public_id: str | None) -> None:
        self._declaration(f"DTD declarations in the internal subset refused: <!NOTATION {name} "
                          "...>; remove the [...] part of the DOCTYPE")

    def external_entity(self, context: str, base: str | None, system_id: str | None,
                        public_id: str | None) -> int:
        # Unreachable while every entity declaration is refused; kept so expat can never load one.
        self._refuse(f"external entity {system_id} refused: teiedition never reads files or "
                     "the network named inside a document")

    def skipped(self, name: str, is_parameter: int) -> None:
        sigil = "%" if is_parameter else "&"
        self._refuse(f"entity reference '{sigil}{name};' refused: it is declared nowhere "
                     "teiedition reads; write the text or the Unicode character instead")

    # --- the document ------------------------------------------------------------------------

    def namespace(self, prefix: str | None, uri: str) -> None:
        # Declarations are reported before the start tag that holds them; Saxon counts them
        # as attributes of that element.
        self.namespaces += 1

    def start(self, name: str, attrs: list[str]) -> None:
        # The fast path counts and compares; which limit tripped is worked out only when one did.
        limits = self.limits
        self.elements += 1
        count = (len(attrs) >> 1) + self.namespaces
        self.namespaces = 0
        self.attributes += count
        self.depth += 1
        same = self.same.get(name, 0) + 1
        self.same[name] = same
        self.text = 0
        if (self.elements == 1 or self.elements > limits.elements or count > limits.per_element
                or self.attributes > limits.attributes or self.depth > limits.depth
                or same > limits.nesting or len(name) > limits.name or name.startswith(_XINCLUDE)
                # one C-level join bounds every attribute name and value at once
                or (attrs and len("".join(attrs)) > self.attribute_bound)):
            self._start_closely(name, attrs, count, same)

    def _start_closely(self, name: str, attrs: list[str], count: int, same: int) -> None:
        limits = self.limits
        if self.elements == 1:
            self.p.DefaultHandler = None  # the prolog is over; no cost per event from here on
        if self.elements > limits.elements:
            self._over("elements", f"element number {self.elements}")
        if count > limits.per_element:
            self._over("attributes_per_element", f"<{_qname(name)}> with {count} attributes")
        if self.attributes > limits.attributes:
            self._over("attributes", f"attribute number {self.attributes}")
        self._check_attributes(name, attrs)
        if len(_qname(name)) > limits.name:
            self._over("name", f"an element name of {len(_qname(name))} characters")
        if self.depth > limits.depth:
            self._over("depth", f"<{_qname(name)}> at depth {self.depth}")
        if same > limits.nesting:
            self._over("nesting", f"<{_qname(name)}> nested {same} levels inside <{_qname(name)}>")
        if name.startswith(_XINCLUDE):
            self._xinclude(name, attrs)

    def _check_attributes(self, element: str, attrs: list[str]) -> None:
        for attribute, value in zip(attrs[::2], attrs[1::2], strict=True):
            if len(value) > self.limits.text:
                self._over("text", f"attribute {_qname(attribute)} of <{_qname(element)}> with "
                           f"{len(value)} characters")
            if len(attribute) > self.limits.name and len(_qname(attribute)) > self.limits.name:
                self._over("name", f"an attribute name of {len(_qname(attribute))} characters")

    def _xinclude(self, name: str, attrs: list[str]) -> None:
        if name.split(" ")[0] not in XI_NAMESPACES:
            return  # a namespace that merely starts like XInclude's
        href = attrs[attrs.index("href") + 1] if "href" in attrs[::2] else ""
        self._refuse(f"XInclude refused: <{_qname(name)} href=\"{href}\"> would make a tool read "
                     "another file or URL; resolve includes first, e.g. "
                     "xmllint --xinclude IN.xml > OUT.xml")

    def end(self, name: str) -> None:
        self.depth -= 1
        self.same[name] -= 1
        self.text = 0

    def characters(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.text:
            self._over("text", f"a text node of more than {self.limits.text} characters")


def _qname(name: str) -> str:
    """expat's namespaced name 'uri local prefix' (or 'uri local', or 'local') as prefix:local."""
    parts = name.split(" ")
    if len(parts) == 3:
        return f"{parts[2]}:{parts[1]}"
    return parts[-1]


# Declared encodings expat does not know itself (it knows UTF-8, UTF-16, ISO-8859-1, US-ASCII
# and, through Python, single-byte code pages) are decoded by Python first; the declaration
# must then be at the very start of the file, where both parsers read it.
_XML_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']")


def check_bytes(data: bytes, name: str = "<input>") -> None:
    """Refuse ``data`` (one line: file, line, column, cause) unless it is a document every
    tool may read: no DTD content, no entity, no XInclude, within the limits."""
    limit_bytes = max_bytes()
    if len(data) > limit_bytes:
        raise LimitError(name, _over("bytes", f"file too large: {len(data)} bytes"))
    limits = _Limits.current()
    try:
        _run_expat(data, limits)
    except _Refusal as refusal:
        error = LimitError if isinstance(refusal, _LimitRefusal) else InputError
        raise error(name, refusal.message, refusal.line, refusal.column) from None
    except _UnknownEncoding:
        _check_decoded(data, name, limits)
    except _Malformed as exc:
        if exc.error.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            _check_decoded(data, name, limits)
            return
        _not_wellformed(data, name, exc)


def _run_expat(data: bytes | str, limits: _Limits) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    # Never read the external DTD subset or an external parameter entity, and never call the
    # external entity handler for the DTD: expat opens nothing on its own in any case, this
    # makes it report what it skips instead.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.namespace_prefixes = True
    parser.ordered_attributes = True
    # Text arrives in one call per text node up to 1 MB, not one per line.
    parser.buffer_text = True
    parser.buffer_size = 1 << 20
    gate = _Gate(parser, limits)
    parser.DefaultHandler = gate.prolog
    parser.StartDoctypeDeclHandler = gate.doctype
    parser.EntityDeclHandler = gate.entity
    parser.AttlistDeclHandler = gate.attlist
    parser.ElementDeclHandler = gate.element_decl
    parser.NotationDeclHandler = gate.notation
    parser.ExternalEntityRefHandler = gate.external_entity
    parser.SkippedEntityHandler = gate.skipped
    parser.StartNamespaceDeclHandler = gate.namespace
    parser.StartElementHandler = gate.start
    parser.EndElementHandler = gate.end
    parser.CharacterDataHandler = gate.characters
    try:
        parser.Parse(data, True)
    except _Refusal:
        raise  # placed by the handler that refused (expat columns are 0-based characters)
    except expat.ExpatError as exc:
        raise _Malformed(exc, gate.elements > 0) from None
    except ValueError as exc:
        # pyexpat's answer to a declared multi-byte encoding it cannot decode (Shift_JIS, GB2312):
        # treated like expat's own "unknown encoding", so Python decodes the text instead.
        raise _UnknownEncoding(str(exc)) from None


def _check_decoded(data: bytes, name: str, limits: _Limits) -> None:
    m = _XML_DECL_ENCODING.match(data)
    encoding = m.group(1).decode("ascii") if m else "?"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read the declared encoding {encoding!r}: {exc}", 1, 1) from None
    try:
        # A str is parsed as UTF-8 whatever its declaration says: the text Python decoded.
        _run_expat(text, limits)
    except _Refusal as refusal:
        error = LimitError if isinstance(refusal, _LimitRefusal) else InputError
        raise error(name, refusal.message, refusal.line, refusal.column) from None
    except _Malformed as exc:
        _not_wellformed(data, name, exc)
    except _UnknownEncoding as exc:
        raise InputError(name, f"cannot read the declared encoding {encoding!r}: {exc}", 1, 1) from None


def _not_wellformed(data: bytes, name: str, exc: _Malformed) -> NoReturn:
    """A syntax error. libxml2's message is the more helpful one ("Opening and ending tag
    mismatch: hi line 13 and p"); it is asked for only when expat had read past the prolog
    (the DOCTYPE, if any, was accepted, so libxml2 has no DTD to act on) and is used only if
    libxml2 refuses the file too; otherwise expat's message stands."""
    error = exc.error
    message = expat.errors.messages[error.code] if error.code else str(error)
    line, column = error.lineno, error.offset + 1
    if exc.past_prolog:
        try:
            etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as lx:
            if lx.position and lx.position[0]:
                line, column = lx.position
                message = re.sub(r",? line \d+, column \d+$", "", lx.msg or str(lx))
        except (ValueError, RefusedResource):
            pass
    raise InputError(name, f"not well-formed XML: {message}", line, column)


class RefusedResource(InputError):
    """libxml2 or libxslt asked for an external resource (a DTD, an entity, a stylesheet's or
    a Schematron rule's ``document()``): refused, as an input error naming it."""

    def __init__(self, url: str):
        super().__init__(url, "external resource refused: teiedition never reads files or the "
                         "network named inside a document or a schema")


class _DenyAll(etree.Resolver):
    """Every parser made here (and every XSLT run on its trees) asks this for any external
    resource; the answer is always no."""

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> NoReturn:
        raise RefusedResource(str(system_url))


# resolve_entities=False keeps entity references unexpanded; load_dtd/no_network stop
# fetches and the resolver refuses anything libxml2 would still open (it opens external
# parameter entities of the internal subset under load_dtd=False). huge_tree: the gate
# has already enforced the depth, text and name limits, which the user may raise past
# libxml2's own defaults. collect_ids=False: a duplicate xml:id is a validity problem
# for the validation layers to report with the rule that names it, not a parse failure.
class _Options(TypedDict):
    collect_ids: bool
    resolve_entities: bool
    load_dtd: bool
    dtd_validation: bool
    no_network: bool
    huge_tree: bool
    remove_blank_text: bool


_PARSER_OPTIONS: _Options = {"collect_ids": False, "resolve_entities": False, "load_dtd": False,
                   "dtd_validation": False, "no_network": True, "huge_tree": True,
                   "remove_blank_text": False}


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    parser.resolvers.add(_DenyAll())
    return parser


def pull_parser(tag: tuple[str, ...]) -> etree.XMLPullParser:
    """libxml2's pull parser with the gate's options and resolver, for bytes the gate has
    accepted and a caller that reads them piece by piece (validation.streamed); the tree it
    ends with is checked by ``check_parsed_dtd`` as ``parse_accepted`` checks its own."""
    # Start and end events only, for the elements named in ``tag``.
    parser = etree.XMLPullParser(events=("start", "end"), tag=tag, **_PARSER_OPTIONS)
    parser.resolvers.add(_DenyAll())
    return parser


def check_parsed_dtd(tree: etree._ElementTree, name: str) -> None:
    """Defence in depth: what libxml2 saw must agree with what expat accepted."""
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for decl in dtd.iterentities():
            raise InputError(name, f"entity declaration '{decl.name}' refused: teiedition does "
                             "not expand DTD entities in untrusted XML")
        for element in dtd.iterelements():
            raise InputError(name, f"DTD declaration for <{element.name}> refused")
    if tree.docinfo.system_url or tree.docinfo.public_id:
        raise InputError(name, "external DTD reference refused: teiedition never loads DTDs")


def parse_bytes(data: bytes, name: str = "<input>") -> etree._ElementTree:
    """The tree of ``data``, after the gate (``check_bytes``) accepted it."""
    check_bytes(data, name)
    return parse_accepted(data, name)


def parse_accepted(data: bytes | BinaryIO, name: str = "<input>") -> etree._ElementTree:
    """The tree of ``data`` that ``check_bytes`` has already accepted: for a caller that
    needs the gate's verdict now and the tree only perhaps (validation with jing alone).
    ``data`` may be an open binary file of exactly those bytes (a private copy): libxml2
    then reads it as it parses, and the bytes and the tree are never in memory together."""
    try:
        if isinstance(data, bytes):
            tree = etree.fromstring(data, _parser()).getroottree()
        else:
            tree = etree.parse(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        # libxml2 repeats the position at the end of its message; it is already in front.
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg or str(exc))
        raise InputError(name, f"not well-formed XML: {message}", line, col) from None
    except RefusedResource as exc:
        raise InputError(name, f"{exc.path}: {exc.message}") from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise InputError(name, f"cannot parse: {exc}") from None
    check_parsed_dtd(tree, name)
    return tree


def read_file(path: str | Path) -> bytes:
    """The bytes of ``path``: a regular file, read up to the size limit and no further.

    A FIFO or a device is refused before it is opened (opening a FIFO blocks; reading
    /dev/zero never ends); the file is opened non-blocking and checked again, in case it was
    swapped after the first look; and at most limit + 1 bytes are read, whatever the file
    system says its size is."""
    path = Path(path)
    name = str(path)
    cap = max_bytes()
    try:
        st = os.stat(path)
        _require_regular(name, st.st_mode)
        if st.st_size > cap:
            # Checked before reading so that a huge file costs nothing but a stat().
            raise LimitError(name, _over("bytes", f"file too large: {st.st_size} bytes"))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as fh:
            _require_regular(name, os.fstat(fh.fileno()).st_mode)
            data = fh.read(cap + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror}") from None
    if len(data) > cap:
        raise LimitError(name, _over("bytes", f"file too large: more than {cap} bytes"))
    return data


def _require_regular(name: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    raise InputError(name, f"refused: {kind}; teiedition reads XML only from regular files")


def parse_file(path: str | Path) -> etree._ElementTree:
    return parse_bytes(read_file(path), str(path))
