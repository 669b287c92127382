"""The repository's generated documents: README.md (the awesome list), CONTRIBUTING.md and the entry schema.

Grouping, ordering and link de-duplication happen here; the templates only present.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.checks import FIRST_YEAR, MAX_INT, MAX_ITEMS, MAX_TEXT
from generator.core.health import CodeHealth, health_for
from generator.core.schema import FIELDS, MAX_AUTHORS, front_matter_schema
from generator.core.types import TYPES
from generator.core.validate import all_rules
from generator.lib.files import Output
from generator.lib.memory import collector_paused
from generator.model.catalog import Catalog
from generator.model.entry import Entry
from generator.model.health import RepoHealth
from generator.model.taxonomy import Section, Taxonomy
from generator.outputs import urls
from generator.outputs.markdown import Md, md_link
from generator.outputs.templates import markdown_environment
from generator.outputs.timeline import IMAGE_DARK, IMAGE_LIGHT, month_grid, timeline_images

README = "README.md"
CONTRIBUTING = "CONTRIBUTING.md"
ENTRY_SCHEMA = f"schemas/{urls.ENTRY_SCHEMA}"  # also published on the website, whose address is its `$id`


README_LINKS = ("code", "weights", "dataset")
"""The links an index line shows after the month; the others are on the work's page."""

NEWEST = 12
"""Works in the README's Newest part."""

SHOWN_PER_SECTION = 20
"""Each section shows its newest works; the earlier ones are folded under a <details> line, so the
README stays an index a reader scans however long the list grows."""

FOLDED_AT_LEAST = 5
"""A section folds nothing rather than fewer works than this."""


@dataclass(frozen=True)
class ListedWork:
    """A work as one README index line: name, what it is, month, its code and weights, its page."""

    entry: Entry
    url: str  # the link on its name: the paper, else its first link
    brief: str  # what it is in a few words
    links: tuple[tuple[str, str], ...]  # (kind, url) of README_LINKS, each URL once in the README
    page: str  # its page on the website (summary, every link, BibTeX)
    code_health: CodeHealth | None = None  # stars and flags of its code repository, when known


@dataclass(frozen=True)
class ReadmeSection:
    section: Section
    recent: tuple[ListedWork, ...]  # its SHOWN_PER_SECTION newest works
    earlier: tuple[ListedWork, ...]  # the rest, shown folded
    see_also: tuple[tuple[Section, tuple[Entry, ...]], ...]  # works listed elsewhere that belong here too

    @property
    def works(self) -> tuple[ListedWork, ...]:
        """Every work listed here, newest first."""
        return self.recent + self.earlier


def brief(entry: Entry, taxonomy: Taxonomy) -> str:
    """What the work is in a few words: its `brief`, else its kind and first task (`Benchmark: Audio captioning`)."""
    if entry.brief:
        return entry.brief
    kind = entry.kind.capitalize()
    return f"{kind}: {taxonomy.tasks[entry.tasks[0]]}" if entry.tasks else kind


def _listed(entry: Entry, used: set[str], catalog: Catalog, health: Mapping[str, RepoHealth]) -> ListedWork | None:
    """The index line of `entry`, skipping URLs already shown; None when its every link is shown elsewhere."""
    fresh = [(kind, url) for kind, url in entry.links.items() if url not in used]
    if not fresh:
        return None  # the survey itself, shown in "The Survey"
    name_url = entry.main_url if entry.main_url not in used else fresh[0][1]
    shown = [(kind, url) for kind, url in fresh if kind in README_LINKS and url != name_url]
    used.update({name_url, *(url for _, url in shown)})
    page = f"{catalog.info.website}/{urls.work(entry.id)}"
    return ListedWork(entry, name_url, brief(entry, catalog.taxonomy), tuple(shown), page,
                      health_for(entry, health))


def readme_sections(catalog: Catalog, health: Mapping[str, RepoHealth] | None = None) -> list[ReadmeSection]:
    """Sections in taxonomy order, each work exactly once, each URL at most once."""
    survey = catalog.survey
    used: set[str] = set(survey.links.values()) if survey else set()  # shown in "The Survey"
    sections = []
    for section in catalog.taxonomy.sections:
        works = [w for e in catalog.in_section(section.id) if (w := _listed(e, used, catalog, health or {}))]
        elsewhere = catalog.also_in_section(section.id)
        see_also = tuple(
            (home, tuple(sorted((e for e in elsewhere if e.section == home.id), key=lambda e: e.display_name.casefold())))
            for home in catalog.taxonomy.sections
            if any(e.section == home.id for e in elsewhere)
        )
        if works or see_also:
            shown = SHOWN_PER_SECTION if len(works) >= SHOWN_PER_SECTION + FOLDED_AT_LEAST else len(works)
            sections.append(ReadmeSection(section, tuple(works[:shown]), tuple(works[shown:]), see_also))
    return sections


