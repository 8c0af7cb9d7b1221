"""The network rules on hand-made assets: the edges of each rule and its parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.checks.network import NetworkSubject
from secsuite.checks.registry import load_registry
from secsuite.errors import ConfigError
from secsuite.inventory.systems import SystemEntry
from secsuite.netscan.correlate import link_assets
from secsuite.netscan.model import Asset, Certificate, CipherSuite, SystemRef, TlcpDetails, TlsDetails

AS_OF = dt.date(2025, 12, 31)
UTC = dt.timezone.utc


def cert(not_after: dt.datetime, key_type: str = "RSA", role: str = "leaf") -> Certificate:
    return Certificate(role=role, subject=f"CN={key_type.lower()}.test", issuer="CN=ca", serial="1",
                       not_before=dt.datetime(2024, 1, 1, tzinfo=UTC), not_after=not_after, key_type=key_type,
                       signature_algorithm="x", signature_oid="1.2", sm2=key_type == "SM2",
                       sha256=f"{key_type}{not_after.isoformat()}")


def service(port: int, name: str | None = None, *, tunnel: str | None = None, tls: TlsDetails | None = None,
            tlcp: TlcpDetails | None = None, systems: tuple[str, ...] = ()) -> Asset:
    return Asset(id=f"127.0.0.1:{port}/tcp", host="127.0.0.1", port=port, protocol="tcp", service=name,
                 identified=name is not None, tunnel=tunnel, tls=tls, tlcp=tlcp,
                 systems=[SystemRef(system=s, unit="市数据局") for s in systems], unit="市数据局" if systems else None)


def system(name: str, level: int | None, cii: bool = False) -> SystemEntry:
    return SystemEntry.model_validate({"unit": "市数据局", "system": name, "mlps_level": level, "cii": cii,
                                       "hosts": "127.0.0.1", "source": "systems.yaml", "row": 2})


def run(assets: list[Asset], systems: list[SystemEntry] | None = None, overrides: dict | None = None):
    return load_registry().run_pack("network", NetworkSubject(assets, systems), AS_OF, "zh", overrides or {})


def rule_ids(found) -> list[tuple[str, str]]:
    return sorted((f.rule_id, f.object.id) for f in found)


def test_the_pack_holds_the_design_rule_ids():
    assert {rule.meta.id for rule in load_registry().in_pack("network")} == {
        "NET-UNFILED-ASSET", "NET-RISKY-SERVICE", "TLS-CERT-EXPIRED", "TLS-CERT-EXPIRING", "TLS-WEAK-PROTOCOL",
        "TLS-WEAK-CIPHER", "TLS-NON-SM-CERT"}


@pytest.mark.parametrize(("not_after", "rule"), [
    (dt.datetime(2025, 12, 30, 15, 59, tzinfo=UTC), "TLS-CERT-EXPIRED"),   # 23:59 on the 30th in China
    (dt.datetime(2025, 12, 30, 16, 0, tzinfo=UTC), "TLS-CERT-EXPIRING"),   # 00:00 on the 31st in China: 0 days left
    (dt.datetime(2026, 1, 30, 12, 0, tzinfo=UTC), "TLS-CERT-EXPIRING"),    # 30 days left
    (dt.datetime(2026, 1, 31, 12, 0, tzinfo=UTC), None),                   # 31 days left
])
def test_certificate_dates_are_judged_in_china_time(not_after, rule):
    found = run([service(443, "https", tls=TlsDetails(certificates=[cert(not_after)]))])
    assert [f.rule_id for f in found] == ([rule] if rule else [])


def test_tlcp_certificates_count_too_and_the_window_is_a_parameter():
    tlcp = TlcpDetails(supported=True, certificates=[cert(dt.datetime(2026, 1, 20, tzinfo=UTC), "SM2", "sign"),
                                                     cert(dt.datetime(2026, 3, 1, tzinfo=UTC), "SM2", "enc")])
    (finding,) = run([service(9443, tlcp=tlcp)])
    assert finding.rule_id == "TLS-CERT-EXPIRING" and [c["role"] for c in finding.evidence["certificates"]] == ["sign"]
    assert run([service(9443, tlcp=tlcp)], overrides={"TLS-CERT-EXPIRING": {"days": 10}}) == []


@pytest.mark.parametrize(("suite", "strength", "weak"), [
    ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "C", True),
    ("TLS_ECDHE_RSA_WITH_RC4_128_SHA", "A", True),
    ("TLS_RSA_WITH_NULL_SHA256", None, True),
    ("TLS_DH_anon_WITH_AES_128_CBC_SHA", None, True),
    ("TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", None, True),
    ("TLS_RSA_WITH_AES_128_CBC_SHA", "C", True),  # graded below the minimum B
    ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "A", False),
    ("TLS_RSA_WITH_AES_256_GCM_SHA384", "B", False),
])
def test_weak_cipher_suites(suite, strength, weak):
    tls = TlsDetails(protocols=["TLSv1.2"], ciphers=[CipherSuite(protocol="TLSv1.2", name=suite, strength=strength)])
    assert [f.rule_id for f in run([service(443, "https", tls=tls)])] == (["TLS-WEAK-CIPHER"] if weak else [])


def test_weak_protocols_are_a_parameter():
    tls = TlsDetails(protocols=["TLSv1.1", "TLSv1.2"])
    (finding,) = run([service(443, "https", tls=tls)])
    assert finding.rule_id == "TLS-WEAK-PROTOCOL" and finding.evidence["weak"] == ["TLSv1.1"]
    assert run([service(443, "https", tls=tls)], overrides={"TLS-WEAK-PROTOCOL": {"protocols": ["SSLv3"]}}) == []


def test_risky_services_by_port_by_name_and_extra_entries():
    assets = [service(23), service(2323, "telnet"), service(990, "ftp", tunnel="ssl"), service(6379, "redis"),
              service(2375), service(40000)]
    extra = {"extra_services": [{"name": "local", "ports": [40000], "severity": "low",
                                 "reason": {"zh": "本地规定", "en": "local rule"}}]}
    found = {f.object.id: f for f in run(assets, overrides={"NET-RISKY-SERVICE": extra})}
    assert {key: f.severity.value for key, f in found.items()} == {
        "127.0.0.1:23/tcp": "high", "127.0.0.1:2323/tcp": "high", "127.0.0.1:6379/tcp": "medium",
        "127.0.0.1:2375/tcp": "critical", "127.0.0.1:40000/tcp": "low"}  # FTPS on 990 is encrypted: not flagged
    assert found["127.0.0.1:40000/tcp"].message.endswith("本地规定。")


def test_a_bad_rule_parameter_is_a_config_error():
    with pytest.raises(ConfigError, match="rules.NET-RISKY-SERVICE"):
        run([service(23)], overrides={"NET-RISKY-SERVICE": {"extra_services": [{"name": "x", "ports": ["telnet"]}]}})


RSA_HTTPS = TlsDetails(certificates=[cert(dt.datetime(2027, 1, 1, tzinfo=UTC))])
SM2_HTTPS = TlsDetails(certificates=[cert(dt.datetime(2027, 1, 1, tzinfo=UTC), "SM2")])


@pytest.mark.parametrize(("systems", "assets", "flagged"), [
    ([system("门户", 3)], [service(443, "https", tls=RSA_HTTPS, systems=("门户",))], ["门户"]),
    ([system("门户", 3)], [service(80, "http", systems=("门户",))], ["门户"]),  # plaintext web is no better
    ([system("门户", 3)], [service(443, "https", tls=SM2_HTTPS, systems=("门户",))], []),
    ([system("门户", 3)], [service(443, "https", tls=RSA_HTTPS, systems=("门户",)),
                          service(9443, tlcp=TlcpDetails(supported=True), systems=("门户",))], []),
    ([system("门户", 2)], [service(443, "https", tls=RSA_HTTPS, systems=("门户",))], []),
    ([system("关基", 2, cii=True)], [service(443, "https", tls=RSA_HTTPS, systems=("关基",))], ["关基"]),
    ([system("运维", 4)], [service(22, "ssh", systems=("运维",))], []),  # no web or TLS service to judge
])
def test_systems_that_must_use_national_algorithms(systems, assets, flagged):
    found = [f for f in run(assets, systems) if f.rule_id == "TLS-NON-SM-CERT"]
    assert [f.object.id for f in found] == flagged


def test_national_algorithm_requirement_is_a_parameter():
    assets = [service(443, "https", tls=RSA_HTTPS, systems=("门户", "关基"))]
    systems = [system("门户", 3), system("关基", 2, cii=True)]
    overrides = {"TLS-NON-SM-CERT": {"min_mlps_level": 4, "cii": False}}
    assert [f for f in run(assets, systems, overrides) if f.rule_id == "TLS-NON-SM-CERT"] == []
    (finding,) = [f for f in run(assets, systems) if f.object.id == "关基"]
    assert "关键信息基础设施" in finding.message and finding.evidence["tlcp_not_probed"] == ["127.0.0.1:443/tcp"]


def test_unfiled_hosts_need_an_inventory():
    assets = [service(443, "https"), Asset(id="127.0.0.9", host="127.0.0.9", state="up")]
    assert run(assets) == []
    assert rule_ids(run(assets, [])) == [("NET-UNFILED-ASSET", "127.0.0.1"), ("NET-UNFILED-ASSET", "127.0.0.9")]


def test_hosts_column_matches_addresses_networks_and_names():
    def filed(name: str, hosts: str) -> SystemEntry:
        return SystemEntry.model_validate({"unit": f"{name}单位", "system": name, "hosts": hosts, "source": "s", "row": 2})

    systems = [filed("甲", "127.0.0.1, 127.0.1.0/24"), filed("乙", "portal.example.gov.cn"), filed("丙", "127.0.0.1")]
    assets = [Asset(id="127.0.0.1", host="127.0.0.1"), Asset(id="127.0.1.77", host="127.0.1.77"),
              Asset(id="127.0.2.1", host="127.0.2.1", hostnames=["Portal.Example.gov.cn"]),
              Asset(id="127.0.3.1", host="127.0.3.1")]
    link_assets(assets, systems)
    assert [([ref.system for ref in a.systems], a.unit) for a in assets] == [
        (["甲", "丙"], "甲单位"), (["甲"], "甲单位"), (["乙"], "乙单位"), ([], None)]
