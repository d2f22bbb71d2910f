"""The Schematron layer: schemas/teiedition.sch (or a user's .sch) with lxml's ISO Schematron.

lxml compiles Schematron to XSLT 1.0 with the ISO skeleton (4 ms, once per process and
phase), and libxslt runs it; the cost is XPath 1.0, which the rules are written for. Schemas
with queryBinding xslt2/xslt3 are refused with a message rather than run wrongly.

The skeleton's stylesheet walks the whole document twice per pattern (once in the pattern's
mode, once in the default mode for nothing) and writes an ``svrl:fired-rule`` element for every
node a rule fires on: for a 10 MB edition, 24 walks over a million nodes and 200,000 output
elements. ``_streamline`` rewrites it so that each pattern visits only its rules' context
nodes, found by one XPath (``//context | ...``) evaluated in C, and writes only failures. The
templates, their priorities (first matching rule wins), lets, messages and diagnostics are the
skeleton's own, so the report is the same; measured in bench/validation.py.

A user's schema is read through the gate like any XML; ``sch:include``/``sch:extends`` of a
file are refused (the skeleton would read it itself), and a rule's ``document()`` reaches the
gate's resolver, which refuses every external resource: one line, naming the schema.
"""
from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

from lxml import etree, isoschematron

from ..errors import InputError
from ..xmlsafe import RefusedResource, parse_file
from .project import XPATH_BLANKS, normalize_space, schemas_dir
from .report import Issue
from .wellformed import Parsed

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSLT1_BINDINGS = ("", "xslt", "exslt", "xpath")


def project_sch() -> Path:
    return schemas_dir() / "teiedition.sch"


class Compiled:
    """A Schematron compiled to a streamlined XSLT: ``validate(tree)`` returns the SVRL."""

    def __init__(self, xslt: etree.XSLT):
        self._xslt = xslt

    def validate(self, tree: etree._ElementTree) -> etree._ElementTree:
        return self._xslt(tree)


@functools.cache
def load(path: str, phase: str | None = None) -> Compiled:
    """Compile once per process and phase."""
    return _compile(_read(path), path, phase)


def _read(path: str) -> etree._ElementTree:
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
    return tree


def _compile(tree: etree._ElementTree, path: str, phase: str | None) -> Compiled:
    try:
        skeleton = isoschematron.Schematron(tree, store_xslt=True, phase=phase).validator_xslt
        if skeleton is None:  # stored as asked: lxml returns None only without store_xslt
            raise InputError(path, "Schematron does not compile")
        return Compiled(etree.XSLT(_streamline(skeleton)))
    except (etree.SchematronParseError, etree.XSLTParseError) as exc:
        raise InputError(path, f"Schematron does not compile: {str(exc).splitlines()[0]}") from None


#: teiedition.sch's rules that compare values across the whole document, as written there
#: (pattern -> rule context, its lets, its one assertion's test; whitespace collapsed): every
#: xml:id is unique, every single pointer is '#' and an xml:id, every '#' pointer of a list
#: names one. For the verdict they are checked in Python (``_pointers_hold``), exactly, from
#: the xml:id, @target and @corresp values, which one pass over the elements gathers for this
#: and the project layer's xml:id check (``Parsed.id_values``: 0.48 s at 50 MB, with the
#: Python check 0.05 s more); only a file where one may fail runs them in the stylesheet, for the
#: report. libxslt spent 1.36 s of 3.5 at 50 MB on them (a template applied to each of
#: 340,000 attributes, the key ``ids`` and allIds). Should the schema's rules change, the
#: stylesheet runs them all again (``_without_pointer_rules`` returns None).
_POINTER_TEST = ("(not(contains($v, ' ')) and (not(starts-with($v, '#')) or key('ids', substring($v, 2))))"
                 " or (contains($v, ' ') and not(str:tokenize($v, ' ')[starts-with(., '#')]"
                 "[not(substring(., 2) = $allIds)]))")
POINTER_RULES = {
    "ids": ("@xml:id", (), "count(key('ids', .)) = 1"),
    "targets": ("@target", (("v", "normalize-space(.)"),), _POINTER_TEST),
    "corresps": ("@corresp", (("v", "normalize-space(.)"),), _POINTER_TEST),
}
#: ... and the index and the global let they use.
POINTER_GLOBALS = ((("ids", "@xml:id", "."),), (("allIds", "//@xml:id"),))


