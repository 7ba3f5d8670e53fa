"""Read the HTTP headers a server controls, and decode its body, defensively.

Every value here comes from a server that may be broken or hostile, so no
parser in this module raises on any string: a header that cannot be read
is ignored (None) or refused with a :class:`FeedError` naming the feed.
Decompression is bounded on every layer of a stacked ``Content-Encoding``
(``gzip, gzip`` once turned a 16 KB response into 21 GB of memory): each
decoder is asked for at most a slice of output at a time, and the total
each layer produces is capped, so no layer ever expands in one step.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from sitrep.domain.textsafe import one_line
from sitrep.feeds.errors import FeedError

UTC = timezone.utc

RETRY_AFTER_CAP = 24 * 3600.0
# The codings we can decode with a bound on each step, and so ask for.
ACCEPT_ENCODING = "gzip, deflate"
MAX_CODINGS = 3
_DECODABLE = frozenset({"gzip", "x-gzip", "deflate"})
# Registered compressions (IANA) that we cannot decode with a bound per step.
_REFUSED = frozenset({"br", "zstd", "compress", "x-compress", "pack200-gzip", "exi", "aes128gcm", "dcb", "dcz"})
# Output asked of one decoder call: small enough that no single step of a
# bomb matters, large enough that an ordinary body takes few calls.
_STEP = 64 * 1024
_DELTA_SECONDS = re.compile(r"[0-9]{1,15}")


def parse_retry_after(
    value: str | None, now: datetime, cap: float = RETRY_AFTER_CAP
) -> datetime | None:
    """The time a Retry-After header (delta seconds or HTTP date) points to.

    Capped so a hostile or broken server cannot silence a feed for years;
    anything unreadable (non-ASCII digits such as "²", dates beyond the
    calendar, garbage) is ignored: None, never an exception.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    limit = now + timedelta(seconds=cap)
    if _DELTA_SECONDS.fullmatch(value):
        return now + timedelta(seconds=min(int(value), cap))
    when = parse_http_date(value)
    if when is None:
        return None
    return min(max(when, now), limit)


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110, also the obsolete forms) as aware UTC, or None."""
    if not value or not isinstance(value, str) or len(value) > 100:
        return None
    try:
        when = parsedate_to_datetime(value.strip())
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        # Year 9999 with a negative offset overflows here.
        return when.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError, AttributeError):
        return None


def content_codings(feed: str, value: str | None) -> list[str]:
    """The codings applied to a body, in the order they were applied.

    A compression we cannot decode within bounds (br, zstd, compress), or a
    stack deeper than ``MAX_CODINGS``, is refused: we never asked for them.
    Other tokens ("identity", and the "utf-8" or "none" that broken servers
    send) name no compression and are ignored, as httpx does.
    """
    if not value:
        return []
    codings = [c.strip().lower() for c in value.split(",")]
    codings = [c for c in codings if c in _DECODABLE or c in _REFUSED]
    if len(codings) > MAX_CODINGS:
        raise FeedError(feed, f"refused a body compressed {len(codings)} times over (Content-Encoding)")
    for coding in codings:
        if coding in _REFUSED:
            raise FeedError(feed, f"unsupported Content-Encoding {coding!r}")
    return codings


class _Layer:
    """One zlib-family decoder whose output is bounded on every call."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        # 16 + MAX_WBITS: a gzip wrapper; 47 would also guess, but a deflate
        # body may be raw or zlib-wrapped, which is settled on first bytes.
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS) if coding != "deflate" else None
        self._first = b""

    def _deflate_obj(self, data: bytes) -> zlib._Decompress:  # type: ignore[name-defined]
        # "deflate" is meant to be zlib-wrapped but often is raw deflate.
        looks_zlib = len(data) >= 2 and (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if looks_zlib else -zlib.MAX_WBITS)

    def feed(self, data: bytes, emit: Callable[[bytes], None]) -> None:
        if self._obj is None:
            self._first += data
            if len(self._first) < 2:
                return
            self._obj = self._deflate_obj(self._first)
            data, self._first = self._first, b""
        obj = self._obj
        while not obj.eof:
            # At most _STEP out per call; what is left of the input waits in
            # unconsumed_tail, and a full step may leave output pending.
            out = obj.decompress(data, _STEP)
            if out:
                emit(out)
            data = obj.unconsumed_tail
            if not data and len(out) < _STEP:
                return
        # Bytes after the end of the stream are ignored.

    def finish(self, emit: Callable[[bytes], None]) -> None:
        """Decode what a deflate body too short to sniff left behind.

        A stream that stops before its end is an error: the body was cut
        short. ``flush()`` is never called, since its output is not bounded.
        """
        if self._obj is None and self._first:
            self._obj = self._deflate_obj(self._first)
            data, self._first = self._first, b""
            self.feed(data, emit)
        if self._obj is None or not self._obj.eof:
            raise zlib.error(f"the {self.coding} stream ends before its end")


class BoundedBody:
    """Decodes a stacked Content-Encoding into at most ``max_bytes``.

    Every layer's cumulative output counts against ``max_bytes`` as it is
    produced, so an inner layer that would expand without limit is stopped
    after at most one ``_STEP`` of excess, whatever the stack.
    """

    def __init__(self, feed: str, codings: list[str], max_bytes: int, too_big: str) -> None:
        self.feed_name = feed
        self.max_bytes = max_bytes
        self.too_big = too_big
        # Codings are listed in the order applied; decode from the last.
        self._layers = [_Layer(c) for c in reversed(codings)]
        self._produced = [0] * (len(self._layers) + 1)
        self._chunks: list[bytes] = []

    def _sink(self, depth: int) -> Callable[[bytes], None]:
        def emit(data: bytes) -> None:
            self._produced[depth] += len(data)
            if self._produced[depth] > self.max_bytes:
                raise FeedError(self.feed_name, self.too_big)
            if depth == len(self._layers):
                self._chunks.append(data)
            else:
                self._layers[depth].feed(data, self._sink(depth + 1))

        return emit

    def feed(self, raw: bytes) -> None:
        try:
            self._sink(0)(raw)
        except zlib.error as exc:
            raise FeedError(self.feed_name, f"could not decode the response body: {one_line(str(exc), 200)}") from None

    def finish(self) -> bytes:
        try:
            for depth, layer in enumerate(self._layers):
                layer.finish(self._sink(depth + 1))
        except zlib.error as exc:
            raise FeedError(self.feed_name, f"could not decode the response body: {one_line(str(exc), 200)}") from None
        return b"".join(self._chunks)


async def read_body(
    feed: str, raw: AsyncIterator[bytes], content_encoding: str | None, max_bytes: int, too_big: str
) -> bytes:
    """Read a raw (still encoded) body stream and decode it within the cap."""
    body = BoundedBody(feed, content_codings(feed, content_encoding), max_bytes, too_big)
    async for chunk in raw:
        body.feed(chunk)
    return body.finish()
