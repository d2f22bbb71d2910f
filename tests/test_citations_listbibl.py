"""teiedition bibl: one reference per line -> one <bibl> per non-empty line, in order."""
from __future__ import annotations

import io
import json
import sys

from lxml import etree

from teiedition.citations import listbibl
from teiedition.cli import main

TEI = "{http://www.tei-c.org/ns/1.0}"
LINES = ("J. Degras (ed.), Soviet Documents on Foreign Policy, vol. 3 (Oxford, 1953), p. 56\n"
         "\n"
         "   \n"
         "Griffiths, Paul, “Saint François d’Assise,” in Peter Hill (ed.), The Messiaen Companion "
         "(London: Faber, 1995), pp. 488–509.\n"
         "not a reference at all & <b>\n"
         "Carr, The Twilight(London, 1982),p. 5\n")


def printed(el) -> str:
    """The element's text as printed: without the editor's <corr> insertions."""
    return "".join(_texts(el))


def _texts(el):
    if el.tag != f"{TEI}corr" and el.text:
        yield el.text
    for c in el:
        yield from _texts(c)
        if c.tail:
            yield c.tail


def test_one_bibl_per_non_empty_line_in_order_and_text_kept():
    root = listbibl.to_tei(LINES).getroot()
    assert root.tag == f"{TEI}listBibl"
    bibls = root.findall(f"{TEI}bibl")
    lines = [line.strip() for line in LINES.splitlines() if line.strip()]
    assert [printed(b) for b in bibls] == lines


def test_parts_and_repairs_marked():
    bibls = listbibl.to_tei(LINES).getroot().findall(f"{TEI}bibl")
    assert bibls[0].find(f"{TEI}editor").text == "J. Degras"
    assert bibls[1].find(f"{TEI}title[@level='a']").text == "Saint François d’Assise"
    assert bibls[1].find(f"{TEI}citedRange").attrib == {"unit": "page", "from": "488", "to": "509"}
    # "Twilight(London" and ",p." lost their spaces: recorded, not applied.
    assert [c.findtext(f"{TEI}corr") for c in bibls[3].iter(f"{TEI}choice")] == [" ", " "]


def test_escaping_is_the_serializer_s_job():
    data = listbibl.serialize(listbibl.to_tei(LINES))
    # Escaped wherever the labeller's parts cut the line ("&" and "<" may land in two parts).
    assert b"<b>" not in data and b"&amp;" in data and b"&lt;" in data
    texts = ["".join(b.itertext()) for b in etree.fromstring(data).iter(f"{TEI}bibl")]
    assert "not a reference at all & <b>" in texts


def test_json_lists_parts_per_line():
    out = json.loads(listbibl.to_json(LINES))
    assert [o["line"] for o in out] == [1, 4, 5, 6]
    first = out[0]["parts"][0]
    assert (first["tag"], first["text"], first["start"], first["end"]) == ("editor", "J. Degras", 0, 9)


def test_cli_file_and_stdin(tmp_path, capsysbinary, monkeypatch):
    src = tmp_path / "refs.txt"
    src.write_text(LINES, encoding="utf-8")
    assert main(["bibl", str(src)]) == 0
    from_file = capsysbinary.readouterr().out
    assert etree.fromstring(from_file).tag == f"{TEI}listBibl"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LINES.encode("utf-8"))))
    assert main(["bibl", "-"]) == 0
    assert capsysbinary.readouterr().out == from_file


def test_cli_json(tmp_path, capsys):
    src = tmp_path / "refs.txt"
    src.write_text(LINES, encoding="utf-8")
    assert main(["bibl", str(src), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 4


def test_cli_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["bibl", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "Traceback" not in err
