"""The bundled example against its labelled truth: every sensitive column found, no decoy flagged."""

from __future__ import annotations

import pytest
import yaml

from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan
from tests.conftest import EXAMPLES

TRUTH = yaml.safe_load((EXAMPLES / "truth.yaml").read_text(encoding="utf-8"))["datasets"]


def scan_example(specs, guide, as_of, full: bool):
    request = ScanRequest(paths=[str(EXAMPLES / "data")], guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(full=full, sample_rows=200))
    result = run_scan(request)
    assert not result.errors
    return {d.source.split("examples/", 1)[1]: d for d in result.datasets}


@pytest.fixture(scope="module")
def sampled(specs, guide, as_of):
    return scan_example(specs, guide, as_of, full=False)


@pytest.fixture(scope="module")
def full(specs, guide, as_of):
    return scan_example(specs, guide, as_of, full=True)


@pytest.mark.parametrize("mode", ["sampled", "full"])
def test_every_dataset_of_the_truth_is_scanned(request, mode):
    assert set(request.getfixturevalue(mode)) == set(TRUTH)


@pytest.mark.parametrize("mode", ["sampled", "full"])
@pytest.mark.parametrize("key", sorted(TRUTH))
def test_detected_entities_equal_the_truth(request, mode, key):
    datasets = request.getfixturevalue(mode)
    detected = {f.name: sorted(e.type for e in f.entities) for f in datasets[key].fields}
    expected = {name: sorted(entities) for name, entities in TRUTH[key]["columns"].items()}
    assert detected == expected


@pytest.mark.parametrize("key", sorted(TRUTH))
def test_full_scan_counts_exact_hits(full, key):
    hits = {(f.name, e.type): e.hits for f in full[key].fields for e in f.entities}
    expected = {(name, entity): count for name, counts in TRUTH[key].get("hits", {}).items()
                for entity, count in counts.items()}
    assert hits == expected
    assert full[key].rows_scanned == full[key].rows_total == TRUTH[key]["rows"]


def test_sampling_reads_the_whole_file_but_scans_a_sample(sampled, full):
    assert (sampled["data/公安/人口基本信息.csv"].rows_total, sampled["data/公安/人口基本信息.csv"].rows_scanned) == (600, 200)
    assert sampled["data/公安/人口基本信息.csv"].sampled and not full["data/公安/人口基本信息.csv"].sampled


def test_a_rescan_gives_the_same_document(sampled, full, specs, guide, as_of):
    for mode, first in (("sampled", sampled), ("full", full)):
        again = scan_example(specs, guide, as_of, full=mode == "full")
        assert {k: d.model_dump() for k, d in again.items()} == {k: d.model_dump() for k, d in first.items()}
