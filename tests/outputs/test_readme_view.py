"""The README as a reader meets it on GitHub: an index of at most 25 screens whose first screen shows works
(tests/outputs/readme_view.py says how it is measured)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.outputs.readme_view import DESKTOP, MARKDOWN_CSS, PHONE, measure, readme_page

MAX_SCREENS = 25


@pytest.fixture(scope="module")
def readme() -> str:
    if not MARKDOWN_CSS.exists():
        pytest.skip(f"{MARKDOWN_CSS.name} is not installed; run `bash scripts/install-tools.sh`")
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_fits_in_25_desktop_screens_and_opens_on_works(browser, readme: str) -> None:
    result = measure(browser, readme, DESKTOP)
    assert result.screens <= MAX_SCREENS, result
    assert result.first_screen_works >= 5, result


def test_on_a_phone_the_first_screen_reaches_the_works(browser, readme: str) -> None:
    assert measure(browser, readme, PHONE).first_screen_works >= 1


def test_the_measure_counts_what_is_shown(browser) -> None:
    """Folded works take no height; unfolded, the same lines do."""
    lines = "\n".join(f"- [W{i}](https://e.org/{i}) - Work number {i}, Jun 2024." for i in range(200))
    shown = measure(browser, f"# List\n\n{lines}\n", DESKTOP)
    folded = measure(browser, f"# List\n\n<details><summary>Works (200)</summary>\n\n{lines}\n\n</details>\n", DESKTOP)
    assert shown.screens > 5 > folded.screens
    assert shown.first_screen_works > 10 and folded.first_screen_works == 0
    assert "<article class='markdown-body'>" in readme_page("x", DESKTOP.column)


def test_the_measure_counts_the_timeline_image(browser, readme: str) -> None:
    """The README's <picture> loads its image from the repository, which takes its height."""
    picture = readme[readme.index("<picture>") : readme.index("</picture>") + len("</picture>")]
    lines = "\n".join(f"- [W{i}](https://e.org/{i}) - Work number {i}, Jun 2024." for i in range(100))  # more than a screen
    with_image = measure(browser, f"# List\n\n{picture}\n\n{lines}\n", DESKTOP)
    without = measure(browser, f"# List\n\n{lines}\n", DESKTOP)
    assert with_image.screens - without.screens >= 0.2, (with_image, without)
