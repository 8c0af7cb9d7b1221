"""TLCP (GB/T 38636-2020, record version 0x0101) detected with a real handshake.

One ClientHello offering the four SM2 suites tells whether the port speaks TLCP at all (a TLS
or plain service costs one connection); only then is each suite tried on its own. The ECDHE
suites need a client signing/encryption certificate pair to finish (GM/T 0024), which a scanner
does not have: such a suite counts as supported when the server's ServerHello selects it.
"""

from __future__ import annotations

import re

from secsuite.netscan import certificates
from secsuite.netscan.model import TlcpDetails, TlcpSuite
from secsuite.netscan.tongsuo import Handshake, handshake

TLCP_VERSION = "0x0101"
# Tongsuo's names; the code points (0xE013, 0xE053, 0xE011, 0xE051) are reported as the library gives them.
SUITES = ("ECC-SM2-SM4-CBC-SM3", "ECC-SM2-SM4-GCM-SM3", "ECDHE-SM2-SM4-CBC-SM3", "ECDHE-SM2-SM4-GCM-SM3")
# In nmap's service fingerprint, a reply whose first record (alert 0x15 or handshake 0x16)
# carries version 0x0101: the port answered nmap's TLS probe in TLCP.
TLCP_REPLY = re.compile(r'r\([^,()]+,[0-9A-Fa-f]+,"\\x1[56]\\x01\\x01')


def _suite(attempt: Handshake, name: str) -> TlcpSuite | None:
    if attempt.cipher != name:
        return None
    return TlcpSuite(name=name, code=f"0x{attempt.cipher_code or 0:04X}",
                     handshake="completed" if attempt.completed else "server-selected")


def probe_tlcp(host: str, port: int, timeout: float) -> TlcpDetails:
    first = handshake(host, port, tlcp=True, ciphers=":".join(SUITES), timeout=timeout)
    if first.cipher is None:
        return TlcpDetails(supported=False, probe_error=first.error)
    attempts = {first.cipher: first}
    for name in SUITES:
        if name not in attempts:
            attempts[name] = handshake(host, port, tlcp=True, ciphers=name, timeout=timeout)
    suites = [suite for name in SUITES if (suite := _suite(attempts[name], name))]
    chain = next((attempt.chain for attempt in attempts.values() if attempt.chain), ())
    described, error = certificates.from_chain(chain, ("sign", "enc", "chain"))
    return TlcpDetails(supported=True, version=TLCP_VERSION, suites=suites, certificates=described, probe_error=error)


def from_fingerprint(servicefp: str) -> TlcpDetails | None:
    """For an imported scan, where nothing may be probed: TLCP as nmap's fingerprint shows it."""
    if not TLCP_REPLY.search(servicefp):
        return None
    return TlcpDetails(supported=True, version=TLCP_VERSION, source="nmap-fingerprint")
