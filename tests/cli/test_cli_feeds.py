"""``sitrep feeds``: the config file as the user's, OPML in and out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

NESTED_OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="World">
      <outline text="Wire one" type="rss" xmlUrl="https://one.example.org/rss.xml"/>
      <outline text="Regional">
        <outline title="Wire two" text="W2" type="rss" xmlUrl="https://two.example.org/feed"/>
        <outline text="Deeper">
          <outline text="Wire three" xmlurl="https://three.example.org/atom.xml"/>
        </outline>
      </outline>
    </outline>
    <outline text="A bookmark, not a feed" htmlUrl="https://example.org/"/>
    <outline text="Old gopher" xmlUrl="gopher://example.org/feed"/>
  </body>
</opml>
"""


def feed_list(sitrep):
    return sitrep("feeds", "list", "--format", "json").json()


def test_add_list_remove(sitrep, tmp_path):
    local = tmp_path / "wire.xml"
    local.write_text("<rss/>")
    sitrep("feeds", "add", "https://www.example.org/world/rss.xml", "--every", "1h30m")
    sitrep("feeds", "add", str(local), "--name", "Local wire")
    rows = feed_list(sitrep)
    assert [(r["name"], r["every"]) for r in rows] == [("example.org", "1h30m"), ("Local wire", "15m")]
    assert rows[1]["url"] == str(local.resolve())
    assert rows[0]["last_poll"] is None and rows[0]["reports"] == 0
    table = sitrep("feeds", "list").out
    assert "example.org" in table and "never polled" in table

    sitrep("feeds", "remove", "example.org")
    assert [r["name"] for r in feed_list(sitrep)] == ["Local wire"]


def test_relative_path_is_stored_absolute(sitrep, tmp_path, monkeypatch):
    (tmp_path / "here.xml").write_text("<rss/>")
    import os
    import subprocess
    import sys

    env = dict(os.environ, SITREP_HOME=str(sitrep.home))
    subprocess.run([sys.executable, "-m", "sitrep", "feeds", "add", "here.xml"],
                   cwd=tmp_path, env=env, check=True, capture_output=True)
    assert feed_list(sitrep)[0]["url"] == str(tmp_path / "here.xml")


def test_duplicates_are_rejected(sitrep):
    sitrep("feeds", "add", "https://example.org/a.xml", "--name", "A")
    before = sitrep.config.read_text()
    assert "already" in sitrep("feeds", "add", "https://example.org/b.xml", "--name", "A", ok=False).err
    assert "already" in sitrep("feeds", "add", "https://example.org/a.xml", "--name", "B", ok=False).err
    assert sitrep.config.read_text() == before
    # a default name that is taken gets a distinct one
    sitrep("feeds", "add", "https://example.org/world.xml")
    sitrep("feeds", "add", "https://example.org/other/world.xml")
    names = [r["name"] for r in feed_list(sitrep)]
    assert len(names) == len(set(names)) == 3


def test_comments_survive_feeds_add(sitrep):
    original = (
        "# My own notes about what I follow.\n"
        "[situation]\n"
        "name = \"Siege of Korvan\"  # keep this name\n"
        "keywords = [\"Korvan\"]\n"
        "\n"
        "# the wire I trust most\n"
        "[[feeds]]\n"
        "name = \"Ledger\"\n"
        "url = \"https://ledger.example.org/rss\"\n"
        "every = \"5m\"\n"
    )
    sitrep.config.write_text(original)
    sitrep("feeds", "add", "https://other.example.org/rss", "--name", "Other")
    text = sitrep.config.read_text()
    assert text.startswith(original)
    assert "# keep this name" in text and "# the wire I trust most" in text
    assert [r["name"] for r in feed_list(sitrep)] == ["Ledger", "Other"]


def test_new_config_gets_a_commented_header(sitrep):
    sitrep("feeds", "add", "https://example.org/a.xml")
    assert sitrep.config.read_text().startswith("# sitrep configuration")


