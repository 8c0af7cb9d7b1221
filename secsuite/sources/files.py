"""Turning the paths a user gives into tables: directories are walked, formats picked by suffix."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from secsuite.errors import InputError, unexpected
from secsuite.redact import mask_sensitive
from secsuite.sources.csv_file import open_csv
from secsuite.sources.excel_file import open_workbook
from secsuite.sources.json_file import open_json, open_jsonl
from secsuite.sources.parquet_file import open_parquet
from secsuite.sources.table import READ_FAULTS, Table

SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


UNSUPPORTED_DATA = {".xls": "另存为 .xlsx (save as .xlsx)", ".xlsb": "另存为 .xlsx (save as .xlsx)",
                    ".et": "另存为 .xlsx (save as .xlsx)", ".ods": "另存为 .xlsx (save as .xlsx)",
                    ".dbf": "导出为 CSV (export to CSV)", ".mdb": "导出为 CSV (export to CSV)",
                    ".accdb": "导出为 CSV (export to CSV)", ".sav": "导出为 CSV (export to CSV)"}
"""Data files a walk finds but cannot read: named as errors, never skipped without a word."""


def _walk(root: Path) -> Iterator[Path]:
    """Every file under ``root``, following symlinked directories (a data folder is often a link
    to a share) but entering each real directory once, so a link loop ends."""
    seen: set[str] = set()
    for directory, subdirectories, files in os.walk(root, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirectories.clear()
            continue
        seen.add(real)
        subdirectories.sort()
        for name in sorted(files):
            yield Path(directory) / name


def discover(paths: Iterable[str]) -> Iterator[tuple[Path, str] | InputError]:
    """Each supported file under the given paths, with the source name the report will use; each
    data file that cannot be read (``.xls``), a broken link or a missing path as an error."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in _walk(path):
                if child.name.startswith((".", "~$")):
                    continue
                suffix = child.suffix.lower()
                if suffix in SUFFIXES and child.is_file():
                    yield child, child.as_posix()
                elif suffix in UNSUPPORTED_DATA:
                    yield InputError(mask_sensitive(child.as_posix()), "不支持的文件类型，未扫描 (unsupported file type; not scanned)",
                                     expected=UNSUPPORTED_DATA[suffix])
                elif suffix in SUFFIXES:
                    yield InputError(mask_sensitive(child.as_posix()), "链接指向的文件不存在 (broken link; not scanned)")
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path, given
            else:
                yield InputError(mask_sensitive(given), "不支持的文件类型 (unsupported file type)",
                                 expected=UNSUPPORTED_DATA.get(path.suffix.lower(), ", ".join(sorted(SUFFIXES))))
        else:
            yield InputError(mask_sensitive(given), "路径不存在或无法访问 (no such file or directory)")


def _readers(path: Path, source: str, max_cell_bytes: int) -> Iterator[Table | InputError]:
    kind = SUFFIXES[path.suffix.lower()]
    if kind == "xlsx":
        yield from open_workbook(path, source, max_cell_bytes)
    elif kind == "csv":
        yield open_csv(path, source, max_cell_bytes)
    elif kind == "json":
        yield open_json(path, source, max_cell_bytes)
    elif kind == "jsonl":
        yield open_jsonl(path, source, max_cell_bytes)
    else:
        yield open_parquet(path, source, max_cell_bytes)


def _named_safely(item: Table | InputError) -> Table | InputError:
    """Sheet and file names come from the data: mask any part that validates as an identifier."""
    item.source = mask_sensitive(item.source)
    if isinstance(item, Table):
        item.name = mask_sensitive(item.name)
    return item


def open_file(path: Path, source: str, max_cell_bytes: int) -> Iterator[Table | InputError]:
    """The tables of one file (one per XLSX sheet); an unreadable file yields its error instead,
    whatever the parser raised, so that one bad file never stops the others."""
    for item in _opened(path, source, max_cell_bytes):
        yield _named_safely(item)


def _opened(path: Path, source: str, max_cell_bytes: int) -> Iterator[Table | InputError]:
    try:
        yield from _readers(path, source, max_cell_bytes)
    except InputError as error:
        yield error
    except PermissionError:
        yield InputError(source, "无权限读取文件 (permission denied)", expected="a readable file")
    except UnicodeDecodeError as exc:
        yield InputError(source, "文本编码错误 (text is not valid UTF-8)", expected=f"UTF-8 text ({exc.reason})")
    except OSError as exc:
        yield InputError(source, f"无法读取文件 (cannot read file: {exc.strerror or type(exc).__name__})")
    except READ_FAULTS as exc:  # a parser's own limits and faults (bad XML, CRC, nesting depth)
        yield unexpected(source, exc)
