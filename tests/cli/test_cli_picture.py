"""``sitrep board``, ``tally`` and ``export`` on a real store filled by ``ingest``."""

from __future__ import annotations

import csv
import io
import json

import pytest

CONFIG = """\
[situation]
name = "Test"
keywords = ["Tal Abyad", "Kessab"]

[situation.parties]
government = ["government forces", "army"]
rebels = ["rebels", "opposition fighters"]

[situation.places]
"Tal Abyad" = { aliases = ["Tell Abyad"], lat = 36.69, lon = 38.95 }
"""

TEXTS = {
    "a.txt": "Army push in the north\n\nGovernment forces captured the town of Tal Abyad from "
             "rebels on Monday, the army said.",
    "b.txt": "Fighting in the north\n\nThe army seized Tell Abyad from opposition fighters on "
             "Monday, residents said.",
    "c.txt": "Market hit\n\nAt least 19 people were killed in Kessab on Monday, medics said.",
    "d.txt": "Market shelled\n\nAt least 12 people were killed in Kessab on Monday, the army said.",
    "e.txt": "Weather\n\nIt rained all day in the capital and nobody went out.",
}


def ingest(sitrep, tmp_path, config: str, texts: dict[str, str]):
    """``sitrep ingest`` of ``texts`` (file name -> text) under ``config``."""
    sitrep.config.write_text(config)
    files = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text + "\n")
        files.append(str(path))
    sitrep("ingest", *files)
    return sitrep


@pytest.fixture
def filled(sitrep, tmp_path):
    return ingest(sitrep, tmp_path, CONFIG, TEXTS)


def test_board_json_has_one_place_for_two_wordings(filled):
    rows = filled("board", "--format", "json").json()
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {"place", "holder", "previous", "since", "contested", "claims"}
    assert (row["place"], row["holder"], row["previous"], row["contested"]) == \
        ("Tal Abyad", "government", None, False)
    assert {c["report_id"] for c in row["claims"]} and len({c["feed"] for c in row["claims"]}) == 1
    assert all(set(c) == {"gainer", "loser", "action", "when", "date", "published", "source",
                          "feed", "report_id", "evidence"} for c in row["claims"])
    assert {c["source"] for c in row["claims"]} >= {"the army", "residents"}


def test_tally_json_marks_the_conflicting_figures(filled):
    facts = filled("tally", "--format", "json").json()
    kessab = [f for f in facts if f["place"] == "Kessab"]
    assert len(kessab) == 1
    fact = kessab[0]
    assert fact["conflict"] and (fact["lowest"], fact["highest"]) == (12, 19)
    assert fact["scope"] == "incident" and fact["status"] == "killed"
    assert sorted(f["count"] for f in fact["figures"]) == [12, 19]
    assert {f["source"] for f in fact["figures"]} == {"medics", "the army"}


def test_tables_print_the_picture(filled):
    board = filled("board").out
    assert "Tal Abyad" in board and "government" in board
    tally = filled("tally").out
    assert "Kessab" in tally and "medics" in tally


def test_export_csv_has_acled_like_columns_and_one_row_per_fact(filled, tmp_path):
    out = tmp_path / "picture.csv"
    filled("export", "--format", "csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == ["event_date", "event_type", "sub_event_type", "actor1", "actor2",
                             "location", "latitude", "longitude", "fatalities", "fatalities_high",
                             "sources", "source_urls", "notes"]
    places = [r["location"] for r in rows]
    assert places.count("Tal Abyad") == 1 and places.count("Kessab") == 1
    kessab = next(r for r in rows if r["location"] == "Kessab")
    assert (kessab["fatalities"], kessab["fatalities_high"]) == ("12", "19")
    tal = next(r for r in rows if r["location"] == "Tal Abyad")
    assert (tal["latitude"], tal["longitude"], tal["actor1"], tal["actor2"]) == \
        ("36.69", "38.95", "government", "rebels")
    assert "a.txt" in tal["source_urls"] and "b.txt" in tal["source_urls"]


