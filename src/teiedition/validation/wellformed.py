"""First layers: can the file be read, is it well-formed XML, is it TEI at all."""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable

from lxml import etree

from ..errors import InputError
from ..xmlsafe import LimitError, check_bytes, parse_accepted, read_file
from .locate import Locator
from .report import Issue

TEI_NS = "http://www.tei-c.org/ns/1.0"  # not imported from ..tei, which pulls in the readers (0.1 s)

TEI_ROOTS = ("TEI", "teiCorpus")


class Parsed:
    """A file the gate accepted: its name, its bytes, and libxml2's tree of them.

    The tree may be built on first use: a file only jing reads (tei_all alone, on the jing
    engine) never needs it, and it is the larger part of a run's time and memory besides jing
    (0.65 s of CPU and 575 MB for a 50 MB edition)."""

    def __init__(self, name: str, data: bytes, tree: etree._ElementTree | None = None,
                 locator: Locator | None = None):
        self.name = name
        self.size = len(data)
        self._data: bytes | None = data
        self._kept: int | None = None  # the descriptor of a private copy, once released
        self._copy: str | None = None  # a private copy already written (``keep_copy``)
        self._tree = tree
        self._locator = locator
        self._ids: tuple[list[str], list[str], list[str]] | None = None

    def xml_ids(self) -> list[str]:
        """Every xml:id value in document order (``id_values``)."""
        return self.id_values()[0]

    def id_values(self, check: tuple[frozenset[str], Callable[[etree._Element], int]] | None = None
                  ) -> tuple[list[str], list[str], list[str], int | None]:
        """The values of every xml:id, @target and @corresp (in no namespace), each in document
        order, found in one pass for the project layer's uniqueness check and the Schematron
        rules' pointer check: lxml's walk of the elements, reading their attributes, took
        0.34-0.42 s at 50 MB, three XPath walks (``/descendant::*/@target``...) 0.87 s.
        ``check``: element names (Clark notation) and a test of each such element, giving
        flags; the fourth value is their union over all of them (None where the values were
        gathered before, without the test). ``forget_ids`` drops the values once both layers have run."""
        if self._ids is not None:
            return (*self._ids, None)
        ids: list[str] = []
        targets: list[str] = []
        corresps: list[str] = []
        root = self.tree.getroot()
        # Each element's attributes as one list: 0.1 s less at 50 MB than a lookup per name.
        for element in root.iter("*"):
            for key, value in element.items():
                if key == XML_ID:
                    ids.append(value)
                elif key == "target":
                    targets.append(value)
                elif key == "corresp":
                    corresps.append(value)
        self._ids = ids, targets, corresps
        if check is None:
            return ids, targets, corresps, None
        # lxml's own walk for the names (in C) costs less than reading every element's name.
        names, test = check
        flags = 0
        for element in root.iter(*names):
            flags |= test(element)
        return ids, targets, corresps, flags

    def forget_ids(self) -> None:
        self._ids = None

    @property
    def data(self) -> bytes:
        """Exactly what the gate accepted: what every external validator is given and what
        the locator reads positions from (read back from the private copy once released)."""
        if self._data is None:
            if self._kept is None:
                raise InputError(self.name, "the accepted bytes are gone")  # unreachable
            chunks, offset = [], 0
            while offset < self.size:  # pread: a forked child shares the descriptor, not an offset
                chunk = os.pread(self._kept, min(self.size - offset, 1 << 24), offset)
                if not chunk:
                    raise InputError(self.name, "the private copy of the file was cut short")
                chunks.append(chunk)
                offset += len(chunk)
            self._data = b"".join(chunks)
        return self._data

    def release_data(self) -> None:
        """Keep the bytes in a private temporary file instead of in memory until something
        asks for them again (the locator does only for a file with issues). Called once jing
        has its copy, and for a large file before its tree is built (which is then parsed from
        the copy): the rest of a valid file's run never reads them, and at 50 MB they were 50
        of the 650 MB of the run's peak."""
        if self._data is None or self._locator is not None:
            return
        if self._copy is not None:  # the copy written for jing (``keep_copy``), if still there
            try:
                self._kept = os.open(self._copy, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            except OSError:
                pass
            else:
                self._data = None
                return
        fd, path = tempfile.mkstemp(prefix="teiedition-accepted-")
        try:
            os.unlink(path)  # private: gone from the directory, alive while the descriptor is
            view, offset = memoryview(self._data), 0
            while offset < self.size:
                offset += os.write(fd, view[offset:offset + (1 << 24)])
        except BaseException:
            os.close(fd)
            raise
        self._kept, self._data = fd, None

    def keep_copy(self, path: str | os.PathLike[str]) -> None:
        """``path`` is a private copy of exactly these bytes, just written for jing (in its
        own directory): ``release_data`` opens it instead of writing another (50 MB less to
        write at 50 MB), and the descriptor keeps it readable once jing's directory is gone.
        Opened only then, for a file that is released: a descriptor for every file jing
        checks could run out of them in a run over thousands of files."""
        self._copy = os.fspath(path)

    def __del__(self) -> None:
        kept = getattr(self, "_kept", None)
        if kept is not None:
            os.close(kept)

    def kept_descriptor(self) -> int | None:
        """The descriptor of the private copy, where the bytes are released to it (else None)."""
        return self._kept if self._data is None else None

    def has_tree(self) -> bool:
        return self._tree is not None

    @property
    def tree(self) -> etree._ElementTree:
        if self._tree is None:
            if self._data is None and self._kept is not None and os.path.isdir("/proc/self/fd"):
                self._tree = self._parse_kept()
            else:
                self._tree = parse_accepted(self.data, self.name)
        return self._tree

    def _parse_kept(self) -> etree._ElementTree:
        """libxml2's tree of the released bytes, read from their private copy as it parses:
        the bytes and the tree are never in memory together. At 50 MB that is 48 of the 598
        MB at the run's peak; the parse takes as long (0.69 s)."""
        # A descriptor of its own (its own offset: a forked child may share ours), for the
        # file that ``release_data`` unlinked.
        with open(f"/proc/self/fd/{self._kept}", "rb") as source:
            return parse_accepted(source, self.name)

    @property
    def locator(self) -> Locator:
        if self._locator is None:
            self._locator = Locator(self.tree, self.data)
        return self._locator

    def root_name(self) -> etree.QName:
        """The document element's name, without building the tree when it is not built yet."""
        if self._tree is not None:
            return etree.QName(self._tree.getroot())
        # The gate accepted the bytes: no DTD content, no entity can reach this parser.
        for _, element in etree.iterparse(io.BytesIO(self.data), events=("start",),
                                          resolve_entities=False, no_network=True, huge_tree=True):
            return etree.QName(element)
        raise InputError(self.name, "no document element")  # unreachable after the gate


XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def parse(path: str, name: str | None = None, tree: bool | Callable[[bytes], bool] = True,
          release_from: int | None = None) -> tuple[Parsed | None, list[Issue]]:
    """Read and check ``path`` safely; problems come back as issues, never as exceptions.
    libxml2's tree is built now unless ``tree`` is false or, called with the bytes, says no;
    then on first use (where the rare file expat accepts and libxml2 does not is an
    InputError, exit 2, instead of a well-formedness issue). A file of ``release_from`` bytes
    or more has its bytes released (``Parsed.release_data``) before its tree is built."""
    name = name or path
    try:
        data = read_file(path)
    except InputError as exc:
        return None, [Issue(name, exc.line, exc.column, "input", exc.message)]
    try:
        check_bytes(data, name)
        parsed = Parsed(name, data)
        if tree is True or (callable(tree) and tree(data)):
            if release_from is not None and parsed.size >= release_from:
                del data  # the gate is done with them: only the private copy stays
                parsed.release_data()
            parsed.tree  # noqa: B018  (built here, so that libxml2's verdict is an issue)
    except LimitError as exc:
        # Over a limit, the file was not checked at all: an input error (exit 2), like a
        # file too large to read, not a verdict on its well-formedness.
        return None, [Issue(name, exc.line, exc.column, "input", exc.message)]
    except InputError as exc:
        return None, [Issue(name, exc.line, exc.column, "wellformed", exc.message)]
    return parsed, []


def check_tei(parsed: Parsed) -> list[Issue]:
    """The root must be TEI or teiCorpus in the TEI namespace."""
    qname = parsed.root_name()
    if qname.namespace == TEI_NS and qname.localname in TEI_ROOTS:
        return []
    line, col = parsed.locator.position(parsed.tree.getroot())
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
