"""Network-scan assets in the store, on SQLite and PostgreSQL: the netscan migration branch, the
TLS and TLCP details as JSON, the link to systems by name."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from secsuite.netscan.model import Asset as ScannedAsset
from secsuite.netscan.model import SystemRef, TlcpDetails, TlcpSuite, TlsDetails
from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import Asset, Run
from secsuite.store.recorder import RunRecorder


def test_assets_are_stored_with_their_tls_and_tlcp(store_url):
    engine = open_engine(store_url)
    assert {"assets", "runs"} <= set(inspect(engine).get_table_names())
    recorder = RunRecorder(engine, "netscan", dt.date(2025, 12, 31), {"targets": ["127.0.0.1"]})
    tlcp = TlcpDetails(supported=True, version="0x0101",
                       suites=[TlcpSuite(name="ECC-SM2-SM4-GCM-SM3", code="0xE053", handshake="completed")])
    recorder.assets([
        ScannedAsset(id="127.0.0.1:9443/tcp", host="127.0.0.1", port=9443, protocol="tcp", tlcp=tlcp,
                     tls=TlsDetails(protocols=["TLSv1.2"]), systems=[SystemRef(system="国密网关", unit="市公安局")],
                     unit="市公安局"),
        ScannedAsset(id="127.0.0.3", host="127.0.0.3", state="up"),
    ])
    recorder.finish()
    with session_factory(open_engine(store_url))() as session:
        assert session.get(Run, recorder.run_id).kind == "netscan"
        stored = {a.asset_id: a for a in session.scalars(select(Asset).where(Asset.run_id == recorder.run_id))}
        service, host = stored["127.0.0.1:9443/tcp"], stored["127.0.0.3"]
        assert service.tlcp["suites"][0]["code"] == "0xE053" and service.tls["protocols"] == ["TLSv1.2"]
        assert service.systems == [{"system": "国密网关", "unit": "市公安局"}] and service.unit == "市公安局"
        assert (host.port, host.state, host.tls, host.tlcp, host.systems) == (None, "up", None, None, [])
