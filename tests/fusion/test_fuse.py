"""Fact fusion: one fact from many reports; conflicts kept side by side."""

from __future__ import annotations

from datetime import timedelta

from fusion_samples import casualty, control, record, statement

from sitrep.domain.models import Party, Profile, ReportMeta
from sitrep.fusion import Fuser, Picture, PlaceIndex, board_dict, export_rows, figure_claimants, tally_dict


def fuser() -> Fuser:
    return Fuser(places=PlaceIndex(gazetteer=False))


def picture(records, off_topic=()) -> Picture:
    pic = Picture(Profile(parties=(Party("army", ("government forces",)),)), gazetteer=False)
    metas = [ReportMeta(id=r.report_id, feed=r.feed, title=r.title, url=f"https://news.example/{r.report_id}",
                        published=r.published, published_guessed=False, fetched=r.published,
                        length=1, on_topic=r.report_id not in off_topic) for r in records]
    pic.add(metas, records)
    return pic


def test_three_wordings_of_one_capture_are_one_fact_with_three_sources():
    f = fuser()
    f.add([
        record(control("the town of Tal Abyad", "army", "rebels"), "a", "Wire"),
        record(control("Tal Abyad", "army", "rebels"), "b", "Post", hours=2),
        record(control("Tal Abyad town", "army", None, action="entered"), "c", "Radio", hours=5),
    ])
    facts = f.facts("control_change")
    assert len(facts) == 1
    assert facts[0].reports == 3 and not facts[0].conflict
    assert facts[0].outlets == ["Wire", "Post", "Radio"]


def test_conflicting_figures_sit_side_by_side_with_lowest_and_highest():
    f = fuser()
    f.add([
        record(casualty(19, "Kessab", qualifier="at least", source="medics"), "a", "Wire"),
        record(casualty(12, "the shelling of the Kessab market", source="the army"), "b", "Post", hours=1),
        record(casualty(19, "Kessab", source="medics"), "c", "Radio", hours=3),
    ])
    facts = f.facts("casualty")
    assert len(facts) == 1
    fact = facts[0]
    assert fact.conflict and (fact.lowest, fact.highest) == (12, 19) and fact.reports == 3
    shape = tally_dict(fact)
    assert shape["conflict"] and shape["lowest"] == 12 and shape["highest"] == 19
    assert [fig["count"] for fig in shape["figures"]] == [19, 12, 19]
    assert set(shape) == {"status", "victims", "place", "scope", "figures", "lowest", "highest", "conflict"}


def test_each_claimant_shows_the_figure_the_conflict_counts():
    # A source's shortened name ("the monitor") is the same claimant: its
    # new figure is a revision, so the row shows it once, with no conflict
    # against the earlier figure the full name gave.
    f = fuser()
    f.add([
        record(casualty(19, "Kessab", source="the Karsk Monitor"), "a", "Wire"),
        record(casualty(12, "Kessab", source="the army"), "b", "Post", hours=1),
        record(casualty(14, "Kessab", source="the monitor"), "c", "Radio", hours=2),
    ])
    (fact,) = f.facts("casualty")
    groups = figure_claimants(fact)
    assert [who for who, _ in groups] == ["karsk monitor", "army"]
    assert [[m.report_id for m in members] for _, members in groups] == [["a", "c"], ["b"]]
    latest = {who: members[-1].event.count for who, members in groups}
    assert latest == fact.said == {"karsk monitor": 14, "army": 12}
    assert fact.conflict and (fact.lowest, fact.highest) == (12, 14)


def test_agreeing_figures_merge_and_incidents_stay_apart_from_totals():
    f = fuser()
    f.add([
        record(casualty(6, "Stavna"), "a", "Wire"),
        record(casualty(6, "Stavna district"), "b", "Post", hours=1),
        record(casualty(1142, "Karsk", cumulative=True, source="the monitor"), "c", "Monitor", hours=1),
    ])
    facts = sorted(f.facts("casualty"), key=lambda x: x.total)
    assert [(x.total, x.reports, x.conflict) for x in facts] == [(False, 2, False), (True, 1, False)]


