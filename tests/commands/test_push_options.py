"""``--push`` and its options on each of the four commands, refused before any work when they
cannot be used: nothing read, nothing recorded, exit 2 with the reason."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from tests.conftest import EXAMPLES

COMMANDS = {
    "scan": ["scan", str(EXAMPLES / "data" / "公安")],
    "check": ["check", str(EXAMPLES / "systems.xlsx")],
    "netscan": ["netscan", "--from-xml", str(EXAMPLES / "netscan" / "127.0.0.1.xml")],
    "incidents": ["incidents", str(EXAMPLES / "incidents.xlsx")],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("options", "env", "message"), [
    (["--push-ca", "ca.pem"], {}, "--push-ca need --push URL"),
    (["--push", "https://central.example.gov.cn"], {}, "SECSUITE_PUSH_TOKEN"),
    (["--push", "http://central.example.gov.cn"], {"SECSUITE_PUSH_TOKEN": "sst_x"}, "明文 HTTP"),
])
def test_unusable_push_options_stop_the_command_first(tmp_path, command, options, env, message):
    store = tmp_path / "store.db"
    result = CliRunner().invoke(app, [*COMMANDS[command], *options, "--db", f"sqlite:///{store}"],
                                env={"SECSUITE_PUSH_TOKEN": ""} | env)
    assert result.exit_code == 2 and message in result.output
    assert not store.exists()
