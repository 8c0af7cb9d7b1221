"""Shared fixtures: the bundled example, a fixed as-of date, and loaded detectors and guide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from secsuite.classify.guide import load_guide
from secsuite.detect.spec import load_specs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="session")
def specs():
    return load_specs()


@pytest.fixture(scope="session")
def guide():
    return load_guide(None)


@pytest.fixture(scope="session")
def as_of() -> dt.date:
    return AS_OF
