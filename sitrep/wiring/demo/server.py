"""A loopback HTTP server that publishes the sample situation a bit at a time.

The demo has to look like a live situation to the real poller, so the
server speaks plain HTTP the way news sites do: one RSS feed per outlet (one
outlet as Atom), item pages behind the links, and ETag / Last-Modified
validators so that conditional GETs get 304 until something new is out.

Releases follow a schedule computed from one injected clock: a few reports
are out at start (dated a little in the past, like a wire already running),
then one more every ``interval / speed`` seconds. Nothing mutates as time
passes, which keeps the handler threads free of shared state, and lets tests
drive the clock instead of sleeping.

It binds only 127.0.0.1, on a port the OS picks, and logs nothing: stderr
belongs to the terminal UI while the demo runs.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from sitrep.wiring.demo import documents
from sitrep.wiring.demo.content import DemoSituation, Outlet, load_situation
from sitrep.wiring.demo.documents import Release
from sitrep.domain.models import utcnow

HOST = "127.0.0.1"
DEFAULT_INTERVAL = 4.0
DEFAULT_INITIAL = 6
# How far apart the reports already out at start are dated.
BACKDATE_STEP = timedelta(minutes=7)

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


class DemoServer:
    """Serves the situation's outlets on http://127.0.0.1:<port>/.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        situation: DemoSituation | None = None,
        *,
        interval: float = DEFAULT_INTERVAL,
        speed: float = 1.0,
        initial: int = DEFAULT_INITIAL,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        if not (interval > 0 and math.isfinite(interval)):
            raise ValueError(f"interval must be a positive number of seconds, not {interval!r}")
        if not (speed > 0 and math.isfinite(speed)):
            raise ValueError(f"speed must be a positive factor, not {speed!r}")
        if initial < 0:
            raise ValueError(f"initial must not be negative, not {initial!r}")
        self.situation = situation or load_situation()
        self.step = interval / speed
        self.initial = min(initial, len(self.situation.reports))
        self._clock = clock
        self._now = now
        self._httpd: _HTTPServer | None = None
        self._port: int | None = None  # kept after stop: a request in flight still renders its links
        self._thread: threading.Thread | None = None
        self._started: float | None = None
        self._schedule: list[Release] = []

    # --- lifecycle -------------------------------------------------------

    def start(self) -> DemoServer:
        if self._httpd is not None:
            raise RuntimeError("the demo server is already running")
        self._started = self._clock()
        self._schedule = self._plan(self._now())
        httpd = _HTTPServer((HOST, 0), _Handler)
        httpd.demo = self
        self._httpd = httpd
        self._port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
            name="sitrep-demo-server", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port; safe to call more than once."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    # --- where things are ------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the demo server was never started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def feed_url(self, outlet: Outlet | str) -> str:
        if isinstance(outlet, str):
            outlet = self.situation.outlet(outlet)
        return self.base_url + outlet.feed_path

    # --- the release schedule --------------------------------------------

    @property
    def total(self) -> int:
        return len(self.situation.reports)

    def released(self) -> int:
        """How many reports are out now, in release order."""
        if self._started is None:
            return 0
        elapsed = max(0.0, self._clock() - self._started)
        return min(self.total, self.initial + int(elapsed // self.step))

    @property
    def finished(self) -> bool:
        return self.released() >= self.total

    def releases(self, outlet: Outlet | None = None) -> list[Release]:
        """The reports out now (of one outlet, or all), oldest first."""
        out = self._schedule[: self.released()]
        if outlet is not None:
            out = [r for r in out if r.report.outlet == outlet.key]
        return out

    def _plan(self, wall: datetime) -> list[Release]:
        """Date every report: the first ones in the past, the rest as released."""
        plan = []
        for report in self.situation.reports:
            if report.order < self.initial:
                published = wall - BACKDATE_STEP * (self.initial - report.order)
            else:
                published = wall + timedelta(seconds=self.step * (report.order - self.initial + 1))
            plan.append(Release(report=report, published=published.replace(microsecond=0)))
        return plan

    # --- responses -------------------------------------------------------

    def respond(self, path: str) -> _Response:
        """What to send for a GET of ``path``, before validators are applied."""
        path = urlsplit(path).path
        if path in ("/", "/index.html"):
            body = documents.index_page(self.situation.outlets, self.base_url, self.released(), self.total)
            return _Response(200, "text/html; charset=utf-8", body)
        for outlet in self.situation.outlets:
            if path == outlet.feed_path:
                return self._feed(outlet)
            if path.startswith(f"/{outlet.key}/"):
                return self._item(outlet, path.removeprefix(f"/{outlet.key}/"))
        return _not_found()

    def _feed(self, outlet: Outlet) -> _Response:
        releases = self.releases(outlet)
        # The feed's date is its newest item's, so it only changes with the
        # content and the validators stay valid between releases.
        built = max((r.published for r in releases), default=self._schedule[0].published)
        render = documents.atom_feed if outlet.format == "atom" else documents.rss_feed
        body = render(outlet, releases, self.base_url, built)
        return _Response(
            200, f"{FEED_TYPES[outlet.format]}; charset=utf-8", body,
            etag='"' + hashlib.sha256(body).hexdigest()[:20] + '"', last_modified=built,
        )

    def _item(self, outlet: Outlet, item_id: str) -> _Response:
        for release in self.releases(outlet):
            if release.report.id == item_id:
                body = documents.item_page(outlet, release, self.base_url)
                return _Response(200, "text/html; charset=utf-8", body)
        return _not_found()


class _Response:
    __slots__ = ("status", "content_type", "body", "etag", "last_modified")

    def __init__(self, status: int, content_type: str, body: bytes,
                 etag: str | None = None, last_modified: datetime | None = None) -> None:
        self.status = status
        self.content_type = content_type
        self.body = body
        self.etag = etag
        self.last_modified = last_modified

    def not_modified(self, if_none_match: str | None, if_modified_since: str | None) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since only without it."""
        if if_none_match is not None:
            if self.etag is None:
                return False
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in tags or self.etag in tags
        if if_modified_since is not None and self.last_modified is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError, IndexError):
                return False
            if since is None or since.tzinfo is None:
                return False
            return self.last_modified <= since
        return False


def _not_found() -> _Response:
    return _Response(404, "text/plain; charset=utf-8", b"not found\n")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "sitrep-demo/1"
    sys_version = ""
    timeout = 10  # a stalled client must not pin a thread for ever

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        response = self.server.demo.respond(self.path)
        status, body = response.status, response.body
        if status == 200 and response.not_modified(
            self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        ):
            status, body = 304, b""
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
        if response.etag:
            self.send_header("ETag", response.etag)
        if response.last_modified:
            self.send_header("Last-Modified", format_datetime(response.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if body and not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silent: the terminal belongs to the dashboard."""
