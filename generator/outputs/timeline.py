"""Timelines of the list, as SVG geometry: the website's timeline of every work, and the README's
image of the newest works by month.

The site's timeline places works by date on the x axis, in one lane per section; within a lane,
labels that would overlap go to the next row. Each year is as wide as its share of the works, but
never narrower than its label, so the busy recent years get the room and the sparse early ones
neither push them off to the right nor crowd their labels together.
`templates/site/timeline.svg.j2` draws it, with the years above and below the lanes.

The README's image (`month_grid`) shows the works of the last twelve months of the list, one
column per month in two rows of six, each work a chip coloured by its kind, a month's overflow as
`+N more`. `templates/readme-timeline.svg.j2` draws it once per palette (`timeline_images`), as
the light and dark files the README's <picture> chooses between.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.lib.files import Output
from generator.model.catalog import Catalog
from generator.model.entry import Entry, PartialDate
from generator.outputs.exports import xml_text
from generator.outputs.templates import html_environment

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
YEAR_LABEL_GAP = 12  # the least room between two year labels
YEAR_MIN = 4 * CHAR_WIDTH + 2 * YEAR_LABEL_GAP  # the least width of a year: its label, with room to spare


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
    """A year: its grid line at `x` (where it starts), its label centred at `label_x` ("" when
    there is no room for it)."""

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


def short_label(name: str, chars: int = LABEL_CHARS) -> str:
    """`name` cut to `chars` characters, with `…` when cut."""
    return name if len(name) <= chars else name[: chars - 1].rstrip() + "…"


def label_width(label: str) -> float:
    """The width of an 11px label, as the layouts estimate it."""
    return len(label) * CHAR_WIDTH


def timeline_works(catalog: Catalog) -> list[Entry]:
    """The works the timeline shows, oldest first."""
    return sorted((e for e in catalog.entries if e.kind in TIMELINE_KINDS), key=lambda e: (months(e), e.display_name.casefold()))


def year_widths(counts: Counter[int], years: range, usable: float) -> dict[int, float]:
    """Each year's width: its share of the works, but at least YEAR_MIN (the others share the rest)."""
    if YEAR_MIN * len(years) >= usable:
        return {year: usable / len(years) for year in years}
    floored: set[int] = set()
    while True:
        free = [year for year in years if year not in floored]
        room = usable - YEAR_MIN * len(floored)
        total = sum(counts[year] for year in free)
        widths = {year: counts[year] / total * room if total else room / len(free) for year in free}
        narrow = {year for year, width in widths.items() if width < YEAR_MIN}
        if not narrow:
            return {year: widths.get(year, YEAR_MIN) for year in years}
        floored |= narrow


def year_starts(works: list[Entry], left: float, usable: float) -> dict[int, float]:
    """Where each year starts on the x axis (and the year after the last, where the axis ends)."""
    first, last = works[0].date.year, max(e.date.year for e in works)
    widths = year_widths(Counter(e.date.year for e in works), range(first, last + 1), usable)
    starts = {first: left}
    for year in range(first, last + 1):
        starts[year + 1] = starts[year] + widths[year]
    return starts


def year_ticks(starts: dict[int, float]) -> tuple[Tick, ...]:
    """A tick per year; a label that would come closer than YEAR_LABEL_GAP to the next one shown
    (newest first) is left out, so labels never overlap however many years there are."""
    ticks: list[Tick] = []
    shown_left = float("inf")  # left edge of the last label shown
    for year in sorted(starts)[-2::-1]:
        label_x = round((starts[year] + starts[year + 1]) / 2, 1)
        half = label_width(str(year)) / 2
        fits = label_x + half + YEAR_LABEL_GAP <= shown_left
        if fits:
            shown_left = label_x - half
        ticks.append(Tick(round(starts[year], 1), label_x, str(year) if fits else ""))
    return tuple(reversed(ticks))


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
            label = short_label(entry.display_name)
            row = next((i for i, end in enumerate(row_ends) if x > end + 8), len(row_ends))
            if row == len(row_ends):
                row_ends.append(0.0)
            row_ends[row] = x + 8 + label_width(label)
            placed.append((entry, x, row, label))
        height = LANE_TITLE + len(row_ends) * ROW
        lanes.append(Lane(section.title, top, height))
        points += [Point(e, x, top + LANE_TITLE + row * ROW + ROW / 2, label) for e, x, row, label in placed]
        top += height + LANE_GAP
    return Timeline(WIDTH, top + AXIS, top, tuple(lanes), year_ticks(starts), tuple(points))


