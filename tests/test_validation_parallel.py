"""The Schematron layer in a forked child (validation/parallel.py) reports exactly what it
reports in process: the same issues, locations and order on every fixture; a child that
dies or raises leaves the answer to the parent."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import teiedition.validation as validation
from teiedition.errors import InputError
from teiedition.validation import parallel, validate, wellformed
from teiedition.validation.report import Issue

from .conftest import SAMPLE_TEI

FIXTURES = Path(__file__).parent / "fixtures"
FILES = [*sorted((FIXTURES / "invalid").glob("*.xml")), *sorted((FIXTURES / "valid").glob("*.xml")),
         SAMPLE_TEI]

# A process that has run other tests holds other threads (Saxon's, test servers'), and
# validation never forks beside threads: the tests that need the fork run in a process of
# their own, started by test_fork_tests_ran_in_a_fresh_process, which must see them pass.
FRESH = "TEIEDITION_FORK_TESTS_FRESH"
needs_fork = pytest.mark.skipif(os.environ.get(FRESH) != "1",
                                reason="runs in its own process (test_fork_tests_ran_in_a_fresh_process)")


@pytest.mark.skipif(os.environ.get(FRESH) == "1", reason="already the fresh process")
def test_fork_tests_ran_in_a_fresh_process():
    env = {**os.environ, FRESH: "1"}
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", __file__],
                         capture_output=True, text=True, env=env, cwd=Path(__file__).parents[1], check=False,
                         timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    skipped = [line for line in out.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 1 and "already the fresh process" in skipped[0], out.stdout[-3000:]
    assert " passed" in out.stdout.splitlines()[-1], out.stdout[-3000:]


@needs_fork
def test_a_fresh_process_may_fork():
    assert parallel.can_fork()


@needs_fork
@pytest.mark.parametrize("schema", [None, "project"])
def test_forked_reports_match_in_process(monkeypatch, schema):
    monkeypatch.setenv("TEIEDITION_JING", "")  # jing beside the process would turn the fork off
    monkeypatch.setattr(parallel, "FORK_MAX_BYTES", 1 << 30)
    monkeypatch.setattr(parallel, "FORK_MIN_BYTES", 1 << 30)
    before = validate(FILES, schema=schema)
    forks = []
    real_fork = parallel.Pending.fork

    def counted(self):
        forks.append(1)
        real_fork(self)
    monkeypatch.setattr(parallel.Pending, "fork", counted)
    monkeypatch.setattr(parallel, "FORK_MIN_BYTES", 0)
    after = validate(FILES, schema=schema)
    assert forks, "no layer ran in a child"
    assert after.to_text() == before.to_text()
    assert after.issues == before.issues  # the same order before sorting, too
    assert any(i.layer == "schematron" for i in after.issues)


@needs_fork
def test_released_bytes_give_the_same_reports_here_and_in_a_child(monkeypatch):
    """Bytes kept on disk (Parsed.release_data) are read back for the locator, in this
    process and in a forked child (which shares the descriptor)."""
    monkeypatch.setenv("TEIEDITION_JING", "")
    before = validate(FILES)
    monkeypatch.setattr(validation, "RELEASE_MIN_BYTES", 0)
    released = []
    real = wellformed.Parsed.release_data

    def counted(self):
        released.append(self.name)
        real(self)
    monkeypatch.setattr(wellformed.Parsed, "release_data", counted)
    assert validate(FILES).issues == before.issues
    monkeypatch.setattr(parallel, "FORK_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "FORK_MAX_BYTES", 1 << 30)
    after = validate(FILES)
    assert released and after.issues == before.issues
    assert any(i.layer == "schematron" and i.column for i in after.issues)


def test_a_tree_built_from_released_bytes_is_refused_as_from_memory():
    """The tree of released bytes is parsed from their private copy (Parsed._parse_kept): a
    document libxml2 refuses gives parse_accepted's issue, with its position."""
    from teiedition.xmlsafe import parse_accepted

    data = b'<?xml version="1.0"?>\n<TEI>\n  <p>a</q>\n</TEI>\n'
    with pytest.raises(InputError) as expected:
        parse_accepted(data, "bad.xml")
    parsed = wellformed.Parsed("bad.xml", data)
    parsed.release_data()
    with pytest.raises(InputError) as found:
        parsed.tree  # noqa: B018
    assert (found.value.message, found.value.line, found.value.column) == (
        expected.value.message, expected.value.line, expected.value.column)
    assert parsed._data is None  # parsed from the copy, not read back into memory