@functools.cache
def _without_pointer_rules(path: str, phase: str | None) -> Compiled | None:
    """teiedition.sch compiled without the rules in POINTER_RULES, or None where that is not
    the project's schema or its rules are not those (then every rule runs in the stylesheet)."""
    try:
        if Path(path).resolve() != project_sch().resolve():
            return None
    except OSError:
        return None
    tree = _read(path)
    root = tree.getroot()
    if _pointer_rules(root) != (POINTER_RULES, POINTER_GLOBALS):
        return None
    for pattern in root.findall(f"{{{SCH_NS}}}pattern"):
        if pattern.get("id") in POINTER_RULES:
            root.remove(pattern)
    for active in list(root.iter(f"{{{SCH_NS}}}active")):
        if active.get("pattern") in POINTER_RULES:
            parent = active.getparent()
            if parent is not None:
                parent.remove(active)
    # Nothing else reads allIds (libxslt would walk the document for it all the same).
    if b"$allIds" not in etree.tostring(root):
        for let in root.findall(f"{{{SCH_NS}}}let[@name='allIds']"):
            root.remove(let)
    return _compile(tree, path, phase)


def without_pointer_rules(path: str, phase: str | None) -> Compiled | None:
    """``_without_pointer_rules``, for the streamed check."""
    return _without_pointer_rules(path, phase)


def _pointer_rules(root: etree._Element) -> tuple[dict, tuple]:
    """POINTER_RULES and POINTER_GLOBALS as ``root``'s schema has them (its patterns of those
    ids, each with one rule with one assertion and nothing else; its keys and global lets)."""
    def text(value: str | None) -> str:
        return " ".join((value or "").split())
    rules: dict[str, tuple] = {}
    for pattern in root.findall(f"{{{SCH_NS}}}pattern"):
        name = pattern.get("id")
        if name not in POINTER_RULES:
            continue
        children = [c for c in pattern if isinstance(c.tag, str)]
        if name in rules or len(children) != 1 or children[0].tag != f"{{{SCH_NS}}}rule":
            return {}, ()
        rule = children[0]
        parts = [c for c in rule if isinstance(c.tag, str)]
        lets = tuple((c.get("name"), text(c.get("value"))) for c in parts if c.tag == f"{{{SCH_NS}}}let")
        asserts = [c for c in parts if c.tag == f"{{{SCH_NS}}}assert"]
        if len(asserts) != 1 or len(lets) + 1 != len(parts) or pattern.get("abstract") or pattern.get("is-a"):
            return {}, ()
        rules[name] = (text(rule.get("context")), lets, text(asserts[0].get("test")))
    keys = tuple((k.get("name"), text(k.get("match")), text(k.get("use")))
                 for k in root.iter(f"{XSL}key"))
    lets = tuple((v.get("name"), text(v.get("value"))) for v in root.findall(f"{{{SCH_NS}}}let"))
    return rules, (keys, lets)


def _pointers_hold(parsed: Parsed) -> bool:
    """Do POINTER_RULES all hold in the file? Exactly as the stylesheet decides: xml:id values
    compared as strings (the key's ``use="."``); @target and @corresp (in no namespace, as the
    rules' ``@target`` means) normalised as XPath's normalize-space does (space, tab, CR, LF),
    then one pointer that starts with '#' must name an xml:id, and each '#' token of a list
    one; the empty name of a bare '#' is found only if some xml:id is empty."""
    ids, targets, corresps, _ = parsed.id_values()
    return pointers_hold(ids, targets, corresps)


def pointers_hold(ids: list[str], targets: list[str], corresps: list[str]) -> bool:
    """``_pointers_hold`` on the values gathered (also piece by piece, by ``streamed``)."""
    known = set(ids)
    if len(known) != len(ids):
        return False
    # Where no xml:id has a blank, a value that is '#' and an xml:id has none either: it is
    # one pointer that resolves, and only the others need the rule's reading (0.29 -> 0.05 s
    # for 200,000 pointers).
    plain = XPATH_BLANKS.search("".join(ids)) is None
    for values in (targets, corresps):
        for value in [v for v in values if v[1:] not in known or v[:1] != "#"] if plain else values:
            tokens = normalize_space(value).split(" ")
            # One token: the rule's first branch; several: its second; the same condition.
            if not all(t[1:] in known for t in tokens if t[:1] == "#"):
                return False
    return True


