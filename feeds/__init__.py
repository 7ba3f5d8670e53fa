"""Fetching feeds and turning their entries into reports.

``sitrep.feeds.poll.Poller`` fetches (HTTP or local files) within
``sitrep.feeds.poll.Limits``; ``sitrep.feeds.parse.parse_feed`` reads the bytes;
``sitrep.feeds.schedule`` and ``sitrep.feeds.entries`` hold the pure decisions (when to
poll, which id and date an entry gets). Nothing here touches the store.
"""
