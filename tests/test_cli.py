"""The command line: exit codes, one-line errors, no output left behind on failure."""
from __future__ import annotations

import subprocess
import sys

import pytest

from teiedition import __version__
from teiedition.cli import main

from .conftest import SEED


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"teiedition {__version__}"


@pytest.mark.parametrize("command", ["convert", "build"])
def test_help_for_each_command(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: teiedition " + command in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


BAD_INPUTS = {
    "missing file": (None, "no such file"),
    "empty file": (b"", "the file is empty"),
    "blank file": (b"  \n\n", "the file is empty"),
    "binary file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "not UTF-8": (b"Title\n\nab\x81\x8d\x90 Notes\n", "not UTF-8"),
    "no notes": (b"A title\n\nA paragraph with no notes at all.\n", "no notes found"),
    "control character": (b"Title\n\nNotes\n\n1. A note\x07 here.\n", "U+0007"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_one_line_exit_2_no_output(case, tmp_path, capsys):
    data, message = BAD_INPUTS[case]
    src = tmp_path / "chapter.txt"
    if data is not None:
        src.write_bytes(data)
    out = tmp_path / "out.xml"
    assert main(["convert", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"teiedition: {src}") and message in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == ([src] if data is not None else [])


def test_not_utf8_error_names_line_and_column(tmp_path, capsys):
    src = tmp_path / "c.txt"
    src.write_bytes(b"Title\n\nab\x81\n")
    assert main(["convert", str(src)]) == 2
    assert f"{src}:3:3: not UTF-8" in capsys.readouterr().err


def test_bad_edition_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["convert", str(SEED), "--edition-date", "1995-13-01"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_edition_date_goes_into_the_header(capsysbinary):
    assert main(["convert", str(SEED), "--edition-date", "2026-11-27"]) == 0
    assert b'<date when="2026-11-27">2026-11-27</date>' in capsysbinary.readouterr().out


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["convert", str(SEED), "--format", "no-such-format"])
    assert exc.value.code == 2


def test_convert_to_stdout_and_file_agree(tmp_path, capsysbinary):
    assert main(["convert", str(SEED)]) == 0
    stdout = capsysbinary.readouterr().out
    out = tmp_path / "x.xml"
    assert main(["convert", str(SEED), "-o", str(out)]) == 0
    assert out.read_bytes() == stdout
    assert stdout.startswith(b"<?xml")


def test_console_script_runs_as_a_process(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "teiedition.cli", "convert", str(tmp_path / "nope.txt")],
                          check=False, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "no such file" in proc.stderr
