"""The list's vocabulary and what it says about itself: sections, taxonomy, list info."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


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
