"""Fixtures for the website tests: one site built per session (the real list and the hostile entries), served on 127.0.0.1, and a browser.

The `chromium` and `browser` fixtures are in tests/conftest.py (the README's view uses them too).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.features.site.sitetools import (
    PHONE,
    WIDE,
    BuiltSite,
    Tab,
    Watched,
    add_hostile_entries,
    copy_list,
    serve,
    shared_site,
)


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the list with the hostile entries, for the tests that render pages in memory."""
    root = copy_list(tmp_path_factory.mktemp("hostile-list"))
    add_hostile_entries(root)
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The session's one `mkdocs build --strict`: the real list plus the hostile entries."""
    return shared_site(tmp_path_factory)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site, served on 127.0.0.1."""
    with serve(built_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def desktop_tab(browser) -> Iterator[Tab]:
    """This worker's desktop page (1400 x 1000), reset between tests."""
    tab = Tab(browser, WIDE)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def phone_tab(browser) -> Iterator[Tab]:
    """This worker's page on a 390 x 844 touch screen, reset between tests."""
    tab = Tab(browser, PHONE)
    yield tab
    tab.close()


@pytest.fixture
def watched(desktop_tab: Tab) -> Iterator[Watched]:
    with desktop_tab.for_test() as page:
        yield page


@pytest.fixture
def phone(phone_tab: Tab) -> Iterator[Watched]:
    """A page on a 390 x 844 touch screen."""
    with phone_tab.for_test() as page:
        yield page
