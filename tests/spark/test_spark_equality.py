"""The Spark engine equals the local engine: the bundled example and a generated 200k-row table,
split into many partitions so that merging partition states is what is being tested."""

from __future__ import annotations

import importlib.util
from dataclasses import replace

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")

from secsuite.inventory.catalogue import load_catalogue  # noqa: E402
from secsuite.scan.dataset import ScanOptions  # noqa: E402
from secsuite.scan.pipeline import ScanRequest, run_scan  # noqa: E402
from secsuite.spark.engine import scan_with_spark  # noqa: E402
from tests.conftest import EXAMPLES, ROOT  # noqa: E402
from tests.spark.conftest import outcome, runtime_conf  # noqa: E402

SMALL_SPLITS = {"spark.sql.files.maxPartitionBytes": str(16 << 10)}  # an 87 KB example CSV: 6 partitions


def _datagen():
    spec = importlib.util.spec_from_file_location("datagen", ROOT / "benchmarks" / "datagen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example_request(specs, guide, as_of):
    return ScanRequest(paths=[str(EXAMPLES / "data")], guide=guide, specs=specs, as_of=as_of,
                       options=ScanOptions(full=True), catalogue=load_catalogue(EXAMPLES / "catalogue.csv"))


def test_example_equals_the_local_engine(spark, example_request):
    local = run_scan(example_request)
    with runtime_conf(spark, SMALL_SPLITS):
        distributed = scan_with_spark(example_request, spark)
    expected = {source: value for source, value in outcome(local).items() if ".xlsx#" not in source}
    assert outcome(distributed) == expected
    assert {"csv", "parquet", "json", "jsonl"} <= {d.format for d in distributed.datasets}
    assert [d.source for d in distributed.datasets] == list(expected)
    assert [[f.name for f in d.fields] for d in distributed.datasets] == [list(v["fields"]) for v in expected.values()]
    assert [error["source"] for error in distributed.errors if "XLSX" in error["message"]] == [
        str(EXAMPLES / "data/市场监管/企业登记.xlsx")]
    xlsx = ".xlsx"
    assert sorted((f.rule_id, f.object.id) for f in distributed.findings) == sorted(
        (f.rule_id, f.object.id) for f in local.findings if xlsx not in f.object.id)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """200,000 rows of the benchmark's government table as CSV and as Parquet (several row groups)."""
    folder = tmp_path_factory.mktemp("generated")
    csv = _datagen().write_csv(folder / "人口库.csv", 200_000, chunk_rows=50_000)
    header = csv.open(encoding="utf-8").readline().strip().split(",")
    text = pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()))
    pq.write_table(pacsv.read_csv(csv, convert_options=text), folder / "人口库.parquet", row_group_size=40_000)
    return folder


def test_generated_table_equals_the_local_engine(spark, generated, example_request):
    request = replace(example_request, paths=[str(generated / "人口库.csv")], catalogue=None)
    local = outcome(run_scan(request))
    with runtime_conf(spark, {"spark.sql.files.maxPartitionBytes": str(8 << 20)}):  # 53 MB: 7 partitions
        assert outcome(scan_with_spark(request, spark)) == local
    parquet = replace(request, paths=[str(generated / "人口库.parquet")])
    [(_, expected)] = local.items()
    [(source, found)] = outcome(scan_with_spark(parquet, spark)).items()
    assert source.endswith("人口库.parquet") and found == expected
    fields = expected["fields"]
    assert fields["身份证号"][3][0][:2] == ("CN_RESIDENT_ID", 200_000)
    assert fields["订单编号"][3] == []


def test_numbers_excel_cut_are_named_as_the_local_engine_names_them(spark, tmp_path, example_request):
    """An ID column Excel turned into 4.40305E+16 is an input error on both engines, with the same
    file, field, count and text, across partitions, and never shows a digit of the value."""
    rows = [f"张三{i},{4.40305199001011e17 + i:.6G},1381234{i:04d}" for i in range(3000)]
    (tmp_path / "名单.csv").write_text("姓名,身份证号,手机\n" + "\n".join(rows) + "\n", encoding="utf-8")
    request = replace(example_request, paths=[str(tmp_path / "名单.csv")], catalogue=None)

    def cut(result) -> list[tuple[str, str | None, str]]:
        return [(e["source"], e.get("field"), e["message"]) for e in result.errors if "科学计数法" in e["message"]]

    local = cut(run_scan(request))
    with runtime_conf(spark, {"spark.sql.files.maxPartitionBytes": str(16 << 10)}):
        distributed = cut(scan_with_spark(request, spark))
    assert local == distributed and len(local) == 1
    assert local[0][1] == "身份证号" and "3,000 个单元格" in local[0][2] and "4.40305" not in local[0][2]


def test_files_outside_the_table_formats_are_named_as_the_local_engine_names_them(spark, tmp_path, example_request):
    """A README and a PDF are skipped by name, a hidden folder once, an .xls is an input error, on
    both engines alike."""
    (tmp_path / "人口.csv").write_text("地区,人数\n宿城区,12\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# 说明\n", encoding="utf-8")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._人口.csv").write_bytes(b"\x00\x05\x16\x07")
    (tmp_path / "说明.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    request = replace(example_request, paths=[str(tmp_path)], catalogue=None)
    local, distributed = run_scan(request), scan_with_spark(request, spark)
    assert distributed.skipped == local.skipped and len(local.skipped) == 3
    assert [e["source"] for e in distributed.errors] == [e["source"] for e in local.errors] == [
        (tmp_path / "old.xls").as_posix()]
