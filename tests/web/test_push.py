"""``secsuite scan|check|netscan|incidents --push URL`` against a central server the test starts
under uvicorn on 127.0.0.1 (a free port), as a data centre runs it: the real command in its own
process, a token scoped to the unit, the central store and ``GET /api/v1/findings`` showing what
was pushed; refusals keep the local results and exit 2; the token never shows."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from secsuite.app.push import TOKEN_ENV, PushError, push, push_target
from secsuite.cli import app
from secsuite.inventory.units import load_units
from secsuite.results import ScanResult
from secsuite.store.access import AuditEvent
from secsuite.store.models import FindingRecord, Run
from secsuite.store.pushes import PushedRun
from secsuite.web.units import sync_units
from tests.conftest import EXAMPLES
from tests.web.conftest import FINDINGS, UNIT_B, Site, build_site

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # every test runs the command in its own process
POLICE = "data/公安/人口基本信息.csv"


def serve(app, ssl: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """uvicorn on a socket bound and listening before the server starts: a request made at once
    waits in the backlog until it is served (no polling, no sleeping). Returns (URL, stop)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", **(ssl or {})))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()

    return f"{'https' if ssl else 'http'}://127.0.0.1:{sock.getsockname()[1]}", stop


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """SQLite only: the commands' side does not depend on the central store's engine, which
    tests/web/test_api_runs.py runs on SQLite and PostgreSQL."""
    return build_site(f"sqlite:///{tmp_path_factory.mktemp('central') / 'store.db'}")


@pytest.fixture(scope="module")
def central(site, tmp_path_factory):
    """The server, and push tokens made as an administrator makes them: ``secsuite users token NAME --push``."""
    with site.sessions().begin() as session:
        sync_units(session, load_units(EXAMPLES / "units.xlsx")[0])
    key_file = tmp_path_factory.mktemp("key") / "audit.key"
    key_file.write_text(site.key.hex() + "\n", encoding="ascii")
    tokens = {}
    for name in ("unit_b", "unit_a", "auditor"):
        made = CliRunner().invoke(app, ["users", "token", name, "--push", "--db", site.url],
                                  env={"SECSUITE_AUDIT_KEY_FILE": str(key_file)})
        assert made.exit_code == 0, made.output
        tokens[name] = made.stdout.strip()
    url, stop = serve(site.app())
    yield url, tokens
    stop()


@pytest.fixture
def centre(tmp_path):
    """A data centre's folder: the police bureau's dataset and a catalogue naming its unit."""
    (tmp_path / "data" / "公安").mkdir(parents=True)
    shutil.copy(EXAMPLES / POLICE, tmp_path / POLICE)
    lines = (EXAMPLES / "catalogue.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "catalogue.csv").write_text("\n".join([lines[0]] + [row for row in lines if row.startswith(POLICE)]) + "\n",
                                            encoding="utf-8")
    return tmp_path


