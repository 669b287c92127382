"""Real HTTP servers on 127.0.0.x with scriptable routes, and entry files, for the link tests."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the server's routes by path; counts hits and concurrent requests."""

    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        server = self.server
        with server.lock:
            server.hits[(self.command, self.path)] += 1
            server.active += 1
            server.max_active = max(server.max_active, server.active)
        try:
            server.routes.get(self.path, status(404))(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with server.lock:
                server.active -= 1

    def reply(self, code: int, headers: dict[str, str] | None = None, body: bytes = b"ok") -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), Handler)
        self.routes: dict[str, Route] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.scheme = "http"

    def url(self, path: str) -> str:
        host, port = self.server_address[:2]
        return f"{self.scheme}://{host}:{port}{path}"

    def count(self, path: str, method: str | None = None) -> int:
        return sum(n for (m, p), n in self.hits.items() if p == path and method in (None, m))


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda h: h.reply(code, headers)


def redirect(code: int, location: str) -> Route:
    return lambda h: h.reply(code, {"Location": location})


def sequence(*routes: Route) -> Route:
    """Answer each request with the next route; the last one repeats."""
    calls = iter(range(10**9))

    def route(handler: Handler) -> None:
        routes[min(next(calls), len(routes) - 1)](handler)

    return route


def by_method(head: Route, get: Route) -> Route:
    return lambda h: (head if h.command == "HEAD" else get)(h)


def slow(seconds: float, then: Route) -> Route:
    def route(handler: Handler) -> None:
        time.sleep(seconds)
        then(handler)

    return route


def huge_body(size: int, code: int = 200, headers: dict[str, str] | None = None) -> Route:
    """A body of `size` bytes, written until the client hangs up; total sent kept on the server."""

    def route(handler: Handler) -> None:
        handler.send_response(code)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(size))
        handler.send_header("Content-Type", "application/octet-stream")
        handler.end_headers()
        if handler.command == "HEAD":
            return
        chunk, sent = b"\0" * 65536, 0
        try:
            while sent < size:
                handler.wfile.write(chunk)
                sent += len(chunk)
        finally:
            handler.server.bytes_sent = sent  # type: ignore[attr-defined]
            handler.close_connection = True

    return route


def trickle(interval: float, count: int) -> Route:
    """Send the status line, then one header byte every `interval` seconds."""

    def route(handler: Handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(count):
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(interval)
        handler.close_connection = True

    return route


def write_entry(root: Path, rel: str, links: dict[str, str], newline: str = "\n") -> Path:
    """An entry file with the given links (and a comment, to prove it survives a fix)."""
    lines = ["---", "title: A test work", "kind: model", "# a comment to keep", "links:"]
    lines += [f"  {kind}: {url}" for kind, url in links.items()]
    lines += ["added: \"2024-01-01\"", "---", "A summary."]
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(newline.join(lines).encode() + newline.encode())
    return path
