"""The config keys for reading articles and for the poller's fan-out."""

from __future__ import annotations

import pytest

from sitrep.domain.config import ConfigError, PollSettings, load_config
from sitrep.wiring.pipeline import poll_limits


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_full_text_per_feed_and_poll_bounds(tmp_path):
    config = load_config(write(tmp_path, (
        '[poll]\nconcurrency = 100\nper_host = 3\n\n'
        '[[feeds]]\nname = "A"\nurl = "https://a.example/rss"\nfull_text = "never"\n\n'
        '[[feeds]]\nname = "B"\nurl = "https://b.example/rss"\n')))
    assert [f.full_text for f in config.feeds] == ["never", "auto"]
    assert config.poll == PollSettings(concurrency=100, per_host=3)
    limits = poll_limits(config.poll)
    assert (limits.concurrency, limits.per_host) == (100, 3)
    assert load_config(write(tmp_path, "")).poll == PollSettings()


@pytest.mark.parametrize("text, problem, line", [
    ('[[feeds]]\nname = "A"\nurl = "u"\nfull_text = "sometimes"\n', "full_text must be one of", 4),
    ('[poll]\nconcurrency = 0\n', "poll.concurrency must be a whole number", 2),
    ('[poll]\nper_host = "2"\n', "poll.per_host must be a whole number", 2),
    ('[poll]\nworkers = 2\n', "unknown key poll.workers", 2),
])
def test_bad_values_name_their_line(tmp_path, text, problem, line):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert problem in str(caught.value) and caught.value.line == line
