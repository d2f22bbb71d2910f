"""tei_all's verdict from lxml (libxml2) on a large file, streamed, without its whole tree.

libxml2's RELAX NG validator is quadratic in the siblings of a content model it cannot
compile to an automaton: a notes division of 15,000 notes took 175 s at 10 MB
(schemas/README.md). This check reads the file with :func:`streamed.stream`, the pull
parser and containers of the project layer's streamed check (a note of the notes division
in back, an entry of the bibliography's list, a chapter's divisions, paragraphs, lists...),
and for each piece once it has ended:

* validates it against tei_all whose start is the piece's element pattern (the definition
  named as the element, holding that one pattern), pruned (``teiall.prune``) to the
  vocabulary of every piece read so far: a superset of the piece's own, so exact;
* gathers its ``xml:id`` values (tei_all types them ``ID``; jing checks they are unique
  across the document, which no piece alone can);

then replaces each run of checked pieces of one element name by a *hollow* (``HOLLOW``).
At the end the skeleton is validated against tei_all, pruned to the skeleton's vocabulary,
in which the definition of each hollowed element is a choice of its pattern or its hollow.

Why it is exact, where it answers: a hollow stands where the skeleton grammar used that
definition, and k >= 1 pieces matching it must fit there. ``_repeatable`` proves it for
every use of the definition in the pruned skeleton grammar: going up from each reference
through choices, optionals and groups whose other members can match nothing, it reaches a
``zeroOrMore`` or ``oneOrMore`` (or a definition whose every use does so). The repetition's
turn that held the hollow then splits into k turns: the first with what came before the
hollow and a piece, the last with a piece and what came after, those between a piece alone.
Hollows can match no other pattern (each ``anyName`` gets an exception for their namespace).
Anything else (an unrepeatable use, a duplicate id, text between pieces, a schema of several
files, an element of the file's own in the hollows' namespace, any error) gives None: the
caller validates the whole tree and reports exactly as before.
"""
from __future__ import annotations

import copy
import functools
from pathlib import Path

from lxml import etree

from . import streamed, teiall
from .wellformed import TEI_NS, Parsed

R = teiall.R
HOLLOW = streamed.HOLLOW
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_REPEAT = (f"{R}oneOrMore", f"{R}zeroOrMore")
_THROUGH = (f"{R}choice", f"{R}optional")
_GROUPS = (f"{R}group", f"{R}define", f"{R}mixed", f"{R}interleave")


class _Container(streamed._Container):
    """The project layer's containers, with each piece's kind its element's name: a run of
    pieces is hollowed by name, and each name has its own pattern in tei_all."""

    def kind(self, child: etree._Element) -> str:
        return etree.QName(child).localname if super().kind(child) else ""


Key = tuple[str, tuple[int, int]]


def _pattern(root: etree._Element, name: str) -> etree._Element | None:
    """The element pattern of TEI element ``name``: the only pattern child of the
    definition of that name, itself named so, in the TEI namespace."""
    found = root.findall(f"{R}define[@name='{name}']")
    if len(found) != 1 or found[0].get("combine"):
        return None
    children = [c for c in found[0] if isinstance(c.tag, str) and c.tag.startswith(R)]
    if (len(children) != 1 or children[0].tag != f"{R}element"
            or (children[0].get("name") or "").strip() != name
            or teiall._inherited_ns(children[0]) != TEI_NS):
        return None
    return children[0]


@functools.cache
def _source(key: Key) -> etree._ElementTree | None:
    """tei_all as the gate read it, if one flat grammar (its definitions each once, no
    nested grammar): what the reasoning above is about."""
    tree, single = teiall._rng_source(*key)
    root = tree.getroot()
    if not single or root.tag != f"{R}grammar":
        return None
    if any(True for _ in root.iterdescendants(f"{R}grammar", f"{R}parentRef", f"{R}include",
                                              f"{R}externalRef")):
        return None
    names = [d.get("name") for d in root if d.tag == f"{R}define"]
    if len(names) != len(set(names)) or any(d.get("combine") for d in root.iter(f"{R}define")):
        return None
    return tree


@functools.cache
def _piece_grammar(key: Key, name: str, vocabulary: frozenset[tuple[str, str]]) -> etree.RelaxNG | None:
    """tei_all started at element ``name``'s pattern, pruned to ``vocabulary``."""
    source = _source(key)
    if source is None or _pattern(source.getroot(), name) is None:
        return None
    tree = copy.deepcopy(source)
    start = tree.getroot().find(f"{R}start")
    if start is None:
        return None
    for child in list(start):
        start.remove(child)
    etree.SubElement(start, f"{R}ref", name=name)
    return etree.RelaxNG(teiall.flatten(teiall.prune(tree, vocabulary)))


