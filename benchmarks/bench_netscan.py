"""What secsuite adds to nmap's own time: ``secsuite netscan 127.0.0.1 --ports 1-65535`` against
plain ``nmap`` run with the same arguments, measured in the same run.

secsuite's arguments are taken from the code (``nmap_arguments``), so both runs do the same port
scan, version detection and NSE scripts; secsuite then fetches each TLS chain, probes TLCP, runs
the rules and writes a throw-away store. Runs alternate (``--repeat``) so that neither side always
goes first. Only 127.0.0.1 is scanned; timings depend on what listens there and on the machine's
load, so this is never run as a test.

    python benchmarks/bench_netscan.py [--ports 1-65535] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from secsuite.netscan.driver import NmapOptions, nmap_arguments, parse_duration
from secsuite.netscan.ports import parse_ports

TARGET = "127.0.0.1"
HOST_TIMEOUT = "10m"  # secsuite's default, passed explicitly to both sides


def arguments(ports: str) -> list[str]:
    """What secsuite passes to nmap (python-nmap adds ``-oX -``), for the same ports and host timeout."""
    options = NmapOptions(ports=parse_ports(ports), host_timeout=parse_duration(HOST_TIMEOUT, "--host-timeout"),
                          total_timeout=3600)
    return ["-oX", "-", *nmap_arguments(options), TARGET]


def plain_nmap(ports: str) -> float:
    started = time.perf_counter()
    subprocess.run(["nmap", *arguments(ports)], check=True, capture_output=True)
    return time.perf_counter() - started


def secsuite_netscan(ports: str, work: Path) -> tuple[float, dict]:
    command = [sys.executable, "-m", "secsuite", "netscan", TARGET, "--ports", ports, "--host-timeout", HOST_TIMEOUT,
               "--quiet", "--format", "json", "--output", str(work / "out.json"), "--db", str(work / "bench.db")]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    return elapsed, json.loads((work / "out.json").read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ports", default="1-65535")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    nmap_times, secsuite_times = [], []
    with tempfile.TemporaryDirectory() as work:
        for round_number in range(args.repeat):
            if round_number % 2:
                secsuite_times.append(secsuite_netscan(args.ports, Path(work))[0])
                nmap_times.append(plain_nmap(args.ports))
            else:
                nmap_times.append(plain_nmap(args.ports))
                elapsed, document = secsuite_netscan(args.ports, Path(work))
                secsuite_times.append(elapsed)
    services = [asset for asset in document["assets"] if asset["port"] is not None]
    nmap_wall, secsuite_wall = statistics.median(nmap_times), statistics.median(secsuite_times)
    print(f"target {TARGET}, ports {args.ports}, {args.repeat} run(s) each, median wall time")
    print(f"  nmap {' '.join(arguments(args.ports))}")
    print(f"  open services: {len(services)} ({sum(1 for a in services if a['tls'])} TLS, "
          f"{sum(1 for a in services if a['tlcp'] and a['tlcp']['supported'])} TLCP)")
    print(f"plain nmap:       {nmap_wall:7.2f} s")
    print(f"secsuite netscan: {secsuite_wall:7.2f} s")
    print(f"ratio secsuite / nmap: {secsuite_wall / nmap_wall:.2f}× (overhead {secsuite_wall - nmap_wall:+.2f} s)")


if __name__ == "__main__":
    main()
