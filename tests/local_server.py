"""A threaded HTTP server on 127.0.0.1 that the fake arXiv APIs of the tests build on, and the
replies their handlers send (slow, trickling or cut short on demand)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

ATOM = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    """What a fake API answers one request."""

    body: bytes
    status: int = 200
    content_type: str = ATOM
    delay: float = 0.0
    trickle: float = 0.0  # seconds between bytes: a server that never quite stops answering
    trickle_head: bool = False  # trickle the status line and headers too, not only the body


class LocalServer(ThreadingHTTPServer):
    """Serves `handler` on a free port of 127.0.0.1 from a daemon thread, between start() and stop()."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Self:
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """Answer the handler's request with `reply`; a client that hangs up (a timeout test) is no error."""
    time.sleep(reply.delay)
    try:
        if reply.trickle_head:
            head = f"HTTP/1.1 {reply.status} OK\r\nContent-Type: {reply.content_type}\r\n"
            _trickle(handler, head.encode() + b"X-Pad: " + b"a" * 100_000, reply.trickle)
            return
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        if reply.trickle:
            _trickle(handler, reply.body, reply.trickle)
        else:
            handler.wfile.write(reply.body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _trickle(handler: BaseHTTPRequestHandler, data: bytes, pause: float) -> None:
    """One byte, then a pause, until the data ends or the client hangs up."""
    for byte in data:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(pause)
