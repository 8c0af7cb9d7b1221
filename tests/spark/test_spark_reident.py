"""The Spark engine measures re-identification as the local engine does: the same class sizes,
share at risk, guilty column and l-diversity over every row, with the table split into many
partitions so that the group-bys really shuffle."""

from __future__ import annotations

import csv
import random

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")

from secsuite.inventory.catalogue import load_catalogue  # noqa: E402
from secsuite.scan.dataset import ScanOptions  # noqa: E402
from secsuite.scan.pipeline import ScanRequest, run_scan  # noqa: E402
from secsuite.spark.engine import scan_with_spark  # noqa: E402
from tests.spark.conftest import runtime_conf  # noqa: E402

SMALL_SPLITS = {"spark.sql.files.maxPartitionBytes": str(32 << 10)}


@pytest.fixture(scope="module")
def opened(tmp_path_factory, specs, guide, as_of):
    folder = tmp_path_factory.mktemp("opened")
    rng = random.Random(21)
    with (folder / "就诊名单.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["性别", "出生年份", "区县", "民族", "诊断"])
        for _ in range(6000):
            writer.writerow([rng.choice("男女"), str(rng.randint(1950, 1990)),
                             rng.choice(["宿城区", "宿豫区", "沭阳县", ""]), rng.choice(["汉族"] * 9 + ["回族"]),
                             rng.choice(["高血压", "糖尿病", "冠心病", "哮喘"])])
    (folder / "catalogue.csv").write_text("dataset,unit,open_attr\n就诊名单.csv,市卫健委,有条件开放\n",
                                          encoding="utf-8")
    return ScanRequest(paths=[str(folder / "就诊名单.csv")], guide=guide, specs=specs, as_of=as_of,
                       options=ScanOptions(full=True), catalogue=load_catalogue(folder / "catalogue.csv"))


def test_spark_measures_equal_the_local_engine(spark, opened):
    local = run_scan(opened)
    with runtime_conf(spark, SMALL_SPLITS):
        distributed = scan_with_spark(opened, spark)
    [mine], [theirs] = local.datasets, distributed.datasets
    assert theirs.reidentification.engine == "spark" and mine.reidentification.engine == "polars"
    assert theirs.reidentification.status == "measured" and theirs.reidentification.rows == 6000
    ignore = {"engine"}
    assert theirs.reidentification.model_dump(exclude=ignore) == mine.reidentification.model_dump(exclude=ignore)
    assert [f.quasi_identifier for f in theirs.fields] == [f.quasi_identifier for f in mine.fields]
    assert sorted((f.rule_id, f.severity) for f in distributed.findings) == sorted(
        (f.rule_id, f.severity) for f in local.findings)
