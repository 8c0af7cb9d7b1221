"""Reading an inventory file into numbered records with canonical (English) keys.

Auditors receive these as Excel or CSV with Chinese headers, or write YAML by hand; all three
come out the same way, each record tagged with the row it came from so errors can point at it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from secsuite.errors import InputError
from secsuite.schema import read_yaml
from secsuite.sources.encoding import detect_encoding
from secsuite.sources.limits import check_workbook, check_yaml_expansion
from secsuite.timeutil import DEFAULT_TZ


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


def _rows_xlsx(
    path: Path, source: str, sheet: str | None, aliases: Mapping[str, str]
) -> list[tuple[int, list[Any]]]:
    """The rows of ``sheet``, or of the sheet whose header names the most known columns (an
    inventory is often on the second sheet, after a cover or instructions sheet)."""
    check_workbook(path, source)
    try:
        import openpyxl  # a fifth of a second to import: only when a workbook is read

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(source, f"无法打开 Excel 工作簿 (cannot open workbook: {type(exc).__name__})") from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise InputError(source, f"没有工作表 {sheet} (no such sheet)", expected="、".join(book.sheetnames))
            sheets = [book[sheet]]
        else:
            sheets = book.worksheets
        best: list[tuple[int, list[Any]]] = []
        best_score = -1
        for worksheet in sheets:
            rows = [(number, list(row)) for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1)]
            score = max((_known(row, aliases) for _, row in rows[:HEADER_SEARCH_ROWS]), default=0)
            if score > best_score:
                best, best_score = rows, score
        return best
    finally:
        book.close()


HEADER_SEARCH_ROWS = 10
"""How far down a title block may push the header row."""


def _known(row: list[Any], aliases: Mapping[str, str]) -> int:
    """How many cells of a row are known column headers."""
    keys = set(aliases.values())
    return sum(1 for cell in row if cell is not None and _canonical(cell, aliases) in keys)


def _header_index(rows: list[tuple[int, list[Any]]], aliases: Mapping[str, str]) -> int:
    """The header among the first rows: the first naming two or more known columns (a title row such
    as “2025年信息系统台账” above it is skipped), else the first row."""
    for index, (_, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _known(row, aliases) >= 2:
            return index
    return 0


def read_records(path: Path, aliases: Mapping[str, str], sheet: str | None = None) -> list[Record]:
    """Records of a CSV/XLSX/YAML inventory, keys mapped through ``aliases`` (Chinese → English)."""
    source = str(path)
    if not path.is_file():
        raise InputError(source, "文件不存在 (no such file)")
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return _yaml_records(path, source, aliases)
    rows = _rows_xlsx(path, source, sheet, aliases) if suffix in {".xlsx", ".xlsm"} else _rows_csv(path, source)
    rows = [(n, r) for n, r in rows if any(_clean(v) is not None for v in r)]
    if not rows:
        raise InputError(source, "文件为空 (empty file)", expected="a header row and data rows")
    start = _header_index(rows, aliases)
    (_, header), body = rows[start], rows[start + 1 :]
    keys = [_canonical(h, aliases) for h in header]
    return [
        Record(source, number, {key: _clean(value) for key, value in zip(keys, row, strict=False) if key})
        for number, row in body
    ]


def _yaml_records(path: Path, source: str, aliases: Mapping[str, str]) -> list[Record]:
    try:
        text = path.read_text(encoding="utf-8")
        check_yaml_expansion(yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), source)
        document = read_yaml(text)
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


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")


def _day_month_year(first: int, second: int, year: int) -> dt.date:
    """6/5/2025 reads as 5 June (US) or 6 May (Europe): taken only when one reading alone is a date
    (13/5/2025) or both agree (5/5/2025); otherwise refused with both readings named."""
    readings = {day for day in (_maybe_date(year, first, second), _maybe_date(year, second, first)) if day}
    if len(readings) == 1:
        return readings.pop()
    if not readings:
        raise ValueError("日期不存在 (no such date)")
    us, europe = dt.date(year, first, second), dt.date(year, second, first)
    raise ValueError(f"日期有歧义，可读作 {us.isoformat()}（月/日/年）或 {europe.isoformat()}（日/月/年），请写作 YYYY-MM-DD "
                     f"(ambiguous date: {us:%d %B %Y} or {europe:%d %B %Y}; write YYYY-MM-DD)")


def _maybe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def as_date(value: Any) -> dt.date | None:
    """The calendar date (China time) of a cell, in any form auditors type or spreadsheets hold.

    Accepts 2025-03-01, 2025/3/1, 2025.3.1, 20250301, 2025年3月1日 (full-width digits too), Excel
    date cells and Excel date serials, 13/5/2025 (refusing 6/5/2025, which reads two ways), and ISO timestamps: a timestamp with an offset is an
    instant, converted to Asia/Shanghai before its date is taken (2025-02-28T16:00:00Z is 1 March
    in China). Raises ValueError naming the problem, never echoing the raw cell.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.astimezone(DEFAULT_TZ).date() if value.tzinfo else value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_date(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        return _calendar_date(*(int(part) for part in match.groups()))
    swapped = _DAY_MONTH_YEAR.match(text)
    if swapped:
        return _day_month_year(*(int(part) for part in swapped.groups()))
    if text.isdigit():
        return _number_date(int(text))
    try:
        instant = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise ValueError("不是日期 (not a date)") from None
    return as_date(instant)


def _number_date(value: float) -> dt.date:
    """A numeric cell: 20250301 typed as a number, or an Excel date serial (a fraction is the time)."""
    whole = int(value)
    if whole == value and _COMPACT_DATE.match(str(whole)):
        return _calendar_date(whole // 10_000, whole // 100 % 100, whole % 100)
    if _EXCEL_SERIALS[0] < value < _EXCEL_SERIALS[1]:
        return (_EXCEL_EPOCH + dt.timedelta(days=whole)).date()
    raise ValueError("数字不是日期 (a number that is neither YYYYMMDD nor an Excel date serial)")


PLAUSIBLE_YEARS = (1950, 2100)
"""Dates in an inventory or register fall in these years; 0001 or 9999 is a typo or a placeholder."""


def _plausible(day: dt.date) -> dt.date:
    if not PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1]:
        raise ValueError(f"年份不合理 (implausible year {day.year:04d}; expected {PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[1]})")
    return day


def _calendar_date(year: int, month: int, day: int) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在 (no such date): {year}年{month}月{day}日") from None
    return _plausible(date)


_HALF_DAY = "上午|早上|早晨|凌晨|中午|下午|傍晚|晚上"
_DATETIME = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    rf"(?:\s*T\s*|\s+|(?=\d{{1,2}}[时点])|(?={_HALF_DAY}))\s*({_HALF_DAY})?\s*"
    r"(\d{1,2})\s*[:时点]\s*(\d{1,2})?(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?\s*(AM|PM)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_AFTERNOON = {"下午", "傍晚", "晚上", "PM"}


def _clock_hour(hour: int, half: str | None) -> int:
    """下午3:00 and 3:00 PM are 15:00; 上午12:30 and 12:30 AM are 00:30; 中午12 is noon, 中午1 is 13:00."""
    if half is None:
        return hour
    if half == "中午":
        return hour + 12 if hour < 11 else hour
    if half in _AFTERNOON:
        return hour + 12 if hour < 12 else hour
    return 0 if hour == 12 else hour
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_SERIALS = (20000, 80000)  # 1954 … 2119: a bare number in this range is an Excel date serial


def as_datetime(value: Any, tz: dt.tzinfo = DEFAULT_TZ) -> dt.datetime | None:
    """An instant as auditors type it, made timezone-aware: a value without a zone is in ``tz``.

    Accepts Excel datetime cells and date serials with a time fraction, ISO 8601,
    ``2025/3/1 9:00:05``, ``2025-03-01 09:00``, ``2025年3月1日 9时5分``, ``2025-06-06 下午3:00``,
    ``2025年6月6日下午3点``, ``2025-06-06 3:00 PM`` (full-width digits too) and a ``Z``/``UTC``/``+08:00`` suffix. A date alone is refused: a clock measured in minutes cannot
    start at an unknown hour.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        _plausible(value.date())
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _EXCEL_SERIALS[0] < value < _EXCEL_SERIALS[1]:
        if float(value).is_integer():
            raise ValueError("只有日期没有时间 (a date without a time of day)")
        return (_EXCEL_EPOCH + dt.timedelta(seconds=round(float(value) * 86400))).replace(tzinfo=tz)
    match = _DATETIME.match(unicodedata.normalize("NFKC", str(value)).strip())
    if not match:
        raise ValueError("不是日期时间 (not a date and time)")
    year, month, day = (int(part) for part in match.groups()[:3])
    half = match.group(4) or (match.group(8) or "").upper() or None
    if match.group(4) and match.group(8):
        raise ValueError("上午/下午与 AM/PM 只能写一个 (write either 上午/下午 or AM/PM)")
    hour, minute = _clock_hour(int(match.group(5)), half), int(match.group(6) or 0)
    zone = match.group(9)
    if zone is None:
        zone_info = tz
    elif zone.upper() in {"Z", "UTC"}:
        zone_info = dt.timezone.utc
    else:
        digits = zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        zone_info = dt.timezone(offset if zone[0] == "+" else -offset)
    try:
        stamp = dt.datetime(year, month, day, hour, minute, int(match.group(7) or 0), tzinfo=zone_info)
    except ValueError:
        raise ValueError("日期时间不存在 (no such date and time)") from None
    _plausible(stamp.date())
    return stamp
