"""sitrep.domain.config and sitrep.domain.durations in-process: paths, durations, checks, edits."""

from __future__ import annotations

import pytest

from sitrep.domain.config import ConfigError, Paths, add_feeds, find_line, load_config, remove_feed
from sitrep.domain.durations import DurationError, format_duration, parse_duration
from sitrep.domain.models import FeedConfig, Party


@pytest.mark.parametrize("text, seconds", [
    ("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("2d", 172800),
    ("90", 90), (" 1H 5M ", 3900), ("1.5s", 1.5), (45, 45),
])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds
    assert parse_duration(format_duration(parse_duration(text))) == seconds


@pytest.mark.parametrize("text", ["", "soon", "5 parsecs", "m15", "1h-5m", "nan", "inf", "0.5", True, None])
def test_parse_duration_rejects(text):
    with pytest.raises(DurationError):
        parse_duration(text)


def test_minimum_is_the_callers():
    with pytest.raises(DurationError, match="too short"):
        parse_duration("5s", minimum=10)
    assert parse_duration("5s") == 5


def test_paths(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "env"))
    assert Paths.resolve() == Paths(tmp_path / "env" / "config.toml", tmp_path / "env" / "data")
    assert Paths.resolve(tmp_path / "opt").data_dir == tmp_path / "opt" / "data"
    monkeypatch.delenv("SITREP_HOME")
    default = Paths.resolve()
    assert default.config_file.name == "config.toml" and "sitrep" in str(default.data_dir)


def test_load_full_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[situation]\nname = "Siege"\nkeywords = ["Korvan"]\n'
        '[situation.parties]\nguard = ["Northern Guard", "Guard"]\n'
        '[[feeds]]\nname = "A"\nurl = "https://a.example.org/"\nevery = 120\n'
    )
    config = load_config(path)
    assert config.profile.name == "Siege" and config.profile.keywords == ("Korvan",)
    assert config.profile.parties == (Party("guard", ("Northern Guard", "Guard")),)
    assert config.feeds == (FeedConfig("A", "https://a.example.org/", 120.0),)
    assert load_config(tmp_path / "missing.toml").feeds == ()


@pytest.mark.parametrize("text, line", [
    ('[[feeds]]\nname = "A"\nurl = "u"\nextra = 1\n', 4),
    ('[situation]\nname = ""\n', 2),
    ('[situation]\nparties = ["x"]\n', 2),
    ('[situation]\nmood = "calm"\n', 2),
    ('feeds = [{name = "A", url = "u"}, {name = "A", url = "v"}]\n', 1),
    ('[[feeds]]\nname = "A"\nurl = "u"\n[[feeds]]\nname = "B"\nurl = "u"\n', 6),
])
def test_semantic_errors_point_at_the_line(tmp_path, text, line):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_find_line_counts_array_tables():
    text = '[[feeds]]\nname = "a"\n\n[[feeds]]\nname = "b"\nevery = "x"\n'
    assert find_line(text, ("feeds", 1, "every")) == 6
    assert find_line(text, ("feeds", 0, "name")) == 2
    assert find_line(text, ("feeds", 1, "url")) == 4  # missing key: its table


def test_non_utf8_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'name = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_edits_refuse_a_bad_file_and_keep_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[situation\n")
    with pytest.raises(ConfigError):
        add_feeds(path, [FeedConfig("A", "https://a.example.org/")])
    with pytest.raises(ConfigError):
        remove_feed(path, "A")
    assert path.read_text() == "[situation\n"


def test_edit_inline_feed_array(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# mine\nfeeds = [{name = "A", url = "https://a.example.org/"}]\n')
    added, skipped = add_feeds(path, [FeedConfig("B", "https://b.example.org/", 60),
                                      FeedConfig("A2", "https://a.example.org/")])
    assert [f.name for f in added] == ["B"] and [f.name for f in skipped] == ["A2"]
    assert path.read_text().startswith("# mine\n")
    assert [f.name for f in load_config(path).feeds] == ["A", "B"]
    remove_feed(path, "A")
    assert [f.name for f in load_config(path).feeds] == ["B"]
    with pytest.raises(KeyError):
        remove_feed(path, "A")


def test_remove_keeps_each_comment_with_its_feed(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "# header\n\n"
        "# about A\n[[feeds]]\nname = \"A\"\nurl = \"https://a.example.org/\"\n\n"
        "# about B\n[[feeds]]\nname = \"B\"  # trailing\nurl = \"https://b.example.org/\"\n\n"
        "# about C\n[[feeds]]\nname = \"C\"\nurl = \"https://c.example.org/\"\n"
    )
    remove_feed(path, "B")
    text = path.read_text()
    assert "# about B" not in text and "# trailing" not in text
    assert "# header\n\n# about A\n[[feeds]]" in text and "# about C\n[[feeds]]" in text
    remove_feed(path, "A")
    assert path.read_text() == ("# header\n\n# about C\n[[feeds]]\nname = \"C\"\n"
                                "url = \"https://c.example.org/\"\n")
    remove_feed(path, "C")
    assert load_config(path).feeds == () and path.read_text().startswith("# header")
