"""Reports and events for the store tests, made up for them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from sitrep.domain.models import Casualty, ControlChange, Displacement, Event, Report, Statement

UTC = timezone.utc
BASE = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
HERE = Path(__file__).resolve().parent
CHILD = HERE / "store_child.py"


def make_report(n: int, *, feed: str = "wire", minutes: int | None = None, text: str | None = None) -> Report:
    """Report ``n``, published ``minutes`` (default ``n``) minutes after BASE."""
    return Report(
        id=f"https://example.test/item/{n}",
        feed=feed,
        title=f"Bulletin {n}: crossing at the old mill reopens",
        text=text if text is not None else f"Body of bulletin {n}. " * 20,
        url=f"https://example.test/item/{n}.html",
        published=BASE + timedelta(minutes=n if minutes is None else minutes),
        fetched=BASE + timedelta(days=1),
    )


def all_kinds() -> list[Event]:
    """One event of every kind, with the awkward fields filled in."""
    return [
        ControlChange(
            evidence="Northern units took the mill district.", start=0, end=38,
            source="the northern command", when="on Monday", date="2016-12-12", rule="control.took",
            place="the mill district", action="captured", gainer="Northern units",
            loser=None, party_gainer="north", party_loser="south",
        ),
        Casualty(
            evidence="Eleven people, including four children, were killed.", start=40, end=92,
            count=11, status="killed", qualifier="at least", count_text=None,
            victims="people", includes=(("children", 4), ("women", 2)), cause="shelling",
            place="the mill district", cumulative=False, rule="casualty.killed",
        ),
        Statement(
            evidence='"We will return to the table," the envoy said.', start=93, end=140,
            speaker="the envoy", quote="We will return to the table,", direct=True,
            speaker_role="envoy", topic="talks", rule="statement.said",
        ),
        Displacement(
            evidence="Hundreds of families fled toward the coast.", start=141, end=185,
            count=None, qualifier=None, count_text="Hundreds", who="families",
            origin="the mill district", destination="the coast", rule="displacement.fled",
        ),
    ]
