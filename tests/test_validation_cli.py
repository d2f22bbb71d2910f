"""`teiedition validate`: output lines, summary, JSON, schema choices, directories, exit codes."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from teiedition.cli import main

from .conftest import SAMPLE_TEI, TEI_ALL_RNG

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<layer>[a-z-]+): .+$")


@pytest.fixture(autouse=True)
def no_cached_tei_all(tmp_path, monkeypatch):
    # Tests decide where tei_all comes from; the user's cache must not leak in.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TEIEDITION_TEI_ALL", raising=False)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_files_exit_0_with_a_summary(capsys):
    code, out, _ = run(capsys, FIXTURES / "valid", SAMPLE_TEI, "--tei-all", TEI_ALL_RNG)
    assert code == 0
    n = len(list((FIXTURES / "valid").glob("*.xml"))) + 1
    assert out.strip().splitlines()[-1] == f"{n} files checked: {n} valid, 0 invalid, 0 errors"


def test_every_error_is_a_located_line_then_the_summary(capsys):
    code, out, _ = run(capsys, FIXTURES / "invalid" / "note-gap.xml", FIXTURES / "invalid" / "bad-when.xml",
                       "--tei-all", TEI_ALL_RNG)
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1] == "2 files checked: 0 valid, 2 invalid, 6 errors"
    for line in lines[:-1]:
        assert LINE.match(line), line
    assert {LINE.match(x)["layer"] for x in lines[:-1]} == {"project", "schematron", "tei-all"}


def test_json_output(capsys):
    code, out, _ = run(capsys, FIXTURES / "invalid" / "dangling-target.xml", "--format", "json",
                       "--tei-all", TEI_ALL_RNG)
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    [issue] = data["issues"]
    assert issue["rule"] == "target-resolves" and issue["line"] == 56 and issue["layer"] == "schematron"
    assert data["files"][0]["layers"] == ["wellformed", "tei", "project", "schematron", "tei-all"]


def test_directories_are_searched_recursively_for_xml(tmp_path, capsys):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "generic-tei.xml", tmp_path / "a" / "b" / "deep.xml")
    (tmp_path / "a" / "notes.txt").write_text("<not xml")
    code, out, _ = run(capsys, tmp_path, "--tei-all", TEI_ALL_RNG)
    assert code == 0 and "1 file checked" in out


def test_without_a_tei_all_copy_the_report_says_so_and_how_to_get_one(capsys):
    code, out, _ = run(capsys, FIXTURES / "valid" / "edition-minimal.xml")
    assert code == 0
    assert "note: tei_all not checked" in out and "teiedition schema fetch" in out


def test_env_var_points_at_tei_all(capsys, monkeypatch):
    monkeypatch.setenv("TEIEDITION_TEI_ALL", str(TEI_ALL_RNG))
    code, out, _ = run(capsys, FIXTURES / "invalid" / "generic-not-tei-all.xml")
    assert code == 1 and ": tei-all: " in out


def test_asking_for_tei_all_without_a_copy_is_a_usage_error(capsys):
    code, _, err = run(capsys, FIXTURES / "valid" / "edition-minimal.xml", "--schema", "tei-all")
    assert code == 2 and "schema fetch" in err and "Traceback" not in err


def test_a_missing_tei_all_path_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, SAMPLE_TEI, "--tei-all", tmp_path / "nope.rng")
    assert code == 2 and "not found" in err


def test_unreadable_input_exits_2(capsys, tmp_path):
    code, out, _ = run(capsys, tmp_path / "missing.xml")
    assert code == 2 and ": input: cannot read file" in out


@pytest.mark.parametrize("schema,layers", [
    ("project", {"project"}),
    ("tei-all", {"tei-all"}),
    (str(SCHEMAS / "teiedition.xsd"), {"schema"}),
    (str(TEI_ALL_RNG), {"schema"}),
    (str(SCHEMAS / "teiedition.sch"), {"schematron"}),
], ids=["project", "tei-all", "xsd", "rng", "sch"])
def test_schema_choice_runs_only_that_layer(capsys, schema, layers):
    code, out, _ = run(capsys, FIXTURES / "invalid" / "unknown-element.xml", "--schema", schema,
                       "--tei-all", TEI_ALL_RNG)
    found = {LINE.match(x)["layer"] for x in out.strip().splitlines()[:-1]}
    if schema.endswith(".sch"):
        assert code == 0 and found == set()  # the unknown element breaks no Schematron rule
    else:
        assert code == 1 and found == layers


def test_unknown_schema_is_a_usage_error(capsys):
    code, _, err = run(capsys, SAMPLE_TEI, "--schema", "dtd")
    assert code == 2 and "unknown schema" in err


def test_xslt2_schematron_is_refused_with_a_reason(capsys, shared):
    code, _, err = run(capsys, SAMPLE_TEI, "--schema", shared / "schemas" / "tei_all.isosch")
    assert code == 2 and "queryBinding" in err


def test_library_entry_point_for_build(tmp_path):
    from teiedition.validation import validate
    bad = tmp_path / "out.xml"
    bad.write_bytes((FIXTURES / "invalid" / "note-gap.xml").read_bytes())
    report = validate(bad, tei_all=TEI_ALL_RNG)
    assert report.exit_code == 1 and not report.ok
    assert report.to_text().splitlines()[0].startswith(f"{bad}:56:")


def _modules_after(args: list[str], wanted: str) -> str:
    """The modules matching the expression ``wanted`` (over ``m``) that a fresh process has
    imported after ``teiedition validate ARGS``, printed as a sorted list."""
    code = (f"import sys; from teiedition.cli import main; main({['validate', *args]!r}); "
            f"print(sorted(m for m in sys.modules if {wanted}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_validate_loads_neither_readers_nor_renderers():
    # The readers and renderers are 0.1 s of imports on every run; validate needs neither
    # (the --format and --to choices are read only when those commands parse them).
    assert _modules_after(["--schema", "project", str(SAMPLE_TEI)],
                          "m.split('.')[:2] in (['teiedition', 'readers'], ['teiedition', 'transform'], "
                          "['teiedition', 'archive'])") == "[]"


def test_format_choices_are_still_checked_and_listed(capsys):
    with pytest.raises(SystemExit):
        main(["convert", "--format", "nope", "x.txt"])
    assert "choose from 'markdown', 'chapter-page', 'plain-text', 'docx', 'odt'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    assert "--to {html,pdf,typst}" in capsys.readouterr().out


def test_tei_all_alone_loads_no_schematron():
    assert _modules_after(["--schema", "tei-all", "--tei-all", str(TEI_ALL_RNG), str(SAMPLE_TEI)],
                          "m in ('lxml.isoschematron', 'teiedition.validation.schematron', "
                          "'teiedition.validation.project')") == "[]"
