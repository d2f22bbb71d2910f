"""Issue 13, points 3 and 5: TEI files as build inputs, hand corrections never overwritten,
and convert never exits 0 with invalid TEI.

The chapters are the real ones (the sample and a generated corpus chapter), built through
the real pipeline (XML gate, validation, Saxon, Typst, bag); the command line runs in
process through ``cli.main``, as the other CLI tests do where no subprocess is needed.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from teiedition import api, cli, handedit, tei
from teiedition.archive import verify_bag
from teiedition.corpus import MANIFEST, build_many, expand_inputs
from teiedition.validation import validate

from .conftest import TEI_ALL_RNG
from .corpusgen import write_corpus

SAMPLE = api.sample_path()


def _main(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _counts(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["built", "skipped"])
    return lines[header + 1].split()[:3]


def _hand_correct(path: Path) -> bytes:
    """An editor's correction: one word of a note changed, the file otherwise as written."""
    data = path.read_bytes().replace(b"Soviet foreign policy archives",
                                     b"Soviet foreign-policy archives", 1)
    path.write_bytes(data)
    return data


def test_seal_detects_any_change_and_no_seal():
    data, _ = api.convert_file(SAMPLE)
    assert handedit.seal_state(data) == "intact"
    assert handedit.seal_state(data.replace(b"Rapallo", b"Rapalo", 1)) == "broken"
    assert handedit.seal_state(data.replace(b"  <teiHeader>", b" <teiHeader>", 1)) == "broken"
    assert handedit.seal_state(tei.serialize(api.convert_text(SAMPLE.read_text(), "x.txt")[0])) == "none"
    # The seal is a processing instruction: it adds nothing to the text or the editions.
    assert data.count(b"<?teiedition written-sha256=") == 1


def test_convert_refuses_a_hand_corrected_tei_and_force_replaces_it(tmp_path, capsys):
    out = tmp_path / "ch.xml"
    assert _main(capsys, "convert", str(SAMPLE), "-o", str(out))[0] == 0
    assert _main(capsys, "convert", str(SAMPLE), "-o", str(out))[0] == 0  # unchanged: replaced
    corrected = _hand_correct(out)
    code, _, err = _main(capsys, "convert", str(SAMPLE), "-o", str(out))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"teiedition: {out}: not overwritten: it was changed "
                                                   "after teiedition wrote it")
    assert out.read_bytes() == corrected
    assert _main(capsys, "convert", str(SAMPLE), "-o", str(out), "--force")[0] == 0
    assert handedit.seal_state(out.read_bytes()) == "intact"


def test_convert_refuses_a_tei_it_did_not_write_but_not_an_empty_file(tmp_path, capsys):
    foreign = tmp_path / "foreign.xml"
    foreign.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>')
    code, _, err = _main(capsys, "convert", str(SAMPLE), "-o", str(foreign))
    assert code == 2 and "carries no teiedition seal" in err and err.count("\n") == 1
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    assert _main(capsys, "convert", str(SAMPLE), "-o", str(empty))[0] == 0


def test_convert_of_a_tei_file_says_what_to_do(tmp_path, capsys):
    code, _, err = _main(capsys, "convert", "tei/roberts-1995-rapallo.xml")
    assert code == 2 and "is a TEI file already" in err and "teiedition enrich" in err


def test_convert_never_exits_0_with_invalid_tei(tmp_path, capsys, monkeypatch):
    real = tei.to_tei

    def broken(chapter, edition_date=None):
        # A writer bug: the header loses its title, which the project schema requires.
        tree = real(chapter, edition_date)
        title = tree.getroot().find(f".//{{{tei.TEI_NS}}}titleStmt/{{{tei.TEI_NS}}}title")
        title.getparent().remove(title)
        return tree

    monkeypatch.setattr(tei, "to_tei", broken)
    out = tmp_path / "ch.xml"
    code, stdout, err = _main(capsys, "convert", str(SAMPLE), "-o", str(out))
    assert code == 1 and err.count("\n") == 1
    assert "the TEI teiedition made is invalid" in err and "bug in teiedition" in err
    assert f"{SAMPLE}:" in err and "project" in err
    assert not out.exists() and os.listdir(tmp_path) == []
    code, stdout, err = _main(capsys, "convert", str(SAMPLE))  # to stdout: nothing printed
    assert code == 1 and stdout == ""


@pytest.fixture(scope="module")
def corrected_build(tmp_path_factory):
    """The sample built, its TEI corrected by hand and built again as it is."""
    out = tmp_path_factory.mktemp("build")
    quiet = io.StringIO()
    assert not build_many([str(SAMPLE)], out, jobs=1, out=quiet, err=quiet).failed
    tei_path = out / "roberts-1995-rapallo.xml"
    corrected = _hand_correct(tei_path)
    summary = build_many([str(tei_path)], out, api.BuildOptions(edition_date="2024-05-01"), jobs=1,
                         out=quiet, err=quiet)
    return out, tei_path, corrected, summary


