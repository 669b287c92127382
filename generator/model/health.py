"""What the GitHub API said about a code repository, as the health data file keeps it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from generator.lib.urls import repo_key

OK, MISSING, RENAMED = "ok", "missing", "renamed"
"""Statuses of a code repository in the health data: found, gone (404/410/451), moved."""

STATUSES = (OK, MISSING, RENAMED)

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
        return repo_key(self.repo)

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
