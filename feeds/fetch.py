"""Get a feed's bytes, over HTTP or from disk, within hard limits.

This is the only module in ``feeds`` that does I/O. Every way a fetch can
go wrong turns into a :class:`FeedError` with a message a user can act on;
the size cap is counted on the decoded body while it streams, so neither a
huge response nor a gzip bomb is ever held in memory whole.
"""

from __future__ import annotations

import asyncio
import os
import stat as stat_mode
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from sitrep.domain.textsafe import one_line

from sitrep.feeds.errors import FeedError, FeedHTTPError
from sitrep.feeds.http_headers import ACCEPT_ENCODING, read_body

ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Fetched:
    """A successful fetch: a body (None for 304) and what came with it."""

    status: int
    url: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def human_size(n: int) -> str:
    """Sizes as limits are usually stated: "10 MB", "512 KB", "300 bytes"."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def human_seconds(s: float) -> str:
    return f"{s:g} s"


def is_local(url: str) -> bool:
    """A feed URL naming a file: file:// or a path without any URL scheme."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    # "C:\\feeds\\x.xml" parses with scheme "c"; a one-letter scheme is a drive.
    return scheme == "file" or scheme == "" or len(scheme) == 1


def local_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(url).expanduser()


def file_etag(stat: os.stat_result) -> str:
    """A validator for a local file, built the way web servers build theirs.

    Nanosecond mtime plus size notices a rewrite within the same second,
    which an HTTP-date Last-Modified would miss.
    """
    return f'"file-{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def read_file(feed: str, url: str, max_bytes: int, etag: str | None = None) -> Fetched:
    """Read a local feed file with the same size cap as a download.

    Only regular files are read: a FIFO, a socket or a device could block
    the read forever or never end, so they are refused before opening, and
    the file is opened non-blocking and checked again (it may have been
    swapped in between). An unchanged file (same :func:`file_etag` as last
    time) answers like a 304, so its entries are not parsed again.
    """
    path = local_path(url)
    try:
        if not stat_mode.S_ISREG(os.stat(path).st_mode) and not path.is_dir():
            raise FeedError(feed, f"not a regular file (a pipe, socket or device): {path}")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat_mode.S_ISDIR(stat.st_mode):
                raise IsADirectoryError
            if not stat_mode.S_ISREG(stat.st_mode):
                raise FeedError(feed, f"not a regular file (a pipe, socket or device): {path}")
            tag = file_etag(stat)
            if etag is not None and etag == tag:
                return Fetched(status=304, url=url, headers={"etag": tag})
            if stat.st_size > max_bytes:
                raise FeedError(feed, f"file larger than {human_size(max_bytes)}: {path}")
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FeedError(feed, f"no such file: {path}") from None
    except IsADirectoryError:
        raise FeedError(feed, f"is a directory, not a feed file: {path}") from None
    except OSError as exc:
        raise FeedError(feed, f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # a path with a NUL byte
        raise FeedError(feed, f"cannot read {one_line(str(path), 200)}: {exc}") from None
    if len(data) > max_bytes:
        raise FeedError(feed, f"file larger than {human_size(max_bytes)}: {path}")
    return Fetched(status=200, url=url, body=data, headers={"etag": tag})


async def read_file_async(feed: str, url: str, max_bytes: int, etag: str | None = None) -> Fetched:
    """:func:`read_file` in a daemon thread, so that the caller's time limit
    holds: a read stuck in the kernel (a hung network mount) is abandoned
    and cannot keep the process from exiting, as an executor thread would."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Fetched] = loop.create_future()

    def settle(result: Fetched | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result, error = read_file(feed, url, max_bytes, etag), None
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            result, error = None, exc
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the loop has closed: nobody is waiting any more

    threading.Thread(target=work, name=f"sitrep-read-{feed}"[:60], daemon=True).start()
    return await future


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _status_message(response: httpx.Response) -> str:
    reason = one_line(response.reason_phrase or "", 80)
    return f"HTTP {response.status_code} {reason}".rstrip()


async def _read_capped(feed: str, response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, or a FeedError as soon as it passes ``max_bytes``.

    The raw stream is decoded here rather than by httpx, so that every
    layer of a stacked Content-Encoding is bounded (see
    :mod:`sitrep.feeds.http_headers`).
    """
    too_big = f"response larger than {human_size(max_bytes)}"
    length = response.headers.get("content-length", "").strip()
    # A compressed body never shrinks when decoded, so this check is safe
    # before reading; the streamed count is the real guard.
    if length.isascii() and length.isdigit() and int(length) > max_bytes:
        raise FeedError(feed, too_big)
    return await read_body(
        feed, response.aiter_raw(), response.headers.get("content-encoding"), max_bytes, too_big
    )


def _checked_url(feed: str, url: str, what: str) -> str:
    """A URL httpx can fetch, or a FeedError naming this very URL.

    Checked before every request, the first and each redirect's, so that a
    bad port or a ``javascript:`` target is named as what it is.
    """
    shown = one_line(url, 200)
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port  # raises on "99999" or "x"
    except ValueError as exc:
        raise FeedError(feed, f"invalid {what} {shown!r}: {_short(exc)}") from None
    if scheme not in ("http", "https"):
        raise FeedError(feed, f"unsupported {what} {shown!r} (only http and https are fetched)")
    if not parts.hostname:
        raise FeedError(feed, f"invalid {what} {shown!r}: no host name")
    if port == 0:
        raise FeedError(feed, f"invalid {what} {shown!r}: port 0")
    return url


_LOCATION_KEY = "sitrep.location"


async def note_location(response: httpx.Response) -> None:
    """A response hook for the poller's client: keeps a redirect's raw
    Location on its request, so an error httpx raises while reading it can
    name the target the server sent."""
    location = response.headers.get("location")
    if location is not None:
        response.request.extensions[_LOCATION_KEY] = location


@asynccontextmanager
async def _opened(client: httpx.AsyncClient, request: httpx.Request) -> AsyncIterator[httpx.Response]:
    response = await client.send(request, stream=True, follow_redirects=False)
    try:
        yield response
    finally:
        await response.aclose()


async def fetch_http(
    client: httpx.AsyncClient,
    feed: str,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
    max_redirects: int,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    accept: str = ACCEPT,
    check: Callable[[httpx.Headers], str | None] | None = None,
) -> Fetched:
    """GET a feed, following redirects ourselves so loops are named clearly.

    The conditional headers go with every hop: a redirect target is the
    same resource, and its validators are what the state last stored.
    ``check`` sees a 2xx response's headers before its body is read and
    returns why the body is unwanted (e.g. a PDF where a page was
    expected), so such a body is never downloaded.
    """
    headers = {"Accept": accept, "Accept-Encoding": ACCEPT_ENCODING, **conditional_headers(etag, last_modified)}
    visited = [url]
    current = _checked_url(feed, url, "URL")
    while True:
        location = None
        try:
            request = client.build_request("GET", current, headers=headers)
            async with _opened(client, request) as response:
                status = response.status_code
                if status in _REDIRECTS and "location" in response.headers:
                    location = response.headers["location"].strip()
                elif status == 304:
                    return Fetched(status=304, url=current, headers=dict(response.headers))
                elif 200 <= status < 300:
                    refused = check(response.headers) if check is not None else None
                    if refused:
                        raise FeedError(feed, refused)
                    body = await _read_capped(feed, response, max_bytes)
                    return Fetched(status=status, url=current, body=body, headers=dict(response.headers))
                else:
                    retry_after = response.headers.get("retry-after") if status in (429, 503) else None
                    raise FeedHTTPError(feed, status, _status_message(response), retry_after)
        except httpx.ConnectTimeout:
            raise FeedError(feed, f"could not connect to {_host(current)}: timed out{_after(connect_timeout)}") from None
        except httpx.ReadTimeout:
            raise FeedError(feed, f"timed out{_after(read_timeout)} waiting for data from {_host(current)}") from None
        except httpx.TimeoutException:
            raise FeedError(feed, f"timed out talking to {_host(current)}") from None
        except httpx.ConnectError as exc:
            raise FeedError(feed, f"could not connect to {_host(current)}: {_short(exc)}") from None
        except httpx.DecodingError as exc:
            raise FeedError(feed, f"could not decode the response body: {_short(exc)}") from None
        except httpx.TooManyRedirects:
            raise FeedError(feed, f"more than {max_redirects} redirects") from None
        except httpx.UnsupportedProtocol:
            raise FeedError(feed, f"not a usable URL: {one_line(current, 200)}") from None
        except (httpx.RemoteProtocolError, httpx.InvalidURL) as exc:
            # httpx reads the Location header itself before handing us the
            # response; a bad one must be named, not the URL we asked for.
            sent = request.extensions.get(_LOCATION_KEY)
            if sent is not None:
                raise FeedError(feed, f"invalid redirect target {one_line(sent, 200)!r} from {one_line(current, 200)}") from None
            if isinstance(exc, httpx.RemoteProtocolError):
                raise FeedError(feed, f"request failed: {_short(exc)}") from None
            raise FeedError(feed, f"invalid URL {one_line(current, 200)!r}: {_short(exc)}") from None
        except httpx.HTTPError as exc:
            raise FeedError(feed, f"request failed: {_short(exc)}") from None
        except ValueError as exc:
            raise FeedError(feed, f"invalid URL {one_line(current, 200)!r}: {_short(exc)}") from None

        try:
            target = urljoin(current, location)
        except ValueError as exc:
            raise FeedError(feed, f"invalid redirect target {one_line(location, 200)!r}: {_short(exc)}") from None
        _checked_url(feed, target, "redirect target")
        if target in visited:
            chain = " -> ".join(one_line(u, 200) for u in [*visited, target])
            raise FeedError(feed, f"redirect loop: {chain}")
        if len(visited) > max_redirects:
            raise FeedError(feed, f"more than {max_redirects} redirects (last: {one_line(target, 200)})")
        visited.append(target)
        current = target


def _after(seconds: float | None) -> str:
    return f" after {human_seconds(seconds)}" if seconds else ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


def _short(exc: BaseException) -> str:
    return one_line(str(exc), 200) or type(exc).__name__


async def fetch(
    client: httpx.AsyncClient,
    feed: str,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
    max_redirects: int,
    total: float,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    accept: str = ACCEPT,
    check: Callable[[httpx.Headers], str | None] | None = None,
) -> Fetched:
    """Fetch from wherever the URL points, the whole of it within ``total`` s."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as exc:
        raise FeedError(feed, f"invalid URL {one_line(url, 200)!r}: {_short(exc)}") from None
    try:
        async with asyncio.timeout(total):
            if is_local(url):
                return await read_file_async(feed, url, max_bytes, etag)
            if scheme not in ("http", "https"):
                raise FeedError(feed, f"unsupported URL scheme {scheme!r} (use http, https or a file path)")
            return await fetch_http(
                client, feed, url, etag=etag, last_modified=last_modified,
                max_bytes=max_bytes, max_redirects=max_redirects,
                connect_timeout=connect_timeout, read_timeout=read_timeout,
                accept=accept, check=check,
            )
    except TimeoutError:
        raise FeedError(feed, f"timed out after {human_seconds(total)}") from None
