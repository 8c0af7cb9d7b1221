"""The datasets pages over a store the use cases filled: each dataset of the current scan with its
level and the catalogue's share and open attributes, the over-sharing finding, one dataset's
fields with entities and masked examples (never a raw value), unit scoping and pagination."""

from __future__ import annotations

import csv
import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from secsuite.store.models import Dataset
from secsuite.web import paging
from tests.conftest import EXAMPLES
from tests.web.real_runs import AFTER, FILES, GA, MZ


def _current(real) -> dict[str, Dataset]:
    with real.site.sessions()() as session:
        records = session.scalars(select(Dataset).where(Dataset.run_id == real.second_scan)
                                  .options(selectinload(Dataset.fields)))
        return {record.unit: record for record in records}


def test_the_list_shows_each_dataset_with_level_modes_and_over_sharing(real, real_clients):
    body = real_clients["auditor"].get("/datasets").text
    rows = body[body.index('id="datasets"'):].split("<tr>")[2:]
    assert len(rows) == 2
    for unit, record in _current(real).items():
        (row,) = [r for r in rows if f'href="/datasets/{record.id}"' in r]
        share, opened, _ = AFTER[unit]
        assert unit in row and f"<td>{record.level}</td>" in row and share in row and opened in row
        assert ("DATA-OPEN-OVER-LEVEL" in row) is (unit == MZ)  # L4 opened on conditions


def test_one_dataset_shows_fields_entities_and_masked_evidence_only(real, real_clients):
    record = _current(real)[MZ]
    body = real_clients["mz"].get(f"/datasets/{record.id}").text
    assert all(f.name in body for f in record.fields) and "DATA-OPEN-OVER-LEVEL" in body
    entities = {e["type"] for f in record.fields for e in f.entities}
    assert entities and all(entity in body for entity in entities)
    examples = [x for f in record.fields for e in f.entities for x in e["examples"][:2]]
    assert examples and all(example in body for example in examples)
    with (EXAMPLES / FILES[MZ]).open(encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    for column in ("身份证号", "银行账号"):
        assert not any(row[column] and row[column] in body for row in raw), column


def test_another_units_dataset_is_404(real, real_clients):
    current = _current(real)
    assert real_clients["ga"].get(f"/datasets/{current[MZ].id}").status_code == 404
    assert real_clients["ga"].get(f"/datasets/{current[GA].id}").status_code == 200
    assert real_clients["mz"].get("/datasets?unit=" + GA).status_code == 404
    listed = real_clients["mz"].get("/datasets").text
    assert MZ in listed and FILES[GA] not in listed
    assert real_clients["auditor"].get("/datasets/999999").status_code == 404


def test_the_list_filters_and_pages(real, real_clients, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 1)
    client = real_clients["auditor"]
    pages = [client.get(f"/datasets?page={n}").text for n in (1, 2)]
    shown = [re.findall(r'href="/datasets/(\d+)"', p) for p in pages]
    assert [len(s) for s in shown] == [1, 1] and shown[0] != shown[1]
    assert 'href="/datasets?page=2"' in pages[0] and "第 2/2 页" in pages[1]
    by_unit = client.get("/datasets?unit=" + GA).text
    assert re.findall(r'href="/datasets/(\d+)"', by_unit) == [str(_current(real)[GA].id)]
    assert "共 0 条" in client.get("/datasets?level=L1").text
