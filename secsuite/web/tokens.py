"""Random tokens and their stored digests: the database holds only SHA-256 of a 256-bit value, so a
copy of it logs nobody in."""

from __future__ import annotations

import hashlib
import secrets

API_PREFIX = "sst_"


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
