"""SM3 and SM4-GCM against the published test vectors, and sealing that detects tampering."""

from __future__ import annotations

import pytest

from secsuite.crypto import sm4
from secsuite.crypto.digest import sm3, sm3_hex

KEY = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")


@pytest.mark.parametrize(
    ("message", "digest"),
    [  # GB/T 32905-2016 appendix A
        (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
    ],
)
def test_sm3_vectors(message, digest):
    assert sm3_hex(message) == digest and sm3(message) == bytes.fromhex(digest)


def test_sm4_gcm_rfc8998_vector():
    """RFC 8998 appendix A.1."""
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plaintext = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                              "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA")
    expected = bytes.fromhex(
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
        "83DE3541E4C2B58177E065A9BF7B62EC")
    assert sm4.encrypt(KEY, nonce, plaintext, aad) == expected
    assert sm4.decrypt(KEY, nonce, expected, aad) == plaintext


def test_seal_uses_a_fresh_nonce_and_detects_tampering():
    sealed, again = sm4.seal(KEY, "公民身份号码字段".encode(), b"row 7"), sm4.seal(KEY, b"x", b"")
    assert sealed[:sm4.NONCE_BYTES] != again[:sm4.NONCE_BYTES]
    assert sm4.seal(KEY, b"same") != sm4.seal(KEY, b"same")
    assert sm4.unseal(KEY, sealed, b"row 7").decode() == "公民身份号码字段"
    flipped = sealed[:-1] + bytes([sealed[-1] ^ 1])
    for key, blob, aad in ((KEY, flipped, b"row 7"), (KEY, sealed, b"row 8"), (bytes(16), sealed, b"row 7"),
                           (KEY, sealed[:20], b"row 7")):
        with pytest.raises(sm4.AuthenticationError):
            sm4.unseal(key, blob, aad)


@pytest.mark.parametrize(("key", "nonce"), [(bytes(15), bytes(12)), (bytes(32), bytes(12)), (bytes(16), bytes(8))])
def test_wrong_key_or_nonce_sizes(key, nonce):
    with pytest.raises(ValueError, match="bytes"):
        sm4.encrypt(key, nonce, b"data")
