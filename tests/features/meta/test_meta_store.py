"""The committed data file: deterministic, merged, reused while fresh; and the change report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.core.health import HEALTH_FILE, load_health
from generator.features.meta.report import compare, render
from generator.features.meta.store import dump_health, fresh_keys, merge, save_health, utc_stamp
from generator.model.health import MISSING, OK, RENAMED, RepoHealth

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


def rec(repo: str, **fields) -> RepoHealth:
    base = dict(url=f"https://github.com/{repo}", status=OK, fetched_at="2026-11-20T08:00:00Z", stars=10,
                last_commit="2026-10-01")
    base.update(fields)
    return RepoHealth(repo=repo, **base)


def test_dump_is_deterministic(tmp_path: Path) -> None:
    records = [rec("b/Two", license="MIT"), rec("A/one"), rec("c/three", status=MISSING, stars=None, last_commit=None)]
    text = dump_health(records)
    assert text == dump_health(reversed(records)) and text.endswith("}\n")
    data = json.loads(text)
    assert [r["repo"] for r in data["repos"]] == ["A/one", "b/Two", "c/three"]
    assert data["repos"][2] == {"repo": "c/three", "url": "https://github.com/c/three", "status": "missing",
                                "fetched_at": "2026-11-20T08:00:00Z", "archived": False}
    assert save_health(tmp_path, records) is True
    assert save_health(tmp_path, list(reversed(records))) is False  # same text: not rewritten
    assert (tmp_path / HEALTH_FILE).read_text(encoding="utf-8") == text
    assert load_health(tmp_path) == {r.key: r for r in records}


def test_fresh_keys_by_max_age() -> None:
    old = {"a/one": rec("a/one", fetched_at="2026-11-26T09:00:00Z"), "b/two": rec("b/two")}
    assert fresh_keys(old, ["a/one", "b/two", "c/new"], NOW, 3600) == {"a/one"}
    assert fresh_keys(old, ["a/one", "b/two"], NOW, 7 * 86400) == {"a/one", "b/two"}
    assert fresh_keys(old, ["a/one"], NOW, 0) == set()
    assert utc_stamp(NOW) == "2026-11-26T09:30:00Z"


def test_merge_keeps_old_facts_and_drops_unlinked() -> None:
    old = {"a/one": rec("a/one"), "b/two": rec("b/two"), "gone/unlinked": rec("gone/unlinked")}
    new = merge(old, [rec("a/one", stars=99)], keep={"a/one", "b/two"})
    assert new == {"a/one": rec("a/one", stars=99), "b/two": old["b/two"]}
    assert set(merge(old, [], keep=None)) == set(old)


def test_report_lists_only_what_is_new() -> None:
    old = {
        "a/was-live": rec("a/was-live"),
        "a/was-archived": rec("a/was-archived", archived=True),
        "a/was-stale": rec("a/was-stale", last_commit="2024-01-01"),
        "a/getting-old": rec("a/getting-old", last_commit="2025-11-01", fetched_at="2026-10-01T00:00:00Z"),
        "a/kept": rec("a/kept"),
    }
    fetched = [
        rec("a/was-live", archived=True, fetched_at=utc_stamp(NOW)),
        rec("a/was-archived", archived=True, fetched_at=utc_stamp(NOW)),
        rec("a/was-stale", last_commit="2024-01-01", fetched_at=utc_stamp(NOW)),
        rec("a/getting-old", last_commit="2025-11-01", fetched_at=utc_stamp(NOW)),
        rec("a/old-name", status=RENAMED, renamed_to="b/new-name", url="https://github.com/b/new-name"),
        RepoHealth("a/deleted", "https://github.com/a/deleted", MISSING, utc_stamp(NOW)),
        rec("a/new-and-stale", last_commit="2020-05-05"),
    ]
    new = merge(old, fetched, keep=None)
    paths = {key: [f"entries/x/{key.split('/')[1]}.md"] for key in new}
    changes = compare(old, new, paths, {"a/kept": "timed out after 3 attempts"}, NOW.date())
    assert [c.repo for c in changes.archived] == ["a/was-live"]
    assert [c.repo for c in changes.stale] == ["a/getting-old", "a/new-and-stale"]
    assert [(c.repo, c.detail) for c in changes.renamed] == [("a/old-name", "now b/new-name")]
    assert [c.repo for c in changes.missing] == ["a/deleted"]
    assert [(c.repo, c.detail) for c in changes.failed] == [("a/kept", "timed out after 3 attempts")]
    markdown = render(changes, "markdown")
    assert "### Newly archived (1)\n\n- [a/was-live](https://github.com/a/was-live): last commit 2026-10-01 " \
           "(`entries/x/was-live.md`)" in markdown
    assert "### Gone (404: deleted or private) (1)" in markdown
    assert "Newly archived (1):\n  a/was-live: last commit 2026-10-01 (entries/x/was-live.md)" in render(changes, "text")
    assert json.loads(render(changes, "json"))["renamed"][0]["detail"] == "now b/new-name"


def test_report_when_nothing_changed() -> None:
    old = {"a/b": rec("a/b")}
    changes = compare(old, old, {"a/b": ["entries/x/b.md"]}, {}, NOW.date())
    assert changes.is_empty() and render(changes, "markdown").startswith("No code repository")


def test_one_line_for_many_failures_of_one_cause() -> None:
    failed = {f"a/r{i}": "rate limited by the API until 10:00 UTC" for i in range(5)} | {"b/x": "timed out"}
    changes = compare({}, {}, {key: [] for key in failed}, failed, NOW.date())
    assert [(c.repo, c.detail) for c in changes.failed] == [
        ("b/x", "timed out"), ("5 repositories", "rate limited by the API until 10:00 UTC")]


def test_a_failure_reason_from_the_api_mentions_nobody() -> None:
    """Issue 22, item 7: an API's error message is quoted as code in the weekly issue."""
    from tests.github_markdown import live_text
    reason = "ask @octocat or @acme/team about #12, acme/repo#3 and GH-4 [x](https://evil.example) `x`"
    changes = compare({}, {}, {"a/b": ["entries/x/b.md"]}, {"a/b": reason}, NOW.date())
    markdown = render(changes, "markdown")
    assert "@" not in live_text(markdown) and "#1" not in live_text(markdown) and "GH-4" not in live_text(markdown)
    assert "evil.example" not in live_text(markdown)
