"""generator.outputs.timeline: the README's timeline image (months, kinds, the cap, the legend,
escaping, light and dark) and the year axis of the site's timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.core.catalog import load_catalog
from generator.model.catalog import Catalog
from generator.model.entry import Entry, PartialDate
from generator.outputs.readme import timeline_picture
from generator.outputs.templates import templates_dir
from generator.outputs.timeline import (
    IMAGE_DARK,
    IMAGE_LIGHT,
    IMAGE_MONTHS,
    IMAGE_WIDTH,
    LIGHT,
    MONTH_ROWS,
    YEAR_LABEL_GAP,
    Timeline,
    label_width,
    layout,
    month_grid,
    timeline_images,
    year_starts,
    year_ticks,
)
from tests.conftest import REPO
from tests.features.site.sitetools import add_hostile_entries, copy_list

SVG = "{http://www.w3.org/2000/svg}"


@cache
def real() -> Catalog:
    return load_catalog(REPO)


def work(index: int, date: PartialDate, kind: str = "model", name: str | None = None) -> Entry:
    return Entry(
        id=f"work-{index}", path=f"entries/music/work-{index}.md", section="music", title=f"Work {index}", kind=kind,
        date=date, authors=("Ann Author",), links={"paper": f"https://example.org/{index}"}, added=dt.date(2026, 1, 1),
        summary="A work.", name=name or f"Work {index}",
    )


def catalog_of(*entries: Entry) -> Catalog:
    """The real list's vocabulary with `entries` alone, newest first as the list orders them."""
    ordered = sorted(entries, key=lambda e: (-e.date.year, -e.date.month, e.display_name))
    return dataclasses.replace(real(), entries=tuple(ordered))


def images(catalog: Catalog) -> dict[str, str]:
    return {o.path: o.text for o in timeline_images(catalog, templates_dir(REPO))}


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_grid_shows_the_last_twelve_months_of_the_list_in_order() -> None:
    grid = month_grid(real())
    dated = [e for e in real().entries if e.date.month and e is not real().survey]
    newest = max(dated, key=lambda e: (e.date.year, e.date.month))
    assert len(grid.months) == IMAGE_MONTHS
    assert grid.months[-1].label == f"{dt.date(newest.date.year, newest.date.month, 1):%b %Y}"
    per_month = Counter(f"{dt.date(e.date.year, e.date.month, 1):%b %Y}" for e in dated)
    assert [m.count for m in grid.months] == [per_month[m.label] for m in grid.months]
    assert grid.works == sum(m.count for m in grid.months) > 0
    assert grid.width == IMAGE_WIDTH and grid.height < 360  # it counts in the README's screens


def test_a_month_caps_its_chips_and_says_how_many_more() -> None:
    busy = [work(i, PartialDate(2025, 3, 1 + i)) for i in range(MONTH_ROWS + 3)]
    full = [work(100 + i, PartialDate(2025, 4)) for i in range(MONTH_ROWS)]
    grid = month_grid(catalog_of(*busy, *full, work(200, PartialDate(2025)), work(201, PartialDate(2024, 5))))
    months = {m.label: m for m in grid.months}
    assert list(months)[0] == "May 2024" and list(months)[-1] == "Apr 2025"
    assert len(months["Mar 2025"].chips) == MONTH_ROWS - 1 and months["Mar 2025"].more == 4
    assert months["Mar 2025"].count == MONTH_ROWS + 3
    assert len(months["Apr 2025"].chips) == MONTH_ROWS and months["Apr 2025"].more == 0
    assert grid.works == len(busy) + len(full) + 1  # the work dated to the year alone has no month
    svg = images(catalog_of(*busy, *full))[IMAGE_LIGHT]
    assert texts(svg).count("+4 more") == 1 and not any(t.startswith("+") for t in texts(svg) if t != "+4 more")


def test_chips_are_coloured_by_kind_with_a_legend_and_stay_in_their_column() -> None:
    every_kind = list(real().taxonomy.kinds)
    kinds = [work(i, PartialDate(2025, 5 + i % 2), kind=kind) for i, kind in enumerate(every_kind)]
    grid = month_grid(catalog_of(*kinds))
    assert [item.kind for item in grid.legend] == every_kind
    assert all(0 < item.x < IMAGE_WIDTH for item in grid.legend)
    svg = images(catalog_of(*kinds))[IMAGE_LIGHT]
    chips = [s for s in ET.fromstring(svg).iter(f"{SVG}svg")][1:]  # the root, then a nested one per chip
    fills = {"".join(chip.find(f"{SVG}text").itertext()): chip.find(f"{SVG}rect").get("fill") for chip in chips}
    assert len(set(fills.values())) == len(every_kind)
    for month in month_grid(real()).months:
        for chip in month.chips:
            assert month.x <= chip.x and chip.x + chip.width <= IMAGE_WIDTH
            assert label_width(chip.label) <= chip.width - 12
        ys = [c.y for c in month.chips]
        assert ys == sorted(ys) and all(b - a >= 18 for a, b in zip(ys, ys[1:], strict=False))


