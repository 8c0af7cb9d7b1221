"""Settings precedence: command-line flag > environment variable (SECSUITE_…) > config file > default.

The config file (``--config``, ``$SECSUITE_CONFIG`` or ``./secsuite.yaml``) holds scan options and
rule parameters, so the values the sources leave open can be changed without touching code. Every
key is documented in the commented sample ``secsuite config init`` writes
(``reports/secsuite.sample.yaml``); ``secsuite config show`` prints what is in effect and why.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from secsuite.errors import ConfigError
from secsuite.paths import KINDS, use_local_dirs
from secsuite.schema import Strict, read_yaml

DEFAULT_CONFIG = Path("secsuite.yaml")


class ScanConfig(Strict):
    sample_rows: int = Field(default=2000, ge=10)
    max_cell_bytes: int = Field(default=1 << 20, ge=1024)
    seed: int = 0
    table_timeout: float = Field(default=600.0, gt=0)


class NetscanConfig(Strict):
    """``secsuite netscan``: the flags --ports, --host-timeout and --timeout override the first three."""

    ports: str = "top-1000"
    host_timeout: str = "10m"
    timeout: str = "1h"
    max_hosts: int = Field(default=1024, ge=1)
    host_group: int = Field(default=256, ge=1)
    version_intensity: int = Field(default=7, ge=0, le=9)
    probe_timeout: float = Field(default=5.0, gt=0)
    probe_workers: int = Field(default=8, ge=1, le=64)
    tlcp: str = Field(default="auto", pattern="^(auto|all|off)$")
    nmap_path: str | None = None


class SmtpConfig(Strict):
    """Where monitoring's e-mail alerts go out; the password is read from ``password_env``."""

    host: str = "localhost"
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = "secsuite@localhost"
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None
    timeout: float = Field(default=30.0, gt=0)


class MonitorConfig(Strict):
    """``secsuite monitor``: remediation days per severity (DefectDojo's SLA defaults), the full
    re-read of unchanged files every ``reread_every`` runs, the first retry's back-off, SMTP."""

    sla_days: dict[str, int] = {"critical": 7, "high": 30, "medium": 90, "low": 120}
    reread_every: int = Field(default=10, ge=1)
    backoff_minutes: float = Field(default=5.0, gt=0)
    smtp: SmtpConfig = SmtpConfig()


class LocalPaths(Strict):
    """Local content directories, each validated like the bundled folder of its kind."""

    detectors: list[Path] = []
    guides: list[Path] = []
    rubrics: list[Path] = []
    rules: list[Path] = []


class ReportConfig(Strict):
    """The masthead of ``secsuite report``: what a leader signs. ``--title``, ``--issuer``,
    ``--number`` and ``--date`` override each; ``title`` may use {year} and {unit}."""

    title: str | None = None
    issuer: str | None = None
    number: str | None = None
    date: str | None = None


class Config(Strict):
    scan: ScanConfig = ScanConfig()
    netscan: NetscanConfig = NetscanConfig()
    monitor: MonitorConfig = MonitorConfig()
    guide: str | None = None
    db: str | None = None
    lang: str | None = None
    rules: dict[str, dict[str, Any]] = {}
    paths: LocalPaths = LocalPaths()
    report: ReportConfig = ReportConfig()


def load_config(path: str | None) -> Config:
    """The config file in effect, or the defaults. Its ``paths:`` take effect for the kinds no
    ``--detectors-dir`` … flag named."""
    chosen = path or os.environ.get("SECSUITE_CONFIG")
    if chosen and not Path(chosen).is_file():
        raise ConfigError(f"config file not found: {chosen}")
    file = Path(chosen) if chosen else DEFAULT_CONFIG
    if not file.is_file():
        return Config()
    config = _parse(file)
    base = file.resolve().parent
    for kind in KINDS:
        directories = [base / directory for directory in getattr(config.paths, kind)]
        for directory in directories:
            if not directory.is_dir():
                raise ConfigError(f"{file}: paths.{kind}: directory {directory} does not exist")
        if directories:
            use_local_dirs(kind, directories)
    return config


def _parse(file: Path) -> Config:
    try:
        raw = read_yaml(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{file}: 无法读取配置文件 (cannot read the config file): {exc}") from None
    try:
        return Config.model_validate(raw or {})
    except ValidationError as exc:
        raise ConfigError(f"{file}: " + "；".join(explain(error) for error in exc.errors(include_url=False))) from None


def explain(error: Any) -> str:
    """One validation error, Chinese first, naming the key and, for an unknown key, the keys allowed there."""
    location = [str(part) for part in error["loc"]]
    key = ".".join(location) or "(top)"
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(_allowed(location[:-1]))
        return f"未知配置项 {key}，此处允许的键：{allowed} (unknown key {key}; allowed keys: {allowed})"
    if error["type"] == "model_type":
        return f"配置项 {key} 应为映射 (key {key} must be a mapping of keys to values)"
    return f"配置项 {key} 取值无效：{error['msg']} (invalid value for {key}: {error['msg']})"


def _allowed(parent: list[str]) -> list[str]:
    model: type[BaseModel] = Config
    for part in parent:
        annotation = model.model_fields[part].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)


def setting(flag: Any, env: str, configured: Any, default: Any = None) -> Any:
    """Resolve one setting by precedence: flag, then $env, then the config file, then default."""
    if flag is not None:
        return flag
    if os.environ.get(env):
        return os.environ[env]
    return configured if configured is not None else default
