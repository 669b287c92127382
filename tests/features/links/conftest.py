"""Fixtures of the link-checker tests: servers on 127.0.0.x, a self-signed TLS context, fast settings."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator

import pytest

from generator.features.links.config import Settings
from tests.features.links.links_server import Server


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    """Start servers: `serve()` on 127.0.0.1, `serve("127.0.0.2")` on another host."""
    started: list[Server] = []

    def start(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Server:
        server = Server(host)
        if tls:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
            server.scheme = "https"
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server TLS context with a self-signed certificate made by the openssl CLI."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is needed to make a self-signed certificate")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def fast() -> Settings:
    """Settings with small timeouts and waits, so every test takes well under a second or two.

    The test servers listen on 127.0.0.x, which the checker refuses unless `allow-internal` is set.
    """
    return Settings(connect_timeout=0.5, read_timeout=0.5, deadline=3.0, retries=2, backoff=0.02,
                    retry_after_cap=2.0, delay=0.0, per_host=4, concurrency=16, allow_internal=True)
