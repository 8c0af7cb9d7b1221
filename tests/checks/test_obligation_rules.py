"""The yearly obligations, each with a row that breaks it and its twin that keeps it: important-data
risk assessment and its report (《网络数据安全管理条例》第三十三条), the CII's yearly test and
assessment (《关键信息基础设施安全保护条例》第十七条), 密评 before going live and its filing
(《商用密码管理条例》第三十八条)."""

from __future__ import annotations

import datetime as dt

import pytest

CASES = [
    # rule, row that breaks it, its twin that keeps it
    ("DATA-RISK-ASSESSMENT-MISSING", {"data_level": "重要数据"}, {"data_level": "L4"}),  # by the data level
    ("DATA-RISK-ASSESSMENT-MISSING", {"important_data": "是", "risk_assessed_on": "2024-12-30"},
     {"important_data": "是", "risk_assessed_on": "2024-12-31"}),  # a year and a day / exactly a year
    ("DATA-RISK-REPORT-MISSING", {"data_level": "核心数据", "risk_assessed_on": "2025-11-30"},
     {"data_level": "核心数据", "risk_assessed_on": "2025-12-01"}),  # 31 / 30 days without a report
    ("DATA-RISK-REPORT-MISSING", {"important_data": "是", "risk_assessed_on": "2025-06-01",
                                  "risk_reported_on": "2025-05-31"},  # the report is the previous assessment's
     {"important_data": "是", "risk_assessed_on": "2025-06-01", "risk_reported_on": "2025-06-01"}),
    ("CII-ASSESSMENT-MISSING", {"cii": "是"}, {"cii": "否"}),
    ("CII-ASSESSMENT-MISSING", {"cii": "是", "cii_assessed_on": "2024-12-30"},
     {"cii": "是", "cii_assessed_on": "2024-12-31"}),
    ("CRYPTO-ASSESSED-AFTER-GO-LIVE", {"cii": "是", "online_on": "2024-03-01", "first_crypto_assessed_on": "2024-03-02"},
     {"cii": "是", "online_on": "2024-03-01", "first_crypto_assessed_on": "2024-03-01"}),
    ("CRYPTO-ASSESSED-AFTER-GO-LIVE", {"cii": "是", "online_on": "2024-03-01", "first_crypto_assessed_on": "2024-03-02"},
     {"cii": "否", "mlps_level": 3, "online_on": "2024-03-01", "first_crypto_assessed_on": "2024-03-02"}),  # Art. 38: CII
    ("CRYPTO-RESULT-NOT-FILED", {"cii": "是", "crypto_assessed_on": "2025-11-30"},  # day 31 without a filing
     {"cii": "是", "crypto_assessed_on": "2025-11-30", "crypto_filed_on": "2025-12-20"}),
]


@pytest.mark.parametrize(("rule_id", "failing", "passing"), CASES)
def test_breaking_row_and_its_twin(run_rule, rule_id, failing, passing):
    as_of = dt.date(2025, 12, 31)
    assert len(run_rule(rule_id, as_of=as_of, **failing)) == 1, failing
    assert run_rule(rule_id, as_of=as_of, **passing) == [], passing


def test_filing_is_due_thirty_days_after_the_assessment(run_rule):
    row = {"cii": "是", "crypto_assessed_on": "2025-12-01"}
    assert run_rule("CRYPTO-RESULT-NOT-FILED", as_of=dt.date(2025, 12, 31), **row) == []  # day 30
    (finding,) = run_rule("CRYPTO-RESULT-NOT-FILED", as_of=dt.date(2026, 1, 1), **row)
    assert finding.evidence["due"] == "2025-12-31" and "第三十八条" in finding.citation


def test_the_data_level_reading_can_be_switched_off(run_rule):
    settings = {"min_data_level": None}
    assert run_rule("DATA-RISK-ASSESSMENT-MISSING", settings=settings, data_level="重要数据") == []
    assert len(run_rule("DATA-RISK-ASSESSMENT-MISSING", settings=settings, important_data="是")) == 1
