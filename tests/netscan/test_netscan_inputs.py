"""What is checked before any packet leaves: targets, port lists, durations, ranges over the
maximum, nmap missing. None of these tests scans anything."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from secsuite.cli import app
from secsuite.netscan.driver import NmapError, NmapOptions, nmap_arguments, parse_duration, scanner
from secsuite.netscan.ports import parse_ports
from secsuite.netscan.targets import TargetError, parse_target, plan_targets


@pytest.mark.parametrize(("text", "size", "family"), [
    ("127.0.0.1", 1, 4),
    ("127.0.0.0/30", 4, 4),
    ("127.0.0.1-20", 20, 4),
    ("127.0.0.250-127.0.1.5", 12, 4),
    ("::1", 1, 6),
    ("localhost", 1, 4),
    ("portal.example.gov.cn.", 1, 4),
])
def test_valid_targets_are_counted(text, size, family):
    target = parse_target(text)
    assert (target.size, target.family) == (size, family)


@pytest.mark.parametrize("text", ["127.0.0.1-300", "999.1.1.1", "--script=exploit", "127.0.0.1 -oN x", "-x.cn",
                                  "127.0.0.0/33", "a_b.cn", "10.0.0.9-10.0.0.1", ""])
def test_invalid_targets_are_refused(text):
    with pytest.raises(TargetError, match="invalid target"):
        parse_target(text)


def test_ranges_split_into_host_groups_by_family():
    plan = plan_targets(["127.0.0.0/23", "127.0.0.1", "localhost", "::1"], max_hosts=1024, confirmed=False,
                        group_size=256)
    assert plan.total == 515
    assert [(g.family, g.specs, g.size) for g in plan.groups] == [
        (4, ("127.0.0.0/24",), 256), (4, ("127.0.1.0/24",), 256), (4, ("127.0.0.1", "localhost"), 2),
        (6, ("::1",), 1)]


def test_a_range_over_the_maximum_needs_confirmation():
    with pytest.raises(TargetError, match="--yes"):
        plan_targets(["127.0.0.0/16"], max_hosts=1024, confirmed=False)
    assert plan_targets(["127.0.0.0/16"], max_hosts=1024, confirmed=True, group_size=300).groups[0].size == 256


@pytest.mark.parametrize(("text", "args"), [
    ("top-1000", ["--top-ports", "1000"]),
    ("TOP100", ["--top-ports", "100"]),
    ("1-65535", ["-p", "1-65535"]),
    ("22, 80，443,8000-8100", ["-p", "22,80,443,8000-8100"]),
])
def test_port_lists(text, args):
    assert parse_ports(text).nmap_args() == args


@pytest.mark.parametrize("text", ["0", "1-70000", "443-80", "http", "top-0", "", "22;80"])
def test_bad_port_lists(text):
    with pytest.raises(ValueError, match="--ports"):
        parse_ports(text)


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("500ms", 0.5)])
def test_durations(text, seconds):
    assert parse_duration(text, "--timeout") == seconds


@pytest.mark.parametrize("text", ["0", "-5s", "ten", "5d"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="--timeout"):
        parse_duration(text, "--timeout")


def test_nmap_arguments_always_bound_the_time_and_skip_dns():
    options = NmapOptions(ports=parse_ports("443"), host_timeout=90.5, total_timeout=600, privileged=False)
    arguments = nmap_arguments(options)
    assert arguments[:2] == ["-n", "-sT"]
    assert arguments[arguments.index("--host-timeout") + 1] == "91s"
    assert "ssl-cert,ssl-enum-ciphers" in arguments and arguments[-2:] == ["-p", "443"]
    assert nmap_arguments(NmapOptions(ports=parse_ports("443"), host_timeout=1, total_timeout=1, privileged=True),
                          family=6)[:3] == ["-6", "-n", "-sS"]


def test_missing_nmap_says_how_to_install_it():
    with pytest.raises(NmapError, match="apt-get install nmap"):
        scanner("/nonexistent/nmap")


@pytest.mark.parametrize(("args", "message"), [
    (["127.0.0.0/8"], "--yes"),
    (["127.0.0.1;id"], "invalid target"),
    (["127.0.0.1", "--ports", "0-80"], "--ports"),
    (["127.0.0.1", "--timeout", "soon"], "--timeout"),
    (["127.0.0.1", "--from-xml", "scan.xml"], "--from-xml"),
    ([], "--from-xml"),
    (["127.0.0.1", "--fail-on", "urgent"], "urgent"),
])
def test_bad_input_exits_2_before_scanning(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(app, ["netscan", *args, "--no-store"])
    assert done.exit_code == 2, done.output
    assert message in done.stderr


def test_cli_reports_missing_nmap(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secsuite.yaml").write_text("netscan: {nmap_path: /nonexistent/nmap}\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["netscan", "127.0.0.1", "--no-store"])
    assert done.exit_code == 2
    assert "未找到 nmap" in done.stderr and "apt-get install nmap" in done.stderr
