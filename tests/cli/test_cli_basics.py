"""The command's surface: version, help, and one-line errors for misuse."""

from __future__ import annotations

import pytest

from sitrep import __version__

COMMANDS = [
    ("feeds",), ("feeds", "add"), ("feeds", "list"), ("feeds", "remove"),
    ("feeds", "import"), ("feeds", "export"), ("poll",), ("ingest",), ("reports",),
    ("extract",), ("events",),
]


def test_version(sitrep):
    result = sitrep("--version")
    assert result.out.strip() == f"sitrep {__version__}"


def test_top_level_help_lists_every_command(sitrep):
    out = sitrep("--help").out
    for name in ("feeds", "poll", "ingest", "reports", "extract", "events", "--demo", "--home"):
        assert name in out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_of_each_command(sitrep, command):
    result = sitrep(*command, "--help")
    assert result.out.startswith("usage: sitrep ")
    assert " ".join(command) in result.out.splitlines()[0]


@pytest.mark.parametrize("args, message", [
    (("frobnicate",), "invalid choice"),
    (("feeds", "add", "https://example.org/feed.xml", "--every", "soon"), "not a duration"),
    (("feeds", "add", "https://example.org/feed.xml", "--every", "2s"), "too short"),
    (("feeds", "add", "ftp://example.org/feed.xml"), "unsupported URL scheme"),
    (("feeds", "add", "no/such/feed.xml"), "no such file"),
    (("feeds", "remove", "nothing"), "no feed named"),
    (("reports", "--limit", "0"), "at least 1"),
    (("events", "--type", "rumour"), "invalid choice"),
    (("ingest", "missing.txt"), "no such file"),
    (("feeds", "import", "missing.opml"), "no such file"),
    (("--demo", "reports"), "takes no command"),
])
def test_misuse_gives_one_line_error(sitrep, args, message):
    result = sitrep(*args, ok=False)
    errors = [line for line in result.err.splitlines() if line.startswith("sitrep: error:")]
    assert len(errors) == 1 and message in errors[0], result.err


def test_home_option_overrides_environment(sitrep, tmp_path):
    other = tmp_path / "other"
    sitrep("--home", str(other), "feeds", "add", "https://example.org/a.xml")
    assert (other / "config.toml").is_file()
    assert not sitrep.config.exists()


def test_unusable_store_exits_2_with_its_message(sitrep):
    (sitrep.home / "data").write_text("not a directory")
    result = sitrep("reports", ok=False)
    assert result.code == 2
    assert result.err.startswith("sitrep: error:") and "data" in result.err
