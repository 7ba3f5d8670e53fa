"""Read the article behind a feed entry's link, when the entry is a summary.

Most news feeds carry one or two sentences and a link; the facts sitrep
looks for (who took which place, how many were killed) are in the article.
This module decides which entries need their article (:func:`wants_article`),
fetches the page through the same fetch code and limits as feeds
(:func:`fetch_article`), and reads its main text with trafilatura
(:func:`main_text`), which drops navigation, captions, related links and
comments far better than any hand-written rule would.

A page that cannot be read never costs the report: it keeps the entry's
own text and carries the reason in ``Report.article_error``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from urllib.parse import urlsplit

import httpx

from sitrep.domain.models import Report
from sitrep.domain.textsafe import one_line, strip_controls

from sitrep.feeds.entries import MAX_BODY, cap
from sitrep.feeds.errors import FeedError
from sitrep.feeds.fetch import fetch

# "auto" fetches the article when the entry's own text is shorter than
# this: a teaser is one or two sentences, a full entry several paragraphs.
AUTO_WORDS = 100
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Elements whose class says "badge" (an outlet's standards or award badge
# under the article) are never article text; trafilatura keeps some.
_PRUNE = [
    "//*[contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'badge')]"
]

logging.getLogger("trafilatura").setLevel(logging.ERROR)


def word_count(text: str) -> int:
    return len(text.split())


def wants_article(report: Report, mode: str) -> bool:
    """Whether this report's article should be fetched under ``mode``."""
    if mode == "never" or not report.url:
        return False
    try:
        if urlsplit(report.url).scheme.lower() not in ("http", "https"):
            return False
    except ValueError:
        return False
    return mode == "always" or word_count(report.text) < AUTO_WORDS


def _not_html(headers: httpx.Headers) -> str | None:
    kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind and kind not in _HTML_TYPES:
        return f"the link is not an HTML page ({one_line(kind, 60)})"
    return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def main_text(page: bytes, *, url: str | None = None, content_type: str = "") -> str | None:
    """The main text of an HTML page as paragraphs, or None when it has none.

    CPU-bound (tens of milliseconds on a typical page): call it off the
    event loop.
    """
    import trafilatura  # imported on first use: it costs a CLI start ~0.3 s

    if page[:5] == b"%PDF-":
        return None
    document: str | bytes = page
    charset = _charset(content_type)
    if charset:
        try:
            document = page.decode(charset, errors="replace")
        except LookupError:
            document = page
    text = trafilatura.extract(
        document, url=url, include_comments=False, include_tables=False,
        include_images=False, deduplicate=True, prune_xpath=_PRUNE,
    )
    if not text:
        return None
    paragraphs = [" ".join(line.split()) for line in strip_controls(text).split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    return cap(body, MAX_BODY) or None


def without_headline(article: str, title: str) -> str:
    """The article without a first paragraph repeating the report's title.

    ``Report.full_text`` already starts with the title; read twice, the
    headline would give every fact in it twice.
    """
    head, _, rest = article.partition("\n\n")
    if rest and " ".join(head.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return article


def with_article(report: Report, article: str) -> Report:
    """The report reading its article; the entry's own text kept as summary."""
    return dataclasses.replace(report, text=without_headline(article, report.title),
                               summary=report.text, article_error=None)


def with_failure(report: Report, reason: str) -> Report:
    return dataclasses.replace(report, article_error=one_line(reason, 300))


async def fetch_article(
    client: httpx.AsyncClient,
    report: Report,
    *,
    max_bytes: int,
    max_redirects: int,
    total: float,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
) -> Report:
    """The report with its article's text, or marked with why there is none.

    Never raises for anything a page or server can do: a timeout, an error
    status, a redirect loop, an oversized or non-HTML body, a page without
    main text all end in :func:`with_failure`.
    """
    assert report.url is not None
    try:
        fetched = await fetch(
            client, report.feed, report.url, etag=None, last_modified=None,
            max_bytes=max_bytes, max_redirects=max_redirects, total=total,
            connect_timeout=connect_timeout, read_timeout=read_timeout,
            accept=HTML_ACCEPT, check=_not_html,
        )
    except FeedError as exc:
        return with_failure(report, f"article not read: {exc.reason}")
    body = fetched.body or b""
    content_type = fetched.headers.get("content-type", "")
    try:
        text = await asyncio.to_thread(main_text, body, url=fetched.url, content_type=content_type)
    except Exception as exc:  # noqa: BLE001 - a parser surprise costs only the article
        return with_failure(report, f"article not read: {type(exc).__name__}: {one_line(str(exc), 200)}")
    # A page yielding less than the entry's own teaser (a paywall, a bare
    # menu) has nothing worth reading in the teaser's place.
    if text is None or word_count(text) < word_count(report.text):
        return with_failure(report, "article not read: the page has no main text")
    return with_article(report, text)
