"""The timeline of large audio models (the survey's Figure 4, from live data): SVG geometry.

Works are placed by date on the x axis, in one lane per section; within a lane, labels that would
overlap go to the next row. Each year is as wide as its share of the works (with a floor), so the
busy recent years get the room and the sparse early ones do not push them off to the right.
`templates/site/timeline.svg.j2` draws the result, with the years above and below the lanes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.model.catalog import Catalog
from generator.model.entry import Entry

TIMELINE_KINDS = ("model", "paper", "benchmark", "tool")  # not surveys or datasets
WIDTH = 1200
MARGIN_LEFT = 20
MARGIN_RIGHT = 180  # room for the labels of the newest works
LANE_TITLE = 22
ROW = 18
LANE_GAP = 14
AXIS = 34
CHAR_WIDTH = 6.2  # average width of a 11px label character
LABEL_CHARS = 26
YEAR_FLOOR = 0.03  # the least share of the width a year gets


@dataclass(frozen=True)
class Point:
    entry: Entry
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Lane:
    title: str
    y: float
    height: float


@dataclass(frozen=True)
class Tick:
    """A year: its grid line at `x` (where it starts), its label centred at `label_x`."""

    x: float
    label_x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    axis_y: float  # the bottom axis; the top one sits above the first lane, at 0
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    points: tuple[Point, ...]


def months(entry: Entry) -> float:
    """A work's date as months since year 0 (a date known to the year sits mid-year)."""
    month = entry.date.month or 6.5
    day = entry.date.day or 15
    return entry.date.year * 12 + month - 1 + (day - 1) / 31


def short_label(entry: Entry) -> str:
    name = entry.display_name
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def timeline_works(catalog: Catalog) -> list[Entry]:
    """The works the timeline shows, oldest first."""
    return sorted((e for e in catalog.entries if e.kind in TIMELINE_KINDS), key=lambda e: (months(e), e.display_name.casefold()))


def year_starts(works: list[Entry], left: float, usable: float) -> dict[int, float]:
    """Where each year starts on the x axis (and the year after the last, where the axis ends)."""
    first, last = works[0].date.year, max(e.date.year for e in works)
    counts = Counter(e.date.year for e in works)
    weights = {year: max(counts[year], YEAR_FLOOR * len(works)) for year in range(first, last + 1)}
    total = sum(weights.values())
    starts = {first: left}
    for year in range(first, last + 1):
        starts[year + 1] = starts[year] + weights[year] / total * usable
    return starts


def layout(catalog: Catalog) -> Timeline:
    """Place every timeline work; lanes follow the taxonomy's section order."""
    works = timeline_works(catalog)
    if not works:
        return Timeline(WIDTH, 2 * AXIS, AXIS, (), (), ())
    starts = year_starts(works, MARGIN_LEFT, WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

    def x_of(entry: Entry) -> float:
        year = entry.date.year
        within = months(entry) - year * 12  # 0 <= within < 12
        return round(starts[year] + within / 12 * (starts[year + 1] - starts[year]), 1)

    lanes: list[Lane] = []
    points: list[Point] = []
    top = float(AXIS)
    for section in catalog.taxonomy.sections:
        in_lane = [e for e in works if e.section == section.id]
        if not in_lane:
            continue
        row_ends: list[float] = []  # right edge of the last label in each row
        placed: list[tuple[Entry, float, int, str]] = []
        for entry in in_lane:
            x = x_of(entry)
            label = short_label(entry)
            row = next((i for i, end in enumerate(row_ends) if x > end + 8), len(row_ends))
            if row == len(row_ends):
                row_ends.append(0.0)
            row_ends[row] = x + 8 + len(label) * CHAR_WIDTH
            placed.append((entry, x, row, label))
        height = LANE_TITLE + len(row_ends) * ROW
        lanes.append(Lane(section.title, top, height))
        points += [Point(e, x, top + LANE_TITLE + row * ROW + ROW / 2, label) for e, x, row, label in placed]
        top += height + LANE_GAP
    years = sorted(starts)[:-1]
    ticks = tuple(Tick(round(starts[y], 1), round((starts[y] + starts[y + 1]) / 2, 1), str(y)) for y in years)
    return Timeline(WIDTH, top + AXIS, top, tuple(lanes), ticks, tuple(points))
