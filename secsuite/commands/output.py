"""The one output layer of every findings-producing command: the options that choose what is shown
(suppressions, ``--severity``, ``--rules``, ``--skip-rules``, ``--unit``), what fails the run
(``--fail-on``), and every file format.

``table`` and ``json`` are each command's own views. ``csv``, ``xlsx``, ``sarif`` and ``html`` are
the report's writers applied to the run the command just recorded, so ``secsuite scan --format
sarif`` and ``secsuite report --format sarif`` say the same things in the same shape. With
``--no-store`` such a run is recorded in a temporary store that is deleted afterwards.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from secsuite.commands.common import OutputFormat, err_console, fail
from secsuite.errors import ConfigError, StoreError, UsageError
from secsuite.filters import SEVERITY_HELP, FindingFilter, FindingSelection, parse_severity, select_findings
from secsuite.findings import Finding, Severity, at_or_above
from secsuite.i18n import Lang
from secsuite.suppress import Suppressions, load_suppressions

if TYPE_CHECKING:
    from secsuite.app.push import PushTarget
    from secsuite.report.masthead import Masthead
    from secsuite.report.store_view import ReportData

REPORT_FORMATS = (OutputFormat.csv, OutputFormat.xlsx, OutputFormat.sarif, OutputFormat.html, OutputFormat.pdf,
                  OutputFormat.docx)

SeverityOption = Annotated[
    list[str] | None,
    typer.Option("--severity", help=f"Only findings of these severities ({SEVERITY_HELP}); repeat or use commas."),
]
RulesOption = Annotated[
    list[str] | None, typer.Option("--rules", help="Only findings of these rules (globs such as NET-*); repeatable.")
]
SkipRulesOption = Annotated[
    list[str] | None, typer.Option("--skip-rules", help="Leave out findings of these rules (globs); repeatable.")
]
UnitsOption = Annotated[list[str] | None, typer.Option("--unit", help="Only findings of this unit; repeatable.")]
IgnoreFileOption = Annotated[
    Path | None,
    typer.Option("--ignore-file", help="Suppression file (default ./.secsuite-ignore.yaml when present)."),
]
FailOnOption = Annotated[
    str | None, typer.Option("--fail-on", help=f"Exit 1 on unmuted findings of this severity or above ({SEVERITY_HELP}).")
]
PushOption = Annotated[
    str | None,
    typer.Option("--push", help="Also send the results to the central secsuite server at this URL (https://…); "
                 "the local results are kept whatever happens."),
]
PushTokenFileOption = Annotated[
    Path | None,
    typer.Option("--push-token-file", help="File holding the API token for --push (default $SECSUITE_PUSH_TOKEN)."),
]
PushCaOption = Annotated[
    Path | None, typer.Option("--push-ca", help="CA certificates (PEM) that verify the --push server (default: the system's).")
]


@dataclass
class Shown:
    """What a command shows and counts, from its options: checked before the work starts, so a
    typo in a severity or a malformed suppression file costs nothing."""

    keep: FindingFilter = field(default_factory=FindingFilter)
    suppressions: Suppressions = field(default_factory=Suppressions)
    fail_on: Severity | None = None
    ignore_file: Path | None = None

    @classmethod
    def parse(cls, severity: list[str] | None, rules: list[str] | None, skip_rules: list[str] | None,
              units: list[str] | None, ignore_file: Path | None, fail_on: str | None) -> Shown:
        """Raises typer.Exit(2) with the message for a bad value or suppression file."""
        try:
            return cls(FindingFilter.parse(severity, rules, skip_rules, units), load_suppressions(ignore_file),
                       parse_severity(fail_on, "--fail-on") if fail_on else None, ignore_file)
        except (ValueError, ConfigError) as exc:
            raise fail(str(exc)) from None

    def select(self, findings: list[Finding], as_of: dt.date, lang: Lang) -> FindingSelection:
        """The findings to show, muted ones marked; expired suppression entries are told on stderr."""
        from secsuite.report.texts import Texts  # labels.yaml loads on use: start-up time

        t = Texts(lang)
        selection = select_findings(findings, as_of, self.suppressions, self.keep, t("mute_until"))
        for expired in selection.expired:
            err_console.print(f"[yellow]{escape(t('suppression_expired', entry=expired.entry.describe(expired.number), file=selection.source, reason=expired.entry.reason, n=expired.findings))}[/]",
                              highlight=False)
        return selection

    def failing(self, findings: list[Finding]) -> bool:
        """Unmuted findings at or above ``--fail-on`` among those shown."""
        return self.fail_on is not None and bool(at_or_above(findings, self.fail_on))


@contextmanager
def run_store(output_format: OutputFormat, configured: str | None) -> Iterator[str | None]:
    """The store the run is recorded in: the configured one, or with ``--no-store`` (None) a
    temporary one when the format is written from the recorded run."""
    if configured is not None or output_format not in REPORT_FORMATS:
        yield configured
        return
    with tempfile.TemporaryDirectory(prefix="secsuite-run-") as folder:
        yield f"sqlite:///{Path(folder) / 'run.db'}"


def render(fmt: OutputFormat, data: ReportData, lang: Lang, rules: Mapping[str, Mapping[str, Any]],
           head: Masthead | None = None) -> str | bytes:
    """One of the report's files; each writer (jinja2, openpyxl, python-docx, Chromium) loads only
    when asked for: start-up time."""
    from secsuite.report.texts import Texts

    t = Texts(lang)
    if fmt in (OutputFormat.html, OutputFormat.pdf):
        from secsuite.report.html import render_html

        page = render_html(data, lang, rules, head)
        if fmt is OutputFormat.html:
            return page
        from secsuite.report.pdf import print_pdf

        return print_pdf(page)
    if fmt is OutputFormat.docx:
        from secsuite.report.docx import report_docx

        return report_docx(data, t, head)
    if fmt is OutputFormat.xlsx:
        from secsuite.report.xlsx import report_xlsx

        return report_xlsx(data, t)
    if fmt is OutputFormat.csv:
        from secsuite.report.exports import findings_csv

        return findings_csv(data)
    if fmt is OutputFormat.json:
        from secsuite.report.exports import report_json

        return report_json(data)
    from secsuite.report.sarif import report_sarif

    return report_sarif(data, lang, t)


def write_run(fmt: OutputFormat, run_id: int | None, url: str | None, shown: Shown, lang: Lang,
              output: Path | None, rules: Mapping[str, Mapping[str, Any]]) -> None:
    """Write the recorded run ``run_id`` in ``fmt`` to ``output`` (stdout without one)."""
    from secsuite.app.report import ReportJob, report_data

    if run_id is None or url is None:
        raise fail(f"--format {fmt.value}: the run was not recorded")
    try:
        data = report_data(ReportJob(year=0, as_of=dt.date.min, store_url=url, lang=lang, run=run_id,
                                     ignore_file=shown.ignore_file, keep=shown.keep))
    except (ConfigError, ValueError, StoreError) as exc:
        raise fail(str(exc)) from None
    try:
        write(render(fmt, data, lang, rules), output)
    except UsageError as exc:
        raise fail(str(exc)) from None


def write(content: str | bytes, output: Path | None) -> None:
    """To the file, or to stdout; a workbook, PDF or DOCX goes to stdout only when it is redirected."""
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8", newline="")
        return
    if isinstance(content, bytes):
        if sys.stdout.isatty():
            raise fail("--format xlsx/pdf/docx 需要 -o 文件 (needs -o FILE when stdout is a terminal)")
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)


def push_target(url: str | None, token_file: Path | None, ca: Path | None) -> PushTarget | None:
    """``--push`` and its token and CA, checked before the work starts (None without ``--push``)."""
    if url is None:
        if token_file is not None or ca is not None:
            raise fail("--push-token-file 和 --push-ca 只用于 --push URL (--push-token-file and --push-ca need --push URL)")
        return None
    from secsuite.app.push import PushError  # HTTP and TLS load only for a push: start-up time
    from secsuite.app.push import push_target as target

    try:
        return target(url, token_file, ca)
    except PushError as exc:
        raise fail(str(exc)) from None


def send(target: PushTarget | None, kind: str, document: Mapping[str, Any], quiet: bool) -> None:
    """Push the run's document, after its local results are written: a failure exits 2 and says so."""
    if target is None:
        return
    from secsuite.app.push import PushError, push

    try:
        receipt = push(target, kind, document)
    except PushError as exc:
        raise fail(f"推送失败，本地结果已保留 (push failed; the local results are kept): {exc}") from None
    if not quiet:
        again = "；此结果此前已推送，未重复记录 (pushed before: recorded once)" if not receipt.created else ""
        err_console.print(f"已推送至 {escape(target.url)}：中心运行 #{receipt.run_id}，{receipt.findings} 条问题{again} "
                          f"(pushed: central run {receipt.run_id}, {receipt.findings} findings)", highlight=False)
