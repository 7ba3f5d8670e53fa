"""A config file sitrep cannot use is named, with its line, and left alone."""

from __future__ import annotations

import pytest

SYNTAX = """\
[situation]
name = "Siege"
keywords = ["a", "b"

[[feeds]]
name = "x"
url = "https://example.org/x"
"""

BAD_DURATION = """\
# comments matter
[situation]
name = "Siege"

[[feeds]]
name = "one"
url = "https://example.org/one"

[[feeds]]
name = "two"
url = "https://example.org/two"
every = "twice a day"
"""

DUPLICATE = """\
[[feeds]]
name = "same"
url = "https://example.org/one"

[[feeds]]
name = "same"
url = "https://example.org/two"
"""

WRONG_TYPE = """\
[situation]
name = "Siege"
keywords = "Korvan"
"""


@pytest.mark.parametrize("text, line, problem", [
    (SYNTAX, 5, "Unclosed array"),
    (BAD_DURATION, 12, "not a duration"),
    (DUPLICATE, 6, "duplicate feed name"),
    (WRONG_TYPE, 3, "must be a list of strings"),
], ids=["syntax", "duration", "duplicate", "type"])
@pytest.mark.parametrize("command", [
    ("feeds", "list"), ("feeds", "add", "https://example.org/new.xml"), ("poll", "--once"),
    ("feeds", "remove", "one"), ("extract", "-"),
], ids=" ".join)
def test_bad_config_is_reported_and_kept(sitrep, text, line, problem, command):
    sitrep.config.write_text(text)
    result = sitrep(*command, input="", ok=False)
    assert result.code == 2
    message = result.err.strip()
    assert message.startswith(f"sitrep: error: bad config file {sitrep.config}:{line}: "), message
    assert problem in message and len(message.splitlines()) == 1
    assert sitrep.config.read_text() == text
