"""Fetching feeds and turning their entries into reports.

``feeds.poll.Poller`` fetches (HTTP or local files) within
``feeds.poll.Limits``; ``feeds.parse.parse_feed`` reads the bytes;
``feeds.schedule`` and ``feeds.entries`` hold the pure decisions (when to
poll, which id and date an entry gets). Nothing here touches the store.
"""
