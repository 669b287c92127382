"""The GitHub GraphQL client against a local server answering from recorded bodies."""

from __future__ import annotations

import email.utils
import gzip
import json
import time
from dataclasses import replace

import pytest

from generator.features.meta import github
from generator.features.meta.github import ClientSettings, GitHubClient, query_of
from generator.model.health import MISSING, OK, RENAMED
from tests.features.meta.github_server import Server, normal, rate_limited, recorded, retry_after, send, slow

WHEN = "2026-11-26T09:30:00Z"


def fetch(settings: ClientSettings, name: str, **kwargs):
    return GitHubClient(settings, **kwargs).fetch(name, WHEN)


def test_live_repository(api: Server, fast: ClientSettings) -> None:
    api.add_repo("bytedance/SALMONN", stars=1286, commit_date="2025-09-30T23:59:59Z")
    result = fetch(fast, "bytedance/salmonn")
    health = result.health
    assert health is not None and result.error == ""
    assert (health.repo, health.status, health.stars, health.archived) == ("bytedance/SALMONN", OK, 1286, False)
    assert (health.license, health.last_commit, health.fetched_at) == ("Apache-2.0", "2025-09-30", WHEN)
    assert health.url == "https://github.com/bytedance/SALMONN" and health.renamed_to is None


def test_archived_repository_without_licence(api: Server, fast: ClientSettings) -> None:
    api.add_repo("old/thing", archived=True, spdx=None, commit_date="2021-02-03T04:05:06Z")
    health = fetch(fast, "old/thing").health
    assert health is not None
    assert (health.archived, health.license, health.last_commit) == (True, None, "2021-02-03")


def test_renamed_repository_answers_under_its_new_name(api: Server, fast: ClientSettings) -> None:
    api.rename("old-owner/old-name", "new-owner/new-name")
    api.add_repo("new-owner/new-name", stars=50)
    health = fetch(fast, "old-owner/old-name").health
    assert health is not None
    assert (health.status, health.repo, health.renamed_to) == (RENAMED, "old-owner/old-name", "new-owner/new-name")
    assert health.url == "https://github.com/new-owner/new-name" and health.stars == 50


def test_deleted_repository_is_missing(api: Server, fast: ClientSettings) -> None:
    health = fetch(fast, "gone/away").health  # NOT_FOUND
    assert health is not None
    assert (health.status, health.url, health.stars) == (MISSING, "https://github.com/gone/away", None)


def test_a_hundred_repositories_per_query(api: Server, fast: ClientSettings) -> None:
    names = [f"org/repo-{n}" for n in range(250)]
    for name in names[:-1]:
        api.add_repo(name, stars=len(name))
    results = GitHubClient(replace(fast, batch=100)).fetch_all(names, WHEN)
    assert api.queries == 3 and api.asked() == names
    assert [results[n].health.status for n in names] == [OK] * 249 + [MISSING]  # type: ignore[union-attr]
    assert results["org/repo-7"].health.stars == len("org/repo-7")  # type: ignore[union-attr]


def test_the_query_passes_names_as_variables() -> None:
    query, variables = query_of(["a/b", 'evil"}/x{ y'])
    assert '"' not in query and "evil" not in query
    assert variables == {"o0": "a", "n0": "b", "o1": 'evil"}', "n1": "x{ y"}


