"""The description of a book: ``book.toml`` read with the standard library's ``tomllib``.

Required keys: ``title``, ``editors`` (a list), ``publisher``, ``date`` (YYYY-MM-DD or
YYYY) and ``chapters`` (a list of chapter files in reading order, relative to the TOML file
or absolute). Optional: ``subtitle``, ``language`` (default ``en``), ``abstract`` and ``id``
(the book's name in the outputs' metadata; default the TOML file's directory name).
Every problem is one line naming the file (and the key), never a traceback.
"""
from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

BOOK_FILE = "book.toml"
_REQUIRED = ("title", "editors", "publisher", "date", "chapters")
_OPTIONAL = ("subtitle", "language", "abstract", "id")
#: A description larger than this is not a book description (its chapters are files).
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class BookSpec:
    path: Path  # the TOML file, absolute
    title: str
    editors: tuple[str, ...]
    publisher: str
    date: str
    chapters: tuple[Path, ...]  # absolute, in reading order
    subtitle: str = ""
    language: str = "en"
    abstract: str = ""
    ident: str = "book"

    @property
    def edition_date(self) -> str:
        """A full date for the chapters' editions and the deposit: a year alone is its 1 January."""
        return self.date if len(self.date) == 10 else f"{self.date}-01-01"


def book_file(spec: str | Path) -> Path | None:
    """The book description a build input names: a ``.toml`` file, or a directory holding
    ``book.toml``; None for anything else (chapters, as before)."""
    path = Path(spec)
    if path.is_dir():
        inner = path / BOOK_FILE
        return inner if inner.is_file() else None
    return path if path.suffix == ".toml" else None


def load_book(path: str | Path) -> BookSpec:
    path = Path(path).absolute()
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(name, f"larger than {MAX_BYTES} bytes: not a book description")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text; a book description is a UTF-8 TOML file") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise InputError(name, f"missing key{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                         f"(a book needs {', '.join(_REQUIRED)})")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise InputError(name, f"unknown key {unknown[0]!r} (known: {', '.join(_REQUIRED + _OPTIONAL)})")

    def text(key: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or (key in _REQUIRED and not value.strip()):
            raise InputError(name, f"{key} must be a non-empty string")
        return " ".join(value.split())

    editors = data["editors"]
    if not isinstance(editors, list) or not editors or not all(isinstance(e, str) and e.strip() for e in editors):
        raise InputError(name, "editors must be a list of names, at least one")
    chapters = data["chapters"]
    if not isinstance(chapters, list) or not chapters or not all(isinstance(c, str) and c for c in chapters):
        raise InputError(name, "chapters must be a list of chapter files, at least one")
    resolved = []
    for entry in chapters:
        chapter = Path(entry) if Path(entry).is_absolute() else path.parent / entry
        if not chapter.is_file():
            raise InputError(name, f"chapter {entry!r}: no such file ({chapter})")
        resolved.append(chapter.resolve())
    stems: dict[str, str] = {}
    for entry, chapter in zip(chapters, resolved, strict=True):
        if chapter.stem in stems:
            raise InputError(name, f"chapters {stems[chapter.stem]!r} and {entry!r} have the same "
                             "name; their editions would overwrite each other")
        stems[chapter.stem] = entry
    date = _date(data["date"], name)
    language = text("language", "en")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", language):
        raise InputError(name, f"language {language!r} is not a language tag such as 'en' or 'de'")
    ident = text("id", path.parent.name or "book")
    if not re.fullmatch(r"[A-Za-z_][\w.-]*", ident):
        raise InputError(name, f"id {ident!r} must start with a letter and hold letters, digits, '.', '-', '_'")
    return BookSpec(path, text("title"), tuple(" ".join(e.split()) for e in editors), text("publisher"),
                    date, tuple(resolved), text("subtitle"), language, text("abstract"), ident)


def _date(value: object, name: str) -> str:
    # TOML has dates of its own (date = 2015-06-01, unquoted); both forms are accepted.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}", value):
            return value
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(name, f"date must be YYYY-MM-DD or YYYY, not {value!r}")
