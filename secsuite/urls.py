"""Database URLs as they may be shown, logged or stored: never with a password."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


DEFAULT_STORE = "secsuite.db"


def resolve_url(given: str | None = None) -> str:
    """The result store's URL: ``given``, else $SECSUITE_DB, else ./secsuite.db; a bare path is a
    SQLite file. No SQLAlchemy: a command resolves its store before it decides to open it."""
    url = given or os.environ.get("SECSUITE_DB") or DEFAULT_STORE
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def is_database_url(argument: str) -> bool:
    """Whether a scan target is a SQLAlchemy URL (``dialect+driver://...``) rather than a path."""
    if "://" not in argument:
        return False
    from sqlalchemy.engine import make_url  # loaded on use: start-up time of file scans
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(argument)
    except ArgumentError:
        return False
    return True


CREDENTIAL_KEYS = re.compile(r"pass|pwd|secret|token|key|credential|auth", re.IGNORECASE)
"""Query keys whose values may be credentials (password, passwd, pwd, sslpassword, sslkey,
access_token ...): dropped, with the password of the user info, from every URL shown or stored."""


def display_url(url: str | URL) -> str:
    """The URL without its password or credential-bearing query parameters. The user name stays:
    it says which account read the database, and it is part of each table's stable source name."""
    from sqlalchemy.engine import URL, make_url  # loaded on use: start-up time of commands without a store

    parsed = make_url(url)
    query = {k: v for k, v in parsed.query.items() if not CREDENTIAL_KEYS.search(k)}
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, query)
    return bare.render_as_string(hide_password=False)  # URL.set(password=None) would keep the password
