"""jing reads exactly the bytes the gate accepted: private copies, never the user's path, with
XInclude off; a schema's includes are followed only inside its own directory."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from teiedition.errors import InputError
from teiedition.validation import teiall, validate, wellformed
from teiedition.validation.locate import Locator

from .conftest import TEI_ALL_RNG
from .test_xmlsafe_gate import RNG, SECRET, Recording, hostile, recording_server

VALID = hostile("attlist-default.xml").split("]>\n", 1)[1]  # the minimal tei_all-valid TEI
BOGUS_LINE = 11
INVALID = VALID.replace("<p>Text</p>", "<p>Text</p><bogus/>")


@pytest.fixture
def server() -> Iterator[str]:
    with recording_server() as url:
        yield url


def test_jing_validates_the_accepted_bytes_even_when_the_file_is_swapped_after_the_check(
        tmp_path, monkeypatch, server, jing):
    # The file the user named is replaced right after the gate read it: by a valid document
    # that would fetch a DTD from the server. jing must still judge the original (one error,
    # the bogus element, at its line) and nothing may be fetched.
    path = tmp_path / "swapped.xml"
    path.write_text(INVALID)
    replacement = f'<!DOCTYPE TEI SYSTEM "{server}/tei.dtd">\n{VALID}'
    real_read = wellformed.read_file

    def read_then_swap(p):
        data = real_read(p)
        Path(p).write_text(replacement)
        return data

    monkeypatch.setattr(wellformed, "read_file", read_then_swap)
    report = validate(path, schema="tei-all", tei_all=TEI_ALL_RNG, engine="jing")
    [issue] = report.issues
    assert (issue.file, issue.line, issue.layer) == (str(path), BOGUS_LINE, "tei-all")
    assert 'element "bogus" not allowed' in issue.message
    assert path.read_text() == replacement
    assert Recording.hits == []


def test_jing_is_never_given_the_users_path_and_its_copies_are_removed(tmp_path, monkeypatch, jing):
    path = tmp_path / "doc.xml"
    path.write_text(INVALID)
    seen: dict[str, bytes] = {}
    real_popen = subprocess.Popen

    def spy(cmd, *args, **kwargs):
        for arg in cmd:
            if arg.endswith((".xml", ".rng")):
                seen[arg] = Path(arg).read_bytes()
        return real_popen(cmd, *args, **kwargs)

    # jing is started with Popen, its output going to files in its private directory.
    monkeypatch.setattr(teiall.subprocess, "Popen", spy)
    [issue] = validate(path, schema="tei-all", tei_all=TEI_ALL_RNG, engine="jing").issues
    assert issue.file == str(path)
    assert str(path) not in seen and str(TEI_ALL_RNG) not in seen
    assert sorted(seen.values()) == sorted([INVALID.encode(), TEI_ALL_RNG.read_bytes()])
    assert not any(Path(p).exists() for p in seen)  # the private directory is gone


def test_jing_is_run_without_the_debian_wrappers_xinclude_configuration():
    cmd = teiall.jing_command()
    if cmd is None or not any(part.endswith(".jar") for part in cmd):
        pytest.skip("jing's jar is not installed (bash .ci/run installs it)")
    assert cmd[-1] == teiall.JING_DRIVER
    assert not any("XInclude" in part for part in cmd)


def test_jing_itself_does_not_process_xinclude(tmp_path, server, jing):
    # Behind the gate, as a second line: a document that reached jing with an xi:include (it
    # cannot: the gate refuses it) is validated as written, the include an unknown element.
    data = hostile("xinclude-http.xml", url=server).encode()
    tree = etree.fromstring(data).getroottree()
    parsed = wellformed.Parsed("doc.xml", data, tree, Locator(tree, data))
    issues = teiall.check([parsed], TEI_ALL_RNG, engine="jing")
    assert [i.line for i in issues] == [12]
    assert "inc:include" in issues[0].message and SECRET not in issues[0].message
    assert Recording.hits == []


def test_the_teiedition_jing_override_still_chooses_the_command(monkeypatch):
    monkeypatch.setenv(teiall.JING_ENV, "my-jing --flag")
    assert teiall.jing_command() == ["my-jing", "--flag"]
    monkeypatch.setenv(teiall.JING_ENV, "")
    assert teiall.jing_command() is None and teiall.engine_name() == "lxml"


# --- a user's RELAX NG schema and what it includes ---------------------------------------------

DOC = '<a xmlns="urn:x"><b/></a>'
MAIN = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:x">'
        '<include href="{href}"/>'
        '<start><element name="a"><ref name="b"/></element></start></grammar>')
PART = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:x">'
        '<define name="b"><element name="b"><empty/></element></define></grammar>')


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.xml"
    path.write_text(DOC)
    return path


def _schema(tmp_path: Path, href: str) -> Path:
    schemas = tmp_path / "schemas"
    (schemas / "parts").mkdir(parents=True, exist_ok=True)
    (schemas / "parts" / "b.rng").write_text(PART)
    main = schemas / "main.rng"
    main.write_text(MAIN.format(href=href))
    return main


@pytest.mark.parametrize("engine", ["jing", "lxml"])
def test_a_relative_include_inside_the_schema_directory_is_followed(tmp_path, doc, engine, jing):
    main = _schema(tmp_path, "parts/b.rng")
    assert validate(doc, schema=str(main), engine=engine).ok
    doc.write_text(DOC.replace("<b/>", "<c/>"))
    issues = validate(doc, schema=str(main), engine=engine).issues
    assert issues and {(i.file, i.layer) for i in issues} == {(str(doc), "schema")}


@pytest.mark.parametrize("href,why", [
    ("{url}/b.rng", "refused: only relative references"),
    ("file:///etc/passwd", "refused: only relative references"),
    ("/etc/passwd", "refused: only relative references"),
    ("../outside.rng", "leaves the schema's directory"),
    ("parts/../../outside.rng", "leaves the schema's directory"),
])
def test_a_schema_reference_outside_its_directory_is_refused_before_jing_runs(
        tmp_path, doc, server, href, why, jing):
    (tmp_path / "outside.rng").write_text(PART)
    main = _schema(tmp_path, href.format(url=server))
    for engine in ("jing", "lxml"):
        teiall._compiled_rng.cache_clear()
        with pytest.raises(InputError, match=why) as info:
            validate(doc, schema=str(main), engine=engine)
        assert info.value.path == str(main) and "\n" not in str(info.value)
    assert Recording.hits == []


def test_a_symbolic_link_out_of_the_schema_directory_is_refused(tmp_path, doc, jing):
    main = _schema(tmp_path, "parts/link.rng")
    (tmp_path / "outside.rng").write_text(PART)
    os.symlink(tmp_path / "outside.rng", tmp_path / "schemas" / "parts" / "link.rng")
    with pytest.raises(InputError, match="symbolic link"):
        validate(doc, schema=str(main), engine="jing")


def test_an_included_schema_goes_through_the_gate_too(tmp_path, doc, server, jing):
    main = _schema(tmp_path, "parts/b.rng")
    (tmp_path / "schemas" / "parts" / "b.rng").write_text(
        f'<!DOCTYPE grammar SYSTEM "{server}/rng.dtd">' + PART)
    with pytest.raises(InputError, match="external DTD reference refused") as info:
        validate(doc, schema=str(main), engine="jing")
    assert info.value.path.endswith("b.rng")
    assert Recording.hits == []


def test_xml_base_in_a_schema_is_refused(tmp_path, doc, jing):
    main = _schema(tmp_path, "parts/b.rng")
    main.write_text(MAIN.format(href="b.rng").replace("<include ", '<include xml:base="parts/" '))
    with pytest.raises(InputError, match="xml:base in a schema refused"):
        validate(doc, schema=str(main), engine="jing")


def test_a_schema_with_xinclude_is_refused(tmp_path, doc, server, jing):
    rng = tmp_path / "x.rng"
    rng.write_text(RNG.replace("<start>", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                          f'href="{server}/x.rng"/><start>'))
    with pytest.raises(InputError, match="XInclude refused"):
        validate(doc, schema=str(rng), engine="jing")
    assert Recording.hits == []


# --- a user's Schematron and XML Schema ---------------------------------------------------------

SCH = ('<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">{include}'
       '<sch:pattern><sch:rule context="a"><sch:assert test="{test}">checked</sch:assert></sch:rule>'
       '</sch:pattern></sch:schema>')


@pytest.mark.parametrize("target", ["{url}/doc.xml", "{secret}"])
def test_a_schematron_rule_cannot_read_a_file_or_url(tmp_path, server, target):
    secret = tmp_path / "secret.xml"
    secret.write_text(f"<x>{SECRET}</x>")
    sch = tmp_path / "rules.sch"
    where = target.format(url=server, secret=secret)
    sch.write_text(SCH.format(include="", test=f"document('{where}')/x = 'y'"))
    doc = tmp_path / "a.xml"
    doc.write_text("<a/>")
    with pytest.raises(InputError) as info:
        validate(doc, schema=str(sch))
    message = str(info.value)
    assert message.startswith(f"{sch}: a rule asked for ") and where.lstrip("/") in message
    assert message.endswith(": external resource refused: teiedition never reads files or the "
                            "network named inside a document or a schema")
    assert SECRET not in message
    assert Recording.hits == []


def test_a_schematron_include_is_refused(tmp_path, server):
    sch = tmp_path / "rules.sch"
    sch.write_text(SCH.format(include=f'<sch:include href="{server}/part.sch"/>', test="true()"))
    doc = tmp_path / "a.xml"
    doc.write_text("<a/>")
    with pytest.raises(InputError, match=r"Schematron include of .* refused"):
        validate(doc, schema=str(sch))
    assert Recording.hits == []


def test_a_user_xml_schema_goes_through_the_gate(tmp_path, server):
    xsd = tmp_path / "s.xsd"
    xsd.write_text(f'<!DOCTYPE xs:schema SYSTEM "{server}/xsd.dtd">'
                   '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
                   '<xs:element name="a"/></xs:schema>')
    doc = tmp_path / "a.xml"
    doc.write_text("<a/>")
    with pytest.raises(InputError, match="external DTD reference refused") as info:
        validate(doc, schema=str(xsd))
    assert info.value.path == str(xsd) and info.value.line == 1
    assert Recording.hits == []
