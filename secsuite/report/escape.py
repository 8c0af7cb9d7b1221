"""Names from the data (files, columns, units, systems) made harmless for each place they are shown.

A name is whatever a unit typed or a file was called: ``[bold red]`` is rich markup to a terminal,
``=HYPERLINK(…)`` a live formula to Excel, ``$x$`` mathtext to matplotlib, and an ESC or an OSC
sequence rewrites the terminal itself. Each sink has one function here, and every renderer passes
text from the data through it; the visible text stays what was typed, control characters shown as
``\\x1b``-style escapes.
"""

from __future__ import annotations

import re

from rich.markup import escape as _rich_escape

# C0 and C1 controls and DEL; newline and tab are layout in messages and stay in multi-line text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Leading characters a spreadsheet reads as the start of a formula or DDE call (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def visible(text: str, keep_newlines: bool = True) -> str:
    """``text`` with control characters written out (``\\x1b``), so none reaches a device."""
    pattern = _CONTROL if keep_newlines else _CONTROL_ALL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def terminal(text: object) -> str:
    """For a rich console: markup escaped, control characters (ANSI, OSC 8 links) made visible."""
    return _rich_escape(visible(str(text)))


def spreadsheet(text: str) -> str:
    """For a CSV cell: control characters visible, and a leading formula character neutralised by
    the single quote OWASP recommends (Excel and WPS then show the cell as the text typed)."""
    shown = visible(text, keep_newlines=True)
    return "'" + shown if text.startswith(FORMULA_START) else shown


def workbook(text: str) -> str:
    """For an XLSX cell written as a string: only the characters XML 1.0 cannot hold are written out
    (a formula is not one once the cell is typed as text; see ``report.xlsx``)."""
    return visible(text, keep_newlines=True)


def chart(text: object) -> str:
    """For a matplotlib label: ``$`` taken literally (no mathtext), controls visible, one line."""
    return visible(str(text), keep_newlines=False).replace("$", r"\$")
