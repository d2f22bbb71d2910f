"""The streamed check (teiedition.validation.streamed) says "valid" exactly where the whole tree
does, and a file it passes or sends back is reported as before.

Small files are checked with tiny chunks and batches, so that every fixture and mutant is cut
into batches at many places (a piece still being parsed, a note whose note before it was
checked in the batch before, runs of hollows); the larger edition with the batches of a real
run. Verdicts only: nothing here is timed (bench/validation.py measures)."""
from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from teiedition.validation import project, schematron, streamed, streaming, validate, wellformed
from teiedition.validation.locate import Locator

from .conftest import ROOT, SAMPLE_TEI, TEI_ALL_RNG
from .test_validation_subset import mutants

FIXTURES = Path(__file__).parent / "fixtures"
EDITIONS = [FIXTURES / "valid" / "edition-minimal.xml", FIXTURES / "valid" / "edition-variants.xml"]
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_validation", ROOT / "bench" / "validation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _whole(data: bytes, edition: bool = False) -> str | None:
    """The whole-tree path's verdict, as ``streamed.valid`` gives it: "edition" for an edition
    (or with ``edition``, as ``--schema project`` checks every file) that passes the project
    layer and the rules' phase #ALL, "generic" for other TEI that passes phase generic, None
    for a file that fails (or that libxml2 refuses)."""
    try:
        tree = etree.fromstring(data, etree.XMLParser(collect_ids=False, resolve_entities=False,
                                                       no_network=True, huge_tree=True)).getroottree()
    except etree.XMLSyntaxError:
        return None
    edition = edition or wellformed.is_teiedition(tree)
    parsed = wellformed.Parsed("whole", data, tree, Locator(tree, data))
    if edition:
        ok = project.valid_fast(tree, wellformed.Parsed("whole", data, tree)) and not schematron.check(parsed)
    else:
        ok = not schematron.check(parsed, phase="generic")
    return ("edition" if edition else "generic") if ok else None


