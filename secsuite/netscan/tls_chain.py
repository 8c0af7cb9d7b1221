"""The whole certificate chain of a TLS service, fetched with our own handshake.

nmap's ssl-cert reports the leaf only; the intermediates matter too (an expired intermediate
breaks the service as surely as an expired leaf). The handshake offers every protocol and suite
at security level 0, so that old servers still show what they serve.
"""

from __future__ import annotations

from dataclasses import dataclass

from secsuite.netscan import certificates
from secsuite.netscan.model import Certificate
from secsuite.netscan.tongsuo import handshake

OFFER = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"


@dataclass(frozen=True)
class ChainProbe:
    certificates: list[Certificate]
    negotiated: str | None
    error: str | None


def probe_chain(host: str, port: int, timeout: float, server_name: str | None = None) -> ChainProbe:
    result = handshake(host, port, tlcp=False, ciphers=OFFER, timeout=timeout, server_name=server_name)
    described, error = certificates.from_chain(result.chain, ("leaf", "chain"))
    negotiated = f"{result.version} {result.cipher}" if result.completed else None
    return ChainProbe(described, negotiated, result.error or error)
