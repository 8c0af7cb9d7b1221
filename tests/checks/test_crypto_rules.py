"""商密 rules at their boundaries: who needs 密评, exactly one year, pass line, algorithms, service."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.checks.coverage import service_coverage

D = dt.date


@pytest.mark.parametrize(
    ("row", "settings", "scope"),
    [
        ({"mlps_level": 3}, {}, "等保第3级"),
        ({"mlps_level": "S2A2G2"}, {}, None),
        ({"mlps_level": 2, "cii": "是"}, {}, "关键信息基础设施"),
        ({"mlps_level": 2, "cii": "是"}, {"include_cii": False}, None),
        ({"mlps_level": 2, "crypto_level": "第三级"}, {}, "密码应用第3级"),
        ({"mlps_level": 3, "cii": "y"}, {}, "等保第3级、关键信息基础设施"),
        ({"mlps_level": 3}, {"min_mlps_level": None}, None),
        ({"mlps_level": 2}, {"min_mlps_level": 2}, "等保第2级"),
        ({"mlps_level": 2}, {"required_systems": ["测试系统"]}, "配置为须密评的系统"),
        ({"mlps_level": 2}, {"required_systems": ["市公安局/测试系统"]}, "配置为须密评的系统"),
        ({"mlps_level": 2}, {"required_systems": ["市人社局/测试系统"]}, None),
    ],
)
def test_who_needs_an_assessment(run_rule, row, settings, scope):
    findings = run_rule("CRYPTO-ASSESSMENT-MISSING", settings=settings, online_on="2024-01-01", **row)
    assert [f.message for f in findings] == (
        [f"系统「测试系统」（{scope}）应开展商用密码应用安全性评估，2024-01-01 上线，至 2025-12-31 没有密评记录。"]
        if scope else [])


@pytest.mark.parametrize(
    ("online_on", "assessed", "settings", "missing"),
    [
        ("2025-12-30", None, {}, True),
        ("2025-12-31", None, {}, False),  # goes live on the as-of day
        (None, None, {}, True),
        ("2025-10-01", None, {"grace_days": 91}, False),
        ("2025-10-01", None, {"grace_days": 90}, True),
        ("2020-01-01", "2025-06-01", {}, False),
    ],
)
def test_assessment_missing(run_rule, online_on, assessed, settings, missing):
    findings = run_rule("CRYPTO-ASSESSMENT-MISSING", settings=settings, mlps_level=3, online_on=online_on,
                        crypto_assessed_on=assessed)
    assert bool(findings) is missing


@pytest.mark.parametrize(
    ("assessed", "as_of", "settings", "overdue"),
    [
        ("2024-12-31", D(2025, 12, 31), {}, None),  # exactly one year
        ("2024-12-30", D(2025, 12, 31), {}, 1),
        ("2024-02-29", D(2025, 2, 28), {}, None),  # leap day: the year ends on 28 February
        ("2024-02-29", D(2025, 3, 1), {}, 1),
        ("2023-02-28", D(2024, 2, 28), {}, None),
        ("2023-02-28", D(2024, 2, 29), {}, 1),
        ("2025-06-30", D(2025, 12, 31), {"interval_months": 6}, 1),
    ],
)
def test_assessment_overdue(run_rule, assessed, as_of, settings, overdue):
    findings = run_rule("CRYPTO-ASSESSMENT-OVERDUE", as_of=as_of, settings=settings, mlps_level=3,
                        crypto_assessed_on=assessed)
    assert [f.evidence["days_overdue"] for f in findings] == ([overdue] if overdue else [])


def test_assessment_overdue_only_where_one_is_required(run_rule):
    assert run_rule("CRYPTO-ASSESSMENT-OVERDUE", mlps_level=2, crypto_assessed_on="2020-01-01") == []


@pytest.mark.parametrize(
    ("conclusion", "score", "settings", "reason"),
    [
        ("不符合", 52, {}, "结论为「不符合」，得分 52 低于及格线 60 分"),
        ("基本符合", 60, {}, None),  # exactly the pass line
        ("基本符合", 59.9, {}, "得分 59.9 低于及格线 60 分"),
        (None, 58, {}, "得分 58 低于及格线 60 分"),
        ("符合", 100, {}, None),
        ("Non-compliant", None, {}, "结论为「不符合」"),
        ("基本符合", 65, {"pass_score": 70}, "得分 65 低于及格线 70 分"),
    ],
)
def test_assessment_failed(run_rule, conclusion, score, settings, reason):
    findings = run_rule("CRYPTO-ASSESSMENT-FAILED", settings=settings, mlps_level=2, crypto_assessed_on="2025-01-10",
                        crypto_conclusion=conclusion, crypto_score=score)
    assert [f.message for f in findings] == (
        [f"系统「测试系统」最近一次密评（2025-01-10）未通过：{reason}。"] if reason else [])


@pytest.mark.parametrize(
    ("algorithms", "level", "settings", "flagged"),
    [
        ("SM2、SM3、SM4", 3, {}, None),
        ("SM2/SM3/SM4/SM9/ZUC, TLCP", 3, {}, None),
        ("国密算法", 3, {}, None),  # names no algorithm: nothing to judge
        ("SM4, RSA-2048, AES-256", 3, {}, "RSA-2048、AES"),
        ("ECDHE-RSA-AES128-GCM-SHA256", 3, {}, "ECDHE、RSA、AES、SHA-256"),
        ("SM3、自研算法", 3, {}, "自研算法"),
        ("SM4, TLS1.3", 3, {}, None),  # protocols are not judged here
        ("RSA-2048", 2, {}, None),  # level 2: national algorithms not required
        ("SM1、SM4", 3, {}, "SM1"),
        ("SM1、SM4", 3, {"approved": ["SM1", "SM2", "SM3", "SM4"]}, None),
    ],
)
def test_non_sm_algorithm(run_rule, algorithms, level, settings, flagged):
    findings = run_rule("CRYPTO-NON-SM-ALGORITHM", settings=settings, mlps_level=level, algorithms=algorithms)
    assert [f.evidence["non_national"] for f in findings] == ([flagged.split("、")] if flagged else [])


@pytest.mark.parametrize(
    ("algorithms", "settings", "weak"),
    [
        ("SM2、SM3、SM4", {}, None),
        ("RSA-2048, TLS1.2, SHA-256, AES-256", {}, None),
        ("RSA 2047", {}, "RSA-2047（短于 2048 位）"),
        ("RSA1024", {}, "RSA-1024（短于 2048 位）"),
        ("TLSv1.1", {}, "TLS1.1（低于 TLS1.2）"),
        ("TLS1.3", {}, None),
        ("SSLv3、MD5、SHA1", {}, "SSL3、MD5、SHA-1"),
        ("DESede, RC4, SSH1", {}, "3DES、RC4、SSH1"),
        ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", {}, "3DES、SHA-1"),
        ("RSA-2048", {"min_rsa_bits": 3072}, "RSA-2048（短于 3072 位）"),
        ("TLS1.2", {"min_tls_version": "1.3"}, "TLS1.2（低于 TLS1.3）"),
        ("SHA-1", {"weak": ["MD5"]}, None),
    ],
)
def test_weak_algorithm_at_any_level(run_rule, algorithms, settings, weak):
    findings = run_rule("CRYPTO-WEAK-ALGORITHM", settings=settings, mlps_level=1, algorithms=algorithms)
    assert [f.message for f in findings] == (
        [f"系统「测试系统」使用了已被攻破或强度不足的密码算法或协议：{weak}。"] if weak else [])


@pytest.mark.parametrize(
    ("row", "settings", "unused"),
    [
        ({"data_level": "L3", "crypto_service": "否"}, {}, True),
        ({"data_level": "第四级", "crypto_service": None}, {}, True),
        ({"data_level": "重要数据", "crypto_service": "未使用"}, {}, True),
        ({"data_level": "L2", "crypto_service": "否"}, {}, False),
        ({"data_level": None, "crypto_service": "否"}, {}, False),
        ({"data_level": "L3", "crypto_service": "是"}, {}, False),
        ({"data_level": "L3", "crypto_service": "否", "crypto_products": "服务器密码机（认证证书号：示例-00001）"}, {}, False),
        ({"data_level": "L3", "crypto_service": "否", "crypto_products": "无"}, {}, True),
        ({"data_level": "L3", "crypto_service": "否"}, {"min_data_level": "L4"}, False),
        ({"data_level": "L2", "crypto_service": "否"}, {"min_data_level": "二级"}, True),
    ],
)
def test_service_unused(run_rule, row, settings, unused):
    assert bool(run_rule("CRYPTO-SERVICE-UNUSED", settings=settings, **row)) is unused


def test_service_coverage_per_unit(guide, system_row):
    systems = [
        system_row(unit="宿城区", unit_type="县区", system="甲", data_level="L4", crypto_service="是"),
        system_row(unit="宿城区", unit_type="县区", system="乙", data_level="L3", crypto_service="否"),
        system_row(unit="宿城区", unit_type="县区", system="丙", data_level="L3", crypto_service="否",
                   crypto_products="服务器密码机（认证证书号：示例-00001）"),
        system_row(unit="宿城区", unit_type="县区", system="丁", data_level="L2", crypto_service="是"),
        system_row(unit="市民政局", system="戊", data_level="L1"),
    ]
    coverage = service_coverage(systems, guide, {"min_data_level": "L3"})
    assert [c.model_dump() for c in coverage] == [
        {"unit": "宿城区", "unit_type": "county", "systems": 4, "should_use": 3, "using": 1, "own_products": 1,
         "coverage": 0.3333},
        {"unit": "市民政局", "unit_type": None, "systems": 1, "should_use": 0, "using": 0, "own_products": 0,
         "coverage": None},
    ]
    assert service_coverage(systems, guide, {"min_data_level": "L4"})[0].coverage == 1.0
