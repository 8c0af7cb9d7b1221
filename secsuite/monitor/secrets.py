"""A target's database password: never in the store in clear. Either ``env:NAME`` (read from the
environment when the job runs) or sealed with SM4-GCM under a key that lives outside the store:
``$SECSUITE_SECRET_KEY`` (32 hex digits) or the file named by ``$SECSUITE_SECRET_KEY_FILE``."""

from __future__ import annotations

import os
from pathlib import Path

from secsuite.crypto import sm4

KEY_ENV = "SECSUITE_SECRET_KEY"
KEY_FILE_ENV = "SECSUITE_SECRET_KEY_FILE"
AAD = b"secsuite-monitor-target"


class SecretError(ValueError):
    """A secret that cannot be sealed or opened; the message never holds the secret."""


def _key() -> bytes:
    text = os.environ.get(KEY_ENV)
    if text is None and os.environ.get(KEY_FILE_ENV):
        path = Path(os.environ[KEY_FILE_ENV])
        try:
            text = path.read_text(encoding="ascii")
        except OSError as exc:
            raise SecretError(f"{KEY_FILE_ENV}: cannot read {path}: {exc.strerror}") from None
    if text is None:
        raise SecretError(f"no SM4 key: set {KEY_ENV} (32 hex digits) or {KEY_FILE_ENV} (a file holding them)")
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise SecretError(f"the SM4 key ({KEY_ENV} or {KEY_FILE_ENV}) is not hexadecimal") from None
    if len(key) != sm4.KEY_BYTES:
        raise SecretError(f"the SM4 key must be {sm4.KEY_BYTES * 2} hex digits, got {len(key) * 2}")
    return key


def seal(secret: str, target: str) -> bytes:
    """Bound to the target's name, so a sealed value copied to another target does not open."""
    return sm4.seal(_key(), secret.encode(), AAD + target.encode())


def unseal(sealed: bytes, target: str) -> str:
    try:
        return sm4.unseal(_key(), sealed, AAD + target.encode()).decode()
    except sm4.AuthenticationError:
        raise SecretError(f"target {target}: the sealed password does not open with this SM4 key") from None


def from_env(reference: str, target: str) -> str:
    name = reference.removeprefix("env:")
    value = os.environ.get(name)
    if value is None:
        raise SecretError(f"target {target}: environment variable {name} (its password) is not set")
    return value
