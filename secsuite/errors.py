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
    """The result store cannot be opened, read or written; the message never shows the URL's
    password, and says why in the user's terms."""

    @classmethod
    def from_driver(cls, exc: BaseException) -> StoreError:
        text = str(getattr(exc, "orig", None) or exc).lower()
        if "full" in text or "no space" in text:
            reason = "磁盘已满 (the disk is full)"
        elif "readonly" in text or "read-only" in text or "read only" in text:
            reason = "结果库只读 (the store is read-only)"
        elif "locked" in text or "lock" in text:
            reason = "结果库被其他进程锁定 (the store is locked by another process)"
        else:
            reason = f"{type(getattr(exc, 'orig', None) or exc).__name__}"
        return cls(f"无法写入结果库：{reason}；已写入的结果仍保留 (cannot write the result store: {reason}; "
                   "what was written so far is kept)")


def unexpected(source: str, exc: BaseException, what: str = "无法读取 (cannot read)") -> InputError:
    """An ``InputError`` for an exception no reader anticipated (a corrupt archive, a nesting or
    size limit of a parser, a database error). Its message may quote the offending cell, so it is
    redacted; the source, type and redacted message are what a user needs to find the fault."""
    from secsuite.redact import redact_message

    detail = redact_message(_driver_text(exc).strip())[:300]
    message = f"{what}: {type(exc).__name__}" + (f": {detail}" if detail else "")
    return InputError(source, message)


def _driver_text(exc: BaseException) -> str:
    """The message of a database driver's error rather than SQLAlchemy's wrapper (which quotes the
    statement) or the ``(errno, 'text')`` tuple of MySQL drivers (whose quotes would hide it all)."""
    cause = getattr(exc, "orig", None) or exc
    args = getattr(cause, "args", ())
    if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):
        return f"{args[0]} {args[1]}"
    return str(cause)
