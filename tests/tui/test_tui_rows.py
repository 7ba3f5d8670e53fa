"""The pure parts of the dashboard: rows, conflicts, widths, highlighting,
links and export."""

from __future__ import annotations

import csv
import json
from datetime import timedelta

import pytest
import tui_sample

from sitrep.domain.models import Casualty, EventRecord
from sitrep.tui.add_feed import check_feed
from sitrep.tui.describe import EVIDENCE_STYLE, highlighted
from sitrep.tui.links import is_web_url
from sitrep.tui.rows import PANE_BY_NAME, Filters, build_event_rows, cell, report_row
from sitrep.tui.table import fit_widths


def record(rid: str, count: int | None, source: str | None, minutes: int = 0,
           place: str | None = "Osterby", cumulative: bool | None = False,
           feed: str = "Harbour Wire", count_text: str | None = None) -> EventRecord:
    ev = Casualty(evidence="x", start=0, end=1, count=count, status="killed", place=place,
                  source=source, cumulative=cumulative, count_text=count_text)
    return EventRecord(id=f"{rid}#0", report_id=rid, feed=feed, title="t",
                       published=tui_sample.BASE + timedelta(minutes=minutes), event=ev)


def test_cells_are_inert_single_lines_cut_with_an_ellipsis():
    c = cell("[bold]a\nb\x1b[31m\x07")
    assert c.plain == "[bold]a b"
    assert c.no_wrap and c.overflow == "ellipsis"
    assert cell("x" * 500).plain.endswith("…")


def _rows(records):
    rows, members = build_event_rows("casualty", records)
    return rows, members


def test_different_counts_from_different_sources_are_one_conflicting_row():
    a = record("a", 12, "health office", 0)
    b = record("b", 31, "the League", 20)
    same = record("c", 12, "medics", 30)
    rows, members = _rows([a, b, same])
    assert len(rows) == 1 and rows[0].conflict
    assert rows[0].cells[0].plain == "≠" and rows[0].cells[-2].plain.startswith("×3 ")
    assert [r.report_id for r in members[rows[0].key]] == ["a", "b", "c"]


def test_no_conflict_without_place_or_between_one_sources_figures_or_far_apart():
    def conflicts(*records):
        return [r.conflict for r in _rows(list(records))[0]]

    assert conflicts(record("a", 1, "x", place=None), record("b", 2, "y", place=None)) == [False, False]
    # One source's new figure is its revised count, not a dispute.
    assert conflicts(record("a", 1, "x"), record("b", 2, "x", 5)) == [False]
    assert conflicts(record("a", 1, "x"), record("b", 2, "y", 60 * 48)) == [False, False]
    # A running total and an incident figure are different claims.
    assert conflicts(record("a", 1, "x"), record("b", 200, "y", 5, cumulative=True)) == [False, False]
    # No named source: the feeds are the claimants.
    assert conflicts(record("a", 1, None, feed="F1"), record("b", 2, None, 5, feed="F2")) == [True]


def test_agreeing_reports_are_one_row_with_their_count_and_rows_sort_newest_first():
    old = record("a", 12, "office", 0)
    other = record("m", 5, "medics", 10, place="Quillan")
    again = record("b", 12, "League", 20, feed="Valley Courier")
    rows, members = _rows([old, other, again])
    assert [r.report_id for r in rows] == ["m", "a"]
    assert [r.cells[0].plain for r in rows] == ["", ""]
    assert rows[1].cells[-2].plain == "×2 office" and rows[0].cells[-2].plain == "medics"
    assert len(members["a#0"]) == 2


def test_vague_counts_keep_their_words():
    rows, _ = _rows([record("a", None, "x", count_text="dozens")])
    assert rows[0].cells[2].plain == "dozens"


def test_fit_widths_gives_the_rest_to_the_flexible_column_and_shrinks_when_short():
    cols = PANE_BY_NAME["reports"].columns
    wide = fit_widths(cols, 150)
    assert sum(wide) == 150 and wide[3] == 150 - (1 + 12 + 14 + 3)
    # Measured cells: the feed gets all it needs, the title the rest...
    assert fit_widths(cols, 150, [1, 12, 30, 60, 3]) == [1, 12, 30, 104, 3]
    # ... and when both cannot have it they share in proportion (1 : 4).
    short = fit_widths(cols, 150, [1, 12, 30, 200, 3])
    assert sum(short) == 150 and short[2] < 30 and 3 * short[2] < short[3] < 5 * short[2]
    narrow = fit_widths(cols, 40)
    assert sum(narrow) <= 40
    assert narrow[0] == 1 and narrow[1] == 12  # not below their minimum while others can give
    tiny = fit_widths(cols, 20)
    assert sum(tiny) <= 20 and min(tiny) >= 1  # everything shrinks rather than overflow


