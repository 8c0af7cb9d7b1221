"""Redaction of text that may carry data: names taken from the data, and error messages.

A column or file name comes from whoever made the file: a headerless export makes the first row's
ID number a column name, and a clerk may name a file after a person's phone number. An exception
raised while reading may quote the cell it choked on. None of that may reach a terminal, the store
or a report raw, so:

* :func:`mask_sensitive` masks each part of a name that *validates* as an identifier (check digit,
  prefix table, Luhn), keeping ordinary names such as ``2023年`` or ``表1`` readable;
* :func:`redact_message` is stricter, for text we did not write (exception messages): it also
  masks every quoted string and every run of six or more digits, validated or not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from secsuite.masking import mask, mask_email

_CANDIDATES = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9A-HJ-NP-RTUWXY]{18}|(?:\+?86)?1[3-9][0-9]{9}|[0-9]{15,19})(?![0-9A-Za-z])"
)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-/])[A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9])")
"""An e-mail address, but not the user info of a URL (``postgresql://user@host``)."""
_QUOTED = re.compile(r"'([^'\n]{2,})'|\"([^\"\n]{2,})\"")
_DIGIT_RUN = re.compile(r"[0-9][0-9 \-]{4,}[0-9Xx]")
_VALIDATORS = ("cn_resident_id", "cn_mobile", "luhn", "cn_uscc")
_PERSONAL = _VALIDATORS[:3]


@lru_cache(maxsize=4096)
def _validates(candidate: str, validators: tuple[str, ...] = _VALIDATORS) -> bool:
    import polars as pl  # loaded on use: commands that never mask start faster

    from secsuite.detect.validators import VALIDATORS
    from secsuite.timeutil import today

    core = candidate.removeprefix("+86").removeprefix("86") if len(candidate) > 11 else candidate
    values = pl.Series("v", [core.upper()])
    return any(bool(VALIDATORS[name](values, today())[0]) for name in validators)


def _masked(match: re.Match[str]) -> str:
    return mask(match.group(0), "chars", 3, 4)


def mask_sensitive(name: str) -> str:
    """``name`` with every part that validates as an identifier or looks like an e-mail masked."""
    if not name:
        return name
    name = _EMAIL.sub(lambda m: mask_email(m.group(0)), name)
    return _CANDIDATES.sub(lambda m: _masked(m) if _validates(m.group(0)) else m.group(0), name)


def holds_identifier(text: str) -> bool:
    """Whether ``text`` holds a person's identifier that validates (ID number, mobile, bank card).
    Unlike :func:`is_sensitive`, an e-mail address or an organisation's credit code is no reason:
    a certificate's subject, quoted by the network findings, carries them in the open."""
    return any(_validates(match.group(0), _PERSONAL) for match in _CANDIDATES.finditer(text))


def is_sensitive(name: str) -> bool:
    """Whether ``name`` holds (or is) a value that validates as an identifier."""
    return mask_sensitive(name) != name


def _quoted(match: re.Match[str]) -> str:
    quote = match.group(0)[0]
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    return f"{quote}{mask(inner, 'chars', 1, 1)}{quote}"


def redact_message(text: str) -> str:
    """An exception message safe to show: quoted strings, digit runs and e-mails masked."""
    text = mask_sensitive(text)
    text = _QUOTED.sub(_quoted, text)
    return _DIGIT_RUN.sub(_masked, text)
