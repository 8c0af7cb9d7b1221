"""Recognising SM2 certificates (国密证书) from their DER encoding.

``cryptography`` parses an SM2 certificate's names, dates and extensions but cannot load its
key ("Curve 1.2.156.10197.1.301 is not supported"), so the key's curve is read from the
SubjectPublicKeyInfo with a minimal DER walk. The same walk covers certificates ``cryptography``
refuses altogether. SM2 signatures are not verified here: that needs an SM2-capable library.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass

from cryptography import x509

from secsuite.crypto.digest import sm3_hex

SM2_CURVE = "1.2.156.10197.1.301"
SM2_WITH_SM3 = "1.2.156.10197.1.501"
EC_PUBLIC_KEY = "1.2.840.10045.2.1"

_PEM = re.compile(rb"-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----(.+?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----",
                  re.DOTALL)
_SEQUENCE, _OID, _EXPLICIT_VERSION = 0x30, 0x06, 0xA0


@dataclass(frozen=True)
class CertificateInfo:
    """What identifies a certificate's algorithms, with its names and dates when they parse."""

    signature_algorithm: str
    key_algorithm: str
    curve: str | None
    sm3_fingerprint: str
    subject: str | None = None
    not_after: dt.datetime | None = None

    @property
    def sm2_key(self) -> bool:
        return SM2_CURVE in (self.curve, self.key_algorithm)

    @property
    def sm2_signature(self) -> bool:
        return self.signature_algorithm == SM2_WITH_SM3

    @property
    def national(self) -> bool:
        """An SM2 key signed with SM2-with-SM3: what 密评 expects of a certificate."""
        return self.sm2_key and self.sm2_signature


def inspect_certificate(data: bytes) -> CertificateInfo:
    """The algorithms of the first certificate in ``data`` (PEM or DER); ValueError if there is none."""
    der = _to_der(data)
    signature, key, curve = _algorithms(der)
    try:
        parsed = x509.load_der_x509_certificate(der)
    except ValueError:
        return CertificateInfo(signature, key, curve, sm3_hex(der))
    return CertificateInfo(signature, key, curve, sm3_hex(der), subject=parsed.subject.rfc4514_string(),
                           not_after=parsed.not_valid_after_utc)


def _to_der(data: bytes) -> bytes:
    pem = _PEM.search(data)
    if pem is None:
        return data
    try:
        return base64.b64decode(b"".join(pem.group(1).split()), validate=True)
    except ValueError:
        raise ValueError("not a certificate: bad PEM base64") from None


def _algorithms(der: bytes) -> tuple[str, str, str | None]:
    """(signature algorithm, key algorithm, curve) OIDs, read from the DER structure itself."""
    try:
        certificate = _children(der, _read(der, 0, _SEQUENCE))
        tbs, signature_algorithm = certificate[0], certificate[1]
        fields = _children(der, tbs)
        if fields[0][0] == _EXPLICIT_VERSION:
            fields = fields[1:]
        # serial, signature, issuer, validity, subject, then subjectPublicKeyInfo
        key_algorithm = _children(der, _children(der, fields[5])[0])
        signature = _oid(der, _children(der, signature_algorithm)[0])
        key = _oid(der, key_algorithm[0])
        curve = _oid(der, key_algorithm[1]) if len(key_algorithm) > 1 and key_algorithm[1][0] == _OID else None
    except (IndexError, ValueError):
        raise ValueError("not an X.509 certificate (DER structure not recognised)") from None
    return signature, key, curve


Element = tuple[int, int, int]  # tag, value start, value end


def _read(der: bytes, pos: int, tag: int | None = None) -> Element:
    """The element at ``pos``; ValueError if it is truncated or (given ``tag``) of another type."""
    if pos + 2 > len(der):
        raise ValueError("truncated DER")
    found, length, start = der[pos], der[pos + 1], pos + 2
    if length & 0x80:
        count = length & 0x7F
        if not 1 <= count <= 4 or start + count > len(der):
            raise ValueError("bad DER length")
        length, start = int.from_bytes(der[start:start + count], "big"), start + count
    if start + length > len(der) or tag is not None and found != tag:
        raise ValueError("unexpected DER element")
    return found, start, start + length


def _children(der: bytes, parent: Element) -> list[Element]:
    children, pos = [], parent[1]
    while pos < parent[2]:
        child = _read(der, pos)
        if child[2] > parent[2]:
            raise ValueError("DER element overruns its parent")
        children.append(child)
        pos = child[2]
    return children


def _oid(der: bytes, element: Element) -> str:
    tag, start, end = element
    if tag != _OID or start == end:
        raise ValueError("expected an OBJECT IDENTIFIER")
    arcs, current = [], 0
    for byte in der[start:end]:
        current = current << 7 | byte & 0x7F
        if not byte & 0x80:
            arcs.append(current)
            current = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))
