"""Bounds on what one input may cost, checked before a parser commits memory or time to it.

An XLSX is a zip: 351 KB can inflate to gigabytes of shared strings. A YAML inventory of 1 KB can
expand, through aliases of aliases ("billion laughs"), past any memory. A CSV of 10,000 columns
costs minutes. Each limit is an ``InputError`` that names the file and the bound, so the user
knows what to split or fix; nothing is read half-way.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from secsuite.errors import InputError

MAX_UNZIPPED_BYTES = 4 << 30  # a workbook's members, inflated
MAX_RATIO = 200  # inflated / compressed, for members of at least RATIO_FROM bytes
RATIO_FROM = 64 << 20
MAX_SHEETS = 1000
MAX_COLUMNS = 4096
MAX_YAML_NODES = 1_000_000


def check_workbook(path: Path, source: str) -> None:
    """Refuse a workbook whose members would inflate beyond the bounds (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # the workbook reader names a damaged file
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise InputError(source, f"工作簿解压后 {total:,} 字节，超过上限 (workbook inflates to {total:,} bytes)",
                         expected=f"at most {MAX_UNZIPPED_BYTES:,} bytes unzipped; split the workbook")
    for member in members:
        if member.file_size >= RATIO_FROM and member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise InputError(
                source,
                f"工作簿成员 {member.filename} 压缩比异常 (member inflates {member.file_size // max(1, member.compress_size)}×)",
                expected=f"a compression ratio under {MAX_RATIO}:1",
            )
    sheets = sum(1 for m in members if m.filename.startswith("xl/worksheets/sheet"))
    if sheets > MAX_SHEETS:
        raise InputError(source, f"工作表过多 ({sheets} sheets)", expected=f"at most {MAX_SHEETS} sheets")


def check_columns(count: int, source: str) -> None:
    if count > MAX_COLUMNS:
        raise InputError(source, f"列数过多 ({count:,} columns)", expected=f"at most {MAX_COLUMNS:,} columns")


def check_yaml_expansion(node: Any, source: str) -> None:
    """Refuse a composed YAML document whose aliases would expand past ``MAX_YAML_NODES`` nodes,
    or that refers to itself; sizes are counted once per shared node, so the check is cheap."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(current: Any) -> int:
        key = id(current)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise InputError(source, "YAML 别名循环引用 (a YAML alias refers to itself)", expected="plain records")
        open_nodes.add(key)
        children = current.value if isinstance(current.value, list) else []
        total = 1
        for child in children:
            total += sum(size(part) for part in child) if isinstance(child, tuple) else size(child)
            if total > MAX_YAML_NODES:
                raise InputError(
                    source, "YAML 别名展开过大 (YAML aliases expand too far)",
                    expected=f"at most {MAX_YAML_NODES:,} values once aliases are expanded",
                )
        open_nodes.discard(key)
        sizes[key] = total
        return total

    if node is not None:
        size(node)
