"""Text encoding of CSV exports: UTF-8 (with or without BOM), GBK and GB18030 all occur.

GBK is a subset of GB18030, so GBK files are decoded as GB18030. Anything else is named by
charset-normalizer's best guess; a file that decodes as none of them is an input error.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from secsuite.errors import InputError

SAMPLE_BYTES = 4 << 20
_ACCEPTED_GUESSES = {"utf_8", "gb18030", "gbk", "gb2312", "big5", "utf_16", "ascii"}


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(data, final=False)  # a sample may end inside a multi-byte character
    except UnicodeDecodeError:
        return False
    return True


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(path: Path, source: str) -> str:
    """The codec name for ``path``: 'utf-8-sig', 'utf-8', 'gb18030' or a guessed one."""
    with path.open("rb") as handle:
        data = handle.read(SAMPLE_BYTES)
    if not data.strip():
        raise InputError(source, "文件为空 (empty file)", expected="a header row and data rows")
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if _decodes(data, "utf-8"):
        return "utf-8"
    if _decodes(data, "gb18030"):
        return "gb18030"
    from charset_normalizer import from_bytes  # only for a file neither UTF-8 nor GB18030: start-up time

    guess = from_bytes(data).best()
    if guess is not None and guess.encoding in _ACCEPTED_GUESSES and _decodes(data, guess.encoding):
        return guess.encoding
    mostly = _mostly_decodes(data)
    if mostly is not None:
        return mostly  # the few lines that are not text are named and skipped by the reader
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
    else:  # pragma: no cover - utf-8 decoded above
        line = 1
    raise InputError(
        source,
        "无法识别的文本编码 (unrecognised text encoding)",
        row=line,
        expected="UTF-8, GBK or GB18030 text",
    )


MAX_BAD_LINE_SHARE = 0.1


def _mostly_decodes(data: bytes) -> str | None:
    """UTF-8 or GB18030, whichever leaves fewer lines undecodable, when at most 10% (and at least
    one line) are: a file with a few damaged lines is still that encoding (read in the other,
    nearly every line of Chinese text fails)."""
    lines = data.split(b"\n")[:-1] or [data]  # the last piece may be cut inside a character
    best: tuple[int, str] | None = None
    for encoding in ("utf-8", "gb18030"):
        bad = 0
        for line in lines:
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                bad += 1
        if best is None or bad < best[0]:
            best = (bad, encoding)
    assert best is not None
    bad, encoding = best
    return encoding if bad < len(lines) and bad <= max(1, MAX_BAD_LINE_SHARE * len(lines)) else None
