"""The safe gate for word-processor packages (DOCX, ODT): zip files of XML parts.

A DOCX or ODT is a zip file written by someone else. Before anything reads it, and before
pandoc sees a byte of it:

- the zip is bounded: its member count (from the end record, before the central directory is
  read), the unpacked bytes it declares and really inflates, each member's compression ratio,
  and its member names (``archive.zipsafe.check``: no absolute or ``..`` paths, no links, no
  encrypted members);
- macros are refused (a macro-enabled document is not a chapter text, and nothing here runs
  them, but a user should know the file is not what its name says);
- every XML part is parsed by ``xmlsafe.parse_bytes`` (no DTDs, entities or network, bounded
  size and depth) and serialised again, so the package pandoc reads is made only of bytes
  that lxml wrote from trees the gate accepted;
- external relationships other than hyperlinks (linked images, attached templates, OLE links,
  sub-documents: things a reader might fetch) are removed from the package, and counted;
- media, fonts and embedded objects are left out: the edition keeps the text.

Word-processor furniture is decided here, where the parts are at hand: comments are dropped
and counted, tracked deletions are counted (pandoc accepts the changes: insertions kept,
deletions dropped), and the text of page headers and footers is listed as dropped.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .. import xmlsafe
from ..archive import zipsafe
from ..archive.limits import Limit
from ..errors import InputError
from ..model import Dropped

#: Members of one package. A long book chapter in Word has a few dozen parts; a package with
#: thousands is not a chapter and would cost time to check.
MEMBERS = Limit("package-members", 2_000, "TEIEDITION_MAX_PACKAGE_MEMBERS", "members")
#: Unpacked bytes of one package (declared and really inflated). A 100-page chapter with
#: images is a few MB of XML; media are not read.
BYTES = Limit("package-bytes", 256 * 1024 ** 2, "TEIEDITION_MAX_PACKAGE_BYTES", "bytes")
#: Uncompressed over compressed size of one XML part above 1 MiB (XML compresses about 10:1).
RATIO = Limit("package-ratio", 200, "TEIEDITION_MAX_PACKAGE_RATIO", "to 1")
_RATIO_FLOOR = 1024 ** 2

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Paragraph styles of an ODT that mark a role in the chapter.
_ODT_ROLES = {"title": "title", "subtitle": "subtitle", "author": "author",
              "abstract": "abstract", "quotations": "quote", "quote": "quote"}


@dataclass
class Package:
    """The gate's result: the package pandoc may read, and what the gate dropped."""

    data: bytes
    dropped: list[Dropped] = field(default_factory=list)
    comments: int = 0
    deletions: int = 0
    # ODT paragraphs whose style gives their role (pandoc's ODT reader does not): their
    # whitespace-normalised text and the role (title, subtitle, author, abstract, quote).
    roles: list[tuple[str, str]] = field(default_factory=list)


def _open(data: bytes, name: str) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(name, "not a zip file, so not a DOCX or ODT document")
    buf = io.BytesIO(data)
    # The end record gives the member count before zipfile reads the central directory.
    end = getattr(zipfile, "_EndRecData", None)
    record = end(buf) if end else None
    if record and record[4] > MEMBERS.value:
        raise MEMBERS.refuse(name, f"the document's zip file has {record[4]:,} members")
    try:
        return zipfile.ZipFile(buf)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise InputError(name, f"damaged zip file: {exc}") from None


