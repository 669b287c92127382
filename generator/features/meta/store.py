"""The committed data file: deterministic JSON, merged run by run, fresh records reused."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.core.health import HEALTH_FILE
from generator.lib.files import read_or_none, write_atomic
from generator.model.health import RepoHealth

FORMAT_VERSION = 1


def utc_stamp(moment: dt.datetime) -> str:
    """`2026-11-26T09:30:00Z`: the form of `fetched_at`."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dump_health(records: Iterable[RepoHealth]) -> str:
    """The file's text: records sorted by key, keys sorted, one trailing newline."""
    ordered = sorted(records, key=lambda r: r.key)
    document = {
        "about": "Written by `awesome-lam meta` from the GitHub API; do not edit by hand.",
        "version": FORMAT_VERSION,
        "repos": [r.to_dict() for r in ordered],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save_health(root: Path, records: Iterable[RepoHealth]) -> bool:
    """Write the data file atomically when its text changes; True if written."""
    path = root / HEALTH_FILE
    text = dump_health(records)
    if read_or_none(path) == text:
        return False
    write_atomic(path, text)
    return True


def fresh_keys(old: Mapping[str, RepoHealth], keys: Iterable[str], now: dt.datetime,
               max_age: float) -> set[str]:
    """Keys whose record was fetched less than `max_age` seconds before `now`."""
    fresh = set()
    for key in keys:
        record = old.get(key)
        if record is None:
            continue
        fetched = dt.datetime.fromisoformat(record.fetched_at.replace("Z", "+00:00"))
        if (now - fetched).total_seconds() < max_age:
            fresh.add(key)
    return fresh


def merge(old: Mapping[str, RepoHealth], learned: Iterable[RepoHealth],
          keep: set[str] | None) -> dict[str, RepoHealth]:
    """Old records (only those in `keep`, unless None) updated with what was learned now.

    Repositories that could not be fetched this time keep their old record: a temporary
    failure never replaces a fact.
    """
    merged = {key: record for key, record in old.items() if keep is None or key in keep}
    merged.update((record.key, record) for record in learned)
    return merged
