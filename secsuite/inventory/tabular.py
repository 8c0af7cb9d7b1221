"""Reading an inventory file into numbered records with canonical (English) keys.

Auditors receive these as Excel or CSV with Chinese headers, or write YAML by hand; all three
come out the same way, each record tagged with the row it came from so errors can point at it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from secsuite.errors import InputError
from secsuite.sources.encoding import detect_encoding


@dataclass(frozen=True)
class Record:
    source: str
    row: int
    values: dict[str, Any]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _canonical(header: Any, aliases: Mapping[str, str]) -> str:
    text = str(header).strip() if header is not None else ""
    return aliases.get(text, aliases.get(text.lower(), text))


def _rows_csv(path: Path, source: str) -> list[tuple[int, list[Any]]]:
    encoding = detect_encoding(path, source)
    with path.open("r", encoding=encoding, newline="") as handle:
        return [(number, row) for number, row in enumerate(csv.reader(handle), start=1)]


def _rows_xlsx(path: Path, source: str, sheet: str | None) -> list[tuple[int, list[Any]]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(source, f"无法打开 Excel 工作簿 (cannot open workbook: {type(exc).__name__})") from None
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        return [(number, list(row)) for number, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def read_records(path: Path, aliases: Mapping[str, str], sheet: str | None = None) -> list[Record]:
    """Records of a CSV/XLSX/YAML inventory, keys mapped through ``aliases`` (Chinese → English)."""
    source = str(path)
    if not path.is_file():
        raise InputError(source, "文件不存在 (no such file)")
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return _yaml_records(path, source, aliases)
    rows = _rows_xlsx(path, source, sheet) if suffix in {".xlsx", ".xlsm"} else _rows_csv(path, source)
    rows = [(n, r) for n, r in rows if any(_clean(v) is not None for v in r)]
    if not rows:
        raise InputError(source, "文件为空 (empty file)", expected="a header row and data rows")
    (_, header), body = rows[0], rows[1:]
    keys = [_canonical(h, aliases) for h in header]
    return [
        Record(source, number, {key: _clean(value) for key, value in zip(keys, row, strict=False) if key})
        for number, row in body
    ]


def _yaml_records(path: Path, source: str, aliases: Mapping[str, str]) -> list[Record]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(source, "YAML 格式错误 (invalid YAML)", row=None if line is None else line + 1) from None
    if isinstance(document, dict) and len(document) == 1:
        document = next(iter(document.values()))
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise InputError(source, "YAML 结构无法识别 (unrecognised layout)", expected="a list of records")
    return [
        Record(source, number, {_canonical(k, aliases): _clean(v) for k, v in item.items()})
        for number, item in enumerate(document, start=1)
    ]


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: expected YYYY-MM-DD, got a value of {len(text)} characters")


_DATETIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+|\s*)(\d{1,2})[:：时](\d{1,2})"
    r"(?:[:：分](\d{1,2})(?:\.\d+)?秒?)?分?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_SERIALS = (20000, 80000)  # 1954 … 2119: a bare number in this range is an Excel date serial


def as_datetime(value: Any, tz: dt.tzinfo) -> dt.datetime | None:
    """A timestamp as auditors type it, made timezone-aware: a value without a zone is in ``tz``.

    Accepts Excel datetimes and date serials, ISO 8601, ``2025/3/1 9:00:05``, ``2025-03-01 09:00``,
    ``2025年3月1日 9时0分`` and a ``Z``/``UTC``/``+08:00`` suffix. A date alone is refused: a clock
    measured in minutes cannot start at an unknown time of day.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _EXCEL_SERIALS[0] < value < _EXCEL_SERIALS[1]:
        if float(value).is_integer():
            raise ValueError("a date without a time of day")
        return (_EXCEL_EPOCH + dt.timedelta(seconds=round(float(value) * 86400))).replace(tzinfo=tz)
    match = _DATETIME.match(str(value).strip())
    if not match:
        raise ValueError("not a date and time")
    year, month, day, hour, minute = (int(part) for part in match.groups()[:5])
    second = int(match.group(6) or 0)
    zone = match.group(7)
    if zone is None:
        zone_info = tz
    elif zone.upper() in {"Z", "UTC"}:
        zone_info = dt.timezone.utc
    else:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        zone_info = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=zone_info)
