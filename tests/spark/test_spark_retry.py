"""A task that fails and is retried is counted once: the states are the job's output, and Spark
keeps only the output of the attempt that succeeded."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")

from pyspark import TaskContext  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from secsuite.scan.dataset import ScanOptions  # noqa: E402
from secsuite.scan.pipeline import ScanRequest, run_scan  # noqa: E402
from secsuite.spark import engine  # noqa: E402
from secsuite.spark.dataset import SparkDataset  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402
from tests.spark.conftest import outcome, runtime_conf  # noqa: E402

PEOPLE = EXAMPLES / "data/公安/人口基本信息.csv"


def test_a_task_failing_once_per_partition_gives_the_same_counts(spark, specs, guide, as_of, tmp_path, monkeypatch):
    request = ScanRequest(paths=[str(PEOPLE)], guide=guide, specs=specs, as_of=as_of, options=ScanOptions(full=True))
    expected = outcome(run_scan(request), examples=False)
    markers = tmp_path / "failed"
    markers.mkdir()

    @F.udf("string")
    def fail_once(value):
        """Each partition's first attempt dies half-way through, after its scan has counted rows."""
        context = TaskContext.get()
        if context.attemptNumber() == 0 and value and value.endswith("5"):
            (Path(str(markers)) / f"partition-{context.partitionId()}").touch()
            raise RuntimeError("injected executor failure")
        return value

    def read(spark_session):
        frame = spark_session.read.options(header=True, encoding="UTF-8").csv(str(PEOPLE))
        return frame.select([fail_once(F.col(name)).alias(name) if name == "登记日期" else F.col(name)
                             for name in frame.columns])

    failing = SparkDataset(str(PEOPLE), PEOPLE.stem, "csv", read)
    monkeypatch.setattr(engine, "resolve", lambda *args: iter([failing]))
    with runtime_conf(spark, {"spark.sql.files.maxPartitionBytes": str(32 << 10)}):
        result = engine.scan_with_spark(request, spark)
    assert not result.errors
    assert len(list(markers.iterdir())) == 3  # each partition of the 87 KB file failed once
    assert outcome(result, examples=False) == expected
