"""Hostile XML gets a clear, located error, quickly, with memory bounded, and nothing is fetched.

The network cases point at a real HTTP server on loopback that counts requests: the proof
that nothing was fetched is that it saw none."""
from __future__ import annotations

import http.server
import resource
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from teiedition.errors import InputError
from teiedition.validation import validate
from teiedition.xmlsafe import parse_bytes, parse_file

TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>{body}</p></body></text></TEI>'


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        _Counting.hits.append(self.path)
        body = b'<!ENTITY leaked "LEAKED">' if self.path.endswith(".dtd") else b"LEAKED"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Counting.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _refused(data: bytes) -> InputError:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_bytes(data, "hostile.xml")
    assert time.perf_counter() - start < 1.0
    return info.value


def test_xxe_to_a_local_file_is_refused_by_name_and_line():
    err = _refused(b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
                   + TEI.format(body="&x;").encode())
    assert (err.line, err.column) == (3, 1)
    assert "external entity 'x' pointing at file:///etc/passwd refused" in err.message
    assert "root:" not in str(err)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE TEI [\n<!ENTITY net SYSTEM "{url}/entity.xml">\n]>',
    '<!DOCTYPE TEI [\n<!ENTITY % pe SYSTEM "{url}/evil.dtd">\n%pe;\n]>',
    '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">',
    '<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "{url}/tei.dtd">',
], ids=["general-entity", "parameter-entity", "system-dtd", "public-dtd"])
def test_network_entities_and_dtds_are_never_fetched(server, tmp_path, doctype):
    text = doctype.format(url=server) + "\n" + TEI.format(body="&net;" if "net" in doctype else "x")
    path = tmp_path / "net.xml"
    path.write_text(text)
    report = validate(path, tei_all=None)
    assert [i.layer for i in report.issues] == ["wellformed"]
    assert "refused" in report.issues[0].message
    assert report.issues[0].line in (1, 2)
    assert _Counting.hits == []


def test_the_refusal_also_holds_when_the_doctype_hides_behind_a_comment(server):
    # A comment with "<x" before the DOCTYPE ended the old text scan of the prolog early; the
    # gate reads parser events, so the declaration is refused by name where it starts.
    data = (f'<!-- <x --><!DOCTYPE TEI [<!ENTITY net SYSTEM "{server}/e.xml">]>' + TEI.format(body="x")).encode()
    err = _refused(data)
    assert "external entity 'net'" in err.message and "refused" in err.message
    assert (err.line, err.column) == (1, 27)
    assert _Counting.hits == []


def test_billion_laughs_is_refused_quickly():
    decls = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 12))
    err = _refused(f"<!DOCTYPE TEI [{decls}]>\n{TEI.format(body='&a11;')}".encode())
    assert "entity declaration 'a0' refused" in err.message
    assert err.line == 1


def test_entity_bomb_without_doctype_is_just_an_undefined_entity():
    err = _refused(TEI.format(body="&a11;").encode())
    assert "Entity 'a11' not defined" in err.message


def test_a_200_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.xml"
    with open(path, "wb") as fh:
        fh.write(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>')
        # Sparse: 200 MB on the file system's say-so, instantly, without writing 200 MB.
        fh.truncate(200 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_file(path)
    assert time.perf_counter() - start < 1.0
    assert "file too large: 209715200 bytes" in info.value.message
    # ru_maxrss is in KiB on Linux: the file was never read into memory.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024
    report = validate(path)
    assert report.exit_code == 2 and report.issues[0].layer == "input"


def test_size_limit_can_be_raised(tmp_path, monkeypatch):
    path = tmp_path / "small.xml"
    path.write_text(TEI.format(body="x" * 2000))
    monkeypatch.setenv("TEIEDITION_MAX_XML_BYTES", "1000")
    with pytest.raises(InputError, match="file too large"):
        parse_file(path)
    monkeypatch.setenv("TEIEDITION_MAX_XML_BYTES", "100000")
    assert parse_file(path).getroot().tag.endswith("TEI")


def test_deep_nesting_is_refused_by_the_gate_before_a_tree_is_built():
    depth = 100_000
    err = _refused(("<a>" * depth + "</a>" * depth).encode())
    assert err.line == 1 and "TEIEDITION_MAX_XML_" in err.message


def test_a_bare_doctype_is_accepted():
    tree = parse_bytes(b"<!DOCTYPE TEI>\n" + TEI.format(body="x").encode())
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_a_doctype_word_in_a_comment_after_the_root_is_not_mistaken_for_one():
    tree = parse_bytes(TEI.format(body="x").encode() + b'<!-- <!DOCTYPE x [<!ENTITY y "z">]> -->')
    assert tree.getroot() is not None


def test_duplicate_ids_parse_so_that_validation_can_name_them():
    tree = parse_bytes(b'<a><b xml:id="x"/><b xml:id="x"/></a>')
    assert len(tree.getroot()) == 2


def test_errors_name_the_file(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<TEI>\n<p>\n</TEI>")
    with pytest.raises(InputError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}:3:")
    assert Path(info.value.path) == path


def test_a_hostile_rng_schema_is_refused_before_jing_reads_it(tmp_path, server):
    rng = tmp_path / "evil.rng"
    rng.write_text(f'<!DOCTYPE grammar [<!ENTITY x SYSTEM "{server}/x">]>\n'
                   '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="a">'
                   '<text/></element></start></grammar>')
    doc = tmp_path / "a.xml"
    doc.write_text("<a>x</a>")
    with pytest.raises(InputError, match="external entity 'x'"):
        validate(doc, schema=str(rng))
    assert _Counting.hits == []
