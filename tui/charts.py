"""Terminal charts drawn with plotext: killed per day, and the map.

plotext keeps one global figure, so these functions are only called from
the UI thread, one at a time. Every label that came from a feed goes
through ``one_line`` (control sequences stripped) before plotext sees it,
and the result is read back with ``Text.from_ansi``: plotext's own colour
codes are the only escape sequences in it.
"""

from __future__ import annotations

from datetime import date, timedelta

import plotext as plt
from rich.text import Text

from sitrep.domain.textsafe import one_line
from sitrep.fusion import DayCount, PlaceStatus

FEED_COLOURS = ("cyan", "orange", "magenta", "green", "red", "blue", "yellow", "gray")
# plotext knows fewer colour names than Rich.
PLOTEXT_COLOURS = {"bright_green": "green+", "bright_red": "red+", "grey62": "gray",
                   "magenta": "magenta", "yellow": "yellow", "green": "green", "red": "red",
                   "cyan": "cyan", "blue": "blue"}
MAX_DAYS = 31  # days drawn: the latest month
MIN_EXTENT_DEGREES = 0.1  # about 10 km: the least the map shows, around a lone place


def _start(width: int, height: int) -> None:
    plt.clear_figure()
    plt.plotsize(max(width, 20), max(height, 6))
    plt.theme("clear")


STEP_NAMES = {timedelta(days=1): "day", timedelta(hours=1): "hour", timedelta(minutes=10): "10 minutes"}


def step_label(step: DayCount, today: date, size: timedelta = timedelta(days=1)) -> str:
    label = step.start.strftime("%d %b") if step.start.year == today.year \
        else step.start.strftime("%d %b %Y")
    if size >= timedelta(days=1):
        return label
    return f"{label} {step.start:%H:%M}" if size < timedelta(hours=1) else f"{label} {step.start:%H}h"


def killed_chart(days: list[DayCount], width: int, height: int, today: date,
                 size: timedelta = timedelta(days=1)) -> Text:
    """Reported killed per step (a day; an hour or ten minutes for a young
    situation), one bar segment per outlet."""
    days = [d for d in days if d.by_source][-MAX_DAYS:]
    if not days:
        return Text("No killed figures reported for single incidents yet.", style="dim")
    feeds = sorted({f for d in days for f in d.by_source})
    _start(width, height)
    labels = [step_label(d, today, size) for d in days]
    series = [[d.by_source.get(f, 0) for d in days] for f in feeds]
    plt.stacked_bar(labels, series, labels=[one_line(f, 24) for f in feeds],
                    color=[FEED_COLOURS[i % len(FEED_COLOURS)] for i in range(len(feeds))])
    plt.title(f"Reported killed per {STEP_NAMES.get(size, 'step')}, by outlet "
              "(each incident once per outlet)")
    return Text.from_ansi(plt.build(), no_wrap=True, overflow="crop")


def _pad(values: list[float]) -> float:
    """The margin around the places: a little of their spread, and for a
    lone place (or a tight cluster) enough for some country around it."""
    span = max(values) - min(values)
    return max(span * 0.12, (MIN_EXTENT_DEGREES - span) / 2, 0.01)


def situation_map(statuses: list[PlaceStatus], colours: dict, width: int, height: int) -> Text:
    """The board's places with coordinates, coloured by holder, contested
    places marked with a red x, zoomed to the places shown."""
    located = [s for s in statuses if s.place.located]
    if not located:
        return Text("No place on the board has coordinates: list them under "
                    "[situation.places] in the config.", style="dim")
    lats = [s.place.lat for s in located]
    lons = [s.place.lon for s in located]
    pad_lat, pad_lon = _pad(lats), _pad(lons)
    left, right = min(lons) - pad_lon, max(lons) + pad_lon * 3  # room for the labels
    _start(width, height)
    by_holder: dict[str | None, list[PlaceStatus]] = {}
    for status in located:
        key = "contested" if status.contested else status.holder
        by_holder.setdefault(key, []).append(status)
    for holder, group in by_holder.items():
        contested = holder == "contested"
        colour = "red" if contested else PLOTEXT_COLOURS.get(colours.get(holder, "grey62"), "gray")
        plt.scatter([s.place.lon for s in group], [s.place.lat for s in group],
                    marker="x" if contested else "●", color=colour,
                    label=one_line(holder or "holder unknown", 20))
    step = (right - left) / max(width - 10, 10)
    for status in located:
        colour = "red" if status.contested else PLOTEXT_COLOURS.get(colours.get(status.holder, "grey62"), "gray")
        plt.text(one_line(status.place.name, 24), x=status.place.lon + 2 * step,
                 y=status.place.lat, color=colour, alignment="left")
    plt.xlim(left, right)
    plt.ylim(min(lats) - pad_lat, max(lats) + pad_lat)
    plt.xlabel("longitude")
    plt.ylabel("latitude")
    return Text.from_ansi(plt.build(), no_wrap=True, overflow="crop")