def test_a_rising_total_from_one_claimant_is_an_update_not_a_conflict():
    pic = picture([
        record(casualty(1142, "Karsk", cumulative=True, source="the monitor"), "a", "Monitor"),
        record(casualty(1150, "Karsk", cumulative=True, source="the Monitor"), "b", "Wire", hours=3),
        record(casualty(1190, "Karsk", cumulative=True, source="the monitor"), "c", "Monitor", hours=6),
    ])
    totals = pic.tally()
    assert [t.lowest for t in totals] == [1190, 1150, 1142]
    assert not any(t.conflict for t in totals)
    line = pic.tally_lines()[0]
    assert line.total.lowest == 1190 and line.incident_sum == 0


def test_figures_without_a_place_never_conflict():
    f = fuser()
    f.add([record(casualty(5, None), "a"), record(casualty(9, None), "b", "Post", hours=1)])
    assert [x.conflict for x in f.facts("casualty")] == [False, False]


def test_a_place_retaken_changes_hands_and_the_board_follows():
    pic = picture([
        record(control("Mirovo", "army", "rebels"), "a", "Wire"),
        record(control("the village of Mirovo", "army", "rebels"), "b", "Post", hours=1),
        record(control("Mirovo", "rebels", "army", action="retook"), "c", "Wire", hours=30),
        record(control("Mirovo", "army", "rebels", action="recaptured"), "d", "Post", hours=50),
    ])
    facts = pic.facts("control_change")
    assert len(facts) == 3 and not any(x.conflict for x in facts)
    (row,) = pic.board()
    assert (row.holder, row.previous, row.contested) == ("army", "rebels", False)
    assert row.since == facts[0].when
    assert [c.report_id for c in row.claims] == ["a", "b", "c", "d"]
    shape = board_dict(row)
    assert shape["holder"] == "army" and len(shape["claims"]) == 4
    assert set(shape["claims"][0]) == {"gainer", "loser", "action", "when", "date", "published",
                                       "source", "feed", "report_id", "evidence"}


def test_a_side_that_loses_a_place_to_nobody_named_leaves_its_holder_unknown():
    """"The militants lost Mirovo" names no taker: from then on the board
    does not know who holds it, but knows who did and since when; the next
    named taker follows the last known holder."""
    pic = picture([
        record(control("Mirovo", "militants", None), "a", "Wire"),
        record(control("Mirovo", None, "militants", action="lost"), "b", "Post", hours=30),
        record(control("Mirovo", None, "militants", action="withdrew"), "c", "Wire", hours=31),
    ])
    (row,) = pic.board()
    assert (row.holder, row.previous) == (None, "militants")
    assert row.since == pic.fact_of("b#0").when  # the first word of the loss, not the repeat
    later = picture([
        record(control("Mirovo", None, "militants", action="lost"), "b", "Post", hours=30),
        record(control("Mirovo", "army", None), "d", "Post", hours=60),
    ])
    (row,) = later.board()
    assert (row.holder, row.previous) == ("army", "militants")


def test_a_quick_retake_within_the_window_is_a_retake_not_a_conflict():
    pic = picture([
        record(control("Mirovo", "army", "rebels"), "a", "Wire"),
        record(control("Mirovo", "rebels", "army"), "b", "Post", hours=2),
    ])
    assert len(pic.facts("control_change")) == 2
    assert pic.board()[0].holder == "rebels"


def test_sides_that_disagree_about_who_took_a_place_are_a_conflict():
    pic = picture([
        record(control("Mirovo", "army", "rebels"), "a", "Wire"),
        record(control("Mirovo", "jihadists", "rebels"), "b", "Post", hours=2),
    ])
    (fact,) = pic.facts("control_change")
    assert fact.conflict and fact.sides == [("army", "rebels"), ("jihadists", "rebels")]
    (row,) = pic.board()
    assert row.contested and row.holder is None


