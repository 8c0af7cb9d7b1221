"""A million-row table scanned in full from PostgreSQL: streamed in batches, exact counts."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan
from secsuite.sources.selection import Selection

ROWS = 1_000_000


@pytest.fixture(scope="module")
def million(postgres_url):
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE SCHEMA big"))
        connection.execute(text(f"""
            CREATE TABLE big.contacts AS
            SELECT i AS id,
                   '1' || (ARRAY['38','39','58','86','88'])[1 + i % 5]
                       || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0') AS lxdh,
                   CASE WHEN i % 4 = 0 THEN 'user' || i || '@example.com' END AS email,
                   to_char(date '2025-01-01' + (i % 365), 'YYYY-MM-DD') AS djrq
            FROM generate_series(1, {ROWS}) AS i"""))
        connection.execute(text("ANALYZE big.contacts"))
    engine.dispose()
    return postgres_url


@pytest.mark.slow
def test_full_scan_of_a_million_rows_counts_every_value(million, specs, guide, as_of):
    request = ScanRequest(paths=[million], guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(full=True), selection=Selection(include=("big.*",)))
    [dataset] = run_scan(request).datasets
    hits = {(f.name, e.type): e.hits for f in dataset.fields for e in f.entities}
    assert hits == {("lxdh", "CN_MOBILE"): ROWS, ("email", "EMAIL"): ROWS // 4}
    assert (dataset.rows_scanned, dataset.rows_total, dataset.sampled) == (ROWS, ROWS, False)


def test_sampling_happens_in_the_database(million, specs, guide, as_of):
    request = ScanRequest(paths=[million], guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(sample_rows=500), selection=Selection(include=("big.*",)))
    [dataset] = run_scan(request).datasets
    assert dataset.rows_scanned == 500 and dataset.sampled
    assert abs(dataset.rows_total - ROWS) < ROWS * 0.05  # the catalogue's estimate (pg_class.reltuples)
    assert {e.type for f in dataset.fields for e in f.entities} == {"CN_MOBILE", "EMAIL"}
