"""How heavy the website is: what its pages load (gzipped) and how long its search index takes to load.

    .venv/bin/python -m tests.features.site.weigh               # the real list, and a synthetic one of 5,000 works
    .venv/bin/python -m tests.features.site.weigh --works 0     # the real list only

For each list: a strict build (timed); the home page and the heaviest page, with every HTML, CSS
and JS file a browser fetches for them (the search index apart), raw and gzipped (level 6, as web
servers do); the search index, raw and gzipped, the time a page takes to fetch and parse it, and
the time from navigation until Material's search is ready (its worker has built the index); how
long the all-works page takes until its DOM is ready, and to filter its table by a word.
The synthetic list is a copy of the real one (tests.features.site.sitetools.copy_list) with generated
entries added until it holds the number of works asked for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from generator.core.catalog import load_catalog
from generator.outputs import urls
from tests.features.site.sitetools import CHROMIUM, CHROMIUM_ARGS, REPO, build_site, copy_list, serve

SEARCH_INDEX = "search/search_index.json"
RUNS = 5
WORDS = ("audio", "speech", "music", "sound", "voice", "token", "codec", "dialogue", "listen", "tune", "large", "model")


def synthetic_entry(number: int, tasks: list[str], today: dt.date) -> str:
    """A valid entry whose title, name and link no other entry has."""
    letters = "".join(chr(ord("a") + int(d)) for d in str(number))  # titles compare without digits
    words = " ".join(WORDS[(number * k) % len(WORDS)] for k in (1, 3, 7))
    year = 2018 + number % 9
    first = number % len(tasks)
    added = dt.date(2025, 1, 1) + dt.timedelta(days=number % max(1, (today - dt.date(2025, 1, 1)).days))
    return (
        "---\n"
        f'title: "Synthetic {words} model {letters} for benchmarking the site"\n'
        f"name: Synth-{letters.capitalize()}\n"
        "kind: model\n"
        f'date: "{year}-{number % 12 + 1:02}"\n'
        f"authors: [Ada Lovelace {letters.capitalize()}, Alan Turing, Grace Hopper]\n"
        f"tasks: [{tasks[first]}, {tasks[(first + 1 + number // len(tasks) % (len(tasks) - 1)) % len(tasks)]}]\n"
        "modalities: [speech, text]\n"
        f"links:\n  paper: https://example.org/synthetic/{number}\n"
        f'added: "{added.isoformat()}"\n'
        "---\n"
        f"A generated {words} model, number {number}, to weigh the site with many works.\n"
    )


def synthetic_list(destination: Path, works: int) -> Path:
    """A copy of the list with generated model entries added until it holds `works` works."""
    destination.mkdir(parents=True)
    root = copy_list(destination)
    catalog = load_catalog(root)
    sections = [s.id for s in catalog.taxonomy.sections if not s.kinds]  # sections models may live in
    tasks = list(catalog.taxonomy.tasks)
    today = dt.date.today()
    for number in range(works - len(catalog.entries)):
        section = sections[number % len(sections)]
        path = root / "entries" / section / f"synthetic-{number}.md"
        path.write_text(synthetic_entry(number, tasks, today), encoding="utf-8")
    return root


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB"


def table_times(browser, base: str, path: str) -> tuple[float, float]:
    """Median ms until a page's DOM is ready, and to filter its table by a word (layout included)."""
    page = browser.new_page()
    loads, filters = [], []
    for run in range(RUNS):
        page.goto(base + path)
        loads.append(page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        filters.append(
            page.evaluate(
                """word => { const input = document.querySelector('[data-lam-filters] input[type=search]');
                input.value = word; const start = performance.now(); input.form.requestSubmit();
                document.body.offsetHeight; return performance.now() - start; }""",
                ("speech", "music", "codec", "llama", "voice")[run % 5],
            )
        )
    page.close()
    return statistics.median(loads), statistics.median(filters)


def page_load(browser, base: str, site: Path, path: str) -> tuple[int, int, list[str]]:
    """Raw and gzipped bytes of the HTML, CSS and JS a browser fetches for a page (not the search index)."""
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + path)
    search_ready(page)  # its worker's script is fetched by then
    page.close()
    files = []
    for url in dict.fromkeys(fetched):
        local = urlsplit(url).path.lstrip("/")
        file = site / (local + "index.html" if local.endswith("/") or not local else local)
        if file.suffix in (".html", ".css", ".js") and file.is_file() and not local.startswith("search/"):
            files.append(file)
    raw = sum(f.stat().st_size for f in files)
    return raw, sum(gzipped(f.read_bytes()) for f in files), [f.relative_to(site).as_posix() for f in files]


def search_ready(page) -> None:
    """Wait until Material's search has loaded its index (its result area stops saying it is initializing)."""
    page.focus("input.md-search__input")
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'", timeout=120_000
    )


def index_times(browser, base: str) -> tuple[float, float]:
    """Median ms to fetch and parse the search index in a page, and from navigation until search is ready."""
    page = browser.new_page()
    page.goto(base + "about/")
    parse = [
        page.evaluate(
            """url => { const start = performance.now();
            return fetch(url, {cache: 'no-store'}).then(r => r.json()).then(() => performance.now() - start); }""",
            base + SEARCH_INDEX,
        )
        for _ in range(RUNS)
    ]
    ready = []
    for _ in range(RUNS):
        page.goto(base + "about/", wait_until="commit")
        search_ready(page)
        ready.append(page.evaluate("performance.now()"))
    page.close()
    return statistics.median(parse), statistics.median(ready)


def weigh(root: Path, site: Path, label: str) -> None:
    built = build_site(root / "mkdocs.yml", site)
    pages = sorted(site.rglob("index.html"), key=lambda p: p.stat().st_size)
    heaviest = pages[-1].parent.relative_to(site).as_posix() + "/"
    index = (site / SEARCH_INDEX).read_bytes()
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        print(f"\n{label}: {len(load_catalog(root).entries)} works, {len(pages)} pages, built in {built.seconds:.1f} s")
        for name, path in (("home page", ""), (f"heaviest page ({heaviest})", heaviest)):
            raw, packed, files = page_load(browser, base, site, path)
            html = (site / path / "index.html").read_bytes()
            print(
                f"  {name}: {kb(packed)} gzipped ({kb(raw)} raw) in {len(files)} files; its HTML {kb(gzipped(html))} gzipped ({kb(len(html))} raw)"
            )
        if (site / urls.ALL_WORKS / "index.html").is_file():
            load, search = table_times(browser, base, urls.ALL_WORKS)
            print(f"  {urls.ALL_WORKS}: DOM ready {load:.0f} ms after navigation; filtering its table by a word {search:.0f} ms")
        parse, ready = index_times(browser, base)
        print(
            f"  search index: {kb(gzipped(index))} gzipped ({kb(len(index))} raw); fetch + parse {parse:.0f} ms; search ready {ready:.0f} ms after navigation"
        )
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=5000, help="works in the synthetic list (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        weigh(REPO, Path(tmp) / "real-site", "the list")
        if args.works:
            root = synthetic_list(Path(tmp) / "synthetic", args.works)
            weigh(root, Path(tmp) / "synthetic-site", "synthetic list")


if __name__ == "__main__":
    main()
