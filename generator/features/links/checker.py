"""The engine: one verdict per URL, found concurrently without hammering any host.

Each URL is tried with HEAD, then GET (streamed, body never read) where HEAD is refused or
answers an error. Redirects are followed by hand to tell permanent from temporary hops and to
catch loops. Timeouts, resets, 429 and 5xx are retried with exponential backoff and jitter.
Only what is certainly dead is `broken`; anything a live page could also answer is `unsure`.

Unless `allow-internal` is set, no request goes to this machine or a private network: every URL
and every redirect target is refused if it names such an address (`generator.lib.urls.url_problem`,
which also refuses bare IP addresses and public link shorteners),
and a direct request is refused if the host name resolves to one. A URL the HTTP library cannot
handle (bad brackets, port, scheme, host name) gets a `broken` verdict; it never stops the run.
"""

from __future__ import annotations

import errno
import ipaddress
import random
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
import urllib3
from requests.cookies import RequestsCookieJar, extract_cookies_to_jar

from generator.features.links.config import Settings
from generator.lib.http import Deadline, backoff_delay, new_session, retry_after
from generator.lib.urls import internal_address, ip_address_of, url_problem

OK, REDIRECTED, BROKEN, UNSURE = "ok", "redirected", "broken", "unsure"
VERDICTS = (OK, REDIRECTED, BROKEN, UNSURE)

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_DENIED = {401, 403, 999}  # bot walls: the page may well be alive
_DNS_NOT_FOUND = "DNS failure: host not found"
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_INTERNAL_HINT = "not requested (allow-internal = true checks such addresses)"
# What `requests` and urllib3 raise for one URL: their own errors, and ValueError (UnicodeError,
# urllib3's LocationParseError) for a URL or host name they cannot parse or encode.
_REQUEST_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, ValueError)
_URL_ERRORS = (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
               requests.exceptions.InvalidSchema, urllib3.exceptions.LocationValueError, UnicodeError)


@dataclass(frozen=True)
class Result:
    """The verdict on one URL. `final_url` is where redirects led; `cacheable` if definitive."""

    url: str
    verdict: str
    reason: str
    status: int | None = None
    final_url: str | None = None
    cacheable: bool = False
    from_cache: bool = False


@dataclass(frozen=True)
class _Reply:
    """What one HTTP exchange gave: a status and headers, or a failure."""

    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    failure: str = ""  # reason when there is no status
    verdict: str = UNSURE  # verdict of the failure
    retry: bool = False  # a failure worth trying again


class _Gate:
    """Per-host limit on requests in flight, and a minimum gap between request starts."""

    def __init__(self, limit: int, delay: float) -> None:
        self._slots = threading.Semaphore(limit)
        self._lock = threading.Lock()
        self._next = 0.0
        self._delay = delay

    @contextmanager
    def slot(self, sleep: Callable[[float], None]) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self._delay
            if start > now:
                sleep(start - now)
            yield


class _Watch(Deadline):
    """The deadline of one request which, if `public_only`, also cuts a connection to an internal
    address before a byte is sent: urllib3 resolves the name again, maybe to another address."""

    def __init__(self, seconds: float, public_only: bool) -> None:
        super().__init__(seconds)
        self.public_only = public_only
        self.internal_peer = ""  # the internal address a connection reached, if any

    def register(self, sock: socket.socket | None) -> None:
        if sock is not None and self.public_only:
            try:
                peer = str(sock.getpeername()[0])
            except OSError:  # not connected (any more)
                peer = ""
            if peer and _internal(peer):
                self.internal_peer = peer
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        super().register(sock)


def _internal(address: str) -> bool:
    """Whether a resolved or connected IP address is internal (anything unparsable counts as internal)."""
    return ip_address_of(address) is None or internal_address(address)


def _resolves_internal(host: str, address: str) -> _Reply:
    return _Reply(failure=f"{host} resolves to {address}, an address of this machine or a private network; "
                          f"{_INTERNAL_HINT}", verdict=BROKEN)


