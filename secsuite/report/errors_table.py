"""Input errors as a terminal table: each names its file, row and field, Chinese first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from secsuite.errors import InputError
from secsuite.i18n import Lang
from secsuite.report.escape import terminal

TITLE = {"zh": "输入错误", "en": "Input errors"}
HEADING = {"zh": "错误", "en": "Error"}


def render_errors(errors: Sequence[InputError], console: Console, lang: Lang) -> None:
    if not errors:
        return
    table = Table(title=f"{TITLE[lang]} ({len(errors)})", title_style="bold red")
    table.add_column(HEADING[lang], overflow="fold")
    for error in errors:
        table.add_row(terminal(str(error)))
    console.print(table)
