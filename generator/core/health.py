"""What is known about a code repository, read from `data/repo-health.json`, and how to show it.

A missing data file means "no data": `load_health` returns `{}` and nothing is shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from generator.core.checks import (
    Invalid,
    check_choice,
    check_date,
    check_plain_text,
    check_text,
    check_url,
    type_name,
)
from generator.lib.errors import LamError
from generator.lib.files import Unreadable, read_guarded
from generator.lib.urls import github_repo, repo_key, url_parts
from generator.model.entry import Entry
from generator.model.health import MISSING, RENAMED, STATUSES, RepoHealth

HEALTH_FILE = "data/repo-health.json"
STALE_AFTER_DAYS = 365


class HealthDataError(LamError):
    """The data file exists but cannot be read (one line for the user)."""


MAX_HEALTH_BYTES = 16 * 1024 * 1024
"""Largest data file read: a thousand records take about 300 KB."""
FUTURE_SLACK = dt.timedelta(hours=1)
"""How far ahead of this machine's clock a record may be dated (clocks differ a little)."""
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", re.ASCII)
_FIELDS = {f.name for f in fields(RepoHealth)}
_REQUIRED = ("repo", "url", "status", "fetched_at")
_FIX = "fix it or delete it and run `awesome-lam meta`"


def load_health(root: Path, now: dt.datetime | None = None) -> dict[str, RepoHealth]:
    """The data file's records by `repo_key`; `{}` when the file does not exist. The file is read
    as entries are (a regular file in the repository, of bounded size), and every value is checked
    as `check_record` says, so that nothing in it can crash or mislead a command later."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        raw = read_guarded(root / HEALTH_FILE, MAX_HEALTH_BYTES, root)
    except FileNotFoundError:
        return {}
    except Unreadable as exc:
        raise HealthDataError(f"{HEALTH_FILE} {exc}; {_FIX}") from None
    if len(raw) > MAX_HEALTH_BYTES:
        raise HealthDataError(f"{HEALTH_FILE} is larger than {MAX_HEALTH_BYTES // 1024 // 1024} MiB; {_FIX}")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise HealthDataError(f"{HEALTH_FILE} is not valid ({str(exc)[:200]}); {_FIX}") from None
    items = document.get("repos") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise HealthDataError(f"{HEALTH_FILE} is not valid (it must be an object with a list `repos`); {_FIX}")
    records: dict[str, RepoHealth] = {}
    for index, item in enumerate(items):
        try:
            record = check_record(item, now)
        except Invalid as exc:
            raise HealthDataError(f"{HEALTH_FILE} is not valid (repos.{index}: {exc}); {_FIX}") from None
        if record.key in records:
            raise HealthDataError(f"{HEALTH_FILE} is not valid (repos.{index}: repeats {record.repo}); {_FIX}")
        records[record.key] = record
    return records


def check_record(raw: Any, now: dt.datetime) -> RepoHealth:
    """One record of the data file, every value of its type: names are `owner/name`, the web
    address is the GitHub page of the repository as it is now called (a renamed one's new name),
    times are UTC and not in the future. Invalid otherwise, naming the field."""
    if not isinstance(raw, dict):
        raise Invalid(f"must be an object; got {type_name(raw)}")
    unknown = sorted(str(key) for key in raw if key not in _FIELDS)
    if unknown:
        raise Invalid(f"unknown field '{unknown[0]}'")
    missing = [name for name in _REQUIRED if name not in raw]
    if missing:
        raise Invalid(f"has no '{missing[0]}'")

    def field(name: str, check: Callable[[Any], Any]) -> Any:
        value = raw.get(name)
        if value is None and name not in _REQUIRED:
            return None
        try:
            return check(value)
        except Invalid as exc:
            raise Invalid(f"{name}: {exc}") from None

    latest = now + FUTURE_SLACK
    repo = field("repo", _check_repo)
    status = field("status", lambda v: check_choice(v, STATUSES))
    renamed_to = field("renamed_to", _check_repo)
    if (status == RENAMED) != (renamed_to is not None):
        raise Invalid("renamed_to: is given exactly when the status is 'renamed'")
    current = renamed_to or repo
    url = field("url", lambda v: _check_repo_url(v, current))
    stars = field("stars", _check_count)
    archived = raw.get("archived", False)
    if type(archived) is not bool:
        raise Invalid(f"archived: must be true or false; got {type_name(archived)}")
    return RepoHealth(
        repo=repo,
        url=url,
        status=status,
        fetched_at=field("fetched_at", lambda v: _check_stamp(v, latest)),
        stars=stars,
        archived=archived,
        license=field("license", check_plain_text),
        last_commit=field("last_commit", lambda v: _check_day(v, latest.date())),
        renamed_to=renamed_to,
    )


def _check_repo(value: Any) -> str:
    """`owner/name` of a GitHub repository."""
    text = check_text(value)
    if github_repo(f"https://github.com/{text}") != text:
        raise Invalid(f"'{text}' is not a GitHub repository name (owner/name)")
    return text


def _check_repo_url(value: Any, repo: str) -> str:
    """The GitHub web address of `repo` (any case)."""
    url = check_url(value)
    found = github_repo(url)
    if found is None or repo_key(found) != repo_key(repo) or url_parts(url) != url_parts(f"https://github.com/{found}"):
        raise Invalid(f"'{url}' is not the GitHub address of {repo} (https://github.com/{repo})")
    return url


def _check_count(value: Any) -> int:
    """A whole number from 0."""
    if type(value) is not int or value < 0:
        raise Invalid(f"must be a count from 0; got {type_name(value) if type(value) is not int else value}")
    return value


def _check_stamp(value: Any, latest: dt.datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ`, a real UTC time no later than `latest`."""
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        raise Invalid(f"'{value}' is not a UTC time like 2026-11-26T09:30:00Z")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"'{value}' is not a real time") from None
    if moment > latest:
        raise Invalid(f"'{value}' is in the future")
    return value


def _check_day(value: Any, latest: dt.date) -> str:
    """`YYYY-MM-DD`, a real day no later than `latest`."""
    if not isinstance(value, str):
        raise Invalid(f"must be a date like 2026-05-01; got {type_name(value)}")
    return str(check_date(value, latest, full=True))


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
