"""What ``--push`` checks before a run starts: the URL (https, or http to this machine only; no
credentials in it), the token (file, else environment; never empty), the CA file."""

from __future__ import annotations

import pytest

from secsuite.app.push import TOKEN_ENV, PushError, push_target

TOKEN = "sst_abcdefghijklmnopqrstuvwxyz0123456789"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://central.example.gov.cn", "https://central.example.gov.cn"),
    ("https://central.example.gov.cn:8443/secsuite/", "https://central.example.gov.cn:8443/secsuite/"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://[::1]:8000", "http://[::1]:8000"),
    ("http://localhost:8000", "http://localhost:8000"),
])
def test_accepted_urls(url, expected):
    target = push_target(url, None, None, {TOKEN_ENV: TOKEN})
    assert target.url == expected and target.endpoint("scan") == expected.rstrip("/") + "/api/v1/runs/scan"
    assert TOKEN not in repr(target)


@pytest.mark.parametrize(("url", "message"), [
    ("http://central.example.gov.cn", "明文 HTTP"),
    ("http://10.0.0.5:8000", "明文 HTTP"),
    ("https://user:secret@central.example.gov.cn", "凭据"),
    ("ftp://central.example.gov.cn", "https://"),
    ("central.example.gov.cn", "https://"),
])
def test_refused_urls(url, message):
    with pytest.raises(PushError, match=message) as refused:
        push_target(url, None, None, {TOKEN_ENV: TOKEN})
    assert "secret" not in str(refused.value)


def test_the_token_file_wins_over_the_environment_and_must_hold_a_token(tmp_path):
    (tmp_path / "token").write_text(f"{TOKEN}\n", encoding="utf-8")
    assert push_target("https://c.example", tmp_path / "token", None, {TOKEN_ENV: "other"}).token == TOKEN
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    for given, message in ((tmp_path / "empty", "令牌文件为空"), (tmp_path / "missing", "无法读取令牌文件")):
        with pytest.raises(PushError, match=message):
            push_target("https://c.example", given, None, {})
    with pytest.raises(PushError, match=TOKEN_ENV):
        push_target("https://c.example", None, None, {TOKEN_ENV: "  "})
    with pytest.raises(PushError, match="空白") as refused:
        push_target("https://c.example", None, None, {TOKEN_ENV: f"{TOKEN} {TOKEN}"})
    assert TOKEN not in str(refused.value)


def test_a_missing_ca_file_is_named(tmp_path):
    with pytest.raises(PushError, match="CA"):
        push_target("https://c.example", None, tmp_path / "ca.pem", {TOKEN_ENV: TOKEN})
