"""Reading a chapter file: bytes to text, with a clear error for anything that is not text."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError


def read_text(path: Path) -> str:
    name = str(path)
    if not path.exists():
        raise InputError(name, "no such file")
    if path.is_dir():
        raise InputError(name, "is a directory, not a chapter text")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(name, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes), not a chapter text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(name, f"not UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded)",
                         line, column) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError(name, f"character U+{ord(bad.group()):04X} is not allowed in XML 1.0",
                         line, column)
    return text


# Control characters other than tab and newline, and the non-characters XML 1.0 forbids.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
