"""The GitHub client against a local server replaying recorded API responses."""

from __future__ import annotations

import time
from dataclasses import replace

from generator.features.meta.github import ClientSettings, GitHubClient
from generator.model.health import MISSING, OK, RENAMED
from tests.features.meta.github_server import Server, moved, rate_limited, recorded, repo, retry_after, send, sequence, slow

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


def test_renamed_repository_follows_the_redirect(api: Server, fast: ClientSettings) -> None:
    api.routes["/repos/old-owner/old-name"] = moved(f"{api.url}/repositories/666010585")
    api.routes["/repositories/666010585"] = send(200, repo("new-owner/new-name", stars=50))
    api.add_repo("new-owner/new-name", stars=50)
    health = fetch(fast, "old-owner/old-name").health
    assert health is not None
    assert (health.status, health.repo, health.renamed_to) == (RENAMED, "old-owner/old-name", "new-owner/new-name")
    assert health.url == "https://github.com/new-owner/new-name" and health.stars == 50
    assert api.hits["/repos/new-owner/new-name/commits?per_page=1"] == 1


def test_redirect_away_from_the_api_is_not_followed(api: Server, fast: ClientSettings) -> None:
    api.routes["/repos/a/b"] = moved("http://127.0.0.2:9/repositories/1")
    result = fetch(replace(fast, token="secret"), "a/b")
    assert result.health is None and "outside the API" in result.error


def test_deleted_repository_is_missing(api: Server, fast: ClientSettings) -> None:
    health = fetch(fast, "gone/away").health  # the server answers the recorded 404
    assert health is not None
    assert (health.status, health.url, health.stars) == (MISSING, "https://github.com/gone/away", None)
    api.routes["/repos/gone/too"] = send(410, {"message": "Repository access blocked"})
    assert fetch(fast, "gone/too").health.status == MISSING


def test_primary_rate_limit_waits_for_the_reset(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    api.routes["/repos/a/b"] = sequence(rate_limited(reset_in=1.0), send(200, repo("a/b")))
    started = time.time()
    result = fetch(fast, "a/b")
    assert result.health is not None and result.health.status == OK
    assert time.time() - started >= 0.9  # waited until X-RateLimit-Reset
    assert api.hits["/repos/a/b"] == 2


def test_retry_after_is_honoured(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    api.routes["/repos/a/b"] = sequence(retry_after(3), retry_after(2, code=403), send(200, repo("a/b")))
    now, waits = [time.time()], []

    def sleep(seconds: float) -> None:  # a clock that moves only when the client waits
        waits.append(seconds)
        now[0] += seconds

    result = fetch(replace(fast, retries=3), "a/b", sleep=sleep, clock=lambda: now[0])
    assert result.health is not None
    assert [round(w) for w in waits] == [3, 2]  # no backoff on top of the API's own pause


def test_retry_after_as_an_http_date_is_honoured(api: Server, fast: ClientSettings) -> None:
    """`Retry-After` may be a date (RFC 9110); it used to be ignored in favour of a fixed minute."""
    import email.utils

    now, waits = [1_800_000_000.0], []
    when = email.utils.formatdate(now[0] + 5, usegmt=True)
    api.add_repo("a/b")
    api.routes["/repos/a/b"] = sequence(
        lambda h: h.reply(429, recorded("secondary-rate-limit"), {"Retry-After": when}), send(200, repo("a/b"))
    )

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    result = fetch(fast, "a/b", sleep=sleep, clock=lambda: now[0])
    assert result.health is not None
    assert [round(w) for w in waits] == [5]


def test_long_rate_limit_stops_the_run_and_keeps_nothing(api: Server, fast: ClientSettings) -> None:
    for name in ("a/one", "a/two", "a/three"):
        api.add_repo(name)
    api.routes["/repos/a/one"] = rate_limited(reset_in=3600)
    client = GitHubClient(replace(fast, workers=1))
    results = client.fetch_all(["a/one", "a/two", "a/three"], WHEN)
    assert all(r.health is None for r in results.values())
    assert "rate limited by the API until" in client.stopped and "GITHUB_TOKEN" in client.stopped
    assert api.hits["/repos/a/one"] == 1 and api.hits["/repos/a/two"] == 0  # no request after the stop


def test_remaining_zero_on_a_success_pauses_the_next_request(api: Server, fast: ClientSettings) -> None:
    reset = str(int(time.time()) + 3600)
    api.routes["/repos/a/one"] = send(200, repo("a/one"), {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    result = fetch(fast, "a/one")
    assert result.health is None and "rate limited" in result.error
    assert api.hits["/repos/a/one/commits?per_page=1"] == 0


def test_server_errors_are_retried(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    api.routes["/repos/a/b"] = sequence(send(502, b"<html>Server Error</html>"), send(200, repo("a/b")))
    assert fetch(fast, "a/b").health is not None
    api.routes["/repos/c/d"] = send(503, b"unavailable")
    result = fetch(fast, "c/d")
    assert result.health is None and "HTTP 503" in result.error and api.hits["/repos/c/d"] == 3


def test_timeout_is_never_a_fact(api: Server, fast: ClientSettings) -> None:
    api.routes["/repos/a/b"] = slow(1.0, send(404, recorded("not-found")))
    result = fetch(replace(fast, retries=1, read_timeout=0.2), "a/b")
    assert result.health is None and "timed out" in result.error


def test_empty_repository_has_no_last_commit(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/empty")
    api.routes["/repos/a/empty/commits?per_page=1"] = send(409, recorded("empty-repository"))
    health = fetch(fast, "a/empty").health
    assert health is not None and health.last_commit is None


def test_token_is_sent_as_authorization(api: Server, fast: ClientSettings) -> None:
    api.add_repo("a/b")
    fetch(fast, "a/b")
    fetch(replace(fast, token="ghp_secret"), "a/b")
    headers = [h for path, h in api.requests if path == "/repos/a/b"]
    assert "Authorization" not in headers[0]
    assert headers[1]["Authorization"] == "Bearer ghp_secret"
    assert headers[1]["Accept"] == "application/vnd.github+json" and "awesome-lam" in headers[1]["User-Agent"]


def test_refused_token_stops_everything(api: Server, fast: ClientSettings) -> None:
    api.routes["/repos/a/b"] = send(401, recorded("bad-credentials"))
    client = GitHubClient(replace(fast, token="expired", workers=1))
    results = client.fetch_all(["a/b", "c/d"], WHEN)
    assert all(r.health is None for r in results.values()) and "HTTP 401" in client.stopped
    assert api.hits["/repos/c/d"] == 0


def test_unexpected_answer_is_not_stored(api: Server, fast: ClientSettings) -> None:
    api.routes["/repos/a/b"] = send(200, {"message": "hello"})
    result = fetch(fast, "a/b")
    assert result.health is None and "unexpected" in result.error


def test_unreachable_api_stops_after_one_repository(fast: ClientSettings) -> None:
    client = GitHubClient(replace(fast, api_url="http://127.0.0.1:9", workers=1))
    results = client.fetch_all(["a/one", "a/two", "a/three"], WHEN)
    assert all(r.health is None for r in results.values())
    assert client.stopped == "cannot connect to the API at http://127.0.0.1:9"
