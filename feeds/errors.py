"""The one exception the feeds layer lets out.

Every failure a user can cause or meet (a dead URL, an HTML page where a
feed should be, a body over the size cap) ends up as a :class:`FeedError`
whose message names the feed, so the CLI and the TUI can show it as is.
"""

from __future__ import annotations


class FeedError(Exception):
    """A feed could not be fetched or read; ``str(error)`` is user-facing."""

    def __init__(self, feed: str, message: str) -> None:
        self.feed = feed
        self.reason = message
        super().__init__(f"feed {feed!r}: {message}")


class FeedHTTPError(FeedError):
    """The server answered with an error status.

    ``retry_after`` keeps the raw Retry-After header of a 429 or 503 so the
    scheduler can wait as long as the server asked.
    """

    def __init__(self, feed: str, status: int, message: str, retry_after: str | None = None) -> None:
        super().__init__(feed, message)
        self.status = status
        self.retry_after = retry_after
