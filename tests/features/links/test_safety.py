"""No request to an internal address unless `allow-internal` is set; one bad URL never stops a run.

Public-looking URLs reach a server on 127.0.0.1 acting as the HTTP proxy (HTTP_PROXY), or a name
that the test's own `socket.getaddrinfo` resolves: no outside host is ever contacted.
"""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cli import main
from generator.features.links.checker import BROKEN, OK, Checker, check_urls
from generator.features.links.config import Settings, load_settings
from generator.lib.settings import SettingsError
from tests.features.links.links_server import by_method, huge_body, redirect, status, write_entry

PUBLIC = "http://links-public.example"  # only ever reached through the test proxy
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def strict(fast: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The fast settings with the default `allow-internal = false`, and no proxy from the environment."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return replace(fast, allow_internal=False)


@pytest.fixture
def proxy(serve, strict, monkeypatch):
    """A test server as the HTTP proxy: it answers for the absolute URLs put in its routes."""
    server = serve()
    monkeypatch.setenv("HTTP_PROXY", server.url("/"))
    return server


def resolving(monkeypatch: pytest.MonkeyPatch, name: str, address: str, checker_sees: str | None = None) -> None:
    """Make `socket.getaddrinfo` resolve `name` to `address`; with `checker_sees`, a lookup without a
    port (the checker's own check; urllib3 always gives the port it connects to) gets that instead."""
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == name:
            host = checker_sees if checker_sees and port is None else address
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_internal_addresses_are_refused_by_default(tmp_path):
    assert Settings().allow_internal is False
    assert load_settings(tmp_path).allow_internal is False


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1", "0x7f.0.0.1", "links.localhost"])
def test_an_internal_url_is_broken_and_never_requested(serve, strict, host):
    server = serve()
    server.routes["/secret"] = status(200)
    url = server.url("/secret").replace("127.0.0.1", host)
    result = Checker(strict).check(url)
    assert (result.verdict, result.cacheable) == (BROKEN, False)
    assert result.reason.startswith(f"the URL points to '{host}', an address of this machine or a private network")
    assert "allow-internal = true" in result.reason
    assert server.hits == {}


@pytest.mark.parametrize("location", ["secret", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/",
                                      "http://[::ffff:7f00:1]/", "http://metadata.google.internal/"])
def test_no_redirect_hop_to_an_internal_address_is_followed(serve, proxy, strict, location):
    secret = serve("127.0.0.2")
    secret.routes["/secret"] = status(200)
    location = secret.url("/secret") if location == "secret" else location
    proxy.routes[f"{PUBLIC}/start"] = redirect(301, "/next")  # a first, harmless hop
    proxy.routes[f"{PUBLIC}/next"] = redirect(302, location)
    result = Checker(strict).check(f"{PUBLIC}/start")
    assert (result.verdict, result.status, result.final_url) == (BROKEN, 302, location)
    assert result.reason.startswith(f"HTTP 302 redirect to '{location}', which points to")
    assert "private network" in result.reason
    assert secret.hits == {}
    assert set(proxy.hits) == {("HEAD", f"{PUBLIC}/start"), ("HEAD", f"{PUBLIC}/next")}  # nothing further


def test_a_name_resolving_to_an_internal_address_is_never_requested(serve, strict, monkeypatch):
    server = serve()
    server.routes["/secret"] = status(200)
    resolving(monkeypatch, "links-rebind.example", "127.0.0.1")
    port = server.server_address[1]
    results = check_urls([f"http://links-rebind.example:{port}/secret"], Checker(strict))
    (result,) = results.values()
    assert result.verdict == BROKEN
    assert result.reason.startswith("links-rebind.example resolves to 127.0.0.1, an address of this machine")
    assert server.hits == {}


def test_a_redirect_to_a_name_resolving_to_an_internal_address_is_not_followed(serve, proxy, strict, monkeypatch):
    secret = serve("127.0.0.2")
    secret.routes["/secret"] = status(200)
    resolving(monkeypatch, "links-rebind.example", "127.0.0.2")
    monkeypatch.setenv("NO_PROXY", "links-rebind.example")  # this hop goes direct, not through the proxy
    target = f"http://links-rebind.example:{secret.server_address[1]}/secret"
    proxy.routes[f"{PUBLIC}/start"] = redirect(302, target)
    result = Checker(strict).check(f"{PUBLIC}/start")
    assert (result.verdict, result.final_url) == (BROKEN, target)
    assert "links-rebind.example resolves to 127.0.0.2" in result.reason
    assert secret.hits == {}


def test_a_name_rebound_to_an_internal_address_after_the_check_is_cut_off(serve, strict, monkeypatch):
    """DNS rebinding: the checker's lookup answers a public address, the connection's own 127.0.0.1."""
    server = serve()
    server.routes["/secret"] = status(200)
    resolving(monkeypatch, "links-rebind.example", "127.0.0.1", checker_sees="1.1.1.1")  # never connected to
    result = Checker(replace(strict, retries=0)).check(f"http://links-rebind.example:{server.server_address[1]}/secret")
    assert result.verdict == BROKEN and "links-rebind.example resolves to 127.0.0.1" in result.reason
    assert server.hits == {}


def test_allow_internal_comes_from_the_config_and_is_a_boolean(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.awesome-lam.links]\nallow-internal = true\n")
    assert load_settings(tmp_path).allow_internal is True
    (tmp_path / "links.yml").write_text("allow-internal: false\n")
    assert load_settings(tmp_path, tmp_path / "links.yml").allow_internal is False
    (tmp_path / "links.yml").write_text("allow-internal: 'yes'\n")
    with pytest.raises(SettingsError, match=r"^allow-internal: expected true or false, got 'yes'$"):
        load_settings(tmp_path, tmp_path / "links.yml")


BAD_LOCATIONS = ["http://[bad", "//[::1", "https://exa mple.org/", "http://example.org:99999/", "http://x:abc/",
                 "javascript:alert(1)", "mailto:a@example.org", f"http://{'a' * 64}.org/", "", "   "]


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_a_redirect_to_an_invalid_url_is_that_urls_verdict(serve, fast, location):
    server = serve()
    server.routes["/r"] = redirect(302, location)
    result = Checker(fast).check(server.url("/r"))
    assert (result.verdict, result.status) == (BROKEN, 302)
    if location.strip():
        assert result.reason.startswith(f"HTTP 302 redirect to '{location}', which ")
    else:
        assert result.reason == "HTTP 302 redirect without a Location"
    assert list(server.hits) == [("HEAD", "/r")]


def test_a_url_the_http_library_cannot_encode_is_broken_not_a_crash(serve, fast):
    """Internal names pass unchecked with allow-internal; urllib3 then refuses a 64-letter label."""
    server = serve()
    server.routes["/r"] = redirect(302, f"http://localhost.{'a' * 64}/")
    result = Checker(fast).check(server.url("/r"))
    assert (result.verdict, result.reason) == (BROKEN, "invalid URL")


def test_a_redirect_body_is_never_downloaded(serve, fast):
    server = serve()
    server.routes["/ok"] = status(200)
    server.routes["/moved"] = by_method(status(405), huge_body(2 * 1024**3, 302, {"Location": "/ok"}))
    started = time.monotonic()
    result = Checker(fast).check(server.url("/moved"))
    assert result.verdict == OK and result.final_url == server.url("/ok")
    assert time.monotonic() - started < 2
    time.sleep(0.1)
    assert server.bytes_sent < 64 * 1024**2


def links(root: Path, config: str, *argv: str) -> int:
    """`awesome-lam links` as the CLI runs it, with this YAML config."""
    (root / "links.yml").write_text(config)
    return main(["--root", str(root), "links", "--config", str(root / "links.yml"), *argv])


def test_a_run_refuses_internal_urls_by_default(tmp_path, serve, strict, capsys):
    server = serve()
    server.routes["/ok"] = status(200)
    write_entry(tmp_path, "entries/music/a.md", {"paper": server.url("/ok")})
    assert links(tmp_path, "delay: 0\n", "--no-cache") == 1
    out = capsys.readouterr().out
    assert f"entries/music/a.md:6: {server.url('/ok')}: broken (the URL points to '127.0.0.1'" in out
    assert server.hits == {}
    assert links(tmp_path, "delay: 0\nallow-internal: true\n", "--no-cache") == 0
    assert server.count("/ok") == 1


def test_bad_urls_and_redirects_do_not_stop_a_run(tmp_path, serve, capsys):
    server = serve()
    server.routes["/ok"] = status(200)
    server.routes["/bad-redirect"] = redirect(302, "http://[bad")
    server.routes["/encode"] = redirect(302, f"http://localhost.{'a' * 64}/")
    write_entry(tmp_path, "entries/music/a.md", {
        "paper": server.url("/bad-redirect"), "code": server.url("/ok"), "demo": "http://[bad/",
        "dataset": "http://example.org:99999/", "weights": server.url("/encode"),
    })
    config = "allow-internal: true\ndelay: 0\nconnect-timeout: 0.5\nread-timeout: 0.5\ndeadline: 3\n"
    assert links(tmp_path, config, "--no-cache") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"entries/music/a.md:6: {server.url('/bad-redirect')}: broken (HTTP 302 redirect to "
                      "'http://[bad', which is not a valid URL (check the brackets and the port))")
    assert out[1] == ("entries/music/a.md:8: http://[bad/: broken "
                      "(the URL is not a valid URL (check the brackets and the port))")
    assert out[2].startswith("entries/music/a.md:9: http://example.org:99999/: broken (the URL is not a valid URL")
    assert out[3] == f"entries/music/a.md:10: {server.url('/encode')}: broken (invalid URL)"
    assert out[-1].startswith("5 URLs checked: 1 ok, 0 redirected, 4 broken, 0 unsure;")
    assert server.count("/ok") == 1


def test_reports_keep_a_servers_words_as_text() -> None:
    """A reason quotes what a server sent (a redirect target): in the Markdown issue body it stays
    text, and on a terminal its control characters are escapes."""
    from generator.features.links.checker import BROKEN, Result
    from generator.features.links.report import render, summarize
    from generator.features.links.sources import Occurrence
    from tests.github_markdown import github_html, tags_of

    url = "https://example.org/x"
    hostile = "HTTP 302 redirect to '](javascript:alert(1)) <img src=//evil.example/p.png> \x1b[2J\x9b31m'"
    results = {url: Result(url, BROKEN, hostile)}
    occurrences = [Occurrence("entries/music/a_b.md", 6, url)]
    summary = summarize(results, 0.1)
    markdown = render("markdown", occurrences, results, summary)
    tags = tags_of(github_html(markdown))
    assert [attrs.get("href") for tag, attrs in tags if tag == "a"] == [url]
    assert not [tag for tag, _ in tags if tag == "img"]
    text = render("text", occurrences, results, summary)
    assert "\x1b" not in text and "\x9b" not in text and "\\x1b[2J\\x9b31m" in text
