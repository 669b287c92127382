"""Real `mkdocs build --strict` runs: the built site's files, links, edit links; broken entries fail cleanly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.core.catalog import load_catalog
from tests.features.site.sitetools import BuiltSite, copy_list


class _Links(HTMLParser):
    """Collects href/src values and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_strict_build_has_no_warnings_and_every_page(built_site: BuiltSite) -> None:
    assert "WARNING" not in built_site.log and "ERROR" not in built_site.log
    catalog = load_catalog(built_site.root)
    site = built_site.site
    pages = list(site.rglob("index.html"))
    # + home, all works, datasets, benchmarks, timeline, tasks, about; the datasets section is the Datasets page
    sections = [s for s in catalog.taxonomy.sections if s.layout != "table"]
    assert len(pages) == len(catalog.entries) + len(sections) + 7
    for name in ("entries.json", "entries.schema.json", "references.bib", "feed.xml", "search/search_index.json"):
        assert (site / name).is_file(), name
    print(f"\nsite built in {built_site.seconds:.2f} s, {len(pages)} pages")


def broken_links(site: Path) -> list[str]:
    """The relative links of the site's pages that lead to no file (a folder: its index.html), or
    whose fragment is no id of the page they name. Paths are worked out as strings against the
    site's file list (a built site holds no symbolic links): ~100,000 links, most of them the nav's."""
    parsed = {os.path.relpath(path, site): parse(path) for path in site.rglob("*.html") if path.name != "404.html"}  # 404 links from the root
    files = {os.path.relpath(path, site) for path in site.rglob("*") if path.is_file()}
    broken = []
    for page, links in parsed.items():
        folder = os.path.dirname(page)
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            target = os.path.normpath(os.path.join(folder, unquote(parts.path)))
            if target not in files:
                target = os.path.normpath(os.path.join(target, "index.html"))
            if target not in files:
                broken.append(f"{page}: {link}")
            elif parts.fragment and target.endswith(".html") and parts.fragment not in parsed[target].ids:
                broken.append(f"{page}: {link} (no such anchor)")
    return broken


def test_broken_links_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">1</a> <a href="../c/">2</a> <a href="../b/#x">3</a> '
                                               '<a href="../b/#y">4</a> <a href=".">5</a> <img src="../logo.svg">', encoding="utf-8")
    (tmp_path / "b" / "index.html").write_text('<h1 id="x">x</h1>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a/index.html: ../c/", "a/index.html: ../b/#y (no such anchor)", "a/index.html: ../logo.svg"]


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    assert broken_links(built_site.site) == []


def test_work_pages_stay_out_of_the_nav_and_edit_their_entry(built_site: BuiltSite) -> None:
    timeline = (built_site.site / "timeline" / "index.html").read_text(encoding="utf-8")  # a page without a table of contents
    start = timeline.index('<nav class="md-nav md-nav--primary"')
    nav = timeline[start : timeline.index("</nav>", start)]
    assert not re.search(r'href="\.\./works/[^"]+/"', nav) and 'href="../works/"' in nav and "sections/music/" in nav
    jukebox = (built_site.site / "works" / "jukebox" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/EmulationAI/awesome-large-audio-models/edit/main/entries/music/jukebox.md"' in jukebox
    assert '<meta property="og:title" content="Jukebox: A Generative Model for Music">' in jukebox
    assert 'name="twitter:card"' in jukebox
    entries = json.loads((built_site.site / "entries.json").read_text(encoding="utf-8"))
    assert len(entries["entries"]) == len(load_catalog(built_site.root).entries)


def test_hostile_site_builds_and_its_title_is_escaped(built_site: BuiltSite) -> None:
    page = (built_site.site / "works" / "hostile-entry" / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "<title>&lt;img src=x onerror=&quot;window.__lamXss = 2&quot;&gt;Hostile: &lt;script&gt;" in page


def test_a_broken_entry_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    root = copy_list(tmp_path)
    entry = root / "entries" / "music" / "jukebox.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("kind: model", "kind: modle"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "built")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode != 0
    assert "entries/music/jukebox.md:5: kind: unknown value 'modle'; did you mean 'model'?" in result.stderr
    assert "awesome-lam: 1 error(s) in 1 file(s)" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_finds_works_through_their_own_file(built_site: BuiltSite) -> None:
    """Section intros and the hand-written pages are in Material's index; works are in works/search.json
    (lam.js lists them above Material's results), which holds each work once with its summary folded in."""
    docs = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert {"sections/music/", "datasets/", "about/"} <= pages
    assert not [page for page in pages if page.startswith("works/")]
    data = json.loads((built_site.site / "works" / "search.json").read_text(encoding="utf-8"))
    works = {record[0]: dict(zip(data["fields"], record, strict=True)) for record in data["works"]}
    assert set(works) == {path.stem for path in (built_site.root / "entries").glob("*/*.md")}
    jukebox = works["jukebox"]
    assert (jukebox["name"], jukebox["title"]) == ("Jukebox", "Jukebox: A Generative Model for Music")
    assert "generative model for music" in jukebox["text"] and jukebox["text"] == jukebox["text"].lower()
    assert (built_site.site / "works" / "jukebox" / "index.html").is_file()
