"""The terminal view of a network scan: hosts and open services, then TLS/TLCP details with each
certificate of the chain, then findings and errors."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from secsuite.i18n import Lang
from secsuite.netscan.model import Asset, Certificate, NetscanResult
from secsuite.report.escape import terminal
from secsuite.report.labels import label
from secsuite.report.scan_table import render_findings, section
from secsuite.timeutil import DEFAULT_TZ


def _product(asset: Asset) -> str:
    text = " ".join(part for part in (asset.product, asset.version) if part)
    return f"{text} ({asset.extrainfo})" if asset.extrainfo else text


def _tlcp(asset: Asset, lang: Lang) -> str:
    if asset.tlcp is None:
        return f"[dim]{label('net_not_probed', lang)}[/]" if asset.port is not None else ""
    if not asset.tlcp.supported:
        return f"[dim]{label('net_tlcp_none', lang)}[/]"
    return f"[green]✓[/] {asset.tlcp.version}"


def _systems(asset: Asset, inventory_given: bool, lang: Lang) -> str:
    if asset.systems:
        return terminal("、".join(f"{ref.system}（{ref.unit}）" if ref.unit else ref.system for ref in asset.systems))
    return f"[red]{label('net_unfiled', lang)}[/]" if inventory_given else ""


def _certificate(cert: Certificate) -> str:
    """One line per certificate; dates in China time, as the rules judge them."""
    key = f"{cert.key_type} {cert.key_bits}" if cert.key_bits else cert.key_type
    valid = f"{cert.not_before.astimezone(DEFAULT_TZ):%Y-%m-%d} → {cert.not_after.astimezone(DEFAULT_TZ):%Y-%m-%d}"
    sm2 = " [green]SM2[/]" if cert.sm2 else ""
    names = terminal(f"[{cert.role}] {cert.subject} ← {cert.issuer}")
    return f"  {names} · {key} · {cert.signature_algorithm} · {valid}{sm2}"


def _details(asset: Asset, console: Console, lang: Lang) -> None:
    console.print(f"[bold]{terminal(asset.id)}[/] {terminal(asset.label())}", highlight=False)
    tls = asset.tls
    if tls:
        line = f"  TLS: {' '.join(tls.protocols) or '?'} · {label('net_suites', lang).format(count=len(tls.ciphers))}"
        if tls.least_strength:
            line += f" · {label('net_least_strength', lang)} {tls.least_strength}"
        if tls.negotiated:
            line += f" · {tls.negotiated}"
        console.print(line, highlight=False)
    if asset.tlcp and asset.tlcp.supported:
        suites = ", ".join(f"{s.name} {s.code} ({s.handshake})" for s in asset.tlcp.suites)
        console.print(f"  TLCP {asset.tlcp.version}: {suites or label('net_tlcp_fingerprint', lang)}", highlight=False)
    for cert in asset.certificates():
        console.print(_certificate(cert), highlight=False)
    if tls and tls.probe_error and not tls.certificates:
        console.print(f"  [dim]{terminal(tls.probe_error)}[/]", highlight=False)


def render_netscan(result: NetscanResult, console: Console, lang: Lang) -> None:
    inventory_given = bool(result.scan.get("inventory"))
    section(console, label("net_services_title", lang))
    if not result.assets:
        console.print(f"  [dim]{label('net_no_services', lang)}[/]")
    else:
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
        table.add_column(label("net_asset", lang), no_wrap=True)
        for key in ("net_service", "net_product"):
            table.add_column(label(key, lang), overflow="fold")
        table.add_column("TLS", overflow="fold")
        table.add_column("TLCP", overflow="fold")
        table.add_column(label("net_systems", lang), overflow="fold")
        for asset in result.assets:
            table.add_row(terminal(asset.id), terminal(asset.label()) if asset.port else "", terminal(_product(asset)),
                          " ".join(asset.tls.protocols) if asset.tls else "", _tlcp(asset, lang),
                          _systems(asset, inventory_given, lang))
        console.print(table)
    secured = [asset for asset in result.assets if asset.tls or asset.serves_tlcp]
    if secured:
        section(console, label("net_tls_title", lang))
        for asset in secured:
            _details(asset, console, lang)
    render_findings(result.findings, result.errors, console, lang)
