"""The site's generated pages: front matter for MkDocs, and an HTML body from `templates/site/`.

Every value reaches HTML through Jinja autoescape. The body is handed to MkDocs as the page's
content (the plugin's on_page_content), so Python-Markdown, which lets raw HTML through, never
parses it. Titles and descriptions are escaped before they go into the front matter, because the
theme prints `page.meta` values without escaping them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypedDict

from generator.core.health import health_for
from generator.core.load import LIST_FILE, TAXONOMY_FILE
from generator.features.site.views import (
    DATASETS_TABLE,
    RelatedIndex,
    added_by_day,
    benchmark_view,
    benchmarks_by_entry,
    filters_for,
    fold,
    search_text,
    section_works,
    survey_mention,
    task_groups,
)
from generator.model.catalog import Catalog
from generator.model.entry import Entry
from generator.model.taxonomy import Section
from generator.outputs import urls
from generator.outputs.html import plain_text, summary_html
from generator.outputs.readme import brief
from generator.outputs.templates import html_environment
from generator.outputs.timeline import layout as timeline_layout

NEWEST = 10
NEWEST_PER_TASK = 3
WORKS_SHOWN = 50
"""Rows the All works page holds (the newest works, what a reader sees without JavaScript); lam.js
renders the others on demand from its data files (urls.WORKS_DATA and the rows files beside it)."""
ROWS_PER_FILE = 500
"""Rows in each rows file of All works: a reader's view fetches only the files of the rows it shows."""
WORK_FIELDS = ("text", "kind", "sections", "tasks", "modalities", "year", "date", "added", "code", "venue", "name")
"""The fields of each work in urls.WORKS_DATA, in order (lam.js reads them by these names)."""
SEARCH_FIELDS = ("id", "name", "title", "brief", "text")
"""The fields of each work in urls.WORKS_SEARCH, in order: its name, what a search result shows (its
page's title and brief), and the folded text it is found by (those, summary, authors, venue, tasks,
languages)."""
_HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>')  # our templates' section headings
_TITLE = re.compile(r'<div class="lam-page [^"]*" id="([^"]+)">\n<h1>(.*?)</h1>')  # a page that gives its title a place to skip to


class TocEntry(TypedDict):
    """An entry of a page's table of contents, as MkDocs' get_toc takes it."""

    level: int
    id: str
    name: str
    children: list[TocEntry]


@dataclass(frozen=True)
class SitePage:
    """One generated page: its URL, plain-text title and description, HTML body, source file."""

    url: str
    title: str
    description: str
    body: str
    edit_path: str | None = None  # file in the repository the page's edit button opens
    in_nav: bool = True
    hide: tuple[str, ...] = ()
    nav_parent: str | None = None  # a page out of the nav highlights this nav page (a work: its section)
    searched: bool = True  # in Material's search index; work pages are found through urls.WORKS_SEARCH instead
    files: Mapping[str, str] = field(default_factory=dict)  # files published with the page: site path -> text

    @property
    def src_uri(self) -> str:
        return urls.source_path(self.url)

    @property
    def headings(self) -> list[tuple[str, str]]:
        """(id, HTML title) of each `<h2>` of the body, for the page's table of contents."""
        return _HEADING.findall(self.body)

    @property
    def toc(self) -> list[TocEntry]:
        """The page's table of contents: its `<h2>`s, under its title when the page's element has an
        id (a work page). Material's "Skip to content" link goes to the first entry: the title, so the
        summary above the first `<h2>` of a work page is not skipped (its table of contents still lists
        the `<h2>`s only). The id is not on the `<h1>`: Material's search would index a section per title."""
        sections: list[TocEntry] = [{"level": 2, "id": id, "name": title, "children": []} for id, title in self.headings]
        title = _TITLE.search(self.body)
        return [{"level": 1, "id": title[1], "name": title[2], "children": sections}] if title else sections

    def front_matter(self) -> str:
        """The Markdown file MkDocs reads: only escaped front matter (the body comes as HTML)."""
        meta: dict[str, Any] = {
            "title": html.escape(self.title),
            "description": html.escape(self.description),
        }
        if self.hide:
            meta["hide"] = list(self.hide)
        if not self.searched:
            meta["search"] = {"exclude": True}
        # JSON is YAML, and json.dumps is many times faster than yaml.safe_dump on a thousand pages.
        return f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n"


def work_page_title(entry: Entry) -> str:
    """A work page's title: the paper's title, after the work's name unless the title starts with it."""
    if entry.title.casefold().startswith(entry.display_name.casefold()):
        return entry.title
    return f"{entry.display_name}: {entry.title}"


