"""The project schema layer: schemas/teiedition.xsd (XML Schema 1.1).

The verdict comes at C speed from libxml2 (lxml) with teiedition.rng, the RELAX NG form
derived from the XSD (``python -m teiedition.validation.derive``), plus the XSD's assertions
as XPath 1.0 (``ASSERTS``), the patterns the grammar leaves out (``PATTERNS``) and xml:id
uniqueness. Only a file that fails is then run through xmlschema (pure Python, about 1.3 s
and 50 MB per MB), for its precise messages: a valid file never pays for it. Tests check
that both give the same verdict on every fixture and on hundreds of mutants of the valid
editions.

Also runs any other .xsd the user names with xmlschema; such a schema may import only files
next to it, never the network (xmlschema's "sandbox" policy).
"""
from __future__ import annotations

import functools
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import InputError
from ..xmlsafe import parse_file, read_file
from .report import Issue
from .wellformed import TEI_NS, Parsed

if TYPE_CHECKING:
    import xmlschema



def _number(x: str) -> str:
    """XPath 1.0: ``x`` is a number from 1 up, without leading zeros ([1-9][0-9]*)."""
    return f"({x} != '' and translate({x}, '0123456789', '') = '' and not(starts-with({x}, '0')))"


# '^#(ch[1-9][0-9]*-)?n[1-9][0-9]*$' in XPath 1.0 on the collapsed @target (EXSLT re:test
# would call Python once per note call).
_AFTER_HASH = "substring(normalize-space(@target), 2)"
_CHAPTER = f"substring-before(substring({_AFTER_HASH}, 3), '-n')"
_NOTE = f"substring-after({_AFTER_HASH}, '-n')"
_NOTE_POINTER = (
    f"starts-with(normalize-space(@target), '#') and ("
    f"(starts-with({_AFTER_HASH}, 'n') and {_number(f'substring({_AFTER_HASH}, 2)')})"
    f" or (starts-with({_AFTER_HASH}, 'ch') and {_number(_CHAPTER)} and {_number(_NOTE)}))")

#: The XSD's xs:assert tests (whitespace normalised) -> the elements they are about (a location
#: path) and an XPath 1.0 condition such an element breaks them by, exact in a document the
#: grammar accepts (``derive`` refuses an assertion missing here; the queries run only on
#: such a document). Why each is exact there:
#: * @subtype occurs only on citation and entry bibls (sourceDesc's bibl has none); xmlschema
#:   compares @type's string as written (" letter " is not 'letter': tested);
#: * editorialDecl occurs only in a TEI's teiHeader/encodingDesc (a book's header has none),
#:   and a TEI is the root or a child of the root teiCorpus: found without walking the text;
#: * only a body ref may have @type noteAnchor (citation refs are url, ibid, short or abbr;
#:   pointers have no @type); @target (xs:anyURI) is matched collapsed, as xmlschema does
#:   (tested; @type above is compared as written).
ASSERTS = {
    "not(@subtype) or @type = 'letter'":
        ("/descendant::t:bibl", "@subtype and not(@type = 'letter')"),
    "*": ("(/t:TEI | /t:teiCorpus/t:TEI)/t:teiHeader/t:encodingDesc/t:editorialDecl", "not(*)"),
    "not(@type) or (matches(@target, '^#(ch[1-9][0-9]*-)?n[1-9][0-9]*$') and @n)":
        ("/descendant::t:ref", "normalize-space(@type) = 'noteAnchor' and not(@n and " + _NOTE_POINTER + ")"),
}

# The url pattern (below) on the collapsed @target (xs:anyURI collapses, and \S is all but the four characters
# normalize-space takes): no space left; then a scheme of http, https or ftp in either case
# (translate lowers exactly the letters those may have) before the first '://' and something
# after it, or 'mailto:' in either case and something after it.
_URL = "normalize-space(@target)"
_URL_OK = (
    f"not(contains({_URL}, ' ')) and ("
    f"((translate(substring-before({_URL}, '://'), 'HTPSF', 'htpsf') = 'http'"
    f" or translate(substring-before({_URL}, '://'), 'HTPSF', 'htpsf') = 'https'"
    f" or translate(substring-before({_URL}, '://'), 'HTPSF', 'htpsf') = 'ftp')"
    f" and substring-after({_URL}, '://') != '')"
    f" or (starts-with(translate({_URL}, 'MAILTO', 'mailto'), 'mailto:')"
    f" and string-length({_URL}) > 7))")