def test_flexible_columns_share_short_room_in_proportion_and_empty_ones_give_way():
    cols = PANE_BY_NAME["casualty"].columns  # ≠ when count status victims place scope word outlet
    roomy = fit_widths(cols, 200, [1, 12, 10, 7, 30, 40, 8, 50, 12])
    assert roomy[5] == 40 and roomy[7] == 50 and sum(roomy) == 200  # nothing cut
    short = fit_widths(cols, 100, [1, 12, 10, 7, 30, 40, 8, 50, 12])
    assert sum(short) == 100 and max(short[4], short[5], short[7]) - min(short[4], short[5], short[7]) <= 1
    no_place = fit_widths(cols, 100, [1, 12, 10, 7, 30, 0, 8, 50, 12])
    assert no_place[5] == 1 and no_place[4] > short[4] and no_place[7] > short[7]
    no_scope = fit_widths(cols, 100, [1, 12, 10, 7, 30, 40, 0, 50, 12])
    assert no_scope[6] == 1


def test_dates_show_the_year_only_when_it_is_not_this_one(monkeypatch):
    from datetime import datetime

    from sitrep.domain.models import UTC
    from sitrep.tui import rows

    monkeypatch.setattr(rows, "CLOCK", lambda: datetime(2031, 6, 1, tzinfo=UTC))
    assert rows.when_text(datetime(2031, 3, 14, 6, 5, tzinfo=UTC)) == "14 Mar 06:05"
    assert rows.when_text(datetime(2016, 3, 14, 6, 5, tzinfo=UTC)) == "14 Mar 2016"


def test_filters():
    meta = tui_sample.sample_batch()[0][0].meta()
    row = report_row(meta)
    assert Filters(text="osterby GUARD").keep(row, "reports", set())
    assert not Filters(text="quillan").keep(row, "reports", set())
    assert not Filters(unread_only=True).keep(row, "reports", set())
    assert Filters(unread_only=True).keep(row, "reports", {meta.id})


def test_highlight_uses_offsets_into_the_raw_text_even_with_controls():
    rep = tui_sample.report("z", "F", 0, "Title", "Bell \x07 then \x1b[31mred\x1b[0m. Guard took Brask.")
    ev = tui_sample.control(rep, "Guard took Brask", place="Brask", action="took")
    text = highlighted(rep.full_text, [ev], ev)
    assert "\x07" not in text.plain and "\x1b" not in text.plain
    marked = [text.plain[s.start:s.end] for s in text.spans if s.style == EVIDENCE_STYLE]
    assert marked == ["Guard took Brask"]


def test_only_web_links_open():
    assert is_web_url("https://example.org/a") and is_web_url("http://127.0.0.1:8/x")
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://x/y", "", None, "https://"):
        assert not is_web_url(url)


def test_check_feed_takes_a_name_or_none(tmp_path):
    existing = tui_sample.FEEDS
    assert check_feed("", "x", existing)
    assert check_feed("gopher://x", "x", existing)
    assert check_feed("https://new.example/f", "", existing, name_required=True)
    assert "already" in check_feed("https://new.example/f", "Harbour Wire", existing)
    assert "already" in check_feed(existing[0].url, "Other", existing)
    assert check_feed("https://new.example/f", "New", existing) is None
    local = tmp_path / "f.xml"
    local.write_text("<rss/>")
    assert check_feed(str(local), "Local", existing) is None


def test_export_writes_one_row_per_fused_fact_and_quotes_formulas(tmp_path):
    from sitrep.fusion import Picture, PlaceIndex
    from sitrep.tui.picture_views import write_export

    records = [record("a", 12, "=HYPERLINK(evil)", 0), record("b", 12, "medics", 5, feed="Valley Courier")]
    picture = Picture(tui_sample.PROFILE, places=PlaceIndex(gazetteer=False))
    path = tmp_path / "out" / "x.json"
    assert write_export(records, picture, path, "json") == 1
    (row,) = json.loads(path.read_text())
    assert (row["fatalities"], row["location"], row["sources"]) == (12, "Osterby", "=HYPERLINK(evil); medics")
    csv_path = tmp_path / "x.csv"
    write_export(records, picture, csv_path, "csv")
    rows = list(csv.reader(csv_path.open()))
    assert rows[0][0] == "event_date" and rows[1][10] == "'=HYPERLINK(evil); medics"
    with pytest.raises(FileExistsError):  # never over an existing file
        write_export(records, picture, csv_path, "csv")


def test_readings_reuse_rows_until_their_record_changes(sample_store):
    from sitrep.tui.data import load_view
    from sitrep.tui.rows import RowCache

    cache = RowCache()
    limits = {"reports": 10}
    first = load_view(sample_store, limits, cache)
    sample_store.mark_read(["hw-1"])
    second = load_view(sample_store, limits, cache)
    assert second.rows["control_change"][0] is first.rows["control_change"][0]
    old = {r.key: r for r in first.rows["reports"]}
    new = {r.key: r for r in second.rows["reports"]}
    assert new["hw-2"] is old["hw-2"]
    assert new["hw-1"] is not old["hw-1"]  # its read mark changed
    assert new["hw-1"].cells[0].plain == "" and old["hw-1"].cells[0].plain == "●"
    assert "hw-1" not in second.unread