# The README's image: the newest works by month.

IMAGE_LIGHT = "assets/timeline-light.svg"
IMAGE_DARK = "assets/timeline-dark.svg"
IMAGE_WIDTH = 830  # GitHub's README column at a desktop window
IMAGE_MONTHS = 12
IMAGE_COLUMNS = 6  # months side by side; the twelve months take two rows of columns
MONTH_ROWS = 5  # chips a month shows; one more work than fits makes the last row `+N more`
PAD = 12
LEGEND = 30  # the height of the title and legend line
MONTH_HEAD = 22
CHIP = 18
CHIP_GAP = 4
BAND_GAP = 10
COLUMN_GAP = 8
CHIP_TEXT_PAD = 6  # room left of a chip's label
LEGEND_SWATCH = 16  # a legend item's colour square (12 px) and the room before its kind
LEGEND_GAP = 14  # between two legend items


@dataclass(frozen=True)
class Chip:
    """A work in its month's column: a rectangle at (x, y) and its label."""

    entry: Entry
    x: float
    y: float
    width: float
    label: str


@dataclass(frozen=True)
class Month:
    """A month's column: its heading at (x, y), how many works it has, its chips and what they leave out."""

    label: str
    x: float
    y: float
    count: int
    chips: tuple[Chip, ...]
    more: int  # works not shown as chips, written `+N more` below them
    more_y: float  # the top of the `+N more` line


@dataclass(frozen=True)
class LegendItem:
    kind: str
    x: float


@dataclass(frozen=True)
class MonthGrid:
    width: int
    height: float
    title: str
    months: tuple[Month, ...]
    legend: tuple[LegendItem, ...]
    chip_height: int

    @property
    def works(self) -> int:
        return sum(m.count for m in self.months)

    @property
    def alt(self) -> str:
        """The image's text for readers who cannot see it."""
        if not self.months:
            return "Timeline of the newest works: none yet."
        busiest = max(self.months, key=lambda m: m.count)
        return (f"Timeline of the newest works, {self.months[0].label} to {self.months[-1].label}: {self.works} works "
                f"by month of publication, the most in {busiest.label} ({busiest.count}), each coloured by its kind "
                f"({', '.join(item.kind for item in self.legend)}).")


def visible_text(text: str) -> str:
    """`text` as an image can show it: no formatting characters (bidi overrides, zero-width marks),
    no characters XML forbids."""
    return xml_text("".join(char for char in text if unicodedata.category(char) != "Cf"))


def recent_months(works: list[Entry], count: int = IMAGE_MONTHS) -> list[tuple[int, int]]:
    """The `count` months (year, month from 0) that end with the newest month of `works`."""
    if not works:
        return []
    newest = max(e.date.year * 12 + e.date.month - 1 for e in works)
    return [divmod(index, 12) for index in range(newest - count + 1, newest + 1)]


