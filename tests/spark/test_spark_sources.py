"""What the Spark engine reads besides single files: directories Spark wrote (partitioned Parquet,
CSV part files), catalog tables and databases with column comments, JDBC tables; and what it
refuses, as input errors that leave the other datasets scanned."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")

from secsuite.scan.dataset import ScanOptions  # noqa: E402
from secsuite.scan.pipeline import ScanRequest, run_scan  # noqa: E402
from secsuite.spark.engine import scan_with_spark  # noqa: E402
from secsuite.spark.jdbc import display_jdbc  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402
from tests.spark.conftest import outcome  # noqa: E402

WELFARE = EXAMPLES / "data/民政/低保救助.csv"  # UTF-8; 残疾类别 (HEALTH_INFO) is empty in most rows


@pytest.fixture(scope="module")
def request_for(specs, guide, as_of):
    base = ScanRequest(paths=[], guide=guide, specs=specs, as_of=as_of, options=ScanOptions(full=True))
    return lambda *paths: replace(base, paths=[str(p) for p in paths])


@pytest.fixture(scope="module")
def welfare(spark, request_for):
    """The example's welfare list as Spark reads it, and what the local engine finds in it."""
    frame = spark.read.options(header=True).csv(str(WELFARE))
    [expected] = outcome(run_scan(request_for(WELFARE)), examples=False).values()
    return frame, expected


def test_directories_spark_wrote_are_one_dataset_each(spark, welfare, request_for, tmp_path):
    frame, expected = welfare
    frame.repartition(2).write.partitionBy("残疾类别").parquet(str(tmp_path / "lake/dibao_parquet"))
    frame.repartition(2).write.option("header", True).csv(str(tmp_path / "lake/dibao_csv"))
    result = scan_with_spark(request_for(tmp_path / "lake"), spark)
    assert not result.errors
    found = outcome(result, examples=False)
    assert list(found) == [(tmp_path / "lake/dibao_csv").as_posix(), (tmp_path / "lake/dibao_parquet").as_posix()]
    assert all(dataset == expected for dataset in found.values())
    assert [d.format for d in result.datasets] == ["csv", "parquet"]
    uri = (tmp_path / "lake/dibao_parquet").as_uri()  # as on HDFS or OSS: listed by Hadoop's file system
    assert outcome(scan_with_spark(request_for(uri), spark), examples=False) == {uri: expected}


def test_catalog_tables_and_databases_with_column_comments(spark, welfare, request_for):
    frame, expected = welfare
    spark.sql("CREATE DATABASE IF NOT EXISTS gov")
    frame.write.mode("overwrite").saveAsTable("gov.dibao")
    # A birth date is only a birth date when the column says so; here only its comment does.
    spark.sql("CREATE TABLE gov.people (d1 STRING COMMENT '出生日期', d2 STRING) USING parquet")
    spark.createDataFrame([(f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}", "x") for i in range(200)], "d1 string, d2 string") \
        .write.insertInto("gov.people")
    found = outcome(scan_with_spark(request_for("gov"), spark), examples=False)
    assert list(found) == ["gov.dibao", "gov.people"]
    assert found["gov.dibao"] == expected
    assert [e[0] for e in found["gov.people"]["fields"]["d1"][3]] == ["BIRTH_DATE"]
    single = replace(request_for("gov.dibao"), selection=replace(request_for().selection, exclude=("*",)))
    assert outcome(scan_with_spark(single, spark), examples=False) == {"gov.dibao": expected}


def test_jdbc_tables_are_scanned_and_named_without_the_password(spark, welfare, request_for):
    frame, expected = welfare
    frame.write.jdbc("jdbc:derby:memory:gov;create=true", "APP.DIBAO")
    result = scan_with_spark(request_for("jdbc:derby:memory:gov;user=app;password=s3cret"), spark)
    assert outcome(result, examples=False) == {"jdbc:derby:memory:gov;user=app#APP.DIBAO": expected}
    assert "s3cret" not in result.model_dump_json()


def test_a_json_document_holding_its_records_under_a_key_is_read_as_locally(spark, request_for, tmp_path):
    records = json.loads((EXAMPLES / "data/卫健/门诊就诊记录.json").read_text(encoding="utf-8"))
    wrapped = tmp_path / "门诊.json"
    wrapped.write_text(json.dumps({"code": 0, "total": len(records), "data": records}, ensure_ascii=False),
                       encoding="utf-8")
    [local] = outcome(run_scan(request_for(wrapped))).values()
    [found] = outcome(scan_with_spark(request_for(wrapped), spark)).values()
    assert found == local
    assert list(found["fields"]) == list(local["fields"])  # the file's key order, not Spark's sorted one


@pytest.mark.parametrize(("url", "shown"), [
    ("jdbc:postgresql://db:5432/gov?user=u&password=p&ssl=true", "jdbc:postgresql://db:5432/gov?user=u&ssl=true"),
    ("jdbc:mysql://u:p@db/gov", "jdbc:mysql://u@db/gov"),
    ("jdbc:sqlserver://db;databaseName=gov;password=p;user=u", "jdbc:sqlserver://db;databaseName=gov;user=u"),
    ("jdbc:dm://db:5236?password=p", "jdbc:dm://db:5236"),
])
def test_jdbc_urls_are_shown_without_the_password(url, shown):
    assert display_jdbc(url) == shown


def test_what_spark_cannot_read_is_an_input_error_and_the_rest_is_scanned(spark, request_for, tmp_path):
    xlsx = str(EXAMPLES / "data/市场监管/企业登记.xlsx")
    no_driver = "jdbc:postgresql://127.0.0.1:1/gov?user=u&password=pw"  # no PostgreSQL driver jar in spark.jars
    result = scan_with_spark(request_for(tmp_path / "none", "no_such_table", "postgresql://u:pw@db/gov", WELFARE,
                                         xlsx, no_driver), spark)
    assert [d.source for d in result.datasets] == [str(WELFARE)]
    messages = {e["source"]: e["message"] for e in result.errors}
    assert set(messages) == {str(tmp_path / "none"), "no_such_table", "postgresql://u@db/gov", xlsx,
                             "jdbc:postgresql://127.0.0.1:1/gov?user=u"}
    assert "jdbc:" in messages["postgresql://u@db/gov"] and "XLSX" in messages[xlsx]
    assert "ClassNotFoundException" in messages["jdbc:postgresql://127.0.0.1:1/gov?user=u"]
    assert "pw" not in json.dumps(result.errors)
