"""A fake GitHub API on 127.0.0.1 replaying recorded responses; counts and keeps every request."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).parent / "recorded"
Route = Callable[["Handler"], None]


def recorded(name: str) -> Any:
    """A recorded response body (parsed JSON) from tests/features/meta/recorded/."""
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def repo(full_name: str, stars: int = 1286, archived: bool = False, spdx: str | None = "Apache-2.0",
         pushed_at: str = "2025-09-30T11:02:47Z") -> dict[str, Any]:
    """The recorded repository response, for another repository."""
    body = copy.deepcopy(recorded("repo"))
    owner, name = full_name.split("/")
    body.update(name=name, full_name=full_name, html_url=f"https://github.com/{full_name}",
                url=f"https://api.github.com/repos/{full_name}", stargazers_count=stars,
                watchers_count=stars, watchers=stars, archived=archived, pushed_at=pushed_at)
    body["owner"]["login"] = owner
    if spdx is None:
        body["license"] = None
    else:
        body["license"]["spdx_id"] = spdx
    return body


def commits(date: str = "2025-09-30T11:02:45Z") -> list[dict[str, Any]]:
    """The recorded one-commit list, with another committer date."""
    body = copy.deepcopy(recorded("commits"))
    body[0]["commit"]["committer"]["date"] = date
    return body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.hits[self.path.lower()] += 1
            server.requests.append((self.path, dict(self.headers)))
        routes = {path.lower(): route for path, route in server.routes.items()}  # names ignore case
        route = routes.get(self.path.lower(), send(404, recorded("not-found")))
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def reply(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()  # by lowercased path
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def add_repo(self, full_name: str, commit_date: str = "2025-09-30T11:02:45Z", **fields: Any) -> None:
        """Serve a live repository and its newest commit."""
        self.routes[f"/repos/{full_name}"] = send(200, repo(full_name, **fields))
        self.routes[f"/repos/{full_name}/commits?per_page=1"] = send(200, commits(commit_date))


def send(code: int, body: Any, headers: dict[str, str] | None = None) -> Route:
    return lambda h: h.reply(code, body, headers)


def moved(location: str) -> Route:
    """GitHub's answer for a renamed or transferred repository."""
    return lambda h: h.reply(301, recorded("moved"), {"Location": location})


def rate_limited(reset_in: float, code: int = 403) -> Route:
    """A primary rate-limit refusal: remaining 0 until `reset_in` seconds from now."""
    def route(handler: Handler) -> None:
        reset = int(time.time() + reset_in + 0.999)
        headers = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Used": "60",
                   "X-RateLimit-Reset": str(reset), "X-RateLimit-Resource": "core"}
        handler.reply(code, recorded("rate-limit"), headers)
    return route


def retry_after(seconds: int, code: int = 429) -> Route:
    """A secondary rate-limit refusal asking to retry after `seconds`."""
    return lambda h: h.reply(code, recorded("secondary-rate-limit"), {"Retry-After": str(seconds)})


def slow(seconds: float, then: Route) -> Route:
    """Answer after `seconds` (longer than the client's timeout)."""
    def route(handler: Handler) -> None:
        time.sleep(seconds)
        then(handler)
    return route


def sequence(*routes: Route) -> Route:
    """Answer each request with the next route; the last one repeats."""
    calls = iter(range(10**9))
    return lambda h: routes[min(next(calls), len(routes) - 1)](h)