def test_an_error_on_one_repository_leaves_the_others(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/fine")
    api.answers.append(send(200, {"data": {"r0": None, "r1": recorded("repository")},
                                  "errors": [{"type": "FORBIDDEN", "path": ["r0"], "message": "Repository access blocked"}]}))
    results = GitHubClient(fast).fetch_all(["a/blocked", "bytedance/SALMONN"], WHEN)
    assert results["a/blocked"].health is None and results["a/blocked"].error == "Repository access blocked"
    assert results["bytedance/SALMONN"].health is not None


def test_primary_rate_limit_waits_for_the_reset(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    api.answers.append(rate_limited(reset_in=1.0))
    started = time.time()
    result = fetch(fast, "a/b")
    assert result.health is not None and result.health.status == OK
    assert time.time() - started >= 0.9  # waited until X-RateLimit-Reset
    assert api.queries == 2


def test_retry_after_is_honoured(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    api.answers += [retry_after(3), retry_after(2, code=429)]
    now, waits = [time.time()], []

    def sleep(seconds: float) -> None:  # a clock that moves only when the client waits
        waits.append(seconds)
        now[0] += seconds

    result = fetch(replace(fast, retries=3), "a/b", sleep=sleep, clock=lambda: now[0])
    assert result.health is not None
    assert [round(w) for w in waits] == [3, 2]  # no backoff on top of the API's own pause


def test_retry_after_as_an_http_date_is_honoured(api: Server, fast: ClientSettings) -> None:
    now, waits = [1_800_000_000.0], []
    api.add_repo("a/b")
    api.answers.append(retry_after(email.utils.formatdate(now[0] + 5, usegmt=True), code=429))

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    result = fetch(fast, "a/b", sleep=sleep, clock=lambda: now[0])
    assert result.health is not None
    assert [round(w) for w in waits] == [5]


def test_long_rate_limit_stops_the_run_and_keeps_nothing(api: Server, fast: ClientSettings) -> None:
    for name in ("a/one", "a/two", "a/three"):
        api.add_repo(name)
    api.answers.append(rate_limited(reset_in=3600))
    client = GitHubClient(replace(fast, batch=1))
    results = client.fetch_all(["a/one", "a/two", "a/three"], WHEN)
    assert all(r.health is None for r in results.values())
    assert "rate limited by the API until" in client.stopped
    assert api.queries == 1  # no query after the stop


def test_remaining_zero_on_a_success_pauses_the_next_query(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/one")
    api.add_repo("a/two")
    reset = str(int(time.time()) + 3600)
    api.answers.append(normal({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))
    results = GitHubClient(replace(fast, batch=1)).fetch_all(["a/one", "a/two"], WHEN)
    assert results["a/one"].health is not None
    assert results["a/two"].health is None and "rate limited" in results["a/two"].error and api.queries == 1


def test_server_errors_are_retried(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    api.answers.append(send(502, b"<html>Server Error</html>"))
    assert fetch(fast, "a/b").health is not None
    api.answers += [send(503, b"unavailable")] * 3
    result = fetch(fast, "a/b")
    assert result.health is None and "HTTP 503" in result.error and api.queries == 2 + 3


def test_timeout_is_never_a_fact(api: Server, fast: ClientSettings) -> None:
    api.answers += [slow(1.0, normal())] * 2
    result = fetch(replace(fast, retries=1, read_timeout=0.2), "a/b")
    assert result.health is None and "timed out" in result.error


def test_an_answer_past_the_size_cap_is_not_read(api: Server, fast: ClientSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(github, "MAX_ANSWER_BYTES", 1024)
    names = [f"org/repo-{n}" for n in range(20)]
    for name in names:
        api.add_repo(name)
    results = GitHubClient(fast).fetch_all(names, WHEN)
    assert all(r.health is None and "larger than" in r.error for r in results.values())


def test_empty_repository_has_no_last_commit(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/empty", commit_date=None)
    health = fetch(fast, "a/empty").health
    assert health is not None and health.last_commit is None


def test_token_is_sent_as_authorization(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    fetch(replace(fast, token="ghp_secret"), "a/b")
    _, headers, body = api.requests[-1]
    assert headers["Authorization"] == "Bearer ghp_secret"
    assert headers["Accept"] == "application/vnd.github+json" and "awesome-lam" in headers["User-Agent"]
    assert body["variables"] == {"o0": "a", "n0": "b"}


def test_refused_token_stops_everything(api: Server, fast: ClientSettings) -> None:
    api.answers.append(send(401, recorded("bad-credentials")))
    client = GitHubClient(replace(fast, token="expired", batch=1))
    results = client.fetch_all(["a/b", "c/d"], WHEN)
    assert all(r.health is None for r in results.values()) and "HTTP 401" in client.stopped
    assert api.queries == 1


def test_unexpected_answer_is_not_stored(api: Server, fast: ClientSettings) -> None:
    api.answers.append(send(200, {"data": {"r0": {"hello": 1}}}))
    result = fetch(fast, "a/b")
    assert result.health is None and "unexpected" in result.error
    api.answers.append(send(200, b"<html>not json</html>"))
    assert "not JSON" in fetch(fast, "a/b").error


def test_unreachable_api_stops_after_the_first_query(fast: ClientSettings) -> None:
    client = GitHubClient(replace(fast, api_url="http://127.0.0.1:9", batch=1))
    results = client.fetch_all(["a/one", "a/two", "a/three"], WHEN)
    assert all(r.health is None for r in results.values())
    assert client.stopped == "cannot connect to the API at http://127.0.0.1:9"


@pytest.mark.parametrize("url", ["https://evil.example/new-owner/new-name", "https://github.com/someone/else",
                                 "javascript:alert(1)", "https://github.com/new-owner/new-name/issues"])
def test_a_rename_target_that_is_not_the_new_repository_is_not_stored(api: Server, fast: ClientSettings, url: str) -> None:
    """Issue 22, item 2: what the API says is checked as the data file's reader checks it, so a rename
    never points the code link (and `links --fix-redirects`) anywhere but the repository's GitHub page."""
    api.rename("old-owner/old-name", "new-owner/new-name")
    api.add_repo("new-owner/new-name")
    api.repos["new-owner/new-name"]["url"] = url
    result = fetch(fast, "old-owner/old-name")
    assert result.health is None and "unexpected answer from the API (url:" in result.error


def test_a_commit_date_in_the_future_is_not_stored(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b", commit_date="2099-01-01T00:00:00Z")
    result = fetch(fast, "a/b")
    assert result.health is None and "is in the future" in result.error


def test_a_compressed_answer_is_capped_once_decompressed(api: Server, fast: ClientSettings) -> None:
    """Issue 22, item 8: a few hundred KB of gzip that inflate to many MB of tiny JSON values (millions
    of Python objects once parsed) are refused, not parsed: the cap is on the decompressed size, and no
    larger than an answer of a hundred repositories needs."""
    padding = "[" + ",".join(["[]"] * (3 * 1024 * 1024 // 3)) + "]"  # 3 MiB of empty lists
    body = gzip.compress(json.dumps({"data": {"r0": None}, "padding": "x"}).replace('"x"', padding).encode(), 9)
    assert len(body) < 300 * 1024
    api.answers.append(lambda h: h.reply(200, body, {"Content-Encoding": "gzip"}))
    result = fetch(replace(fast, retries=0), "a/b")
    assert result.health is None and "larger than" in result.error
