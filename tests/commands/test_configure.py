"""``secsuite config init|show`` and the config file's errors: the sample documents every key and
loads as the defaults; a wrong key is named with the keys allowed there, Chinese first."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.commands.configure import _flat, sample_text
from secsuite.config import Config, load_config
from secsuite.schema import read_yaml

ENV = {"COLUMNS": "200"}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_sample_that_documents_every_key_and_loads_as_the_defaults(tmp_path):
    target = tmp_path / "secsuite.yaml"
    assert run("config", "init", str(target))[0] == 0
    assert load_config(str(target)) == Config()
    assert set(_flat(read_yaml(sample_text()))) == set(_flat(Config().model_dump(mode="json")))
    code, _, err = run("config", "init", str(target))
    assert code == 2 and "--force" in err


def test_show_names_where_each_setting_came_from(tmp_path):
    config = tmp_path / "secsuite.yaml"
    config.write_text("scan: {sample_rows: 5000}\nlang: en\n", encoding="utf-8")
    code, out, err = run("config", "show", "--config", str(config), env={"SECSUITE_DB": "audit.db"})
    assert code == 0, err
    rows = {line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:4]]
            for line in out.splitlines() if line.startswith("│")}
    assert rows["scan.sample_rows"] == ["5000", f"配置文件 file {config}"]
    assert rows["db"] == ["audit.db", "环境变量 env SECSUITE_DB"]
    assert rows["scan.seed"] == ["0", "默认 default"]


@pytest.mark.parametrize(("text", "expected"), [
    ("scan: {sampel_rows: 10}\n",
     "未知配置项 scan.sampel_rows，此处允许的键：sample_rows, max_cell_bytes, seed"),
    ("colour: red\n", "未知配置项 colour，此处允许的键：" + ", ".join(Config.model_fields)),
    ("netscan: {probe_workers: 100}\n", "配置项 netscan.probe_workers 取值无效"),
    ("scan: 5\n", "配置项 scan"),
])
def test_a_wrong_key_is_named_with_the_keys_allowed(tmp_path, text, expected):
    config = tmp_path / "secsuite.yaml"
    config.write_text(text, encoding="utf-8")
    code, _, err = run("check", "x.xlsx", "--config", str(config))
    assert code == 2
    assert expected in err and "pydantic" not in err and "https://" not in err
