"""Our own handshakes against the loopback servers, without nmap: the TLCP probe (GB/T 38636 through
Tongsuo) and the TLS chain fetch."""

from __future__ import annotations

import datetime as dt

import pytest

from secsuite.netscan.tlcp import TLCP_VERSION, from_fingerprint, probe_tlcp
from secsuite.netscan.tls_chain import probe_chain
from secsuite.netscan.tongsuo import handshake


def test_tlcp_probe_finds_every_suite_and_both_certificates(loopback):
    details = probe_tlcp("127.0.0.2", loopback.port("tlcp"), timeout=5)
    assert details.supported and details.version == TLCP_VERSION == "0x0101" and details.source == "probe"
    assert [(s.name, s.code, s.handshake) for s in details.suites] == [
        ("ECC-SM2-SM4-CBC-SM3", "0xE013", "completed"),
        ("ECC-SM2-SM4-GCM-SM3", "0xE053", "completed"),
        # ECDHE needs a client signing/encryption pair to finish: the ServerHello chose the suite
        ("ECDHE-SM2-SM4-CBC-SM3", "0xE011", "server-selected"),
        ("ECDHE-SM2-SM4-GCM-SM3", "0xE051", "server-selected"),
    ]
    sign, enc = details.certificates
    assert (sign.role, sign.subject, sign.key_type, sign.curve, sign.signature_algorithm, sign.sm2) == (
        "sign", "CN=tlcp sign,O=secsuite test,C=CN", "SM2", "SM2", "SM2-with-SM3", True)
    assert (enc.role, enc.subject, enc.sm2, enc.signature_oid) == (
        "enc", "CN=tlcp enc,O=secsuite test,C=CN", True, "1.2.156.10197.1.501")
    assert enc.issuer == "CN=SM2 loopback CA,O=secsuite test CA,C=CN"


def test_a_tlcp_handshake_reports_the_negotiated_version(loopback):
    result = handshake("127.0.0.2", loopback.port("tlcp"), tlcp=True, ciphers="ECC-SM2-SM4-GCM-SM3", timeout=5)
    assert result.completed and (result.version, result.cipher, result.cipher_code) == (
        "NTLSv1.1", "ECC-SM2-SM4-GCM-SM3", 0xE053)
    assert len(result.chain) == 2


@pytest.mark.parametrize("name", ["https", "plain"])
def test_tlcp_probe_on_other_services_says_no_in_one_connection(loopback, name):
    details = probe_tlcp("127.0.0.1", loopback.port(name), timeout=5)
    assert not details.supported and details.suites == [] and details.probe_error


def test_chain_fetch_reads_the_leaf_and_negotiates_tls13(loopback):
    chain = probe_chain("127.0.0.1", loopback.port("https"), timeout=5)
    assert chain.error is None and chain.negotiated.startswith("TLSv1.3")
    (leaf,) = chain.certificates
    assert (leaf.role, leaf.subject, leaf.key_type, leaf.key_bits) == ("leaf", "CN=https.loopback.test", "RSA", 2048)


def test_chain_fetch_reads_an_expired_certificate(loopback):
    (leaf,) = probe_chain("127.0.0.1", loopback.port("expired"), timeout=5).certificates
    assert leaf.not_after < dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=29)


def test_chain_fetch_still_talks_to_a_tls10_only_server(loopback):
    if loopback.tls10_refused:
        pytest.skip(loopback.tls10_refused)
    chain = probe_chain("127.0.0.1", loopback.port("tls10"), timeout=5)
    assert chain.negotiated.startswith("TLSv1 ") and chain.certificates[0].key_type == "RSA"


def test_a_closed_port_is_an_error_not_an_exception(loopback):
    chain = probe_chain("127.0.0.3", loopback.port("https"), timeout=2)
    assert chain.certificates == [] and "ConnectionRefused" in chain.error


@pytest.mark.parametrize(("servicefp", "tlcp"), [
    (r'SF-Port9443-TCP:V=7.93%I=7%r(SSLSessionReq,7,"\x15\x01\x01\0\x02\x02\(");', True),
    (r'SF-Port443-TCP:V=7.93%I=7%r(SSLSessionReq,7,"\x15\x03\x01\0\x02\x02\(");', False),
    (r'SF-Port23-TCP:V=7.93%I=7%r(NULL,4,"\x16\x01\x01\0");', True),
    ("", False),
])
def test_tlcp_from_nmap_fingerprint(servicefp, tlcp):
    assert (from_fingerprint(servicefp) is not None) is tlcp
