"""Fixtures for the website tests: one site built per session (the real list and the hostile entries), served on 127.0.0.1, and a browser.

The `chromium` and `browser` fixtures are in tests/conftest.py (the README's view uses them too).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.features.site.sitetools import (
    PHONE,
    BuiltSite,
    Watched,
    add_hostile_entries,
    copy_list,
    search_index_without_documents,
    serve,
    shared_site,
    watched_page,
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
def quiet_search(built_site: BuiltSite) -> str:
    """The site's search index without documents, for the pages of tests that do not search."""
    return search_index_without_documents(built_site.site)


@pytest.fixture
def watched(browser, quiet_search: str) -> Iterator[Watched]:
    with watched_page(browser, {"width": 1400, "height": 1000}, quiet_search) as page:
        yield page


@pytest.fixture
def searching(browser) -> Iterator[Watched]:
    """A desktop page with the site's whole search index, for the tests that search."""
    with watched_page(browser, {"width": 1400, "height": 1000}) as page:
        yield page


@pytest.fixture
def phone(browser, quiet_search: str) -> Iterator[Watched]:
    """A page on a 390 x 844 touch screen."""
    with watched_page(browser, PHONE, quiet_search) as page:
        yield page