def newest(catalog: Catalog, count: int = NEWEST) -> list[ListedWork]:
    """The `count` most recently published works (the list order is newest first), named by their
    page on the website: their lines in the sections link the paper, and an awesome list links each URL once."""
    works: list[ListedWork] = []
    for entry in (e for e in catalog.entries if e is not catalog.survey):
        if len(works) == count:
            break
        page = f"{catalog.info.website}/{urls.work(entry.id)}"
        works.append(ListedWork(entry, page, brief(entry, catalog.taxonomy), (), page))
    return works


def timeline_picture(catalog: Catalog) -> Md | None:
    """The timeline image as GitHub's <picture>: the dark file for a dark theme, else the light one;
    None when no work is dated to a month."""
    grid = month_grid(catalog)
    if not grid.works:
        return None
    return Md(f'<picture>\n<source media="(prefers-color-scheme: dark)" srcset="{IMAGE_DARK}">\n'
              f'<img src="{IMAGE_LIGHT}" alt="{html.escape(grid.alt)}">\n</picture>')


def render_readme(catalog: Catalog, templates: Path) -> Output:
    """The awesome list, from `templates`/README.md.j2."""
    env = markdown_environment(templates)
    sections = readme_sections(catalog, catalog.health)
    counts = catalog.counts()
    text = env.get_template("README.md.j2").render(
        info=catalog.info,
        survey=catalog.survey,
        sections=sections,
        newest=newest(catalog),
        timeline=timeline_picture(catalog),
        last_added=max((e.added for e in catalog.entries), default=None),
        referenced_sections={home.id for s in sections for home, _ in s.see_also},
        taxonomy=catalog.taxonomy,
        counts=counts,
    )
    return Output(README, text.rstrip("\n") + "\n")


def entry_lines(catalog: Catalog, templates: Path, paths: Iterable[str]) -> dict[str, list[str]]:
    """The line of README.md that lists each entry (by path) in its section; [] for an entry with no
    line of its own (the survey) or no entry."""
    starts = {work.entry.path: f"- {md_link(work.entry.display_name, work.url)} "
              for section in readme_sections(catalog, catalog.health) for work in section.works}
    lines: dict[str, list[str]] = {path: [] for path in paths}
    wanted = {starts[path]: path for path in lines if path in starts}
    for line in render_readme(catalog, templates).text.splitlines():
        for start, path in wanted.items():
            if line.startswith(start):
                lines[path].append(line)
    return lines


def render_contributing(catalog: Catalog, templates: Path) -> Output:
    """CONTRIBUTING.md: how to add a work, the inclusion policy, the schema (core/schema.py) and every rule."""
    env = markdown_environment(templates)
    text = env.get_template("CONTRIBUTING.md.j2").render(
        info=catalog.info,
        taxonomy=catalog.taxonomy,
        fields=FIELDS,
        types={name: field_type.description for name, field_type in TYPES.items()},
        rules=all_rules(),
        schema_file=ENTRY_SCHEMA,
        limits={"text": MAX_TEXT, "list_items": MAX_ITEMS, "authors": MAX_AUTHORS, "first_year": FIRST_YEAR, "int": MAX_INT},
    )
    return Output(CONTRIBUTING, text.rstrip("\n") + "\n")


def render_entry_schema(catalog: Catalog) -> Output:
    """schemas/entry.schema.json: the JSON Schema of an entry's front matter, for editors and validators."""
    schema = front_matter_schema(catalog.taxonomy, f"{catalog.info.website}/{urls.ENTRY_SCHEMA}")
    return Output(ENTRY_SCHEMA, json.dumps(schema, indent=2, ensure_ascii=False) + "\n")


@collector_paused()
def repository_documents(catalog: Catalog, templates: Path) -> list[Output]:
    """Every document `build` writes and `check` compares: README, its timeline images, CONTRIBUTING and
    the entry schema."""
    return [render_readme(catalog, templates), *timeline_images(catalog, templates), render_contributing(catalog, templates),
            render_entry_schema(catalog)]
