"""Password hashing (argon2id) and the password policy of GB/T 22239-2019 8.1.4.1 a).

Policy: at least 12 characters of at least three of the four classes (lower case, upper case,
digits, others), not the user name, and none of the last five passwords. One-time passwords are
generated to satisfy it, and the user must change them at first login.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
HISTORY = 5
_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so the answer takes as long either way.
_DUMMY = _hasher.hash("not a password of anyone")


class PolicyError(ValueError):
    """A password the policy refuses; the message says which rule, Chinese first."""


def _classes(password: str) -> int:
    return sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))


def check_policy(password: str, username: str, previous_hashes: Sequence[str] = ()) -> None:
    if len(password) < MIN_LENGTH:
        raise PolicyError(f"密码至少 {MIN_LENGTH} 个字符 (the password needs at least {MIN_LENGTH} characters)")
    if _classes(password) < 3:
        raise PolicyError("密码须包含大写字母、小写字母、数字、符号中的至少三类 "
                          "(the password needs three of: lower case, upper case, digits, symbols)")
    if username.casefold() in password.casefold():
        raise PolicyError("密码不得包含用户名 (the password must not contain the user name)")
    if any(verify(stored, password) for stored in previous_hashes):
        raise PolicyError(f"不得与最近 {HISTORY} 次使用过的密码相同 "
                          f"(the password must differ from the last {HISTORY})")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


def one_time_password() -> str:
    """16 random characters holding every class, so it passes the policy it is checked against."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        if _classes(candidate) == 4:
            return candidate
