"""What every command shares: exit codes, the error console, failing with a clear message."""

from __future__ import annotations

from enum import Enum

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

EXIT_FINDINGS = 1
EXIT_INPUT = 2

err_console = Console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


def fail(message: str) -> typer.Exit:
    """Print an error (Chinese first) and return the exit to raise: ``raise fail(...)``."""
    err_console.print(f"[red]错误 (error):[/] {message}", markup=True, highlight=False)
    return typer.Exit(EXIT_INPUT)


def progress_bar(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err_console,
        disable=quiet,
        transient=True,
    )
