"""How long the README is as GitHub shows it: screens at a desktop and a phone size.

    .venv/bin/python -m tests.outputs.readme_view            # README.md of this repository
    .venv/bin/python -m tests.outputs.readme_view OTHER.md

The README is rendered by cmark-gfm (tests/github_markdown.py) and styled with GitHub's own
Markdown stylesheet (the github-markdown-css package, installed by scripts/install-tools.sh) in a
column as wide as the README box of a repository page: 830 px of text at a 1366x900 window (the
page's 1280 px container, its 296 px sidebar and the box's 32 px padding taken off), 358 px on a
390x844 phone. Screens are the rendered height over the window height; a folded <details> takes
the height of its summary line, as on GitHub; images the README names by a relative path (the
timeline) are loaded from the README's folder and take their height. Text is set in Liberation Sans (Debian's
fonts-liberation, which scripts/install-tools.sh installs with chromium), which has the widths of
Arial, the font GitHub's stack ends with; without it chromium falls back to the wider DejaVu Sans
and the count errs on the long side.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from tests.github_markdown import github_html

REPO = Path(__file__).resolve().parents[2]
MARKDOWN_CSS = REPO / ".cache/node/node_modules/github-markdown-css/github-markdown-light.css"
BASE = "https://readme.invalid/"  # the README's folder, as the page sees it: `measure` answers its requests


@dataclass(frozen=True)
class View:
    name: str
    window: tuple[int, int]  # width, height of the browser window
    column: int  # width of the README's text


DESKTOP = View("desktop 1366x900", (1366, 900), 830)
PHONE = View("phone 390x844", (390, 844), 358)


def readme_page(markdown: str, column: int) -> str:
    """The README as a page: GitHub's HTML of it in a column of GitHub's README width and style."""
    css = MARKDOWN_CSS.read_text(encoding="utf-8")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><base href='{BASE}'><style>" + css +
        f"body{{margin:0}} .markdown-body{{box-sizing:content-box;width:{column}px;padding:32px 16px;margin:0 auto}}"
        "</style></head><body><article class='markdown-body'>" + github_html(markdown) + "</article></body></html>"
    )


@dataclass(frozen=True)
class Measure:
    screens: float
    first_screen_works: int  # list items of works (links with a ` - ` description) seen without scrolling


def measure(browser, markdown: str, view: View, folder: Path = REPO) -> Measure:
    """Screens the README takes in `view`, and how many works its first screen shows; its relative
    images come from `folder`."""
    page = browser.new_page(viewport={"width": view.window[0], "height": view.window[1]})

    def from_folder(route) -> None:
        path = (folder / unquote(route.request.url.removeprefix(BASE).split("?")[0])).resolve()
        if path.is_relative_to(folder.resolve()) and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    try:
        page.route(f"{BASE}**", from_folder)
        page.set_content(readme_page(markdown, view.column))
        height = page.evaluate("document.documentElement.scrollHeight")
        first = page.evaluate(
            """(h) => [...document.querySelectorAll('li')].filter(li => {
                 const r = li.getBoundingClientRect();
                 return li.checkVisibility() && r.bottom <= h && li.firstElementChild?.tagName === 'A'
                   && (li.firstElementChild.nextSibling?.textContent || '').startsWith(' - ')
                   && !li.firstElementChild.getAttribute('href').startsWith('#');
               }).length""",
            view.window[1],
        )
    finally:
        page.close()
    return Measure(round(height / view.window[1], 1), first)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from tests.features.site.sitetools import CHROMIUM, CHROMIUM_ARGS

    path = Path(argv[0]) if argv else REPO / "README.md"
    markdown = path.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for view in (DESKTOP, PHONE):
            result = measure(browser, markdown, view, path.parent)
            print(f"{path.name}: {view.name}: {result.screens} screens; {result.first_screen_works} works on the first screen")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
