"""The one exception the store raises, worded for the person at the keyboard."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be read or written.

    The message names the file and the problem, because the user is the one
    who has to act on it (restore a backup, upgrade sitrep, free disk space);
    a traceback from deep inside json or os would not tell them what to do.
    """
