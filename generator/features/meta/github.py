"""A small GitHub REST client: what `awesome-lam meta` needs to know about each repository.

Two requests per repository: `GET /repos/{owner}/{repo}` (stars, licence, archived flag,
current name) and `GET /repos/{owner}/{repo}/commits?per_page=1` (date of the newest commit
on the default branch; `pushed_at` would count pushes to any branch, bots' included).
Repositories are fetched by a small pool of threads that share one rate-limit clock: when
the API says to wait (`Retry-After`, or `X-RateLimit-Remaining: 0` until `X-RateLimit-Reset`),
every thread waits; a wait longer than `max_wait` stops the run and keeps the old data.
Timeouts, resets and 5xx are retried with backoff; they are never stored as facts.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from generator import user_agent
from generator.model.health import MISSING, OK, RENAMED, RepoHealth

if TYPE_CHECKING:
    import requests

# requests (via generator.lib.http) is imported where it is used, so that every other
# awesome-lam command starts faster.

DEFAULT_API_URL = "https://api.github.com"
API_URL_ENV = "AWESOME_LAM_GITHUB_API"
TOKEN_ENV = "GITHUB_TOKEN"

_REDIRECTS = {301, 302, 307, 308}
_GONE = {404, 410, 451}  # deleted or private; gone; blocked for legal reasons
_SECONDARY_WAIT = 60.0  # GitHub: without other advice, wait at least a minute


@dataclass(frozen=True)
class ClientSettings:
    """Knobs of the client. Times are seconds."""

    api_url: str = DEFAULT_API_URL
    token: str | None = None
    workers: int = 4
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # one request, all of it
    retries: int = 3
    backoff: float = 1.0  # first retry after about this long, then doubling
    max_wait: float = 120.0  # longest rate-limit wait before stopping the run
    max_redirects: int = 3


@dataclass(frozen=True)
class Fetched:
    """The result for one linked repository: a record, or why there is none this time."""

    repo: str  # as linked
    health: RepoHealth | None
    error: str = ""


class _Temporary(Exception):
    """This repository could not be fetched now; nothing is learned."""


class _Stop(Exception):
    """No repository can be fetched now (rate limit too long, token refused, API unreachable)."""


class GitHubClient:
    """Fetches repositories; thread-safe, one HTTP session per worker thread."""

    def __init__(self, settings: ClientSettings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, jitter: Callable[[], float] = random.random) -> None:
        self.settings = settings
        self.stopped = ""  # why the run stopped early, if it did
        self._api = settings.api_url.rstrip("/")
        self._sleep, self._clock, self._jitter = sleep, clock, jitter
        self._lock = threading.Lock()
        self._not_before = 0.0  # no request before this time (epoch seconds)
        self._reached = False  # has the API answered at all?
        self._local = threading.local()

    def fetch_all(self, repos: Iterable[str], fetched_at: str,
                  on_result: Callable[[Fetched], None] | None = None) -> dict[str, Fetched]:
        """Fetch each `owner/name`; results by the name as given."""
        results: dict[str, Fetched] = {}
        with ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="meta") as pool:
            futures = [pool.submit(self.fetch, repo, fetched_at) for repo in dict.fromkeys(repos)]
            for future in as_completed(futures):
                result = future.result()
                results[result.repo] = result
                if on_result:
                    on_result(result)
        return results

    def fetch(self, repo: str, fetched_at: str) -> Fetched:
        """One repository's record; `health` is None after a temporary failure."""
        try:
            status, data = self._follow(f"{self._api}/repos/{repo}")
            if status in _GONE:
                return Fetched(repo, RepoHealth(repo, f"https://github.com/{repo}", MISSING, fetched_at))
            if status != 200:
                raise _Temporary(_status_reason(status))
            return Fetched(repo, self._record(repo, data, fetched_at))
        except (_Temporary, _Stop) as exc:
            return Fetched(repo, None, str(exc))

    def _record(self, linked: str, data: Any, fetched_at: str) -> RepoHealth:
        try:
            full_name = str(data["full_name"])
            licence = (data.get("license") or {}).get("spdx_id")
            stars, archived, url = int(data["stargazers_count"]), bool(data["archived"]), str(data["html_url"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _Temporary("unexpected answer from the API (no repository fields)") from None
        renamed = full_name.lower() != linked.lower()
        return RepoHealth(
            repo=linked if renamed else full_name,
            url=url,
            status=RENAMED if renamed else OK,
            fetched_at=fetched_at,
            stars=stars,
            archived=archived,
            license=licence,
            last_commit=self._last_commit(full_name),
            renamed_to=full_name if renamed else None,
        )

    def _last_commit(self, full_name: str) -> str | None:
        """Date of the newest commit on the default branch; None for an empty repository."""
        status, data = self._follow(f"{self._api}/repos/{full_name}/commits?per_page=1")
        if status == 409:  # "Git Repository is empty."
            return None
        if status != 200:
            raise _Temporary(f"commits: {_status_reason(status)}")
        try:
            if not data:
                return None
            stamp = str(data[0]["commit"]["committer"]["date"])
            return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).date().isoformat()
        except (KeyError, IndexError, TypeError, ValueError):
            raise _Temporary("unexpected answer from the API (no commit date)") from None

    def _follow(self, url: str) -> tuple[int, Any]:
        """GET, following redirects within the API (a renamed repository answers 301)."""
        origin = urlsplit(self._api)[:2]
        for _ in range(self.settings.max_redirects + 1):
            status, headers, body = self._get(url)
            if status not in _REDIRECTS:
                return status, body
            target = urljoin(url, headers.get("Location", ""))
            if urlsplit(target)[:2] != origin:
                raise _Temporary(f"redirected outside the API, to {target}")
            url = target
        raise _Temporary("too many redirects")

    def _get(self, url: str) -> tuple[int, Mapping[str, str], Any]:
        """One GET, retried on timeouts, resets and 5xx, and waiting out rate limits."""
        import requests

        from generator.lib.http import Deadline, backoff_delay

        settings = self.settings
        reason, backoff = "", False
        for attempt in range(settings.retries + 1):
            if backoff:
                self._sleep(backoff_delay(settings.backoff, attempt - 1, self._jitter))
            self._wait_turn()
            backoff = True
            watchdog = Deadline(settings.deadline)
            try:
                with watchdog:
                    response = self._session().get(
                        url, headers=self._headers(), allow_redirects=False,
                        timeout=(settings.connect_timeout, settings.read_timeout))
                    content = response.content
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
            return response.status_code, response.headers, body
        if reason == "connection failed" and not self._reached:
            self._stop(f"cannot connect to the API at {self._api}")
        raise _Temporary(f"{reason} after {settings.retries + 1} attempts")

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "User-Agent": user_agent("meta"),
                   "X-GitHub-Api-Version": "2022-11-28"}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        return headers

    def _rate_limited(self, status: int, headers: Mapping[str, str], body: Any, attempt: int) -> bool:
        """Note when the API wants us to wait; True when this answer was a rate-limit refusal."""
        now = self._clock()
        remaining, reset = headers.get("X-RateLimit-Remaining"), headers.get("X-RateLimit-Reset")
        until = float(reset) if remaining == "0" and reset and reset.isascii() and reset.isdigit() else None
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        refused = status == 429 or (status == 403 and (until is not None or "rate limit" in message.lower()
                                                       or "Retry-After" in headers))
        if refused:
            from generator.lib.http import retry_after

            asked = retry_after(headers, self._clock)
            if asked is not None:
                until = now + asked
            elif until is None:
                until = now + _SECONDARY_WAIT * 2**attempt
        if until is not None:
            with self._lock:
                self._not_before = max(self._not_before, until)
        return refused

    def _wait_turn(self) -> None:
        """Wait until the API allows the next request, or stop when that is too far off."""
        if self.stopped:
            raise _Stop(self.stopped)
        with self._lock:
            wait = self._not_before - self._clock()
        if wait > self.settings.max_wait:
            until = dt.datetime.fromtimestamp(self._not_before, dt.UTC).strftime("%H:%M UTC")
            hint = "" if self.settings.token else f"; set {TOKEN_ENV} for a higher limit"
            self._stop(f"rate limited by the API until {until}{hint}")
        if wait > 0:
            self._sleep(wait)

    def _stop(self, reason: str) -> None:
        with self._lock:
            self.stopped = self.stopped or reason
        raise _Stop(self.stopped)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            from generator.lib.http import new_session

            session = self._local.session = new_session(1)
        return session


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
