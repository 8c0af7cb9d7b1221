"""k, share at risk, l and the guilty column on generated tables, against a plain Python count."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import polars as pl
import pytest

from secsuite.reident import measures
from secsuite.reident.measures import measure


def reference(rows: list[tuple], quasi: list[int], sensitive: int | None, threshold: int) -> dict:
    """The answer by counting tuples in Python."""
    def key(row, columns):
        return tuple(row[c] for c in columns)

    sizes = Counter(key(row, quasi) for row in rows)
    at_risk = sum(n for n in sizes.values() if n < threshold)
    without = {}
    for column in quasi:
        rest = [c for c in quasi if c != column]
        smaller = Counter(key(row, rest) for row in rows)
        without[column] = sum(n for n in smaller.values() if n < threshold)
    answer = {"min_k": min(sizes.values()), "at_risk": at_risk, "classes": len(sizes),
              "unique": sum(1 for n in sizes.values() if n == 1), "without": without}
    if sensitive is not None:
        values = defaultdict(set)
        for row in rows:
            values[key(row, quasi)].add(row[sensitive])
        answer["min_l"] = min(len(v) for v in values.values())
        answer["homogeneous"] = sum(sizes[k] for k, v in values.items() if len(v) == 1 and sizes[k] >= threshold)
    return answer


def generated(seed: int, n: int, cardinalities: list[int], blanks: float = 0.0) -> list[tuple]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        row = tuple(None if rng.random() < blanks else f"v{rng.randrange(c)}" for c in cardinalities)
        rows.append(row)
    return rows


def frames(rows: list[tuple], names: list[str], batch: int) -> list[pl.DataFrame]:
    frame = pl.DataFrame(rows, schema={name: pl.String for name in names}, orient="row")
    return [frame.slice(start, batch) for start in range(0, frame.height, batch)]


CASES = [
    # seed, rows, cardinalities (last column is the sensitive attribute), blanks, batch rows, threshold
    (1, 3000, [2, 6, 5, 3], 0.0, 3000, 5),
    (2, 5000, [2, 60, 5, 10, 4], 0.0, 700, 5),
    (3, 2000, [2, 80, 12, 2], 0.05, 333, 3),
    (4, 4000, [3, 3, 3, 6], 0.1, 128, 10),
    (5, 800, [800, 2, 4], 0.0, 50, 5),
]


@pytest.mark.parametrize(("seed", "n", "cardinalities", "blanks", "batch", "threshold"), CASES)
def test_measures_equal_the_python_count(monkeypatch, seed, n, cardinalities, blanks, batch, threshold):
    monkeypatch.setattr(measures, "MIN_MERGE_ROWS", 64)  # merge partial counts many times
    rows = generated(seed, n, cardinalities, blanks)
    names = [f"c{i}" for i in range(len(cardinalities))]
    quasi, sensitive = names[:-1], names[-1]
    result = measure(frames(rows, names, batch), quasi, [sensitive], threshold)
    # blanks are one more value of their column, as the measures treat them
    expected = reference([tuple("" if v is None else v for v in row) for row in rows],
                         list(range(len(quasi))), len(quasi), threshold)
    assert result.rows == n
    assert result.min_k == expected["min_k"]
    assert result.rows_at_risk == expected["at_risk"]
    assert result.classes == expected["classes"]
    assert result.unique_rows == expected["unique"]
    assert {c.column: c.rows_at_risk_without for c in result.contributions} == {
        names[i]: v for i, v in expected["without"].items()}
    assert result.diversity[0].min_l == expected["min_l"]
    assert result.diversity[0].homogeneous_rows == expected["homogeneous"]
    assert sum(rows for _, rows in result.k_distribution) == n


def test_the_exact_birth_date_is_named_the_column_to_generalise():
    """Sex and district alone leave classes of hundreds; the exact date makes every row unique."""
    rng = random.Random(7)
    rows = [(rng.choice("男女"), rng.choice(["宿城区", "宿豫区", "沭阳县"]), f"19{50 + i // 365:02d}-{i % 365:03d}")
            for i in range(2000)]
    result = measure(frames(rows, ["性别", "区县", "出生日期"], 512), ["性别", "区县", "出生日期"], [], 5)
    assert result.min_k == 1 and result.rows_at_risk == 2000 and result.unique_rows == 2000
    guilty = max(result.contributions, key=lambda c: c.reduction)
    assert guilty.column == "出生日期" and guilty.rows_at_risk_without == 0 and guilty.reduction == 2000


def test_homogeneous_classes_are_found_even_when_k_is_met():
    rows = [("男", "宿城区", "糖尿病")] * 6 + [("女", "宿城区", "高血压"), ("女", "宿城区", "哮喘")] * 3
    result = measure(frames(rows, ["性别", "区县", "诊断"], 4), ["性别", "区县"], ["诊断"], 5)
    assert result.min_k == 6 and result.rows_at_risk == 0
    assert result.diversity[0].min_l == 1 and result.diversity[0].homogeneous_rows == 6


def test_an_empty_table_measures_nothing():
    result = measure([pl.DataFrame({"a": []}, schema={"a": pl.String})], ["a"], [], 5)
    assert result.rows == 0 and result.rows_at_risk == 0 and result.k_distribution == []


@pytest.mark.parametrize(("threshold", "labels"), [
    (5, ["1", "2–4", "5–9", "10–19", "≥20"]),
    (2, ["1", "2–3", "4–7", "≥8"]),
    (3, ["1", "2", "3–5", "6–11", "≥12"]),
])
def test_k_buckets_follow_the_threshold(threshold, labels):
    rows = [("a",)] * 1 + [("b",)] * 2 + [("c",)] * 9
    result = measure(frames(rows, ["x"], 5), ["x"], [], threshold)
    assert [label for label, _ in result.k_distribution] == labels
    assert sum(rows for _, rows in result.k_distribution) == 12
