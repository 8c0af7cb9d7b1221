"""``secsuite config init`` writes the commented sample config file; ``secsuite config show`` prints
every setting in effect and where it came from (environment, config file or default)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from secsuite.commands.common import ConfigOption, fail, output_console
from secsuite.config import DEFAULT_CONFIG, load_config
from secsuite.errors import ConfigError
from secsuite.paths import reports_dir
from secsuite.schema import read_yaml

# The settings an environment variable can give (the flag names are in each command's --help).
ENVIRONMENT = {
    "db": "SECSUITE_DB", "lang": "SECSUITE_LANG", "guide": "SECSUITE_GUIDE",
    "scan.sample_rows": "SECSUITE_SAMPLE_ROWS", "scan.max_cell_bytes": "SECSUITE_MAX_CELL_BYTES",
    "netscan.ports": "SECSUITE_NETSCAN_PORTS", "netscan.host_timeout": "SECSUITE_NETSCAN_HOST_TIMEOUT",
    "netscan.timeout": "SECSUITE_NETSCAN_TIMEOUT",
}

config_app = typer.Typer(help="配置文件：生成带注释的样例、查看生效设置 (the config file: a commented sample, the settings in effect).",
                         no_args_is_help=True)


def sample_text() -> str:
    return (reports_dir() / "secsuite.sample.yaml").read_text(encoding="utf-8")


@config_app.command("init")
def init(
    path: Annotated[Path, typer.Argument(help="Where to write it (default ./secsuite.yaml).")] = DEFAULT_CONFIG,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """写出带注释的配置样例，列出每个键、默认值与对应的环境变量和参数 (write the commented sample)."""
    if path.exists() and not force:
        raise fail(f"{path} 已存在，未覆盖；用 --force 覆盖 (already exists, not overwritten; --force to overwrite)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_text(), encoding="utf-8")
    print(path)


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and (not prefix or prefix in {"scan", "netscan", "monitor", "paths", "report"}):
        return {key: item for name, inner in value.items() for key, item in _flat(inner, f"{prefix}{'.' if prefix else ''}{name}").items()}
    return {prefix: value}


@config_app.command("show")
def show(config_path: ConfigOption = None) -> None:
    """打印生效的设置及其来源：环境变量、配置文件或默认值 (the settings in effect and where each came from)."""
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    chosen = config_path or os.environ.get("SECSUITE_CONFIG")
    file = Path(chosen) if chosen else DEFAULT_CONFIG
    in_file = _flat(read_yaml(file.read_text(encoding="utf-8")) or {}) if file.is_file() else {}
    table = Table(title=f"生效设置 (settings in effect) — {file if file.is_file() else '无配置文件 (no config file)'}",
                  title_justify="left")
    for heading in ("键 key", "值 value", "来源 source"):
        table.add_column(heading, overflow="fold")
    for key, value in _flat(config.model_dump(mode="json")).items():
        env = ENVIRONMENT.get(key)
        if env and os.environ.get(env):
            value, source = os.environ[env], f"环境变量 env {env}"
        elif key in in_file:
            source = f"配置文件 file {file}"
        else:
            source = "默认 default"
        table.add_row(key, str(value), source)
    output_console().print(table)

