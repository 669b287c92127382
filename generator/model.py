"""The typed model every other module speaks: taxonomy, sections, entries, benchmarks, catalog."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from types import MappingProxyType
from typing import Any

from generator.problems import line_of

OK, MISSING, RENAMED = "ok", "missing", "renamed"
"""Statuses of a code repository in the health data: found, gone (404/410/451), moved."""
STATUSES = (OK, MISSING, RENAMED)

LINK_KINDS: tuple[str, ...] = ("paper", "code", "demo", "project", "weights", "dataset", "docs")
"""Allowed keys of an entry's `links:`, in the order they are shown."""

LINK_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "paper": "Paper",
        "code": "Code",
        "demo": "Demo",
        "project": "Project",
        "weights": "Weights",
        "dataset": "Dataset",
        "docs": "Docs",
    }
)


@dataclass(frozen=True)
class Section:
    """A part of the list; its id is also the folder `entries/<id>/` holding its works."""

    id: str
    title: str
    description: str
    layout: str = "list"  # "list": one line per work; "table": datasets-style table
    kinds: tuple[str, ...] = ()  # when set, only these kinds may live in the section


@dataclass(frozen=True)
class Taxonomy:
    """The controlled vocabularies of `entries/taxonomy.yml`."""

    sections: tuple[Section, ...]
    kinds: Mapping[str, str]
    tasks: Mapping[str, str]
    modalities: Mapping[str, str]
    code: Mapping[str, str]
    access: Mapping[str, str]

    def section(self, section_id: str) -> Section:
        """The section with this id (KeyError when unknown)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def __getitem__(self, vocabulary: str) -> Mapping[str, str]:
        """A vocabulary by name (`taxonomy["tasks"]`), as templates ask for it."""
        if vocabulary not in ("kinds", "tasks", "modalities", "code", "access"):
            raise KeyError(vocabulary)
        return getattr(self, vocabulary)

    @property
    def section_ids(self) -> tuple[str, ...]:
        """Section ids in list order."""
        return tuple(s.id for s in self.sections)


@dataclass(frozen=True)
class ListInfo:
    """What the list says about itself (`entries/list.yml`): names, addresses, the survey."""

    title: str
    tagline: str
    description: str
    repository: str
    website: str
    survey: str  # id of the survey entry this list accompanies
    license: str
    license_url: str


_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only, unlike \d


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, month or day (`2023`, `2023-05`, `2023-05-18`)."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError with the reason otherwise."""
        match = _DATE_RE.match(text)
        if not match:
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if month:
            dt.date(year, month, day or 1)  # raises ValueError for month 13, day 31 in April...
        return cls(year, month, day)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def earliest(self) -> dt.date:
        """The first day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class Entry:
    """One work of the list, validated. Fields mirror the front matter (see `schema`)."""

    id: str
    path: str  # posix path relative to the list root, e.g. "entries/music/jukebox.md"
    section: str
    title: str
    kind: str
    date: PartialDate
    authors: tuple[str, ...]
    links: Mapping[str, str]
    added: dt.date
    summary: str  # Markdown, validated to hold inline text only
    name: str = ""
    also_in: tuple[str, ...] = ()
    venue: str = ""
    tasks: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    arxiv: str = ""
    code: str = "unknown"
    train_data: tuple[str, ...] = ()
    survey_ref: int | None = None
    survey_sections: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    size: str = ""
    languages: tuple[str, ...] = ()
    multilingual: bool | None = None
    access: str = ""
    license: str = ""
    positions: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        """The short name when there is one, else the title."""
        return self.name or self.title

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def main_url(self) -> str:
        """The link a name points to: the paper, else the first link."""
        return self.links.get("paper") or next(iter(self.links.values()))

    @property
    def sections(self) -> tuple[str, ...]:
        """Primary section first, then the others it also belongs to."""
        return (self.section, *self.also_in)

    @property
    def languages_label(self) -> str:
        """Languages of a dataset as one phrase ('' when unknown)."""
        if self.languages:
            return ", ".join(self.languages)
        if self.multilingual is None:
            return ""
        return "Multilingual" if self.multilingual else "Monolingual"

    @property
    def has_code(self) -> bool:
        return self.code == "released"

    def line_of(self, field_name: str) -> int:
        """Line of a (dotted) front-matter key in the file, else of its parent, else 1."""
        return line_of(self.positions, field_name)

    def sort_key(self) -> tuple:
        """Newest first, then by name: the order works are listed in."""
        return (-self.date.year, -self.date.month, -self.date.day, self.display_name.casefold(), self.id)


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
class RepoHealth:
    """One repository as the GitHub API described it at `fetched_at`.

    `repo` is GitHub's spelling of the name that is linked (the linked name when renamed or
    missing); `renamed_to` is where a renamed repository lives now and `url` its web address.
    `missing` means the API answered 404/410/451: deleted, private or blocked.
    """

    repo: str
    url: str
    status: str
    fetched_at: str  # ISO 8601 UTC, e.g. "2026-11-26T09:30:00Z"
    stars: int | None = None
    archived: bool = False
    license: str | None = None  # SPDX id ("NOASSERTION" for an unrecognised licence)
    last_commit: str | None = None  # ISO date of the newest commit on the default branch
    renamed_to: str | None = None

    @property
    def key(self) -> str:
        """The key of the repository in the data: GitHub names are case-insensitive."""
        return self.repo.lower()

    @property
    def fetched_on(self) -> dt.date:
        return dt.datetime.fromisoformat(self.fetched_at.replace("Z", "+00:00")).date()

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> RepoHealth:
        """Build from the data file's object; ValueError when it is not one."""
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
        try:
            health = cls(**raw)
        except TypeError as exc:
            raise ValueError(str(exc)) from None
        if health.status not in STATUSES:
            raise ValueError(f"unknown status {health.status!r}")
        if health.stars is not None and (type(health.stars) is not int or health.stars < 0):
            raise ValueError(f"stars of {health.repo} is not a count")
        if type(health.archived) is not bool:
            raise ValueError(f"archived of {health.repo} is not true or false")
        health.fetched_on  # noqa: B018 - validates the timestamp
        if health.last_commit is not None:
            dt.date.fromisoformat(health.last_commit)
        return health


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

    @property
    def survey(self) -> Entry | None:
        """The survey this list accompanies, when its entry exists."""
        return self.by_id().get(self.info.survey)
