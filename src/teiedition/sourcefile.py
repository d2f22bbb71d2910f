"""Reading a chapter file: bytes to text, with a clear error for anything that is not text.

Encodings: a BOM decides (UTF-8, UTF-16); otherwise UTF-8; otherwise, for text that is
plainly Western European (few non-ASCII bytes, all of them printable in Windows-1252),
Windows-1252, which also reads Latin-1 text correctly because Latin-1's 0x80-0x9F are control
characters no chapter contains. Anything else needs ``--encoding``.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Bytes that Windows-1252 leaves undefined: their presence rules it out.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# Control characters other than tab and newline, and the non-characters XML 1.0 forbids.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class SourceText:
    text: str
    encoding: str  # the encoding actually used, for the header and for messages


def read_text(path: Path, encoding: str | None = None) -> SourceText:
    name = str(path)
    if not path.exists():
        raise InputError(name, "no such file")
    if path.is_dir():
        raise InputError(name, "is a directory, not a chapter text")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    return decode(data, name, encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> SourceText:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(name, f"unknown encoding '{encoding}'") from None
        text = _decode_as(data, encoding, name)
    else:
        encoding = _detect(data, name)
        text = _decode_as(data, encoding, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "the file is empty")
    check_xml_characters(text, name)
    return SourceText(text, encoding)


def check_xml_characters(text: str, name: str) -> None:
    """Refuse, with its position, the first character that XML 1.0 cannot hold."""
    bad = _NOT_XML.search(text)
    if bad:
        line, column = _position(text, bad.start())
        what = "binary file (contains NUL characters), not a chapter text" if bad.group() == "\x00" \
            else f"character U+{ord(bad.group()):04X} is not allowed in XML 1.0"
        raise InputError(name, what, line, column)


def _detect(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if not data.strip():
        raise InputError(name, "the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes), not a chapter text "
                         "(UTF-16 without a byte order mark needs --encoding utf-16)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    high = sum(1 for b in data if b >= 0x80)
    if not _CP1252_UNDEFINED.search(data) and high <= max(8, len(data) // 20):
        return "cp1252"
    line = data.count(b"\n", 0, utf8_error.start) + 1
    column = utf8_error.start - (data.rfind(b"\n", 0, utf8_error.start) + 1) + 1
    raise InputError(name, f"not UTF-8 (byte 0x{data[utf8_error.start]:02x} cannot be decoded) and "
                     "not recognisably Windows-1252 or Latin-1; give --encoding", line, column)


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(name, f"not {encoding} (byte 0x{data[exc.start]:02x} cannot be decoded)",
                         line, column) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
