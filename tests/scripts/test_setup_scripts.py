"""The set-up scripts a newcomer runs first: what they say when something is missing or wrong."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

BASH = "/bin/bash"


def _fake_bin(folder: Path, **scripts: str) -> Path:
    folder.mkdir()
    for name, body in scripts.items():
        path = folder / name
        path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    return folder


def test_test_services_lists_what_is_missing_without_root(tmp_path: Path) -> None:
    """A user who is not root, with no sudo and none of the tools on PATH, learns each missing piece."""
    fake = _fake_bin(tmp_path / "bin", id="echo 1000")
    done = subprocess.run([BASH, str(ROOT / "scripts" / "test-services.sh")], capture_output=True, text=True,
                          env={"PATH": str(fake), "HOME": str(tmp_path)})
    assert done.returncode == 1
    for needed in ("nmap", "openssl", "openjdk-17-jre-headless", "PostgreSQL on 127.0.0.1:5432",
                   "MariaDB on 127.0.0.1:3306"):
        assert needed in done.stderr, done.stderr


@pytest.mark.parametrize(("args", "expected"), [(["tests"], "unknown extra 'tests'"), (["dev", "gpu"], "'gpu'")])
def test_bootstrap_rejects_an_unknown_extra_before_touching_anything(tmp_path: Path, args: list[str],
                                                                    expected: str) -> None:
    copy = tmp_path / "checkout"
    (copy / "scripts").mkdir(parents=True)
    (copy / "scripts" / "bootstrap.sh").write_bytes((ROOT / "scripts" / "bootstrap.sh").read_bytes())
    done = subprocess.run([BASH, str(copy / "scripts" / "bootstrap.sh"), *args], capture_output=True, text=True,
                          env=os.environ | {"PYTHON": "false"})
    assert done.returncode == 2 and expected in done.stderr
    assert not (copy / ".venv").exists()
