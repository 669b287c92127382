"""A fake GitHub GraphQL API on 127.0.0.1 answering from recorded bodies; counts and keeps every query.

`POST /graphql` reads the aliased `repository(owner:, name:)` fields of the query (r0, r1, ...)
and their variables, and answers each from the repositories added with `add_repo` (a renamed one
under its new name, a missing one with a NOT_FOUND error). `answer` replaces the whole answer for
the next queries, to play rate limits, server errors and slow answers.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).parent / "recorded"
Route = Callable[["Handler"], None]
_ALIAS = re.compile(r"(r[0-9]+): repository\(owner: \$(o[0-9]+), name: \$(n[0-9]+)\)")


def recorded(name: str) -> Any:
    """A recorded body (parsed JSON) from tests/features/meta/recorded/."""
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def node(full_name: str, stars: int = 1286, archived: bool = False, spdx: str | None = "Apache-2.0",
         commit_date: str | None = "2025-09-30T11:02:45Z") -> dict[str, Any]:
    """The recorded repository object, for another repository (commit_date None: an empty repository)."""
    body = copy.deepcopy(recorded("repository"))
    body.update(nameWithOwner=full_name, url=f"https://github.com/{full_name}", stargazerCount=stars, isArchived=archived)
    body["licenseInfo"] = None if spdx is None else {"spdxId": spdx}
    body["defaultBranchRef"] = None if commit_date is None else {"target": {"committedDate": commit_date}}
    return body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        with server.lock:
            server.hits[self.path] += 1
            server.requests.append((self.path, dict(self.headers), body))
            route = server.answers.pop(0) if server.answers else None
        try:
            if self.path != "/graphql":
                self.reply(404, {"message": "Not Found"})
            elif route is not None:
                route(self)
            else:
                self.reply(200, server.answer(body.get("query", ""), body.get("variables") or {}))
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
        self.repos: dict[str, dict[str, Any]] = {}  # lowercased owner/name -> repository object
        self.renamed: dict[str, str] = {}  # lowercased old owner/name -> new owner/name
        self.answers: list[Route] = []  # the next queries' answers, in order, before the normal ones
        self.hits: Counter[str] = Counter()  # by path
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def queries(self) -> int:
        return sum(1 for path, _, _ in self.requests if path == "/graphql")

    def asked(self) -> list[str]:
        """Every repository asked for, in order, across the queries."""
        return [f"{b['variables'][o]}/{b['variables'][n]}" for _, _, b in self.requests for _, o, n in _ALIAS.findall(b.get("query", ""))]

    def add_repo(self, full_name: str, **fields: Any) -> None:
        """Serve a live repository (fields as `node` takes them)."""
        self.repos[full_name.lower()] = node(full_name, **fields)

    def rename(self, old: str, new: str) -> None:
        """A repository renamed or transferred: asked for by its old name, it answers as the new one."""
        self.renamed[old.lower()] = new

    def answer(self, query: str, variables: dict[str, str]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for alias, owner, name in _ALIAS.findall(query):
            full_name = f"{variables[owner]}/{variables[name]}".lower()
            full_name = self.renamed.get(full_name, full_name).lower()
            data[alias] = self.repos.get(full_name)
            if data[alias] is None:
                error = recorded("not-found")
                error.update(path=[alias], message=f"Could not resolve to a Repository with the name '{full_name}'.")
                errors.append(error)
        return {"data": data, **({"errors": errors} if errors else {})}


def send(code: int, body: Any, headers: dict[str, str] | None = None) -> Route:
    return lambda h: h.reply(code, body, headers)


def rate_limited(reset_in: float, code: int = 200) -> Route:
    """A primary rate-limit refusal: remaining 0 until `reset_in` seconds from now (GraphQL answers it with 200)."""
    def route(handler: Handler) -> None:
        reset = int(time.time() + reset_in + 0.999)
        headers = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Used": "5000",
                   "X-RateLimit-Reset": str(reset), "X-RateLimit-Resource": "graphql"}
        handler.reply(code, recorded("rate-limited"), headers)
    return route


def retry_after(seconds: int | str, code: int = 403) -> Route:
    """A secondary rate-limit refusal asking to retry after `seconds` (a number or an HTTP date)."""
    return lambda h: h.reply(code, recorded("secondary-rate-limit"), {"Retry-After": str(seconds)})


def slow(seconds: float, then: Route) -> Route:
    """Answer after `seconds` (longer than the client's timeout)."""
    def route(handler: Handler) -> None:
        time.sleep(seconds)
        then(handler)
    return route


def normal(headers: dict[str, str] | None = None) -> Route:
    """The answer the server gives from its repositories, with these headers."""
    def route(handler: Handler) -> None:
        _, _, body = handler.server.requests[-1]
        handler.reply(200, handler.server.answer(body.get("query", ""), body.get("variables") or {}), headers)
    return route
