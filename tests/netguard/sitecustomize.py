"""Loaded by every Python the tests start (this folder is on PYTHONPATH)."""

from loopback_guard import install

install()
