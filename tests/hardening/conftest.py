"""A loopback HTTP server that answers with exact bytes, for hostile replies.

pytest-httpserver (werkzeug) normalises what it sends; these tests need the
precise header bytes a broken or hostile server would write ("Retry-After:
\\xb2", stacked Content-Encoding), so the answer is written to the socket
as given. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest


class RawServer:
    """Maps a request path to the raw bytes of the whole response."""

    def __init__(self) -> None:
        self.replies: dict[str, bytes] = {}
        self.requests: list[bytes] = []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                head = b""
                while not head.endswith(b"\r\n\r\n"):
                    line = self.rfile.readline(65536)
                    if not line:
                        return
                    head += line
                outer.requests.append(head)
                path = head.split(b" ", 2)[1].decode("latin-1")
                reply = outer.replies.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                self.wfile.write(reply)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reply(self, path: str, status: str, headers: list[tuple[bytes, bytes]] | list[bytes], body: bytes = b"") -> str:
        """Answer ``path`` with this status line, these header lines and body."""
        lines = [f"HTTP/1.1 {status}".encode()]
        for header in headers:
            lines.append(header if isinstance(header, bytes) else header[0] + b": " + header[1])
        lines.append(b"Content-Length: %d" % len(body))
        lines.append(b"Connection: close")
        self.replies[path] = b"\r\n".join(lines) + b"\r\n\r\n" + body
        return self.url(path)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()