def _streamed(data: bytes, monkeypatch, chunk: int, batch: int, edition: bool = False) -> str | None:
    monkeypatch.setattr(streamed, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(streamed, "BATCH_BYTES", batch)
    return streamed.valid(wellformed.Parsed("streamed", data), edition=edition)


def _bytes(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def test_the_schemas_are_the_ones_the_streamed_check_was_written_for():
    # Fails when teiedition.sch or teiedition.rng changes: review streamed.py's reasoning
    # against the new rules (what each reads), then update streamed._SCH_CRC32.
    assert streamed.available()


def _documents() -> list[Path]:
    out = []
    for path in [*sorted(FIXTURES.rglob("*.xml")), SAMPLE_TEI]:
        parsed, _ = wellformed.parse(str(path), tree=False)
        if parsed is not None and not wellformed.check_tei(parsed):
            out.append(path)
    return out


@pytest.mark.parametrize("path", _documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_streamed_verdict_is_the_whole_trees_on_every_fixture(path, monkeypatch):
    data = path.read_bytes()
    for edition in (False, True):  # as all layers check the file, and as --schema project does
        whole = _whole(data, edition)
        for chunk, batch in ((64, 128), (700, 1500), (1 << 16, 1 << 20)):
            assert _streamed(data, monkeypatch, chunk, batch, edition) == whole, (edition, chunk, batch)


def test_the_fixtures_hold_both_verdicts_of_both_phases():
    found = {(edition, _whole(path.read_bytes(), edition)) for path in _documents() for edition in (False, True)}
    assert {(False, "edition"), (False, "generic"), (False, None), (True, "edition"), (True, None)} <= found


def test_streamed_verdict_is_the_whole_trees_on_every_mutant(monkeypatch):
    counts: dict[str | None, int] = {"edition": 0, None: 0}
    for source in EDITIONS:
        tree = wellformed.parse(str(source))[0].tree
        for k, (name, mutant) in enumerate(mutants(tree)):
            data = _bytes(mutant)
            whole = _whole(data)
            chunk = 48 + 37 * (k % 23)  # batch boundaries at many places
            verdict = _streamed(data, monkeypatch, chunk, 2 * chunk)
            assert verdict == whole, f"{source.name} {name}"
            counts[verdict] = counts.get(verdict, 0) + 1
    # Both verdicts many times, or this test would check little.
    assert counts["edition"] > 50 and counts[None] > 200, counts


@pytest.fixture(scope="module")
def edition() -> etree._ElementTree:
    """A valid edition of about 150 KB, made as bench/validation.py makes its editions."""
    return etree.fromstring(_bench().make_edition(150_000)).getroottree()


def _edits(tree: etree._ElementTree):
    """Edits of the edition that matter across pieces and batches, each applied to a copy."""
    def notes(t):
        return [n for n in t.getroot().iter(f"{T}note") if n.getparent().get("type") == "notes"]

    def entries(t):
        return next(t.getroot().iter(f"{T}listBibl")).findall(f"{T}bibl")

    def sections(t):
        return [d for d in t.getroot().iter(f"{T}div") if d.get("type") == "section"]

    def comment(t):
        middle = notes(t)[len(notes(t)) // 2]
        middle.addnext(etree.Comment(" a comment between notes "))
        middle.getnext().tail = "\n"

    def text_between(t):
        notes(t)[7].tail = " stray text "

    def gap(t):
        # Notes from the 41st numbered one up (their ids, their citations' ids, their calls
        # and every pointer to them): only note-contiguous fails, at one note.
        for e in t.getroot().iter():
            for key, value in e.items():
                if key == "n" and e.tag in (f"{T}note", f"{T}ref") and int(value) >= 41:
                    e.set(key, str(int(value) + 1))
                elif key in (XML_ID, "target", "corresp"):
                    e.set(key, re.sub(r"^(#?)n(\d+)", lambda m: m[1] + "n" + str(
                        int(m[2]) + (int(m[2]) >= 41)), value))

    def duplicate_entry_id(t):
        found = entries(t)
        found[-1].set(XML_ID, found[3].get(XML_ID))

    def dangling(t):
        for bibl in notes(t)[-3].iter(f"{T}bibl"):
            bibl.set("corresp", "#nowhere")

    def unknown_attribute(t):
        sections(t)[-1].set("rend", "x")

    def short_in_letter(t):
        note = notes(t)[30]
        bibl = etree.SubElement(note, f"{T}bibl", type="letter")
        bibl.set(XML_ID, f"{note.get(XML_ID)}-{len(note.findall(f'{T}bibl')) + 1}")
        etree.SubElement(bibl, f"{T}ref", type="short", target="#n1-1").text = "x"

    def chapter_in_section(t):
        section = sections(t)[1]
        inner = etree.SubElement(section, f"{T}div", type="chapter")
        etree.SubElement(inner, f"{T}head").text = "x"
        etree.SubElement(etree.SubElement(inner, f"{T}div", type="section"), f"{T}head").text = "y"

    def renumbered_from_two(t):
        for note in notes(t):
            note.set("n", str(int(note.get("n")) + 1))

    def hollow_of_the_files_own(t):
        # An element in the namespace of the streamed check's hollows, where a note may stand:
        # not TEI, so the whole tree refuses it, and so must the streamed check.
        foreign = etree.Element(f"{{{streamed.HOLLOW}}}note")
        foreign.tail = "\n"
        notes(t)[0].addprevious(foreign)

    def flattened(t):
        # The chapter's own paragraphs, no divisions: blocks are the pieces.
        chapter = next(d for d in t.getroot().iter(f"{T}div") if d.get("type") == "chapter")
        for section in sections(t):
            for block in section.findall(f"{T}p"):
                section.addprevious(block)
            chapter.remove(section)

    def flattened_with_a_bad_paragraph(t):
        flattened(t)
        chapter = next(d for d in t.getroot().iter(f"{T}div") if d.get("type") == "chapter")
        chapter.findall(f"{T}p")[-5].set("rend", "x")

    def flattened_with_a_note_call_astray(t):
        flattened(t)
        chapter = next(d for d in t.getroot().iter(f"{T}div") if d.get("type") == "chapter")
        call = chapter.findall(f"{T}p")[-3].find(f"{T}ref")
        call.set("n", str(int(call.get("n")) + 1))

    for edit in (flattened, flattened_with_a_bad_paragraph, flattened_with_a_note_call_astray,
                 hollow_of_the_files_own, comment, text_between, gap, duplicate_entry_id, dangling, unknown_attribute,
                 short_in_letter, chapter_in_section, renumbered_from_two):
        edited = copy.deepcopy(tree)
        edit(edited)
        yield edit.__name__, edited


def test_streamed_verdict_on_edits_across_pieces(edition, monkeypatch):
    seen = set()
    for name, edited in [("unedited", edition), *_edits(edition)]:
        data = _bytes(edited)
        whole = _whole(data)
        seen.add(whole)
        for chunk, batch in ((128, 128), (512, 4096), (4096, 20_000), (1 << 16, 1 << 20)):
            assert _streamed(data, monkeypatch, chunk, batch) == whole, (name, chunk)
    assert seen == {"edition", None}


def test_a_note_gap_where_a_batch_begins(edition, monkeypatch):
    """The note before the first of a batch is kept for note-contiguous: with chunks smaller
    than a note, a batch begins at every note, the broken one too."""
    data = _bytes(dict(_edits(edition))["gap"])
    tree = etree.fromstring(data).getroottree()
    parsed = wellformed.Parsed("gap", data, tree, Locator(tree, data))
    assert [i.rule for i in schematron.check(parsed)] == ["note-contiguous"]
    assert project.valid_fast(parsed.tree)
    for chunk in (64, 128, 200, 333):
        assert _streamed(data, monkeypatch, chunk, chunk) is None, chunk


@pytest.mark.parametrize("shape", ["sections", "flattened"])
def test_the_tree_is_never_whole(edition, monkeypatch, shape):
    """While the edition is checked, the tree holds a small part of its elements at a time
    (the header and front, whole, are most of it here), whether its chapter is divided or
    all paragraphs."""
    if shape == "flattened":
        edition = dict(_edits(edition))["flattened"]
    total = sum(1 for _ in edition.getroot().iter())
    most = 0
    batch = streamed._Check.batch

    def counting(self, root, containers, final):
        nonlocal most
        most = max(most, sum(1 for _ in root.iter()))
        return batch(self, root, containers, final)

    monkeypatch.setattr(streamed._Check, "batch", counting)
    assert _streamed(_bytes(edition), monkeypatch, 4096, 8192) == "edition"
    assert 0 < most < total / 5, (most, total)


def _reports(path: Path, monkeypatch, **kwargs) -> tuple[list[str | None], list[tuple]]:
    """The report of ``path`` checked streamed first and on the whole tree alone, and the
    streamed verdicts given."""
    verdicts: list[str | None] = []
    valid = streamed.valid

    def spy(parsed, edition=False):
        verdicts.append(valid(parsed, edition))
        return verdicts[-1]

    monkeypatch.setattr(streamed, "valid", spy)
    out = []
    for flag in ("1", "0"):
        monkeypatch.setenv(streaming.STREAM_ENV, flag)
        report = validate(path, **kwargs)
        out.append((report.to_text(), report.to_json(), report.exit_code, dict(report.layers), report.notes))
    return verdicts, out


def test_a_file_valid_streamed_is_reported_as_on_the_whole_tree(edition, tmp_path, monkeypatch):
    path = tmp_path / "edition.xml"
    path.write_bytes(_bytes(edition))
    verdicts, (streamed_report, whole_report) = _reports(path, monkeypatch, schema="project")
    assert verdicts == ["edition"]
    assert streamed_report == whole_report
    assert streamed_report[2] == 0


def test_all_layers_with_jing_valid_streamed(edition, tmp_path, monkeypatch, jing):
    path = tmp_path / "edition.xml"
    path.write_bytes(_bytes(edition))
    monkeypatch.setenv("TEIEDITION_RNG_ENGINE", "jing")
    verdicts, (streamed_report, whole_report) = _reports(path, monkeypatch, tei_all=TEI_ALL_RNG)
    assert verdicts == ["edition"]
    assert streamed_report == whole_report
    assert streamed_report[3][str(path)] == ["wellformed", "tei", "project", "schematron", "tei-all"]


def test_other_tei_valid_streamed_in_phase_generic(edition, tmp_path, monkeypatch, jing):
    """Not an edition (no teiedition application): the rules' phase generic, no project layer;
    a backward range in the last citation fails it, and the whole tree reports."""
    generic = copy.deepcopy(edition)
    app_info = next(generic.getroot().iter(f"{T}appInfo"))
    app_info.getparent().remove(app_info)
    monkeypatch.setenv("TEIEDITION_RNG_ENGINE", "jing")
    path = tmp_path / "generic.xml"
    path.write_bytes(_bytes(generic))
    verdicts, (streamed_report, whole_report) = _reports(path, monkeypatch, tei_all=TEI_ALL_RNG)
    assert verdicts == ["generic"]
    assert streamed_report == whole_report
    assert streamed_report[3][str(path)] == ["wellformed", "tei", "schematron", "tei-all"]
    last = list(generic.getroot().iter(f"{T}biblScope"))[-1]
    last.set("from", "9")
    last.set("to", "2")
    path.write_bytes(_bytes(generic))
    verdicts, (streamed_report, whole_report) = _reports(path, monkeypatch, tei_all=TEI_ALL_RNG)
    assert verdicts == [None] and streamed_report == whole_report
    assert [i["rule"] for i in json.loads(streamed_report[1])["issues"]] == ["range-ordered"]


def test_an_invalid_file_falls_back_and_is_reported_as_before(edition, tmp_path, monkeypatch, jing):
    """Broken in a note far from the start and in the last section: the whole tree reports."""
    edits = dict(_edits(edition))
    broken = edits["gap"]
    sections = [d for d in broken.getroot().iter(f"{T}div") if d.get("type") == "section"]
    sections[-1].set("rend", "x")
    path = tmp_path / "broken.xml"
    path.write_bytes(_bytes(broken))
    monkeypatch.setenv("TEIEDITION_RNG_ENGINE", "jing")
    verdicts, (streamed_report, whole_report) = _reports(path, monkeypatch, tei_all=TEI_ALL_RNG)
    assert verdicts == [None]
    assert streamed_report == whole_report
    text = streamed_report[0]
    assert ": project: " in text and ": schematron: " in text
    assert streamed_report[2] == 1


def test_large_files_only_unless_asked(monkeypatch):
    monkeypatch.delenv(streaming.STREAM_ENV, raising=False)
    assert not streaming.wanted(streaming.STREAM_MIN_BYTES - 1)
    assert streaming.wanted(streaming.STREAM_MIN_BYTES)
    monkeypatch.setenv(streaming.STREAM_ENV, "1")
    assert streaming.wanted(1)
    monkeypatch.setenv(streaming.STREAM_ENV, "0")
    assert not streaming.wanted(1 << 30)