def test_descriptive_places_are_never_merged():
    pic = picture([
        record(control("most of the border", "army", "rebels"), "a", "Wire"),
        record(control("most of the border", "army", "rebels"), "b", "Post", hours=1),
        record(control("a border town", "army", "rebels"), "c", "Post", hours=1),
        record(control("Kessab", "army", "rebels"), "d", "Post", hours=1),
    ])
    facts = pic.facts("control_change")
    assert len(facts) == 4
    assert [r.place.name for r in pic.board()] == ["Kessab"]


def test_a_part_of_a_town_changes_hands_apart_from_the_town():
    pic = picture([
        record(control("the Marrowfield mill district", "army", "rebels"), "a", "Wire"),
        record(control("the mill district of Marrowfield", "army", "rebels"), "b", "Post", hours=1),
        record(control("the town of Marrowfield", "rebels", "army"), "c", "Post", hours=2),
    ])
    board = {r.place.name: r for r in pic.board()}
    assert set(board) == {"Marrowfield mill district", "Marrowfield"}
    assert board["Marrowfield mill district"].holder == "army" and not board["Marrowfield mill district"].contested
    assert board["Marrowfield"].holder == "rebels"
    assert sorted(board_dict(r)["place"] for r in pic.board()) == ["Marrowfield", "Marrowfield mill district"]


def test_views_show_the_canonical_place_and_members_keep_their_wording():
    pic = picture([
        record(casualty(12, "the shelling of the Kessab market", source="medics"), "a", "Wire"),
        record(casualty(19, "Kessab town", source="the army"), "b", "Post", hours=1),
        record(casualty(4, "a border town", source="medics"), "c", "Post", hours=1),
    ])
    places = sorted(tally_dict(f)["place"] for f in pic.tally())
    assert places == ["Kessab", "a border town"]
    kessab = next(f for f in pic.tally() if f.place.name == "Kessab")
    assert kessab.conflict and [m.event.place for m in kessab.members] == [
        "the shelling of the Kessab market", "Kessab town"]
    assert sorted(r["location"] for r in export_rows(pic)) == ["Kessab", "a border town"]


def test_statements_from_one_speaker_with_nearly_the_same_words_fuse():
    f = fuser()
    f.add([
        record(statement("Foreign Minister Anna Roos", "talks will resume in Geneva on Monday"), "a"),
        record(statement("Roos", "the talks will resume in Geneva on Monday"), "b", "Post", hours=1),
        record(statement("Anna Roos", "we reject the proposal outright"), "c", "Post", hours=2),
    ])
    assert sorted(x.reports for x in f.facts("statement")) == [1, 2]


def test_fusion_is_incremental_and_order_blind():
    records = [
        record(control("Mirovo", "army", "rebels"), "a"),
        record(control("Mirovo", "rebels", "army"), "b", "Post", hours=30),
        record(casualty(4, "Mirovo"), "c", hours=31),
    ]
    one = fuser()
    one.add(records)
    two = fuser()
    touched = two.add(records[2:])
    two.add(records[:1])
    two.add(records[1:2])
    two.add(records)  # repeats are ignored
    assert len(two) == 3 and len(touched) == 1
    summary = lambda f: sorted((x.kind, tuple(m.id for m in x.members)) for x in f.facts())  # noqa: E731
    assert summary(one) == summary(two)


