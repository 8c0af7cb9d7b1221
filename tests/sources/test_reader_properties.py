"""Properties of the readers over arbitrary input: whatever the bytes or the table, a scan ends (no
hang), every file becomes datasets or recorded errors (never an exception), and no raw identifier
reaches the output."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import timedelta
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan

SUFFIXES = [".csv", ".tsv", ".json", ".jsonl", ".parquet", ".xlsx"]
RAW = ["11010519491231002X", "13812345678", "6222600260001072444", "91350100M000100Y43"]
PROPERTY = settings(max_examples=40, deadline=timedelta(seconds=20),
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def scan(paths: list[Path], specs, guide, as_of, full: bool):
    request = ScanRequest(paths=[str(p) for p in paths], guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(full=full, sample_rows=100))
    return run_scan(request)


def _output(result) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False)


@PROPERTY
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES), full=st.booleans())
def test_arbitrary_bytes_become_datasets_or_errors(specs, guide, as_of, data, suffix, full):
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / f"x{suffix}"
        bad.write_bytes(data)
        good = Path(folder) / "z.csv"
        good.write_text("a\n1\n", encoding="utf-8")
        result = scan([bad, good], specs, guide, as_of, full)
        sources = {d.source for d in result.datasets} | {e["source"] for e in result.errors}
        assert str(good) in {d.source for d in result.datasets}
        assert any(s.startswith(str(bad)) for s in sources) or not data.strip()
        _output(result)  # serialisable: no lone surrogate, no raw bytes


def _zip_members_mutated(data: bytes, cut: int) -> bytes:
    """A real workbook with its bytes cut or flipped at ``cut``: damage the archive, not a toy."""
    position = cut % max(1, len(data))
    return data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1 :]


@PROPERTY
@given(cut=st.integers(min_value=0, max_value=10_000), full=st.booleans())
def test_damaged_workbooks_become_errors(specs, guide, as_of, cut, full):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", RAW[0]])
    buffer = io.BytesIO()
    book.save(buffer)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        path.write_bytes(_zip_members_mutated(buffer.getvalue(), cut))
        result = scan([path], specs, guide, as_of, full)
        assert result.datasets or result.errors
        assert RAW[0] not in _output(result)


cells = st.one_of(st.sampled_from(RAW), st.text(max_size=20), st.sampled_from(["", "=HYPERLINK(1)", "[/]", "\x1b[31m"]))
tables = st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=12)


def _write_table(path: Path, rows: list[list[str]]) -> None:
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell.encode("utf-8", "replace").decode("utf-8"))
                                for cell in row])  # a workbook cannot hold control characters
        book.save(path)
    elif path.suffix == ".json":
        width = max(len(r) for r in rows)
        header = [rows[0][i] if i < len(rows[0]) else f"k{i}" for i in range(width)]
        records = [dict(zip(header, row, strict=False)) for row in rows[1:]]
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8", errors="replace")
    else:
        with path.open("w", encoding="utf-8", errors="replace", newline="") as handle:
            csv.writer(handle).writerows(rows)


@PROPERTY
@given(rows=tables, suffix=st.sampled_from([".csv", ".xlsx", ".json"]), named_after=st.sampled_from(RAW + ["t"]),
       full=st.booleans())
def test_no_raw_identifier_reaches_the_output(specs, guide, as_of, rows, suffix, named_after, full):
    """Identifiers as cells, as would-be headers, as JSON keys and as the file's name: the scan's
    whole output (sources, names, errors, examples) holds none of them raw."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{named_after}{suffix}"
        _write_table(path, rows)
        result = scan([path], specs, guide, as_of, full)
        output = _output(result)
        assert not [raw for raw in RAW if raw in output]
