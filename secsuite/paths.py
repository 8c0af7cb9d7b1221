"""Where the data-driven parts (detectors, guides, rubrics, templates) live.

They sit at the top of the repository so auditors can read and review them without opening
Python; ``SECSUITE_HOME`` points elsewhere for an installation that keeps them apart.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_home() -> Path:
    override = os.environ.get("SECSUITE_HOME")
    return Path(override) if override else Path(__file__).resolve().parent.parent


def detectors_dir() -> Path:
    return project_home() / "detectors"


def guides_dir() -> Path:
    return project_home() / "classification_rules"


def reports_dir() -> Path:
    return project_home() / "reports"


def rubrics_dir() -> Path:
    return project_home() / "rubrics"
