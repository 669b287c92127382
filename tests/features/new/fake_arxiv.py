"""A real HTTP server on 127.0.0.1 that answers `GET /api/query?id_list=ID` like the arXiv API."""

from __future__ import annotations

import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.local_server import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"
ATOM = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    body: bytes
    status: int = 200
    content_type: str = ATOM
    delay: float = 0.0
    trickle: float = 0.0  # seconds between bytes: a server that never quite stops answering
    trickle_head: bool = False  # trickle the status line and headers too, not only the body


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
        time.sleep(reply.delay)
        try:
            if reply.trickle_head:
                head = f"HTTP/1.1 {reply.status} OK\r\nContent-Type: {reply.content_type}\r\n"
                self._trickle(head.encode() + b"X-Pad: " + b"a" * 100_000, reply.trickle)
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.trickle:
                self._trickle(reply.body, reply.trickle)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def _trickle(self, data: bytes, pause: float) -> None:
        """One byte, then a pause, until the data ends or the client hangs up."""
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(pause)
