"""Turning the paths a user gives into tables: directories are walked, formats picked by suffix."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from secsuite.errors import InputError, unexpected
from secsuite.redact import mask_sensitive
from secsuite.sources.csv_file import open_csv
from secsuite.sources.excel_file import open_workbook
from secsuite.sources.json_file import open_json, open_jsonl
from secsuite.sources.table import READ_FAULTS, Table

SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


UNSUPPORTED_DATA = {".xls": "另存为 .xlsx (save as .xlsx)", ".xlsb": "另存为 .xlsx (save as .xlsx)",
                    ".et": "另存为 .xlsx (save as .xlsx)", ".ods": "另存为 .xlsx (save as .xlsx)",
                    ".dbf": "导出为 CSV (export to CSV)", ".mdb": "导出为 CSV (export to CSV)",
                    ".accdb": "导出为 CSV (export to CSV)", ".sav": "导出为 CSV (export to CSV)"}
"""Data files a walk finds but cannot read: named as errors, never skipped without a word."""


@dataclass(frozen=True)
class Skipped:
    """A file a folder walk found that holds no table (README, PDF, image, Office lock file): not an
    input error, since nothing that should have been checked was missed, but named in the run's
    output so that an auditor sees every file the scan left out."""

    source: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


def not_scanned(path: Path) -> InputError | Skipped:
    """Why a file found in a folder is not scanned: an unsupported data format is an input error
    (the data is there and unread); anything else is skipped, by name."""
    source = mask_sensitive(path.as_posix())
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_DATA:
        return InputError(source, "不支持的文件类型，未扫描 (unsupported file type; not scanned)",
                          expected=UNSUPPORTED_DATA[suffix])
    if path.name.startswith("~$"):
        return Skipped(source, "Office 锁文件，未扫描 (Office lock file; not scanned)")
    if path.name.startswith("."):
        return Skipped(source, "隐藏文件，未扫描 (hidden file; not scanned)")
    kind = suffix or "无扩展名 (no extension)"
    return Skipped(source, f"不是数据表格式 {kind}，未扫描 (not a table format: {kind}; not scanned)")


HIDDEN_FOLDERS = ("__MACOSX",)  # besides names starting with a dot: what macOS's zip leaves beside the files


def hidden_folder(path: Path) -> Skipped | None:
    """A folder a walk does not enter, named once instead of file by file: a hidden one (.git,
    .svn, .Trash) or the resource forks macOS packs into zip files (__MACOSX/._人口.csv), which hold
    no table. A folder the user names on the command line is entered whatever its name."""
    if path.name.startswith(".") or path.name in HIDDEN_FOLDERS:
        return Skipped(mask_sensitive(f"{path.as_posix()}/"), "隐藏文件夹，未进入 (hidden folder; not entered)")
    return None


def _walk(root: Path) -> Iterator[Path | Skipped]:
    """Every file under ``root`` and every hidden folder left out (see ``hidden_folder``), following
    symlinked directories (a data folder is often a link to a share) but entering each real
    directory once, so a link loop ends."""
    seen: set[str] = set()
    for directory, subdirectories, files in os.walk(root, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirectories.clear()
            continue
        seen.add(real)
        here: list[tuple[str, Path | Skipped]] = [(name, Path(directory) / name) for name in files]
        for name in list(subdirectories):
            if (left_out := hidden_folder(Path(directory) / name)) is not None:
                subdirectories.remove(name)
                here.append((name, left_out))
        subdirectories.sort()
        yield from (item for _, item in sorted(here, key=lambda entry: entry[0]))  # in name order, as Spark's walk


def discover(paths: Iterable[str]) -> Iterator[tuple[Path, str] | InputError | Skipped]:
    """Each supported file under the given paths, with the source name the report will use; each
    data file that cannot be read (``.xls``), a broken link or a missing path as an error; every
    other file a folder holds as skipped, by name."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in _walk(path):
                if isinstance(child, Skipped):
                    yield child
                    continue
                suffix = child.suffix.lower()
                if suffix in SUFFIXES and not child.name.startswith((".", "~$")):
                    if child.is_file():
                        yield child, child.as_posix()
                    else:
                        yield InputError(mask_sensitive(child.as_posix()), "链接指向的文件不存在 (broken link; not scanned)")
                else:
                    yield not_scanned(child)
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
        from secsuite.sources.parquet_file import open_parquet  # pyarrow's Parquet and file systems: start-up time

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