def section_url(section: Section) -> str:
    """A section's page; the table section's (datasets) is the Datasets page."""
    return urls.DATASETS if section.layout == "table" else urls.section(section.id)


class PageBuilder:
    """Renders each page template with the catalog and a `url()` relative to that page."""

    def __init__(self, catalog: Catalog, templates: Path) -> None:
        self.catalog = catalog
        self.env = html_environment(templates / "site")
        self.by_id = catalog.by_id()
        self.survey = catalog.survey
        self.common = {
            "info": catalog.info,
            "taxonomy": catalog.taxonomy,
            "urls": urls,
            "summary_html": summary_html,
            "search_text": partial(search_text, taxonomy=catalog.taxonomy),
            "section_titles": {s.id: s.title for s in catalog.taxonomy.sections},
            "section_url": self.section_url,
            "code_health": partial(health_for, health=catalog.health),
            "brief": partial(brief, taxonomy=catalog.taxonomy),
        }

    def section_url(self, section_id: str) -> str:
        return section_url(self.catalog.taxonomy.section(section_id))

    def render(self, template: str, url: str, **context: Any) -> str:
        return self.env.get_template(template).render(**self.common, **context, url=partial(urls.relative, base=url))

    def home(self) -> SitePage:
        catalog = self.catalog
        counts = catalog.counts()
        sections = [(s, len(section_works(catalog, s.id))) for s in catalog.taxonomy.sections]
        body = self.render(
            "home.html.j2",
            urls.HOME,
            survey=self.survey,
            counts=counts,
            task_count=len(task_groups(catalog)),
            newest=[e for e in catalog.entries if e is not self.survey][:NEWEST],
            added_by_day=json.dumps(added_by_day(catalog.entries), separators=(",", ":")),
            sections=sections,
        )
        return SitePage(urls.HOME, catalog.info.title, catalog.info.tagline, body, LIST_FILE, hide=("toc",))

    def sections(self) -> list[SitePage]:
        """A page per section, but the table section (datasets): the Datasets page shows it."""
        pages = []
        for section in self.catalog.taxonomy.sections:
            if section_url(section) != urls.section(section.id):
                continue
            works = section_works(self.catalog, section.id)
            url = urls.section(section.id)
            body = self.render(
                "section.html.j2",
                url,
                section=section,
                works=works,
                filters=filters_for(works, self.catalog.taxonomy),
            )
            pages.append(SitePage(url, section.title, section.description, body, TAXONOMY_FILE, hide=("toc",)))
        return pages

    def all_works(self) -> SitePage:
        works = self.catalog.entries
        body = self.render(
            "works.html.j2",
            urls.ALL_WORKS,
            works=works,
            filters=filters_for(works, self.catalog.taxonomy, every_work=True),
            data=urls.relative(urls.WORKS_DATA, urls.ALL_WORKS),
            shown=WORKS_SHOWN,
        )
        description = "Every work of the list in one table, to filter by kind, section, task, modality, year, code and date added."
        return SitePage(urls.ALL_WORKS, "All works", description, body, hide=("toc",), searched=False,
                        files=self.works_data())

    def works_data(self) -> dict[str, str]:
        """The All works table's data files: `rows.json`, what lam.js filters and sorts every work by
        (its text folded as lam.js folds a query), and the rows themselves, ROWS_PER_FILE to a file,
        one row of HTML per line, from the macro of the page's own rows (so escaped the same way)."""
        macros: Any = self.env.get_template("_macros.html.j2").make_module(  # a template's macros, by name
            {**self.common, "url": partial(urls.relative, base=urls.ALL_WORKS)}
        )
        work_row = macros.work_row
        entries = self.catalog.entries
        taxonomy = self.catalog.taxonomy
        folder = urls.WORKS_DATA.rsplit("/", 1)[0]
        files: dict[str, str] = {}
        for start in range(0, len(entries), ROWS_PER_FILE):
            rows = (" ".join(str(work_row(e, True, False)).split()) for e in entries[start:start + ROWS_PER_FILE])
            files[f"{folder}/rows-{start // ROWS_PER_FILE}.txt"] = "\n".join(rows) + "\n"
        records = [
            [fold(f"{e.display_name} {e.title} {search_text(e, taxonomy)}"), e.kind, " ".join(e.sections), " ".join(e.tasks),
             " ".join(e.modalities), e.year, str(e.date), e.added.isoformat(), e.code, e.venue.lower(), e.display_name.lower()]
            for e in entries
        ]
        files[urls.WORKS_DATA] = json.dumps(
            {"fields": list(WORK_FIELDS), "perFile": ROWS_PER_FILE,
             "files": [path.rsplit("/", 1)[1] for path in files],
             "sections": {s.id: s.title.lower() for s in taxonomy.sections}, "works": records},
            ensure_ascii=False, separators=(",", ":"),
        )
        files[urls.WORKS_SEARCH] = self.works_search()
        return files

    def works_search(self) -> str:
        """urls.WORKS_SEARCH: what the site's search box finds works by. Material's search would hold
        every work page in each tab's memory (a quarter of a GiB at 10,000 works); lam.js fetches this
        file only when a reader types a search, and lists the matching works above Material's results."""
        taxonomy = self.catalog.taxonomy
        records = []
        for e in self.catalog.entries:
            says = brief(e, taxonomy)
            text = fold(f"{e.display_name} {e.title} {says} {plain_text(e.summary, None)} {search_text(e, taxonomy)}")
            records.append([e.id, e.display_name, work_page_title(e), says, text])
        return json.dumps({"fields": list(SEARCH_FIELDS), "works": records}, ensure_ascii=False, separators=(",", ":"))

    def works(self) -> list[SitePage]:
        related = RelatedIndex(self.catalog)
        benchmarks = benchmarks_by_entry(self.catalog)
        pages = []
        for entry in self.catalog.entries:
            url = urls.work(entry.id)
            body = self.render(
                "work.html.j2",
                url,
                entry=entry,
                survey=self.survey,
                mention=survey_mention(entry),
                related=related.of(entry),
                benchmarks=benchmarks.get(entry.id, []),
            )
            title = work_page_title(entry)
            parent = self.section_url(entry.section)
            pages.append(SitePage(url, title, plain_text(entry.summary), body, entry.path, in_nav=False, nav_parent=parent,
                                  searched=False))
        return pages

    def datasets(self) -> SitePage:
        works = [e for e in self.catalog.entries if e.kind == "dataset"]
        body = self.render(
            "datasets.html.j2",
            urls.DATASETS,
            works=works,
            filters=filters_for(works, self.catalog.taxonomy),
            survey_table=DATASETS_TABLE,
        )
        description = "Corpora used to train and evaluate large audio models: size, languages, access and licence."
        return SitePage(urls.DATASETS, "Datasets", description, body, hide=("toc",))

    def benchmarks(self) -> SitePage:
        views = [benchmark_view(t, self.by_id) for t in self.catalog.benchmarks]
        body = self.render("benchmarks.html.j2", urls.BENCHMARKS, benchmarks=views)
        description = "Results of large audio models on shared benchmarks, from the survey's tables."
        return SitePage(urls.BENCHMARKS, "Benchmarks", description, body)

    def timeline(self) -> SitePage:
        body = self.render("timeline.html.j2", urls.TIMELINE, timeline=timeline_layout(self.catalog))
        description = "Large audio models by release date, grouped by section."
        return SitePage(urls.TIMELINE, "Timeline", description, body, hide=("toc",), searched=False)

    def tasks(self) -> SitePage:
        body = self.render("tasks.html.j2", urls.TASKS, groups=task_groups(self.catalog), newest=NEWEST_PER_TASK)
        description = "What the works of the list do: each task with its number of works and its newest ones."
        return SitePage(urls.TASKS, "Tasks", description, body, TAXONOMY_FILE)


