"""Password hashes and one-time passwords (the policy itself is exercised through the pages in
test_sessions.py)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from secsuite.web import passwords


def test_production_hashes_are_argon2id_with_the_library_defaults():
    hashed = PasswordHasher().hash("Corr3ct-Horse-Battery")
    assert hashed.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(hashed)


@pytest.mark.parametrize("_", range(20))
def test_one_time_passwords_pass_the_policy_and_differ(_):
    first, second = passwords.one_time_password(), passwords.one_time_password()
    passwords.check_policy(first, "someone")
    assert first != second and len(first) == 16


@pytest.mark.parametrize(("password", "username", "accepted"), [
    ("Abcdefgh1234", "x", True),
    ("abcdefgh12!!", "x", True),        # lower, digits, symbols: three classes
    ("Abcdefgh123", "x", False),        # 11 characters
    ("abcdefghijkl", "x", False),       # one class
    ("ABCDEFGH1234", "x", False),       # two classes
    ("Zhangsan-2025!", "zhangsan", False),
    ("ZHANGSAN-2025!", "ZhangSan", False),
])
def test_policy(password, username, accepted):
    if accepted:
        passwords.check_policy(password, username)
    else:
        with pytest.raises(passwords.PolicyError):
            passwords.check_policy(password, username)


def test_verify_is_false_for_a_missing_user_or_a_wrong_password():
    stored = passwords.hash_password("Corr3ct-Horse-Battery")
    assert passwords.verify(stored, "Corr3ct-Horse-Battery")
    assert not passwords.verify(stored, "corr3ct-horse-battery")
    assert not passwords.verify(None, "Corr3ct-Horse-Battery")
    assert not passwords.verify("not a hash", "Corr3ct-Horse-Battery")
