"""Helpers of the website tests: list copies, the hostile entry, site builds, a local server.

Sites are built once per session by a real `mkdocs build --strict` subprocess and served on
127.0.0.1. Browser tests drive Debian's chromium through Playwright; they skip when it is missing
unless AWESOME_LAM_REQUIRE_TOOLS=1, where they fail instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
AXE = REPO / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # scripts/install-tools.sh
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1400, "height": 1000}  # the page of most desktop tests (`watched`)
HOSTILE_ID = "hostile-entry"  # markup and script in every field (tests/features/site/hostile-entry.md)
EXPORTS_ID = "hostile-exports"  # BibTeX, XML and JSON breakers (tests/features/site/hostile-exports-entry.md)
HOSTILE_SECTION = "speech-recognition"
SITE_FILES = ("mkdocs.yml", "entries", "templates", "site_overrides")


def require_tools() -> bool:
    return os.environ.get("AWESOME_LAM_REQUIRE_TOOLS") == "1"


def copy_list(destination: Path) -> Path:
    """A copy of the list and its site configuration, to build without touching the repository."""
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    return destination


HOSTILE_ENTRIES = {HOSTILE_ID: "hostile-entry.md", EXPORTS_ID: "hostile-exports-entry.md"}
"""The hostile entries every built site of the tests holds: id -> file in this folder."""


def add_hostile_entries(root: Path) -> None:
    """Add the hostile entries (published and added today, so they are the newest additions)."""
    for entry_id, name in HOSTILE_ENTRIES.items():
        text = (HERE / name).read_text(encoding="utf-8").replace("ADDED", dt.date.today().isoformat())
        (root / "entries" / HOSTILE_SECTION / f"{entry_id}.md").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the list root it was built from
    site: Path  # the built site
    seconds: float
    log: str


def shared_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The one site build of a test session: the real list plus the hostile entries.

    Built by the first test process that asks; under pytest-xdist the other workers wait on a lock
    and read the same build (the workers share the parent of their temporary folders)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, record = shared / "shared-site", shared / "shared-site.json"
    with open(shared / "shared-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.exists():
            built = json.loads(record.read_text(encoding="utf-8"))
            return BuiltSite(Path(built["root"]), Path(built["site"]), built["seconds"], built["log"])
        if folder.exists():
            shutil.rmtree(folder)  # a build that failed in another worker: fail here too, with its output
        (folder / "list").mkdir(parents=True)
        root = copy_list(folder / "list")
        add_hostile_entries(root)
        site = build_site(root / "mkdocs.yml", folder / "site")
        record.write_text(json.dumps({"root": str(site.root), "site": str(site.site), "seconds": site.seconds, "log": site.log}),
                          encoding="utf-8")
        return site


def build_site(config: Path, site: Path) -> BuiltSite:
    """Run `mkdocs build --strict` in a subprocess; fail the test with its output when it fails."""
    started = dt.datetime.now()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    seconds = (dt.datetime.now() - started).total_seconds()
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return BuiltSite(config.parent, site, seconds, result.stdout + result.stderr)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@dataclass
class Watched:
    """A browser page that records console errors, page errors, failed requests and dialogs."""

    page: object
    errors: list[str]
    dialogs: list[str]


class Tab:
    """A browser page for one worker's tests on one kind of screen (a phone one when the viewport
    is narrow), that records errors and dialogs for the test using it (`for_test`).

    A fresh browser context per test cost chromium about 0.7 s a test (a new renderer, empty
    caches); a tab is reused instead, and reset between tests: storage, cookies, permissions,
    emulated media and size, on about:blank. Pages get the site's own search index: it holds the
    pages of the nav only (work pages are searched through urls.WORKS_SEARCH), and indexing it cost
    less than intercepting every request to hand the tests that do not search an empty one
    (0.1 CPU-second a page load)."""

    def __init__(self, browser, viewport: dict[str, int]) -> None:
        self.browser, self.viewport = browser, viewport
        self._open()

    def _open(self) -> None:
        phone = self.viewport["width"] < 600
        self.context = self.browser.new_context(viewport=self.viewport, is_mobile=phone, has_touch=phone)
        self.page = page = self.context.new_page()
        self.watched = Watched(page, [], [])
        page.on("console", lambda m: self.watched.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.watched.errors.append(f"page error: {e}"))
        # A request the browser itself aborts (the page navigated away while it was in flight) is not
        # an error of the site; any other failure is.
        page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
                else self.watched.errors.append(f"request failed: {r.url} ({r.failure})"))

        def on_dialog(dialog) -> None:
            self.watched.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    @contextlib.contextmanager
    def for_test(self) -> Iterator[Watched]:
        """The page, with a record of its own errors and dialogs; reset after the test (a tab that
        cannot be reset, its page closed or crashed, is replaced by a new one)."""
        self.watched = Watched(self.page, [], [])
        try:
            yield self.watched
        finally:
            self.watched = Watched(self.page, [], [])  # what the page does from now on is no test's
            try:
                self._reset()
            except Exception:
                self.close()
                self._open()

    def _reset(self) -> None:
        page = self.page
        if page.url.startswith("http"):
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.goto("about:blank")
        self.context.clear_cookies()
        self.context.clear_permissions()
        page.emulate_media(media="null", color_scheme="light", reduced_motion="null")
        page.set_viewport_size(self.viewport)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()


def set_palette(page, scheme: str) -> None:
    """Switch the open page to Material's `default` (light) or `slate` (dark) palette with its header
    toggle, as a reader does; Material keeps the choice in local storage for the following pages.
    Transitions are turned off first, so the new colours are final at once (axe reads them next)."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    for _ in range(4):
        stored = page.evaluate("(__md_get('__palette') || {color: {}}).color")
        chosen = stored.get("scheme") == scheme and stored.get("media") != "(prefers-color-scheme)"  # not "automatic"
        if chosen and page.get_attribute("body", "data-md-color-scheme") == scheme:
            return
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    raise AssertionError(f"the palette toggle never reached {scheme!r}")


AXE_ROWS = 10
"""Rows of a long table that axe checks: the rest are the same markup with other data (axe on the 660
rows of All works took 6 s of each of the four palettes and sizes, 1 s with 40; ten rows hold every kind of cell)."""


AXE_COLOUR_RULES = ("color-contrast", "link-in-text-block")
"""The rules of axe's default set whose verdict depends on the page's colours: all a change of palette can change."""


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical"), rules: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core on the open page (only `rules`, when given): one line per violation of the given
    impacts, with its first nodes. Tables are cut to their first AXE_ROWS rows first (the page is
    only checked after)."""
    if not AXE.exists():
        reason = f"{AXE} is missing (scripts/install-tools.sh installs it)"
        if require_tools():
            pytest.fail(f"AWESOME_LAM_REQUIRE_TOOLS=1 but {reason}")
        pytest.skip(reason)
    page.evaluate("rows => document.querySelectorAll('tbody').forEach(body => [...body.rows].slice(rows).forEach(r => r.remove()))",
                  AXE_ROWS)
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per page load, however many runs
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """([impacts, rules]) => axe.run(document, rules.length ? {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}}
                                                           : {resultTypes: ['violations']}).then(r => r.violations
            .filter(v => impacts.includes(v.impact))
            .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`))""",
        [list(impacts), list(rules)],
    )
    return list(found)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot (the full page, or what the viewport shows) under test-artifacts/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