@functools.cache
def _skeleton_grammar(key: Key, names: frozenset[str], vocabulary: frozenset[tuple[str, str]],
                      parents: frozenset[tuple[str, str]]) -> etree.RelaxNG | None:
    """tei_all pruned to ``vocabulary`` in which each of ``names`` may be its hollow, where
    ``_repeatable`` proves that sound; else None."""
    source = _source(key)
    if source is None:
        return None
    tree = copy.deepcopy(source)
    root = tree.getroot()
    for name in names:
        pattern = _pattern(root, name)
        if pattern is None:
            return None
        choice = etree.Element(f"{R}choice")
        pattern.addprevious(choice)
        choice.append(pattern)  # moves it
        etree.SubElement(etree.SubElement(choice, f"{R}element", name=name, ns=HOLLOW), f"{R}empty")
    # No pattern but its own may match a hollow.
    for any_name in list(root.iter(f"{R}anyName")):
        holder = any_name.find(f"{R}except")
        if holder is None:
            holder = etree.SubElement(any_name, f"{R}except")
        etree.SubElement(holder, f"{R}nsName", ns=HOLLOW)
    for ns_name in root.iter(f"{R}nsName"):
        holder = ns_name.getparent()
        if ns_name.get("ns") == HOLLOW and (holder is None or holder.tag != f"{R}except"):
            return None
    pruned = teiall.prune(tree, vocabulary)
    if not all(_repeatable(pruned.getroot(), name, parents) for name in names):
        return None
    return etree.RelaxNG(teiall.flatten(pruned))


def _repeatable(root: etree._Element, name: str, parents: frozenset[tuple[str, str]]) -> bool:
    """Does every use of definition ``name`` in the (pruned) grammar that can hold a hollow
    (inside an element pattern named as a hollow's parent: ``parents``) stand inside a
    repetition that would take any number of matches of it where it takes one (module
    docstring)? Uses in a group with a member that matches nothing cannot hold one."""
    defines = {d.get("name"): d for d in root if d.tag == f"{R}define"}
    nullable = _Nullable(defines)
    todo, done = [name], set()
    while todo:
        current = todo.pop()
        if current in done:
            continue
        done.add(current)
        for ref in root.iter(f"{R}ref"):
            if ref.get("name") != current:
                continue
            node = ref
            while True:
                parent = node.getparent()
                if parent is None:
                    return False
                if parent.tag in _REPEAT:
                    break
                if parent.tag in _GROUPS:
                    others = [c for c in teiall.patterns(parent) if c is not node]
                    if any(nullable.nothing(c) for c in others):
                        break  # this group matches nothing: no hollow stands in it
                    if parent.tag == f"{R}interleave":
                        others_ok = all(c.tag == f"{R}text" for c in others)
                    else:
                        others_ok = all(nullable(c) for c in others)
                    if not others_ok:
                        if _elsewhere(parent, parents):
                            break
                        return False
                    if parent.tag == f"{R}define":
                        if parent.getparent() is not root:
                            return False
                        todo.append(parent.get("name") or "")
                        break
                elif parent.tag not in _THROUGH:
                    if parent.tag == f"{R}start" or _elsewhere(parent, parents):
                        break  # the document element, or a parent no hollow has
                    return False  # an element, attribute, list, except...
                node = parent
    return True


def _elsewhere(node: etree._Element, parents: frozenset[tuple[str, str]]) -> bool:
    """Is ``node`` inside (or) an element pattern, in its definition, of a plain name that
    is none of ``parents``? A hollow's parent cannot match it, so no hollow stands there."""
    for above in (node, *node.iterancestors()):
        if above.tag == f"{R}define":
            return False
        if above.tag == f"{R}element":
            name = above.get("name")
            return (name is not None and ":" not in name
                    and (teiall._inherited_ns(above), name.strip()) not in parents)
    return False


