"""Refuse every network address but loopback, in tests and their subprocesses.

The saved feeds and article pages in ../shared link to real sites that must
never be contacted; a test that forgets to rewrite a link (or a command that
fetches a feed's title) fails with this error instead of making a request,
or even a DNS query. ``tests/conftest.py`` installs it in the test process
and puts this folder on PYTHONPATH, so that ``sitecustomize`` installs it in
every ``sitrep`` subprocess too.
"""

from __future__ import annotations

import ipaddress
import socket

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def install() -> None:
    if getattr(socket, "_sitrep_loopback_only", False):
        return
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host is not None and not is_loopback(host):
            raise OSError(f"tests may not reach past loopback: refused to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guard(address: object) -> None:
        if isinstance(address, tuple) and not is_loopback(address[0]):
            raise OSError(f"tests may not reach past loopback: refused to connect to {address!r}")

    def connect(self, address):  # type: ignore[no-untyped-def]
        guard(address)
        return real_connect(self, address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        guard(address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket._sitrep_loopback_only = True  # type: ignore[attr-defined]
