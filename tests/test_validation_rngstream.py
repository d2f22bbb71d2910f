"""lxml's streamed tei_all check (.rngstream) passes only what jing passes, and the lxml
engine with it gives jing's verdict: on every fixture, the sample, mutants of the editions
(an element deleted, duplicated or emptied; a name changed) and files made to probe the
hollows. Small batches (as test_validation_streamed does) so that small files are read in
many batches and their pieces hollowed in runs."""
from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teiedition.validation import rngstream, streamed, streaming, teiall, wellformed

from .conftest import SAMPLE_TEI, TEI_ALL_RNG
from .test_validation_fast import _vocabulary_mutants
from .test_validation_subset import mutants

FIXTURES = Path(__file__).parent / "fixtures"
EDITIONS = [FIXTURES / "valid" / "edition-minimal.xml", FIXTURES / "valid" / "edition-variants.xml"]
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(streamed, "CHUNK_BYTES", 512)
    monkeypatch.setattr(streamed, "BATCH_BYTES", 1024)
    monkeypatch.setenv(streaming.STREAM_ENV, "1")


def _jing_invalid(jing: str, paths: list[Path]) -> set[str]:
    run = subprocess.run([jing, str(TEI_ALL_RNG), *map(str, paths)], capture_output=True, text=True,
                         check=False)
    assert run.returncode in (0, 1), run.stderr
    return {line.split(":")[0] for line in run.stdout.splitlines() if ": error: " in line}


def _compare(paths: list[Path], jing: str) -> tuple[int, int]:
    """Asserts the streamed check passes no file jing rejects and the lxml engine (streamed
    first) rejects exactly jing's; (files passed streamed, files jing rejects)."""
    by_jing = _jing_invalid(jing, paths)
    parsed = [p for p in (wellformed.parse(str(path), tree=False)[0] for path in paths) if p is not None]
    passed = {p.name for p in parsed if rngstream.valid(p, TEI_ALL_RNG)}
    assert not passed & by_jing
    by_lxml = {i.file for i in teiall.check(parsed, TEI_ALL_RNG, engine="lxml")}
    assert by_lxml == {p.name for p in parsed} & by_jing
    return len(passed), len(by_jing)


def _write(tmp_path: Path, name: str, tree: etree._ElementTree) -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path


def test_streamed_lxml_gives_jings_verdict_on_every_fixture_and_the_sample(jing):
    paths = [p for p in sorted(FIXTURES.rglob("*.xml")) if wellformed.parse(str(p))[0] is not None]
    passed, rejected = _compare([*paths, SAMPLE_TEI], jing)
    assert passed >= 3 and rejected >= 4


def test_the_sample_and_the_editions_pass_streamed():
    for path in [SAMPLE_TEI, *EDITIONS]:
        parsed, _ = wellformed.parse(str(path), tree=False)
        assert parsed is not None and rngstream.valid(parsed, TEI_ALL_RNG), path
        assert not parsed.has_tree()


def test_streamed_lxml_gives_jings_verdict_on_mutants(tmp_path, jing):
    paths = []
    for source in EDITIONS:
        tree = wellformed.parse(str(source))[0].tree
        # Every seventh mutant: each kind of change on parts all through the file, in seconds.
        for k, (name, mutant) in enumerate(mutants(tree)):
            if k % 7 == 0:
                paths.append(_write(tmp_path, f"{source.stem}-{name}", mutant))
    paths += [_write(tmp_path, f"vocabulary-{k}", tree) for k, tree in _vocabulary_mutants() if k % 3 == 0]
    passed, rejected = _compare(paths, jing)
    assert passed > 50 and rejected > 20


def _sample_with(change) -> etree._ElementTree:
    tree = etree.parse(str(SAMPLE_TEI))
    change(tree.getroot())
    return tree


def _notes(root: etree._Element) -> etree._Element:
    found = root.find(f".//{T}back/{T}div[@type='notes']")
    assert found is not None
    return found


def _probes():
    def duplicate_id_across_notes(root):
        notes = _notes(root).findall(f"{T}note")
        notes[-1].set(XML_ID, notes[0].get(XML_ID))

    def hollow_of_its_own(root):
        etree.SubElement(_notes(root), f"{{{rngstream.HOLLOW}}}note")

    def text_between_notes(root):
        _notes(root).findall(f"{T}note")[3].tail = " stray text "

    def bad_note_late(root):
        etree.SubElement(_notes(root).findall(f"{T}note")[-2], f"{T}unknownElement")

    def note_in_the_header(root):
        # A note where tei_all takes only one: the hollow must not stand for several there.
        stmt = root.find(f".//{T}titleStmt")
        assert stmt is not None
        etree.SubElement(stmt, f"{T}note").text = "x"

    def head_after_the_paragraphs(root):
        # A head (divTop) after the chapter's hollowed paragraphs: tei_all wants it first.
        chapter = root.find(f".//{T}body/{T}div")
        assert chapter is not None
        etree.SubElement(chapter, f"{T}head").text = "Late"

    def two_notes_divisions(root):
        notes = _notes(root)
        notes.addnext(copy.deepcopy(notes))
        for e in notes.getnext().iter():
            if e.get(XML_ID):
                e.set(XML_ID, e.get(XML_ID) + "-again")

    for change in (duplicate_id_across_notes, hollow_of_its_own, text_between_notes, bad_note_late,
                   note_in_the_header, head_after_the_paragraphs, two_notes_divisions):
        yield change.__name__, _sample_with(change)


def test_streamed_lxml_gives_jings_verdict_on_probes(tmp_path, jing):
    paths = [_write(tmp_path, name, tree) for name, tree in _probes()]
    _compare(paths, jing)
    by_jing = _jing_invalid(jing, paths)
    for name in ("duplicate_id_across_notes", "hollow_of_its_own", "bad_note_late",
                 "head_after_the_paragraphs"):
        assert str(tmp_path / f"{name}.xml") in by_jing


def test_a_use_outside_a_repetition_is_refused():
    # A group of two notes and a paragraph: a hollow for notes there could stand for three.
    # Refused where a hollow's parent could match the element (head), not elsewhere.
    source = rngstream._source((str(TEI_ALL_RNG), teiall._stamp(str(TEI_ALL_RNG))))
    assert source is not None
    vocabulary = teiall.vocabulary(etree.parse(str(SAMPLE_TEI)))
    tree = teiall.prune(source, vocabulary | {(rngstream.HOLLOW, "note")})
    tei = "http://www.tei-c.org/ns/1.0"
    assert rngstream._repeatable(tree.getroot(), "note", frozenset({(tei, "div")}))
    head = etree.Element(f"{teiall.R}element", name="head")
    group = etree.SubElement(head, f"{teiall.R}group")
    etree.SubElement(group, f"{teiall.R}ref", name="note")
    etree.SubElement(group, f"{teiall.R}ref", name="note")
    etree.SubElement(group, f"{teiall.R}ref", name="p")
    tree.getroot().append(etree.Element(f"{teiall.R}define", name="probe"))
    tree.getroot()[-1].append(head)
    assert rngstream._repeatable(tree.getroot(), "note", frozenset({(tei, "div")}))
    assert not rngstream._repeatable(tree.getroot(), "note", frozenset({(tei, "div"), (tei, "head")}))
