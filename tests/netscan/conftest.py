"""Fixtures for the network-scan tests: the loopback servers (started once), the saved scan, an
inventory that files two of the three loopback hosts, and running ``secsuite`` as a user does.

Every address used here is in 127.0.0.0/8.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from secsuite.netscan.tongsuo import TongsuoUnavailable, library
from tests.netscan.loopback import Loopback, start

DATA = Path(__file__).parent / "data"
SAVED_SCAN = DATA / "loopback.xml"
SAVED_AS_OF = "2025-12-31"  # the saved scan's certificates date from 2025-12-01 (loopback.EXAMPLE_NOW)
HOSTS = {"https": "127.0.0.1", "expired": "127.0.0.1", "tls10": "127.0.0.1", "plain": "127.0.0.1",
         "tlcp": "127.0.0.2"}
SYSTEMS = [
    {"单位名称": "市数据局", "系统名称": "门户网站", "等保级别": "第三级", "关键信息基础设施": "否", "主机/IP": "127.0.0.1"},
    {"单位名称": "市公安局", "系统名称": "国密网关", "等保级别": "第二级", "关键信息基础设施": "是", "主机/IP": "127.0.0.2/32"},
]


def secsuite(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "SECSUITE_LANG": "zh", "COLUMNS": "160"}, timeout=timeout)


@pytest.fixture(scope="session")
def loopback(tmp_path_factory) -> Loopback:
    try:
        library()
    except TongsuoUnavailable as exc:  # no tongsuopy wheel for this platform: no TLCP server to start
        pytest.skip(str(exc))
    servers = start(tmp_path_factory.mktemp("pki"), HOSTS)
    yield servers
    servers.close()


@pytest.fixture(scope="session")
def systems_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("inventory") / "systems.yaml"
    path.write_text(yaml.safe_dump(SYSTEMS, allow_unicode=True), encoding="utf-8")
    return path
