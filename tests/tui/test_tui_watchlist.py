"""The watchlist rules: what [alerts], [ui] and [keys] accept, and which
facts match (pure logic in sitrep.domain.alerts)."""

from __future__ import annotations

import pytest

import tui_sample

from sitrep.domain.alerts import AlertMatcher, AlertRules
from sitrep.domain.config import ConfigError, load_config
from sitrep.domain.models import EventRecord


def records() -> dict[str, EventRecord]:
    out = {}
    for report, events in tui_sample.sample_batch():
        for n, event in enumerate(events):
            out[f"{report.id}#{n}"] = EventRecord(f"{report.id}#{n}", report.id, report.feed,
                                                  report.title, report.published, event)
    return out


def matching(rules: AlertRules) -> list[str]:
    matcher = AlertMatcher(rules, tui_sample.PROFILE.parties)
    return sorted(key for key, record in records().items() if matcher.matches(record))


def test_places_match_whole_words_of_a_facts_place():
    assert matching(AlertRules(places=("osterby",))) == ["hw-1#0", "hw-1#1", "vc-1#0"]
    assert matching(AlertRules(places=("Oster",))) == []  # not a word of any place
    assert matching(AlertRules(places=("Saltmere",))) == ["hw-2#0"]  # a displacement's destination


def test_parties_match_by_profile_key_or_name():
    by_key = matching(AlertRules(parties=("league",)))
    assert "vc-2#0" in by_key  # League fighters withdrew: party_loser "league"
    assert "hw-1#0" in by_key
    assert matching(AlertRules(parties=("Hanne Roos",))) == ["vc-1#1"]  # a speaker


def test_keywords_and_the_casualty_threshold():
    assert matching(AlertRules(keywords=("corridor",))) == ["hw-3#0"]
    assert matching(AlertRules(casualties=31)) == ["hw-3#1", "vc-1#0"]  # 212 and 31, not 12
    assert matching(AlertRules()) == []  # no rules, no alerts


def test_an_alert_says_why_and_travels_as_json():
    matcher = AlertMatcher(AlertRules(places=("Marrowfield",), casualties=100))
    record = records()["hw-3#1"]
    (alert,) = matcher.alerts([record], {"hw-3": "https://news.example/hw-3"}, lambda e: "212 dead")
    assert alert.reasons == ("place: Marrowfield", "casualties: 212 ≥ 100")
    data = alert.to_json()
    assert data["summary"] == "212 dead" and data["report"]["url"] == "https://news.example/hw-3"
    assert data["event"]["count"] == 212 and data["report"]["published"].startswith("2031-03-14")


def test_config_reads_ui_alerts_and_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[ui]\nnotify = "alerts"\nbell = false\n'
                    '[alerts]\nplaces = ["Osterby"]\ncasualties = 50\n'
                    'command = "notify-send -u critical"\ntimeout = 3\n'
                    '[keys]\npoll_all = "ctrl+r, f5"\n')
    config = load_config(path)
    assert config.ui.notify == "alerts" and config.ui.bell is False
    assert config.alerts.places == ("Osterby",) and config.alerts.casualties == 50
    assert config.alerts.command == ("notify-send", "-u", "critical") and config.alerts.timeout == 3
    assert config.keys == (("poll_all", "ctrl+r,f5"),)
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    assert load_config(empty).ui.notify == "all" and not load_config(empty).alerts.active


@pytest.mark.parametrize("text,problem", [
    ('[ui]\nnotify = "loud"\n', "ui.notify"),
    ('[ui]\nbell = "yes"\n', "ui.bell"),
    ('[ui]\ncolour = 1\n', "unknown key ui.colour"),
    ('[alerts]\ncasualties = 0\n', "alerts.casualties"),
    ('[alerts]\nplaces = "Osterby"\n', "alerts.places"),
    ('[alerts]\ntimeout = -1\n', "alerts.timeout"),
    ('[alerts]\ncommand = ""\n', "alerts.command"),
    ('[keys]\npoll_all = 5\n', "keys.poll_all"),
])
def test_config_mistakes_name_the_key_and_line(tmp_path, text, problem):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert problem in str(caught.value) and caught.value.line
