"""The one HTTP layer of `links`, `meta`, `new` and `discover`: sessions with a hard deadline, capped
bodies, and the shared retry arithmetic (backoff with jitter, `Retry-After`).

`requests` timeouts bound each socket operation, not the whole request, so a server that
trickles one byte every few seconds would never time out. Connections made through
`new_session()` register their sockets with the calling thread's current `Deadline`, which
shuts them down when the time is up; the blocked read then fails at once. This holds for
direct connections and for connections through an `HTTP(S)_PROXY` alike.

Features import this module where they make requests, not at the top: commands that make
no request (`build`, `check`, `validate`) do not pay for importing `requests`.
"""

from __future__ import annotations

import email.utils
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()


class Deadline:
    """Shut down every socket registered while active once `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        _local.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _local.deadline = None

    def register(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _register(sock: socket.socket | None) -> None:
    deadline = getattr(_local, "deadline", None)
    if deadline is not None:
        deadline.register(sock)


class _Guarded:
    """Mixin for urllib3 connections: expose the raw socket to the current deadline."""

    _raw_sock: socket.socket | None = None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        self._raw_sock = sock
        _register(sock)
        return sock

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _register(self._raw_sock)  # a kept-alive connection is reused by a later request
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _GuardedHTTPConnection(_Guarded, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


_GUARDED_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _GuardedAdapter(HTTPAdapter):
    """Every pool it makes, direct or through a proxy, opens guarded connections."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_GUARDED_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS managers make their own connections
            manager.pool_classes_by_scheme = dict(_GUARDED_POOLS)
        return manager


def new_session(pool_size: int) -> requests.Session:
    """A session whose connections obey `Deadline`; no automatic retries or redirects."""
    session = requests.Session()
    adapter = _GuardedAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class TooLarge(Exception):
    """A response body is larger than the caller accepts."""


def read_capped(response: requests.Response, max_bytes: int) -> bytes:
    """The body of a streamed response, refusing more than `max_bytes`."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"more than {max_bytes // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


def error_reason(exc: Exception) -> str:
    """The innermost reason of a requests error, without the URL noise around it (at most 200 characters)."""
    while exc.__context__ is not None and isinstance(exc.__context__, Exception):
        exc = exc.__context__
    return str(exc).split(": ", 1)[-1][:200] or type(exc).__name__


def backoff_delay(backoff: float, attempt: int, jitter: Callable[[], float]) -> float:
    """Seconds before retry `attempt` (0-based): `backoff` doubling each time, with jitter."""
    return backoff * 2**attempt * (0.5 + jitter())


def retry_after(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> float | None:
    """Seconds asked by a `Retry-After` header (a number or an HTTP date), if any."""
    value = headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())