def test_a_hand_corrected_tei_builds_into_html_pdf_and_bag(corrected_build):
    out, tei_path, corrected, summary = corrected_build
    assert [o.status for o in summary.outcomes] == ["built"]
    assert tei_path.read_bytes() == corrected  # never reconverted, never rewritten
    html = (out / "roberts-1995-rapallo.html").read_text()
    assert "Soviet foreign-policy archives" in html
    assert (out / "roberts-1995-rapallo.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "roberts-1995-rapallo.review.html").is_file()
    bag = out / "roberts-1995-rapallo.bag"
    assert verify_bag(bag) == []
    assert (bag / "data" / "roberts-1995-rapallo.xml").read_bytes() == corrected


def test_rebuilding_the_text_refuses_the_corrected_tei(corrected_build, capsys):
    out, tei_path, corrected, _ = corrected_build
    code, _, err = _main(capsys, "build", str(SAMPLE), "-o", str(out))
    assert code == 1 and tei_path.read_bytes() == corrected
    [line] = [x for x in err.splitlines() if x.startswith("teiedition:")]
    assert f"{tei_path}: not overwritten: it was changed after teiedition wrote it" in line
    code, _, err = _main(capsys, "convert", str(SAMPLE), "-o", str(tei_path))
    assert code == 2 and "not overwritten" in err and tei_path.read_bytes() == corrected
    code, _, err = _main(capsys, "build", str(SAMPLE), "-o", str(out), "--force")
    assert code == 0 and handedit.seal_state(tei_path.read_bytes()) == "intact"


def test_a_tei_input_is_copied_and_its_copy_may_be_replaced(tmp_path, capsys):
    data, _ = api.convert_file(SAMPLE)
    source = tmp_path / "edited" / "ch.xml"
    source.parent.mkdir()
    source.write_bytes(data.replace(b"Rapallo", b"Rapallo Treaty", 1))
    out = tmp_path / "out"
    assert _main(capsys, "build", str(source), "-o", str(out))[0] == 0
    assert (out / "ch.xml").read_bytes() == source.read_bytes()
    # The editor corrects the source again: the copy the build made is replaced (the
    # manifest records it as teiedition's), the unchanged chapter skipped next time.
    source.write_bytes(source.read_bytes().replace(b"Rapallo Treaty", b"Rapallo treaty", 1))
    code, stdout, _ = _main(capsys, "build", str(source), "-o", str(out))
    assert code == 0 and (out / "ch.xml").read_bytes() == source.read_bytes()
    code, stdout, _ = _main(capsys, "build", str(source), "-o", str(out))
    assert code == 0 and _counts(stdout) == ["0", "1", "0"]  # built, skipped, failed
    entry = json.loads((out / MANIFEST).read_text())["chapters"][str(source.resolve())]
    assert "ch.xml" in entry["outputs"]


def test_an_invalid_tei_input_fails_in_one_line_and_nothing_is_built(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    data, _ = api.convert_file(SAMPLE)
    # A correction that breaks the project schema: a note without its number.
    bad.write_bytes(data.replace(b'<note xml:id="n1" n="1" ', b'<note xml:id="n1" ', 1))
    out = tmp_path / "out"
    code, _, err = _main(capsys, "build", str(bad), "-o", str(out))
    assert code == 1
    [line] = [x for x in err.splitlines() if x.startswith("teiedition:")]
    assert f"{bad}:" in line and "invalid TEI, not built" in line and "teiedition validate" in line
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, ".teiedition.lock"]
    notxml = tmp_path / "page.xml"
    notxml.write_text("<html><body/></html>")
    code, _, err = _main(capsys, "build", str(notxml), "-o", str(out))
    assert code == 1 and "not a TEI file: its root element is <html>" in err


def test_a_foreign_tei_builds_against_tei_all(tmp_path, capsys, monkeypatch, shared):
    monkeypatch.setenv("TEIEDITION_TEI_ALL", str(TEI_ALL_RNG))
    source = shared / "tei-corpus" / "stylesheets-test" / "testnotes1.xml"
    out = tmp_path / "out"
    code, _, err = _main(capsys, "build", str(source), "-o", str(out), "--edition-date", "2024-01-01")
    assert code == 0, err
    assert (out / "testnotes1.html").is_file()
    assert (out / "testnotes1.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "testnotes1.xml").read_bytes() == source.read_bytes()
    # Without a copy of tei_all, the build says what it could not check.
    monkeypatch.delenv("TEIEDITION_TEI_ALL")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, _, err = _main(capsys, "build", str(source), "-o", str(tmp_path / "out2"))
    assert code == 0 and "warning: tei_all not checked" in err


def test_directories_hold_every_input_format_but_not_the_build_output(tmp_path):
    inp = tmp_path / "in"
    write_corpus(inp, 1, 2)
    for name in ("b.md", "c.docx", "d.odt", "e.xml", "notes.json", ".hidden.xml"):
        (inp / name).write_bytes(b"x")
    (inp / "out").mkdir()
    (inp / "out" / "chapter-0000.xml").write_bytes(b"x")
    (inp / "x.bag" / "data").mkdir(parents=True)
    (inp / "x.bag" / "data" / "x.xml").write_bytes(b"x")
    found = [p.name for p in expand_inputs([str(inp)], exclude=[inp / "out"])]
    assert found == ["b.md", "c.docx", "chapter-0000.txt", "d.odt", "e.xml"]


def test_the_corrected_edition_is_still_valid(corrected_build):
    _, tei_path, _, _ = corrected_build
    assert validate(tei_path, schema="project").ok
