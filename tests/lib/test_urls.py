"""The one URL rule (generator.lib.urls.url_problem), on what the entries' and the link checker's tests do not reach."""

from __future__ import annotations

import pytest

from generator.lib.urls import url_problem


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://аrxiv.org/abs/2305.11000", "'аrxiv.org' (xn--rxiv-43d.org) mixes Cyrillic and Latin letters"),  # Cyrillic а
        ("https://gіthub.com/a/b", "'gіthub.com' (xn--gthub-n2e.com) mixes Cyrillic and Latin letters"),  # Cyrillic і
        ("https://gοogle.com/", "'gοogle.com' (xn--gogle-rce.com) mixes Greek and Latin letters"),  # Greek ο
        ("https://www.аrxiv.org:443/abs/1", "'www.аrxiv.org' (www.xn--rxiv-43d.org) mixes Cyrillic and Latin letters"),
        ("https://xn--rxiv-43d.org/abs/1", "'аrxiv.org' (xn--rxiv-43d.org) mixes Cyrillic and Latin letters"),  # the same, in punycode
        ("https://XN--GTHUB-N2E.com/a/b", "'gіthub.com' (xn--gthub-n2e.com) mixes Cyrillic and Latin letters"),
        ("https://docs.gіthub.io/", "'docs.gіthub.io' (docs.xn--gthub-n2e.io) mixes Cyrillic and Latin letters"),
        # one script throughout, but every letter a Latin look-alike, under a Latin top-level domain
        ("https://аррӏе.com/", "'аррӏе.com' (xn--80ak6aa92e.com) is written in Cyrillic letters that look like Latin ones"),
    ],
)
def test_look_alike_host_names_are_refused(url: str, shown: str) -> None:
    assert url_problem(url) == f"has a look-alike host name: {shown}, which a reader takes for another site; write the host in one script"


@pytest.mark.parametrize(
    "url",
    [
        "https://bücher.de/x",  # Latin with diacritics
        "https://xn--bcher-kva.de/x",
        "https://пример.рф/",  # Cyrillic under a Cyrillic domain
        "https://москва.com/",  # Cyrillic letters that are not all Latin look-alikes
        "https://例え.jp/",  # Han and Hiragana: Japanese mixes them, as browsers allow
        "https://テスト.example.com/",
        "https://한국어.kr/",
        "https://δοκιμή.gr/",
        "https://münchen-2.de/",
        "https://arxiv.org/abs/2305.11000",
    ],
)
def test_host_names_in_one_script_pass(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize("url", ["https://bit.ly/musicmagus-demo", "http://www.tinyurl.com/abc", "https://T.CO/x", "https://goo.gl/maps/1"])
def test_public_link_shorteners_are_refused(url: str) -> None:
    host = url.split("/")[2].lower()
    assert url_problem(url) == f"goes through '{host}', a public link shortener that hides where it leads; give the address it redirects to"


@pytest.mark.parametrize("url", ["https://aka.ms/valler", "https://g.co/audioset", "https://bitly.example.org/x", "https://notbit.ly/x"])
def test_organisations_short_domains_and_look_alike_names_pass(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://103.170.5.190:17860/", "103.170.5.190"),  # Lyra's README demo: a lab server with no host name
        ("http://8.8.8.8/x", "8.8.8.8"),
        ("http://134744072/", "134744072"),  # 8.8.8.8 as one number, which resolvers accept
        ("https://[2001:4860:4860::8888]/demo", "2001:4860:4860::8888"),
    ],
)
def test_public_ip_addresses_are_refused(url: str, host: str) -> None:
    assert url_problem(url) == (f"points to the bare IP address '{host}', which names no site and rarely lasts;"
                                " link to a page under a host name")