def site_pages(catalog: Catalog, templates: Path) -> list[SitePage]:
    """Every generated page, nav pages first."""
    builder = PageBuilder(catalog, templates)
    return [
        builder.home(),
        builder.all_works(),
        *builder.sections(),
        builder.datasets(),
        builder.benchmarks(),
        builder.timeline(),
        builder.tasks(),
        *builder.works(),
    ]


def site_nav(catalog: Catalog) -> list[dict[str, Any]]:
    """The navigation: home, all works, sections (from the taxonomy), datasets, benchmarks, timeline, tasks, about.

    Work pages stay out of it: a nav listing every work grows the build quadratically.
    The table section (datasets) is the Datasets entry. Titles are escaped because the theme
    prints nav titles without escaping.
    """
    sections = [
        {html.escape(s.title): urls.source_path(url)}
        for s in catalog.taxonomy.sections
        if (url := section_url(s)) == urls.section(s.id)
    ]
    return [
        {"Home": urls.source_path(urls.HOME)},
        {"All works": urls.source_path(urls.ALL_WORKS)},
        {"Sections": sections},
        {"Datasets": urls.source_path(urls.DATASETS)},
        {"Benchmarks": urls.source_path(urls.BENCHMARKS)},
        {"Timeline": urls.source_path(urls.TIMELINE)},
        {"Tasks": urls.source_path(urls.TASKS)},
        {"About": urls.source_path(urls.ABOUT)},
    ]
