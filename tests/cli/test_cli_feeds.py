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
