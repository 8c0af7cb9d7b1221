"""Redaction of names from the data and of messages we did not write."""

from __future__ import annotations

import pytest

from secsuite.redact import holds_identifier, is_sensitive, mask_sensitive, redact_message

ID = "11010519491231002X"
PHONE = "13812345678"
CARD = "6222600260001072444"  # passes Luhn


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (ID, "110***********002X"),
        (f"{PHONE}.csv", "138****5678.csv"),
        (f"持卡人{CARD}", "持卡人622************2444"),
        ("zhang.san@example.com 名单", "z***@example.com 名单"),
        ("2023年", "2023年"),
        ("表1", "表1"),
        ("202501010000012345", "202501010000012345"),  # an order number: no valid check digit
        ("postgresql+psycopg://postgres@127.0.0.1:5432/db#s.t", "postgresql+psycopg://postgres@127.0.0.1:5432/db#s.t"),
    ],
)
def test_names_are_masked_only_where_they_validate(name, expected):
    assert mask_sensitive(name) == expected
    assert is_sensitive(name) == (name != expected)


@pytest.mark.parametrize(
    ("message", "raw"),
    [
        (f'invalid input syntax for type integer: "{ID}"', ID),
        ("could not convert string to float: '张三丰'", "张三丰"),
        ("value 4403051990 out of range", "4403051990"),
        (f"Value {CARD[:15]}0 is too long", CARD[:15] + "0"),
    ],
)
def test_messages_lose_every_quoted_value_and_digit_run(message, raw):
    assert raw not in redact_message(message)


@pytest.mark.parametrize(("text", "held"), [
    ("身份证 11010519491231002X", True), ("联系 13812345678", True), ("卡号 4111111111111111", True),
    ("110105********002X", False), ("138****5678", False), ("F-014c0db5126ecf57", False),
    ("OU=91350100M000100Y43", False),  # an organisation's credit code, as a certificate's subject has it
    ("CN=admin@example.gov.cn", False),
])
def test_a_persons_identifier_is_held_where_it_validates(text, held):
    assert holds_identifier(text) is held