def secsuite(*args: str, cwd: Path, token: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    variables = {key: value for key, value in os.environ.items() if key != "SECSUITE_PUSH_TOKEN"}
    variables |= {"PYTHONPATH": str(ROOT), "SECSUITE_LANG": "zh", "SECSUITE_CONFIG": "", "SECSUITE_DB": ""} | env
    if token is not None:
        variables["SECSUITE_PUSH_TOKEN"] = token
    done = subprocess.run([sys.executable, "-m", "secsuite", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env=variables)
    if token:
        assert token not in done.stdout + done.stderr
    return done


def scan(centre: Path, url: str, token: str | None, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return secsuite("scan", "data", "--catalogue", "catalogue.csv", "--as-of", "2025-12-31", "--format", "json",
                    "--push", url, *extra, cwd=centre, token=token, **env)


def call(url: str, path: str, token: str | None = None, document: dict | None = None) -> tuple[int, dict]:
    data = None if document is None else json.dumps(document, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url + path, data=data, method="GET" if data is None else "POST",
                                     headers={"Content-Type": "application/json"}
                                     | ({"Authorization": f"Bearer {token}"} if token else {}))
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def pushed_runs(site) -> list[Run]:
    with site.sessions()() as session:
        return list(session.scalars(select(Run).where(Run.trigger == "push").order_by(Run.id)))


def test_a_units_scan_pushed_is_what_the_centre_shows(site, central, centre):
    url, tokens = central
    done = scan(centre, url, tokens["unit_b"], "--db", f"sqlite:///{centre / 'local.db'}")
    assert done.returncode == 0, done.stderr
    local = json.loads(done.stdout)
    assert local["findings"] and {f["unit"] for f in local["findings"]} == {UNIT_B}
    assert "已推送至" in done.stderr and "pushed: central run" in done.stderr

    status, answer = call(url, f"/api/v1/findings?unit={quote(UNIT_B)}", tokens["unit_b"])
    assert status == 200
    assert sorted((i["rule_id"], i["object"]["id"]) for i in answer["items"]) == sorted(
        (f["rule_id"], f["object"]["id"]) for f in local["findings"])
    run = pushed_runs(site)[-1]
    assert (run.kind, run.status, run.complete, run.actor) == ("scan", "finished", True, "unit_b")
    assert run.arguments["pushed_from"] == socket.gethostname() and run.arguments["local_run_id"] == local["run_id"]
    assert run.tool_version == local["tool"]["version"] and run.content_sha256 == local["tool"]["content"]["sha256"]
    with site.sessions()() as session:
        stored = session.scalars(select(FindingRecord.finding_id).where(FindingRecord.run_id == run.id)).all()
        assert sorted(stored) == sorted(f["id"] for f in local["findings"])
        row = session.scalars(select(PushedRun).where(PushedRun.run_id == run.id)).one()
        assert (row.actor, row.local_run_id, row.ip, row.token_id is not None) == ("unit_b", local["run_id"], "127.0.0.1",
                                                                                   True)
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "api.push")
                                .order_by(AuditEvent.seq.desc())).first()
        assert (audit.actor, audit.outcome, audit.object, audit.unit) == ("unit_b", "success", f"run {run.id}", UNIT_B)
    with create_engine(f"sqlite:///{centre / 'local.db'}").connect() as connection:  # the local run is kept
        assert connection.execute(text("select count(*) from findings")).scalar() == len(local["findings"])


def test_pushing_the_same_document_twice_records_one_run(site, central, centre):
    """The second push reads the token from a file, which stays out of the output and the run."""
    url, tokens = central
    (centre / "token").write_text(tokens["unit_b"] + "\n", encoding="utf-8")
    first = scan(centre, url, tokens["unit_b"], "--no-store")
    second = scan(centre, url, None, "--no-store", "--push-token-file", "token")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "此前已推送" not in first.stderr and "此前已推送" in second.stderr
    assert tokens["unit_b"] not in second.stdout + second.stderr
    assert first.stdout == second.stdout
    with site.sessions()() as session:
        runs = session.scalars(select(PushedRun.run_id).where(PushedRun.local_run_id.is_(None))).all()
    assert len(runs) == 1
    run = pushed_runs(site)[-1]
    assert run.id == runs[0] and run.actor == "unit_b" and tokens["unit_b"] not in json.dumps(run.arguments)


def test_a_token_of_another_unit_is_refused_and_the_local_results_are_kept(site, central, centre):
    url, tokens = central
    before = len(pushed_runs(site))
    done = scan(centre, url, tokens["unit_a"], "--db", f"sqlite:///{centre / 'local.db'}", "-o", "out.json")
    assert done.returncode == 2
    assert "推送失败，本地结果已保留" in done.stderr and "HTTP 404" in done.stderr and UNIT_B in done.stderr
    assert json.loads((centre / "out.json").read_text(encoding="utf-8"))["findings"]
    with create_engine(f"sqlite:///{centre / 'local.db'}").connect() as connection:
        assert connection.execute(text("select count(*) from runs")).scalar() == 1
    assert len(pushed_runs(site)) == before


def test_without_a_token_the_command_stops_before_scanning_and_the_server_answers_401(central, centre):
    url, _ = central
    done = scan(centre, url, None, "--db", f"sqlite:///{centre / 'local.db'}")
    assert done.returncode == 2 and "SECSUITE_PUSH_TOKEN" in done.stderr and not done.stdout
    assert not (centre / "local.db").exists()
    status, answer = call(url, "/api/v1/runs/scan", None, {"schema": "secsuite.scan/1"})
    assert status == 401


def police_document() -> dict:
    return ScanResult(guide={"id": "gb-t-43697-2024", "version": "1"}, as_of="2025-12-31",
                      findings=[f for f in FINDINGS if f.unit == UNIT_B]).to_json()


def test_a_document_over_the_size_limit_is_refused_with_the_reason(central, monkeypatch):
    url, tokens = central
    monkeypatch.setenv("SECSUITE_PUSH_MAX_BYTES", "500")  # the server runs in this process
    with pytest.raises(PushError, match="大小限制") as refused:
        push(push_target(url, None, None, {TOKEN_ENV: tokens["unit_b"]}), "scan", police_document())
    assert "HTTP 413" in str(refused.value) and tokens["unit_b"] not in str(refused.value)


@pytest.mark.parametrize(("command", "token"), [
    (["netscan", "--from-xml", "netscan/127.0.0.1.xml", "--inventory", "systems.xlsx"], "unit_b"),
    (["check", "systems.xlsx"], "auditor"),
    (["incidents", "incidents.xlsx", "--year", "2025"], "auditor"),
])
def test_check_netscan_and_incidents_push_the_same_way(site, central, command, token):
    url, tokens = central
    done = secsuite(*command, "--as-of", "2025-12-31", "--no-store", "--format", "json", "--push", url,
                    cwd=EXAMPLES, token=tokens[token])
    assert done.returncode == 0, done.stderr
    local = json.loads(done.stdout)
    run = pushed_runs(site)[-1]
    assert run.kind == command[0] and run.actor == token
    with site.sessions()() as session:
        stored = session.scalars(select(FindingRecord.finding_id).where(FindingRecord.run_id == run.id)).all()
    assert sorted(stored) == sorted(f["id"] for f in local["findings"])


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1 signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def certificate(subject: str, key, issuer: str, signer, ca: bool) -> x509.Certificate:  # type: ignore[no-untyped-def]
        builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                                            critical=True)
        else:
            import ipaddress

            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cert = certificate("secsuite test CA", ca_key, "secsuite test CA", ca_key, True)
    server_cert = certificate("127.0.0.1", server_key, "secsuite test CA", ca_key, False)
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    return paths


def test_tls_is_verified_and_push_ca_names_the_servers_ca(site, central, centre, tmp_path_factory):
    _, tokens = central
    ca, cert, key = _certificates(tmp_path_factory.mktemp("tls"))
    url, stop = serve(site.app(), {"ssl_certfile": str(cert), "ssl_keyfile": str(key)})
    try:
        with pytest.raises(PushError, match="TLS 证书校验失败.*--push-ca"):
            push(push_target(url, None, None, {TOKEN_ENV: tokens["unit_b"]}), "scan", police_document())
        verified = scan(centre, url, tokens["unit_b"], "--no-store", "--push-ca", str(ca), "--severity", "medium")
        assert verified.returncode == 0, verified.stderr
    finally:
        stop()
