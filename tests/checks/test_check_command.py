"""``secsuite check`` end to end on real inventories: the bundled example, bad rows, settings,
exit codes, the as-of date's timezone and the result store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from secsuite.checks.registry import load_registry
from secsuite.cli import app
from tests.conftest import EXAMPLES

INVENTORY = EXAMPLES / "systems.xlsx"
ENV = {"COLUMNS": "200", "SECSUITE_LANG": "zh"}

# What examples/systems.xlsx must give with --as-of 2025-12-31 (the generator's comments say why).
EXPECTED = {
    ("市公安局", "视频监控联网平台", "MLPS-FILED-LATE"),
    ("市公安局", "视频监控联网平台", "MLPS-EVAL-OVERDUE"),
    ("市公安局", "视频监控联网平台", "CRYPTO-NON-SM-ALGORITHM"),
    ("市人社局", "社保业务经办系统", "CRYPTO-ASSESSMENT-MISSING"),
    ("市市场监管局", "市场主体登记系统", "MLPS-NOT-FILED"),
    ("市市场监管局", "市场主体登记系统", "CRYPTO-ASSESSMENT-FAILED"),
    ("市市场监管局", "市场主体登记系统", "CRYPTO-SERVICE-UNUSED"),
    ("市市场监管局", "食品安全追溯平台", "MLPS-FILING-NO-INVALID"),
    ("市卫健委", "互联网医院平台", "CRYPTO-WEAK-ALGORITHM"),
    ("市卫健委", "互联网医院平台", "CRYPTO-NON-SM-ALGORITHM"),
    ("市交通运输局", "交通运输综合执法系统", "MLPS-EVAL-FAILED"),
    ("市交通运输局", "公交一卡通系统", "CRYPTO-WEAK-ALGORITHM"),
    ("市民政局", "社会救助信息系统", "MLPS-EVAL-MISSING"),
    ("市民政局", "社会救助信息系统", "CRYPTO-SERVICE-UNUSED"),
    ("市大数据局", "公共数据共享交换平台", "CRYPTO-ASSESSMENT-OVERDUE"),
    ("宿城区", "区政务协同办公系统", "MLPS-NOT-FILED"),
    ("宿豫区", "智慧城管系统", "MLPS-DATES-MISSING"),
    ("宿城区", "智慧停车管理系统", "MLPS-NOT-GRADED"),
    ("沭阳县", "县政务服务平台", "CRYPTO-ASSESSMENT-FAILED"),
    ("市卫健委", "全民健康信息平台", "CII-ASSESSMENT-MISSING"),
    ("市卫健委", "全民健康信息平台", "CRYPTO-ASSESSED-AFTER-GO-LIVE"),
    ("市卫健委", "全民健康信息平台", "CRYPTO-RESULT-NOT-FILED"),
    ("市大数据局", "公共数据共享交换平台", "DATA-RISK-ASSESSMENT-MISSING"),
    ("市民政局", "社会救助信息系统", "DATA-RISK-REPORT-MISSING"),
}
CATALOGUE_UNITS = {"市公安局", "市人社局", "市市场监管局", "市卫健委", "市交通运输局", "市政务服务办", "市民政局", "市大数据局"}


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


def check_json(*args: str, exit_code: int = 0) -> dict:
    code, out, err = check(*args, "--format", "json", "--no-store")
    assert code == exit_code, err
    return json.loads(out)


def triples(document: dict) -> set[tuple[str, str, str]]:
    return {(f["unit"], f["object"]["id"], f["rule_id"]) for f in document["findings"]}


def test_example_exercises_every_rule_with_failing_and_passing_rows():
    document = check_json(str(INVENTORY), "--as-of", "2025-12-31")
    assert document["schema"] == "secsuite.findings/1" and document["errors"] == []
    assert triples(document) == EXPECTED
    rules = {rule_id for rule_id, rule in load_registry().rules.items() if rule.pack in {"mlps", "crypto", "obligations"}}
    assert {rule for _, _, rule in EXPECTED} == rules
    systems = {(c["unit"], c["systems"]) for c in document["coverage"]}
    assert sum(count for _, count in systems) == document["systems_checked"] == 21
    for rule in rules:  # every rule also has a system it leaves alone
        assert len({s for u, s, r in EXPECTED if r == rule}) < document["systems_checked"]
    units = {c["unit"]: c["unit_type"] for c in document["coverage"]}
    assert set(units) >= CATALOGUE_UNITS and {units[u] for u in ("宿城区", "宿豫区", "沭阳县")} == {"county"}
    for finding in document["findings"]:
        assert finding["object"]["kind"] == "system" and finding["object"]["id"] in finding["message"]
        assert finding["citation"] and finding["as_of"] == "2025-12-31"


def test_example_coverage_of_the_public_cryptography_service():
    coverage = {c["unit"]: c for c in check_json(str(INVENTORY), "--as-of", "2025-12-31")["coverage"]}
    assert coverage["市公安局"] == {"unit": "市公安局", "unit_type": "department", "systems": 2, "should_use": 2,
                                       "using": 1, "own_products": 1, "coverage": 0.5}
    assert coverage["市民政局"]["coverage"] == 0.0 and coverage["宿城区"]["coverage"] is None


def test_table_groups_findings_by_unit_and_system_with_citations():
    code, out, _ = check(str(INVENTORY), "--as-of", "2025-12-31", "--no-store")
    assert code == 0
    assert out.index("市公安局（市级部门）：2 个系统，3 个问题") < out.index("沭阳县（县区）：2 个系统，1 个问题")
    assert "系统「市场主体登记系统」为第3级，应在 2025-11-30 定级后30日内备案（截止 2025-12-30），" in out
    assert "依据：《信息安全等级保护管理办法》（公通字〔2007〕43号）" in out
    assert "未发现问题" in out and "公共商用密码服务覆盖率" in out and "50%" in out


def test_english_output():
    code, out, err = check(str(INVENTORY), "--as-of", "2025-12-31", "--no-store", "--lang", "en")
    assert code == 0
    assert 'System "区政务协同办公系统" is level 2 and had to be filed within 30 days of going live' in out
    assert "Checked 21 systems of 11 units: 24 findings, 0 input errors." in err


@pytest.mark.parametrize(("fail_on", "code"), [("high", 1), ("LOW", 1), ("critical", 0), ("severe", 2)])
def test_fail_on(fail_on, code):
    assert check(str(INVENTORY), "--as-of", "2025-12-31", "--no-store", "--fail-on", fail_on, "-q")[0] == code


@pytest.mark.parametrize(
    ("as_of", "on_the_31st"),
    [
        ("2025-12-31", True),
        ("2025年12月31日", True),
        ("2025/12/31", True),
        ("2025-12-30T16:00:00Z", True),  # midnight in Beijing: already the 31st
        ("2025-12-30T15:59:59+00:00", False),  # 23:59:59 on the 30th in Beijing
        ("2025-12-31T00:30:00+09:00", False),  # Tokyo just after midnight is still the 30th in Beijing
    ],
)
def test_as_of_is_a_date_in_china_time(as_of, on_the_31st):
    found = triples(check_json(str(INVENTORY), "--as-of", as_of))
    day_31 = {("市市场监管局", "市场主体登记系统", "MLPS-NOT-FILED"), ("市公安局", "视频监控联网平台", "MLPS-EVAL-OVERDUE"),
              ("市大数据局", "公共数据共享交换平台", "CRYPTO-ASSESSMENT-OVERDUE")}
    assert (day_31 <= found) is on_the_31st
    assert not on_the_31st or found == EXPECTED


def test_bad_as_of_is_a_usage_error():
    code, _, err = check(str(INVENTORY), "--as-of", "2025-02-30", "--no-store")
    assert code == 2 and "--as-of" in err and "2025年2月30日" in err


BAD_ROWS = """\
单位名称,单位类型,系统名称,等保级别,定级日期,上线日期,备案编号,负责人电话
市公安局,市级部门,警务综合平台,第三级,2025-11-30,2020-05-01,,13800000000
市公安局,市级部门,视频平台,7,2025-01-01,2024-01-01,,
市人社局,市级部门,社保系统,3,2025-02-30,2024-01-01,,
市公安局,市级部门,警务综合平台,3,2025-01-01,2024-01-01,32130043001-00001,
"""


def test_bad_rows_are_reported_and_the_other_rows_still_checked(tmp_path):
    inventory = tmp_path / "台账.csv"
    inventory.write_text(BAD_ROWS, encoding="utf-8")
    document = check_json(str(inventory), "--as-of", "2025-12-31", exit_code=2)  # rows were left unchecked
    assert triples(document) >= {("市公安局", "警务综合平台", "MLPS-NOT-FILED")}
    assert document["systems_checked"] == 1
    errors = [(e["source"], e["row"], e["field"]) for e in document["errors"]]
    assert errors == [
        (str(inventory), None, "负责人电话"),
        (str(inventory), 3, "等保级别 (mlps_level)"),
        (str(inventory), 4, "定级日期 (graded_on)"),
        (str(inventory), 5, "系统名称 (system)"),
    ]
    texts = "\n".join(e["text"] for e in document["errors"])
    assert "未知列" in texts and "没有第7级" in texts and "日期不存在" in texts and "与第2行" in texts
    assert "13800000000" not in json.dumps(document, ensure_ascii=False)


def test_nothing_readable_exits_2(tmp_path):
    assert check(str(tmp_path / "missing.xlsx"), "--no-store", "-q")[0] == 2
    only_bad = tmp_path / "bad.csv"
    only_bad.write_text("单位名称,系统名称,等保级别\n市公安局,警务平台,第七级\n", encoding="utf-8")
    code, out, _ = check(str(only_bad), "--no-store")
    assert code == 2 and "没有第7级" in out


def test_sheet_picks_the_worksheet_and_an_unknown_one_names_the_file_and_its_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    header = ["单位名称", "系统名称", "等保级别", "上线日期", "定级日期", "备案编号"]
    for index, (title, system) in enumerate([("2024年", "旧平台"), ("2025年", "新平台")]):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(header)
        sheet.append(["市公安局", system, 3, "2025-01-01", "2024-01-01", None])
    inventory = tmp_path / "台账.xlsx"
    book.save(inventory)
    for option, system in [((), "旧平台"), (("--sheet", "2025年"), "新平台")]:
        document = check_json(str(inventory), "--as-of", "2025-12-31", *option)
        assert {name for _, name, _ in triples(document)} == {system}
    document = check_json(str(inventory), "--sheet", "台账", exit_code=2)
    (error,) = document["errors"]
    assert error["source"] == str(inventory) and "台账" in error["text"]
    assert "2024年" in json.dumps(error, ensure_ascii=False) and "2025年" in json.dumps(error, ensure_ascii=False)


def test_english_headers_in_csv_and_yaml_give_the_same_findings(tmp_path):
    rows = [{"unit": "宿城区", "unit_type": "county", "system": "办公系统", "mlps_level": 3, "graded_on": "2025-06-01",
             "online_on": "2025-06-01", "last_evaluated_on": "2025-07-01", "evaluation_conclusion": "差",
             "algorithms": "SM4, MD5", "crypto_service": "no", "data_level": "L4", "hosts": "127.0.0.1"}]
    (tmp_path / "systems.yaml").write_text(yaml.safe_dump({"systems": rows}, allow_unicode=True), encoding="utf-8")
    header = ",".join(rows[0])
    (tmp_path / "systems.csv").write_text(header + "\n" + ",".join(f'"{v}"' for v in rows[0].values()) + "\n",
                                          encoding="gbk")
    from_yaml = check_json(str(tmp_path / "systems.yaml"), "--as-of", "2025-12-31")
    from_csv = check_json(str(tmp_path / "systems.csv"), "--as-of", "2025-12-31")
    assert triples(from_yaml) == triples(from_csv) == {
        ("宿城区", "办公系统", rule) for rule in ("MLPS-NOT-FILED", "MLPS-EVAL-FAILED", "CRYPTO-ASSESSMENT-MISSING",
                                                "CRYPTO-NON-SM-ALGORITHM", "CRYPTO-WEAK-ALGORITHM",
                                                "CRYPTO-SERVICE-UNUSED")}


def test_settings_come_from_the_config_file(tmp_path):
    config = tmp_path / "secsuite.yaml"
    config.write_text(yaml.safe_dump({"rules": {
        "MLPS-EVAL-FAILED": {"pass_score": 85},
        "crypto-assessment-overdue": {"interval_months": 24},
        "CRYPTO-SERVICE-UNUSED": {"min_data_level": "L4"},
    }}), encoding="utf-8")
    found = triples(check_json(str(INVENTORY), "--as-of", "2025-12-31", "--config", str(config)))
    assert ("市大数据局", "公共数据共享交换平台", "CRYPTO-ASSESSMENT-OVERDUE") not in found
    assert ("市市场监管局", "市场主体登记系统", "CRYPTO-SERVICE-UNUSED") not in found  # stores L3 data
    assert ("市民政局", "社会救助信息系统", "CRYPTO-SERVICE-UNUSED") in found  # stores L4 data
    assert ("市卫健委", "互联网医院平台", "MLPS-EVAL-FAILED") in found  # 72 < 85


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"MLPS-EVAL-OVERDUE": {"level3_month": 6}}, "rules.MLPS-EVAL-OVERDUE.level3_month: unknown setting"),
        ({"MLPS-EVAL-OVERDUE": {"level3_months": "six"}}, "expected a whole number"),
        ({"MLPS-NOT-FILED": {"day_type": "workday"}}, "MLPS-NOT-FILED.day_type"),
        ({"MLPS-NOT-FILD": {}}, "rules.MLPS-NOT-FILD: unknown rule"),
        ({"CRYPTO-SERVICE-UNUSED": {"min_data_level": "L9"}}, "'L9' is not a level"),
    ],
)
def test_bad_settings_stop_the_run(tmp_path, rules, message):
    config = tmp_path / "secsuite.yaml"
    config.write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    code, _, err = check(str(INVENTORY), "--as-of", "2025-12-31", "--no-store", "--config", str(config))
    assert code == 2 and message in " ".join(err.split())


def test_runs_are_stored_with_their_systems_and_findings(tmp_path):
    db = tmp_path / "store.db"
    code, out, err = check(str(INVENTORY), "--as-of", "2025-12-31", "--db", str(db), "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    with sqlite3.connect(db) as store:
        assert store.execute("select kind, status, as_of from runs").fetchall() == [("check", "finished", "2025-12-31")]
        assert store.execute("select count(*) from systems where run_id = ?", (document["run_id"],)).fetchone() == (21,)
        linked = store.execute(
            "select f.rule_id, s.mlps_level, s.hosts from findings f join systems s on s.run_id = f.run_id "
            "and s.unit = f.unit and s.system = f.object_id where f.object_kind = 'system'").fetchall()
        assert len(linked) == len(EXPECTED)
        hosts = store.execute("select unit, system from systems where hosts like '%127.0.0.1%'").fetchall()
        assert hosts == [("市公安局", "警务综合平台"), ("市政务服务办", "一网通办平台")]


def test_output_files_and_the_module_entry_point(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "secsuite", "check", str(INVENTORY), "--as-of", "2025-12-31", "--no-store",
         "--format", "json", "--output", str(tmp_path / "out" / "findings.json")],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "SECSUITE_LANG": "zh"}, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "共检查 11 个单位的 21 个系统：24 个问题，0 个输入错误。" in done.stderr
    written = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert triples(written) == EXPECTED
    code, _, _ = check(str(INVENTORY), "--as-of", "2025-12-31", "--no-store", "-o", str(tmp_path / "report.txt"))
    assert code == 0 and "市公安局（市级部门）" in (tmp_path / "report.txt").read_text(encoding="utf-8")