def _members(zf: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MEMBERS.value:
        raise MEMBERS.refuse(name, f"the document's zip file has {len(infos):,} members")
    declared = sum(m.file_size for m in infos)
    if declared > BYTES.value:
        raise BYTES.refuse(name, f"the document declares {declared:,} unpacked bytes")
    for m in infos:
        if m.file_size > _RATIO_FLOOR and m.file_size > RATIO.value * max(m.compress_size, 1):
            raise RATIO.refuse(name, f"{m.filename!r} inflates {m.file_size // max(m.compress_size, 1):,} to 1")
    # Names, links, encryption and compression methods: the archive package's own checks.
    return {path: m for m, path in zipsafe.check(zf, name) if not m.is_dir()}


def _read(zf: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, budget: list[int]) -> bytes:
    """A member's bytes, never more than declared nor than the package's budget: headers lie."""
    try:
        with zf.open(member) as fh:
            data = fh.read(min(member.file_size, budget[0]) + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(name, f"damaged zip member {member.filename!r}: {exc}") from None
    if len(data) > member.file_size:
        raise InputError(name, f"zip member {member.filename!r} inflates to more than it declares")
    budget[0] -= len(data)
    if budget[0] < 0:
        raise BYTES.refuse(name, "the document inflates to more bytes than it declares")
    return data


def _is_xml(path: str) -> bool:
    return path.endswith((".xml", ".rels")) or path == "[Content_Types].xml"


def _text(elem: etree._Element) -> str:
    return " ".join("".join(elem.itertext()).split())


def check_docx(data: bytes, name: str) -> Package:
    return _check(data, name, "docx")


def check_odt(data: bytes, name: str) -> Package:
    return _check(data, name, "odt")


def _check(data: bytes, name: str, kind: str) -> Package:
    if len(data) > BYTES.value:
        raise BYTES.refuse(name, f"the document is {len(data):,} bytes")
    zf = _open(data, name)
    with zf:
        members = _members(zf, name)
        _refuse_macros(members, name, kind)
        budget = [BYTES.value]
        trees: dict[str, etree._ElementTree] = {}
        raw: dict[str, bytes] = {}
        for path in sorted(members):
            if _is_xml(path) and members[path].file_size == 0:
                # An empty part (LibreOffice writes some) holds nothing to read or pass on.
                continue
            if _is_xml(path):
                trees[path] = xmlsafe.parse_bytes(_read(zf, members[path], name, budget),
                                                  f"{name}!{path}")
            elif kind == "odt" and path == "mimetype":
                raw[path] = _read(zf, members[path], name, budget)
    pkg = Package(b"")
    if kind == "docx":
        if "word/document.xml" not in trees:
            raise InputError(name, "not a Word document: the package has no word/document.xml")
        _docx_furniture(trees, pkg)
    else:
        if raw.get("mimetype", b"").strip() != ODT_MIMETYPE or "content.xml" not in trees:
            found = raw.get("mimetype", b"").decode("ascii", "replace").strip() or "none"
            raise InputError(name, f"not an OpenDocument text: its mimetype is {found!r}, not "
                             f"{ODT_MIMETYPE.decode()!r}")
        _odt_furniture(trees, pkg)
    for path, tree in trees.items():
        if path.endswith(".rels"):
            _drop_external(tree, pkg)
    pkg.data = _zip(trees, raw)
    return pkg


def _refuse_macros(members: dict[str, zipfile.ZipInfo], name: str, kind: str) -> None:
    if kind == "docx":
        macros = [p for p in members if p.lower().endswith(("vbaproject.bin", "vbadata.xml"))]
    else:
        macros = [p for p in members if p.startswith(("Basic/", "Scripts/"))
                  and not p.endswith("manifest.xml")]
    if macros:
        raise InputError(name, f"the document contains macros ({macros[0]}): save it without "
                         "macros (as a plain .docx or .odt) and convert that")


def _docx_furniture(trees: dict[str, etree._ElementTree], pkg: Package) -> None:
    comments = trees.get("word/comments.xml")
    if comments is not None:
        pkg.comments = len(comments.getroot().findall(f"{{{W}}}comment"))
    for _ in range(pkg.comments):
        pkg.dropped.append(Dropped(0, "comment", "comment of the word processor, not part of "
                                   "the text"))
    for path in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        tree = trees.get(path)
        if tree is None:
            continue
        for tag in ("del", "moveFrom"):
            for elem in tree.getroot().iter(f"{{{W}}}{tag}"):
                # A deletion's text is in w:delText; a run of formatting changes has none.
                if "".join(t.text or "" for t in elem.iter(f"{{{W}}}delText", f"{{{W}}}t")).strip():
                    pkg.deletions += 1
    for _ in range(pkg.deletions):
        pkg.dropped.append(Dropped(0, "tracked deletion", "change tracked by the word "
                                   "processor, accepted: the deleted text is left out"))
    for path in sorted(trees):
        base = path.rsplit("/", 1)[-1]
        if path.startswith("word/") and base.startswith(("header", "footer")):
            text = _text(trees[path].getroot())
            if text:
                what = "header" if base.startswith("header") else "footer"
                pkg.dropped.append(Dropped(0, text, f"page {what} of the word processor"))


def _odt_furniture(trees: dict[str, etree._ElementTree], pkg: Package) -> None:
    content = trees["content.xml"].getroot()
    pkg.comments = sum(1 for _ in content.iter(f"{{{OFFICE}}}annotation"))
    for _ in range(pkg.comments):
        pkg.dropped.append(Dropped(0, "comment", "comment of the word processor, not part of "
                                   "the text"))
    pkg.deletions = sum(1 for _ in content.iter(f"{{{TEXT}}}deletion"))
    for _ in range(pkg.deletions):
        pkg.dropped.append(Dropped(0, "tracked deletion", "change tracked by the word "
                                   "processor, accepted: the deleted text is left out"))
    # Automatic styles ("P3") stand for a named style ("Title") with local changes.
    parents = {st.get(f"{{{STYLE}}}name"): st.get(f"{{{STYLE}}}parent-style-name")
               for st in content.iter(f"{{{STYLE}}}style")}
    for para in content.iter(f"{{{TEXT}}}p"):
        name = para.get(f"{{{TEXT}}}style-name") or ""
        role = _ODT_ROLES.get((parents.get(name) or name).replace("_20_", " ").lower())
        text = _text(para)
        if role and text:
            pkg.roles.append((text, role))
    styles = trees.get("styles.xml")
    if styles is not None:
        for tag in ("header", "footer", "header-left", "footer-left", "header-first",
                    "footer-first"):
            for elem in styles.getroot().iter(f"{{{STYLE}}}{tag}"):
                text = _text(elem)
                if text:
                    what = "header" if tag.startswith("header") else "footer"
                    pkg.dropped.append(Dropped(0, text, f"page {what} of the word processor"))


def _drop_external(tree: etree._ElementTree, pkg: Package) -> None:
    """Remove external relationships that a reader could follow; a hyperlink's target is only
    text (written as ref/@target) and stays."""
    root = tree.getroot()
    for rel in list(root.iter(f"{{{REL}}}Relationship")):
        if rel.get("TargetMode") == "External" and rel.get("Type") != HYPERLINK:
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1] or "unknown"
            pkg.dropped.append(Dropped(0, f"external {kind}", "external relationship of the "
                                       "document, not followed"))
            parent = rel.getparent()
            if parent is not None:
                parent.remove(rel)


def _zip(trees: dict[str, etree._ElementTree], raw: dict[str, bytes]) -> bytes:
    """The sanitised package: fixed member order and dates, so the same input gives the same
    bytes (and the same pandoc output)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(raw):  # an ODT's mimetype comes first, stored
            zf.writestr(zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0)), raw[path])
        for path in sorted(trees):
            info = zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, etree.tostring(trees[path], xml_declaration=True,
                                             encoding="UTF-8", standalone=True))
    return out.getvalue()