def test_batches_in_time_order_extend_the_picture_as_one_batch_would():
    records = [
        record(casualty(1142, "Karsk", cumulative=True, source="the monitor"), "a", "Monitor"),
        record(casualty(19, "Kessab", source="medics"), "b", "Wire", hours=1),
        record(casualty(12, "Kessab", source="the army"), "c", "Post", hours=2),
        record(casualty(1150, "Karsk", cumulative=True, source="the monitor"), "d", "Monitor", hours=3),
        record(control("Mirovo", "army", "rebels"), "e", hours=4),
        record(control("Mirovo", "army", "rebels"), "f", "Post", hours=5),
    ]
    whole = fuser()
    whole.add(records)
    step = fuser()
    for r in records:
        step.add([r])
        step.facts()  # settle after every batch, as the dashboard does
    summary = lambda f: sorted((x.kind, x.conflict, tuple(m.id for m in x.members)) for x in f.facts())  # noqa: E731
    assert summary(step) == summary(whole)
    assert step.fact_of("c#0") is step.fact_of("b#0")


def test_off_topic_reports_are_left_out_unless_asked():
    records = [record(control("Mirovo", "army", "rebels"), "a"),
               record(control("Kessab", "army", "rebels"), "b", hours=1)]
    pic = picture(records, off_topic={"b"})
    assert [r.place.name for r in pic.board()] == ["Mirovo"]
    assert {r.place.name for r in pic.board(everything=True)} == {"Mirovo", "Kessab"}


def test_export_rows_are_acled_like_and_one_per_fused_fact():
    pic = picture([
        record(casualty(19, "Kessab", source="medics"), "a", "Wire"),
        record(casualty(12, "Kessab", source="the army"), "b", "Post", hours=1),
        record(control("Mirovo", "army", "rebels"), "c", "Wire", hours=2),
    ])
    rows = export_rows(pic)
    assert [r["event_type"] for r in rows] == ["casualty", "control_change"]
    kill = rows[0]
    assert (kill["fatalities"], kill["fatalities_high"], kill["location"]) == (12, 19, "Kessab")
    assert kill["sources"] == "medics; the army"
    assert kill["source_urls"] == "https://news.example/a https://news.example/b"
    assert rows[1]["actor1"] == "army" and rows[1]["actor2"] == "rebels"
    assert export_rows(pic, kind="control_change")[0]["location"] == "Mirovo"


def test_timeline_counts_each_incident_once_per_outlet_and_leaves_totals_out():
    pic = picture([
        record(casualty(12, "Kessab", source="the army"), "a", "Wire"),
        record(casualty(19, "Kessab", source="medics"), "b", "Post", hours=1),
        record(casualty(14, "Kessab", source="the army"), "c", "Wire", hours=2),  # its revised toll
        record(casualty(1142, "Karsk", cumulative=True), "d", "Monitor", hours=3),
        record(casualty(4, "Mirovo"), "e", "Wire", hours=26),
        record(control("Mirovo", "army", "rebels"), "f", "Wire", hours=27),
    ])
    days = pic.timeline()
    assert [(d.day.isoformat(), d.by_source) for d in days] == [
        ("2031-03-02", {"Wire": 14, "Post": 19}), ("2031-03-03", {"Wire": 4})]
    assert [f.place.name for f in days[1].changes] == ["Mirovo"]
    hours = pic.timeline(step=timedelta(hours=1))
    assert [h.start.hour for h in hours] == [8, 10, 11]


def test_the_latest_claim_and_the_count_agree_with_every_claim_in_order():
    """The board's shortcuts give what sorting every claim gives, ties included."""
    pic = picture([
        record(control("Mirovo", "army", "rebels"), "b", "Wire"),
        record(control("Mirovo", "army", "rebels"), "a", "Post"),  # the same moment
        record(control("Mirovo", "rebels", "army", action="retook"), "d", "Wire", hours=30),
        record(control("Mirovo", "rebels", "army", action="retook"), "c", "Post", hours=30),
        record(control("Mirovo", "rebels", None), "e", "Post", hours=29),
    ])
    (row,) = pic.board()
    assert row.latest_claim is row.claims[-1] and row.latest_claim.report_id == "d"
    assert row.claim_count == len(row.claims) == 5