#: Pattern facets the derived grammar leaves out (see ``derive``: libxml2 compiles a pattern
#: for every value it checks) -> the elements and the XPath 1.0 condition of a value that
#: breaks it, exact in a document the grammar accepts: the url type is only ever a url ref's
#: @target (in a note's citation, where ``@type = 'url'`` picks it, and in a bibliography
#: entry, where @type is the token url), and no other ref of an accepted document has @type
#: url, padded or not.
PATTERNS = {
    r"([Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://\S+|[Mm][Aa][Ii][Ll][Tt][Oo]:\S+":
        ("/descendant::t:ref", f"normalize-space(@type) = 'url' and not({_URL_OK})"),
}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

DIV_TYPES = ("chapter", "section", "abstract", "notes", "bibliography", "abbreviations", "trailer")


def schemas_dir() -> Path:
    """The repository's ``schemas/``, reached through the package's ``schemas`` symlink (a real
    directory in an installed wheel)."""
    return Path(__file__).parents[1] / "schemas"


def project_xsd() -> Path:
    return schemas_dir() / "teiedition.xsd"


def project_rng() -> Path:
    return schemas_dir() / "teiedition.rng"


@functools.cache
def _fast() -> tuple[etree.RelaxNG, list[etree.XPath], list[etree.XPath], bool]:
    """The derived grammar and the queries for the assertions and patterns, compiled once per
    process: those that walk the tree for bibl and ref, the others, and whether ``_scan``
    decides the walks' conditions (they are the ones it was written for)."""
    try:
        grammar = etree.RelaxNG(parse_file(project_rng()))
    except etree.RelaxNGParseError as exc:
        raise InputError(str(project_rng()), f"not a usable RELAX NG schema: {exc}") from None
    # One query per path, each of its conditions in one predicate: one walk of the tree per
    # element name (0.15 s less at 50 MB than a query per condition), never a union of
    # queries (libxml2 merges node-sets with a duplicate check per node: quadratic, 0.95 s at
    # 50 MB for three nearly empty sets). ``/descendant::`` rather than ``//``: with a
    # predicate, libxml2 evaluates ``//x[p]`` as child::x[p] from every node, at twice the time.
    # Nor one walk for both names (``/descendant::*[self::t:bibl and ... or self::t:ref and
    # ...]``): the self:: tests on every element cost more than the second walk (0.63 against
    # 0.55 s at 50 MB).
    conditions: dict[str, list[str]] = {}
    for path, condition in [*ASSERTS.values(), *PATTERNS.values()]:
        conditions.setdefault(path, []).append(f"({condition})")
    walks: list[etree.XPath] = []
    others: list[etree.XPath] = []
    for path, ors in conditions.items():
        query = etree.XPath(f"{path}[{' or '.join(ors)}]", namespaces={"t": TEI_NS})
        (walks if path in _WALKED else others).append(query)
    walked = {path: ors for path, ors in conditions.items() if path in _WALKED}
    twin = zlib.crc32(repr(walked).encode()) == _TWIN_CRC32
    return grammar, walks, others, twin


def valid_fast(tree: etree._ElementTree, parsed: Parsed | None = None) -> bool:
    """The project XSD's verdict, from libxml2: grammar, assertions, patterns, unique xml:ids.
    With ``parsed`` (the file of ``tree``), the conditions on bibl and ref are tested in the
    pass that gathers its xml:ids for this and the Schematron layer (``Parsed.id_values``):
    0.55 s of XPath walks at 50 MB became 0.2 s more in that pass. The same walk vouches for
    every local pointer, so that the grammar can leave its pattern out (``_loose_grammar``)."""
    grammar, walks, others, twin = _fast()
    found = parsed.id_values((_WALKED_TAGS, _scan) if twin else None) if parsed is not None else None
    flags = found[3] if found is not None else None
    loose = _loose_grammar() if flags is not None and not flags & _UNVOUCHED else None
    if not (loose or grammar).validate(tree) or any(query(tree) for query in others):
        return False
    if flags is None:
        if any(query(tree) for query in walks):
            return False
    elif flags & _BREAKS:
        return False
    ids = found[0] if found is not None else _IDS(tree)
    return len(ids) == len(set(ids))