def test_a_kept_copy_is_read_back_whole(tmp_path):
    """A copy written for jing and kept (Parsed.keep_copy) serves as the released bytes, also
    once its name is gone; a copy already gone is replaced by one of the file's own."""
    data = SAMPLE_TEI.read_bytes()
    copy = tmp_path / "copy.xml"
    copy.write_bytes(data)
    parsed = wellformed.Parsed("sample", data)
    parsed.keep_copy(copy)
    parsed.release_data()
    copy.unlink()
    assert parsed._data is None and parsed.tree.getroot() is not None and parsed._data is None
    assert parsed.data == data
    gone = wellformed.Parsed("sample", data)
    gone.keep_copy(copy)  # no longer there: the bytes are written to a copy of their own
    gone.release_data()
    assert gone._data is None and gone.data == data


def test_released_bytes_are_read_back_whole(tmp_path):
    data = SAMPLE_TEI.read_bytes()
    parsed = wellformed.Parsed("sample", data)
    parsed.release_data()
    assert parsed._data is None and parsed.size == len(data)
    assert parsed.data == data and parsed.locator.position(parsed.tree.getroot())[0] is not None


def _in_child_only(effect):
    parent = os.getpid()

    def work() -> list[Issue]:
        if os.getpid() != parent:
            effect()
        return [Issue("f.xml", 3, 4, "schematron", "from the parent", "rule")]
    return work


@needs_fork
@pytest.mark.parametrize("effect", [lambda: os._exit(3), lambda: 1 / 0,
                                    lambda: (_ for _ in ()).throw(MemoryError())])
def test_a_failed_child_leaves_the_work_to_the_parent(monkeypatch, effect):
    monkeypatch.setattr(parallel, "FORK_MIN_BYTES", 0)
    pending = parallel.start(_in_child_only(effect), 10)
    assert pending._pid is not None
    assert pending.result() == [Issue("f.xml", 3, 4, "schematron", "from the parent", "rule")]


@needs_fork
def test_the_childs_issues_and_input_errors_come_back(monkeypatch):
    monkeypatch.setattr(parallel, "FORK_MIN_BYTES", 0)
    issues = [Issue("a.xml", None, None, "schematron", "é “quoted”", None),
              Issue("a.xml", 7, 1, "schematron", "second", "r2")]
    assert parallel.start(lambda: issues, 10).result() == issues

    def refused() -> list[Issue]:
        raise InputError("rules.sch", "a rule asked for x: refused", 4, 2)
    with pytest.raises(InputError) as caught:
        parallel.start(refused, 10).result()
    assert str(caught.value) == "rules.sch:4:2: a rule asked for x: refused"


@needs_fork
def test_cancel_reaps_the_child(monkeypatch):
    monkeypatch.setattr(parallel, "FORK_MIN_BYTES", 0)
    pending = parallel.start(_in_child_only(lambda: __import__("time").sleep(30)), 10)
    pid = pending._pid
    assert pid is not None
    pending.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def test_no_fork_below_the_threshold_beside_jing_or_with_threads(monkeypatch):
    assert parallel.start(list, parallel.FORK_MIN_BYTES - 1)._pid is None
    assert parallel.start(list, parallel.FORK_MAX_BYTES + 1)._pid is None
    assert parallel.start(list, parallel.FORK_MIN_BYTES, jing_running=True)._pid is None
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert parallel.start(list, parallel.FORK_MIN_BYTES)._pid is None
    finally:
        stop.set()
        thread.join()
