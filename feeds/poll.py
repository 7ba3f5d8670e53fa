"""Poll many feeds in one asyncio loop, politely and within limits.

One shared ``httpx.AsyncClient`` serves every feed; a global semaphore
bounds concurrent requests and a per-host one keeps us from hammering a
single server that hosts several feeds. Each feed's outcome is computed on
its own, so one feed's failure (a timeout, a 500, an HTML page) never
stops the rest of the cycle. Scheduling decisions live in
:mod:`sitrep.feeds.schedule`, entry decisions in :mod:`sitrep.feeds.entries`; this module
only sequences I/O around them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import httpx

from sitrep.domain.models import FeedConfig, FeedState, Report
from sitrep.domain.textsafe import one_line

from sitrep.feeds import schedule
from sitrep.feeds.article import fetch_article, wants_article
from sitrep.feeds.errors import FeedError, FeedHTTPError
from sitrep.feeds.fetch import fetch, is_local, note_location
from sitrep.feeds.parse import parse_feed

UTC = timezone.utc

MAX_WARNINGS = 5  # kept in a feed's state, for `feeds list`
USER_AGENT = "sitrep/0.1 (terminal news-feed dashboard; feeds and the articles they link)"


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on every fetch (feeds and articles alike): time (seconds),
    size (bytes) and fan-out.

    ``concurrency`` bounds requests in flight in all: it only protects this
    machine, so it is high enough that a few slow servers never hold up
    the rest; ``per_host`` is the politeness bound towards one server.
    """

    connect: float = 10.0
    read: float = 20.0
    total: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 64
    per_host: int = 2
    backoff_cap: float = schedule.BACKOFF_CAP
    jitter: float = schedule.JITTER

    def __post_init__(self) -> None:
        for name in ("connect", "read", "total", "backoff_cap"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be a positive number of seconds")
        for name in ("max_bytes", "concurrency", "per_host"):
            if getattr(self, name) < 1:
                raise ValueError(f"Limits.{name} must be at least 1")
        if self.max_redirects < 0:
            raise ValueError("Limits.max_redirects must not be negative")
        if not 0 <= self.jitter < 1:
            raise ValueError("Limits.jitter must be a fraction between 0 and 1")


@dataclass(slots=True)
class PollOutcome:
    """The result of polling one feed; ``state`` is the feed's new state."""

    feed: FeedConfig
    state: FeedState
    status: str  # "ok" | "not-modified" | "error"
    reports: list[Report] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    title: str | None = None


def _host_key(url: str) -> str:
    if is_local(url):
        return "<local>"
    try:
        return (urlsplit(url).hostname or url).lower()
    except ValueError:
        return url


class Poller:
    """Polls the feeds that are due and reports what each poll gave.

    Pass ``client`` to share an existing ``httpx.AsyncClient`` (the poller
    then leaves closing it to you); ``rng`` makes jitter reproducible.
    """

    def __init__(
        self,
        limits: Limits = Limits(),
        client: httpx.AsyncClient | None = None,
        *,
        rng: random.Random | None = None,
    ) -> None:
        self.limits = limits
        self._client = client
        self._owns_client = client is None
        self._rng = rng or random.Random()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(limits.concurrency)
        self._host_slots: defaultdict[str, asyncio.Semaphore] = defaultdict(self._host_semaphore)

    def _host_semaphore(self) -> asyncio.Semaphore:
        return asyncio.Semaphore(self.limits.per_host)

    def _bind_loop(self) -> None:
        """Semaphores and pooled connections belong to one event loop.

        Bounds hold across overlapping ``poll`` calls on the same loop; a
        poller reused under a new loop (a second ``asyncio.run``) starts
        afresh rather than failing on objects tied to the dead one.
        """
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        if self._loop is not None:
            self._slots = asyncio.Semaphore(self.limits.concurrency)
            self._host_slots = defaultdict(self._host_semaphore)
            if self._owns_client:
                self._client = None
        self._loop = loop

    def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            limits = self.limits
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(
                    connect=limits.connect, read=limits.read, write=limits.read, pool=limits.total
                ),
                limits=httpx.Limits(
                    max_connections=limits.concurrency,
                    max_keepalive_connections=limits.concurrency,
                ),
                headers={"User-Agent": USER_AGENT},
                follow_redirects=False,
                event_hooks={"response": [note_location]},
            )
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client if this poller created it."""
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> Poller:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def poll(
        self,
        feeds: Sequence[FeedConfig],
        states: Mapping[str, FeedState],
        *,
        force: bool = False,
        now: datetime | None = None,
        on_outcome: Callable[[PollOutcome], Any] | None = None,
        known: Callable[[str], bool] | None = None,
    ) -> list[PollOutcome]:
        """Poll the due feeds (all when ``force``), concurrently.

        Entries whose feed wants full text (``FeedConfig.full_text``) get
        their linked article read, unless ``known(report_id)`` says the
        report is stored already: an article is fetched once, ever. A link
        shared by several feeds in one poll is fetched once too.

        ``now`` fixes the clock used for due-ness, next_poll and report
        fetch times (tests pass it); without it the real time at the end
        of each fetch is used. ``on_outcome`` is called (and awaited if it
        returns an awaitable) as each feed finishes, in completion order;
        the returned list is in config order. ``states`` is not modified.
        """
        due = schedule.due_feeds(feeds, states, now or datetime.now(UTC), force=force)
        if not due:
            return []
        self._bind_loop()
        articles: dict[str, asyncio.Future[Report]] = {}
        tasks = {
            asyncio.ensure_future(
                self._poll_one(feed, states.get(feed.name), now, known, articles)
            ): feed.name
            for feed in due
        }
        results: dict[str, PollOutcome] = {}
        try:
            for next_done in asyncio.as_completed(tasks):
                outcome = await next_done
                results[outcome.feed.name] = outcome
                if on_outcome is not None:
                    value = on_outcome(outcome)
                    if inspect.isawaitable(value):
                        await value
        finally:
            for task in [*tasks, *articles.values()]:
                task.cancel()
        return [results[feed.name] for feed in due]

    async def _poll_one(
        self, feed: FeedConfig, state: FeedState | None, now: datetime | None,
        known: Callable[[str], bool] | None = None,
        articles: dict[str, asyncio.Future[Report]] | None = None,
    ) -> PollOutcome:
        state = state or FeedState(name=feed.name)
        limits = self.limits
        try:
            async with self._slots, self._host_slots[_host_key(feed.url)]:
                fetched = await fetch(
                    self._get_client(), feed.name, feed.url,
                    etag=state.etag,
                    last_modified=None if is_local(feed.url) else state.last_modified,
                    max_bytes=limits.max_bytes, max_redirects=limits.max_redirects,
                    total=limits.total, connect_timeout=limits.connect, read_timeout=limits.read,
                )
            when = now or datetime.now(UTC)
            if fetched.not_modified:
                new_state = self._success(
                    feed, state, when, "not-modified",
                    fetched.headers.get("etag") or state.etag,
                    fetched.headers.get("last-modified") or state.last_modified,
                )
                return PollOutcome(feed=feed, state=new_state, status="not-modified")
            assert fetched.body is not None
            # feedparser and the HTML conversion are pure Python and can take
            # a second on a big feed: off the loop, so a TUI stays responsive.
            parsed = await asyncio.to_thread(
                parse_feed, fetched.body, feed=feed.name, url=fetched.url,
                headers=fetched.headers, fetched=when,
            )
            reports = await self._read_articles(
                feed, parsed.reports, known, {} if articles is None else articles,
            )
            new_state = self._success(
                feed, state, when, "ok",
                fetched.headers.get("etag"), fetched.headers.get("last-modified"),
            )
            new_state.warnings = [one_line(w, 300) for w in parsed.warnings[:MAX_WARNINGS]]
            return PollOutcome(
                feed=feed, state=new_state, status="ok", reports=reports,
                warnings=parsed.warnings, title=parsed.title,
            )
        except FeedError as exc:
            return self._failure(feed, state, now, exc)
        except Exception as exc:  # a bug or a library surprise must not end the cycle
            return self._failure(feed, state, now, FeedError(feed.name, f"unexpected error: {_describe(exc)}"))

    async def _read_articles(
        self, feed: FeedConfig, reports: list[Report],
        known: Callable[[str], bool] | None, articles: dict[str, asyncio.Future[Report]],
    ) -> list[Report]:
        """The reports, those that want their article reading it (or saying why not)."""
        wanted: dict[int, asyncio.Future[Report]] = {}
        for index, report in enumerate(reports):
            if not wants_article(report, feed.full_text) or (known is not None and known(report.id)):
                continue
            assert report.url is not None
            future = articles.get(report.url)
            if future is None:
                future = articles[report.url] = asyncio.ensure_future(self._article(report))
            wanted[index] = future
        if not wanted:
            return reports
        await asyncio.gather(*wanted.values(), return_exceptions=True)
        out = list(reports)
        for index, future in wanted.items():
            own = reports[index]
            problem = future.exception() if not future.cancelled() else None
            if future.cancelled() or problem is not None:
                # a bug or a library surprise costs the article, not the report
                why = one_line(repr(problem), 200) if problem is not None else "cancelled"
                out[index] = dataclasses.replace(own, article_error=f"article not read: unexpected error: {why}")
                continue
            read = future.result()
            # Another feed's entry may have asked first: keep this entry's
            # own id, feed and summary, take the article.
            out[index] = dataclasses.replace(
                own, text=read.text, summary=own.text if read.summary else "",
                article_error=read.article_error,
            )
        return out

    async def _article(self, report: Report) -> Report:
        limits = self.limits
        async with self._slots, self._host_slots[_host_key(report.url or "")]:
            return await fetch_article(
                self._get_client(), report,
                max_bytes=limits.max_bytes, max_redirects=limits.max_redirects, total=limits.total,
                connect_timeout=limits.connect, read_timeout=limits.read,
            )

    def _success(
        self, feed: FeedConfig, state: FeedState, when: datetime, status: str,
        etag: str | None, last_modified: str | None,
    ) -> FeedState:
        return schedule.after_success(
            state, now=when, interval=feed.every, rng=self._rng, status=status,
            etag=_validator(etag), last_modified=_validator(last_modified), jitter=self.limits.jitter,
        )

    def _failure(self, feed: FeedConfig, state: FeedState, now: datetime | None, exc: FeedError) -> PollOutcome:
        """The feed's error outcome; nothing in it may raise, whatever a
        server sent, since an exception here would end the whole poll."""
        when = now or datetime.now(UTC)
        retry_after = None
        if isinstance(exc, FeedHTTPError):
            try:
                retry_after = schedule.parse_retry_after(exc.retry_after, when)
            except Exception:  # noqa: BLE001 - an unreadable header is ignored
                retry_after = None
        message = str(exc)
        new_state = schedule.after_error(
            state, now=when, interval=feed.every, rng=self._rng, error=message,
            retry_after=retry_after, cap=self.limits.backoff_cap, jitter=self.limits.jitter,
        )
        return PollOutcome(feed=feed, state=new_state, status="error", error=message)


def _describe(exc: BaseException) -> str:
    """One line for an unexpected exception; an ExceptionGroup by its first cause."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return one_line(f"{type(exc).__name__}: {exc}", 300)


def _validator(value: str | None) -> str | None:
    """An ETag/Last-Modified fit to send back: one printable line, bounded."""
    if not value:
        return None
    value = one_line(value)
    return value if 0 < len(value) <= 1024 else None
