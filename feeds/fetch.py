"""Get a feed's bytes, over HTTP or from disk, within hard limits.

This is the only module in ``feeds`` that does I/O. Every way a fetch can
go wrong turns into a :class:`FeedError` with a message a user can act on;
the size cap is counted on the decoded body while it streams, so neither a
huge response nor a gzip bomb is ever held in memory whole.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from sitrep.domain.textsafe import one_line

from sitrep.feeds.errors import FeedError, FeedHTTPError

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

    An unchanged file (same :func:`file_etag` as last time) answers like a
    304, so its entries are not parsed again.
    """
    path = local_path(url)
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
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
    if len(data) > max_bytes:
        raise FeedError(feed, f"file larger than {human_size(max_bytes)}: {path}")
    return Fetched(status=200, url=url, body=data, headers={"etag": tag})


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
    too_big = f"response larger than {human_size(max_bytes)}"
    length = response.headers.get("content-length", "")
    # A compressed body never shrinks when decoded, so this check is safe
    # before reading; the streamed count below is the real guard.
    if length.isdigit() and int(length) > max_bytes:
        raise FeedError(feed, too_big)
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise FeedError(feed, too_big)
        chunks.append(chunk)
    return b"".join(chunks)


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
    headers = {"Accept": accept, **conditional_headers(etag, last_modified)}
    visited = [url]
    current = url
    while True:
        try:
            async with client.stream("GET", current, headers=headers, follow_redirects=False) as response:
                status = response.status_code
                if status in _REDIRECTS and "location" in response.headers:
                    target = urljoin(current, response.headers["location"].strip())
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
        except httpx.HTTPError as exc:
            raise FeedError(feed, f"request failed: {_short(exc)}") from None
        except (httpx.InvalidURL, ValueError) as exc:
            raise FeedError(feed, f"invalid URL {one_line(current, 200)!r}: {_short(exc)}") from None

        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise FeedError(feed, f"redirected to an unsupported URL: {one_line(target, 200)}")
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
                return await asyncio.to_thread(read_file, feed, url, max_bytes, etag)
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
