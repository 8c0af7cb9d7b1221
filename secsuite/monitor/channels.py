"""Where alerts go: SMTP e-mail, and a JSON webhook signed with HMAC-SHA256 (the key from an
environment variable). The signature covers ``timestamp.body`` so a receiver can refuse replays:
``X-Secsuite-Timestamp`` (Unix seconds) and ``X-Secsuite-Signature: sha256=<hex>``. The body also
carries ``msgtype``/``text``, the shape chat robots (钉钉, 企业微信) read."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import smtplib
import urllib.request
from email.message import EmailMessage
from typing import Any

from secsuite.config import SmtpConfig

SIGNATURE_HEADER = "X-Secsuite-Signature"
TIMESTAMP_HEADER = "X-Secsuite-Timestamp"
WEBHOOK_TIMEOUT = 15.0


class DeliveryError(RuntimeError):
    """An alert that could not be delivered; kept for the next attempt."""


def send_email(smtp: SmtpConfig, recipients: list[str], subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, ", ".join(recipients), subject
    message.set_content(body, charset="utf-8")
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.username:
                client.login(smtp.username, os.environ.get(smtp.password_env or "", ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP {smtp.host}:{smtp.port}: {type(exc).__name__}: {exc}") from None


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def post_webhook(url: str, secret: str | None, payload: dict[str, Any], moment: dt.datetime) -> None:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    timestamp = int(moment.timestamp())
    headers = {"Content-Type": "application/json; charset=utf-8", TIMESTAMP_HEADER: str(timestamp)}
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, timestamp, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            response.read()
    except OSError as exc:  # URLError and HTTPError are OSErrors; the URL (it may hold a token) stays out
        raise DeliveryError(f"webhook: {type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
