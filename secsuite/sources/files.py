"""Turning the paths a user gives into tables: directories are walked, formats picked by suffix."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from secsuite.errors import InputError
from secsuite.sources.csv_file import open_csv
from secsuite.sources.excel_file import open_workbook
from secsuite.sources.json_file import open_json, open_jsonl
from secsuite.sources.parquet_file import open_parquet
from secsuite.sources.table import Table

SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def discover(paths: Iterable[str]) -> Iterator[tuple[Path, str] | InputError]:
    """Each supported file under the given paths, with the source name the report will use."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not child.name.startswith((".", "~$")):
                    yield child, child.as_posix()
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path, given
            else:
                yield InputError(given, "不支持的文件类型 (unsupported file type)",
                                 expected=", ".join(sorted(SUFFIXES)))
        else:
            yield InputError(given, "路径不存在或无法访问 (no such file or directory)")


def open_file(path: Path, source: str, max_cell_bytes: int) -> Iterator[Table | InputError]:
    """The tables of one file (one per XLSX sheet); an unreadable file yields its error instead."""
    kind = SUFFIXES[path.suffix.lower()]
    try:
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
    except InputError as error:
        yield error
    except PermissionError:
        yield InputError(source, "无权限读取文件 (permission denied)", expected="a readable file")
    except UnicodeDecodeError as exc:
        yield InputError(source, "文本编码错误 (text is not valid UTF-8)", expected=f"UTF-8 text ({exc.reason})")
    except OSError as exc:
        yield InputError(source, f"无法读取文件 (cannot read file: {exc.strerror or type(exc).__name__})")
