"""What every command shares: exit codes, options, the error console, failing with a clear message, and
where the result store is."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.filesize import decimal
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from secsuite.app.run import EXIT_INPUT  # the exit-code contract lives with the use cases
from secsuite.config import Config, setting
from secsuite.i18n import Lang, current_lang
from secsuite.urls import resolve_url

# Messages are never wrapped by rich: a terminal wraps them itself, and a pipe or log keeps each line whole.
err_console = Console(stderr=True, soft_wrap=True)
PLAIN_WIDTH = 10_000


def output_console(file: IO[str] | None = None) -> Console:
    """Rich layout for a terminal; for a pipe or a file (``-o``), plain text, never wrapped, so a
    date or a summary is never split across lines and ``grep`` sees whole rows."""
    if (file or sys.stdout).isatty():
        return Console(file=file)
    return Console(file=file, width=PLAIN_WIDTH, soft_wrap=True, no_color=True, highlight=False, emoji=False)


@contextmanager
def table_output(output: Path | None) -> Iterator[Console]:
    """Where a command's table view goes: the ``-o`` file (its folder made, the file closed when the
    view is written), or standard output."""
    if output is None:
        yield output_console()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
        yield output_console(handle)


class OutputFormat(str, Enum):
    """``table`` and ``json`` are the command's own views; the others are the report's writers over
    the run the command just recorded (see ``secsuite.commands.output``)."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    sarif = "sarif"
    html = "html"
    pdf = "pdf"
    docx = "docx"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table (default), json, csv, xlsx, sarif, html, pdf or docx.")
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to this file.")]
StoreOption = Annotated[
    str | None, typer.Option("--db", help="Result store URL or SQLite file (default ./secsuite.db or $SECSUITE_DB).")
]
NoStoreOption = Annotated[bool, typer.Option("--no-store", help="Do not record the run in the result store.")]
LangOption = Annotated[str | None, typer.Option("--lang", help="zh (default) or en.")]
ConfigOption = Annotated[str | None, typer.Option("--config", help="Config file (default ./secsuite.yaml).")]


def fail(message: str) -> typer.Exit:
    """Print an error (Chinese first) and return the exit to raise: ``raise fail(...)``."""
    err_console.print(f"[red]错误 (error):[/] {message}", markup=True, highlight=False)
    return typer.Exit(EXIT_INPUT)


def _amount(task: Task, value: float) -> str:
    """A count as it reads best: bytes as kB/MB/GB (a task added with ``unit="bytes"``), items plainly."""
    return decimal(int(value)) if task.fields.get("unit") == "bytes" else f"{value:,.0f}"


class DoneColumn(ProgressColumn):
    """Done, of total when known: rows, files, hosts, or the bytes of a streamed file."""

    def render(self, task: Task) -> Text:
        done = _amount(task, task.completed)
        return Text(f"{done}/{_amount(task, task.total)}" if task.total is not None else done, style="progress.download")


class RateColumn(ProgressColumn):
    """Items (rows, files, hosts) or bytes per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{_amount(task, speed)}/s" if speed else "", style="progress.data.speed")


def progress_bar(quiet: bool) -> Progress:
    """Count done (of total when known), rate, elapsed and time left (when the total is known)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DoneColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[current]}"),
        console=err_console,
        disable=quiet,
        transient=True,
    )


def chosen_lang(flag: str | None, config: Config) -> Lang:
    """The output language by precedence: ``--lang``, then $SECSUITE_LANG, then the config file."""
    return current_lang(setting(flag, "SECSUITE_LANG", config.lang))


def store_url(flag: str | None, configured: str | None) -> str:
    """The store URL by precedence: ``--db``, then $SECSUITE_DB, then the config file, then ./secsuite.db."""
    return resolve_url(setting(flag, "SECSUITE_DB", configured))
