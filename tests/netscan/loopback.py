"""Real servers on the loopback interface for the network-scan tests: HTTPS with an RSA
certificate, HTTPS with an expired one, TLS 1.0 only, TLCP with SM2 signing/encryption pairs
(Tongsuo's libssl through ctypes, as Debian's OpenSSL cannot serve TLCP) and a silent plain TCP
listener. Only 127.0.0.0/8 is ever bound or scanned.

Run as a module to regenerate the saved scans (``python -m tests.netscan.loopback``): it starts
the servers on fixed ports, runs nmap with the arguments secsuite uses and writes the XML files.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from secsuite.netscan.driver import NmapOptions, nmap_arguments
from secsuite.netscan.ports import parse_ports
from secsuite.netscan.tongsuo import library

HTTP_BANNER = (b"HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\nDate: Mon, 01 Dec 2025 00:00:00 GMT\r\n"
               b"Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
DRAIN_SECONDS = 0.5
IDLE_SECONDS = 10  # longer than nmap's 6 s NULL probe, so an idle server is probed further, not "tcpwrapped"
PEM = 1  # SSL_FILETYPE_PEM
TLCP_SUITES = b"ECC-SM2-SM4-CBC-SM3:ECC-SM2-SM4-GCM-SM3:ECDHE-SM2-SM4-CBC-SM3:ECDHE-SM2-SM4-GCM-SM3"
Handler = Callable[[socket.socket], None]
FIXED_PORTS = {"https": 443, "expired": 8443, "tls10": 4433, "plain": 23, "tlcp": 9443}
EXAMPLE_NOW = dt.datetime(2025, 12, 1, tzinfo=dt.timezone.utc)


def rsa_certificate(directory: Path, name: str, not_before: dt.datetime, not_after: dt.datetime) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name}.loopback.test")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / f"{name}.crt", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


CA_CONFIG = """[ca]
default_ca = loopback
[loopback]
database = index.txt
new_certs_dir = .
serial = serial
policy = anything
default_md = sm3
unique_subject = no
[anything]
countryName = optional
organizationName = optional
commonName = supplied
"""


def sm2_pairs(directory: Path, not_before: dt.datetime, not_after: dt.datetime) -> dict[str, Path]:
    """An SM2 CA and the TLCP server's signing and encryption certificates, made by openssl
    (``openssl ca``, because ``x509 -req`` of OpenSSL 3.0 cannot set the validity dates)."""
    (directory / "ca.cnf").write_text(CA_CONFIG)
    (directory / "index.txt").write_text("")
    (directory / "serial").write_text("01\n")
    _openssl("genpkey", "-algorithm", "SM2", "-out", "ca.key", cwd=directory)
    _openssl("req", "-x509", "-new", "-key", "ca.key", "-sm3", "-days", "3650", "-subj",
             "/C=CN/O=secsuite test CA/CN=SM2 loopback CA", "-out", "ca.crt", cwd=directory)
    usages = {"sign": "digitalSignature,nonRepudiation", "enc": "keyEncipherment,dataEncipherment,keyAgreement"}
    for role, usage in usages.items():
        (directory / f"{role}.ext").write_text(f"keyUsage=critical,{usage}\nbasicConstraints=CA:FALSE\n")
        _openssl("genpkey", "-algorithm", "SM2", "-out", f"{role}.key", cwd=directory)
        _openssl("req", "-new", "-key", f"{role}.key", "-sm3", "-subj", f"/C=CN/O=secsuite test/CN=tlcp {role}",
                 "-out", f"{role}.csr", cwd=directory)
        _openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-in", f"{role}.csr",
                 "-out", f"{role}.crt", "-startdate", f"{not_before:%Y%m%d%H%M%SZ}",
                 "-enddate", f"{not_after:%Y%m%d%H%M%SZ}", "-extfile", f"{role}.ext", "-notext", cwd=directory)
    return {name: directory / name for name in ("sign.crt", "sign.key", "enc.crt", "enc.key")}


def tls_context(cert: Path, key: Path, tls10_only: bool = False) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if tls10_only:
        _tls10_only(context)
    return context


def _tls10_only(context: ssl.SSLContext) -> None:
    """Python deprecates TLS 1.0, which is the point: this server exists to be flagged for it."""
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1


def tls10_refusal(server: ssl.SSLContext) -> str | None:
    """Why the system OpenSSL cannot serve TLS 1.0 (a handshake in memory, no network), or None."""
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
    _tls10_only(client)
    pipes = [ssl.MemoryBIO() for _ in range(4)]
    ends = [client.wrap_bio(pipes[0], pipes[1]), server.wrap_bio(pipes[2], pipes[3], server_side=True)]
    for _ in range(10):
        for end in ends:
            try:
                end.do_handshake()
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLError as exc:
                return f"the system OpenSSL refuses TLS 1.0 at security level 0: {exc.reason}"
        pipes[2].write(pipes[1].read())
        pipes[0].write(pipes[3].read())
    return None if ends[0].version() == "TLSv1" else "the in-memory TLS 1.0 handshake did not finish"


def tlcp_context(pairs: dict[str, Path]) -> int:
    """A Tongsuo NTLS server context with the signing and encryption pairs loaded."""
    lib = library()
    for name, restype, argtypes in (
        ("NTLS_server_method", ctypes.c_void_p, []),
        ("SSL_accept", ctypes.c_int, [ctypes.c_void_p]),
        *((f"SSL_CTX_use_{role}_{kind}_file", ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int])
          for role in ("sign", "enc") for kind in ("PrivateKey", "certificate")),
    ):
        getattr(lib, name).restype, getattr(lib, name).argtypes = restype, argtypes
    context = lib.SSL_CTX_new(lib.NTLS_server_method())
    lib.SSL_CTX_enable_ntls(context)
    for role in ("sign", "enc"):
        assert getattr(lib, f"SSL_CTX_use_{role}_PrivateKey_file")(context, bytes(pairs[f"{role}.key"]), PEM) == 1
        assert getattr(lib, f"SSL_CTX_use_{role}_certificate_file")(context, bytes(pairs[f"{role}.crt"]), PEM) == 1
    assert lib.SSL_CTX_set_cipher_list(context, TLCP_SUITES) == 1
    return context


def tls_handler(context: ssl.SSLContext) -> Handler:
    """Answer at once, like a banner, so nmap's version scan names the service without waiting; then
    read what the client sent before hanging up, or the kernel resets the connection and the answer
    may be lost."""
    def handle(connection: socket.socket) -> None:
        with context.wrap_socket(connection, server_side=True) as stream:
            stream.sendall(HTTP_BANNER)
            stream.settimeout(DRAIN_SECONDS)
            with contextlib.suppress(OSError):
                stream.recv(4096)
    return handle


def tlcp_handler(context: int) -> Handler:
    lib = library()

    def handle(connection: socket.socket) -> None:
        connection.settimeout(None)  # OpenSSL wants a blocking descriptor; the kernel enforces the idle limit
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", IDLE_SECONDS, 0))
        session = lib.SSL_new(context)
        lib.SSL_set_fd(session, connection.fileno())
        if lib.SSL_accept(session) == 1:
            lib.SSL_shutdown(session)
        lib.SSL_free(session)
    return handle


def silent_handler(connection: socket.socket) -> None:
    """Says nothing and hangs up on the first bytes it is sent, as many services do with input they do not know."""
    connection.recv(1024)


@dataclass
class Listener:
    host: str
    handler: Handler
    port: int = 0
    sock: socket.socket = field(init=False)

    def start(self) -> Listener:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((self.host, self.port))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            connection.settimeout(IDLE_SECONDS)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            self.handler(connection)
        except OSError:
            pass
        finally:
            connection.close()

    def close(self) -> None:
        """Shut down first: on Linux a plain close leaves the thread in accept() holding the port."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


