"""The website as readers use it, in a real browser: filtered views that can be shared, reloaded and
gone back to; tables on a phone; one Datasets page; accessibility (axe) in both palettes on desktop
and phone; the filters' details; the page that lists every work.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.core.catalog import load_catalog
from generator.features.site.pages import WORKS_SHOWN
from generator.model.catalog import Catalog
from tests.features.site.sitetools import (
    AXE_COLOUR_RULES,
    DESKTOP,
    PHONE,
    BuiltSite,
    Tab,
    Watched,
    axe_violations,
    screenshot,
    set_palette,
)

TEXT = "[data-lam-filters] input[type=search]"
ROWS = "[data-lam-table] tbody tr"
SECTION = "sections/speech-recognition/"
ALL_WORKS = "works/"


@pytest.fixture(scope="module")
def catalog(built_site: BuiltSite) -> Catalog:
    """The catalog of the built site: the real list and the hostile entries."""
    return load_catalog(built_site.root)


SHOW_ALL = """async () => {
    const more = document.querySelector('[data-lam-more]');
    const rows = () => document.querySelectorAll('[data-lam-table] tbody tr').length;
    const deadline = Date.now() + 30000;
    while (more && more.checkVisibility()) {
        const before = rows();
        more.click();
        while (rows() === before && more.checkVisibility()) {  // the rows arrive from the rows files
            if (Date.now() > deadline) throw new Error('"Show more" added no rows in 30 s');
            await new Promise(frame => requestAnimationFrame(frame));
        }
    }
}"""
"""Press "Show more" in the page until it is gone, each press once the rows of the last one are in.
Its own test (test_all_works_shows_its_newest_rows_then_more_on_demand) presses it as a reader
does; here it only lists every row, and a Playwright click per press (scrolling to the button,
waiting for it to stand still) cost 5 CPU-seconds for the 14 presses of All works, against 2."""


def show_all(page) -> None:
    """Wait until the table is ready (All works: its data file read), then list every row it lets
    through (All works shows 50 rows at a time: "Show more" until none is left)."""
    page.wait_for_selector("[data-lam-table][data-lam-ready]", state="attached")
    page.evaluate(SHOW_ALL)


def shown_works(page) -> list[str]:
    """Ids of the works in the table's visible rows, in display order (every row it lets through)."""
    show_all(page)
    return page.eval_on_selector_all(
        f"{ROWS}:not([hidden]) td:first-child a",
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())",
    )


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def type_filter(page, text: str) -> None:
    """Type into the free-text filter and wait until the table has applied it (the URL records it)."""
    page.fill(TEXT, text)
    page.wait_for_function("text => new URLSearchParams(location.search).get('text') === text", arg=text)


def search_is_open(page) -> bool:
    """Whether Material's search overlay is open (its toggle is checked)."""
    page.wait_for_timeout(300)  # Material opens it, when it does, as its bundle starts
    return page.evaluate("document.getElementById('__search').checked")


def form_text(page) -> str:
    return page.inner_text("[data-lam-filters]")


# 1. A filtered view survives reload, sharing and Back without Material's search opening over it.


