"""parse_feed and the entry rules, on small feeds written for these tests."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sitrep.feeds.entries import MAX_BODY, MAX_TITLE, normalise_link, report_id
from sitrep.feeds.errors import FeedError
from sitrep.feeds.parse import parse_feed

UTC = timezone.utc
FETCHED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def rss(items: str, extra_ns: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"{extra_ns}>'
        "<channel><title>Valley Monitor</title><link>https://valley.example/</link>"
        f"<description>Test feed</description>{items}</channel></rss>"
    ).encode()


def parse(data: bytes, **kw: object):
    kw.setdefault("feed", "valley")
    kw.setdefault("fetched", FETCHED)
    return parse_feed(data, **kw)  # type: ignore[arg-type]


def test_rss_item_becomes_a_report() -> None:
    parsed = parse(rss(
        "<item><title>Convoy reaches the river crossing</title>"
        "<link>https://valley.example/news/convoy?utm_source=rss#top</link>"
        "<guid>https://valley.example/news/convoy</guid>"
        "<pubDate>Sat, 28 Feb 2026 18:30:00 +0200</pubDate>"
        "<description>&lt;p&gt;Twelve trucks crossed.&lt;/p&gt;&lt;p&gt;More wait.&lt;/p&gt;</description></item>"
    ))
    assert parsed.title == "Valley Monitor"
    assert parsed.warnings == []
    (report,) = parsed.reports
    assert report.id == "https://valley.example/news/convoy"
    assert report.feed == "valley"
    assert report.title == "Convoy reaches the river crossing"
    assert report.url == "https://valley.example/news/convoy?utm_source=rss#top"
    assert report.published == datetime(2026, 2, 28, 16, 30, tzinfo=UTC)
    assert report.published.tzinfo == UTC
    assert not report.published_guessed
    assert report.fetched == FETCHED
    assert report.text == "Twelve trucks crossed.\n\nMore wait."
    assert report.on_topic is True


def test_bare_number_guids_are_namespaced_by_feed() -> None:
    item = "<item><title>Same number</title><guid isPermaLink='false'>4411</guid></item>"
    a = parse(rss(item), feed="north").reports[0]
    b = parse(rss(item), feed="south").reports[0]
    assert a.id == "north:4411" and b.id == "south:4411"


def test_urn_and_tag_guids_are_kept_as_they_are() -> None:
    assert report_id("f", guid="urn:uuid:1234", link=None, title="t", date=None) == "urn:uuid:1234"
    assert report_id("f", guid="tag:valley.example,2026:7", link=None, title="t", date=None) == "tag:valley.example,2026:7"


def test_entry_without_guid_uses_normalised_link() -> None:
    parsed = parse(rss(
        "<item><title>No guid</title>"
        "<link>HTTPS://Valley.Example:443/a/b?id=7&amp;utm_medium=feed&amp;at_campaign=x&amp;fbclid=1#frag</link></item>"
    ))
    (report,) = parsed.reports
    assert report.id == "https://valley.example/a/b?id=7"


def test_normalise_link_keeps_meaningful_parts() -> None:
    assert normalise_link("http://Host.Example:8080/Path?q=1&utm_x=2") == "http://host.example:8080/Path?q=1"
    assert normalise_link("https://host.example") == "https://host.example/"
    assert normalise_link("not a url#frag") == "not a url"


def test_entry_without_guid_or_link_gets_a_stable_hash_id() -> None:
    item = "<item><title>Shelling reported overnight</title><pubDate>Sun, 01 Mar 2026 06:00:00 GMT</pubDate></item>"
    first = parse(rss(item)).reports[0]
    second = parse(rss(item), fetched=datetime(2026, 3, 2, tzinfo=UTC)).reports[0]
    other = parse(rss(item.replace("06:00", "07:00"))).reports[0]
    assert first.id.startswith("valley:sha256:")
    assert first.id == second.id
    assert first.id != other.id
    assert first.url is None


def test_entry_without_date_uses_fetch_time_and_says_so() -> None:
    (report,) = parse(rss("<item><title>Undated</title><guid>u1</guid></item>")).reports
    assert report.published == FETCHED and report.published_guessed


@pytest.mark.parametrize("date", [
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Mon, 01 Jan 1979 10:00:00 GMT",
    "Wed, 01 Mar 2034 10:00:00 GMT",
    "Mon, 02 Mar 2026 13:00:00 GMT",
    "not a date at all",
])
def test_absurd_dates_are_replaced_by_fetch_time(date: str) -> None:
    (report,) = parse(rss(f"<item><title>x</title><guid>g</guid><pubDate>{date}</pubDate></item>")).reports
    assert report.published == FETCHED and report.published_guessed


def test_date_within_a_day_ahead_is_believed() -> None:
    (report,) = parse(rss("<item><title>x</title><guid>g</guid><pubDate>Mon, 02 Mar 2026 06:00:00 GMT</pubDate></item>")).reports
    assert report.published == datetime(2026, 3, 2, 6, tzinfo=UTC) and not report.published_guessed


def test_content_encoded_is_preferred_over_description() -> None:
    (report,) = parse(rss(
        "<item><title>x</title><guid>g</guid><description>Short teaser.</description>"
        "<content:encoded><![CDATA[<p>Full story, first part.</p><p>Second part.</p>]]></content:encoded></item>"
    )).reports
    assert report.text == "Full story, first part.\n\nSecond part."


def test_empty_content_encoded_falls_back_to_description() -> None:
    (report,) = parse(rss(
        "<item><title>x</title><guid>g</guid><description>The teaser is all there is.</description>"
        "<content:encoded><![CDATA[ <p> </p> ]]></content:encoded></item>"
    )).reports
    assert report.text == "The teaser is all there is."


def test_atom_entries() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Ridge &amp;lt;Watch&amp;gt;</title>
  <id>urn:uuid:feed</id><updated>2026-03-01T10:00:00Z</updated>
  <entry>
    <title type="html">Talks &lt;em&gt;resume&lt;/em&gt;</title>
    <id>tag:ridge.example,2026:entry-9</id>
    <link rel="alternate" href="/articles/9"/>
    <updated>2026-03-01T09:15:00+01:00</updated>
    <summary type="text">Plain summary
with a line break.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Negotiators met.</p><ul><li>one</li></ul></div></content>
  </entry>
</feed>"""
    parsed = parse(atom, url="https://ridge.example/feed.atom")
    (report,) = parsed.reports
    assert report.id == "tag:ridge.example,2026:entry-9"
    assert report.title == "Talks resume"
    assert report.url == "https://ridge.example/articles/9"
    assert report.published == datetime(2026, 3, 1, 8, 15, tzinfo=UTC)
    assert report.text == "Negotiators met.\n\n- one"


