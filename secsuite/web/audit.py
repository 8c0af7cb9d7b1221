"""The audit log (GB/T 22239-2019 8.1.4.3): every login, failure, grant, export and download, with
who, when, from where and the outcome, appended to a hash chain.

Each row's hash is HMAC-SHA256, under a key kept outside the database, of the row's content and the
previous row's hash. Whoever can write the database but not read the key cannot insert, change or
remove a row without ``verify`` noticing; the triggers of the migration refuse UPDATE and DELETE
outright. The key lives in ``$SECSUITE_AUDIT_KEY_FILE`` (default ``~/.config/secsuite/audit.key``,
created on first use, mode 0600); keep it and back it up with the database backups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from secsuite.store.access import AuditEvent
from secsuite.timeutil import DEFAULT_TZ

GENESIS = "0" * 64
RETENTION_DAYS = 183  # 《网络安全法》第二十一条（三）: logs kept at least six months


def key_path() -> Path:
    given = os.environ.get("SECSUITE_AUDIT_KEY_FILE")
    if given:
        return Path(given).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "secsuite" / "audit.key"


def load_key(path: Path | None = None) -> bytes:
    """The HMAC key, created (32 random bytes, owner-only) when the file does not exist yet."""
    path = path or key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def key_id(key: bytes) -> str:
    """Names the key without revealing it, so a row written under another key is told apart."""
    return hashlib.sha256(b"secsuite-audit-key-id" + key).hexdigest()[:16]


@dataclass(frozen=True)
class Actor:
    """Who did it and from where: a user of the web or API, or the command line."""

    name: str | None
    role: str | None = None
    via: str = "cli"
    ip: str | None = None
    user_agent: str | None = None


CLI = Actor(name=None, via="cli")


def _content(event: AuditEvent) -> bytes:
    at = event.at.astimezone(dt.timezone.utc) if event.at.tzinfo else event.at.replace(tzinfo=DEFAULT_TZ)
    fields = [event.seq, at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"), event.actor, event.role,
              event.via, event.ip, event.user_agent, event.action, event.object, event.unit, event.outcome,
              event.detail, event.key_id, event.prev_hash]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _seal(event: AuditEvent, key: bytes) -> str:
    return hmac.new(key, _content(event), hashlib.sha256).hexdigest()


class AuditLog:
    def __init__(self, key: bytes):
        self._key = key
        self._key_id = key_id(key)
        self._intact = (GENESIS, 1)  # the hash and next seq after the rows found intact so far

    def subkey(self, purpose: str, size: int = 16) -> bytes:
        """A key for another secret of the application (the TOTP seeds' SM4 key), derived from this
        one, so it too lives outside the database; the audit key cannot be recovered from it."""
        return hmac.new(self._key, b"secsuite-subkey:" + purpose.encode(), hashlib.sha256).digest()[:size]

    def record(self, session: Session, actor: Actor, action: str, *, outcome: str = "success",
               object: str | None = None, unit: str | None = None, detail: dict[str, Any] | None = None,
               at: dt.datetime | None = None) -> None:
        """Append one event to the caller's transaction. On PostgreSQL the table is locked until
        that transaction ends, so concurrent writers queue instead of forking the chain (which the
        unique ``prev_hash`` would refuse anyway)."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("LOCK TABLE audit_events IN EXCLUSIVE MODE"))
        last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
        event = AuditEvent(
            seq=(last.seq + 1) if last else 1, at=(at or dt.datetime.now(DEFAULT_TZ)).astimezone(DEFAULT_TZ),
            actor=actor.name, role=actor.role, via=actor.via, ip=actor.ip,
            user_agent=(actor.user_agent or "")[:300] or None, action=action, object=object, unit=unit,
            outcome=outcome, detail=detail or {}, key_id=self._key_id, prev_hash=last.hash if last else GENESIS,
            hash="",
        )
        event.hash = _seal(event, self._key)
        session.add(event)
        session.flush()

    def verify(self, session: Session, resume: bool = False) -> list[str]:
        """Every break in the chain, as ``seq N: what is wrong``; empty when the log is intact.
        ``resume`` starts after the last row this object already found intact, so the audit page
        does not re-read months of rows on every view (``secsuite web verify-audit`` reads them all)."""
        problems: list[str] = []
        previous, expected_seq = self._intact if resume else (GENESIS, 1)
        query = select(AuditEvent).where(AuditEvent.seq >= expected_seq).order_by(AuditEvent.seq).execution_options(
            populate_existing=True, yield_per=1000)
        for event in session.scalars(query):
            if event.seq != expected_seq:
                problems.append(f"seq {expected_seq}–{event.seq - 1}: missing")
            if event.prev_hash != previous:
                problems.append(f"seq {event.seq}: does not follow the previous row")
            problems += self.unsealed([event])
            previous, expected_seq = event.hash, event.seq + 1
        if not problems:
            self._intact = (previous, expected_seq)
        return problems

    def unsealed(self, events: list[AuditEvent]) -> list[str]:
        """The rows among ``events`` sealed with another key or changed after they were written."""
        problems = []
        for event in events:
            if event.key_id != self._key_id:
                problems.append(f"seq {event.seq}: sealed with another key ({event.key_id})")
            elif not hmac.compare_digest(event.hash, _seal(event, self._key)):
                problems.append(f"seq {event.seq}: content changed after it was written")
        return problems
