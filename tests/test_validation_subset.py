"""The project schema is a subset of tei_all: mutants of the valid editions that the project
XSD still accepts must all be valid tei_all, by jing.

Each mutant deletes, duplicates or empties one element of a valid edition. Most break the
XSD; the ones it accepts are exactly the freedoms the XSD grants (optional or repeatable
parts), and each of those must be a freedom tei_all grants too."""
from __future__ import annotations

import copy
import subprocess
from pathlib import Path

from lxml import etree

from teiedition.validation import project, wellformed
from teiedition.validation.locate import Locator

from .conftest import TEI_ALL_RNG

VALID = Path(__file__).parent / "fixtures" / "valid"


def mutants(tree: etree._ElementTree):
    count = sum(1 for _ in tree.getroot().iter("*"))
    for k in range(1, count):  # never the root
        original = list(tree.getroot().iter("*"))[k]
        # Emptying a leaf only drops text, which no TEI element here requires.
        hows = ("delete", "duplicate", "empty") if len(original) else ("delete", "duplicate")
        for how in hows:
            t = copy.deepcopy(tree)
            e = list(t.getroot().iter("*"))[k]
            if how == "delete":
                parent = e.getparent()
                if e.tail:  # keep the text around it, as an editor deleting a tag would
                    prev = e.getprevious()
                    if prev is not None:
                        prev.tail = (prev.tail or "") + e.tail
                    else:
                        parent.text = (parent.text or "") + e.tail
                parent.remove(e)
            elif how == "duplicate":
                e.addnext(copy.deepcopy(e))
            else:
                for child in list(e):
                    e.remove(child)
                e.text = None
            yield f"{k}-{how}", t


def test_mutants_the_project_schema_accepts_are_valid_tei_all(tmp_path, jing):
    written = []
    for source in ("edition-minimal.xml", "edition-variants.xml"):
        tree = wellformed.parse(str(VALID / source))[0].tree
        for name, mutant in mutants(tree):
            if not project.check(wellformed.Parsed(name, b"", mutant, Locator(mutant, b""))):
                path = tmp_path / f"{source[:-4]}-{name}.xml"
                path.write_bytes(etree.tostring(mutant, xml_declaration=True, encoding="UTF-8"))
                written.append(path)
    # The XSD must grant some freedoms, or this test would check nothing.
    assert len(written) > 50
    run = subprocess.run([jing, str(TEI_ALL_RNG), *map(str, written)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[:3000]