def month_grid(catalog: Catalog) -> MonthGrid:
    """The newest works (not the list's own survey) by month of publication, newest first within a
    month; works dated to the year alone have no month to go in."""
    dated = [e for e in catalog.entries if e.date.month and e is not catalog.survey]
    wanted = recent_months(dated)
    by_month: dict[tuple[int, int], list[Entry]] = {key: [] for key in wanted}
    for entry in dated:
        if (key := (entry.date.year, entry.date.month - 1)) in by_month:
            by_month[key].append(entry)
    column = (IMAGE_WIDTH - 2 * PAD - (IMAGE_COLUMNS - 1) * COLUMN_GAP) / IMAGE_COLUMNS
    chars = int((column - 2 * CHIP_TEXT_PAD) / CHAR_WIDTH)
    bands = [wanted[i : i + IMAGE_COLUMNS] for i in range(0, len(wanted), IMAGE_COLUMNS)]
    shown: list[Month] = []
    top = float(PAD + LEGEND)
    for band in bands:
        rows = 0
        for index, key in enumerate(band):
            works = by_month[key]
            chips = works if len(works) <= MONTH_ROWS else works[: MONTH_ROWS - 1]
            x = round(PAD + index * (column + COLUMN_GAP), 1)
            shown.append(Month(
                PartialDate(key[0], key[1] + 1).label, x, top, len(works),
                tuple(Chip(e, x, top + MONTH_HEAD + row * (CHIP + CHIP_GAP), round(column, 1),
                           short_label(visible_text(e.display_name), chars)) for row, e in enumerate(chips)),
                len(works) - len(chips), top + MONTH_HEAD + len(chips) * (CHIP + CHIP_GAP),
            ))
            rows = max(rows, min(len(works), MONTH_ROWS))
        top += MONTH_HEAD + rows * (CHIP + CHIP_GAP) + BAND_GAP
    legend_x: float = IMAGE_WIDTH - PAD
    legend: list[LegendItem] = []
    for kind in reversed(list(catalog.taxonomy.kinds)):  # the taxonomy's kinds, right-aligned: the title takes the left
        legend_x -= LEGEND_SWATCH + label_width(kind) + LEGEND_GAP
        legend.append(LegendItem(kind, round(legend_x, 1)))
    return MonthGrid(IMAGE_WIDTH, round(top - BAND_GAP + PAD, 1), "Newest works by month", tuple(shown),
                     tuple(reversed(legend)), CHIP)


@dataclass(frozen=True)
class Palette:
    """The colours of one version of the image: the page's, and each kind's fill and edge (`other`
    for a kind a list's taxonomy adds)."""

    background: str
    text: str
    muted: str
    rule: str
    kinds: dict[str, tuple[str, str]]
    other: tuple[str, str]

    def colour(self, kind: str) -> tuple[str, str]:
        """The fill and edge of a kind's chips and legend square."""
        return self.kinds.get(kind, self.other)


LIGHT = Palette("#ffffff", "#1f2328", "#59636e", "#d1d9e0", {
    "model": ("#ddf4ff", "#54aeff"), "benchmark": ("#fff1e5", "#fb8f44"), "dataset": ("#dafbe1", "#4ac26b"),
    "survey": ("#fbefff", "#c297ff"), "paper": ("#fff8c5", "#d4a72c"), "tool": ("#ffebe9", "#ff8182"),
}, ("#f6f8fa", "#818b98"))
DARK = Palette("#0d1117", "#f0f6fc", "#9198a1", "#3d444d", {
    "model": ("#0d2a4d", "#4493f8"), "benchmark": ("#3a2010", "#db6d28"), "dataset": ("#0f2e1a", "#3fb950"),
    "survey": ("#2a1a45", "#ab7df8"), "paper": ("#33290b", "#d29922"), "tool": ("#3b1216", "#f85149"),
}, ("#151b23", "#656c76"))


def timeline_images(catalog: Catalog, templates: Path) -> list[Output]:
    """The README's timeline image in its light and dark versions, from `templates`/readme-timeline.svg.j2."""
    grid = month_grid(catalog)
    template = html_environment(templates).get_template("readme-timeline.svg.j2")
    return [Output(path, template.render(grid=grid, colours=palette).rstrip("\n") + "\n")
            for path, palette in ((IMAGE_LIGHT, LIGHT), (IMAGE_DARK, DARK))]
