"""The site's pure parts, without MkDocs or a browser: pages, nav, exports, timeline, escaping."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.core.catalog import load_catalog
from generator.features.site.pages import SitePage, site_nav, site_pages
from generator.features.site.views import RelatedIndex
from generator.model.catalog import Catalog
from generator.outputs import urls
from generator.outputs.exports import entries_schema, exports, feed_xml, references_bib
from generator.outputs.html import plain_text, summary_html
from generator.outputs.templates import templates_dir
from generator.outputs.timeline import TIMELINE_KINDS, layout
from tests.features.site.sitetools import HOSTILE_ID, REPO
from tests.github_markdown import tags_of

SITE_URL = "https://example.org/lam/"
HOSTILE_RAW = (
    "<script>window",
    "<img src=x",
    "<svg onload",
    "<b onmouseover",
    "</table> title",
    "</td></tr></table>",
    'href="javascript:',
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO)


@pytest.fixture(scope="module")
def hostile_catalog(hostile_root: Path) -> Catalog:
    return load_catalog(hostile_root)


@pytest.fixture(scope="module")
def pages(catalog: Catalog) -> dict[str, SitePage]:
    """Every page of the real list by URL, rendered once for the tests that read them (3 s a rendering)."""
    return {page.url: page for page in site_pages(catalog, templates_dir(REPO))}


@pytest.fixture(scope="module")
def hostile_pages(hostile_catalog: Catalog, hostile_root: Path) -> dict[str, SitePage]:
    """Every page of the list with the hostile entries, by URL."""
    return {page.url: page for page in site_pages(hostile_catalog, templates_dir(hostile_root))}


def test_one_page_per_work_section_and_index(catalog: Catalog, pages: dict[str, SitePage]) -> None:
    assert {urls.work(e.id) for e in catalog.entries} <= pages.keys()
    listed = [s for s in catalog.taxonomy.sections if s.layout != "table"]  # datasets: the Datasets page
    assert {urls.section(s.id) for s in listed} <= pages.keys()
    assert urls.section("datasets") not in pages
    assert {urls.HOME, urls.ALL_WORKS, urls.DATASETS, urls.BENCHMARKS, urls.TIMELINE, urls.TASKS} <= pages.keys()
    assert len(pages) == len(catalog.entries) + len(listed) + 6
    jukebox = pages[urls.work("jukebox")]
    assert jukebox.edit_path == "entries/music/jukebox.md" and not jukebox.in_nav
    assert "@misc{dhariwal2020jukebox," in jukebox.body


def test_section_page_lists_its_own_and_also_in_works(catalog: Catalog, pages: dict[str, SitePage]) -> None:
    for section in catalog.taxonomy.sections:
        if section.layout == "table":
            continue
        body = pages[urls.section(section.id)].body
        expected = {e.id for e in catalog.entries if section.id in e.sections}
        linked = set(re.findall(r'<a href="\.\./\.\./works/([a-z0-9-]+)/"', body))
        assert linked == expected, section.id
        assert body.count("<tr data-kind=") == len(expected)


def test_nav_comes_from_the_taxonomy_and_leaves_works_out(catalog: Catalog) -> None:
    nav = site_nav(catalog)
    flat = json.dumps(nav)
    assert "works/" not in flat
    sections = next(item["Sections"] for item in nav if "Sections" in item)
    listed = [s for s in catalog.taxonomy.sections if s.layout != "table"]  # datasets: its own richer page
    assert [next(iter(s.values())) for s in sections] == [f"sections/{s.id}.md" for s in listed]
    assert [next(iter(item)) for item in nav] == ["Home", "All works", "Sections", "Datasets", "Benchmarks", "Timeline", "Tasks", "About"]


def test_front_matter_is_yaml_with_escaped_title(hostile_pages: dict[str, SitePage]) -> None:
    page = hostile_pages[urls.work(HOSTILE_ID)]
    text = page.front_matter()
    assert text.startswith("---\n") and text.endswith("---\n")
    meta = yaml.safe_load(text.strip("-\n"))
    assert meta["title"].startswith("&lt;img src=x onerror=&quot;")
    assert "<" not in meta["title"] + meta["description"]


def test_hostile_fields_are_inert_in_every_page(hostile_pages: dict[str, SitePage]) -> None:
    pages = list(hostile_pages.values())
    hostile = hostile_pages[urls.work(HOSTILE_ID)]
    assert "&lt;script&gt;window.__lamXss = 1&lt;/script&gt; Hostile &lt;/table&gt; title" in hostile.body
    assert "<code>&lt;script&gt;window.__lamXss = 8&lt;/script&gt;</code>" in hostile.body
    shown = [p for p in pages if "Hostile" in p.body]
    assert len(shown) >= 5  # work, section, tasks, timeline, home (newest additions)
    for page in shown:
        for raw in HOSTILE_RAW:
            assert raw not in page.body, (page.url, raw)


def test_summary_rendering_drops_raw_html_and_unsafe_links() -> None:
    rendered = str(summary_html("Text <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) *ok*."))
    assert "<script" not in rendered and "<img" not in rendered and 'href="javascript:' not in rendered
    assert "&lt;script&gt;" in rendered and "<em>ok</em>" in rendered
    assert plain_text("A *b* `c` d.") == "A b c d."
    assert plain_text("word " * 100, limit=30).endswith("…")


def test_entries_json_validates_against_its_schema(catalog: Catalog) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test dependency) is not installed")
    published = exports(catalog, SITE_URL)
    data = json.loads(published[urls.ENTRIES_JSON])
    schema = json.loads(published[urls.ENTRIES_SCHEMA])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert [e["id"] for e in data["entries"]] == [e.id for e in catalog.entries]
    assert data["entries"][0]["url"].startswith(SITE_URL + "works/")
    broken = {**data, "entries": [{**data["entries"][0], "kind": "podcast"}]}  # one work is enough to be refused
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, entries_schema(catalog, SITE_URL), cls=jsonschema.Draft202012Validator)


def test_references_bib_has_one_record_per_work(catalog: Catalog) -> None:
    import bibtexparser

    text = references_bib(catalog)
    library = bibtexparser.parse_string(text)  # a real BibTeX parser
    assert library.failed_blocks == []
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) == len(catalog.entries)
    assert text.count("\n}\n") == len(catalog.entries)


def test_feed_is_well_formed_atom_with_the_newest_additions(catalog: Catalog) -> None:
    root = ET.fromstring(feed_xml(catalog, SITE_URL, count=5))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    ids = [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert ids == [f"{SITE_URL}works/{e.id}/" for e in catalog.newest_added(5)]
    assert root.find("a:link[@rel='self']", ns).get("href") == f"{SITE_URL}feed.xml"


def test_feed_escapes_hostile_text(hostile_catalog: Catalog) -> None:
    text = feed_xml(hostile_catalog, SITE_URL)
    root = ET.fromstring(text)  # still well-formed
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root]
    assert '<img src=x onerror="window.__lamXss = 2">Hostile' in titles
    assert "<script>" not in text


def test_timeline_has_one_linked_point_per_dated_work(catalog: Catalog, pages: dict[str, SitePage]) -> None:
    timeline = layout(catalog)
    shown = [e for e in catalog.entries if e.kind in TIMELINE_KINDS]
    assert sorted(p.entry.id for p in timeline.points) == sorted(e.id for e in shown)
    xs = {p.entry.id: p.x for p in timeline.points}
    older, newer = sorted(shown, key=lambda e: e.date.earliest())[0], sorted(shown, key=lambda e: e.date.earliest())[-1]
    assert xs[older.id] < xs[newer.id]
    assert all(0 <= p.x <= timeline.width and 0 <= p.y <= timeline.axis_y for p in timeline.points)
    svg = pages[urls.TIMELINE].body
    svg = svg[svg.index("<svg") : svg.index("</svg>") + 6]
    tree = ET.fromstring(svg)
    links = [a.get("href") for a in tree.iter("{http://www.w3.org/2000/svg}a")]
    assert sorted(links) == sorted(f"../works/{e.id}/" for e in shown)


def test_timeline_labels_in_a_lane_do_not_overlap(catalog: Catalog) -> None:
    timeline = layout(catalog)
    for y in {p.y for p in timeline.points}:
        labels = sorted((p.x, p.x + 8 + len(p.label) * 6.2) for p in timeline.points if p.y == y)
        assert all(a[1] < b[0] for a, b in zip(labels, labels[1:], strict=False)), y


def test_related_works_share_tasks_named_ones_first(catalog: Catalog) -> None:
    index = RelatedIndex(catalog)
    for entry in catalog.entries:
        related = index.of(entry)
        assert entry not in related and len(related) <= 8
        named = [i for i in entry.related if i in catalog.by_id()]
        assert [r.id for r in related[: len(named)]] == named
        assert all(set(r.tasks) & set(entry.tasks) for r in related[len(named) :])


def test_site_configuration_matches_the_list(catalog: Catalog) -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["edit_uri"] == f"{catalog.info.repository}/edit/main/"
    assert config["site_url"].rstrip("/") == catalog.info.website.rstrip("/")
    assert config["theme"]["custom_dir"] == "site_overrides" and config["theme"]["font"] == "false"
    assert "nav" not in config  # the plugin sets it from the taxonomy


def test_work_pages_and_tables_show_repository_health(lam_root: Path) -> None:
    from generator.core.catalog import load_catalog
    from generator.features.meta.store import save_health
    from generator.model.health import RepoHealth
    from tests.conftest import entry_text

    (lam_root / "entries" / "music").mkdir()
    (lam_root / "entries" / "music" / "old.md").write_text(
        entry_text(title='"Old"', name="Old", arxiv=None, code="released",
                   links="\n  paper: https://e.org/old\n  code: https://github.com/a/old"),
        encoding="utf-8",
    )
    save_health(lam_root, [RepoHealth(repo="a/old", url="https://github.com/a/old", status="ok",
                                      fetched_at="2026-11-20T00:00:00Z", stars=4213, archived=True,
                                      last_commit="2023-03-01")])
    pages = {p.url: p for p in site_pages(load_catalog(lam_root), templates_dir(lam_root))}
    for url in (urls.work("old"), urls.section("music")):
        body = pages[url].body
        assert '<span class="lam-stars" title="4,213 stars · last commit 2023-03-01 · archived · checked 2026-11-20">★ 4.2k</span>' in body
        assert '<span class="lam-flag"' in body and ">archived</span>" in body


def test_all_works_page_holds_the_newest_rows_and_its_data_files_every_work(catalog: Catalog, pages: dict[str, SitePage]) -> None:
    from generator.features.site.pages import ROWS_PER_FILE, WORK_FIELDS, WORKS_SHOWN
    from generator.features.site.views import fold

    page = pages[urls.ALL_WORKS]
    rows = re.findall(r'<tr data-kind="(\w+)"[^>]*>\s*<td class="lam-cell--name"><strong><a href="([^"]+)/"', page.body)
    assert [href for _, href in rows] == [e.id for e in catalog.entries[:WORKS_SHOWN]]  # the newest, in list order
    assert f'data-lam-rows="rows.json" data-lam-total="{len(catalog.entries)}"' in page.body
    assert '<link rel="preload" href="rows.json" as="fetch" crossorigin>' in page.body
    assert f"lists the {WORKS_SHOWN} newest of the {len(catalog.entries)} works" in page.body  # <noscript>
    data = json.loads(page.files[urls.WORKS_DATA])
    assert data["fields"] == list(WORK_FIELDS) and data["perFile"] == ROWS_PER_FILE
    assert [f"works/{name}" for name in data["files"]] == [p for p in page.files if p not in (urls.WORKS_DATA, urls.WORKS_SEARCH)]
    lines = [line for name in data["files"] for line in page.files[f"works/{name}"].splitlines()]
    assert len(data["works"]) == len(lines) == len(catalog.entries)
    for record, line, entry in zip(data["works"], lines, catalog.entries, strict=True):
        work = dict(zip(data["fields"], record, strict=True))
        assert line.startswith('<tr> <td class="lam-cell--name">') and line.endswith("</tr>")
        assert f'<a href="{entry.id}/">' in line  # relative to the All works page, like its own rows
        assert (work["kind"], work["year"], work["code"], work["date"]) == (entry.kind, entry.year, entry.code, str(entry.date))
        assert work["sections"] == " ".join(entry.sections) and work["tasks"] == " ".join(entry.tasks)
        assert work["text"].startswith(fold(f"{entry.display_name} {entry.title}"))
    assert fold("Speech-LLaMA: Café_Ünïcode ²") == "speech llama cafe unicode 2"
    kinds = re.search(r'<select name="kind">(.*?)</select>', page.body).group(1)
    assert '<option value="benchmark">Benchmark (' in kinds and '<option value="">All kinds</option>' in kinds


def test_all_works_rows_files_escape_hostile_entries(hostile_pages: dict[str, SitePage]) -> None:
    page = hostile_pages[urls.ALL_WORKS]
    line = next(line for path, text in page.files.items() if path != urls.WORKS_DATA
                for line in text.splitlines() if f'href="{HOSTILE_ID}/"' in line)
    for raw in HOSTILE_RAW:
        assert raw not in line, raw
    tags = tags_of(line)
    assert {tag for tag, _ in tags} <= {"tr", "td", "strong", "a", "br", "span"}, tags
    assert not [name for _, attrs in tags for name in attrs if name.startswith("on")]
    assert all(attrs["href"].startswith(("https://", "http://", "?task=", f"{HOSTILE_ID}/")) for tag, attrs in tags if tag == "a")


def test_a_work_pages_contents_start_at_its_title(pages: dict[str, SitePage]) -> None:
    [title] = pages[urls.work("jukebox")].toc
    assert (title["level"], title["id"], title["name"]) == (1, "work", "Jukebox")  # where "Skip to content" goes
    assert [c["id"] for c in title["children"]][:1] == ["links"] and "bibtex" in [c["id"] for c in title["children"]]
    assert all(entry["level"] == 2 for entry in pages[urls.TASKS].toc)  # a page whose title has no id: its sections
