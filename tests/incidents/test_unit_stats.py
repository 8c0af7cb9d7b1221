"""Per-unit statistics: count, breach rate of each clock over the incidents it could be measured
on, and the median and nearest-rank 90th percentile of both times."""

from __future__ import annotations

import datetime as dt

from secsuite.incidents.stats import nearest_rank


def row(unit, start, response_s, handling_s):
    detected = dt.datetime(2025, 5, 1, 9) + dt.timedelta(days=start)
    values = {"单位名称": unit, "发现时间": f"{detected:%Y-%m-%d %H:%M:%S}",
              "联动处置时间": f"{detected + dt.timedelta(seconds=handling_s):%Y-%m-%d %H:%M:%S}"}
    if response_s is not None:
        values["响应时间"] = f"{detected + dt.timedelta(seconds=response_s):%Y-%m-%d %H:%M:%S}"
    return values


def test_stats_per_unit(assess):
    rows = [row("宿城区", n, seconds, 600 + 100 * n) for n, seconds in enumerate((60, 120, 180, 240, 301))]
    rows += [row("宿城区", 9, None, 1801), row("市公安局", 1, 200, 400)]
    result = assess(*rows)
    first, second = result.stats
    assert (first.unit, first.incidents, second.unit, second.incidents) == ("宿城区", 6, "市公安局", 1)
    # response measured on 5 incidents (one has no response time); one of them (301 s) breached
    assert (first.response.measured, first.response.breaches, first.response.breach_rate) == (5, 1, 0.2)
    assert first.response.median_seconds == 180 and first.response.p90_seconds == 301
    # handling: 600, 700, 800, 900, 1000, 1801 -> median (800 + 900) / 2, p90 = 6th of 6 = 1801 (breach)
    assert first.handling.median_seconds == 850 and first.handling.p90_seconds == 1801
    assert (first.handling.breaches, first.missing_times) == (1, 1)
    assert (second.response.breach_rate, second.response.median_seconds) == (0.0, 200)
    assert second.to_json()["response"] == {"measured": 1, "breaches": 0, "breach_rate": 0.0,
                                            "median_seconds": 200.0, "p90_seconds": 200.0}


def test_nearest_rank_percentile():
    values = list(range(1, 11))  # 1..10: the 90th percentile is the 9th value
    assert nearest_rank(values, 90) == 9
    assert nearest_rank([5], 90) == 5
    assert nearest_rank(list(range(1, 21)), 90) == 18