class _Nullable:
    """Can a pattern match no content (no element, no text that counts)? A reference whose
    answer depends on itself counts as not (which only refuses more)."""

    def __init__(self, defines: dict[str | None, etree._Element]):
        self.defines = defines
        self.memo: dict[str, bool] = {}

    def __call__(self, p: etree._Element) -> bool:
        tag = p.tag
        if tag in (f"{R}empty", f"{R}text", f"{R}optional", f"{R}zeroOrMore"):
            return True
        if tag in (f"{R}group", f"{R}interleave", f"{R}mixed", f"{R}oneOrMore", f"{R}define"):
            return all(self(c) for c in teiall.patterns(p))
        if tag == f"{R}choice":
            return any(self(c) for c in teiall.patterns(p))
        if tag == f"{R}ref":
            name = p.get("name") or ""
            if name not in self.memo:
                self.memo[name] = False
                target = self.defines.get(name)
                self.memo[name] = target is not None and self(target)
            return self.memo[name]
        return False  # element, attribute, data, value, list, notAllowed...

    def nothing(self, p: etree._Element) -> bool:
        """Does the pattern match nothing at all (``notAllowed``, as pruning leaves it)?
        Elements and the rest count as matching something (which only refuses more)."""
        tag = p.tag
        if tag == f"{R}notAllowed":
            return True
        if tag in (f"{R}group", f"{R}interleave", f"{R}mixed", f"{R}oneOrMore", f"{R}define"):
            return any(self.nothing(c) for c in teiall.patterns(p))
        if tag == f"{R}choice":
            return all(self.nothing(c) for c in teiall.patterns(p))
        if tag == f"{R}ref":
            name = p.get("name") or ""
            key = "!" + name
            if key not in self.memo:
                self.memo[key] = False
                target = self.defines.get(name)
                self.memo[key] = target is not None and self.nothing(target)
            return self.memo[key]
        return False


class _Failed(Exception):
    pass


class _Check:
    def __init__(self, key: Key) -> None:
        self.key = key
        self.names: set[tuple[str, str]] = set()
        self.ids: set[str] = set()
        self.hollows: set[etree._Element] = set()
        self.started = False

    def _learn(self, element: etree._Element) -> None:
        for e in element.iter("*"):
            q = etree.QName(e)
            self.names.add((q.namespace or "", q.localname))
            value = e.get(XML_ID)
            if value is not None:
                if value in self.ids:
                    raise _Failed  # a duplicate ID: jing reports it
                self.ids.add(value)

    def batch(self, root: etree._Element, containers: list[streamed._Container], final: bool) -> None:
        if not self.started:
            # The names read so far (header, front...): most of the pieces' vocabulary, so
            # the piece grammars are rarely pruned again for a new name.
            self.started = True
            self.names.update(teiall.vocabulary(root.getroottree()))
        found = [(c, c.ended()) for c in containers]
        for _, pieces in found:
            for _, piece in pieces:
                self._learn(piece)
        vocabulary = frozenset(self.names)
        for _, pieces in found:
            for kind, piece in pieces:
                grammar = _piece_grammar(self.key, kind, vocabulary)
                if grammar is None or not grammar.validate(piece):
                    raise _Failed
        for container, pieces in found:
            container.hollow(pieces, final or not container.open, self.hollows)

    def skeleton(self, tree: etree._ElementTree) -> None:
        root = tree.getroot()
        names, parents = set(), set()
        for e in root.iter(f"{{{HOLLOW}}}*"):
            if e not in self.hollows:
                raise _Failed  # the file's own element in the hollows' namespace
            names.add(etree.QName(e).localname)
            holder = e.getparent()
            if holder is None:
                raise _Failed
            parent = etree.QName(holder)
            parents.add((parent.namespace or "", parent.localname))
        for e in root.iter("*"):
            if e not in self.hollows:
                value = e.get(XML_ID)
                if value is not None:
                    if value in self.ids:
                        raise _Failed
                    self.ids.add(value)
        grammar = _skeleton_grammar(self.key, frozenset(names), teiall.vocabulary(tree),
                                     frozenset(parents))
        if grammar is None or not grammar.validate(tree):
            raise _Failed


def valid(parsed: Parsed, rng: Path) -> bool:
    """True if tei_all (``rng``) passes ``parsed`` as libxml2 would on the whole tree, and
    jing (ids unique); False when this check cannot say so (the caller then decides on the
    whole tree). Never builds the whole tree."""
    key = (str(rng), teiall._stamp(str(rng)))
    try:
        if _source(key) is None:
            return False
        check = _Check(key)
        with streamed._source(parsed) as raw:
            tree = streamed.stream(raw, check.batch, _Container.of)
        check.skeleton(tree)
        return True
    except Exception:  # noqa: BLE001  (a failure, or anything unforeseen: the whole tree decides)
        return False
