"""Reading chapter files in the encodings editors actually have."""
from __future__ import annotations

import codecs

import pytest

from teiedition.errors import InputError
from teiedition.sourcefile import decode

TEXT = "Café “déjà vu” – Müller, Łódź\nNotes\n"
WESTERN = "Café “déjà vu” – Müller\nNotes\n"  # no Ł: Windows-1252 cannot encode it


@pytest.mark.parametrize("title,data,text,encoding", [
    ("utf-8", TEXT.encode("utf-8"), TEXT, "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT, "utf-8-sig"),
    ("utf-16 LE with BOM", TEXT.encode("utf-16"), TEXT, "utf-16"),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, "utf-16"),
    ("windows-1252", WESTERN.encode("cp1252"), WESTERN, "cp1252"),
    ("latin-1", "Café Müller\nNotes\n".encode("latin-1"), "Café Müller\nNotes\n", "cp1252"),
    ("CRLF line ends", b"a\r\nb\r\n", "a\nb\n", "utf-8"),
])
def test_detected_encodings(title, data, text, encoding):
    got = decode(data, "c.txt")
    assert (got.text, got.encoding) == (text, encoding)


def test_explicit_encoding_wins():
    data = "Ζεύς\n".encode("iso-8859-7")
    assert decode(data, "c.txt", "iso-8859-7").text == "Ζεύς\n"


@pytest.mark.parametrize("title,data,encoding,message", [
    ("mostly non-ASCII bytes (another legacy encoding)", "日本語のテキスト\n".encode("shift_jis") * 3, None,
     "give --encoding"),
    ("undefined windows-1252 bytes", b"abc \x81 def\n", None, "not UTF-8"),
    ("utf-16 without BOM", "Notes\n".encode("utf-16-le"), None, "needs --encoding utf-16"),
    ("unknown encoding name", b"abc\n", "klingon", "unknown encoding"),
    ("wrong explicit encoding", b"\xff\xfe\xfd", "utf-8", "not utf-8"),
    ("control character", b"ab\ncd\x0bef\n", None, "U+000B"),
])
def test_clear_errors(title, data, encoding, message):
    with pytest.raises(InputError) as err:
        decode(data, "c.txt", encoding)
    assert message in str(err.value)
    assert str(err.value).startswith("c.txt")


def test_illegal_character_position():
    with pytest.raises(InputError) as err:
        decode(b"line one\nab\x01c\n", "c.txt")
    assert (err.value.line, err.value.column) == (2, 3)
