"""Database URLs as they may be shown, logged or stored: never with a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


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


def display_url(url: str | URL) -> str:
    from sqlalchemy.engine import URL, make_url  # loaded on use: start-up time of commands without a store

    parsed = make_url(url)
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False)  # URL.set(password=None) would keep the password
