"""The optional TOTP second factor (RFC 6238, GB/T 22239-2019 8.1.4.1 d: two factors at login).

A user enrols from their own page: a new secret is shown once (as text and as an ``otpauth://``
URI for an authenticator app; no QR service is called), sealed with SM4-GCM under a key derived
from the application's key file, and becomes active when the user proves it with a first code.
At login the code is checked after the password; a code is never accepted twice (the last time
step used is kept). A lost device is recovered by the security administrator, who resets it.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

import pyotp

from secsuite.crypto import sm4
from secsuite.store.access import User
from secsuite.web.audit import AuditLog

ISSUER = "secsuite"
DRIFT_STEPS = 1  # a code of the step before or after is accepted: clocks drift, people type slowly
PURPOSE = "totp-seed"


@dataclass(frozen=True)
class Enrolment:
    """What the user copies into an authenticator, shown once."""

    secret: str
    uri: str


def _aad(user: User) -> bytes:
    return b"secsuite-totp:" + user.username.encode()


def begin(user: User, audit: AuditLog) -> Enrolment:
    """A new secret, sealed into the user's row, not yet active (a second ``begin`` replaces it)."""
    secret = pyotp.random_base32()
    user.mfa_secret = sm4.seal(audit.subkey(PURPOSE), secret.encode(), _aad(user))
    user.mfa_enabled, user.mfa_step = False, None
    return Enrolment(secret, pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER))


def verify(user: User, code: str, audit: AuditLog, now: dt.datetime) -> bool:
    """Whether ``code`` is the user's current one (± one step) and newer than the last one used;
    a right code is spent."""
    if user.mfa_secret is None or not code.strip().isdigit():
        return False
    try:
        totp = pyotp.TOTP(sm4.unseal(audit.subkey(PURPOSE), user.mfa_secret, _aad(user)).decode())
    except sm4.AuthenticationError:
        return False  # sealed under another key file: the security administrator resets it
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        moment = now + dt.timedelta(seconds=offset * totp.interval)
        step = totp.timecode(moment)
        if (user.mfa_step is None or step > user.mfa_step) and hmac.compare_digest(totp.at(moment), code.strip()):
            user.mfa_step = step
            return True
    return False


def confirm(user: User, code: str, audit: AuditLog, now: dt.datetime) -> bool:
    """Activate an enrolment with its first code."""
    if user.mfa_enabled or not verify(user, code, audit, now):
        return False
    user.mfa_enabled = True
    return True


def reset(user: User) -> None:
    user.mfa_secret, user.mfa_enabled, user.mfa_step = None, False, None
