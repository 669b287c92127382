"""How the website's All works page holds up with many works: time until it is interactive, memory.

    .venv/bin/python benchmarks/works_page_benchmark.py                  # 10,000 works, 3 runs
    .venv/bin/python benchmarks/works_page_benchmark.py --works 1000 --runs 1

A synthetic list of `--works` works (benchmarks/build_benchmark.py's `synthesise`) is built into a
site with this checkout's code and templates (the mkdocs process imports `generator` from this
checkout, so the script measures whichever checkout it lies in), served on 127.0.0.1 and opened in
Debian's chromium (headless, driven by Playwright) twice per run:

- desktop: a 1366x900 window at the machine's full speed;
- phone: a 390x844 window with the CPU slowed down 4x (Chrome DevTools' CPU throttling).

"Interactive" is the time from the start of navigation until the table's filters answer: the count
line under the filters says how many works are shown (lam.js writes it once the table is ready;
before that the page shows no count). Memory is read once the page is quiet (no request for half a
second) and its garbage collected: the tab's renderer process, as the memory it holds alone (private
pages, what Chrome's task manager calls its footprint, and what closing the tab gives back) and as
its resident set (which also counts the pages of chromium's code and fonts that every process
shares), the JavaScript heap in use (DevTools' Performance metrics) and the document's elements.
The same is read on the site's About page, a page of a few paragraphs (what every page of the site
costs: Material and its search), on About after typing a search (lam.js then loads the works'
search file) and on a blank page (what any tab costs). The page's HTML and the data it fetches are
weighed raw.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_benchmark import REPO, add_site_files, synthesise

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
VIEWS = {"desktop": ((1366, 900), 1), "phone, CPU 4x slower": ((390, 844), 4)}
READY = "el => /works shown/.test(el.textContent)"
SEARCHED = """() => {
  const works = document.querySelector(".lam-search-works");
  const lines = [...document.querySelectorAll(".md-search-result__meta")];
  return (!works || !works.hidden) && lines.every(line => /matching/.test(line.textContent));
}"""  # Material's results and lam.js's works (when the site has them) have answered a typed search


def build(works: int, folder: Path) -> Path:
    """A built site of `works` synthetic works; its folder."""
    root = folder / "list"
    synthesise(root, works)
    add_site_files(root)
    started = time.monotonic()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"works_page_benchmark: mkdocs build failed:\n{result.stdout}{result.stderr}")
    print(f"  built {works:,} works in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return root / "site"


def renderer_memory() -> tuple[float, float]:
    """MiB private and MiB resident of the largest chromium renderer process (the benchmark's one open tab)."""
    largest = (0, 0)
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes()
            if b"--type=renderer" not in cmdline or b"chromium" not in cmdline:
                continue
            rollup = (status.parent / "smaps_rollup").read_text().splitlines()[1:]
        except OSError:
            continue
        kib = {line.split(":")[0]: int(line.split()[1]) for line in rollup}
        largest = max(largest, (kib["Private_Clean"] + kib["Private_Dirty"], kib["Rss"]), key=lambda m: m[1])
    return largest[0] / 1024, largest[1] / 1024


def open_once(browser, url: str, size: tuple[int, int], slowdown: int, table: bool = True, search: str = "") -> dict[str, float]:
    """One fresh tab: ms until the table answers (`table`), then, once the page is quiet (and `search`
    typed into the search box has been answered), memory and DOM size."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    cdp.send("Performance.enable")
    page.goto(url, wait_until="commit")
    ready = 0.0
    if table:
        page.wait_for_selector("[data-lam-count]", state="attached", timeout=600_000)
        page.wait_for_function(f"({READY})(document.querySelector('[data-lam-count]'))", timeout=600_000, polling=50)
        ready = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle", timeout=600_000)
    if search:
        page.focus("input.md-search__input")
        page.keyboard.type(search)
        page.wait_for_function(SEARCHED, timeout=600_000, polling=50)
    page.wait_for_timeout(500)
    cdp.send("HeapProfiler.collectGarbage")
    page.wait_for_timeout(300)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    private, resident = renderer_memory()
    result = {
        "interactive_ms": ready,
        "private_mib": private,
        "renderer_mib": resident,
        "heap_mib": metrics["JSHeapUsedSize"] / 2**20,
        "elements": page.evaluate("document.getElementsByTagName('*').length"),
    }
    context.close()
    return result


PAGES = {  # row name -> (path, whether it has the table, what is typed into the search box)
    "All works": ("works/", True, ""),
    "About": ("about/", False, ""),
    "About, after searching \"speech\"": ("about/", False, "speech"),
    "Blank page": ("blank.html", False, ""),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from tests.features.site.sitetools import serve

    with tempfile.TemporaryDirectory() as tmp:
        site = build(args.works, Path(tmp))
        (site / "blank.html").write_text("<!doctype html><title>Blank</title><p>A blank page.</p>\n", encoding="utf-8")
        page_bytes = (site / "works" / "index.html").stat().st_size
        data = sorted(site.glob("works/*.json"))
        data_bytes = {p.name: p.stat().st_size for p in data}
        index_bytes = (site / "search" / "search_index.json").stat().st_size
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            rows = []
            for view, (size, slowdown) in VIEWS.items():
                for name, (path, table, search) in PAGES.items():
                    runs = [open_once(browser, base + path, size, slowdown, table, search) for _ in range(args.runs)]
                    rows.append((f"{name}, {view}", {key: statistics.median(r[key] for r in runs) for key in runs[0]}))
            browser.close()
    print(f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({platform.machine()}), "
          f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"Checkout: {REPO}; {args.works:,} works; medians of {args.runs} run(s), each in a fresh tab")
    print(f"All works page: {page_bytes / 2**10:,.0f} KiB of HTML; its data: "
          + ", ".join(f"{name} {size / 2**10:,.0f} KiB" for name, size in data_bytes.items())
          + f"; Material's search index (every page): {index_bytes / 2**10:,.0f} KiB\n")
    print("| View | Interactive | Tab's own memory | Resident (shared included) | JS heap in use | DOM elements |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for view, r in rows:
        interactive = f"{r['interactive_ms'] / 1000:.2f} s" if r["interactive_ms"] else "(no table)"
        print(f"| {view} | {interactive} | {r['private_mib']:.0f} MiB | {r['renderer_mib']:.0f} MiB "
              f"| {r['heap_mib']:.0f} MiB | {r['elements']:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