def host_of(url: str) -> str:
    """The URL's host name in lowercase ("" if it has none or does not parse)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def without_fragment(url: str) -> str:
    """The URL without its `#fragment`, also for a URL that does not parse."""
    try:
        return urldefrag(url).url
    except ValueError:
        return url.partition("#")[0]


def _cookie_state(jar: RequestsCookieJar) -> frozenset[tuple[str, str, str, str | None]]:
    """What the cookies a request would carry are: (domain, path, name, value) of each."""
    return frozenset((c.domain, c.path, c.name, c.value) for c in jar)


def _is_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(host)
    return False


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (cause, context, urllib3's reason, args)."""
    todo, seen = [exc], set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += [a for a in current.args if isinstance(a, BaseException)]
        todo += [e for e in linked if isinstance(e, BaseException)]


def _dns_failure(exc: socket.gaierror) -> _Reply:
    """A failed DNS lookup: the name does not exist (broken), or the lookup failed for now."""
    if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
        return _Reply(failure=_DNS_NOT_FOUND, verdict=BROKEN)
    return _Reply(failure="DNS lookup failed (temporary)", retry=True)


def _failure(exc: Exception) -> _Reply:
    """Classify an exception raised by `requests` or urllib3 (one of `_REQUEST_ERRORS`)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return _Reply(failure="TLS error (certificate or handshake)", verdict=BROKEN)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return _Reply(failure="connect timeout", retry=True)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return _Reply(failure="read timeout", retry=True)
    if isinstance(exc, _URL_ERRORS):
        return _Reply(failure="invalid URL", verdict=BROKEN)
    if isinstance(exc, ValueError) or not isinstance(exc, requests.RequestException):
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _Reply(failure=f"cannot be requested: {detail}", verdict=BROKEN)
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return _dns_failure(cause)
        if isinstance(cause, ConnectionRefusedError):
            return _Reply(failure="connection refused", verdict=BROKEN)
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return _Reply(failure="network unreachable")
    return _Reply(failure="connection reset or closed", retry=True)


class Checker:
    """Checks URLs; thread-safe, one `requests` session per worker thread."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep,
                 jitter: Callable[[], float] = random.random) -> None:
        self.settings = settings
        self.resolved_a_name = False  # did any host name resolve? (if none did, we are offline)
        self._sleep = sleep
        self._jitter = jitter
        self._local = threading.local()
        self._gates: dict[str, _Gate] = {}
        self._gates_lock = threading.Lock()
        self._unknown_hosts: set[str] = set()
        self._public_hosts: set[str] = set()  # host names already resolved to public addresses only

    def per_host_limit(self, host: str) -> int:
        rule = self.settings.rule_for(f"http://{host}/")
        return rule.per_host or self.settings.per_host

    def check(self, url: str) -> Result:
        """Follow `url` to its end and give the verdict."""
        url = without_fragment(url)
        problem = self._refusal(url)
        if problem:
            return Result(url, BROKEN, f"the URL {problem}")
        deadline = time.monotonic() + self.settings.deadline
        cookies = self._session().cookies
        cookies.clear()  # a browser's cookies live as long as one URL's check: no other URL sees them
        current, permanent = url, True
        seen = {(url, _cookie_state(cookies))}
        for _ in range(self.settings.max_redirects + 1):
            reply = self._probe(current, deadline)
            if reply.failure:
                final = current if current != url else None
                return Result(url, reply.verdict, reply.failure, final_url=final)  # never cached
            if reply.status not in _REDIRECTS:
                return self._classify(url, current, reply, permanent)
            location = reply.headers.get("Location", "").strip()
            if not location:
                return Result(url, BROKEN, f"HTTP {reply.status} redirect without a Location", reply.status,
                              current if current != url else None)
            try:
                target = without_fragment(urljoin(current, location))
            except ValueError:  # urljoin parses the Location: unbalanced brackets
                target = location
            problem = self._refusal(target)
            if problem:
                return Result(url, BROKEN, f"HTTP {reply.status} redirect to '{target}', which {problem}",
                              reply.status, target)
            # Back to a page already asked for is a loop only if the request is the same: a page that
            # sets a cookie and sends the browser back to itself answers differently the second time.
            state = (target, _cookie_state(cookies))
            if state in seen:
                return Result(url, BROKEN, f"redirect loop ({reply.status} back to {target})",
                              reply.status, target, cacheable=True)
            permanent = permanent and reply.status in _PERMANENT
            seen.add(state)
            current = target
        return Result(url, UNSURE, f"more than {self.settings.max_redirects} redirects",
                      final_url=current)

    def _refusal(self, url: str) -> str | None:
        """Why `url` must not be requested: not a usable public http(s) URL (internal addresses
        pass when `allow-internal` is set; the HTTP library then judges the rest), or None."""
        if self.settings.allow_internal and internal_address(host_of(url)):
            return None
        problem = url_problem(url)
        if problem and internal_address(host_of(url)):
            return f"{problem}; {_INTERNAL_HINT}"
        return problem

    def _internal_resolution(self, url: str, host: str) -> _Reply | None:
        """A refusal if `host` resolves to an internal address; a DNS failure is a reply too."""
        if host in self._public_hosts:
            return None
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            reply = _dns_failure(exc)
            if reply.failure == _DNS_NOT_FOUND:
                self._unknown_hosts.add(host_of(url))
            return reply
        except (UnicodeError, ValueError):  # a label too long for IDNA, say
            return _Reply(failure="invalid URL", verdict=BROKEN)
        if _is_name(host):
            self.resolved_a_name = True
        internal = sorted(a for a in {str(info[4][0]) for info in infos} if _internal(a))
        if internal:
            return _resolves_internal(host, internal[0])
        self._public_hosts.add(host)
        return None

    def _classify(self, url: str, final: str, reply: _Reply, permanent: bool) -> Result:
        status = reply.status or 0
        moved = final if final != url else None
        accepted = self.settings.rule_for(final).accept
        if reply.headers.get("cf-mitigated", "").lower() == "challenge":
            return Result(url, UNSURE, "Cloudflare challenge", status, moved)
        if 200 <= status < 300 or status in accepted:
            if moved and permanent:
                return Result(url, REDIRECTED, f"moved permanently to {final}", status, final,
                              cacheable=True)
            reason = f"HTTP {status}" + (" after a temporary redirect" if moved else "")
            return Result(url, OK, reason, status, moved, cacheable=True)
        if status in (404, 410):
            where = f" at {final}" if moved else ""
            return Result(url, BROKEN, f"HTTP {status}{where}", status, moved, cacheable=True)
        if status == 429:
            return Result(url, UNSURE, "rate limited (HTTP 429)", status, moved)
        if status in _DENIED:
            return Result(url, UNSURE, f"HTTP {status}: access denied (bot wall?)", status, moved)
        if status >= 500:
            return Result(url, UNSURE, f"HTTP {status}: server error", status, moved)
        return Result(url, UNSURE, f"HTTP {status}", status, moved)

    def _probe(self, url: str, deadline: float) -> _Reply:
        """HEAD, then GET where HEAD failed or got an error status (servers often mishandle HEAD)."""
        reply = self._attempts("HEAD", url, deadline)
        head_refused = (reply.status or 0) >= 400 or bool(reply.failure and reply.retry)
        if head_refused and time.monotonic() < deadline and "timeout" not in reply.failure:
            return self._attempts("GET", url, deadline)
        return reply

    def _attempts(self, method: str, url: str, deadline: float) -> _Reply:
        """One request, retried with backoff on timeouts, resets, 429 and 5xx (but 501)."""
        retries = self.settings.retries
        for attempt in range(retries + 1):
            reply = self._request(method, url, deadline)
            status = reply.status or 0
            if not (reply.retry or status == 429 or (status >= 500 and status != 501)):
                return reply
            wait_for = backoff_delay(self.settings.backoff, attempt, self._jitter)
            asked = retry_after(reply.headers)
            if asked is not None:
                if asked > self.settings.retry_after_cap:
                    return reply
                wait_for = asked  # the server knows best when to come back
            if attempt == retries or time.monotonic() + wait_for >= deadline:
                return reply
            self._sleep(wait_for)
        return reply

    def _request(self, method: str, url: str, deadline: float) -> _Reply:
        settings = self.settings
        if host_of(url) in self._unknown_hosts:  # one failed DNS lookup answers for the host
            return _Reply(failure=_DNS_NOT_FOUND, verdict=BROKEN)
        rule = settings.rule_for(url)
        headers = {"User-Agent": settings.user_agent, "Accept": _ACCEPT, **rule.headers}
        session = self._session()
        try:  # prepared as `session.request` would, to vet the very host it connects to
            prepared = session.prepare_request(requests.Request(method, url, headers=headers))
            sent_url = prepared.url or url
            options = session.merge_environment_settings(sent_url, {}, True, None, None)
        except _REQUEST_ERRORS as exc:
            return _failure(exc)
        # Through a proxy, the proxy resolves the name: only the URL itself was vetted, in `check`.
        public_only = not settings.allow_internal and not requests.utils.select_proxy(sent_url, options["proxies"])
        if public_only:
            refused = self._internal_resolution(url, host_of(sent_url))
            if refused:
                return refused
        with self._gate(url).slot(self._sleep):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return _Reply(failure="deadline exceeded")
            watchdog = _Watch(remaining, public_only)
            with watchdog:
                try:
                    # The adapter, not `session.send`: that one also prepares `response.next`, which
                    # reads a redirect's body and raises on a Location it cannot parse.
                    response = session.get_adapter(sent_url).send(
                        prepared, stream=True, timeout=(settings.connect_timeout, settings.read_timeout),
                        verify=True if options["verify"] is None else options["verify"],
                        cert=options["cert"], proxies=options["proxies"],
                    )
                    extract_cookies_to_jar(session.cookies, prepared, response.raw)  # kept for the next hop
                    if method == "HEAD":
                        _ = response.content  # no body: reading it keeps the connection alive for reuse
                    response.close()  # a GET body is never read, however large
                except _REQUEST_ERRORS as exc:
                    if watchdog.internal_peer:
                        return _resolves_internal(host_of(sent_url), watchdog.internal_peer)
                    if watchdog.expired:
                        return _Reply(failure="deadline exceeded")
                    failure = _failure(exc)
                    if failure.failure == _DNS_NOT_FOUND:
                        self._unknown_hosts.add(host_of(url))
                    return failure
                if watchdog.internal_peer:
                    return _resolves_internal(host_of(sent_url), watchdog.internal_peer)
                if watchdog.expired:  # a cut-off response can look complete: distrust it
                    return _Reply(failure="deadline exceeded")
        if _is_name(host_of(url)):
            self.resolved_a_name = True
        return _Reply(status=response.status_code, headers=response.headers)

    def _gate(self, url: str) -> _Gate:
        host = host_of(url)
        with self._gates_lock:
            if host not in self._gates:
                rule = self.settings.rule_for(url)
                delay = self.settings.delay if rule.delay is None else rule.delay
                self._gates[host] = _Gate(self.per_host_limit(host), delay)
            return self._gates[host]

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = new_session(self.settings.per_host)
        return session


