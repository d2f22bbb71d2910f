"""Typed exceptions; the CLI turns each into one line on stderr and an exit code."""
from __future__ import annotations


class TeieditionError(Exception):
    """Base class. ``str(error)`` is a message written for a person."""

    exit_code = 2


class InputError(TeieditionError):
    """The input cannot be read or is not a chapter we can convert (exit 2)."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class FidelityError(TeieditionError):
    """Source text is missing from the TEI (exit 1)."""

    exit_code = 1

    def __init__(self, path: str, missing: list[tuple[int, str]]):
        self.missing = missing
        lines = [f"{path}:{line}: text missing from the TEI: {text!r}" for line, text in missing]
        super().__init__("\n".join(lines))


class ValidationFailed(TeieditionError):
    """Output that the project itself wrote is invalid (exit 1)."""

    exit_code = 1
