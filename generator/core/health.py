"""What is known about a code repository, read from `data/repo-health.json`, and how to show it.

A missing data file means "no data": `load_health` returns `{}` and nothing is shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.lib.errors import LamError
from generator.lib.urls import github_repo, repo_key
from generator.model.entry import Entry
from generator.model.health import MISSING, RepoHealth

HEALTH_FILE = "data/repo-health.json"
STALE_AFTER_DAYS = 365


class HealthDataError(LamError):
    """The data file exists but cannot be read (one line for the user)."""


def load_health(root: Path) -> dict[str, RepoHealth]:
    """The data file's records by `repo_key`; `{}` when the file does not exist."""
    path = root / HEALTH_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise HealthDataError(f"cannot read {HEALTH_FILE} ({exc}); fix it or delete it and run `awesome-lam meta`") from None
    try:
        raw = json.loads(text)
        records = [RepoHealth.from_dict(item) for item in raw["repos"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise HealthDataError(f"{HEALTH_FILE} is not valid ({exc}); fix it or delete it and run "
                              "`awesome-lam meta`") from None
    return {r.key: r for r in records}


def is_stale(health: RepoHealth, today: dt.date) -> bool:
    """No commit in the last `STALE_AFTER_DAYS` days (unknown dates are not stale)."""
    if health.last_commit is None:
        return False
    return (today - dt.date.fromisoformat(health.last_commit)).days > STALE_AFTER_DAYS


def format_stars(count: int) -> str:
    """Short star count: 950, 1.2k, 12k, 1.5M."""
    if count < 1000:
        return str(count)
    value, suffix = count / 1000, "k"
    if value >= 999.5:
        value, suffix = count / 1_000_000, "M"
    text = f"{value:.1f}" if value < 9.95 else f"{value:.0f}"
    return text.removesuffix(".0") + suffix


@dataclass(frozen=True)
class CodeHealth:
    """What the README and the site show next to a work's Code link."""

    repo: str  # current "owner/name"
    url: str  # current web address (after a rename)
    stars: int | None
    archived: bool
    stale: bool
    missing: bool
    last_commit: dt.date | None
    license: str | None
    checked: dt.date

    @property
    def stars_label(self) -> str:
        """`★ 4.2k`, or '' when unknown."""
        return "" if self.stars is None else f"★ {format_stars(self.stars)}"

    @property
    def flag(self) -> str:
        """One short warning, or '': `archived`, `repository gone`, `no commit since March 2023`."""
        if self.missing:
            return "repository gone"
        if self.archived:
            return "archived"
        if self.stale and self.last_commit:
            return f"no commit since {calendar.month_name[self.last_commit.month]} {self.last_commit.year}"
        return ""

    @property
    def title(self) -> str:
        """A tooltip: `4,213 stars · last commit 2024-05-01 · MIT · checked 2026-11-26`."""
        parts = [] if self.stars is None else [f"{self.stars:,} stars"]
        if self.last_commit:
            parts.append(f"last commit {self.last_commit.isoformat()}")
        if self.license and self.license != "NOASSERTION":
            parts.append(self.license)
        if self.archived:
            parts.append("archived")
        if self.missing:
            parts.append("not found on GitHub")
        parts.append(f"checked {self.checked.isoformat()}")
        return " · ".join(parts)


def health_for(entry: Entry, health: Mapping[str, RepoHealth], today: dt.date | None = None) -> CodeHealth | None:
    """The health of the entry's GitHub code link; None without one or without data.

    Staleness is judged on `today`, by default the day the data was fetched: generated files
    then depend on the data file only, so `awesome-lam check` does not go red as days pass.
    """
    repo = github_repo(entry.links.get("code", ""))
    record = health.get(repo_key(repo)) if repo else None
    if record is None:
        return None
    last = dt.date.fromisoformat(record.last_commit) if record.last_commit else None
    return CodeHealth(
        repo=record.renamed_to or record.repo,
        url=record.url,
        stars=record.stars,
        archived=record.archived,
        stale=is_stale(record, today or record.fetched_on),
        missing=record.status == MISSING,
        last_commit=last,
        license=record.license,
        checked=record.fetched_on,
    )
