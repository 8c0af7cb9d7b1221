"""SM2 certificate recognition on real certificates made by Debian's openssl in the test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from secsuite.crypto.certs import EC_PUBLIC_KEY, SM2_CURVE, SM2_WITH_SM3, inspect_certificate
from secsuite.crypto.digest import sm3_hex

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("certs")
    openssl("ecparam", "-name", "SM2", "-genkey", "-noout", "-out", "sm2.key", cwd=work)
    openssl("req", "-x509", "-new", "-key", "sm2.key", "-sm3", "-subj", "/CN=zwy.example.gov.cn/O=市大数据局",
            "-utf8", "-days", "365", "-out", "sm2.pem", cwd=work)
    openssl("x509", "-in", "sm2.pem", "-outform", "DER", "-out", "sm2.der", cwd=work)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-subj", "/CN=rsa.example",
            "-days", "2", "-out", "rsa.pem", cwd=work)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            "p256.key", "-subj", "/CN=p256.example", "-days", "2", "-outform", "DER", "-out", "p256.der", cwd=work)
    return work


def test_sm2_certificate_in_pem_and_der(certs):
    pem = inspect_certificate((certs / "sm2.pem").read_bytes())
    der_bytes = (certs / "sm2.der").read_bytes()
    der = inspect_certificate(der_bytes)
    assert pem == der
    assert (der.signature_algorithm, der.key_algorithm, der.curve) == (SM2_WITH_SM3, EC_PUBLIC_KEY, SM2_CURVE)
    assert der.sm2_key and der.sm2_signature and der.national
    assert der.subject == "O=市大数据局,CN=zwy.example.gov.cn"
    assert der.not_after is not None and der.sm3_fingerprint == sm3_hex(der_bytes)


@pytest.mark.parametrize(
    ("name", "signature", "curve"),
    [("rsa.pem", "1.2.840.113549.1.1.11", None), ("p256.der", "1.2.840.10045.4.3.2", "1.2.840.10045.3.1.7")],
)
def test_foreign_certificates_are_not_national(certs, name, signature, curve):
    info = inspect_certificate((certs / name).read_bytes())
    assert (info.signature_algorithm, info.curve) == (signature, curve)
    assert not info.sm2_key and not info.sm2_signature and not info.national


def test_not_a_certificate(certs):
    der = (certs / "sm2.der").read_bytes()
    for data in (b"", b"hello", der[:60], b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"):
        with pytest.raises(ValueError):
            inspect_certificate(data)
