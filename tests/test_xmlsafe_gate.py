"""The XML gate refuses every class of hostile input, however it is disguised, before any tool
reads anything; each refusal is one line naming file, line, column and cause.

The network cases point at a real HTTP server on 127.0.0.1 that records requests: the proof
that nothing was fetched is that it saw none. The FIFO and /dev/urandom cases run the command
in a subprocess with a timeout, because a parser that opened either would never return."""
from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from teiedition.errors import InputError
from teiedition.validation import validate
from teiedition.xmlsafe import parse_bytes, parse_file

from .conftest import TEI_ALL_RNG

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SECRET = "TOP-SECRET-7d1f2c"


class Recording(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recording.hits.append(self.path)
        body = (f'<!ENTITY leaked "{SECRET}">' if self.path.endswith(".dtd") else SECRET).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def recording_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that records every request in ``Recording.hits``."""
    Recording.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def server() -> Iterator[str]:
    with recording_server() as url:
        yield url


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f'<!ENTITY leaked "{SECRET}">{SECRET}\n')
    return path


def hostile(name: str, **values: str) -> str:
    return (HOSTILE / name).read_text(encoding="utf-8").format(**values)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command, as a user runs it; the timeout turns a hang into a failure."""
    return subprocess.run([sys.executable, "-m", "teiedition.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})}, check=False)


def refused(data: bytes, name: str = "hostile.xml") -> InputError:
    with pytest.raises(InputError) as info:
        parse_bytes(data, name)
    err = info.value
    assert "\n" not in str(err)
    assert err.path == name and err.line is not None and err.column is not None
    assert SECRET not in str(err)
    return err


# --- the disguises: each takes the declaration it hides and returns the file's bytes ----------

def _utf16(text: str, codec: str, bom: bool) -> bytes:
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return (b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff") * bom + text.encode(codec)


DISGUISES: dict[str, Callable[[str], bytes]] = {
    "comment-before-doctype": lambda decl: hostile("disguise-comment.xml", payload=decl).encode(),
    "]>-in-subset-comment": lambda decl: hostile("disguise-subset-comment.xml", payload=decl).encode(),
    "2MB-padding": lambda decl: hostile("disguise-comment.xml", payload=decl).replace(
        "\n<!DOCTYPE", f"\n<!--{'x' * 2_000_000}-->\n{' ' * 100_000}\n<!DOCTYPE", 1).encode(),
    "utf-16le-bom": lambda decl: _utf16(hostile("disguise-comment.xml", payload=decl), "utf-16-le", True),
    "utf-16be-bom": lambda decl: _utf16(hostile("disguise-subset-comment.xml", payload=decl), "utf-16-be", True),
    "utf-16le-no-bom": lambda decl: _utf16(hostile("disguise-comment.xml", payload=decl), "utf-16-le", False),
    "windows-1252": lambda decl: hostile("disguise-comment.xml", payload=decl).replace(
        'encoding="UTF-8"', 'encoding="windows-1252"').encode("cp1252"),
    "shift_jis": lambda decl: hostile("disguise-subset-comment.xml", payload=decl).replace(
        'encoding="UTF-8"', 'encoding="Shift_JIS"').encode("shift_jis"),
}

PAYLOADS = {
    "external-pe-file": ('<!ENTITY % x SYSTEM "{secret}"> %x;', "external parameter entity 'x'"),
    "external-pe-http": ('<!ENTITY % x SYSTEM "{url}/evil.dtd"> %x;', "external parameter entity 'x'"),
    "external-entity-http": ('<!ENTITY e SYSTEM "{url}/e.xml">', "external entity 'e'"),
    "internal-entity": ('<!ENTITY e "text">', "entity declaration 'e'"),
    "attlist-default": ('<!ATTLIST p rend CDATA "injected">', "<!ATTLIST p rend"),
    "element-decl": ("<!ELEMENT p ANY>", "<!ELEMENT p"),
    "notation": ('<!NOTATION n SYSTEM "{url}/n">', "<!NOTATION n"),
    "undeclared-pe": ("%undeclared;", "parameter entity reference '%undeclared;'"),
}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("disguise", DISGUISES)
def test_every_declaration_is_refused_however_disguised(server, secret, disguise, payload):
    decl, expected = PAYLOADS[payload]
    data = DISGUISES[disguise](decl.format(url=server, secret=secret))
    err = refused(data)
    assert expected in err.message and "refused" in err.message
    assert Recording.hits == []


@pytest.mark.parametrize("disguise", ["comment-before-doctype", "]>-in-subset-comment"])
def test_a_refused_declaration_is_located_at_its_line(disguise):
    err = refused(DISGUISES[disguise]('<!ATTLIST p rend CDATA "injected">'))
    assert err.line == 4


@pytest.mark.parametrize("fixture,expected", [
    ("external-dtd.xml", "external DTD reference refused"),
    ("external-pe.xml", "external parameter entity 'x'"),
    ("attlist-default.xml", "<!ATTLIST p rend"),
    ("undeclared-pe.xml", "parameter entity reference '%undeclared;'"),
    ("xinclude-local.xml", "XInclude refused"),
    ("xinclude-http.xml", "XInclude refused: <inc:include"),
    ("xinclude-default-ns.xml", "XInclude refused: <include"),
])
def test_each_fixture_is_refused_by_validate_with_its_position(server, secret, tmp_path, fixture, expected):
    path = tmp_path / fixture
    path.write_text(hostile(fixture, url=server, target=str(secret)))
    report = validate(path, tei_all=TEI_ALL_RNG)
    [issue] = report.issues
    assert issue.layer == "wellformed" and expected in issue.message
    assert issue.line is not None and issue.column is not None
    assert report.layers[str(path)] == ["wellformed"]  # no later layer, no tool, saw the file
    assert Recording.hits == []


def test_a_subset_of_comments_and_processing_instructions_is_harmless_and_accepted():
    tree = parse_bytes(DISGUISES["]>-in-subset-comment"]("<?pi data?>"))
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_utf16_documents_without_declarations_are_accepted():
    text = hostile("disguise-comment.xml", payload="<!-- nothing -->")
    for codec, bom in (("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False)):
        assert parse_bytes(_utf16(text, codec, bom)).getroot().findtext(".//{*}p") == "Unpublished."


# --- XInclude, through every way validate reaches jing ----------------------------------------

RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0">
  <start><element><anyName/><ref name="any"/></element></start>
  <define name="any"><zeroOrMore><choice><attribute><anyName/></attribute><text/>
    <element><anyName/><ref name="any"/></element></choice></zeroOrMore></define>
</grammar>
"""


@pytest.fixture
def any_rng(tmp_path: Path) -> Path:
    path = tmp_path / "schemas" / "any.rng"
    path.parent.mkdir()
    path.write_text(RNG)
    return path


@pytest.mark.parametrize("mode", ["tei-all", "rng", "plain"])
@pytest.mark.parametrize("fixture", ["xinclude-local.xml", "xinclude-http.xml"])
def test_xinclude_is_refused_in_every_validate_mode_and_nothing_is_read(
        server, secret, tmp_path, any_rng, jing, mode, fixture):
    path = tmp_path / "doc.xml"
    path.write_text(hostile(fixture, url=server, target=str(secret)))
    schema = {"tei-all": ["--schema", "tei-all"], "rng": ["--schema", str(any_rng)], "plain": []}[mode]
    proc = run_cli("validate", str(path), *schema, env={"TEIEDITION_TEI_ALL": str(TEI_ALL_RNG)})
    assert proc.returncode == 1, proc.stderr
    assert f"{path}:12:" in proc.stdout and "XInclude refused" in proc.stdout
    assert "xmllint --xinclude" in proc.stdout
    assert SECRET not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert Recording.hits == []


# --- files that block or never end, as the target of an entity or as the input ----------------

@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("disguise", [None, "comment-before-doctype", "]>-in-subset-comment", "utf-16le-bom"])
@pytest.mark.parametrize("target", ["fifo", "/dev/urandom"])
def test_an_external_parameter_entity_to_a_fifo_or_urandom_is_refused_without_opening_it(
        tmp_path, fifo, target, disguise):
    target = str(fifo) if target == "fifo" else target
    path = tmp_path / "doc.xml"
    if disguise is None:
        path.write_text(hostile("external-pe.xml", target=target))
    else:
        path.write_bytes(DISGUISES[disguise](f'<!ENTITY % x SYSTEM "{target}"> %x;'))
    # The timeout is the test: opening the FIFO blocks for ever, reading urandom never ends.
    for command in (["validate", str(path)], ["render", str(path), "--to", "html"]):
        proc = run_cli(*command, timeout=60)
        out = proc.stdout + proc.stderr
        assert f"external parameter entity 'x' pointing at {target} refused" in out
        assert "Traceback" not in proc.stderr
        assert proc.returncode in (1, 2)


@pytest.mark.parametrize("kind", ["fifo", "/dev/urandom", "/dev/zero", "directory"])
def test_special_files_are_refused_as_input_before_they_are_read(tmp_path, fifo, kind):
    path = {"fifo": str(fifo), "directory": str(tmp_path)}.get(kind, kind)
    expected = {"fifo": "a FIFO", "directory": "a directory"}.get(kind, "a device")
    line = f"{path}: refused: {expected}; teiedition reads XML only from regular files"
    proc = run_cli("render", path, "--to", "html", timeout=60)
    assert (proc.returncode, proc.stderr) == (2, f"teiedition: {line}\n")
    if kind != "directory":  # validate reads a directory's *.xml files instead
        proc = run_cli("validate", path, timeout=60)
        assert proc.returncode == 2 and proc.stdout.startswith(f"{path}: input: refused: {expected}")


def test_a_file_that_grows_after_stat_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    # read_file reads limit + 1 bytes at most, whatever stat() said: the file below is under
    # the limit when stat() looks and over it when it is read.
    path = tmp_path / "growing.xml"
    path.write_bytes(b"<a/>")
    real_stat = os.stat

    def stat_then_grow(p, *args, **kwargs):
        result = real_stat(p, *args, **kwargs)
        if str(p) == str(path):
            path.write_bytes(b"<a>" + b"x" * 5000 + b"</a>")
        return result

    monkeypatch.setenv("TEIEDITION_MAX_XML_BYTES", "1000")
    monkeypatch.setattr("teiedition.xmlsafe.os.stat", stat_then_grow)
    with pytest.raises(InputError, match="file too large: more than 1000 bytes"):
        parse_file(path)


@pytest.mark.parametrize("namespace", ["http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"])
def test_xinclude_under_any_prefix_and_libxml2s_draft_namespace_is_refused(namespace):
    text = hostile("xinclude-local.xml", target="/etc/passwd").replace(
        "http://www.w3.org/2001/XInclude", namespace).replace("xi:", "x:").replace("xmlns:xi", "xmlns:x")
    err = refused(text.encode())
    assert err.message.startswith('XInclude refused: <x:include href="/etc/passwd">')
    assert (err.line, err.column) == (12, 15)


def test_a_namespace_that_only_starts_like_xincludes_is_not_xinclude():
    text = hostile("xinclude-local.xml", target="x").replace("2001/XInclude", "2001/XIncludeNot")
    assert parse_bytes(text.encode()).getroot() is not None
