"""Client handshakes through the Tongsuo library that tongsuopy bundles, driven with ctypes.

Debian's OpenSSL cannot speak TLCP (GB/T 38636, record version 0x0101), and Python's ``ssl``
cannot hand out an unverified peer chain before 3.13. tongsuopy builds Tongsuo 8.3 (an OpenSSL
1.1.1 fork) into ``_tongsuo.abi3.so`` and exports its whole libssl, NTLS functions included, so
one small binding serves both the TLCP probe and the TLS chain fetch.
"""

from __future__ import annotations

import ctypes
import importlib.util
import socket
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_P = ctypes.c_void_p
_INT = ctypes.c_int
_BYTES = ctypes.POINTER(ctypes.c_ubyte)

# name, result type, argument types: only what the two probes call.
_PROTOTYPES: tuple[tuple[str, object, list[object]], ...] = (
    ("TLS_client_method", _P, []),
    ("NTLS_client_method", _P, []),
    ("SSL_CTX_new", _P, [_P]),
    ("SSL_CTX_free", None, [_P]),
    ("SSL_CTX_enable_ntls", None, [_P]),
    ("SSL_CTX_set_security_level", None, [_P, _INT]),
    ("SSL_CTX_set_cipher_list", _INT, [_P, ctypes.c_char_p]),
    ("SSL_CTX_ctrl", ctypes.c_long, [_P, _INT, ctypes.c_long, _P]),
    ("SSL_new", _P, [_P]),
    ("SSL_free", None, [_P]),
    ("SSL_set_fd", _INT, [_P, _INT]),
    ("SSL_ctrl", ctypes.c_long, [_P, _INT, ctypes.c_long, _P]),
    ("SSL_connect", _INT, [_P]),
    ("SSL_shutdown", _INT, [_P]),
    ("SSL_get_version", ctypes.c_char_p, [_P]),
    ("SSL_get_current_cipher", _P, [_P]),
    ("SSL_get_pending_cipher", _P, [_P]),
    ("SSL_CIPHER_get_name", ctypes.c_char_p, [_P]),
    ("SSL_CIPHER_get_protocol_id", ctypes.c_uint16, [_P]),
    ("SSL_get_peer_cert_chain", _P, [_P]),
    ("OPENSSL_sk_num", _INT, [_P]),
    ("OPENSSL_sk_value", _P, [_P, _INT]),
    ("i2d_X509", _INT, [_P, ctypes.POINTER(_BYTES)]),
    ("ERR_get_error", ctypes.c_ulong, []),
    ("ERR_error_string_n", None, [ctypes.c_ulong, ctypes.c_char_p, ctypes.c_size_t]),
)
SSL_CTRL_SET_TLSEXT_HOSTNAME = 55
SSL_CTRL_SET_MIN_PROTO_VERSION = 123
TLSEXT_NAMETYPE_HOST_NAME = 0
INSTALL_HINT = "pip install tongsuopy"


class TongsuoUnavailable(RuntimeError):
    """tongsuopy is missing or its bundled library lacks a function the probes need."""


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL:
    """The bundled libssl, located without importing tongsuopy's own cffi bindings."""
    spec = importlib.util.find_spec("tongsuopy")
    if spec is None or not spec.submodule_search_locations:
        raise TongsuoUnavailable(f"未安装 tongsuopy，无法探测 TLCP (tongsuopy is not installed): {INSTALL_HINT}")
    found = sorted((Path(spec.submodule_search_locations[0]) / "backends").glob("_tongsuo*"))
    shared = [path for path in found if path.suffix in {".so", ".pyd", ".dylib"}]
    if not shared:
        raise TongsuoUnavailable("tongsuopy 中没有找到 Tongsuo 库 (no _tongsuo library inside tongsuopy)")
    lib = ctypes.CDLL(str(shared[0]))
    for name, restype, argtypes in _PROTOTYPES:
        try:
            function = getattr(lib, name)
        except AttributeError:
            raise TongsuoUnavailable(f"Tongsuo 库缺少函数 (the bundled library lacks) {name}") from None
        function.restype = restype
        function.argtypes = argtypes
    return lib


