"""The repository's generated documents: README.md (the awesome list), CONTRIBUTING.md and the entry schema.

Grouping, ordering and link de-duplication happen here; the templates only present.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.checks import FIRST_YEAR, MAX_INT, MAX_ITEMS, MAX_TEXT
from generator.core.health import CodeHealth, health_for
from generator.core.schema import FIELDS, MAX_AUTHORS, front_matter_schema
from generator.core.types import TYPES
from generator.core.validate import all_rules
from generator.lib.files import Output
from generator.model.catalog import Catalog
from generator.model.entry import Entry
from generator.model.health import RepoHealth
from generator.model.taxonomy import Section
from generator.outputs import urls
from generator.outputs.markdown import md_link
from generator.outputs.templates import markdown_environment

README = "README.md"
CONTRIBUTING = "CONTRIBUTING.md"
ENTRY_SCHEMA = f"schemas/{urls.ENTRY_SCHEMA}"  # also published on the website, whose address is its `$id`


@dataclass(frozen=True)
class ListedWork:
    """A work as one README line: its entry and the extra links not shown elsewhere."""

    entry: Entry
    url: str  # the link on its name
    extra_links: tuple[tuple[str, str], ...]  # (kind, url) after the summary
    code_health: CodeHealth | None = None  # stars and flags of its code repository, when known


@dataclass(frozen=True)
class ReadmeSection:
    section: Section
    works: tuple[ListedWork, ...]
    see_also: tuple[tuple[Section, tuple[Entry, ...]], ...]  # works listed elsewhere that belong here too


def readme_sections(catalog: Catalog, health: Mapping[str, RepoHealth] | None = None) -> list[ReadmeSection]:
    """Sections in taxonomy order, each work exactly once, each URL at most once."""
    survey = catalog.survey
    used: set[str] = set(survey.links.values()) if survey else set()  # shown in "The Survey"
    sections = []
    for section in catalog.taxonomy.sections:
        works = []
        for entry in catalog.in_section(section.id):
            links = [(kind, url) for kind, url in entry.links.items() if url not in used]
            used.update(url for _, url in links)
            if not links:
                continue  # every link is shown elsewhere: the survey itself
            works.append(ListedWork(entry, links[0][1], tuple(links[1:]), health_for(entry, health or {})))
        elsewhere = catalog.also_in_section(section.id)
        see_also = tuple(
            (home, tuple(sorted((e for e in elsewhere if e.section == home.id), key=lambda e: e.display_name.casefold())))
            for home in catalog.taxonomy.sections
            if any(e.section == home.id for e in elsewhere)
        )
        if works or see_also:
            sections.append(ReadmeSection(section, tuple(works), see_also))
    return sections


def render_readme(catalog: Catalog, templates: Path) -> Output:
    """The awesome list, from `templates`/README.md.j2."""
    env = markdown_environment(templates)
    sections = readme_sections(catalog, catalog.health)
    counts = catalog.counts()
    text = env.get_template("README.md.j2").render(
        info=catalog.info,
        survey=catalog.survey,
        sections=sections,
        referenced_sections={home.id for s in sections for home, _ in s.see_also},
        taxonomy=catalog.taxonomy,
        counts=counts,
    )
    return Output(README, text.rstrip("\n") + "\n")


def entry_lines(catalog: Catalog, templates: Path, paths: Iterable[str]) -> dict[str, list[str]]:
    """The lines of README.md that show each entry (by path): its list item, or its table row after
    the table's header and rule; [] for an entry with no line of its own (the survey) or no entry."""
    starts: dict[str, str] = {}
    for section in readme_sections(catalog, catalog.health):
        for work in section.works:
            link = md_link(work.entry.display_name, work.url)
            starts[work.entry.path] = f"- {link} " if section.section.layout == "list" else f"| {link} "
    lines: dict[str, list[str]] = {path: [] for path in paths}
    wanted = {starts[path]: path for path in lines if path in starts}
    header: list[str] = []
    previous = ""
    for line in render_readme(catalog, templates).text.splitlines():
        if _TABLE_RULE.fullmatch(line):
            header = [previous, line]
        for start, path in wanted.items():
            if line.startswith(start):
                lines[path] += [*header, line] if start.startswith("|") else [line]
        previous = line
    return lines


_TABLE_RULE = re.compile(r"\|[-:| ]+\|")


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


def repository_documents(catalog: Catalog, templates: Path) -> list[Output]:
    """Every document `build` writes and `check` compares: README, CONTRIBUTING and the entry schema."""
    return [render_readme(catalog, templates), render_contributing(catalog, templates), render_entry_schema(catalog)]