def check_urls(urls: Iterable[str], checker: Checker,
               on_result: Callable[[Result], None] | None = None) -> dict[str, Result]:
    """Check each URL once, dispatching host by host so no host gets more than its share.

    A worker is only handed a URL whose host has a free slot, so a slow host queues its own
    URLs and never ties up the whole pool.
    """
    queues: dict[str, deque[str]] = defaultdict(deque)
    for url in dict.fromkeys(without_fragment(u) for u in urls):
        queues[host_of(url)].append(url)
    results: dict[str, Result] = {}
    in_flight: dict[Future[Result], str] = {}
    busy: dict[str, int] = defaultdict(int)
    workers = checker.settings.concurrency
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="links") as pool:
        while queues or in_flight:
            for host in list(queues):
                limit = checker.per_host_limit(host)
                while queues[host] and busy[host] < limit and len(in_flight) < workers:
                    in_flight[pool.submit(checker.check, queues[host].popleft())] = host
                    busy[host] += 1
                if not queues[host]:
                    del queues[host]
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                busy[in_flight.pop(future)] -= 1
                result = future.result()
                results[result.url] = result
                if on_result:
                    on_result(result)
    if not checker.resolved_a_name:
        for url, result in results.items():
            if result.reason == _DNS_NOT_FOUND:
                results[url] = replace(result, verdict=UNSURE,
                                       reason="DNS failure, and no host name resolved: offline?")
    return results
