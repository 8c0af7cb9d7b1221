"""Settings precedence: command-line flag > environment variable (SECSUITE_…) > config file > default.

The config file (``--config``, ``$SECSUITE_CONFIG`` or ``./secsuite.yaml``) holds scan options and
rule parameters, so the values the sources leave open can be changed without touching code:

    scan: {sample_rows: 5000, max_cell_bytes: 2097152}
    guide: js-public-data
    rules:
      DATA-NOT-CATALOGUED: {min_level: L4}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field

from secsuite.errors import ConfigError
from secsuite.schema import Strict, load_yaml_model

DEFAULT_CONFIG = Path("secsuite.yaml")


class ScanConfig(Strict):
    sample_rows: int = Field(default=2000, ge=10)
    max_cell_bytes: int = Field(default=1 << 20, ge=1024)
    seed: int = 0


class Config(Strict):
    scan: ScanConfig = ScanConfig()
    guide: str | None = None
    db: str | None = None
    lang: str | None = None
    rules: dict[str, dict[str, Any]] = {}


def load_config(path: str | None) -> Config:
    chosen = path or os.environ.get("SECSUITE_CONFIG")
    if chosen:
        if not Path(chosen).is_file():
            raise ConfigError(f"config file not found: {chosen}")
        return load_yaml_model(Path(chosen), Config)
    if DEFAULT_CONFIG.is_file():
        return load_yaml_model(DEFAULT_CONFIG, Config)
    return Config()


def setting(flag: Any, env: str, configured: Any, default: Any = None) -> Any:
    """Resolve one setting by precedence: flag, then $env, then the config file, then default."""
    if flag is not None:
        return flag
    if os.environ.get(env):
        return os.environ[env]
    return configured if configured is not None else default