@dataclass(frozen=True)
class Handshake:
    """What one ClientHello got back. ``cipher`` is the negotiated suite or, when the handshake
    stopped after the ServerHello (a TLCP ECDHE suite wants a client certificate), the suite the
    server selected; ``chain`` holds the DER certificates in the order the server sent them."""

    completed: bool
    version: str | None
    cipher: str | None
    cipher_code: int | None
    chain: tuple[bytes, ...]
    error: str | None


def _errors(lib: ctypes.CDLL) -> str | None:
    """Drain this thread's OpenSSL error queue; the first entry says why."""
    messages = []
    while code := lib.ERR_get_error():
        buffer = ctypes.create_string_buffer(256)
        lib.ERR_error_string_n(code, buffer, len(buffer))
        messages.append(buffer.value.decode("ascii", "replace"))
    return messages[0] if messages else None


def _der_chain(lib: ctypes.CDLL, ssl: int) -> tuple[bytes, ...]:
    stack = lib.SSL_get_peer_cert_chain(ssl)
    if not stack:
        return ()
    chain = []
    for index in range(lib.OPENSSL_sk_num(stack)):
        cert = lib.OPENSSL_sk_value(stack, index)
        size = lib.i2d_X509(cert, None)
        if size <= 0:
            continue
        buffer = (ctypes.c_ubyte * size)()
        cursor = ctypes.cast(buffer, _BYTES)
        lib.i2d_X509(cert, ctypes.byref(cursor))
        chain.append(bytes(buffer))
    return tuple(chain)


def _blocking_socket(host: str, port: int, timeout: float) -> socket.socket:
    """A connected socket in blocking mode whose reads and writes still give up after ``timeout``:
    OpenSSL needs a blocking descriptor, and a server that never answers must not hang the scan."""
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.settimeout(None)
    seconds = max(int(timeout), 0)
    limit = struct.pack("ll", seconds, int((timeout - seconds) * 1_000_000))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, limit)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, limit)
    return sock


def handshake(host: str, port: int, *, tlcp: bool, ciphers: str, timeout: float,
              server_name: str | None = None) -> Handshake:
    """One client handshake without certificate verification (a probe inspects, it does not trust).

    TLS offers every protocol and suite the library has at security level 0, so weak servers answer too.
    """
    lib = library()
    ctx = lib.SSL_CTX_new(lib.NTLS_client_method() if tlcp else lib.TLS_client_method())
    if not ctx:
        return Handshake(False, None, None, None, (), _errors(lib) or "SSL_CTX_new failed")
    ssl = None
    sock = None
    try:
        if tlcp:
            lib.SSL_CTX_enable_ntls(ctx)
        else:
            lib.SSL_CTX_set_security_level(ctx, 0)
            lib.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, 0, None)
        if lib.SSL_CTX_set_cipher_list(ctx, ciphers.encode("ascii")) != 1:
            return Handshake(False, None, None, None, (), _errors(lib) or f"no usable cipher in {ciphers}")
        try:
            sock = _blocking_socket(host, port, timeout)
        except OSError as exc:
            return Handshake(False, None, None, None, (), f"{type(exc).__name__}: {exc.strerror or exc}")
        ssl = lib.SSL_new(ctx)
        lib.SSL_set_fd(ssl, sock.fileno())
        if server_name:
            name = ctypes.create_string_buffer(server_name.encode("idna"))
            lib.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_HOST_NAME, ctypes.cast(name, _P))
        completed = lib.SSL_connect(ssl) == 1
        error = None if completed else _errors(lib) or "handshake failed (connection closed or timed out)"
        cipher = lib.SSL_get_current_cipher(ssl) if completed else lib.SSL_get_pending_cipher(ssl)
        name_bytes = lib.SSL_CIPHER_get_name(cipher) if cipher else None
        version = lib.SSL_get_version(ssl).decode("ascii") if cipher else None
        code = lib.SSL_CIPHER_get_protocol_id(cipher) if cipher else None
        chain = _der_chain(lib, ssl)
        if completed:
            lib.SSL_shutdown(ssl)
        return Handshake(completed, version, name_bytes.decode("ascii") if name_bytes else None, code, chain, error)
    finally:
        if ssl:
            lib.SSL_free(ssl)
        lib.SSL_CTX_free(ctx)
        if sock is not None:
            sock.close()
        _errors(lib)
