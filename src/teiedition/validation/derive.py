"""Derive schemas/teiedition.rng (RELAX NG) from schemas/teiedition.xsd (XML Schema 1.1).

The XSD stays the one source of truth, with xmlschema's precise messages; the RELAX NG form
exists so that libxml2 (through lxml) can give the verdict at C speed: xmlschema takes about
1.3 s and 50 MB per MB of input, libxml2 a small fraction of that. Run

    python -m teiedition.validation.derive            # rewrites schemas/teiedition.rng
    python -m teiedition.validation.derive --check    # exit 1 if the committed file is stale

The converter handles exactly the XSD constructs teiedition.xsd uses and refuses anything
else, so the two forms cannot drift apart silently:

* XSD 1.1 type alternatives of the form ``@a = 'v'`` become a choice of element patterns, one
  per alternative, each requiring its attribute value (so libxml2 compiles each one's content
  model to an automaton, which keeps validation linear in a long list of children);
* ``xs:ID`` becomes ``NCName`` and uniqueness is checked by :mod:`.project` over all
  ``xml:id`` values (libxml2's RELAX NG ID checking needs DTD compatibility annotations);
* ``xs:assert``s cannot be said in RELAX NG; each one must be listed in ``project.ASSERTS``
  with an XPath 1.0 query that finds its violations in a document the grammar accepts, and
  derivation fails when one is not (or when a listed one no longer exists);
* an ``xs:pattern`` listed in ``project.PATTERNS`` is left out of the grammar (the value keeps
  its base type) and checked by that query instead: libxml2 compiles a RELAX NG pattern
  param anew for every value it checks, even for an alternative that fails on another
  attribute (the url pattern took 0.65 s of the grammar's 2.7 s at 50 MB, with no url in
  the file). Derivation fails when a listed pattern no longer exists.
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
RNG = "http://relaxng.org/ns/structure/1.0"
XSD_TYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
X = f"{{{XS}}}"
R = f"{{{RNG}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ATTRIBUTES = {"id": "NCName", "lang": "language"}
_TEST = re.compile(r"^@([A-Za-z_][\w.-]*) = '([^']*)'$")


class Unsupported(Exception):
    """An XSD construct this converter does not translate."""


def _r(tag: str, *children: etree._Element, **attrs: str) -> etree._Element:
    element = etree.Element(R + tag, {k.rstrip("_"): v for k, v in attrs.items()})
    element.extend(children)
    return element


class Deriver:
    def __init__(self, xsd: etree._ElementTree):
        self.root = xsd.getroot()
        self.tns = self.root.get("targetNamespace", "")
        # "xml" is bound in every document without a declaration
        self.prefixes = {p: u for p, u in self.root.nsmap.items() if p} | {"xml": XML_NS}
        self.named = {(el.tag, el.get("name")): el for el in self.root if el.get("name")}
        self.asserts: list[tuple[str, str]] = []  # (complex type, test)
        from .project import PATTERNS  # here: project imports nothing from this module

        self.checked_patterns = set(PATTERNS)  # left out of the grammar, checked as XPath
        self.patterns: set[str] = set()  # every pattern facet met

    # --- names ---------------------------------------------------------------------------
    def _split(self, qname: str | None) -> tuple[str, str]:
        prefix, _, local = (qname or "").rpartition(":")
        return self.prefixes.get(prefix, "") if prefix else "", local

    def _decl(self, kind: str, qname: str | None) -> etree._Element:
        uri, local = self._split(qname)
        found = self.named.get((X + kind, local)) if uri == self.tns else None
        if found is None:
            raise Unsupported(f"{kind} {qname} is not declared in the schema")
        return found

    # --- simple types --------------------------------------------------------------------
    def simple(self, qname: str | None, decl: etree._Element | None = None) -> etree._Element:
        if decl is not None:
            return self._simple_decl(decl)
        if qname is None:
            return _r("text")
        uri, local = self._split(qname)
        if uri == XS:
            if local == "error":
                return _r("notAllowed")
            if local == "ID":
                return _r("data", type="NCName")
            return _r("text") if local == "string" else _r("data", type=local)
        self._decl("simpleType", qname)
        return _r("ref", name=f"st.{local}")

    def _builtin(self, qname: str) -> str:
        uri, local = self._split(qname)
        if uri != XS:
            raise Unsupported(f"restriction of a non-builtin type {qname}")
        return local

    def _simple_decl(self, decl: etree._Element) -> etree._Element:
        [body] = [c for c in decl if isinstance(c.tag, str) and c.tag != X + "annotation"]
        if body.tag == X + "union":
            return _r("choice", *(self.simple(t) for t in body.get("memberTypes", "").split()))
        if body.tag != X + "restriction":
            raise Unsupported(f"simpleType with {etree.QName(body).localname}")
        base = self._builtin(body.get("base", ""))
        values = [f.get("value") for f in body if f.tag == X + "enumeration"]
        patterns = [f.get("value") for f in body if f.tag == X + "pattern"]
        others = [f for f in body if f.tag not in (X + "enumeration", X + "pattern", X + "annotation")
                  and isinstance(f.tag, str)]
        if others or (values and patterns) or len(patterns) > 1:
            raise Unsupported("restriction facets other than one pattern or enumerations")
        if values:
            return _r("choice", *(self._value(base, v) for v in values))
        data = _r("data", type=base)
        self.patterns.update(p or "" for p in patterns)
        for p in patterns:
            if p in self.checked_patterns:
                continue
            param = etree.SubElement(data, R + "param", name="pattern")
            param.text = p
        return data

    @staticmethod
    def _value(base: str, value: str | None) -> etree._Element:
        element = _r("value", type=base)
        element.text = value
        return element

    # --- attributes ----------------------------------------------------------------------
    def attributes(self, parent: etree._Element) -> list[tuple[str, bool, etree._Element]]:
        """(name, required, value pattern) of the attribute declarations directly in ``parent``."""
        out = []
        for a in parent:
            if a.tag == X + "attribute":
                required = a.get("use") == "required"
                if a.get("ref"):
                    uri, local = self._split(a.get("ref"))
                    if uri != XML_NS or local not in XML_ATTRIBUTES:
                        raise Unsupported(f"attribute ref {a.get('ref')}")
                    out.append((f"xml:{local}", required, _r("data", type=XML_ATTRIBUTES[local])))
                    continue
                inline = a.find(X + "simpleType")
                out.append((a.get("name") or "", required, self.simple(a.get("type"), inline)))
            elif a.tag == X + "attributeGroup":
                out += self.attributes(self._decl("attributeGroup", a.get("ref")))
            elif a.tag == X + "anyAttribute":
                raise Unsupported("anyAttribute")
        return out

    @staticmethod
    def attribute_patterns(attrs) -> list[etree._Element]:
        out = []
        for name, required, pattern in attrs:
            a = _r("attribute", copy.deepcopy(pattern), name=name)
            out.append(a if required else _r("optional", a))
        return out

    # --- complex types -------------------------------------------------------------------
    def complex(self, ct: etree._Element, owner: str) -> tuple[list, etree._Element]:
        """(attributes, content pattern) of a complex type."""
        mixed = ct.get("mixed") == "true"
        attrs = self.attributes(ct)
        particle = None
        for child in ct:
            tag = child.tag
            if tag in (X + "sequence", X + "choice", X + "group"):
                particle = self.particle(child)
            elif tag == X + "assert":
                self.asserts.append((owner, child.get("test") or ""))
            elif tag == X + "simpleContent":
                [ext] = [c for c in child if c.tag == X + "extension"]
                attrs += self.attributes(ext)
                return attrs, self.simple(ext.get("base"))
            elif tag == X + "complexContent":
                [ext] = [c for c in child if c.tag == X + "extension"]
                base_uri, base = self._split(ext.get("base"))
                if base_uri != self.tns:
                    raise Unsupported(f"complexContent based on {ext.get('base')}")
                base_attrs, _ = self.complex(self._decl("complexType", ext.get("base")), base)
                attrs = base_attrs + self.attributes(ext)
                own = [self.particle(c) for c in ext if c.tag in (X + "sequence", X + "choice", X + "group")]
                for c in ext:
                    if c.tag == X + "assert":
                        self.asserts.append((owner, c.get("test") or ""))
                content = _r("ref", name=f"ct.{base}.content")
                if own:
                    content = _r("group", content, *own)
                return attrs, content
            elif tag in (X + "attribute", X + "attributeGroup", X + "annotation") or not isinstance(tag, str):
                continue
            else:
                raise Unsupported(f"complexType child {etree.QName(child).localname}")
        if particle is None:
            return attrs, _r("text") if mixed else _r("empty")
        return attrs, _r("mixed", particle) if mixed else particle

    def type_attributes(self, ct: etree._Element) -> list:
        """The attributes of a complex type (its base's first), without building its content."""
        attrs = self.attributes(ct)
        for holder in (X + "simpleContent", X + "complexContent"):
            for ext in ct.findall(f"{holder}/{X}extension"):
                uri, _ = self._split(ext.get("base", ""))
                base = (self.type_attributes(self._decl("complexType", ext.get("base")))
                        if uri == self.tns and holder == X + "complexContent" else [])
                attrs = base + attrs + self.attributes(ext)
        return attrs

    # --- particles -----------------------------------------------------------------------
    def particle(self, p: etree._Element) -> etree._Element:
        tag = p.tag
        if tag == X + "sequence":
            body = _r("group", *(self.particle(c) for c in p if c.tag != X + "annotation"
                                 and isinstance(c.tag, str)))
        elif tag == X + "choice":
            body = _r("choice", *(self.particle(c) for c in p if c.tag != X + "annotation"
                                  and isinstance(c.tag, str)))
        elif tag == X + "group":
            self._decl("group", p.get("ref"))
            body = _r("ref", name=f"grp.{self._split(p.get('ref'))[1]}")
        elif tag == X + "element":
            body = self.element(p)
        else:
            raise Unsupported(f"particle {etree.QName(p).localname}")
        return self._occurs(body, p.get("minOccurs", "1"), p.get("maxOccurs", "1"))

    @staticmethod
    def _occurs(body: etree._Element, low: str, high: str) -> etree._Element:
        """``body`` repeated low..high times (high may be ``unbounded``)."""
        if not low.isdigit() or not (high.isdigit() or high == "unbounded"):
            raise Unsupported(f"occurrence {low}..{high}")
        lo = int(low)
        wrap = {(0, "1"): "optional", (0, "unbounded"): "zeroOrMore", (1, "unbounded"): "oneOrMore"}
        if (lo, high) == (1, "1"):
            return body
        if (lo, high) in wrap:
            return _r(wrap[lo, high], body)
        if high != "unbounded" and int(high) < lo:
            raise Unsupported(f"occurrence {low}..{high}")
        parts = [copy.deepcopy(body) for _ in range(lo)]
        if high == "unbounded":
            parts.append(_r("zeroOrMore", copy.deepcopy(body)))
        else:
            parts += [_r("optional", copy.deepcopy(body)) for _ in range(int(high) - lo)]
        return _r("group", *parts) if len(parts) > 1 else parts[0]

    def element(self, el: etree._Element) -> etree._Element:
        if el.get("ref"):
            _, local = self._split(el.get("ref"))
            self._decl("element", el.get("ref"))
            return _r("ref", name=f"el.{local}")
        name = el.get("name", "")
        alternatives = el.findall(X + "alternative")
        if alternatives:
            # One element pattern per alternative: a choice of attribute branches inside one
            # element would leave attributes in its content model.
            branches = self._alternatives(alternatives)
            return _r("choice", *(_r("element", *b, name=name) for b in branches))
        return _r("element", *self.element_content(el), name=name)

    def element_content(self, el: etree._Element) -> list[etree._Element]:
        """The patterns inside an ``element``: its attributes, each a direct child, then its
        content. libxml2 compiles an element's content model to an automaton (linear in its
        children) only when no attribute is left in it: it takes out only the attributes
        that are direct children (a ``div`` of 77,000 notes took 2.1 s, quadratic, when its
        attributes sat behind a ``ref``)."""
        inline = el.find(X + "complexType")
        if inline is not None:
            attrs, content = self.complex(inline, f"element {el.get('name')}")
            return [*self.attribute_patterns(attrs), content]
        simple = el.find(X + "simpleType")
        if simple is not None or el.get("type") is None:
            return [self.simple(el.get("type"), simple)]
        uri, local = self._split(el.get("type"))
        if uri == XS:
            return [self.simple(el.get("type"))]
        if (X + "complexType", local) in self.named:
            attrs = self.type_attributes(self.named[X + "complexType", local])
            return [*self.attribute_patterns(attrs), _r("ref", name=f"ct.{local}.content")]
        return [_r("ref", name=f"st.{local}")]

    def _alternatives(self, alternatives: list[etree._Element]) -> list[list[etree._Element]]:
        """First matching ``@a = 'v'`` test wins; the last alternative has no test."""
        branches: list[list[etree._Element]] = []
        tested: dict[str, list[str]] = {}
        for alt in alternatives:
            uri, local = self._split(alt.get("type", ""))
            test = alt.get("test")
            if uri == XS and local == "error":
                if test is not None:
                    raise Unsupported("an xs:error alternative with a test")
                continue  # nothing else matches: the element is invalid, as in XSD
            attrs = self.type_attributes(self._decl("complexType", alt.get("type")))
            content = _r("ref", name=f"ct.{local}.content")
            if test is not None:
                m = _TEST.match(test.strip())
                if not m:
                    raise Unsupported(f"alternative test {test!r}")
                name, value = m.groups()
                attrs = self._pin(attrs, name, value)
                tested.setdefault(name, []).append(value)
                if attrs is None:
                    continue
            else:
                for name, values in tested.items():
                    attrs = self._exclude(attrs, name, values)
            branches.append([*self.attribute_patterns(attrs), content])
        return branches

    def _pin(self, attrs, name: str, value: str):
        """The branch's attributes with ``name`` required to be exactly ``value`` (XSD compares
        the untyped attribute's string), or None when the type forbids that value."""
        out = []
        found = False
        for a_name, _, pattern in attrs:
            if a_name != name:
                out.append((a_name, _, pattern))
                continue
            found = True
            allowed = self._enumeration(pattern)
            if allowed is not None and value not in allowed:
                return None
            out.append((name, True, self._value("string", value)))
        return out if found else None

    def _exclude(self, attrs, name: str, values: list[str]):
        out = []
        for a_name, required, pattern in attrs:
            if a_name == name:
                allowed = self._enumeration(pattern)
                if allowed is None:
                    raise Unsupported(f"default alternative over a non-enumerated @{name}")
                kept = [v for v in allowed if v not in values]
                pattern = _r("choice", *(self._value("token", v) for v in kept))
            out.append((a_name, required, pattern))
        return out

    def _enumeration(self, pattern: etree._Element) -> list[str] | None:
        if pattern.tag == R + "ref" and pattern.get("name", "").startswith("st."):
            decl = self.named[(X + "simpleType", (pattern.get("name") or "")[3:])]
            return self._enumeration(self._simple_decl(decl))
        if pattern.tag == R + "choice" and all(c.tag == R + "value" for c in pattern):
            return [c.text or "" for c in pattern]
        if pattern.tag == R + "value":
            return [pattern.text or ""]
        if pattern.tag == R + "data" and pattern.get("type") == "token" and not len(pattern):
            return None
        return None

    # --- the grammar ---------------------------------------------------------------------
    def grammar(self) -> etree._Element:
        grammar = etree.Element(R + "grammar", ns=self.tns, datatypeLibrary=XSD_TYPES,
                                nsmap={None: RNG})
        starts = []
        for decl in self.root:
            if not isinstance(decl.tag, str) or decl.tag in (X + "annotation", X + "import"):
                continue
            name = decl.get("name")
            if decl.tag == X + "simpleType":
                grammar.append(_r("define", self._simple_decl(decl), name=f"st.{name}"))
            elif decl.tag == X + "complexType":
                _, content = self.complex(decl, name or "")
                grammar.append(_r("define", content, name=f"ct.{name}.content"))
            elif decl.tag == X + "group":
                [body] = [c for c in decl if c.tag in (X + "sequence", X + "choice")]
                grammar.append(_r("define", self.particle(body), name=f"grp.{name}"))
            elif decl.tag == X + "attributeGroup":
                continue  # inlined where used
            elif decl.tag == X + "element":
                grammar.append(_r("define", self.element(decl), name=f"el.{name}"))
                starts.append(_r("ref", name=f"el.{name}"))
            else:
                raise Unsupported(f"top-level {etree.QName(decl).localname}")
        grammar.insert(0, _r("start", _r("choice", *starts) if len(starts) > 1 else starts[0]))
        return grammar


HEADER = """
  GENERATED from teiedition.xsd by `python -m teiedition.validation.derive`: do not edit.
  The RELAX NG form of the project schema, for libxml2's validator (C speed). The XSD's
  assertions and its patterns in project.PATTERNS are checked as XPath
  (teiedition.validation.project) and xml:id uniqueness over all ids; tests check that this
  grammar and the XSD agree on every fixture.
"""


def derive(xsd_path: Path) -> tuple[bytes, list[tuple[str, str]]]:
    """The RELAX NG text and the XSD's assertions (complex type, test)."""
    deriver = Deriver(etree.parse(str(xsd_path)))
    grammar = deriver.grammar()
    tree = etree.ElementTree(grammar)
    grammar.addprevious(etree.Comment(HEADER))
    etree.indent(tree, space="  ")
    text = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    stale = deriver.checked_patterns - deriver.patterns
    if stale:
        raise Unsupported(f"project.PATTERNS lists patterns the schema no longer has: {sorted(stale)}")
    return text, deriver.asserts


def main(argv: list[str] | None = None) -> int:
    from .project import (  # here: project imports nothing from this module
        ASSERTS,
        project_rng,
        project_xsd,
    )

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    args = ap.parse_args(argv)
    try:
        text, asserts = derive(project_xsd())
    except Unsupported as exc:
        print(f"{project_xsd()}: cannot derive RELAX NG: {exc}", file=sys.stderr)
        return 2
    tests = {" ".join(t.split()) for _, t in asserts}
    if tests != set(ASSERTS):
        print(f"{project_xsd()}: xs:assert tests and project.ASSERTS differ: "
              f"unlisted {sorted(tests - set(ASSERTS))}, stale {sorted(set(ASSERTS) - tests)}",
              file=sys.stderr)
        return 2
    target = project_rng()
    if args.check:
        if not target.is_file() or target.read_bytes() != text:
            print(f"{target} is stale: run python -m teiedition.validation.derive", file=sys.stderr)
            return 1
        return 0
    target.write_bytes(text)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
