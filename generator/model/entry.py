"""A work of the list: its typed entry and the partial dates it is dated by."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from generator.model.problems import line_of

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

_MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # English, whatever the locale
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
        return _parse_date(text)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """For readers: `Jun 2024`, or `2024` for a date known to the year."""
        return f"{_MONTH_ABBR[self.month]} {self.year}" if self.month else str(self.year)

    def earliest(self) -> dt.date:
        """The first day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

@lru_cache(maxsize=4096)
def _parse_date(text: str) -> PartialDate:
    """`PartialDate.parse`, once per text: a list's works share a few hundred dates (a frozen value,
    so one object serves them all)."""
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if month:
        dt.date(year, month, day or 1)  # raises ValueError for month 13, day 31 in April...
    return PartialDate(year, month, day)


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
    brief: str = ""  # what it is in a few words (the README's index line); see `description`
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
    ignore: Mapping[str, str] = field(default_factory=dict)  # rule id -> why it does not apply to this work
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
