"""The bundled situation: enough reports, well formed, and our own words."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from sitrep.wiring.demo import demo_profile, demo_reports, demo_situation
from sitrep.wiring.demo.content import DemoContentError, parse_situation

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s|$)")


def sentences(text: str) -> list[str]:
    """Split prose at sentence ends (the demo copy uses no abbreviations)."""
    parts, start = [], 0
    for match in SENTENCE_END.finditer(text):
        parts.append(" ".join(text[start : match.end()].split()))
        start = match.end()
    tail = " ".join(text[start:].split())
    return [p for p in [*parts, tail] if p]


def test_report_count_and_unique_ids() -> None:
    reports = demo_reports()
    assert 40 <= len(reports) <= 60
    assert len({r.id for r in reports}) == len(reports)
    assert [r.order for r in reports] == list(range(len(reports)))


def test_reports_are_short_wire_copy() -> None:
    for report in demo_reports():
        count = len(sentences(report.text))
        assert 2 <= count <= 6, (report.id, count)
        assert report.title and "\n" not in report.title
        assert all(p == p.strip() and p for p in report.paragraphs)


def test_every_outlet_publishes_and_one_is_atom() -> None:
    situation = demo_situation()
    assert 5 <= len(situation.outlets) <= 6
    by_outlet = Counter(r.outlet for r in situation.reports)
    assert set(by_outlet) == {o.key for o in situation.outlets}
    assert {o.format for o in situation.outlets} == {"rss", "atom"}
    assert {r.feed for r in situation.reports} == {o.name for o in situation.outlets}


def test_some_reports_are_off_topic_and_only_those_of_the_world_feed() -> None:
    profile = demo_profile()
    off = [r for r in demo_reports() if not profile.on_topic(f"{r.title}\n\n{r.text}")]
    assert len(off) >= 3
    assert {r.feed for r in off} == {"Globe Roundup"}
    for report in off:
        folded = f"{report.title} {report.text}".casefold()
        assert not any(k.casefold() in folded for k in profile.keywords)


def test_profile_names_the_parties() -> None:
    profile = demo_profile()
    assert profile.name == "Siege of Karsk"
    parties = {p.key: p.aliases for p in profile.parties}
    assert {"government", "rebels"} <= set(parties)
    assert "army" in parties["government"]
    assert "Northern Front" in parties["rebels"]
    assert all(aliases for aliases in parties.values())


def test_content_covers_what_the_panes_show() -> None:
    """Conflicting tolls, quotes, displacement and talks are all in the copy."""
    text = "\n".join(f"{r.title}\n{r.text}" for r in demo_reports())
    # The same rocket attack on Pelin, counted 12 by the ministry and 19 by the monitor.
    assert "killing 12 people" in text and "death toll at 19" in text
    assert re.search(r'[”"],? (?:he |she )?said', text)
    assert "said in a statement" in text
    assert "told reporters" in text
    assert re.search(r"captured|recaptured|withdrew", text)
    assert "fled" in text and "ceasefire" in text


def test_bad_data_is_refused() -> None:
    data = {
        "situation": {"name": "x"},
        "outlets": [{"key": "a", "name": "A"}],
        "reports": [{"id": "r1", "outlet": "b", "title": "t", "body": "b"}],
    }
    with pytest.raises(DemoContentError, match="unknown outlet"):
        parse_situation(data)
    data["reports"] = [{"id": "r1", "outlet": "a", "title": "t", "body": "b"}] * 2
    with pytest.raises(DemoContentError, match="duplicate report id"):
        parse_situation(data)


def shared_text() -> str:
    """The real reports and feeds in ../shared, as plain words."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    parts = [p.read_text(encoding="utf-8", errors="replace") for p in seeds]
    for path in sorted((SHARED / "feeds").glob("*.xml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for _ in range(2):  # descriptions hold escaped HTML
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        parts.append(re.sub(r"<[^>]+>", " ", text))
    return " ".join(" ".join(part.split()) for part in parts)


def test_no_sentence_comes_from_the_shared_reports() -> None:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not present")
    shared = shared_text()
    shared_words = shared.casefold().split()
    assert len(shared_words) > 1000
    shingles = {tuple(shared_words[i : i + 8]) for i in range(len(shared_words) - 7)}
    for report in demo_reports():
        for sentence in sentences(f"{report.title}. {report.text}"):
            assert sentence not in shared, (report.id, sentence)
        words = f"{report.title} {report.text}".casefold().split()
        for i in range(len(words) - 7):
            assert tuple(words[i : i + 8]) not in shingles, (report.id, " ".join(words[i : i + 8]))