def test_a_filtered_view_survives_reload_sharing_and_back_without_opening_search(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    every = shown_works(page)
    page.fill(TEXT, "llama")
    page.wait_for_function("n => document.querySelectorAll('[data-lam-table] tbody tr:not([hidden])').length < n", arg=len(every))
    filtered, shown = page.url, shown_works(page)
    assert 0 < len(shown) < len(every)
    for how in ("reload", "shared link", "back from a work page"):
        if how == "reload":
            page.reload()
        elif how == "shared link":
            page.goto(filtered)
        else:
            page.locator(f"{ROWS}:not([hidden]) td:first-child a").first.click()
            page.wait_for_url("**/works/*/")
            page.go_back()
        assert not search_is_open(page), how
        assert page.input_value(TEXT) == "llama", how
        assert shown_works(page) == shown, how
        assert page.url == filtered, how
    assert watched.errors == []


def test_old_q_links_filter_the_table_without_opening_search(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION + "?q=llama&task=asr")
    assert not search_is_open(page)
    assert page.input_value(TEXT) == "llama"
    assert query(page) == {"text": ["llama"], "task": ["asr"]}
    shown = shown_works(page)
    page.goto(site_url + SECTION + "?text=llama&task=asr")
    assert shown and shown == shown_works(page)  # the same rows as today's link; which works they are follows the entries
    assert watched.errors == []


def test_material_search_links_still_open_search_on_pages_without_a_table(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "works/jukebox/?q=jukebox")
    assert search_is_open(page)


# 2. Typing in a filter box, then clicking a row link: the first click opens the work.


def test_the_first_click_on_a_row_link_after_typing_opens_the_work(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    page.click(TEXT)
    page.keyboard.type("whisper")
    page.wait_for_function("location.search.includes('whisper')")
    link = page.locator(f"{ROWS}:not([hidden]) td:first-child a").first
    target = link.get_attribute("href")
    link.click()  # a real mouse click: mousedown (the filter box loses focus), mouseup, click
    page.wait_for_url(f"**/works/{target.strip('/').split('/')[-1]}/", timeout=5_000)
    assert watched.errors == []


def test_leaving_a_filter_box_does_not_touch_the_table(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    page.click(TEXT)
    page.keyboard.type("speech")
    page.wait_for_timeout(500)
    page.evaluate(
        """() => { window.__lamMutations = 0;
        new MutationObserver(m => { window.__lamMutations += m.length; })
            .observe(document.querySelector('[data-lam-table] tbody'), {childList: true, attributes: true, subtree: true}); }"""
    )
    page.keyboard.press("Tab")  # blur: a `change` event
    page.keyboard.type("x")  # typing is debounced: nothing changes at once
    page.wait_for_timeout(50)
    assert page.evaluate("window.__lamMutations") == 0


# 3. Phones: tables become one card per work; the timeline opens on the latest works.


@pytest.mark.parametrize("path", ["sections/spoken-dialogue/", "datasets/", ALL_WORKS])
def test_phone_tables_are_cards_that_fit_the_screen(phone: Watched, site_url: str, path: str) -> None:
    page = phone.page
    page.goto(site_url + path)
    page.wait_for_selector("[data-lam-table][data-lam-ready]", state="attached")  # All works: its rows made from its data file
    width = PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cards = page.eval_on_selector_all(
        f"{ROWS}:not([hidden])",
        """rows => rows.slice(0, 30).map(r => {
            const box = r.getBoundingClientRect();
            const cells = Array.from(r.cells).filter(c => c.innerText.trim())
                .map(c => c.getBoundingClientRect()).map(b => [b.left, b.right, b.width]);
            return {left: box.left, right: box.right, height: box.height, cells};
        })""",
    )
    assert len(cards) == 30
    for card in cards:
        assert 0 <= card["left"] and card["right"] <= width, card
        assert card["height"] < PHONE["height"] / 2, card  # a card, not a screen-tall row
        assert all(0 <= left and right <= width and w > 0 for left, right, w in card["cells"]), card
    # every column's content is on the card (names, years, tasks, links...), not cut off to the right
    assert page.locator(f"{ROWS}:not([hidden]) .lam-chip").first.is_visible()
    name = path.strip("/").replace("/", "-") or "home"
    screenshot(page, f"phone-{name}", full_page=False)
    page.evaluate(
        "window.scrollTo(0, document.querySelector('[data-lam-table] tbody').getBoundingClientRect().top + scrollY - 60)"
    )
    screenshot(page, f"phone-{name}-cards", full_page=False)
    assert phone.errors == []


def test_phone_timeline_opens_on_the_latest_works(phone: Watched, site_url: str) -> None:
    page = phone.page
    page.goto(site_url + "timeline/")
    page.wait_for_timeout(100)
    page.locator(".lam-timeline__figure").scroll_into_view_if_needed()
    points = page.eval_on_selector_all(
        ".lam-timeline__point circle",
        "cs => cs.map(c => { const b = c.getBoundingClientRect(); return [Number(c.getAttribute('cx')), b.left, b.top]; })",
    )
    newest = max(points)
    assert 0 <= newest[1] <= PHONE["width"], newest
    on_screen = [p for p in points if 0 <= p[1] <= PHONE["width"] and 0 <= p[2] <= PHONE["height"]]
    assert len(on_screen) >= 10  # the first screen shows works, not empty lanes
    screenshot(page, "phone-timeline", full_page=False)
    assert phone.errors == []


# 4. One Datasets page, linked from everywhere.


def test_one_datasets_page_linked_everywhere(watched: Watched, site_url: str, catalog: Catalog) -> None:
    page = watched.page
    dataset = next(e for e in catalog.entries if e.section == "datasets")
    links: list[str] = []
    for path in ("", f"works/{dataset.id}/", "sections/music/", "tasks/", ALL_WORKS):
        page.goto(site_url + path)
        links += page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    assert not [link for link in links if "/sections/datasets" in link]
    page.goto(site_url + f"works/{dataset.id}/")
    listed = page.eval_on_selector_all("dt:text-is('Listed in') + dd a", "as => as.map(a => a.href)")
    assert site_url + "datasets/" in listed
    assert page.request.get(site_url + "sections/datasets/").status == 404
    assert watched.errors == []


# 5. Accessibility: axe finds no serious or critical violation on any kind of page.

AXE_PAGES = ("", "sections/music/", "works/speechgpt/", "datasets/", "timeline/", ALL_WORKS, "tasks/", "benchmarks/", "about/")


@pytest.mark.parametrize("half", [0, 1])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violations(browser, site_url: str, viewport: str, half: int) -> None:
    """Each kind of page at this size, in both palettes: a page is loaded once, axe runs every rule in
    the palette it opens in (light on a first visit, then the one the reader chose last) and, after
    the reader's palette toggle switches to the other one, the rules that colours decide
    (AXE_COLOUR_RULES); half the pages per test, so that parallel workers share the work."""
    tab = Tab(browser, DESKTOP if viewport == "desktop" else PHONE)
    try:
        with tab.for_test() as watched:
            page = watched.page
            found = {}
            for path in AXE_PAGES[half::2]:
                page.goto(site_url + path)
                opened = page.get_attribute("body", "data-md-color-scheme") or "none"
                other = "default" if opened == "slate" else "slate"
                for scheme, rules in ((opened, ()), (other, AXE_COLOUR_RULES)):
                    if scheme == other:
                        set_palette(page, scheme)
                    violations = axe_violations(page, rules=rules)
                    if page.get_attribute("body", "data-md-color-scheme") != scheme:
                        violations.append(f"not in the {scheme} palette (no such page?)")
                    if violations:
                        found[f"{path or 'home'} ({scheme})"] = violations
            assert found == {}
            assert watched.errors == []
    finally:
        tab.close()


def test_links_in_running_text_are_underlined(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    decorations = page.eval_on_selector_all(
        ".lam-home p a, .lam-home li a", "as => as.map(a => getComputedStyle(a).textDecorationLine)"
    )
    assert decorations and set(decorations) == {"underline"}


# 6. The filters' details.


def test_text_filter_matches_words_in_any_order_across_name_title_authors_venue_and_tasks(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    for text in (
        "speech llama",
        "LLaMA speech",
        "Speech-LLaMA",
        "speech_llama",
        "Yashesh Gaur",
        "gaur decoder-only",
        "ecoder-on",
    ):
        type_filter(page, text)
        assert "speech-llama" in shown_works(page), text
    assert "author" in page.get_attribute(TEXT, "placeholder")
    page.goto(site_url + "sections/speech-synthesis/")
    every = len(shown_works(page))
    count = "rows => rows.filter(r => r.dataset.tasks.split(' ').includes('voice-conversion')).length"
    converters = page.eval_on_selector_all(ROWS, count)  # every row is shown before a filter
    type_filter(page, "voice conversion")  # a task's label: every work with that task matches
    assert 0 < converters <= len(shown_works(page)) < every
    assert page.eval_on_selector_all(ROWS, count) == converters
    type_filter(page, "VALL-E")  # "vall e": not CSM's "uncanny valley"
    names = page.eval_on_selector_all(
        f"{ROWS}:not([hidden]) td:first-child", "cells => cells.map(c => c.innerText.toLowerCase())"
    )
    assert names and all("vall-e" in name for name in names)


def test_filters_explain_an_empty_table(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    type_filter(page, "zzqqxx")
    assert shown_works(page) == []
    assert "No works match" in form_text(page)
    page.goto(site_url + SECTION + "?from=2025&to=2020")
    assert shown_works(page) == []
    assert "reversed" in form_text(page)
    assert watched.errors == []


def test_unknown_filter_values_are_ignored_and_reported(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    every = shown_works(page)
    page.goto(site_url + SECTION + "?task=bogus&modality=nonsense&from=abc")
    assert page.input_value("select[name=task]") == ""
    assert shown_works(page) == every
    text = form_text(page)
    assert "bogus" in text and "nonsense" in text and "ignored" in text
    assert query(page) == {}
    assert watched.errors == []


def test_reset_clears_the_filters_and_the_sort(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + SECTION)
    listed = shown_works(page)
    page.click("th[data-lam-sort=number] button")  # oldest first: the list is newest first
    sorted_all = shown_works(page)
    assert sorted(sorted_all) == sorted(listed) and sorted_all != listed
    page.check("input[name=code]")
    page.click("[data-lam-filters] button[type=reset]")
    page.wait_for_function("location.search === ''")
    assert shown_works(page) == listed
    assert page.get_attribute("th[data-lam-sort=number]", "aria-sort") == "none"


def test_tab_titles_name_the_site_once(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    assert page.title() == "Awesome Large Audio Models"
    page.goto(site_url + "works/jukebox/")
    assert page.title() == "Jukebox: A Generative Model for Music - Awesome Large Audio Models"


def test_tasks_page_is_a_short_index_into_the_filtered_list(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "tasks/")
    assert page.evaluate("document.documentElement.scrollHeight") < 5_000
    assert page.locator("#asr").count() == 1  # old links to tasks/#asr still land
    page.click("a[href$='?task=asr']")
    page.wait_for_url("**/works/?task=asr")
    assert page.input_value("select[name=task]") == "asr"
    show_all(page)
    rows = page.eval_on_selector_all(f"{ROWS}:not([hidden])", "rows => rows.map(r => r.dataset.tasks.split(' '))")
    assert len(rows) > 20 and all("asr" in tasks for tasks in rows)
    assert watched.errors == []


def test_a_work_page_highlights_its_section_in_the_nav(watched: Watched, site_url: str, catalog: Catalog) -> None:
    page = watched.page
    dataset = next(e for e in catalog.entries if e.section == "datasets")
    for work, title in (("jukebox", "Large Audio Models in Music"), (dataset.id, "Datasets")):
        page.goto(site_url + f"works/{work}/")
        active = page.locator(".md-nav--primary .md-nav__item--active > a.md-nav__link")
        assert [t.strip() for t in active.all_inner_texts()] == [title], work
        assert active.is_visible(), work


# Beyond: one page that lists every work, filters in the URL, what is new.


def test_all_works_page_is_in_the_nav_and_filters_by_section(watched: Watched, site_url: str, catalog: Catalog) -> None:
    page = watched.page
    page.goto(site_url)
    page.locator(".md-nav--primary").get_by_role("link", name="All works", exact=True).click()
    page.wait_for_url("**/works/")
    assert len(shown_works(page)) == len(catalog.entries)
    page.select_option("select[name=section]", "music")
    music = {e.id for e in catalog.entries if "music" in e.sections}
    assert set(shown_works(page)) == music
    assert query(page) == {"section": ["music"]}
    home = next(e.id for e in catalog.entries if e.section == "music")  # a row shows the work's own section
    assert "Music" in page.inner_text(f"{ROWS}:has(td:first-child a[href$='{home}/'])")
    assert watched.errors == []


def test_all_works_state_is_shareable_and_back_restores_it(watched: Watched, site_url: str) -> None:
    page = watched.page
    url = site_url + ALL_WORKS + "?section=speech-synthesis&text=voice&code=1&sort=year&order=desc"
    page.goto(url)
    shown = shown_works(page)
    years = page.eval_on_selector_all(f"{ROWS}:not([hidden])", "rows => rows.map(r => Number(r.dataset.year))")
    assert shown and years == sorted(years, reverse=True)
    assert page.input_value("select[name=section]") == "speech-synthesis" and page.is_checked("input[name=code]")
    page.locator(f"{ROWS}:not([hidden]) td:first-child a").first.click()
    page.wait_for_url("**/works/*/")
    page.go_back()
    assert page.url == url and shown_works(page) == shown and not search_is_open(page)
    assert page.input_value(TEXT) == "voice"
    assert watched.errors == []


def test_home_shows_the_newest_works_and_what_was_added_since_the_last_visit(watched: Watched, site_url: str, catalog: Catalog) -> None:
    page = watched.page
    newest = [e for e in catalog.entries if e is not catalog.survey][:10]
    page.goto(site_url)
    listed = page.eval_on_selector_all("#newest ~ .lam-work-list li a", "links => links.map(a => a.getAttribute('href'))")
    assert listed == [f"works/{e.id}/" for e in newest]  # newly published, newest first
    assert page.is_hidden("[data-lam-since]")  # a first visit has nothing to compare with
    last = min(e.added for e in catalog.entries).isoformat()
    page.evaluate(f"localStorage.setItem('lam-last-visit', '{last}')")
    page.goto(site_url)
    since = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    added = sum(e.added.isoformat() >= since for e in catalog.entries)
    assert page.inner_text("[data-lam-since]") == f"{added} works added since your last visit on {last}."
    assert page.evaluate("localStorage.getItem('lam-last-visit')") == dt.date.today().isoformat()  # seen now
    page.click("[data-lam-since] a")
    page.wait_for_url("**/works/?*")
    assert query(page) == {"added": [since], "sort": ["added"], "order": ["desc"]}
    show_all(page)
    days = page.eval_on_selector_all(f"{ROWS}:not([hidden])", "rows => rows.map(r => r.dataset.added)")
    assert len(days) == added and days == sorted(days, reverse=True) and min(days) >= since
    page.goto(site_url)
    assert page.is_hidden("[data-lam-since]")  # a second look the same day: nothing new to say
    assert watched.errors == []


def test_skip_to_content_lands_on_a_work_pages_title(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "works/jukebox/")
    assert page.get_attribute("a.md-skip", "href") == "#work"
    assert page.locator("#work > h1").inner_text() == "Jukebox"
    toc = page.eval_on_selector_all(".md-nav--secondary a.md-nav__link", "links => links.map(a => a.getAttribute('href'))")
    assert "#links" in toc and "#work" not in toc  # the table of contents still lists the sections only
    assert watched.errors == []


def test_a_phone_copies_the_bibtex_from_the_first_screen(phone: Watched, site_url: str) -> None:
    page = phone.page
    page.goto(site_url + "works/jukebox/")
    button = page.locator(".lam-work__cite button")
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= PHONE["height"]
    button.click()
    status = ".lam-work__cite .lam-copy__status"
    page.wait_for_function(f"document.querySelector('{status}').textContent !== ''")  # the clipboard answers later
    assert page.inner_text(status) in ("Copied to the clipboard.", "Could not copy; select the text and copy it by hand.")
    assert phone.errors == []

def test_kind_is_a_filter_and_a_sortable_column(watched: Watched, site_url: str, catalog: Catalog) -> None:
    page = watched.page
    page.goto(site_url + ALL_WORKS + "?kind=model&task=full-duplex-dialogue&code=1&from=2025")
    shown = set(shown_works(page))
    expected = {e.id for e in catalog.entries
                if e.kind == "model" and "full-duplex-dialogue" in e.tasks and e.has_code and e.year >= 2025}
    assert shown == expected and expected  # "full-duplex models with code since 2025": no benchmark among them
    assert page.input_value("select[name=kind]") == "model"
    page.goto(site_url + ALL_WORKS + "?sort=kind&order=asc")
    show_all(page)
    kinds = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.kind)")
    assert kinds == sorted(kinds) and len(kinds) == len(catalog.entries)
    assert page.inner_text(f"{ROWS} >> nth=0").count("Benchmark") >= 1  # the Kind column shows it
    assert watched.errors == []


def test_all_works_shows_its_newest_rows_then_more_on_demand(watched: Watched, site_url: str, catalog: Catalog) -> None:
    page = watched.page
    total = len(catalog.entries)
    page.goto(site_url + ALL_WORKS)
    page.wait_for_selector("[data-lam-table][data-lam-ready]", state="attached")
    assert page.locator(ROWS).count() == WORKS_SHOWN
    assert page.inner_text("[data-lam-count]") == f"{total} of {total} works shown"
    more = page.locator("[data-lam-more]")
    assert more.inner_text() == f"Show {WORKS_SHOWN} more ({total - WORKS_SHOWN} not listed yet)"
    page.evaluate("document.querySelector('tbody tr').lamMark = true")
    more.click()
    page.wait_for_function(f"document.querySelectorAll('tbody tr').length === {2 * WORKS_SHOWN}")
    assert page.evaluate("document.querySelector('tbody tr').lamMark === true")  # rows are added; those shown stay
    page.wait_for_function(f"document.activeElement.closest('tr') === document.querySelectorAll('tbody tr')[{WORKS_SHOWN}]")
    ids = page.eval_on_selector_all(f"{ROWS} td:first-child a", "links => links.map(a => a.getAttribute('href').split('/')[0])")
    assert ids == [e.id for e in catalog.entries[:2 * WORKS_SHOWN]]  # rows from the page, then from its rows file
    type_filter(page, "speech")  # a filter starts again from its first rows
    assert page.locator(ROWS).count() <= WORKS_SHOWN
    # "Show more" before a new view's rows have arrived adds to that view, not to the rows on screen.
    page.evaluate("""text => { const field = document.querySelector('[data-lam-filters] input[type=search]');
        field.value = text; field.form.requestSubmit(); document.querySelector('[data-lam-more]').click(); }""", "music")
    page.wait_for_function(f"document.querySelectorAll('tbody tr').length === {2 * WORKS_SHOWN}")  # the last view's rows
    raced = page.eval_on_selector_all(f"{ROWS} td:first-child a", "links => links.map(a => a.getAttribute('href').split('/')[0])")
    page.goto(site_url + ALL_WORKS + "?text=music")
    music = shown_works(page)
    assert len(music) > 2 * WORKS_SHOWN and raced == music[: 2 * WORKS_SHOWN]
    page.goto(site_url + ALL_WORKS + "?sort=year&order=asc")  # the oldest works: rows the page does not hold
    page.wait_for_selector("[data-lam-table][data-lam-ready]", state="attached")
    oldest = sorted(catalog.entries, key=lambda e: (str(e.date), catalog.entries.index(e)))[:WORKS_SHOWN]
    ids = page.eval_on_selector_all(f"{ROWS} td:first-child a", "links => links.map(a => a.getAttribute('href').split('/')[0])")
    assert ids == [e.id for e in oldest]
    assert watched.errors == []


def test_all_works_without_javascript_lists_the_newest_works(browser, site_url: str, catalog: Catalog) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + ALL_WORKS)
    ids = page.eval_on_selector_all(f"{ROWS} td:first-child a", "links => links.map(a => a.getAttribute('href').split('/')[0])")
    assert ids == [e.id for e in catalog.entries[:WORKS_SHOWN]]
    assert "with JavaScript it lists, filters and sorts them all" in page.inner_text(".lam-all-works")
    context.close()


def test_phone_filters_fold_and_stay_in_sight(phone: Watched, site_url: str) -> None:
    page = phone.page
    page.goto(site_url + ALL_WORKS)
    page.wait_for_selector("[data-lam-table][data-lam-ready]", state="attached")
    assert not page.evaluate("document.querySelector('[data-lam-fold]').open")  # folded: the cards start on the first screen
    assert page.locator(ROWS).first.bounding_box()["y"] < PHONE["height"]
    page.evaluate("window.scrollTo(0, 3000)")
    box = page.locator("[data-lam-filters]").bounding_box()
    assert 0 <= box["y"] < 100  # under the header, however far the cards scroll
    page.click(".lam-filters__summary")
    page.select_option("select[name=kind]", "dataset")
    assert query(page) == {"kind": ["dataset"]}
    page.goto(site_url + ALL_WORKS + "?kind=benchmark")  # a filtered address shows its filters
    page.wait_for_selector("[data-lam-table][data-lam-ready]", state="attached")
    assert page.evaluate("document.querySelector('[data-lam-fold]').open")
    assert phone.errors == []