def _streamline(skeleton: etree._ElementTree | etree._XSLTResultTree) -> etree._ElementTree:
    """The ISO skeleton's XSLT, visiting only rule context nodes (see the module docstring).

    Each pattern's walk becomes one ``apply-templates`` per distinct name its rules' contexts
    end in (``tei:back/tei:div[@type='notes']/tei:note[1]`` ends in ``tei:note``; ``@target``
    in ``@target``): a superset of the context nodes, found in C, never a union (libxml2
    merges node-sets with a duplicate check per node, quadratic: 0.5 s for two sets of 15,000
    and 6,000 bibls). The skeleton's own templates then pick, for each candidate, the first
    rule it matches or none, exactly as in the full walk.

    The candidates of all patterns (and a global let that is a plain ``//name``, such as
    teiedition.sch's allIds) come from one walk of the document (``_one_walk``): each select
    filters that walk's elements instead of walking the tree itself."""
    xslt = copy.deepcopy(skeleton)
    root = xslt.getroot()
    contexts: dict[str, list[str]] = {}
    templates: dict[str, list[etree._Element]] = {}
    for template in root.iter(f"{XSL}template"):
        mode, match = template.get("mode"), template.get("match")
        if mode and match:
            templates.setdefault(mode, []).append(template)
            # Rule templates are the ones the skeleton gives priority 1000 and up.
            if float(template.get("priority", "0")) >= 1000:
                contexts.setdefault(mode, []).append(match)
    selects = {mode: _candidates(matches) for mode, matches in contexts.items()}
    for fired in list(root.iter(f"{SVRL}fired-rule")):
        holder = fired.getparent()
        if holder is not None:
            holder.remove(fired)
    walks: list[tuple[etree._Element, str]] = []  # each pattern's walk from "/", and its mode
    for apply in list(root.iter(f"{XSL}apply-templates")):
        parent = apply.getparent()
        mode = apply.get("mode") or ""
        if parent is None:
            continue
        if parent.tag == f"{SVRL}active-pattern" and apply.get("select") is None and not mode:
            # Applies the built-in templates to the whole document: output nothing, one walk.
            parent.remove(apply)
        elif apply.get("select") == "/" and selects.get(mode):
            walks.append((apply, mode))
    one_walk = _one_walk([selects[mode] for _, mode in walks], root)
    selects = {mode: [one_walk.get(one, one) for one in found] for mode, found in selects.items()}
    shared = _shared_selects([selects[mode] for _, mode in walks], root)
    for apply, mode in walks:
        for one in selects[mode]:
            apply.addprevious(etree.Element(f"{XSL}apply-templates", select=shared.get(one, one),
                                            mode=mode))
        parent = apply.getparent()
        if parent is not None:
            parent.remove(apply)
    for mode, candidates in selects.items():
        if not candidates:
            continue
        for template in templates[mode]:
            # No walk on to the children (the selects above reach every candidate), and a
            # candidate no rule matches falls to the default template: it must do nothing.
            for apply in template.findall(f"{XSL}apply-templates"):
                template.remove(apply)
    return xslt


def _one_walk(used: list[list[str]], root: etree._Element) -> dict[str, str]:
    """One global variable with every element the selects ``//name`` and ``//@name`` in
    ``used`` (or a global let of the schema that is such a select) can reach, found in one walk
    of the document, and each such select -> the same nodes filtered from it, in the same
    (document) order: ``//tei:note`` -> ``$teiedition-elements[self::tei:note]``, ``//@target``
    -> ``$teiedition-elements/@target``. Global lets are rewritten in place. No variable (an
    empty mapping) when there is at most one walk to save.

    Measured (bench/validation.py's 50 MB edition, teiedition.sch): ten walks of 0.12-0.21 s
    each (libxml2 visits every node, text included, for each) became one; 3.45 s -> 3.17 s
    of the rules' 3.4 s. The walk keeps only elements one of the names can reach (a test per
    element, cheaper than the node-set of all 800,000 elements it would hold otherwise)."""
    lets = [v for v in root if v.tag in (f"{XSL}variable", f"{XSL}param")
            and _WALK.match(v.get("select") or "")]
    walks = {one for selects in used for one in selects} | {v.get("select", "") for v in lets}
    if len(walks) < 2:
        return {}
    names = {one[2:] for one in walks}
    if "*" in names:
        select = "/descendant::*"
    else:
        tests = ([f"self::{n}" for n in sorted(names) if not n.startswith("@")]
                 + sorted(n for n in names if n.startswith("@")))
        select = f"/descendant::*[{' or '.join(tests)}]"
    name = "teiedition-elements"
    variable = etree.Element(f"{XSL}variable", name=name, select=select)
    first = next((c for c in root if c.tag == f"{XSL}template"), None)
    if first is not None:
        first.addprevious(variable)
    else:
        root.append(variable)
    mapping = {one: (f"${name}/{one[2:]}" if one.startswith("//@") else f"${name}[self::{one[2:]}]")
               for one in walks}
    for let in lets:
        let.set("select", mapping[let.get("select", "")])
    return mapping


