"""What ``--push`` checks before a run starts: the URL (https, or http to this machine only; no
credentials in it), the token (file, else environment; never empty), the CA file."""

from __future__ import annotations

import contextlib
import http.server
import threading

import pytest

from secsuite.app.push import TOKEN_ENV, PushError, push, push_target

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


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with what the server was made with, and keeps the Authorization it saw."""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.seen.append(self.headers.get("authorization"))  # type: ignore[attr-defined]
        self.rfile.read(int(self.headers.get("content-length") or 0))
        status, headers = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("content-length", "0")
        self.end_headers()

    do_GET = do_POST  # a followed 302 would arrive as a GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def _server(status: int, headers: dict[str, str]):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen, server.answer = [], (status, headers)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_is_not_followed_so_the_token_goes_nowhere_else():
    with contextlib.ExitStack() as stack:
        elsewhere, elsewhere_url = stack.enter_context(_server(404, {}))
        named, url = stack.enter_context(_server(302, {"location": elsewhere_url + "/api/v1/runs/scan"}))
        with pytest.raises(PushError, match="重定向") as refused:
            push(push_target(url, None, None, {TOKEN_ENV: TOKEN}), "scan", {"schema": "secsuite.scan/1"})
    assert named.seen == [f"Bearer {TOKEN}"] and elsewhere.seen == []
    assert TOKEN not in str(refused.value)


def test_a_server_without_the_push_endpoint_is_told_apart_from_a_refused_unit():
    with _server(404, {}) as (_, url), pytest.raises(PushError, match="没有推送接口"):
        push(push_target(url, None, None, {TOKEN_ENV: TOKEN}), "scan", {"schema": "secsuite.scan/1"})
