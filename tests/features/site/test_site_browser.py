"""The built website in a real browser (Debian's chromium through Playwright), served on 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from tests.features.site.sitetools import (
    EXPORTS_ID,
    HOSTILE_ID,
    HOSTILE_SECTION,
    PHONE,
    BuiltSite,
    Tab,
    Watched,
    screenshot,
)

XSS_FLAG = "window.__lamXss"


def visible_rows(page) -> list[dict[str, str]]:
    """data-* attributes of the table rows currently shown, in display order."""
    return page.eval_on_selector_all(
        "[data-lam-table] tbody tr:not([hidden])",
        "rows => rows.map(r => ({tasks: r.dataset.tasks, year: r.dataset.year, code: r.dataset.code}))",
    )


def search_works(page, query: str) -> None:
    """Type `query` into the search box (emptied first) and wait until lam.js's works answer it."""
    page.fill("input.md-search__input", "")
    page.click("input.md-search__input")
    page.keyboard.type(query)
    folded = " ".join(re.findall(r"\w+", query.lower()))
    page.locator(f".lam-search-works[data-lam-query='{folded}']").wait_for(state="attached", timeout=10_000)


def test_an_exact_name_is_the_first_search_hit(watched: Watched, site_url: str) -> None:
    """"MMAU" finds MMAU before MMAudio, "Moshi" Moshi before MoshiVis and J-Moshi (Material alone ranks
    the longer names first)."""
    page = watched.page
    page.goto(site_url)
    for query, work in (("MMAU", "mmau"), ("Moshi", "moshi"), ("salmonn", "salmonn")):
        page.goto(site_url)
        search_works(page, query)
        first = page.get_attribute(".md-search-result__item > a", "href")
        assert f"works/{work}/" in first, (query, first)
    assert watched.errors == []


