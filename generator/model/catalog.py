"""Everything loaded from a list root: results tables, headline counts and the catalog itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from generator.model.entry import Entry
from generator.model.health import RepoHealth
from generator.model.problems import Problem
from generator.model.taxonomy import ListInfo, Taxonomy


@dataclass(frozen=True)
class BenchmarkColumn:
    key: str
    label: str
    metric: str = ""
    better: str = ""  # "lower", "higher" or "" for descriptive columns


@dataclass(frozen=True)
class BenchmarkRow:
    model: str
    values: Mapping[str, float | int | str | None]
    entry: str = ""  # id of the work's entry, when it has one
    group: str = ""


@dataclass(frozen=True)
class BenchmarkTable:
    """A results table (from the survey or elsewhere), kept as data under entries/benchmarks/."""

    id: str
    path: str
    title: str
    description: str
    task: str
    dataset: str
    source: Mapping[str, object]
    columns: tuple[BenchmarkColumn, ...]
    rows: tuple[BenchmarkRow, ...]


@dataclass(frozen=True)
class Counts:
    """The headline numbers the README, the website and `stats` all show."""

    works: int
    with_code: int
    datasets: int
    benchmarks: int  # results tables


@dataclass(frozen=True)
class Catalog:
    """Everything loaded from a list root: vocabulary, entries, benchmarks, and what is wrong."""

    info: ListInfo
    taxonomy: Taxonomy
    entries: tuple[Entry, ...]  # sorted by Entry.sort_key
    benchmarks: tuple[BenchmarkTable, ...] = ()
    health: Mapping[str, RepoHealth] = field(default_factory=dict)  # code repositories by repo_key
    warnings: tuple[Problem, ...] = ()  # what the warning rules found (`awesome-lam validate` shows them)

    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    def counts(self) -> Counts:
        entries = self.entries
        return Counts(
            works=len(entries),
            with_code=sum(e.has_code for e in entries),
            datasets=sum(e.kind == "dataset" for e in entries),
            benchmarks=len(self.benchmarks),
        )

    @cached_property
    def _sections(self) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
        """(works by primary section, works by other section), each in list order."""
        primary: defaultdict[str, list[Entry]] = defaultdict(list)
        other: defaultdict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            primary[entry.section].append(entry)
            for section_id in entry.also_in:
                other[section_id].append(entry)
        return primary, other

    def in_section(self, section_id: str) -> list[Entry]:
        """Works whose primary section is this one, in list order."""
        return list(self._sections[0].get(section_id, ()))

    def also_in_section(self, section_id: str) -> list[Entry]:
        """Works listed elsewhere that also belong to this section, in list order."""
        return list(self._sections[1].get(section_id, ()))

    def newest_added(self, count: int) -> list[Entry]:
        """The most recently added works (newest publication first within a day)."""
        return sorted(self.entries, key=lambda e: (-e.added.toordinal(), e.sort_key()))[:count]

    @cached_property
    def survey(self) -> Entry | None:
        """The survey this list accompanies, when its entry exists (looked up once: callers test
        `entry is catalog.survey` for every work)."""
        return next((e for e in self.entries if e.id == self.info.survey), None)
