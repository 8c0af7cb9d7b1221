"""Sending a run's JSON document to a central secsuite server (``--push URL``): the multi-unit
workflow of a data centre that scans its own data and reports to the 网信办's server.

The API token comes from a file or ``$SECSUITE_PUSH_TOKEN``, never the command line (a process list
and a shell history show it), and is never printed. TLS is verified (the system's CAs or
``--push-ca FILE``); plain HTTP is refused except to this machine, and redirects are not followed,
so the token goes to the server named and nowhere else. Only the standard library is used: a data
centre's scanner need not install the web application's dependencies.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from secsuite import __version__

TOKEN_ENV = "SECSUITE_PUSH_TOKEN"
TIMEOUT = 300.0  # seconds: a large scan's document is recorded before the server answers
ANSWERS = {
    401: "令牌无效、已过期或已吊销 (the token is not valid, has expired or was revoked)",
    403: "令牌无推送权限或其用户无权推送结果 (the token may only read, or its owner may not push results)",
    404: "令牌无权访问结果中的单位，或中心无此单位 (a unit of the results is not the token's, or unknown there)",
    413: "结果文件超过中心服务器的大小限制 (the document is over the server's size limit)",
}


class PushError(Exception):
    """A push that could not be made or was refused; the message is Chinese first and holds no token."""


@dataclass(frozen=True)
class PushTarget:
    """Where to push and with what: the server's base URL, the token, the CA bundle (None: the system's)."""

    url: str
    token: str = field(repr=False)
    ca: Path | None = None

    def endpoint(self, kind: str) -> str:
        return f"{self.url.rstrip('/')}/api/v1/runs/{kind}"


@dataclass(frozen=True)
class Receipt:
    """The server's answer: the central run, and whether this document was recorded before."""

    run_id: int
    created: bool
    findings: int
    units: list[str]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def push_target(url: str, token_file: Path | None, ca: Path | None,
                environ: Mapping[str, str] = os.environ) -> PushTarget:
    """Check everything before the run starts: the URL, the token (file, else environment), the CA file."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise PushError(f"--push 需要 https://主机[:端口] 形式的地址 (--push takes https://host[:port]): {url!r}")
    if parts.username or parts.password:
        raise PushError("--push 的地址中不得包含凭据 (no credentials in the --push URL; use --push-token-file)")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise PushError("拒绝以明文 HTTP 向其他主机发送令牌，请使用 https:// "
                        f"(refusing to send the token in clear over HTTP to {parts.hostname}; use https://)")
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise PushError(f"无法读取令牌文件 (cannot read the token file) {token_file}: "
                            f"{exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}") from None
        if not token:
            raise PushError(f"令牌文件为空 (the token file is empty): {token_file}")
    else:
        token = environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise PushError(f"--push 需要 API 令牌：--push-token-file 文件或环境变量 {TOKEN_ENV} "
                            f"(--push needs an API token: --push-token-file FILE or ${TOKEN_ENV}; "
                            "`secsuite users token NAME --unit UNIT --push` on the server makes one)")
    if any(character.isspace() for character in token):
        raise PushError("API 令牌不应含空白字符 (the API token holds whitespace): check the token file or variable")
    if ca is not None and not ca.is_file():
        raise PushError(f"找不到 CA 证书文件 (CA file not found): {ca}")
    return PushTarget(f"{parts.scheme}://{parts.netloc}{parts.path}", token, ca)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a place to send the token."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _detail(error: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(error.read().decode("utf-8")).get("detail")
    except (ValueError, AttributeError, OSError):
        return error.reason or ""
    return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:500]


def push(target: PushTarget, kind: str, document: Mapping[str, Any]) -> Receipt:
    """POST the document to ``/api/v1/runs/KIND``; PushError says why it was not recorded."""
    request = urllib.request.Request(
        target.endpoint(kind), method="POST", data=json.dumps(document, ensure_ascii=False).encode("utf-8"),
        headers={"Authorization": f"Bearer {target.token}", "Content-Type": "application/json",
                 "Accept": "application/json", "User-Agent": f"secsuite/{__version__}",
                 "X-Secsuite-Host": socket.gethostname()})
    context = ssl.create_default_context(cafile=str(target.ca) if target.ca else None)
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    where = target.url
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        detail = _detail(error)
        if 300 <= error.code < 400:
            known = f"中心服务器要求重定向，未跟随 (the server redirects to {error.headers.get('location')}; not followed)"
        elif error.code == 404 and detail == "Not Found":
            known = "中心服务器没有推送接口 (no push endpoint there: is it a secsuite server with /api/v1/runs?)"
        else:
            known = ANSWERS.get(error.code, "中心服务器拒绝了推送 (the server refused the push)")
        raise PushError(f"{known}: HTTP {error.code} {detail} ({where})") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, ssl.SSLCertVerificationError):
            raise PushError(f"中心服务器的 TLS 证书校验失败 (TLS certificate not verified: {reason.verify_message}); "
                            f"请用 --push-ca FILE 指定其 CA 证书 (give its CA with --push-ca FILE) ({where})") from None
        raise PushError(f"无法连接中心服务器 (cannot reach the server) {where}: {reason}") from None
    except ValueError:
        raise PushError(f"中心服务器的应答不是 JSON (the server's answer is not JSON) ({where})") from None
    try:
        return Receipt(int(answer["run_id"]), bool(answer["created"]), int(answer["findings"]), list(answer["units"]))
    except (KeyError, TypeError, ValueError):
        raise PushError(f"中心服务器的应答缺少运行编号 (the server's answer names no run) ({where})") from None
