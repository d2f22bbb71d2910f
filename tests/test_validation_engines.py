"""The tei_all engine agrees with jing, the reference, on every fixture.

The default engine is jing itself; the fallback (lxml, used when jing is not installed) must
give the same verdict, so a machine without Java reports the same files as invalid."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from teiedition.validation import teiall, wellformed

from .conftest import SAMPLE_TEI, TEI_ALL_RNG

FIXTURES = Path(__file__).parent / "fixtures"


def _schema_checkable() -> list[Path]:
    """Fixtures that reach the tei_all layer: well-formed, safe, TEI-rooted or not."""
    out = []
    for path in [*sorted(FIXTURES.rglob("*.xml")), SAMPLE_TEI]:
        parsed, _ = wellformed.parse(str(path))
        if parsed is not None:
            out.append(path)
    return out


CHECKABLE = _schema_checkable()


def _jing_verdicts(jing: str) -> dict[str, bool]:
    # One jing process for all files (0.5 s each otherwise); a file is invalid when jing
    # names it in an error line.
    paths = [str(p.resolve()) for p in CHECKABLE]
    run = subprocess.run([jing, str(TEI_ALL_RNG), *paths], capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    named = {line.split(":")[0] for line in run.stdout.splitlines() if ": error: " in line}
    assert named <= set(paths), named
    return {str(p): str(p.resolve()) not in named for p in CHECKABLE}


@pytest.fixture(scope="module")
def jing_verdicts(jing) -> dict[str, bool]:
    return _jing_verdicts(jing)


def _engine_verdicts(engine: str) -> dict[str, bool]:
    parsed = [wellformed.parse(str(p))[0] for p in CHECKABLE]
    issues = teiall.check(parsed, TEI_ALL_RNG, engine=engine)
    bad = {i.file for i in issues}
    return {str(p): str(p) not in bad for p in CHECKABLE}


def test_fixture_set_has_both_verdicts(jing_verdicts):
    # Agreement on only-valid or only-invalid files would prove little.
    assert sum(jing_verdicts.values()) >= 3
    assert sum(not v for v in jing_verdicts.values()) >= 4


def test_default_engine_agrees_with_jing(jing_verdicts):
    assert _engine_verdicts(teiall.engine_name()) == jing_verdicts


@pytest.mark.slow
def test_lxml_fallback_agrees_with_jing(jing_verdicts):
    # Compiles tei_all.rng with libxml2: 5-9 s.
    assert _engine_verdicts("lxml") == jing_verdicts


def test_jing_issues_are_located(jing):
    path = FIXTURES / "invalid" / "unknown-element.xml"
    parsed = wellformed.parse(str(path))[0]
    [issue] = teiall.check([parsed], TEI_ALL_RNG, engine="jing")
    assert (issue.file, issue.line, issue.layer) == (str(path), 55, "tei-all")
    assert issue.column and issue.column > 1
    # jing lists every allowed element (about 200): the message keeps a dozen.
    assert "more)" in issue.message and len(issue.message) < 400
