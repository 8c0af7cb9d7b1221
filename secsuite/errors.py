"""Input errors that tell the user exactly where and what: file, sheet, row, field, expectation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """A problem with something the user gave us. Never carries a raw cell value."""

    source: str
    message: str
    sheet: str | None = None
    row: int | None = None
    field: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.sheet:
            where += f"#{self.sheet}"
        if self.row is not None:
            where += f" 第{self.row}行(row {self.row})"
        if self.field:
            where += f" 字段(field) {self.field!r}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f"; 期望(expected): {self.expected}"
        return text

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "sheet": self.sheet,
            "row": self.row,
            "field": self.field,
            "message": self.message,
            "expected": self.expected,
        }


class ConfigError(Exception):
    """A rule, detector, guide or config file that fails validation: raised at start-up."""


class InputErrors(Exception):
    """Every problem found in the inputs of a run that cannot go on with any of them."""

    def __init__(self, errors: list[InputError]):
        super().__init__(errors)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class UsageError(Exception):
    """A request that cannot run as given: conflicting options, a tool or an extra that is missing."""


class StoreError(Exception):
    """The result store cannot be opened or read; the message never shows the URL's password."""