#: The local pointer's pattern in teiedition.rng, which ``_loose_grammar`` leaves out.
_POINTER_PATTERN = r"#[\i-[:]][\c-[:]]*"
#: A value every local pointer may have, by that pattern: ASCII name characters only (all in
#: \i and \c); any other value, even one the pattern takes, is left to the grammar with it.
_PLAIN_POINTER = re.compile(r"#[A-Za-z_][A-Za-z0-9._\-]*")
#: The @type values (as tokens) with which a ref's @target is a local pointer in the grammar;
#: a ref without @type is one too. (With any other @type, such as url or noteAnchor, no
#: element pattern of the grammar that types @target so matches the ref.)
_POINTER_REF_TYPES = frozenset({"ibid", "short", "abbr"})


@functools.cache
def _loose_grammar() -> etree.RelaxNG | None:
    """teiedition.rng with its local pointer as any string (``loose_tree``), compiled."""
    tree = loose_tree()
    return None if tree is None else etree.RelaxNG(tree)


def loose_tree() -> etree._ElementTree | None:
    """teiedition.rng with its local pointer as any string, or None if that define is not as
    expected. libxml2 checked the pattern on 200,000 pointers in 0.23 s of the grammar's 1.8 s
    at 50 MB; where the scan has found every value the pattern applies to (@corresp of a TEI
    bibl, @target of a TEI ref without @type or of type ibid, short or abbr) to be a plain
    pointer (``_PLAIN_POINTER``), the pattern holds wherever the grammar would check it, so
    both grammars give the same verdict."""
    tree = parse_file(project_rng())
    rng = "{http://relaxng.org/ns/structure/1.0}"
    found = tree.getroot().findall(f"{rng}define[@name='st.localPointer']")
    if len(found) != 1:
        return None
    data = [c for c in found[0] if isinstance(c.tag, str)]
    params = [c for c in data[0] if isinstance(c.tag, str)] if len(data) == 1 else []
    if (len(data) != 1 or data[0].tag != f"{rng}data" or data[0].get("type") != "string"
            or len(params) != 1 or params[0].get("name") != "pattern"
            or (params[0].text or "").strip() != _POINTER_PATTERN):
        return None
    data[0].remove(params[0])
    return tree


_BREAKS, _UNVOUCHED = 1, 2
#: For the streamed check (``streamed``), which runs the twin piece by piece.
BREAKS, UNVOUCHED = _BREAKS, _UNVOUCHED


def fast_parts() -> tuple[etree.RelaxNG, list[etree.XPath], list[etree.XPath], bool]:
    """``_fast()``: the grammar, the walking queries, the others, whether ``scan`` decides the walks."""
    return _fast()


#: The header's own path in ASSERTS: a query along it reads nothing but the header.
HEADER_PATH = "(/t:TEI | /t:teiCorpus/t:TEI)/t:teiHeader/"


def header_only(queries: list[etree.XPath]) -> bool:
    """Do ``queries`` read only the TEI header (which a streamed check keeps whole)?"""
    return all(query.path.startswith(HEADER_PATH) for query in queries)


def scan(element: etree._Element) -> int:
    """``_scan``, for the streamed check."""
    return _scan(element)


def _scan(element: etree._Element) -> int:
    """For the pass over bibl and ref: ``_BREAKS`` if it breaks a condition of the walks
    (``_TWIN_CRC32``): their XPath, in Python; and ``_UNVOUCHED`` if it has a value the local
    pointer's pattern may apply to that is not plainly one."""
    get = element.get
    if element.tag == _BIBL:
        flags = _BREAKS if get("subtype") is not None and get("type") != "letter" else 0
        value = get("corresp")
        return flags if value is None or _PLAIN_POINTER.fullmatch(value) else flags | _UNVOUCHED
    kind = get("type")
    if kind is not None:
        kind = normalize_space(kind)
        if kind == "noteAnchor":
            return 0 if get("n") is not None and _note_pointer(normalize_space(get("target"))) else _BREAKS
        if kind == "url":
            return 0 if _url_ok(normalize_space(get("target"))) else _BREAKS
        if kind not in _POINTER_REF_TYPES:
            return 0
    value = get("target")
    return 0 if value is None or _PLAIN_POINTER.fullmatch(value) else _UNVOUCHED


