"""Algorithm and protocol names as units declare them, recognised.

Inventories say "SM2/SM3/SM4", "RSA 2048", "TLSv1.0", "3DES" or paste a cipher suite such as
``ECDHE-RSA-AES128-GCM-SHA256``. Each name is read into canonical algorithms (SM4, RSA-2048,
TLS1.0 …) so that rules can tell national (国密) algorithms from foreign ones and broken ones
from sound ones, whatever the spelling. A name nothing is recognised in is kept as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["algorithm", "protocol"]

# Order matters where one name starts another: 3DES before DES, ECDSA before DSA, SHA-256 before SHA.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("sm", r"SM(?P<sm>[1-9])(?!\d)"),
    ("zuc", r"ZUC|祖冲之"),
    ("tlcp", r"TLCP|GMSSL|GMTLS|NTLS|国密SSL|国密TLS"),
    ("generic", r"国密|商密"),
    ("tdes", r"3-?DES|TDEA|TDES|TRIPLE-?DES|DES-?EDE3?"),
    ("des", r"(?<![A-Z])DES(?![A-Z])"),
    ("aes", r"AES(?:-?(?:128|192|256))?"),
    ("rsa", r"RSA(?:[-_ ]?(?P<rsa>\d{3,5}))?"),
    ("ecc", r"ECDSA|ECDHE|ECDH|ECC|EDDSA|ED25519|X25519"),
    ("dsa", r"(?<![A-Z])DSA"),
    ("dh", r"(?<![A-Z])DHE?(?![A-Z])"),
    ("md", r"MD(?P<md>[245])(?!\d)"),
    ("sha", r"SHA-?(?P<sha>224|256|384|512|1|2|3)(?!\d)"),
    ("sha1", r"SHA(?![A-Z0-9])"),
    ("rc", r"RC(?P<rc>[24])|ARCFOUR"),
    ("other", r"CHACHA20|POLY1305|BLOWFISH|CAMELLIA|IDEA|ARIA"),
    ("tls", r"TLS ?V?(?P<tls>1(?:\.[0-3])?)?"),
    ("ssl", r"SSL ?V?(?P<ssl>[23])?(?:\.0)?"),
    ("ssh", r"SSH-?V?(?P<ssh>[12])?(?:\.0)?"),
    ("ipsec", r"IPSEC"),
)
_NAMES = re.compile("|".join(f"(?P<family_{name}>{pattern})" for name, pattern in _PATTERNS))
NATIONAL_FAMILIES = frozenset({"SM1", "SM2", "SM3", "SM4", "SM7", "SM9", "ZUC", "TLCP", "国密"})


@dataclass(frozen=True)
class Algorithm:
    """One recognised algorithm or protocol. ``bits`` is an RSA modulus length, ``version`` a
    protocol version ("1.0"); both None when the name did not say."""

    name: str
    kind: Kind = "algorithm"
    bits: int | None = None
    version: str | None = None
    recognised: bool = True

    @property
    def national(self) -> bool:
        return self.name in NATIONAL_FAMILIES

    def __str__(self) -> str:
        if self.bits:
            return f"{self.name}-{self.bits}"
        return f"{self.name}{self.version}" if self.version else self.name

    def covers(self, other: Algorithm) -> bool:
        """Whether this (a list entry such as "SSL3" or "RSA") names ``other``: same family, and
        the same version or key length where this one gives them."""
        return (self.name == other.name and self.version in (None, other.version)
                and self.bits in (None, other.bits))


def recognise(name: str) -> list[Algorithm]:
    """The algorithms and protocols named in one declared name (several for a cipher suite)."""
    text = unicodedata.normalize("NFKC", name).upper().strip()
    found = [_algorithm(match) for match in _NAMES.finditer(text)]
    if found or not text or text.replace(".", "").isdigit():
        return found
    return [Algorithm(name=text, recognised=False)]


def recognise_all(names: Iterable[str]) -> list[Algorithm]:
    """Every algorithm of some declared names, each once, in the order first named."""
    return list(dict.fromkeys(algorithm for name in names for algorithm in recognise(name)))


def _algorithm(match: re.Match[str]) -> Algorithm:
    family, groups = (match.lastgroup or "").removeprefix("family_"), match.groupdict()
    if family == "sm":
        return Algorithm(f"SM{groups['sm']}")
    if family == "rsa":
        return Algorithm("RSA", bits=int(groups["rsa"]) if groups["rsa"] else None)
    if family == "md":
        return Algorithm(f"MD{groups['md']}")
    if family == "sha":
        return Algorithm(f"SHA-{groups['sha']}")
    if family == "rc":
        return Algorithm(f"RC{groups['rc'] or 4}")
    if family in {"tls", "ssl", "ssh"}:
        version = groups[family]
        if family == "tls" and version == "1":
            version = "1.0"
        return Algorithm(family.upper(), kind="protocol", version=version)
    fixed = {"zuc": Algorithm("ZUC"), "tlcp": Algorithm("TLCP", kind="protocol"), "generic": Algorithm("国密"),
             "tdes": Algorithm("3DES"), "des": Algorithm("DES"), "aes": Algorithm("AES"), "dsa": Algorithm("DSA"),
             "dh": Algorithm("DH"), "sha1": Algorithm("SHA-1"), "ipsec": Algorithm("IPSEC", kind="protocol")}
    return fixed.get(family, Algorithm(match.group(0)))


def tls_version_below(algorithm: Algorithm, minimum: str) -> bool:
    """A TLS version lower than ``minimum`` ("1.2"); False when the name gives no version."""
    if algorithm.name != "TLS" or algorithm.version is None:
        return False
    return _version(algorithm.version) < _version(minimum)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))
