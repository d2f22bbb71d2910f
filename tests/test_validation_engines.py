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


def test_jing_alone_never_builds_the_tree(jing, monkeypatch):
    # tei_all alone on jing needs only the gate's verdict and the bytes: libxml2's tree (most
    # of the time and memory besides jing) is built only where an issue needs a location.
    from teiedition.validation import validate

    expected = validate([SAMPLE_TEI, FIXTURES / "invalid" / "unknown-element.xml"],
                        schema="tei-all", tei_all=TEI_ALL_RNG, engine="jing")
    built = []
    real = wellformed.parse_accepted
    monkeypatch.setattr(wellformed, "parse_accepted", lambda *a: built.append(a) or real(*a))
    report = validate([SAMPLE_TEI, FIXTURES / "invalid" / "unknown-element.xml"],
                      schema="tei-all", tei_all=TEI_ALL_RNG, engine="jing")
    assert built == [] and report.issues == expected.issues and len(report.issues) == 1
    # A root that is not TEI is still found, and located (here the tree is built).
    for name in ("wrong-root.xml", "wrong-namespace.xml"):
        [issue] = validate(FIXTURES / "invalid" / name, schema="tei-all", tei_all=TEI_ALL_RNG,
                           engine="jing").issues
        assert issue.layer == "tei" and issue.line and issue.column, name


def test_jing_runs_on_a_jvm_tuned_for_one_short_run():
    cmd = teiall.jing_command()
    if cmd is None or not any(part.endswith(".jar") for part in cmd):
        pytest.skip("jing's jar is not installed (bash .ci/run installs it)")
    assert cmd[1:3] == list(teiall.JVM_OPTIONS)


def _all_layers(monkeypatch, tree_first: bool):
    """All layers of every fixture with jing for tei_all, the trees built before jing starts
    (as for a small file under auto) or after (jing needs none)."""
    from teiedition.validation import validate

    with monkeypatch.context() as m:
        if tree_first:
            m.setattr(teiall, "needs_tree", lambda engine=None: lambda data: True)
        files = [*sorted((FIXTURES / "invalid").glob("*.xml")), *sorted((FIXTURES / "valid").glob("*.xml")),
                 SAMPLE_TEI]
        return validate(files, tei_all=TEI_ALL_RNG, engine="jing")


def test_jing_started_before_the_trees_gives_the_same_report(monkeypatch, jing):
    before, after = _all_layers(monkeypatch, True), _all_layers(monkeypatch, False)
    assert after.to_text() == before.to_text() and after.layers == before.layers
    assert any(i.layer == "tei-all" for i in after.issues) and any(i.layer == "project" for i in after.issues)


def test_jings_copy_kept_as_the_released_bytes_gives_the_same_report(monkeypatch, jing):
    """Every file released (as a large one is): its tree is parsed from, and the locator reads
    positions from, the private copy written for jing (Parsed.keep_copy), after jing's directory
    is gone for the positions read last."""
    import teiedition.validation as validation
    from teiedition.validation import wellformed

    before = _all_layers(monkeypatch, False)
    kept = []
    real = wellformed.Parsed.keep_copy

    def counted(self, path):
        kept.append(self.name)
        real(self, path)
    monkeypatch.setattr(wellformed.Parsed, "keep_copy", counted)
    monkeypatch.setattr(validation, "RELEASE_MIN_BYTES", 0)
    after = _all_layers(monkeypatch, False)
    assert kept and after.to_text() == before.to_text() and after.layers == before.layers
    assert any(i.layer in ("project", "schematron") and i.column for i in after.issues)


def test_a_tree_libxml2_refuses_after_jing_started_is_a_wellformed_issue(monkeypatch, jing):
    from teiedition.errors import InputError

    real = wellformed.parse_accepted

    def refuse_valid_ones(data, name="<input>"):
        if "valid" in Path(name).parts:
            raise InputError(name, "not well-formed XML: refused by libxml2 (test)", 3, 4)
        return real(data, name)
    monkeypatch.setattr(wellformed, "parse_accepted", refuse_valid_ones)
    before, after = _all_layers(monkeypatch, True), _all_layers(monkeypatch, False)
    assert after.to_text() == before.to_text() and after.layers == before.layers
    refused = [i for i in after.issues if "refused by libxml2" in i.message]
    assert refused and all(after.layers[i.file] == ["wellformed"] for i in refused)
