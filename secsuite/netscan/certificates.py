"""Describing the certificates a server sends, SM2 ones included.

The algorithms (signature OID, key curve, hence SM2) come from ``secsuite.crypto.certs``, which
reads them from the DER because ``cryptography`` refuses to load an SM2 key; names, dates and
the size of other keys come from ``cryptography``.
"""

from __future__ import annotations

from typing import Literal

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

from secsuite.crypto.certs import SM2_WITH_SM3, inspect_certificate
from secsuite.netscan.model import Certificate

SIGNATURE_NAMES = {
    "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
    "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
    "1.2.840.113549.1.1.10": "rsassaPss",
    "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
    "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
    "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
    "1.2.840.10045.4.1": "ecdsa-with-SHA1",
    "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
    "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
    "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
    "1.2.840.10040.4.3": "dsaWithSHA1",
    "1.3.101.112": "ED25519",
    "1.3.101.113": "ED448",
    SM2_WITH_SM3: "SM2-with-SM3",
    "1.2.156.10197.1.504": "sm3WithRSAEncryption",
}
KEY_NAMES = {"1.2.840.113549.1.1.1": "RSA", "1.2.840.10045.2.1": "EC", "1.2.840.10040.4.1": "DSA",
             "1.3.101.112": "Ed25519", "1.3.101.113": "Ed448"}
FIXED_BITS = {"Ed25519": 256, "Ed448": 456, "SM2": 256}
Role = Literal["leaf", "chain", "sign", "enc"]


def _key_size(cert: x509.Certificate) -> tuple[int | None, str | None]:
    """(bits, curve name) of a key ``cryptography`` can load; SM2 never gets here."""
    try:
        key = cert.public_key()
    except (UnsupportedAlgorithm, ValueError):
        return None, None
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key.curve.key_size, key.curve.name
    if isinstance(key, (rsa.RSAPublicKey, dsa.DSAPublicKey)):
        return key.key_size, None
    return None, None


def from_der(der: bytes, role: Role) -> Certificate:
    info = inspect_certificate(der)
    cert = x509.load_der_x509_certificate(der)
    key_type = "SM2" if info.sm2_key else KEY_NAMES.get(info.key_algorithm, info.key_algorithm)
    bits, curve = (FIXED_BITS["SM2"], "SM2") if info.sm2_key else _key_size(cert)
    return Certificate(
        role=role,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_type=key_type,
        key_bits=bits or FIXED_BITS.get(key_type),
        curve=curve or info.curve,
        signature_algorithm=SIGNATURE_NAMES.get(info.signature_algorithm, info.signature_algorithm),
        signature_oid=info.signature_algorithm,
        sm2=info.sm2_key,
        sha256=cert.fingerprint(hashes.SHA256()).hex(),
    )


def from_pem(pem: str, role: Role) -> Certificate:
    der = x509.load_pem_x509_certificate(pem.encode("ascii")).public_bytes(serialization.Encoding.DER)
    return from_der(der, role)


def from_chain(chain: tuple[bytes, ...], roles: tuple[Role, ...]) -> tuple[list[Certificate], str | None]:
    """Describe a chain as sent; the i-th certificate takes ``roles[i]`` (the last role repeats).
    A certificate that does not parse is reported, not fatal: the rest still tell something."""
    described, error = [], None
    for index, der in enumerate(chain):
        try:
            described.append(from_der(der, roles[min(index, len(roles) - 1)]))
        except ValueError as exc:
            error = f"certificate {index} does not parse: {exc}"
    return described, error
