"""Declared algorithm names, however spelt, read into canonical algorithms and protocols."""

from __future__ import annotations

import pytest

from secsuite.crypto.algorithms import Algorithm, recognise, recognise_all, tls_version_below


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("SM2", ["SM2"]), ("sm4-gcm", ["SM4"]), ("Ｓｍ３", ["SM3"]), ("SM2WithSM3", ["SM2", "SM3"]),
        ("祖冲之", ["ZUC"]), ("国密SSL", ["TLCP"]), ("国密算法", ["国密"]),
        ("RSA 2048", ["RSA-2048"]), ("RSA1024位", ["RSA-1024"]), ("RSA", ["RSA"]), ("AES-256-CBC", ["AES"]),
        ("SHA1", ["SHA-1"]), ("SHA-256", ["SHA-256"]), ("HMAC-SM3", ["SM3"]), ("MD5", ["MD5"]),
        ("3DES", ["3DES"]), ("DESede", ["3DES"]), ("DES-CBC", ["DES"]), ("ARCFOUR", ["RC4"]),
        ("TLSv1", ["TLS1.0"]), ("TLS 1.2", ["TLS1.2"]), ("SSLv3", ["SSL3"]), ("SSL VPN", ["SSL"]), ("SSH-2.0", ["SSH2"]),
        ("ECDHE-RSA-AES128-GCM-SHA256", ["ECDHE", "RSA", "AES", "SHA-256"]),
        ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", ["TLS", "RSA", "3DES", "SHA-1"]),
        ("TLS_SM4_GCM_SM3", ["TLS", "SM4", "SM3"]),
        ("自研算法", ["自研算法"]), ("1.3", []),
    ],
)
def test_recognise(name, found):
    assert [str(algorithm) for algorithm in recognise(name)] == found


def test_kinds_and_national_families():
    tlcp, sm4, rsa = recognise("TLCP") + recognise("SM4") + recognise("RSA-2048")
    assert tlcp.kind == "protocol" and tlcp.national and sm4.national and not rsa.national
    assert not recognise("自研算法")[0].recognised
    assert recognise_all(["SM2/SM3", "SM2", "SM2WITHSM3"]) == [Algorithm("SM2"), Algorithm("SM3")]


def test_list_entries_cover_families_and_versions():
    ssl3, rsa, rsa1024 = recognise("SSLv3") + recognise("RSA") + recognise("RSA-1024")
    assert ssl3.covers(recognise("SSL3.0")[0]) and not ssl3.covers(recognise("SSLv2")[0])
    assert rsa.covers(rsa1024) and not rsa1024.covers(recognise("RSA-2048")[0])


@pytest.mark.parametrize(("name", "below"), [("TLS1.0", True), ("TLS1.1", True), ("TLS1.2", False),
                                             ("TLS1.3", False), ("TLS", False), ("SSL3", False)])
def test_tls_version_below(name, below):
    assert tls_version_below(recognise(name)[0], "1.2") is below
