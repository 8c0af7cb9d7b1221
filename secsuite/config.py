"""Settings precedence: command-line flag > environment variable (SECSUITE_…) > config file > default.

The config file (``--config``, ``$SECSUITE_CONFIG`` or ``./secsuite.yaml``) holds scan options and
rule parameters, so the values the sources leave open can be changed without touching code:

    scan: {sample_rows: 5000, max_cell_bytes: 2097152}
    guide: js-public-data
    rules:
      DATA-NOT-CATALOGUED: {min_level: L4}
    paths:                       # local content beside the bundled one (relative to this file)
      guides: [rules/guides]     # a province's own guide
      rubrics: [rules/rubrics]   # a city's rubric
      detectors: [rules/detectors]
      rules: [rules/packs]       # packs named after a bundled pack: their rules replace the bundled ones
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field

from secsuite.errors import ConfigError
from secsuite.paths import KINDS, use_local_dirs
from secsuite.schema import Strict, load_yaml_model

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


class Config(Strict):
    scan: ScanConfig = ScanConfig()
    netscan: NetscanConfig = NetscanConfig()
    monitor: MonitorConfig = MonitorConfig()
    guide: str | None = None
    db: str | None = None
    lang: str | None = None
    rules: dict[str, dict[str, Any]] = {}
    paths: LocalPaths = LocalPaths()


def load_config(path: str | None) -> Config:
    """The config file in effect, or the defaults. Its ``paths:`` take effect for the kinds no
    ``--detectors-dir`` … flag named."""
    chosen = path or os.environ.get("SECSUITE_CONFIG")
    if chosen and not Path(chosen).is_file():
        raise ConfigError(f"config file not found: {chosen}")
    file = Path(chosen) if chosen else DEFAULT_CONFIG
    if not file.is_file():
        return Config()
    config = load_yaml_model(file, Config)
    base = file.resolve().parent
    for kind in KINDS:
        directories = [base / directory for directory in getattr(config.paths, kind)]
        for directory in directories:
            if not directory.is_dir():
                raise ConfigError(f"{file}: paths.{kind}: directory {directory} does not exist")
        if directories:
            use_local_dirs(kind, directories)
    return config


def setting(flag: Any, env: str, configured: Any, default: Any = None) -> Any:
    """Resolve one setting by precedence: flag, then $env, then the config file, then default."""
    if flag is not None:
        return flag
    if os.environ.get(env):
        return os.environ[env]
    return configured if configured is not None else default
