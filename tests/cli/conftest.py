"""Run the real ``sitrep`` command in a subprocess with its home in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


class Sitrep:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.config = home / "config.toml"

    def __call__(self, *args: str, input: str | bytes | None = None, ok: bool | None = True) -> Result:
        env = dict(os.environ, SITREP_HOME=str(self.home), COLUMNS="200", NO_COLOR="1")
        env.pop("PYTHONWARNINGS", None)
        data = input.encode() if isinstance(input, str) else input
        proc = subprocess.run(
            [sys.executable, "-m", "sitrep", *args], input=data, capture_output=True,
            env=env, timeout=120,
        )
        result = Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                        proc.stderr.decode("utf-8", "replace"))
        assert "Traceback" not in result.err, result.err
        if ok is True:
            assert result.code == 0, (args, result.err, result.out)
        elif ok is False:
            assert result.code != 0, (args, result.out)
        return result


@pytest.fixture
def sitrep(tmp_path: Path) -> Sitrep:
    home = tmp_path / "home"
    home.mkdir()
    return Sitrep(home)


@pytest.fixture
def rss():
    """Builds RSS 2.0 documents for tests to serve or write."""
    return make_rss


def make_rss(items: list[tuple[str, str, str]], title: str = "Test wire") -> str:
    """An RSS 2.0 document from (guid, title, description) triples."""
    body = "".join(
        f"<item><guid isPermaLink=\"false\">{guid}</guid><title>{t}</title>"
        f"<link>https://example.org/{guid}</link>"
        f"<pubDate>Tue, 0{1 + n % 8} Apr 2025 10:00:00 GMT</pubDate>"
        f"<description>{d}</description></item>"
        for n, (guid, t, d) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://example.org/</link>"
            f"<description>test</description>{body}</channel></rss>")
