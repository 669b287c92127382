"""The engine against real servers on 127.0.0.x: every verdict, retries, limits, deadlines."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace

from generator.features.links.checker import BROKEN, OK, REDIRECTED, UNSURE, Checker, check_urls
from generator.features.links.config import HostRule
from tests.features.links.links_server import by_method, huge_body, redirect, sequence, slow, status, trickle


def test_200_is_ok_with_head_alone(serve, fast):
    server = serve()
    server.routes["/page"] = status(200)
    result = Checker(fast).check(server.url("/page"))
    assert (result.verdict, result.status, result.cacheable) == (OK, 200, True)
    assert server.count("/page", "GET") == 0


def test_404_is_broken_only_after_get_confirms(serve, fast):
    server = serve()
    result = Checker(fast).check(server.url("/missing"))
    assert (result.verdict, result.reason) == (BROKEN, "HTTP 404")
    assert server.count("/missing", "HEAD") == 1 and server.count("/missing", "GET") == 1


def test_head_404_but_get_200_is_ok(serve, fast):
    server = serve()
    server.routes["/spa"] = by_method(status(404), status(200))
    assert Checker(fast).check(server.url("/spa")).verdict == OK


def test_410_is_broken(serve, fast):
    server = serve()
    server.routes["/gone"] = status(410)
    assert Checker(fast).check(server.url("/gone")).verdict == BROKEN


def test_head_405_then_get_200_is_ok(serve, fast):
    server = serve()
    server.routes["/nohead"] = by_method(status(405), status(200))
    result = Checker(fast).check(server.url("/nohead"))
    assert result.verdict == OK
    assert server.count("/nohead", "HEAD") == 1 and server.count("/nohead", "GET") == 1


def test_permanent_chain_is_redirected_to_final_url(serve, fast):
    server = serve()
    server.routes["/a"] = redirect(301, "/b")
    server.routes["/b"] = redirect(308, server.url("/c"))
    server.routes["/c"] = status(200)
    result = Checker(fast).check(server.url("/a#section"))
    assert result.verdict == REDIRECTED
    assert result.final_url == server.url("/c")
    assert result.url == server.url("/a")


def test_temporary_hop_makes_a_working_redirect_ok(serve, fast):
    server = serve()
    server.routes["/a"] = redirect(301, "/b")
    server.routes["/b"] = redirect(302, "/c")
    server.routes["/c"] = status(200)
    assert Checker(fast).check(server.url("/a")).verdict == OK


def test_permanent_redirect_to_a_dead_page_is_broken(serve, fast):
    server = serve()
    server.routes["/a"] = redirect(301, "/nowhere")
    result = Checker(fast).check(server.url("/a"))
    assert result.verdict == BROKEN and "404" in result.reason


def test_redirect_loop_is_broken(serve, fast):
    server = serve()
    server.routes["/x"] = redirect(301, "/y")
    server.routes["/y"] = redirect(302, "/x")
    result = Checker(fast).check(server.url("/x"))
    assert result.verdict == BROKEN and "loop" in result.reason


def test_too_many_redirects_is_unsure(serve, fast):
    server = serve()
    for n in range(5):
        server.routes[f"/r{n}"] = redirect(301, f"/r{n + 1}")
    result = Checker(replace(fast, max_redirects=3)).check(server.url("/r0"))
    assert result.verdict == UNSURE


def test_429_with_retry_after_then_200_is_ok(serve, fast):
    server = serve()
    server.routes["/limited"] = sequence(status(429, {"Retry-After": "1"}), status(200))
    started = time.monotonic()
    result = Checker(fast).check(server.url("/limited"))
    assert result.verdict == OK
    assert 0.9 <= time.monotonic() - started < 2.5  # Retry-After honoured, not the tiny backoff


def test_retry_after_beyond_the_cap_gives_up_as_unsure_at_once(serve, fast):
    server = serve()
    server.routes["/limited"] = status(429, {"Retry-After": "3600"})
    started = time.monotonic()
    result = Checker(fast).check(server.url("/limited"))
    assert (result.verdict, result.cacheable) == (UNSURE, False)
    assert time.monotonic() - started < 1


def test_503_twice_then_200_is_ok(serve, fast):
    server = serve()
    server.routes["/flaky"] = sequence(status(503), status(503), status(200))
    assert Checker(fast).check(server.url("/flaky")).verdict == OK
    assert server.count("/flaky") == 3


def test_persistent_5xx_is_unsure(serve, fast):
    server = serve()
    server.routes["/down"] = status(502)
    result = Checker(fast).check(server.url("/down"))
    assert result.verdict == UNSURE and "502" in result.reason


def test_backoff_grows_exponentially_with_jitter(serve, fast):
    server = serve()
    server.routes["/down"] = status(500)
    waits: list[float] = []
    checker = Checker(replace(fast, backoff=1.0, retries=3, deadline=100), sleep=waits.append,
                      jitter=lambda: 0.5)
    checker.check(server.url("/down"))
    assert waits[:3] == [1.0, 2.0, 4.0]  # HEAD's retries (GET's follow)


def test_server_sleeping_past_the_timeout_is_unsure(serve, fast):
    server = serve()
    server.routes["/sleepy"] = slow(2.0, status(200))
    started = time.monotonic()
    result = Checker(replace(fast, retries=1)).check(server.url("/sleepy"))
    assert result.verdict == UNSURE and "timeout" in result.reason
    assert time.monotonic() - started < 2


def test_trickling_server_hits_the_total_deadline(serve, fast):
    server = serve()
    server.routes["/trickle"] = trickle(interval=0.1, count=100)  # each byte within the read timeout
    started = time.monotonic()
    result = Checker(replace(fast, deadline=1.0)).check(server.url("/trickle"))
    assert (result.verdict, result.reason) == (UNSURE, "deadline exceeded")
    assert time.monotonic() - started < 1.6


def test_the_deadline_holds_behind_an_http_proxy(serve, fast, monkeypatch):
    """Through HTTP_PROXY, requests uses its proxy pools: they must be guarded too."""
    proxy = serve()
    target = "http://links-target.example/trickle"
    proxy.routes[target] = trickle(interval=0.1, count=100)  # a proxy answers the absolute-form request line
    monkeypatch.setenv("HTTP_PROXY", proxy.url("/"))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    started = time.monotonic()
    result = Checker(replace(fast, deadline=1.0)).check(target)
    assert proxy.hits[("HEAD", target)] >= 1, "the request did not go through the proxy"
    assert (result.verdict, result.reason) == (UNSURE, "deadline exceeded")
    assert time.monotonic() - started < 1.6


def test_two_gigabyte_body_is_not_downloaded(serve, fast):
    server = serve()
    server.routes["/model.bin"] = by_method(status(405), huge_body(2 * 1024**3))
    started = time.monotonic()
    result = Checker(fast).check(server.url("/model.bin"))
    assert result.verdict == OK
    assert time.monotonic() - started < 2
    time.sleep(0.1)
    assert server.bytes_sent < 64 * 1024**2


def test_connection_refused_is_broken(fast):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = Checker(fast).check(f"http://127.0.0.1:{port}/")
    assert (result.verdict, result.reason, result.cacheable) == (BROKEN, "connection refused", False)


def test_self_signed_tls_is_broken(serve, fast, self_signed):
    server = serve(tls=self_signed)
    server.routes["/"] = status(200)
    result = Checker(fast).check(server.url("/"))
    assert result.verdict == BROKEN and "TLS" in result.reason


def test_bot_walls_are_unsure_never_broken(serve, fast):
    server = serve()
    server.routes["/forbidden"] = status(403)
    server.routes["/login"] = status(401)
    server.routes["/linkedin"] = status(999)
    server.routes["/cf"] = status(403, {"cf-mitigated": "challenge"})
    server.routes["/teapot"] = status(418)
    checker = Checker(fast)
    for path in ("/forbidden", "/login", "/linkedin", "/cf", "/teapot"):
        assert checker.check(server.url(path)).verdict == UNSURE, path
    assert checker.check(server.url("/cf")).reason == "Cloudflare challenge"


def test_host_rule_accepts_403_and_sends_headers(serve, fast):
    seen: list[str] = []
    server = serve()
    server.routes["/paper"] = lambda h: (seen.append(h.headers.get("Accept-Language", "")), h.reply(403))
    rules = {"127.0.0.1": HostRule(accept=frozenset({403}), headers={"Accept-Language": "en"})}
    assert Checker(replace(fast, hosts=rules)).check(server.url("/paper")).verdict == OK
    assert seen[0] == "en"


def test_unknown_scheme_or_host_is_broken(fast):
    assert Checker(fast).check("ftp://example.org/x").verdict == BROKEN
    assert Checker(fast).check("https:///nohost").verdict == BROKEN


def test_dns_failure_is_broken_when_other_names_resolve(serve, fast):
    server = serve()
    server.routes["/"] = status(200)
    live = server.url("/").replace("127.0.0.1", "localhost")
    results = check_urls([live, "http://no-such-host.invalid/"], Checker(fast))
    assert results[live].verdict == OK
    assert results["http://no-such-host.invalid/"].verdict == BROKEN


def test_dns_failure_when_nothing_resolves_means_offline_and_unsure(fast):
    results = check_urls(["http://no-such-host.invalid/"], Checker(fast))
    assert results["http://no-such-host.invalid/"].verdict == UNSURE


def test_each_url_is_requested_once(serve, fast):
    server = serve()
    server.routes["/dup"] = status(200)
    results = check_urls([server.url("/dup"), server.url("/dup"), server.url("/dup#frag")], Checker(fast))
    assert list(results) == [server.url("/dup")]
    assert server.count("/dup") == 1


def test_per_host_limit_holds_and_hosts_run_side_by_side(serve, fast):
    servers = [serve(f"127.0.0.{n}") for n in (2, 3, 4)]
    lock, active, most = threading.Lock(), [0], [0]  # requests in flight on all three hosts together

    def counted(handler) -> None:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            slow(0.1, status(200))(handler)
        finally:
            with lock:
                active[0] -= 1

    urls = []
    for server in servers:
        for n in range(8):
            server.routes[f"/{n}"] = counted
            urls.append(server.url(f"/{n}"))
    results = check_urls(urls, Checker(replace(fast, per_host=2, concurrency=16)))
    assert all(r.verdict == OK for r in results.values())
    assert [s.max_active for s in servers] == [2, 2, 2]
    assert most[0] > 2  # the hosts' requests overlapped: they ran side by side, not one host after another


def test_slow_host_does_not_stall_the_others(serve, fast):
    sluggish, quick = serve("127.0.0.5"), serve("127.0.0.6")
    urls = []
    for n in range(20):
        sluggish.routes[f"/{n}"] = slow(0.3, status(200))
        quick.routes[f"/{n}"] = status(200)
        urls += [sluggish.url(f"/{n}"), quick.url(f"/{n}")]
    finished: dict[str, float] = {}
    started = time.monotonic()
    check_urls(urls, Checker(replace(fast, per_host=2, concurrency=4)),
               on_result=lambda r: finished.setdefault(r.url, time.monotonic() - started))
    quick_done = max(t for url, t in finished.items() if "127.0.0.6" in url)
    slow_done = max(t for url, t in finished.items() if "127.0.0.5" in url)
    assert quick_done < slow_done / 2  # the slow host needs 3 s (10 rounds of 0.3 s); the fast one is not kept waiting


def test_per_host_delay_spaces_request_starts(serve, fast):
    starts: list[float] = []
    server = serve()
    for n in range(4):
        server.routes[f"/{n}"] = lambda h: (starts.append(time.monotonic()), h.reply(200))
    began = time.monotonic()
    check_urls([server.url(f"/{n}") for n in range(4)], Checker(replace(fast, delay=0.1)))
    # The last request cannot reach the server before three gaps of 0.1 s, though 4 slots were
    # free. Measured from before the check, not from the first arrival: a first connection that is
    # slow to open (a loaded machine) delays that arrival and would shrink the span between arrivals.
    assert len(starts) == 4 and max(starts) - began >= 0.3


# Issue 22, item 6: cookies as a browser keeps them, within one URL's check


def cookie_gate(name: str = "session", value: str = "1", location: str | None = None):
    """Without the cookie: set it and redirect (to `location`, by default the same page); with it: 200."""
    def route(handler):
        if f"{name}={value}" in handler.headers.get("Cookie", ""):
            handler.reply(200)
        else:
            handler.reply(302, {"Set-Cookie": f"{name}={value}; Path=/", "Location": location or handler.path})
    return route


def test_a_page_that_sets_a_cookie_and_redirects_to_itself_is_alive(serve, fast):
    server = serve()
    server.routes["/consent"] = cookie_gate()
    result = Checker(fast).check(server.url("/consent"))
    assert (result.verdict, result.status) == (OK, 200), result.reason


def test_a_cookie_bounce_through_another_page_is_alive(serve, fast):
    server = serve()
    server.routes["/article"] = cookie_gate(location="/set")
    server.routes["/set"] = lambda h: h.reply(302, {"Set-Cookie": "session=1; Path=/", "Location": "/article"})
    assert Checker(fast).check(server.url("/article")).verdict == OK


def test_a_loop_is_still_a_loop_with_the_same_cookies(serve, fast):
    server = serve()
    server.routes["/loop"] = lambda h: h.reply(302, {"Set-Cookie": "session=1; Path=/", "Location": "/loop"})
    result = Checker(fast).check(server.url("/loop"))
    assert result.verdict == BROKEN and "redirect loop" in result.reason


def test_a_cookie_that_changes_every_time_ends_at_the_redirect_limit(serve, fast):
    server = serve()
    counter = iter(range(10**6))
    server.routes["/count"] = lambda h: h.reply(302, {"Set-Cookie": f"n={next(counter)}; Path=/", "Location": "/count"})
    result = Checker(fast).check(server.url("/count"))
    assert result.verdict == UNSURE and "redirects" in result.reason


def test_cookies_of_one_url_are_not_sent_with_another(serve, fast):
    server = serve()
    seen = []
    server.routes["/first"] = lambda h: h.reply(200, {"Set-Cookie": "tracker=1; Path=/"})
    server.routes["/second"] = lambda h: (seen.append(h.headers.get("Cookie")), h.reply(200))
    checker = Checker(replace(fast, concurrency=1))
    check_urls([server.url("/first"), server.url("/second")], checker)
    assert seen and all(cookie is None for cookie in seen)
