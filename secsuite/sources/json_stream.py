"""Incremental reading of one JSON document: values decoded one at a time from a buffered read.

A JSON file of records is read with memory bounded by the largest record, not the file: the
buffer holds what is not yet decoded, and grows only while one value is still incomplete.
Numbers are kept as written (a 5,000-digit integer is not converted; Python refuses past 4,300
digits, and an 18-digit ID stored as a number keeps every digit).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK_CHARS = 1 << 18
WHITESPACE = " \t\n\r"
DECODER = json.JSONDecoder(parse_int=str, parse_float=str)


class JsonSyntaxError(Exception):
    """Invalid JSON at a physical line and column of the file."""

    def __init__(self, msg: str, line: int, column: int) -> None:
        super().__init__(f"{msg}: line {line} column {column}")
        self.msg, self.line, self.column = msg, line, column


class JsonStream:
    """A cursor over a text handle that decodes one JSON value or punctuation mark at a time."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in text already dropped from the buffer
        self.column_before = 0  # characters after the last dropped newline

    def _fill(self) -> bool:
        """Drop what was consumed and read more (at least as much as is buffered, so a large value
        is re-decoded a logarithmic number of times); False at end of file."""
        if self.eof:
            return False
        newlines = self.buffer.count("\n", 0, self.pos)
        if newlines:
            self.lines_before += newlines
            self.column_before = self.pos - self.buffer.rfind("\n", 0, self.pos) - 1
        else:
            self.column_before += self.pos
        chunk = self.handle.read(max(CHUNK_CHARS, len(self.buffer) - self.pos))
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        if not chunk:
            self.eof = True
        return bool(chunk)

    def error(self, msg: str, index: int | None = None) -> JsonSyntaxError:
        """The error at a buffer index (default: the cursor), placed at the file's line and column."""
        index = self.pos if index is None else index
        newlines = self.buffer.count("\n", 0, index)
        column = index - self.buffer.rfind("\n", 0, index) if newlines else self.column_before + index + 1
        return JsonSyntaxError(msg, self.lines_before + newlines + 1, column)

    def peek(self) -> str:
        """The next character that is not whitespace ('' at end of file), left unconsumed."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def take(self, expected: str, msg: str) -> None:
        if self.peek() != expected:
            raise self.error(msg)
        self.pos += 1

    def value(self) -> Any:
        """The next whole value. One that ends at the buffer's end may be cut (a number), so it is
        decoded again with more text; a syntax error counts only once the file is exhausted."""
        self.peek()
        while True:
            try:
                result, end = DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise self.error(exc.msg, exc.pos) from None
                self._fill()
                continue
            if end == len(self.buffer) and not self.eof:
                self._fill()
                continue
            self.pos = end
            return result

    def items(self) -> Iterator[Any]:
        """The values of the array whose ``[`` is next."""
        self.take("[", "Expecting '['")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self._closed("]"):
                return

    def members(self) -> Iterator[str]:
        """The keys of the object whose ``{`` is next; after each key the caller reads its value
        (``value`` or ``items``)."""
        self.take("{", "Expecting '{'")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.error("Expecting property name enclosed in double quotes")
            key = self.value()
            self.take(":", "Expecting ':' delimiter")
            yield key
            if self._closed("}"):
                return

    def _closed(self, close: str) -> bool:
        """After an item: True at the closing mark, False past a comma, an error otherwise."""
        mark = self.peek()
        if mark not in (close, ","):
            raise self.error("Expecting ',' delimiter")
        self.pos += 1
        return mark == close

    def end(self) -> None:
        """Nothing but whitespace may follow the document."""
        if self.peek():
            raise self.error("Extra data")