def test_rdf_feed() -> None:
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://plain.example/"><title>Plain RDF</title><link>https://plain.example/</link>
    <description>d</description></channel>
  <item rdf:about="https://plain.example/1"><title>Water restored</title>
    <link>https://plain.example/1</link><description>Pumps running again.</description>
    <dc:date>2026-02-27T08:00:00Z</dc:date></item>
</rdf:RDF>"""
    parsed = parse(rdf)
    (report,) = parsed.reports
    assert parsed.title == "Plain RDF"
    assert report.id == "https://plain.example/1"
    assert report.text == "Pumps running again."
    assert report.published == datetime(2026, 2, 27, 8, tzinfo=UTC)


def test_hostile_title_and_body_are_made_inert() -> None:
    osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
    item = (
        f"<item><title>Alert \x1b[1;31mRED\x1b[0m{osc52} ring\x07\x07 [bold]markup[/bold]\n second line</title>"
        "<guid>h1</guid>"
        f"<description>Body \x1b[2J cleared{osc52} &amp;#27;[31m and \x9b31m end</description></item>"
    )
    parsed = parse(rss(item))
    (report,) = parsed.reports
    for text in (report.title, report.text):
        assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
        assert "cm0gLXJmIH4" not in text
    assert report.title == "Alert RED ring [bold]markup[/bold] second line"
    assert "\n" not in report.title
    assert report.text.startswith("Body cleared")


def test_escaped_control_references_are_removed() -> None:
    item = "<item><title>ok &#27;]52;c;c2VjcmV0&#7; done</title><guid>h2</guid></item>"
    (report,) = parse(rss(item)).reports
    assert "\x1b" not in report.title and "\x07" not in report.title
    assert report.title.startswith("ok") and report.title.endswith("done")


def test_title_and_body_are_capped() -> None:
    item = f"<item><title>{'long ' * 500}</title><guid>c</guid><description>{'word ' * 60_000}</description></item>"
    (report,) = parse(rss(item)).reports
    assert len(report.title) <= MAX_TITLE and report.title.endswith("…")
    assert len(report.text) <= MAX_BODY and report.text.endswith("…")


def test_duplicate_ids_in_one_document_are_kept_once() -> None:
    item = "<item><title>{}</title><guid>dup</guid></item>"
    parsed = parse(rss(item.format("first") + item.format("second")))
    assert [r.title for r in parsed.reports] == ["first"]


def test_non_web_links_are_dropped() -> None:
    (report,) = parse(rss("<item><title>x</title><guid>j</guid><link>javascript:alert(1)</link></item>")).reports
    assert report.url is None


def test_wrong_content_type_is_a_warning_when_the_body_parses() -> None:
    parsed = parse(rss("<item><title>x</title><guid>w</guid></item>"), headers={"Content-Type": "text/html"})
    assert len(parsed.reports) == 1
    assert any("text/html" in w for w in parsed.warnings)


def test_encoding_override_is_a_warning() -> None:
    data = rss("<item><title>Caf\xe9 talks</title><guid>e</guid></item>").replace(
        "Café".encode(), "Caf\xe9".encode("latin-1")
    )
    parsed = parse(data, headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    assert parsed.reports[0].title == "Café talks"
    assert any("encoding" in w for w in parsed.warnings)


def test_feed_with_no_items_is_fine() -> None:
    parsed = parse(rss(""))
    assert parsed.reports == [] and parsed.title == "Valley Monitor"


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "empty"),
    (b"   \n  ", "empty"),
    (b"just some words, no markup", "not"),
    (b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>", "HTML page"),
    (b'{"items": []}', "not"),
    (b'<?xml version="1.0"?><catalog><book>x</book></catalog>', "not"),
])
def test_non_feeds_are_errors_naming_the_feed(data: bytes, expected: str) -> None:
    with pytest.raises(FeedError) as info:
        parse(data, feed="broken-feed")
    assert "'broken-feed'" in str(info.value)
    assert expected in str(info.value)
    assert info.value.feed == "broken-feed"


def test_body_that_names_a_local_file_is_not_opened(tmp_path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss("<item><title>private</title><guid>p</guid></item>"))
    with pytest.raises(FeedError):
        parse(str(secret).encode())


def test_entity_expansion_and_external_entities_are_not_followed() -> None:
    levels = ['<!ENTITY l0 "boom boom boom boom boom boom boom boom boom boom">']
    levels += [f'<!ENTITY l{n} "{f"&l{n - 1};" * 20}">' for n in range(1, 7)]
    data = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(levels)
        + '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        "<rss version='2.0'><channel><title>t</title>"
        "<item><title>&l6;</title><guid>1</guid><description>&ext;</description></item></channel></rss>"
    ).encode()
    (report,) = parse(data).reports
    assert len(report.title) < 100
    assert "root:" not in report.text
