"""What the rules look at: one entry being checked (`Draft`) and the whole list (`Listing`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.core.evidence import Evidence
from generator.core.identity import Identity
from generator.core.load import Document
from generator.model.catalog import BenchmarkTable
from generator.model.entry import Entry
from generator.model.taxonomy import ListInfo, Section, Taxonomy


@dataclass(frozen=True)
class Draft:
    """One entry file being checked: the parsed file, its section (from its folder), and the values
    of the fields that passed their type (`values`); a field that failed is absent, so every rule
    can still look at the rest and all problems are reported in one run."""

    doc: Document
    section: Section
    values: Mapping[str, Any]
    taxonomy: Taxonomy
    evidence: Evidence

    @cached_property
    def summary(self) -> str:
        """The body, on one line."""
        return " ".join(self.doc.body.split())


@dataclass(frozen=True)
class Listing:
    """The whole list as the list rules see it."""

    entries: tuple[Entry, ...]  # the valid entries
    identities: tuple[Identity, ...]  # every entry file whose front matter parsed, valid or not
    known: frozenset[str]  # the id of every entry file
    benchmarks: tuple[BenchmarkTable, ...]
    info: ListInfo
    info_doc: Document
    evidence: Evidence


Findings = Iterator[tuple[str, str]]
"""What an entry rule yields: (key, message); the key `summary` is the summary below the front matter."""
ListFindings = Iterator[tuple[str, int, str, str]]
"""What a list rule yields: (path, line, field, message)."""
