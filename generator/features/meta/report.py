"""What changed since the previous data file, for the weekly report: markdown, text or JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from generator.core.health import is_stale
from generator.lib.text import shown
from generator.model.health import MISSING, RENAMED, RepoHealth
from generator.outputs.markdown import md_quote

_SHARED = 3  # more failures than this for one reason (a rate limit, an outage) make one line


@dataclass(frozen=True)
class Change:
    """One repository worth a line in the report."""

    repo: str
    url: str
    detail: str  # e.g. "last commit 2023-04-02", "now owner/new", "HTTP 404"
    paths: tuple[str, ...]  # entry files that link it


@dataclass(frozen=True)
class Changes:
    archived: tuple[Change, ...]  # archived since the previous data (or new and archived)
    stale: tuple[Change, ...]  # no commit for a year, and were not so before
    renamed: tuple[Change, ...]  # the entries should link the new name
    missing: tuple[Change, ...]  # 404/410/451 now, and were not before
    failed: tuple[Change, ...]  # not refreshed this run (old data kept)

    def is_empty(self) -> bool:
        return not (self.archived or self.stale or self.renamed or self.missing or self.failed)


def compare(old: Mapping[str, RepoHealth], new: Mapping[str, RepoHealth], paths: Mapping[str, list[str]],
            failed: Mapping[str, str], today: dt.date) -> Changes:
    """Changes among the repositories of `paths` (key -> entry files); `failed`: key -> reason."""
    archived, stale, renamed, missing = [], [], [], []
    for key in sorted(paths):
        record, before = new.get(key), old.get(key)
        if record is None or record is before:
            continue  # not fetched this run: nothing new to say

        def change(detail: str, record: RepoHealth = record, key: str = key) -> Change:
            return Change(record.repo, record.url, detail, tuple(paths[key]))

        last = f"last commit {record.last_commit}" if record.last_commit else "no commits"
        if record.status == MISSING:
            if before is None or before.status != MISSING:
                missing.append(change("not found: deleted or made private"))
            continue
        if record.status == RENAMED and (before is None or before.renamed_to != record.renamed_to):
            renamed.append(change(f"now {record.renamed_to}"))
        if record.archived:
            if before is None or not before.archived:
                archived.append(change(last))
        elif is_stale(record, today) and not (before and is_stale(before, before.fetched_on)):
            stale.append(change(last))
    counts = Counter(failed.values())
    gone = [Change(key, "", reason, tuple(paths.get(key, ()))) for key, reason in sorted(failed.items())
            if counts[reason] <= _SHARED]
    gone += [Change(f"{n} repositories", "", reason, ()) for reason, n in sorted(counts.items()) if n > _SHARED]
    return Changes(tuple(archived), tuple(stale), tuple(renamed), tuple(missing), tuple(gone))


_HEADINGS = (
    ("archived", "Newly archived"),
    ("stale", "No commit for a year"),
    ("renamed", "Renamed or moved (update the links)"),
    ("missing", "Gone (404: deleted or private)"),
    ("failed", "Not refreshed this time (old data kept)"),
)


def render(changes: Changes, fmt: str) -> str:
    """The report in `markdown`, `text` or `json`."""
    if fmt == "json":
        return json.dumps({name: [_as_dict(c) for c in getattr(changes, name)] for name, _ in _HEADINGS},
                          indent=2, ensure_ascii=False)
    if changes.is_empty():
        return "No code repository was newly archived, went stale, moved or disappeared."
    blocks = []
    for name, heading in _HEADINGS:
        items: tuple[Change, ...] = getattr(changes, name)
        if not items:
            continue
        if name != "failed":  # failures of one cause share a line: no count of repositories
            heading += f" ({len(items)})"
        if fmt == "markdown":
            lines = [f"### {heading}", ""]
            lines += [f"- {_link(c)}: {_detail(c.detail, quoted=name == 'failed')}{_files(c, '`')}" for c in items]
        else:
            lines = [f"{heading}:"]
            lines += [f"  {c.repo}: {c.detail}{_files(c, '')}" for c in items]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _detail(detail: str, quoted: bool) -> str:
    """A change's detail in Markdown. Why a repository was not refreshed quotes the API or the
    network (an error message): shown as code, where no `@mention` or `#123` reference notifies anyone."""
    return md_quote(shown(detail)) if quoted else detail


def _link(change: Change) -> str:
    return f"[{change.repo}]({change.url})" if change.url else change.repo


def _files(change: Change, quote: str) -> str:
    return f" ({', '.join(f'{quote}{p}{quote}' for p in change.paths)})" if change.paths else ""


def _as_dict(change: Change) -> dict[str, object]:
    return {"repo": change.repo, "url": change.url, "detail": change.detail, "paths": list(change.paths)}
