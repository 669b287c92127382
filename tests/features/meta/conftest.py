"""Fixtures of the `awesome-lam meta` tests: a fake GitHub API and fast client settings."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from generator.features.meta.github import ClientSettings
from tests.features.meta.github_server import Server


@pytest.fixture
def api() -> Iterator[Server]:
    """A fake GitHub API on 127.0.0.1, replaying recorded responses."""
    server = Server()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast(api: Server) -> ClientSettings:
    """Client settings for the fake API with short timeouts and backoff."""
    return ClientSettings(api_url=api.url, connect_timeout=0.5, read_timeout=0.5, deadline=3.0,
                          retries=2, backoff=0.01, max_wait=5.0)
