"""Fixtures for the website tests: list roots (real and hostile), built sites, servers, a browser.

Browser tests skip when Debian's chromium or the playwright package is missing, unless
AWESOME_LAM_REQUIRE_TOOLS=1, where they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.features.site.sitetools import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    REPO,
    BuiltSite,
    Watched,
    add_hostile_entry,
    build_site,
    copy_list,
    require_tools,
    serve,
    watched_page,
)


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_list(tmp_path_factory.mktemp("hostile-list"))
    add_hostile_entry(root)
    return root


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("real-site") / "site")


@pytest.fixture(scope="session")
def hostile_site(hostile_root: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(hostile_root / "mkdocs.yml", tmp_path_factory.mktemp("hostile-site") / "site")


@pytest.fixture(scope="session")
def real_url(real_site: BuiltSite) -> Iterator[str]:
    with serve(real_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_site: BuiltSite) -> Iterator[str]:
    with serve(hostile_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never Playwright's own browser download)."""
    reason = ""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright Python package is not installed (pip install playwright)"
    if not reason and not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: the browser tests are skipped; to run them: sudo apt-get install --no-install-recommends chromium"
    if reason:
        if require_tools():
            pytest.fail(f"AWESOME_LAM_REQUIRE_TOOLS=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    with watched_page(browser, {"width": 1400, "height": 1000}) as page:
        yield page


@pytest.fixture
def phone(browser) -> Iterator[Watched]:
    """A page on a 390 x 844 touch screen."""
    with watched_page(browser, PHONE) as page:
        yield page