def test_export_json_filters_by_type_and_date(filled):
    rows = filled("export", "--format", "json", "--type", "casualty").json()
    assert rows and {r["event_type"] for r in rows} == {"casualty"}
    assert filled("export", "--format", "json", "--since", "2999-01-01").json() == []


def test_export_refuses_a_bad_date_and_an_unwritable_file(filled, tmp_path):
    bad = filled("export", "--format", "csv", "--since", "last week", ok=False)
    assert bad.code == 2 and "not a date" in bad.err
    missing = filled("export", "--format", "csv", "-o", str(tmp_path / "no" / "such" / "x.csv"),
                     ok=False)
    assert missing.err.startswith("sitrep: error:") and "cannot write" in missing.err


def test_an_empty_store_says_so(sitrep):
    assert "no control changes" in sitrep("board").out
    assert json.loads(sitrep("tally", "--format", "json").out) == []


PARTS_CONFIG = """\
[situation]
name = "Parts"
keywords = ["Marrowfield", "Osterby"]

[situation.parties]
government = ["government forces", "army"]
rebels = ["rebels"]
"""

PARTS = {
    "mill.txt": "Army push\n\nGovernment forces captured the Marrowfield mill district from rebels "
                "on Monday, the army said.",
    "town.txt": "Rebels advance\n\nRebels captured the village of Marrowfield from government "
                "forces on Monday, residents said.",
    "grain.txt": "Terminal\n\nRebels seized the Osterby grain terminal from government forces on "
                 "Monday, the army said.",
    "market.txt": "Market hit\n\nAt least 7 people were killed in the Osterby market on Monday, "
                  "medics said.",
    "osterby.txt": "Shelling\n\nAt least 7 people were killed in Osterby town on Monday, the army "
                   "said.",
}


@pytest.fixture
def parts(sitrep, tmp_path):
    return ingest(sitrep, tmp_path, PARTS_CONFIG, PARTS)


def test_board_json_keeps_a_part_of_a_town_apart_and_names_places_canonically(parts):
    rows = {r["place"]: r for r in parts("board", "--format", "json").json()}
    # The mill district and the grain terminal are not the towns: each holds its own.
    assert set(rows) == {"Marrowfield mill district", "Marrowfield", "Osterby grain terminal"}
    assert rows["Marrowfield mill district"]["holder"] == "government"
    assert rows["Marrowfield"]["holder"] == "rebels"
    # The claims keep each report's own wording in their evidence.
    assert "the village of Marrowfield" in rows["Marrowfield"]["claims"][0]["evidence"]


def test_tally_and_export_show_the_canonical_place_not_a_wording(parts, tmp_path):
    facts = parts("tally", "--format", "json").json()
    assert [f["place"] for f in facts] == ["Osterby"]  # "the Osterby market" and "Osterby town"
    assert sorted(f["source"] for f in facts[0]["figures"]) == ["medics", "the army"]
    rows = parts("export", "--format", "json").json()
    assert sorted(r["location"] for r in rows) == [
        "Marrowfield", "Marrowfield mill district", "Osterby", "Osterby grain terminal"]


REVISED = {
    "r1.txt": "Shelling of Kessab\n\nAt least 7 people were killed in Kessab on Monday, medics said.",
    "r2.txt": "Kessab toll rises\n\nAt least 9 people were killed in Kessab on Monday, medics said.",
    "r3.txt": "Kessab toll rises again\n\nAt least 11 people were killed in Kessab on Monday, "
              "medics said.",
}


def test_tally_table_gives_each_source_once_with_its_latest_figure(sitrep, tmp_path):
    """One source revising its count across three reports is one entry in
    the table (its latest figure, and in how many reports), as in the
    dashboard; the JSON keeps every figure with its trail."""
    ingest(sitrep, tmp_path, CONFIG, REVISED)
    (fact,) = sitrep("tally", "--format", "json").json()
    assert sorted(f["count"] for f in fact["figures"]) == [7, 9, 11]
    table = " ".join(sitrep("tally").out.split())
    assert table.count("(medics)") == 1
    assert "at least 11 (medics) ×3" in table
    assert "at least 7 (" not in table and "at least 9 (" not in table
