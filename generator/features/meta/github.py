"""A small GitHub GraphQL client: what `awesome-lam meta` needs to know about each repository,
a hundred repositories per query.

One `POST /graphql` asks, for each repository, its current name and address (a renamed or
transferred repository answers under its new name), stars, licence, archived flag and the date
of the newest commit on its default branch (`committedDate`: a push to another branch or a bot's
tag does not count). 337 repositories take 4 queries where the REST API took 674 calls.

GitHub's GraphQL API needs a token (any token; no scope is needed for public repositories). When
the API says to wait (`Retry-After`, or `X-RateLimit-Remaining: 0` until `X-RateLimit-Reset`), the
client waits; a wait longer than `max_wait` stops the run and keeps the old data. Timeouts, resets
and 5xx are retried with backoff; they are never stored as facts. An answer is read within a size
cap and a deadline, like every answer the tools read.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator import user_agent
from generator.core.checks import Invalid
from generator.core.health import check_record
from generator.lib.text import shown
from generator.model.health import MISSING, OK, RENAMED, RepoHealth

if TYPE_CHECKING:
    import requests

# requests (via generator.lib.http) is imported where it is used, so that every other
# awesome-lam command starts faster.

DEFAULT_API_URL = "https://api.github.com"
API_URL_ENV = "AWESOME_LAM_GITHUB_API"
TOKEN_ENV = "GITHUB_TOKEN"
MAX_ANSWER_BYTES = 1024 * 1024
"""The largest answer read, decompressed: a hundred repositories take about 40 KiB, and each
byte of JSON can become a Python object of some 60 bytes once parsed."""

_FIELDS = "nameWithOwner url stargazerCount isArchived licenseInfo { spdxId } defaultBranchRef { target { ... on Commit { committedDate } } }"
_SECONDARY_WAIT = 60.0  # GitHub: without other advice, wait at least a minute


@dataclass(frozen=True)
class ClientSettings:
    """Knobs of the client. Times are seconds."""

    api_url: str = DEFAULT_API_URL
    token: str | None = None
    batch: int = 100  # repositories per query
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    deadline: float = 90.0  # one query, all of it
    retries: int = 3
    backoff: float = 1.0  # first retry after about this long, then doubling
    max_wait: float = 120.0  # longest rate-limit wait before stopping the run


@dataclass(frozen=True)
class Fetched:
    """The result for one linked repository: a record, or why there is none this time."""

    repo: str  # as linked
    health: RepoHealth | None
    error: str = ""


class _Temporary(Exception):
    """This query could not be answered now; nothing is learned."""


class _Stop(Exception):
    """No query can be answered now (rate limit too long, token refused, API unreachable)."""


def query_of(repos: list[str]) -> tuple[str, dict[str, str]]:
    """The GraphQL query asking for `repos` (aliases r0, r1...), and its variables."""
    params = ", ".join(f"$o{i}: String!, $n{i}: String!" for i in range(len(repos)))
    aliases = " ".join(f"r{i}: repository(owner: $o{i}, name: $n{i}) {{ {_FIELDS} }}" for i in range(len(repos)))
    variables: dict[str, str] = {}
    for i, full_name in enumerate(repos):
        variables[f"o{i}"], variables[f"n{i}"] = full_name.split("/", 1)
    return f"query({params}) {{ {aliases} }}", variables


class GitHubClient:
    """Fetches repositories, one query per `batch` of them."""

    def __init__(self, settings: ClientSettings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, jitter: Callable[[], float] = random.random) -> None:
        self.settings = settings
        self.stopped = ""  # why the run stopped early, if it did
        self.queries = 0  # queries sent, retries included
        self._endpoint = settings.api_url.rstrip("/") + "/graphql"
        self._sleep, self._clock, self._jitter = sleep, clock, jitter
        self._not_before = 0.0  # no request before this time (epoch seconds)
        self._reached = False  # has the API answered at all?
        self._session: requests.Session | None = None

    def fetch_all(self, repos: Iterable[str], fetched_at: str,
                  on_result: Callable[[Fetched], None] | None = None) -> dict[str, Fetched]:
        """Fetch each `owner/name`; results by the name as given."""
        names = list(dict.fromkeys(repos))
        results: dict[str, Fetched] = {}
        for start in range(0, len(names), self.settings.batch):
            for result in self._fetch_batch(names[start:start + self.settings.batch], fetched_at):
                results[result.repo] = result
                if on_result:
                    on_result(result)
        return results

    def fetch(self, repo: str, fetched_at: str) -> Fetched:
        """One repository's record; `health` is None after a temporary failure."""
        return self._fetch_batch([repo], fetched_at)[0]

    def _fetch_batch(self, repos: list[str], fetched_at: str) -> list[Fetched]:
        query, variables = query_of(repos)
        try:
            body = self._post(query, variables)
        except (_Temporary, _Stop) as exc:
            return [Fetched(repo, None, str(exc)) for repo in repos]
        data: dict[str, Any] = body["data"] if isinstance(body.get("data"), dict) else {}
        errors = {str(e["path"][0]): e for e in body.get("errors") or () if isinstance(e, dict) and e.get("path")}
        results = []
        for index, repo in enumerate(repos):
            node, error = data.get(f"r{index}"), errors.get(f"r{index}")
            if node is None and error is not None and error.get("type") == "NOT_FOUND":
                results.append(Fetched(repo, RepoHealth(repo, f"https://github.com/{repo}", MISSING, fetched_at)))
            elif node is None:
                reason = str(error.get("message", "error")) if error else "unexpected answer from the API (no repository)"
                results.append(Fetched(repo, None, reason[:200]))
            else:
                results.append(self._record(repo, node, fetched_at))
        return results

    @staticmethod
    def _record(linked: str, node: Any, fetched_at: str) -> Fetched:
        try:
            full_name, url = str(node["nameWithOwner"]), str(node["url"])
            stars, archived = node["stargazerCount"], node["isArchived"]
            licence = (node.get("licenseInfo") or {}).get("spdxId")
            target = ((node.get("defaultBranchRef") or {}).get("target") or {})
            committed = target.get("committedDate")
            last_commit = dt.datetime.fromisoformat(str(committed).replace("Z", "+00:00")).date().isoformat() if committed else None
            if type(stars) is not int or type(archived) is not bool or (licence is not None and not isinstance(licence, str)):
                raise TypeError
        except (KeyError, TypeError, ValueError, AttributeError):
            return Fetched(linked, None, "unexpected answer from the API (no repository fields)")
        renamed = full_name.lower() != linked.lower()
        health = RepoHealth(
            repo=linked if renamed else full_name,
            url=url,
            status=RENAMED if renamed else OK,
            fetched_at=fetched_at,
            stars=stars,
            archived=archived,
            license=licence,
            last_commit=last_commit,
            renamed_to=full_name if renamed else None,
        )
        try:  # what the data file's reader would refuse is never written into it
            return Fetched(linked, check_record(health.to_dict(), dt.datetime.now(dt.UTC)))
        except Invalid as exc:
            return Fetched(linked, None, shown(f"unexpected answer from the API ({exc})")[:200])

    def _post(self, query: str, variables: Mapping[str, str]) -> dict[str, Any]:
        """One query, retried on timeouts, resets and 5xx, and waiting out rate limits."""
        import requests

        from generator.lib.http import Deadline, TooLarge, backoff_delay, new_session, read_capped

        settings = self.settings
        session = self._session = self._session or new_session(1)
        reason, backoff = "", False
        for attempt in range(settings.retries + 1):
            if backoff:
                self._sleep(backoff_delay(settings.backoff, attempt - 1, self._jitter))
            self._wait_turn()
            backoff = True
            self.queries += 1
            watchdog = Deadline(settings.deadline)
            try:
                with watchdog, session.post(self._endpoint, json={"query": query, "variables": dict(variables)}, headers=self._headers(),
                                            allow_redirects=False, stream=True,
                                            timeout=(settings.connect_timeout, settings.read_timeout)) as response:
                    content = read_capped(response, MAX_ANSWER_BYTES)
            except TooLarge:
                raise _Temporary(f"the API's answer is larger than {MAX_ANSWER_BYTES // 1024 // 1024} MiB") from None
            except requests.RequestException as exc:
                timed_out = watchdog.expired or isinstance(exc, requests.Timeout)
                reason = "timed out" if timed_out else "connection failed"
                continue
            if watchdog.expired:  # a cut-off answer can look complete
                reason = "timed out"
                continue
            self._reached = True
            body = _json(content)
            if self._rate_limited(response.status_code, response.headers, body, attempt):
                reason, backoff = "still rate limited", False  # the rate-limit clock sets the pause
                continue
            if response.status_code == 401:
                self._stop(f"the API refused the token in {TOKEN_ENV} (HTTP 401)")
            if response.status_code >= 500:
                reason = _status_reason(response.status_code)
                continue
            if response.status_code != 200 or not isinstance(body, dict):
                raise _Temporary(_status_reason(response.status_code) if response.status_code != 200 else "the API's answer is not JSON")
            return body
        if reason == "connection failed" and not self._reached:
            self._stop(f"cannot connect to the API at {self.settings.api_url}")
        raise _Temporary(f"{reason} after {settings.retries + 1} attempts")

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "User-Agent": user_agent("meta")}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        return headers

    def _rate_limited(self, status: int, headers: Mapping[str, str], body: Any, attempt: int) -> bool:
        """Note when the API wants us to wait; True when this answer was a rate-limit refusal."""
        from generator.lib.http import retry_after

        now = self._clock()
        remaining, reset = headers.get("X-RateLimit-Remaining"), headers.get("X-RateLimit-Reset")
        until = float(reset) if remaining == "0" and reset and reset.isascii() and reset.isdigit() else None
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        limited = isinstance(body, dict) and any(isinstance(e, dict) and e.get("type") == "RATE_LIMITED" for e in body.get("errors") or ())
        refused = limited or status == 429 or (status == 403 and (until is not None or "rate limit" in message.lower()
                                                                  or "Retry-After" in headers))
        if refused:
            asked = retry_after(headers, self._clock)
            if asked is not None:
                until = now + asked
            elif until is None:
                until = now + _SECONDARY_WAIT * 2**attempt
        if until is not None:
            self._not_before = max(self._not_before, until)
        return refused

    def _wait_turn(self) -> None:
        """Wait until the API allows the next request, or stop when that is too far off."""
        if self.stopped:
            raise _Stop(self.stopped)
        wait = self._not_before - self._clock()
        if wait > self.settings.max_wait:
            until = dt.datetime.fromtimestamp(self._not_before, dt.UTC).strftime("%H:%M UTC")
            self._stop(f"rate limited by the API until {until}")
        if wait > 0:
            self._sleep(wait)

    def _stop(self, reason: str) -> None:
        self.stopped = self.stopped or reason
        raise _Stop(self.stopped)


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def _status_reason(status: int) -> str:
    if status >= 500:
        return f"HTTP {status}: server error"
    if status == 403:
        return "HTTP 403: access denied"
    return f"HTTP {status}"