#: A select that walks the whole document for one name: ``//tei:note``, ``//@xml:id``, ``//*``.
_WALK = re.compile(r"^//@?(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)$")


def _shared_selects(used: list[list[str]], root: etree._Element) -> dict[str, str]:
    """A global variable for each select that more than one pattern uses (@when, tei:note,
    tei:ref in teiedition.sch), or that a global variable of the schema already holds
    (teiedition.sch's allIds is //@xml:id): the document is walked for it once, not once per
    pattern (each walk is about 0.03-0.06 s per 10 MB; libxslt evaluates every global
    variable, used or not). select -> the variable's reference."""
    counts: dict[str, int] = {}
    for selects in used:
        for one in selects:
            counts[one] = counts.get(one, 0) + 1
    # The skeleton writes the schema's global lets as top-level params (we never pass one).
    shared = {v.get("select", ""): f"${v.get('name')}" for v in root
              if v.tag in (f"{XSL}variable", f"{XSL}param") and v.get("select")
              and ":" not in v.get("name", ":")}
    counts = {one: n for one, n in counts.items() if one not in shared}
    first = next((c for c in root if c.tag == f"{XSL}template"), None)
    for k, one in enumerate(sorted(o for o, n in counts.items() if n > 1)):
        name = f"teiedition-candidates-{k}"
        variable = etree.Element(f"{XSL}variable", name=name, select=one)
        if first is not None:
            first.addprevious(variable)
        else:
            root.append(variable)
        shared[one] = f"${name}"
    return shared


_NAME = re.compile(r"^@?(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)$")


def _candidates(matches: list[str]) -> list[str]:
    """Disjoint selects whose union holds every node the patterns can match; [] (keep the
    skeleton's walk) for a pattern not ending in an element or attribute name test."""
    elements: set[str] = set()
    attributes: set[str] = set()
    for match in matches:
        for alternative in _alternatives(match):
            last = _last_step(alternative)
            if last is None or not _NAME.match(last):
                return []
            (attributes if last.startswith("@") else elements).add(last.lstrip("@"))
    # Wildcards overlap the names they cover: one wildcard select instead, never a union.
    elements = {"*"} if any(n.endswith("*") for n in elements) else elements
    attributes = {"*"} if any(n.endswith("*") for n in attributes) else attributes
    return [f"//{n}" for n in sorted(elements)] + [f"//@{n}" for n in sorted(attributes)]


def _last_step(path: str) -> str | None:
    """The node test of a path's last step, predicates removed."""
    depth, quote, text = 0, "", []
    for ch in path:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            text.append(ch)
    step = "".join(text).rsplit("/", 1)[-1].strip()
    if step.startswith("attribute::"):
        step = "@" + step[len("attribute::"):]
    elif step.startswith("child::"):
        step = step[len("child::"):]
    return step or None


def _alternatives(pattern: str) -> list[str]:
    """A pattern's top-level ``|`` alternatives (not those inside predicates or strings)."""
    out, depth, quote, start = [], 0, "", 0
    for k, ch in enumerate(pattern):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:k].strip())
            start = k + 1
    out.append(pattern[start:].strip())
    return out


def check(parsed: Parsed, sch: str | Path | None = None, phase: str | None = None) -> list[Issue]:
    path = str(sch or project_sch())
    # The stylesheet with every rule is compiled only for a file that needs it (each compiled
    # stylesheet is about 5 MB of a small file's run).
    lighter = _without_pointer_rules(path, phase) if sch is None else None
    schematron = lighter if lighter is not None and _pointers_hold(parsed) else load(path, phase)
    parsed.forget_ids()
    try:
        report = schematron.validate(parsed.tree)
    except RefusedResource as exc:
        raise InputError(path, f"a rule asked for {exc.path}: {exc.message}") from None
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