#: The paths of ASSERTS and PATTERNS that walk the whole tree, and the CRC-32 of their
#: conditions (``repr`` of path -> conditions as ``_fast`` joins them) that ``_scan``
#: decides in Python, exactly as XPath 1.0 does. Any other conditions (an assertion changed
#: in the XSD, a query rewritten) turn the twin off, and the XPath walks decide again, until
#: ``_scan`` is brought in line and this checksum updated (a test says when). (A checksum
#: to notice an edit, not a defence: hashlib's OpenSSL alone was 3.7 MB of a small file's run.)
_WALKED = ("/descendant::t:bibl", "/descendant::t:ref")
_WALKED_TAGS = frozenset({f"{{{TEI_NS}}}bibl", f"{{{TEI_NS}}}ref"})
_TWIN_CRC32 = 4070900406
_BIBL = f"{{{TEI_NS}}}bibl"
_DIGITS = str.maketrans("", "", "0123456789")
_LOWER_SCHEME = str.maketrans("HTPSF", "htpsf")
_LOWER_MAILTO = str.maketrans("MAILTO", "mailto")
XPATH_BLANKS = re.compile("[\x20\t\r\n]+")


def normalize_space(value: str | None) -> str:
    """XPath's normalize-space() of an attribute, '' for none (space, tab, CR and LF only)."""
    if value is None:
        return ""
    if XPATH_BLANKS.search(value) is None:
        return value
    return " ".join(t for t in XPATH_BLANKS.split(value) if t)


def _is_number(x: str) -> bool:
    """``_number``: ASCII digits, at least one, no leading zero."""
    return x != "" and not x.translate(_DIGITS) and not x.startswith("0")


def _note_pointer(target: str) -> bool:
    """``_NOTE_POINTER`` on the normalised @target: substring-before and substring-after give
    '' where '-n' is missing, as split does not."""
    if not target.startswith("#"):
        return False
    after = target[1:]
    if after.startswith("n") and _is_number(after[1:]):
        return True
    if not after.startswith("ch"):
        return False
    chapter = after[2:].split("-n", 1)[0] if "-n" in after[2:] else ""
    note = after.split("-n", 1)[1] if "-n" in after else ""
    return _is_number(chapter) and _is_number(note)


def _url_ok(url: str) -> bool:
    """``_URL_OK`` on the normalised @target (translate lowers only the letters it names)."""
    if " " in url:
        return False
    if "://" in url:
        scheme, rest = url.split("://", 1)
        if scheme.translate(_LOWER_SCHEME) in ("http", "https", "ftp") and rest != "":
            return True
    return url.translate(_LOWER_MAILTO).startswith("mailto:") and len(url) > 7


# Plain strings, not lxml's "smart" ones that know their parent: a quarter faster at 50 MB.
_IDS = etree.XPath("/descendant::*/@xml:id", smart_strings=False)


@functools.cache
def load_xsd(path: str) -> xmlschema.XMLSchemaBase:
    """Compile an XSD once per process (the project schema takes about 0.2 s)."""
    # Imported here: 0.2 s, needed only for a file that fails or a user's own XSD.
    import xmlschema

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
    if xsd is None and valid_fast(parsed.tree, parsed):
        return []
    import xmlschema

    schema = load_xsd(str(xsd or project_xsd()))
    issues: list[Issue] = []
    seen: set[int] = set()
    # The document is already parsed (safely) in memory; the resource only wraps it, so the
    # schema's sandbox policy, which applies to files, has nothing to guard here.
    resource = xmlschema.XMLResource(parsed.tree, allow="all")  # type: ignore[arg-type]  # an lxml tree, which xmlschema reads
    for error in schema.iter_errors(resource):
        found = getattr(error, "elem", None)
        elem = found if isinstance(found, etree._Element) else None
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
