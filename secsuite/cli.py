"""The ``secsuite`` command. Exit codes (``secsuite.app.run.exit_code``): 0 everything read and
nothing at or above ``--fail-on``, 1 findings at or above ``--fail-on``, 2 usage or input errors,
even when the rest was processed."""

from __future__ import annotations

from typing import Annotated

import typer

from secsuite import __version__
from secsuite.commands import catalog, check, evaluate, incidents, netscan, scan
from secsuite.commands.report import report
from secsuite.native import keep_freed_memory

app = typer.Typer(
    name="secsuite",
    help="政务/公共数据安全合规套件 — sensitive-data discovery, classification and compliance checks.",
    epilog="退出码 (exit codes): 0 全部读取且无 --fail-on 及以上问题 (everything read, nothing at or above "
    "--fail-on); 1 有 --fail-on 及以上问题 (findings at or above --fail-on); 2 用法或输入错误，即使其余部分已处理 "
    "(usage or input errors: something could not be read or checked, even if the rest was).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def version_callback(value: bool) -> None:
    if value:
        print(f"secsuite {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, show its traceback (values in it masked).")
    ] = False,
) -> None:
    """secsuite: 敏感数据发现与分类分级、等保与密评检查、应急响应与年度考评。"""
    if debug:
        from secsuite.crash import enable_debug

        enable_debug()
    keep_freed_memory()  # this process is ours: see secsuite.native


app.command()(scan.scan)
app.command()(check.check)
app.command()(netscan.netscan)
app.command()(incidents.incidents)
app.command()(evaluate.evaluate)
app.command()(report)
app.command()(catalog.detectors)
app.command()(catalog.guides)
app.command()(catalog.rules)

if __name__ == "__main__":  # pragma: no cover
    app()
