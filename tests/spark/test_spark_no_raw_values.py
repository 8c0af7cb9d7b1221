"""Nothing raw reaches the driver: what the executors send back is counts and masked examples."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")

from secsuite.scan.dataset import ScanOptions  # noqa: E402
from secsuite.scan.pipeline import ScanRequest  # noqa: E402
from secsuite.spark.engine import as_text, scan_with_spark  # noqa: E402
from secsuite.spark.sources import resolve  # noqa: E402
from secsuite.spark.states import ScanSpec, partition_states  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402

RAW_ID = re.compile(r"(?<![\dA-Za-z])\d{6}\s?\d{8}\s?\d{3}[\dXx](?![\dA-Za-z])")
RAW_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
RAW_CARD = re.compile(r"(?<!\d)62\d{14,17}(?!\d)")


def test_the_rows_collected_from_executors_hold_no_raw_identifier(spark, specs, as_of):
    collected = []
    for dataset in resolve(spark, [str(EXAMPLES / "data/公安"), str(EXAMPLES / "data/人社")], ScanRequest(
            paths=[], guide=None, specs=specs, as_of=as_of).selection):
        frame = dataset.read(spark)
        columns = tuple(c for c in frame.columns if not c.startswith("_secsuite"))
        spec = ScanSpec(columns, {}, specs, as_of, "fast", 1 << 20)
        states = partition_states(as_text(frame), spec)
        assert states.columns == ["partition", "column", "rows", "skipped", "blanked", "cut", "state"]
        collected += [json.dumps(row.asDict(), ensure_ascii=False) for row in states.collect()]
    text = "\n".join(collected)
    examples = [e for row in collected for kind in ("values", "text")
                for tally in json.loads(json.loads(row)["state"])[kind].values() for e in tally["examples"]]
    assert len(examples) > 20 and all("*" in e for e in examples)
    assert not RAW_ID.search(text) and not RAW_MOBILE.search(text) and not RAW_CARD.search(text)


def test_the_scan_document_holds_no_raw_identifier(spark, specs, guide, as_of):
    request = ScanRequest(paths=[str(EXAMPLES / "data/公安"), str(EXAMPLES / "data/政务服务")], guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(full=True))
    document = json.dumps(scan_with_spark(request, spark).model_dump(mode="json"), ensure_ascii=False)
    assert "CN_RESIDENT_ID" in document and "CN_MOBILE" in document
    assert not RAW_ID.search(document) and not RAW_MOBILE.search(document)
