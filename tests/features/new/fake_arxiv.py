"""A real HTTP server on 127.0.0.1 that answers `GET /api/query?id_list=ID` like the arXiv API."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.local_server import LocalServer, Reply, send

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeArxiv(LocalServer):
    """Replies by id; ids without a reply get arXiv's empty feed (totalResults 0)."""

    def __init__(self) -> None:
        super().__init__(_Handler)
        self.replies: dict[str, Reply] = {
            "2305.11000": Reply(fixture("2305.11000.xml")),
            "cs/0112017": Reply(fixture("cs-0112017.xml")),
            "2301.00001": Reply(fixture("error.xml")),
        }
        self.requests: list[tuple[str, dict[str, list[str]], str]] = []  # path, query, User-Agent


class _Handler(BaseHTTPRequestHandler):
    server: FakeArxiv

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.requests.append((parts.path, query, self.headers.get("User-Agent", "")))
        if parts.path != "/api/query":
            reply = Reply(b"not found", status=404, content_type="text/plain")
        else:
            arxiv_id = query.get("id_list", [""])[0]
            reply = self.server.replies.get(arxiv_id, Reply(fixture("empty.xml")))
        send(self, reply)
