"""One local Spark session for the Spark engine's tests: two task threads, each task allowed one
retry (``local[2,2]``), no UI, few shuffle partitions, Derby and the warehouse in a temporary folder."""

from __future__ import annotations

from contextlib import contextmanager

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")
    from secsuite.spark.session import start_session

    home = tmp_path_factory.mktemp("spark")
    session = start_session("local[2,2]", {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.warehouse.dir": str(home / "warehouse"),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={home} -Dderby.stream.error.file={home}/derby.log",
    })
    yield session
    session.stop()


def outcome(result, examples: bool = True) -> dict:
    """What both engines must agree on: per dataset its level and rows, per field its level and its
    entities with hits, ratio and confidence (and the masked examples, when rows keep their order)."""
    return {
        dataset.source: {
            "level": dataset.level,
            "rows": (dataset.rows_scanned, dataset.rows_total, dataset.sampled),
            "fields": {
                field.name: (field.level, field.category, field.non_empty, [
                    (e.type, e.hits, e.ratio, e.confidence, e.mode) + ((tuple(e.examples),) if examples else ())
                    for e in field.entities
                ])
                for field in dataset.fields
            },
        }
        for dataset in result.datasets
    }


@contextmanager
def runtime_conf(spark, settings: dict[str, str]):
    """Spark runtime settings for a block, the old values put back after it."""
    saved = {key: spark.conf.get(key, None) for key in settings}
    for key, value in settings.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)