def test_search_finds_a_model_by_name(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    search_works(page, "SpeechGPT")
    result = page.locator(".md-search-result__item a[href*='works/speechgpt/']").first
    result.wait_for(timeout=10_000)
    assert "SpeechGPT" in result.inner_text()
    assert watched.errors == []


def test_task_filter_narrows_the_table_and_the_url_records_it(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "sections/music/")
    every = visible_rows(page)
    page.select_option("select[name=task]", "music-understanding")
    shown = visible_rows(page)
    assert 0 < len(shown) < len(every)
    assert all("music-understanding" in row["tasks"].split() for row in shown)
    assert "task=music-understanding" in page.url
    assert page.inner_text("[data-lam-count]") == f"{len(shown)} of {len(every)} works shown"
    page.goto(page.url)  # the state comes back from the URL alone
    assert page.input_value("select[name=task]") == "music-understanding"
    assert len(visible_rows(page)) == len(shown)
    assert watched.errors == []


def test_year_range_code_and_text_filters(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "sections/speech-synthesis/?from=2023&to=2023")
    assert {row["year"] for row in visible_rows(page)} == {"2023"}
    page.check("input[name=code]")
    assert all(row["code"] == "released" for row in visible_rows(page))
    assert "code=1" in page.url
    page.click("[data-lam-filters] button[type=reset]")
    page.fill("input[name=text]", "VALL-E")
    page.wait_for_function("location.search.includes('text=VALL-E')")  # typing is debounced
    names = page.eval_on_selector_all("[data-lam-table] tbody tr:not([hidden]) td:first-child", "c => c.map(x => x.innerText)")
    assert names and all("vall-e" in name.lower() for name in names)
    assert "code=" not in page.url


def test_sorting_by_year_works_with_mouse_and_keyboard(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "sections/music/")
    year_button = page.locator("th[data-lam-sort=number] button")
    year_button.click()
    years = [int(row["year"]) for row in visible_rows(page)]
    assert years == sorted(years) and len(set(years)) > 1
    assert page.get_attribute("th[data-lam-sort=number]", "aria-sort") == "ascending"
    year_button.focus()
    page.keyboard.press("Enter")
    years = [int(row["year"]) for row in visible_rows(page)]
    assert years == sorted(years, reverse=True)
    assert page.get_attribute("th[data-lam-sort=number]", "aria-sort") == "descending"
    assert "order=desc" in page.url
    assert watched.errors == []


def test_work_page_shows_bibtex_and_the_copy_button_copies_it(desktop_tab: Tab, watched: Watched, site_url: str) -> None:
    desktop_tab.context.grant_permissions(["clipboard-read", "clipboard-write"])  # the tab's reset takes them back
    page = watched.page
    page.goto(site_url + "works/jukebox/")
    bibtex = page.inner_text("#bibtex-jukebox")
    assert bibtex.startswith("@misc{dhariwal2020jukebox,")
    page.click("button[data-lam-copy=bibtex-jukebox]")
    page.wait_for_function("document.querySelector('.lam-copy__status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == bibtex
    edit = page.get_attribute("a.md-content__button[href*='/edit/']", "href")
    assert edit == "https://github.com/EmulationAI/awesome-large-audio-models/edit/main/entries/music/jukebox.md"
    assert watched.errors == []


# One page of each kind the site has: a page per template (and per hand-written page), the work
# pages whose template shows more (a dataset, the survey), and the hostile works and their section.
# Every other page is one of these with other data. (Material's 404 page links its assets from the
# site's own path, which the test server does not serve.)
PAGES_BY_TEMPLATE = {
    "home.html.j2": [""],
    "section.html.j2": ["sections/music/", f"sections/{HOSTILE_SECTION}/"],
    "work.html.j2": ["works/jukebox/", "works/librispeech/", "works/sparks-of-large-audio-models/",
                     f"works/{HOSTILE_ID}/", f"works/{EXPORTS_ID}/"],
    "works.html.j2": ["works/"],
    "datasets.html.j2": ["datasets/"],
    "benchmarks.html.j2": ["benchmarks/"],
    "timeline.html.j2": ["timeline/"],
    "tasks.html.j2": ["tasks/"],
    "pages/about.md": ["about/"],
}


def test_the_pages_checked_cover_every_template(built_site: BuiltSite) -> None:
    templates = built_site.root / "templates" / "site"
    written = {p.name for p in templates.glob("*.html.j2") if not p.name.startswith("_")}
    written |= {p.relative_to(templates).as_posix() for p in (templates / "pages").glob("*.md")}
    assert set(PAGES_BY_TEMPLATE) == written
    for paths in PAGES_BY_TEMPLATE.values():
        for path in paths:
            assert (built_site.site / path).is_file() or (built_site.site / path / "index.html").is_file(), path


def test_no_console_errors_on_any_kind_of_page(watched: Watched, site_url: str) -> None:
    """Each page loads without a console error, a page error or a failed request (the theme's
    worker indexing the site's search index on each)."""
    found: dict[str, list[str]] = {}
    for path in (path for paths in PAGES_BY_TEMPLATE.values() for path in paths):
        watched.errors.clear()
        watched.page.goto(site_url + path, wait_until="load")
        watched.page.wait_for_timeout(50)
        if watched.errors:
            found[path or "home"] = list(watched.errors)
    assert found == {}


def test_screenshots(watched: Watched, site_url: str) -> None:
    page = watched.page
    for name, path in (("home", ""), ("section-music", "sections/music/"), ("work-speechgpt", "works/speechgpt/")):
        page.goto(site_url + path)
        assert screenshot(page, name).stat().st_size > 10_000
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "timeline/")
    screenshot(page, "timeline-dark")


HOSTILE_PAGES = ("", f"works/{HOSTILE_ID}/", f"sections/{HOSTILE_SECTION}/", "tasks/", "timeline/", "datasets/")


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_entry_does_not_execute_script(watched: Watched, site_url: str, path: str) -> None:
    page = watched.page
    page.goto(site_url + path)
    page.wait_for_timeout(200)  # let any injected handler (onerror, onload) fire
    assert page.evaluate(f"typeof {XSS_FLAG}") == "undefined"
    assert watched.dialogs == []
    assert (
        page.locator("script:not([src]):not([type='application/json'])").evaluate_all(
            "scripts => scripts.filter(s => s.textContent.includes('__lamXss')).length"
        )
        == 0
    )
    assert page.locator("[onerror], [onload], [onmouseover]").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert watched.errors == []


def test_hostile_entry_shows_its_text_as_text(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + f"works/{HOSTILE_ID}/")
    assert page.inner_text("h1") == '<img src=x onerror="window.__lamXss = 2">Hostile'
    assert page.title().startswith('<img src=x onerror="window.__lamXss = 2">Hostile: <script>')
    body = page.inner_text(".lam-work")
    for text in (
        "<script>window.__lamXss = 1</script> Hostile </table> title",
        "Mallory </table>",
        "</td></tr></table>",
        "<svg onload",
    ):
        assert text in body
    assert page.inner_text(".lam-work__summary code") == "<script>window.__lamXss = 8</script>"
    screenshot(page, "hostile-work")


def test_hostile_entry_in_search_results_is_inert(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    search_works(page, "Hostile")
    result = page.locator(f".md-search-result__item a[href*='works/{HOSTILE_ID}/']").first
    result.wait_for(timeout=10_000)
    assert "<img src=x" in result.inner_text()
    page.wait_for_timeout(200)
    assert page.evaluate(f"typeof {XSS_FLAG}") == "undefined"
    assert watched.dialogs == [] and watched.errors == []


def test_search_finds_works_by_their_summary_and_the_keys_reach_them(watched: Watched, site_url: str) -> None:
    """Works come from works/search.json, fetched at the first keystroke, not when a page opens: a
    phrase of Jukebox's summary finds it; the arrow keys reach it; Enter opens the exact name."""
    page = watched.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if url.endswith("works/search.json")]
    search_works(page, "unaligned lyrics")
    result = page.locator(".lam-search-works .md-search-result__item a[href$='works/jukebox/']")
    assert result.inner_text().startswith("Jukebox: A Generative Model for Music")
    assert page.inner_text(".lam-search-works .md-search-result__meta") == "1 matching work"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("works/jukebox/")
    search_works(page, "Moshi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/works/moshi/")
    assert watched.errors == []


def test_a_broad_search_links_to_all_works_for_the_rest(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    search_works(page, "speech")
    more = page.locator(".lam-search-works a[href*='works/?text=speech']")
    assert page.locator(".lam-search-works .md-search-result__item").count() == 9  # 8 works and the link
    assert "Filter All works by \u201cspeech\u201d" in more.inner_text()
    search_works(page, "zzqqxx")
    assert page.inner_text(".lam-search-works .md-search-result__meta") == "No matching works"
    page.click("button[type=reset][for], .md-search__options button[type=reset]")
    page.wait_for_function("document.querySelector('.lam-search-works').hidden")
    assert watched.errors == []


def test_a_reused_tab_starts_each_test_afresh(browser, site_url: str) -> None:
    """What one test leaves in a tab (storage, a cookie, a dark scheme, another size, an error) does
    not reach the next; a tab whose page was closed is replaced."""
    tab = Tab(browser, PHONE)
    try:
        with tab.for_test() as first:
            page = first.page
            page.goto(site_url)
            page.evaluate("() => { localStorage.setItem('lam-test', '1'); sessionStorage.setItem('lam-test', '1');"
                          " document.cookie = 'lam=1; path=/'; console.error('from the first test') }")
            page.emulate_media(color_scheme="dark")
            page.set_viewport_size({"width": 800, "height": 600})
        assert first.errors == ["console error: from the first test"]
        state = "() => [localStorage.getItem('lam-test'), sessionStorage.getItem('lam-test'), document.cookie, matchMedia('(prefers-color-scheme: dark)').matches, innerWidth]"
        with tab.for_test() as second:
            assert second.page.url == "about:blank"
            second.page.goto(site_url)
            assert second.page.evaluate(state) == [None, None, "", False, PHONE["width"]]
            second.page.close()
        assert second.errors == []
        with tab.for_test() as third:
            third.page.goto(site_url)
            assert third.page.evaluate(state) == [None, None, "", False, PHONE["width"]]
        assert third.errors == []
    finally:
        tab.close()
