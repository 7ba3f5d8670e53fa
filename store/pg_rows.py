"""How reports and events look as PostgreSQL rows, and the SQL that writes a batch.

Report fields without a column of their own travel in ``extra`` (JSON), so a
field added to ``Report`` needs no migration. The words kept for search are
those of the TinyDB store's word index, computed here and cast to a
tsvector in the database without any dictionary work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sitrep.domain.models import Report, ReportMeta
from sitrep.store.search_index import MIN_PREFIX, query_words, words_of

# Report columns of their own; any other Report field travels in ``extra``.
COLUMNS = ("id", "feed", "title", "url", "published", "published_guessed", "fetched", "on_topic")
REPORT_FIELDS = frozenset(f.name for f in dataclasses.fields(Report))
EXTRA_FIELDS = REPORT_FIELDS - set(COLUMNS) - {"text"}
# An empty ``extra`` comes back as NULL: no JSON to parse for most rows.
REPORT_SELECT = ("id, feed, title, url, published, published_guessed, fetched, on_topic,"
                 " nullif(extra, '{}')")
META_SELECT = (
    "select r.id, r.feed, r.title, r.url, r.published, r.published_guessed, r.fetched, "
    "r.on_topic, r.length, nullif(r.extra, '{}'), "
    "exists (select 1 from read_marks m where m.username = %(user)s and m.report_id = r.id) "
    "from reports r"
)


def clean(value: Any) -> Any:
    """PostgreSQL text and jsonb cannot hold NUL; feed text sometimes does."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def extra_of(report: Report) -> dict[str, Any]:
    """The Report fields without a column, as ``to_dict`` writes them (without its deep copy)."""
    data = {}
    for name in EXTRA_FIELDS:
        value = getattr(report, name)
        data[name] = value.isoformat() if isinstance(value, datetime) else value
    return clean(data)


# A batch in one statement, so one round trip: the reports whose id is new,
# their events (sent for every report, kept for the new ones), and NOTIFYs
# carrying the new ids as JSON lists, cut to stay under PostgreSQL's payload
# limit (an id too long to announce is left out, with an empty notification
# so that listeners still learn of a change). Either all of it happens or none.
ADD_SQL = """
with new as (
    insert into reports (id, feed, title, body, url, published, published_guessed,
                         fetched, on_topic, length, extra, words)
    select u.id, u.feed, u.title, u.body, u.url, u.published, u.guessed, u.fetched,
           u.on_topic, u.length, u.extra::jsonb, u.words::tsvector
    from unnest(%(ids)s::text[], %(feeds)s::text[], %(titles)s::text[], %(bodies)s::text[],
                %(urls)s::text[], %(published)s::timestamptz[], %(guessed)s::boolean[],
                %(fetched)s::timestamptz[], %(on_topic)s::boolean[], %(lengths)s::integer[],
                %(extras)s::text[], %(words)s::text[])
         as u(id, feed, title, body, url, published, guessed, fetched, on_topic, length,
              extra, words)
    on conflict (id) do nothing
    returning id
), added_events as (
    insert into events (report_id, n, type, published, data)
    select e.r, e.n, e.t, e.p, e.d::jsonb
    from unnest(%(ev_reports)s::text[], %(ev_n)s::integer[], %(ev_types)s::text[],
                %(ev_published)s::timestamptz[], %(ev_data)s::text[]) as e(r, n, t, p, d)
    where e.r in (select id from new)
    returning 1
), sized as (
    select id, sum(octet_length(to_json(id)::text) + 1) over (order by id) / %(chunk)s as part
    from new where octet_length(to_json(id)::text) <= %(longest)s
), notes as (
    select pg_notify(%(channel)s, json_agg(id order by id)::text) from sized group by part
), unannounced as (
    select pg_notify(%(channel)s, '[]')
    where exists (select 1 from new where octet_length(to_json(id)::text) > %(longest)s)
)
select array(select id from new), (select count(*) from added_events),
       (select count(*) from notes), (select count(*) from unannounced)
"""


def report_from(row: Sequence[Any], text: str) -> Report:
    """The Report of a row; the driver already gives aware datetimes."""
    rid, feed, title, url, published, guessed, fetched, on_topic, extra = row
    kwargs = {k: v for k, v in extra.items() if k in EXTRA_FIELDS} if extra else {}
    return Report(id=rid, feed=feed, title=title, text=text, url=url, published=published,
                  published_guessed=guessed, fetched=fetched, on_topic=on_topic, **kwargs)


def meta_from(row: Sequence[Any]) -> ReportMeta:
    """A list row as the report's own ``meta`` makes it, without reading its body."""
    *head, length, extra, read = row
    meta = report_from((*head, extra), "").meta(read)
    return dataclasses.replace(meta, length=length)


def lexemes(text: str) -> str:
    """A report's distinct words as a tsvector literal (``'a' 'b'``).

    Words are runs of letters and digits, so none holds a quote or a
    backslash that the literal would have to escape.
    """
    return " ".join(f"'{w}'" for w in words_of(text))


def tsquery(text: str) -> str:
    """``w1 & w2 & w3:*`` for PostgreSQL's to_tsquery, each word quoted as a lexeme."""
    words = query_words(text)
    if not words:
        return ""
    terms = [f"'{w}'" for w in words]
    if len(words[-1]) >= MIN_PREFIX:
        terms[-1] += ":*"
    return " & ".join(terms)