def test_export_import_round_trip(sitrep, tmp_path):
    sitrep("feeds", "add", "https://one.example.org/rss.xml", "--name", "One")
    sitrep("feeds", "add", "https://two.example.org/feed", "--name", "Two & <Co>")
    exported = sitrep("feeds", "export").out
    root = ET.fromstring(exported)
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.findall("./body/outline")
    assert [(o.get("text"), o.get("xmlUrl")) for o in outlines] == [
        ("One", "https://one.example.org/rss.xml"), ("Two & <Co>", "https://two.example.org/feed")]

    opml = tmp_path / "export.opml"
    opml.write_text(exported)
    other = tmp_path / "other"
    result = sitrep("--home", str(other), "feeds", "import", str(opml))
    assert "added 2 feeds" in result.out
    rows = sitrep("--home", str(other), "feeds", "list", "--format", "json").json()
    assert [(r["name"], r["url"]) for r in rows] == [
        ("One", "https://one.example.org/rss.xml"), ("Two & <Co>", "https://two.example.org/feed")]


def test_import_nested_outlines_skips_duplicates(sitrep, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(NESTED_OPML)
    sitrep("feeds", "add", "https://two.example.org/feed", "--name", "Already here")
    result = sitrep("feeds", "import", str(opml))
    assert "added 2 feeds" in result.out and "1 already present" in result.out
    assert "gopher" in result.err
    rows = feed_list(sitrep)
    assert [r["name"] for r in rows] == ["Already here", "Wire one", "Wire three"]
    again = sitrep("feeds", "import", str(opml))
    assert "added 0 feeds" in again.out and "3 already present" in again.out
    assert len(feed_list(sitrep)) == 3


def test_import_rejects_non_opml_and_entities(sitrep, tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<rss><channel/></rss>")
    assert "not OPML" in sitrep("feeds", "import", str(bad), ok=False).err
    bad.write_text("<opml><body><outline")
    assert "not well-formed" in sitrep("feeds", "import", str(bad), ok=False).err
    bad.write_text('<!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body>'
                   '<outline text="&a;" xmlUrl="https://x.example.org/"/></body></opml>')
    assert "document type" in sitrep("feeds", "import", str(bad), ok=False).err
    assert not sitrep.config.exists()


LONG_TITLE = "Valdera Ledger: dispatches from the northern front, the coast and the talks in Tesh, every hour"


def test_add_names_the_feed_by_its_own_title(sitrep, httpserver, rss):
    httpserver.expect_request("/wire.xml").respond_with_data(
        rss([("1", "One", "d")], title=LONG_TITLE), content_type="application/rss+xml")
    httpserver.expect_request("/other.xml").respond_with_data(
        rss([("1", "One", "d")], title=LONG_TITLE), content_type="application/rss+xml")
    sitrep("feeds", "add", httpserver.url_for("/wire.xml"))
    sitrep("feeds", "add", httpserver.url_for("/other.xml"))  # same title: told apart by host
    sitrep("feeds", "add", httpserver.url_for("/named.xml"), "--name", "My wire")
    names = [r["name"] for r in feed_list(sitrep)]
    assert names == [LONG_TITLE, f"{LONG_TITLE} (localhost)", "My wire"]
    assert all("…" not in n for n in names)
    # --name means no fetch at all
    assert [req.path for req, _ in httpserver.log] == ["/wire.xml", "/other.xml"]


def test_add_falls_back_to_the_host_when_the_feed_cannot_be_read(sitrep):
    # Nothing listens on port 9 of loopback (the discard port, unused here).
    result = sitrep("feeds", "add", "http://127.0.0.1:9/world/rss.xml")
    assert [r["name"] for r in feed_list(sitrep)] == ["127.0.0.1"]
    assert "named the feed after its address" in result.err and "could not" in result.err


def test_full_text_mode_is_kept_in_the_config(sitrep):
    sitrep("feeds", "add", "http://127.0.0.1:9/a.xml", "--name", "A", "--full-text", "never")
    sitrep("feeds", "add", "http://127.0.0.1:9/b.xml", "--name", "B")
    assert 'full_text = "never"' in sitrep.config.read_text()
    rows = feed_list(sitrep)
    assert [(r["name"], r["full_text"]) for r in rows] == [("A", "never"), ("B", "auto")]
    assert "invalid choice" in sitrep("feeds", "add", "http://127.0.0.1:9/c.xml", "--full-text",
                                      "sometimes", ok=False).err


def test_remove_by_name_or_by_url(sitrep, tmp_path):
    local = tmp_path / "wire.xml"
    local.write_text("<rss/>")
    sitrep("feeds", "add", "http://127.0.0.1:9/a.xml", "--name", "A")
    sitrep("feeds", "add", str(local), "--name", "Local")
    sitrep("feeds", "add", "http://127.0.0.1:9/c.xml", "--name", "C")
    assert "removed feed 'A'" in sitrep("feeds", "remove", "http://127.0.0.1:9/a.xml").out
    assert "removed feed 'Local'" in sitrep("feeds", "remove", local.as_uri()).out
    assert "removed feed 'C'" in sitrep("feeds", "remove", "C").out
    assert "no feed named" in sitrep("feeds", "remove", "http://127.0.0.1:9/a.xml", ok=False).err
    assert feed_list(sitrep) == []


def test_opml_round_trip_keeps_interval_and_full_text(sitrep, tmp_path):
    sitrep("feeds", "add", "http://127.0.0.1:9/a.xml", "--name", "A", "--every", "1h30m",
           "--full-text", "never")
    sitrep("feeds", "add", "http://127.0.0.1:9/b.xml", "--name", "B", "--full-text", "always")
    opml = tmp_path / "export.opml"
    opml.write_text(sitrep("feeds", "export").out)
    other = tmp_path / "other"
    sitrep("--home", str(other), "feeds", "import", str(opml))
    rows = sitrep("--home", str(other), "feeds", "list", "--format", "json").json()
    assert [(r["name"], r["every"], r["full_text"]) for r in rows] == [
        ("A", "1h30m", "never"), ("B", "15m", "always")]
    # A plain reader's OPML (no sitrep attributes) gets the defaults.
    plain = tmp_path / "plain.opml"
    plain.write_text('<opml version="2.0"><body><outline text="P" xmlUrl="http://127.0.0.1:9/p"/>'
                     "</body></opml>")
    sitrep("--home", str(other), "feeds", "import", str(plain))
    rows = sitrep("--home", str(other), "feeds", "list", "--format", "json").json()
    assert (rows[-1]["name"], rows[-1]["every"], rows[-1]["full_text"]) == ("P", "15m", "auto")


def test_list_is_tab_separated_in_a_pipe_and_shows_warnings(sitrep, httpserver, rss):
    # Served as text/html: read anyway, with a warning.
    httpserver.expect_request("/odd.xml").respond_with_data(rss([("1", "One", "d")]),
                                                            content_type="text/html")
    sitrep("feeds", "add", httpserver.url_for("/odd.xml"), "--name", "Odd", "--full-text", "never")
    sitrep("feeds", "add", "http://127.0.0.1:9/down.xml", "--name", "Down")
    polled = sitrep("poll", "--once", ok=False)
    assert "Warnings" in polled.out and "served as 'text/html'" in polled.out
    lines = sitrep("feeds", "list").out.splitlines()
    assert len(lines) == 2
    odd, down = (line.split("\t") for line in lines)
    assert odd[:4] == ["Odd", httpserver.url_for("/odd.xml"), "15m", "never"]
    assert odd[5:7] == ["ok", "1"] and "served as 'text/html'" in odd[7]
    assert down[5] == "error" and "could not connect" in down[7]
