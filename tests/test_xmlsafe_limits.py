"""Limits that bound time and memory: each refusal is one line naming the limit, its value and
the variable that raises it, exit 2, no traceback; Saxon's own limits are met by the gate first;
the defaults admit real editions with room to spare."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from teiedition.errors import InputError
from teiedition.validation import validate
from teiedition.xmlsafe import LIMITS, LimitError, limit, parse_bytes, parse_file

from .conftest import SAMPLE_TEI, TEI_ALL_RNG

TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
       '</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>'
       '</fileDesc></teiHeader><text><body>{body}</body></text></TEI>')


def _nested(tag: str, depth: int) -> str:
    return f"<{tag}>" * depth + "x" + f"</{tag}>" * depth


def _mixed(depth: int) -> str:
    """``depth`` levels of element nesting that never nest an element in itself 32 times."""
    tags = [("div", "ab", "seg", "hi")[k % 4] for k in range(depth)]
    return "".join(f"<{t}>" for t in tags) + "x" + "".join(f"</{t}>" for t in reversed(tags))


def _attributes(n: int) -> str:
    return "<p " + " ".join(f'n{k}="v"' for k in range(n)) + ">x</p>"


# body, the limit it breaks, the environment (a low limit keeps the file small), what is named
CASES = {
    "depth": (lambda: _mixed(98), "TEIEDITION_MAX_XML_DEPTH", {}, "<ab> at depth 101"),
    "attributes-per-element": (lambda: _attributes(201), "TEIEDITION_MAX_XML_ATTRIBUTES_PER_ELEMENT",
                               {}, "<p> with 201 attributes"),
    "namespaces-count-as-attributes": (
        lambda: "<p " + " ".join(f'xmlns:n{k}="urn:{k}"' for k in range(150))
        + " " + " ".join(f'a{k}="v"' for k in range(51)) + ">x</p>",
        "TEIEDITION_MAX_XML_ATTRIBUTES_PER_ELEMENT", {}, "<p> with 201 attributes"),
    "nested-hi": (lambda: f"<p>{_nested('hi', 33)}</p>", "TEIEDITION_MAX_XML_NESTING", {},
                  "<hi> nested 33 levels inside <hi>"),
    "element-name": (lambda: f"<p><{'x' * 1001}/></p>", "TEIEDITION_MAX_XML_NAME", {},
                     "an element name of 1001 characters"),
    "attribute-name": (lambda: f"<p {'x' * 1001}='1'/>", "TEIEDITION_MAX_XML_NAME", {},
                       "an attribute name of 1001 characters"),
    "elements": (lambda: "<p/>" * 2000, "TEIEDITION_MAX_XML_ELEMENTS",
                 {"TEIEDITION_MAX_XML_ELEMENTS": "1000"}, "element number 1001"),
    "attributes": (lambda: '<p n="1" rend="x"/>' * 2000, "TEIEDITION_MAX_XML_ATTRIBUTES",
                   {"TEIEDITION_MAX_XML_ATTRIBUTES": "1000"}, "attribute number 1001"),
    "text-node": (lambda: "<p>" + "word " * 1000 + "</p>", "TEIEDITION_MAX_XML_TEXT",
                  {"TEIEDITION_MAX_XML_TEXT": "1000"}, "a text node of more than 1000 characters"),
    "attribute-value": (lambda: f'<p n="{"v" * 1001}"/>', "TEIEDITION_MAX_XML_TEXT",
                        {"TEIEDITION_MAX_XML_TEXT": "1000"}, "attribute n of <p> with 1001 characters"),
    "bytes": (lambda: "<p>x</p>" * 200, "TEIEDITION_MAX_XML_BYTES",
              {"TEIEDITION_MAX_XML_BYTES": "1000"}, "file too large"),
}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "teiedition.cli", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env}, check=False)


@pytest.mark.parametrize("case", CASES)
def test_each_limit_is_one_line_naming_it_with_exit_2(tmp_path, case):
    body, env_name, env, named = CASES[case]
    path = tmp_path / f"{case}.xml"
    path.write_text(TEI.format(body=body()))
    value = env.get(env_name) or str(LIMITS[next(k for k, s in LIMITS.items() if s.env == env_name)].default)

    proc = _cli("validate", str(path), env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = [x for x in proc.stdout.splitlines() if x.startswith(str(path))]
    assert line.startswith(f"{path}:") and ": input: " in line
    assert named in line and f"over the limit of {value}" in line and f"set {env_name} to raise it" in line

    # render: Saxon would refuse depth, attributes and names in several lines with exit 1; the
    # gate refuses first, in one line, with exit 2.
    proc = _cli("render", str(path), "--to", "html", "-o", str(tmp_path / "out.html"), env=env)
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert named in line and env_name in line
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("case", ["depth", "attributes-per-element", "nested-hi", "elements", "text-node"])
def test_raising_a_limit_admits_the_file(monkeypatch, case):
    body, env_name, env, _ = CASES[case]
    data = TEI.format(body=body()).encode()
    with pytest.raises(LimitError):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        parse_bytes(data)
    monkeypatch.setenv(env_name, "100000")
    assert parse_bytes(data).getroot() is not None


def test_a_limit_just_inside_saxons_is_accepted_and_rendered(tmp_path):
    # Depth 100 (the root is level 1), 200 attributes, a 1000-character name: the largest
    # Saxon takes, so the gate's defaults lose nothing that would have rendered.
    # TEI, text, body, 95 levels, p, and the long name inside p: depth 100.
    inner = _attributes(199).replace(">x<", f"><{'n' * 1000}/><")
    body = _mixed(95).replace(">x<", f">{inner}<", 1)
    path = tmp_path / "edge.xml"
    path.write_text(TEI.format(body=body))
    proc = _cli("render", str(path), "--to", "html", "-o", str(tmp_path / "edge.html"), env={})
    assert proc.returncode == 0, proc.stderr


def test_a_deep_bomb_is_refused_at_the_limit_not_after_reading_it(monkeypatch):
    depth = 100_000
    data = ("<a>" * depth + "</a>" * depth).encode()
    with pytest.raises(LimitError, match="TEIEDITION_MAX_XML_NESTING") as info:
        parse_bytes(data, "deep.xml")
    assert (info.value.line, info.value.column) == (1, 97)  # the 33rd <a>
    monkeypatch.setenv("TEIEDITION_MAX_XML_NESTING", str(depth))
    with pytest.raises(LimitError, match="TEIEDITION_MAX_XML_DEPTH") as info:
        parse_bytes(data, "deep.xml")
    assert (info.value.line, info.value.column) == (1, 301)  # the 101st


def test_a_bad_limit_value_is_one_line():
    env = {"TEIEDITION_MAX_XML_DEPTH": "lots"}
    proc = _cli("render", str(SAMPLE_TEI), "--to", "html", "-o", os.devnull, env=env)
    assert proc.returncode == 2
    assert proc.stderr == ("teiedition: TEIEDITION_MAX_XML_DEPTH: must be a positive whole number "
                           "(the limit on levels of element nesting), not 'lots'\n")


def test_the_defaults_admit_a_60_mb_edition_with_room_to_spare():
    # The sample's density of elements and attributes per byte, its depth and its inline
    # nesting, scaled to a 60 MB edition, stay well under the defaults.
    size = SAMPLE_TEI.stat().st_size
    root = parse_file(SAMPLE_TEI).getroot()
    elements = list(root.iter())
    attributes = sum(len(e.attrib) for e in elements) + sum(len(e.nsmap) > 0 for e in elements[:1])
    scale = 60_000_000 / size
    assert len(elements) * scale * 2 < limit("elements")
    assert attributes * scale * 2 < limit("attributes")
    depth = max(len(list(e.iterancestors())) + 1 for e in elements)
    assert depth * 3 < limit("depth")
    hi = max((sum(1 for a in e.iterancestors() if a.tag == e.tag) + 1 for e in elements), default=0)
    assert hi * 4 < limit("nesting")


def test_limits_are_documented_with_their_variables():
    readme = (Path(__file__).resolve().parents[1] / "schemas" / "README.md").read_text()
    for spec in LIMITS.values():
        assert spec.env in readme and f"{spec.default:,}" in readme


def test_a_limit_error_is_an_input_error():
    assert issubclass(LimitError, InputError) and LimitError("f", "m").exit_code == 2


def test_a_report_lists_a_bounded_number_of_issues_and_counts_the_rest(tmp_path, monkeypatch, jing):
    # Within every input limit, a file can still hold an error per element: the report lists
    # the first ones of each layer and says how many more there are.
    path = tmp_path / "many.xml"
    path.write_text(TEI.format(body='<p bogus="1">x</p>' * 150))
    monkeypatch.setenv("TEIEDITION_MAX_LISTED_ISSUES", "100")
    report = validate(path, schema="tei-all", tei_all=TEI_ALL_RNG)
    assert len(report.issues) == 100 and report.unlisted == {str(path): 50}
    assert report.summary().endswith("1 invalid, 150 errors")
    assert f"{path}: 50 more errors not listed" in report.to_text()
    assert report.exit_code == 1
