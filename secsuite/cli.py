"""The ``secsuite`` command. Exit codes (``secsuite.app.run.exit_code``): 0 everything read and
nothing at or above ``--fail-on``, 1 findings at or above ``--fail-on``, 2 usage or input errors,
even when the rest was processed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from secsuite import paths
from secsuite.commands import catalog, check, evaluate, incidents, monitor, netscan, scan, template, web
from secsuite.commands.configure import config_app
from secsuite.commands.report import report
from secsuite.commands.runs import runs_app
from secsuite.native import keep_freed_memory

app = typer.Typer(
    name="secsuite",
    help="政务/公共数据安全合规套件 — sensitive-data discovery, classification and compliance checks.",
    epilog="退出码 (exit codes): 0 全部读取且无 --fail-on 及以上问题 (everything read, nothing at or above "
    "--fail-on); 1 有 --fail-on 及以上问题 (findings at or above --fail-on); 2 用法或输入错误，即使其余部分已处理 "
    "(usage or input errors: something could not be read or checked, even if the rest was).",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
)


def _local_dirs(kind: paths.Kind, flag: str, what: str) -> object:
    return typer.Option(flag, help=f"Directory of local {what} (*.yaml), validated like the bundled ones; one with "
                        f"a bundled id replaces it. Repeatable; overrides paths.{kind} of the config file.",
                        file_okay=False, exists=True)


@app.callback(invoke_without_command=True)
def main(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and the rule content, and exit.")] = False,
    detectors_dir: Annotated[list[Path] | None, _local_dirs("detectors", "--detectors-dir", "detector specs")] = None,
    guides_dir: Annotated[list[Path] | None, _local_dirs("guides", "--guides-dir", "classification guides")] = None,
    rubrics_dir: Annotated[list[Path] | None, _local_dirs("rubrics", "--rubrics-dir", "evaluation rubrics")] = None,
    rules_dir: Annotated[list[Path] | None, _local_dirs("rules", "--rules-dir", "rule packs")] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, show its traceback (values in it masked).")
    ] = False,
) -> None:
    """secsuite: 敏感数据发现与分类分级、等保与密评检查、应急响应与年度考评。"""
    if debug:
        from secsuite.crash import enable_debug

        enable_debug()
    keep_freed_memory()  # this process is ours: see secsuite.native
    paths.reset_local_dirs()
    given = {"detectors": detectors_dir, "guides": guides_dir, "rubrics": rubrics_dir, "rules": rules_dir}
    for kind, directories in given.items():
        if directories:
            paths.use_local_dirs(kind, directories, from_flags=True)
    if version:
        from secsuite.commands.common import fail
        from secsuite.errors import ConfigError
        from secsuite.provenance import version_text

        try:
            print(version_text())
        except ConfigError as exc:
            raise fail(str(exc)) from None
        raise typer.Exit()
    if context.invoked_subcommand is None:
        print(context.get_help())
        raise typer.Exit(2)


app.command()(scan.scan)
app.command()(check.check)
app.command()(netscan.netscan)
app.command()(incidents.incidents)
app.command()(evaluate.evaluate)
app.command()(report)
app.command()(catalog.detectors)
app.command()(catalog.guides)
app.command()(catalog.rules)
app.command()(template.template)
app.command()(web.serve)
app.add_typer(web.users_app, name="users")
app.add_typer(web.web_app, name="web")
app.add_typer(monitor.app)
app.command()(monitor.diff)
app.add_typer(config_app, name="config")
app.add_typer(runs_app, name="runs")

if __name__ == "__main__":  # pragma: no cover
    app()