@dataclass
class Loopback:
    """The running servers by name, and why TLS 1.0 could not be served (None when it is)."""

    listeners: dict[str, Listener]
    tls10_refused: str | None

    def port(self, name: str) -> int:
        return self.listeners[name].port

    def close(self) -> None:
        for listener in self.listeners.values():
            listener.close()


def start(directory: Path, hosts: dict[str, str], ports: dict[str, int] | None = None,
          now: dt.datetime | None = None) -> Loopback:
    """Start the servers named in ``hosts`` (name → loopback address) on ``ports`` (0: any free port).

    Certificates, from ``now``: the RSA one is valid for a year, the expired one ended 30 days ago,
    the TLCP pair ends in 45 days (so it is "expiring" as of a date 15 or more days later).
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    day = dt.timedelta(days=1)
    valid = rsa_certificate(directory, "https", now - day, now + 365 * day)
    expired = rsa_certificate(directory, "expired", now - 400 * day, now - 30 * day)
    tls10 = tls_context(*valid, tls10_only=True)
    refused = tls10_refusal(tls10)
    handlers: dict[str, Handler] = {
        "https": tls_handler(tls_context(*valid)),
        "expired": tls_handler(tls_context(*expired)),
        "tlcp": tlcp_handler(tlcp_context(sm2_pairs(directory, now - day, now + 45 * day))),
        "plain": silent_handler,
    }
    if refused is None:
        handlers["tls10"] = tls_handler(tls10)
    listeners = {name: Listener(hosts[name], handler, (ports or {}).get(name, 0)).start()
                 for name, handler in handlers.items() if name in hosts}
    return Loopback(listeners, refused)


def scan_to_xml(servers: Loopback, output: str, hosts: list[str], extra_ports: tuple[int, ...] = ()) -> None:
    """nmap with the arguments secsuite passes, over exactly the servers' ports; ``output`` is
    relative to the repository, as the XML records the command line."""
    ports = ",".join(str(port) for port in sorted({*(srv.port for srv in servers.listeners.values()), *extra_ports}))
    options = NmapOptions(ports=parse_ports(ports), host_timeout=60, total_timeout=120)
    subprocess.run(["nmap", *nmap_arguments(options), "-oX", output, *hosts], check=True, capture_output=True,
                   timeout=120, cwd=Path(__file__).resolve().parents[2])


def main() -> None:
    """Regenerate tests/netscan/data/loopback.xml and examples/netscan/127.0.0.1.xml, with certificates
    dated from 2025-12-01 so that the example reads well ``--as-of 2025-12-31``."""
    with tempfile.TemporaryDirectory() as work:
        two_hosts = {"https": "127.0.0.1", "expired": "127.0.0.1", "tls10": "127.0.0.1", "plain": "127.0.0.1",
                     "tlcp": "127.0.0.2"}
        servers = start(Path(work), two_hosts, FIXED_PORTS, EXAMPLE_NOW)
        try:
            scan_to_xml(servers, "tests/netscan/data/loopback.xml", ["127.0.0.1", "127.0.0.2", "127.0.0.3"])
        finally:
            servers.close()
        one_host = dict.fromkeys(two_hosts, "127.0.0.1")
        servers = start(Path(work), one_host, FIXED_PORTS, EXAMPLE_NOW)
        try:
            scan_to_xml(servers, "examples/netscan/127.0.0.1.xml", ["127.0.0.1"], extra_ports=(5432, 6379))
        finally:
            servers.close()


if __name__ == "__main__":
    main()