def test_light_and_dark_differ_only_in_colours() -> None:
    files = images(real())
    assert set(files) == {IMAGE_LIGHT, IMAGE_DARK}
    light, dark = (re.sub("#[0-9a-f]{6}", "#colour", files[path]) for path in (IMAGE_LIGHT, IMAGE_DARK))
    assert light == dark and files[IMAGE_LIGHT] != files[IMAGE_DARK]
    root = ET.fromstring(files[IMAGE_DARK])
    assert root.get("width") == str(IMAGE_WIDTH) and root.find(f"{SVG}title").text == month_grid(real()).alt


@pytest.mark.parametrize("name", [
    "<script>alert(1)</script>",
    'A & B "quoted" \'single\'',
    "]]><svg onload=alert(1)>",
    "Name\u202etxt.exe\u2066x\u2069",
    "<![CDATA[x]]> &amp; &#x3c;",
    "Bell\x07 and \ufffe",
])
def test_a_hostile_name_gives_a_well_formed_image_with_no_live_markup(name: str) -> None:
    files = images(catalog_of(work(1, PartialDate(2025, 6), name=name), work(2, PartialDate(2025, 5), kind="dataset")))
    for svg in files.values():
        root = ET.fromstring(svg)  # well-formed, or this raises
        assert {el.tag.removeprefix(SVG) for el in root.iter()} <= {"svg", "title", "rect", "text", "tspan"}
        assert not [name for el in root.iter() for name in el.attrib if name.startswith("on")]
        label = next(t for t in texts(svg) if t.startswith(("<", "A ", "]", "Name", "Bell")))
        assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\ufffe]", label)
        assert "<script" not in svg and "<svg onload" not in svg


def test_the_site_tests_hostile_entries_give_inert_images(tmp_path: Path) -> None:
    """The hostile entries the site is tested with, published today: the image's newest month."""
    root = copy_list(tmp_path)
    add_hostile_entries(root)
    for svg in images(load_catalog(root)).values():
        tree = ET.fromstring(svg)
        assert any(t.startswith("<img src=x") for t in texts(svg))  # the name, shown as text
        assert {el.tag.removeprefix(SVG) for el in tree.iter()} <= {"svg", "title", "rect", "text", "tspan"}
        assert "<script" not in svg and "<img" not in svg


def test_year_labels_of_the_site_timeline_never_overlap() -> None:
    def overlaps(timeline: Timeline) -> list[tuple[str, str]]:
        shown = [t for t in timeline.ticks if t.label]
        return [(a.label, b.label) for a, b in zip(shown, shown[1:], strict=False)
                if a.label_x + label_width(a.label) / 2 + YEAR_LABEL_GAP > b.label_x - label_width(b.label) / 2]

    timeline = layout(real())
    assert not overlaps(timeline)
    assert [t.label for t in timeline.ticks] == [str(y) for y in range(int(timeline.ticks[0].label), int(timeline.ticks[-1].label) + 1)]
    sparse = [work(i, PartialDate(year, 6)) for i, year in enumerate(range(1990, 2026))] + [work(100 + i, PartialDate(2025, 3)) for i in range(300)]
    crowded = year_ticks(year_starts(sorted(sparse, key=lambda e: e.date.year), 20, 1000))
    assert crowded[-1].label == "2025" and "" in {t.label for t in crowded}  # 36 years in 1000 px: some go unlabelled
    assert not overlaps(dataclasses.replace(timeline, ticks=crowded))


def test_a_list_with_no_work_dated_to_a_month_has_no_picture_in_its_readme() -> None:
    undated = catalog_of(work(1, PartialDate(2024)))
    assert month_grid(undated).months == () and timeline_picture(undated) is None
    for svg in images(undated).values():
        assert ET.fromstring(svg).find(f"{SVG}title").text == "Timeline of the newest works: none yet."
    picture = timeline_picture(real())
    assert picture and f'srcset="{IMAGE_DARK}"' in picture and f'src="{IMAGE_LIGHT}"' in picture


def test_a_kind_the_taxonomy_adds_gets_the_other_colour_and_a_legend_entry() -> None:
    taxonomy = dataclasses.replace(real().taxonomy, kinds={**real().taxonomy.kinds, "demo": "A demonstration."})
    catalog = dataclasses.replace(catalog_of(work(1, PartialDate(2025, 5), kind="demo"), work(2, PartialDate(2025, 5))),
                                  taxonomy=taxonomy)
    assert [item.kind for item in month_grid(catalog).legend][-1] == "demo"
    svg = images(catalog)[IMAGE_LIGHT]
    fills = [rect.get("fill") for chip in list(ET.fromstring(svg).iter(f"{SVG}svg"))[1:] for rect in chip.iter(f"{SVG}rect")]
    assert LIGHT.other[0] in fills and LIGHT.kinds["model"][0] in fills
