"""Data shaped for the site's templates: filter choices, related works, newest additions, benchmarks.

Everything that groups, counts or orders lives here, so templates only present.
"""

from __future__ import annotations

import calendar
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.model.catalog import BenchmarkTable, Catalog
from generator.model.entry import Entry
from generator.model.taxonomy import Taxonomy

SURVEY_TABLE = re.compile(r"^Table [0-9]+$")
DATASETS_TABLE = "Table 3"  # the survey's table of datasets


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Filters:
    """What a works table can be filtered by: the choices its works have, with counts.

    `sections` and `added` (months, newest first; a choice counts the works added in it or later)
    are filled for the table of every work only.
    """

    kinds: tuple[Choice, ...]
    tasks: tuple[Choice, ...]
    modalities: tuple[Choice, ...]
    first_year: int
    last_year: int
    sections: tuple[Choice, ...] = ()
    added: tuple[Choice, ...] = ()


def filters_for(entries: Iterable[Entry], taxonomy: Taxonomy, *, every_work: bool = False) -> Filters:
    """Choices present in `entries`, in taxonomy order, with counts; `every_work` adds sections and months added."""
    entries = list(entries)
    kinds = Counter(e.kind for e in entries)
    tasks = Counter(t for e in entries for t in e.tasks)
    modalities = Counter(m for e in entries for m in e.modalities)
    years = [e.year for e in entries] or [0]
    filters = Filters(
        kinds=tuple(Choice(k, k.capitalize(), kinds[k]) for k in taxonomy.kinds if kinds[k]),
        tasks=tuple(Choice(t, label, tasks[t]) for t, label in taxonomy.tasks.items() if tasks[t]),
        modalities=tuple(Choice(m, label, modalities[m]) for m, label in taxonomy.modalities.items() if modalities[m]),
        first_year=min(years),
        last_year=max(years),
    )
    if not every_work:
        return filters
    sections = Counter(s for e in entries for s in e.sections)
    return replace(
        filters,
        sections=tuple(Choice(s.id, s.title, sections[s.id]) for s in taxonomy.sections if sections[s.id]),
        added=added_since(entries),
    )


def added_since(entries: Iterable[Entry]) -> tuple[Choice, ...]:
    """The months works were added in, newest first (`2026-11`); each counts the works added in it or later."""
    months = Counter((e.added.year, e.added.month) for e in entries)
    since = 0
    choices = []
    for year, month in sorted(months, reverse=True):
        since += months[year, month]
        choices.append(Choice(f"{year}-{month:02}", f"{calendar.month_name[month]} {year}", since))
    return tuple(choices)


def added_by_day(entries: Iterable[Entry]) -> dict[str, int]:
    """How many works were added on each day (`2026-12-07`), newest day first: what the home page
    counts a reader's "added since your last visit" from."""
    days = Counter(e.added.isoformat() for e in entries)
    return dict(sorted(days.items(), reverse=True))


def search_text(entry: Entry, taxonomy: Taxonomy) -> str:
    """What a table's free-text filter matches a work by, besides the name and title its row shows:
    authors, venue, tasks and languages."""
    tasks = (taxonomy.tasks[t] for t in entry.tasks)
    return " ".join(f for f in (*entry.authors, entry.venue, *tasks, entry.languages_label) if f)


_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Text as a table's free-text filter compares it, the way lam.js's `fold` writes a query:
    NFKD without the combining accents, lower case, every run of characters that are neither
    letters nor digits one space ("Speech-LLaMA" and "speech llama" are the same)."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    words = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in text)
    return " ".join(words.split())


def section_works(catalog: Catalog, section_id: str) -> list[Entry]:
    """Works of a section: its own and those that also belong to it, in list order."""
    return sorted([*catalog.in_section(section_id), *catalog.also_in_section(section_id)], key=Entry.sort_key)


class RelatedIndex:
    """Related works of each entry: the ones it names, then those sharing the most tasks."""

    def __init__(self, catalog: Catalog, limit: int = 8) -> None:
        self._by_id = catalog.by_id()
        self._rank = {e.id: i for i, e in enumerate(catalog.entries)}  # list order: newest first
        self._by_task: dict[str, list[str]] = defaultdict(list)
        for entry in catalog.entries:
            for task in entry.tasks:
                self._by_task[task].append(entry.id)
        self._limit = limit

    def of(self, entry: Entry) -> list[Entry]:
        named = [self._by_id[i] for i in entry.related if i in self._by_id]
        shared: Counter[str] = Counter()
        for task in entry.tasks:
            shared.update(self._by_task[task])
        for excluded in (entry.id, *entry.related):
            shared.pop(excluded, None)
        wanted = max(0, self._limit - len(named))
        best = heapq.nsmallest(wanted, shared, key=lambda i: (-shared[i], self._rank[i]))
        return named + [self._by_id[i] for i in best]


@dataclass(frozen=True)
class SurveyMention:
    """Where the survey discusses a work: its sections, its tables and its reference number."""

    sections: tuple[str, ...]
    tables: tuple[str, ...]
    reference: int | None

    def __bool__(self) -> bool:
        return bool(self.sections or self.tables or self.reference)


def survey_mention(entry: Entry) -> SurveyMention:
    tables = tuple(s for s in entry.survey_sections if SURVEY_TABLE.match(s))
    sections = tuple(s for s in entry.survey_sections if s not in tables)
    return SurveyMention(sections, tables, entry.survey_ref)


@dataclass(frozen=True)
class Cell:
    text: str
    best: bool = False


@dataclass(frozen=True)
class BenchmarkRowView:
    model: str
    entry: Entry | None
    group: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class BenchmarkView:
    table: BenchmarkTable
    rows: tuple[BenchmarkRowView, ...]
    has_groups: bool


def format_value(value: float | int | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def benchmark_view(table: BenchmarkTable, by_id: dict[str, Entry]) -> BenchmarkView:
    """Rows with formatted cells; the best value of each ranked column is marked."""
    best: dict[str, float] = {}
    for column in table.columns:
        numbers = [
            v for row in table.rows if isinstance(v := row.values.get(column.key), (int, float)) and not isinstance(v, bool)
        ]
        if column.better and numbers:
            best[column.key] = min(numbers) if column.better == "lower" else max(numbers)
    rows = tuple(
        BenchmarkRowView(
            model=row.model,
            entry=by_id.get(row.entry) if row.entry else None,
            group=row.group,
            cells=tuple(
                Cell(format_value(row.values.get(c.key)), c.key in best and row.values.get(c.key) == best[c.key])
                for c in table.columns
            ),
        )
        for row in table.rows
    )
    return BenchmarkView(table, rows, any(row.group for row in table.rows))


def benchmarks_by_entry(catalog: Catalog) -> dict[str, list[BenchmarkTable]]:
    """The benchmark tables each work appears in."""
    found: dict[str, list[BenchmarkTable]] = defaultdict(list)
    for table in catalog.benchmarks:
        for entry_id in dict.fromkeys(row.entry for row in table.rows if row.entry):
            found[entry_id].append(table)
    return found


@dataclass(frozen=True)
class TaskGroup:
    id: str
    label: str
    works: tuple[Entry, ...]


def task_groups(catalog: Catalog) -> list[TaskGroup]:
    """Every task of the taxonomy with its works (tasks without works are left out)."""
    groups = [
        TaskGroup(task, label, tuple(e for e in catalog.entries if task in e.tasks))
        for task, label in catalog.taxonomy.tasks.items()
    ]
    return [g for g in groups if g.works]
