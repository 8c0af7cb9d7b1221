"""SM4-GCM authenticated encryption (GB/T 32907-2016 block cipher, GCM as in RFC 8998).

``seal`` picks a fresh random 96-bit nonce for every message and returns nonce, ciphertext and
tag together, so callers cannot reuse a nonce by mistake; ``encrypt``/``decrypt`` take the nonce
explicitly for protocols and test vectors that fix it.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16


class AuthenticationError(ValueError):
    """The ciphertext, nonce, associated data or key is not the one the tag was made with."""


def _check(key: bytes, nonce: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise ValueError(f"SM4 keys are {KEY_BYTES} bytes, got {len(key)}")
    if len(nonce) != NONCE_BYTES:
        raise ValueError(f"SM4-GCM nonces are {NONCE_BYTES} bytes, got {len(nonce)}")


def encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """Ciphertext followed by the 16-byte tag."""
    _check(key, nonce)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    return ciphertext + encryptor.tag


def decrypt(key: bytes, nonce: bytes, data: bytes, aad: bytes = b"") -> bytes:
    """The plaintext of ``encrypt``'s output; raises AuthenticationError if anything was altered."""
    _check(key, nonce)
    if len(data) < TAG_BYTES:
        raise AuthenticationError("SM4-GCM data shorter than its tag")
    ciphertext, tag = data[:-TAG_BYTES], data[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    try:
        return decryptor.update(ciphertext) + decryptor.finalize()
    except InvalidTag:
        raise AuthenticationError("SM4-GCM authentication failed") from None


def seal(key: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """Nonce, ciphertext and tag in one value, with a fresh random nonce."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + encrypt(key, nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
    return decrypt(key, sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
