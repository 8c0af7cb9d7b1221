import os
import platform
import subprocess
import sys

import pytest

from secsuite import native


def test_environment_is_set_but_a_users_own_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLARS_MAX_THREADS", "4")
    monkeypatch.delenv("MIMALLOC_ALLOW_THP", raising=False)
    native.set_environment()
    assert os.environ["POLARS_MAX_THREADS"] == "4"
    assert os.environ["MIMALLOC_ALLOW_THP"] == "0"


def test_pyarrow_allocator_reads_the_setting_when_it_loads() -> None:
    """secsuite is imported (conftest, the CLI) before pyarrow, so mimalloc starts without huge pages."""
    code = "import secsuite, pyarrow as pa; pa.allocate_buffer(1 << 20)"
    env = {k: v for k, v in os.environ.items() if k != "MIMALLOC_ALLOW_THP"} | {"MIMALLOC_VERBOSE": "1"}
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    if "allow_thp" not in shown.stderr:
        pytest.skip("pyarrow is not built with mimalloc here")
    assert "option 'allow_thp': 0" in shown.stderr


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_keeps_freed_memory() -> None:
    assert native.keep_freed_memory() is True
