"""Repository names from links, the data file's records, staleness and what readers see."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.core.health import HEALTH_FILE, HealthDataError, format_stars, health_for, is_stale, load_health
from generator.lib.urls import github_repo
from generator.model.entry import Entry, PartialDate
from generator.model.health import MISSING, OK, RENAMED, RepoHealth

TODAY = dt.date(2026, 11, 26)


def record(**fields) -> RepoHealth:
    base = dict(repo="bytedance/SALMONN", url="https://github.com/bytedance/SALMONN", status=OK,
                fetched_at="2026-11-20T08:00:00Z", stars=4213, license="Apache-2.0", last_commit="2026-05-01")
    base.update(fields)
    return RepoHealth(**base)


def entry(code: str | None) -> Entry:
    links = {"paper": "https://arxiv.org/abs/2310.13289"} | ({"code": code} if code else {})
    return Entry(id="salmonn", path="entries/x/salmonn.md", section="x", title="SALMONN", kind="model",
                 date=PartialDate(2023, 10), authors=("A",), links=links, added=TODAY, summary="s")


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/bytedance/SALMONN", "bytedance/SALMONN"),
    ("https://github.com/bytedance/SALMONN/", "bytedance/SALMONN"),
    ("https://www.github.com/bytedance/SALMONN.git", "bytedance/SALMONN"),
    ("https://github.com/facebookresearch/fairseq/tree/main/examples/hubert", "facebookresearch/fairseq"),
    ("http://github.com/a-b/c.d_e#readme", "a-b/c.d_e"),
    ("https://github.com/FunAudioLLM", None),  # an organisation
    ("https://github.com/orgs/FunAudioLLM/repositories", None),
    ("https://github.com/topics/speech", None),
    ("https://gist.github.com/someone/0123abcd", None),
    ("https://gitlab.com/a/b", None),
    ("https://github.com/a/..", None),
    ("not a url", None),
])
def test_repo_of(url: str, expected: str | None) -> None:
    assert github_repo(url) == expected


@pytest.mark.parametrize("count, label", [
    (0, "0"), (999, "999"), (1000, "1k"), (1049, "1k"), (1250, "1.2k"), (4213, "4.2k"), (9949, "9.9k"),
    (9950, "10k"), (12_345, "12k"), (999_499, "999k"), (999_500, "1M"), (1_234_567, "1.2M"), (25_000_000, "25M"),
])
def test_format_stars(count: int, label: str) -> None:
    assert format_stars(count) == label


def test_stale_after_a_year_without_commit() -> None:
    assert not is_stale(record(last_commit="2025-11-26"), TODAY)  # exactly 365 days
    assert is_stale(record(last_commit="2025-11-25"), TODAY)
    assert not is_stale(record(last_commit=None), TODAY)


def test_missing_file_means_no_data(tmp_path: Path) -> None:
    assert load_health(tmp_path) == {}


def test_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / HEALTH_FILE
    path.parent.mkdir()
    records = [record(), record(repo="a/Old", status=RENAMED, renamed_to="b/New", url="https://github.com/b/New")]
    path.write_text(json.dumps({"version": 1, "repos": [r.to_dict() for r in records]}), encoding="utf-8")
    assert load_health(tmp_path) == {"bytedance/salmonn": records[0], "a/old": records[1]}
    for bad in ("{", '{"repos": [{"repo": "a/b"}]}', '{"repos": [{"repo": "a/b", "url": "u", "status": "odd", '
                '"fetched_at": "2026-01-01T00:00:00Z"}]}', '{"repos": [{"repo": "a/b", "url": "u", "status": "ok", '
                '"fetched_at": "yesterday"}]}', '{"repos": [{"repo": "a/b", "url": "u", "status": "ok", '
                '"fetched_at": "2026-01-01T00:00:00Z", "stars": "12"}]}'):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(HealthDataError, match="not valid"):
            load_health(tmp_path)


def test_health_for_a_live_repository() -> None:
    data = {"bytedance/salmonn": record()}
    view = health_for(entry("https://github.com/ByteDance/SALMONN/tree/main"), data, TODAY)
    assert view is not None
    assert (view.stars_label, view.flag, view.stale, view.archived) == ("★ 4.2k", "", False, False)
    assert view.title == "4,213 stars · last commit 2026-05-01 · Apache-2.0 · checked 2026-11-20"
    assert view.last_commit == dt.date(2026, 5, 1) and view.url == "https://github.com/bytedance/SALMONN"


def test_health_for_flags() -> None:
    stale = health_for(entry("https://github.com/a/b"), {"a/b": record(repo="a/b", last_commit="2023-03-14")}, TODAY)
    assert stale is not None and stale.stale and stale.flag == "no commit since March 2023"
    archived = health_for(entry("https://github.com/a/b"),
                          {"a/b": record(repo="a/b", archived=True, last_commit="2020-01-01")}, TODAY)
    assert archived is not None and archived.flag == "archived" and "archived" in archived.title
    gone = health_for(entry("https://github.com/a/b"),
                      {"a/b": RepoHealth("a/b", "https://github.com/a/b", MISSING, "2026-11-20T08:00:00Z")}, TODAY)
    assert gone is not None and gone.flag == "repository gone" and gone.stars_label == ""
    moved = health_for(entry("https://github.com/a/b"), {"a/b": record(
        repo="a/b", status=RENAMED, renamed_to="c/d", url="https://github.com/c/d")}, TODAY)
    assert moved is not None and (moved.repo, moved.url) == ("c/d", "https://github.com/c/d")


def test_stale_judged_on_the_fetch_day_by_default() -> None:
    data = {"a/b": record(repo="a/b", last_commit="2025-06-01", fetched_at="2026-05-01T00:00:00Z")}
    assert not health_for(entry("https://github.com/a/b"), data).stale
    assert health_for(entry("https://github.com/a/b"), data, TODAY).stale


def test_no_view_without_code_or_data() -> None:
    assert health_for(entry(None), {"a/b": record()}, TODAY) is None
    assert health_for(entry("https://github.com/FunAudioLLM"), {}, TODAY) is None
    assert health_for(entry("https://github.com/a/b"), {}, TODAY) is None
