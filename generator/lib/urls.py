"""URLs, known to nothing of the list: their normal form, whether a public link may point there, GitHub repositories.

`url_problem` is the private-address guard: a link to this machine or a private network
(`localhost`, `10.0.0.1`, cloud metadata at `169.254.169.254`, any spelling of them) means
nothing to a reader and, requested by the link checker on a CI runner, reaches services that
must stay private. It is also the look-alike guard: a host name that mixes scripts (`аrxiv.org`
with a Cyrillic `а`) shows as the site it imitates, so it is refused, as browsers show it as
punycode. And it is the shortener guard: a public link shortener (`bit.ly`), where anyone can make
a short address lead anywhere, hides from reviewers where a link goes and can be repointed after
review, so it is refused; organisations' own short domains (`aka.ms`, `g.co`) are not public ones.
A public IP address (`103.170.5.190:17860`) is refused too: it names no site a reader can judge,
and such servers (a lab's temporary demo) rarely outlive the week.
Every URL an entry holds, and every redirect the link checker follows, passes it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit


class UrlParts(NamedTuple):
    """An http(s) URL's host (with a non-default port), path and query, normalised by `url_parts`.

    `simple`: nothing in path or query needed escaping; otherwise they may hold characters that
    must be escaped, as written, and the query its escapes as written.
    """

    host: str
    path: str
    query: str
    simple: bool


_PUBLIC_SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly", "rebrand.ly",
    "cutt.ly", "shorturl.at", "t.ly", "rb.gy", "tiny.cc", "s.id", "bl.ink", "short.io", "dwz.cn", "url.cn",
})
"""Hosts where anyone can make a short address that redirects anywhere."""


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


_INTERNAL_NAMES = ("localhost", "local", "internal", "localdomain", "home.arpa", "lan", "intranet", "corp")


_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}")  # 127.1, 0x7f.0.0.1, 2130706433


def ip_address_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host name spells, in any form a resolver accepts (`127.1`, `0x7f.0.0.1`), or None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def internal_address(host: str) -> bool:
    """Whether a host (lowercase, as `urlsplit(...).hostname` gives it) is this machine or a private network.

    Such links mean nothing to a reader and, requested by the link checker on a CI runner, reach
    services that must stay private (cloud metadata at 169.254.169.254, a local database).
    """
    address = ip_address_of(host)
    if address is not None:
        mapped = getattr(address, "ipv4_mapped", None) or getattr(address, "sixtofour", None)
        address = mapped or address
        return not address.is_global or address.is_multicast
    name = host.rstrip(".")
    labels = name.split(".")
    return labels[0] == "localhost" or any(name == n or name.endswith("." + n) for n in _INTERNAL_NAMES)


def valid_host_name(host: str) -> bool:
    """Dot-separated labels of letters, digits and inner hyphens (IDN allowed), at least two."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return len(labels) >= 2 and all(_HOST_LABEL.match(label) for label in labels)


def url_problem(url: str) -> str | None:
    """What makes an absolute URL unusable as a public link ('has no valid host name', ...), or None."""
    simple = _SIMPLE_URL_RE.fullmatch(url)
    if simple:  # the common case (no port, user or escapes): only the host can be wrong
        return host_problem(simple.group(1).lower())
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError for ports out of range or not numbers
        host = parts.hostname or ""
    except ValueError:
        return "is not a valid URL (check the brackets and the port)"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an absolute http:// or https:// URL"
    if "@" in parts.netloc or not host:
        return "has no valid host name"
    if port == 0:
        return "has port 0; remove the port or give a real one"
    return host_problem(host)


@lru_cache(maxsize=4096)
def host_problem(host: str) -> str | None:
    """What makes a host name (lowercase) unusable in a public link, or None; remembered, as a
    list names the same few hosts (arxiv.org, github.com) thousands of times."""
    if internal_address(host):
        return f"points to '{host}', an address of this machine or a private network; link to a public address"
    if ip_address_of(host) is not None:
        return f"points to the bare IP address '{host}', which names no site and rarely lasts; link to a page under a host name"
    if not valid_host_name(host):
        return "has no valid host name"
    if host.rstrip(".").removeprefix("www.") in _PUBLIC_SHORTENERS:
        return f"goes through '{host}', a public link shortener that hides where it leads; give the address it redirects to"
    if not host.isascii() or "xn--" in host:
        look_alike = look_alike_host(host)
        if look_alike:
            return f"has a look-alike host name: {look_alike}, which a reader takes for another site; write the host in one script"
    return None


# Scripts a label may mix, as browsers allow (Unicode TS 39, "highly restrictive"): Japanese, Chinese
# and Korean writing mix with Latin; any other mix (Cyrillic `а` in `аrxiv`) shows as punycode.


_ALLOWED_MIXES = (frozenset({"Latin", "Han", "Hiragana", "Katakana"}), frozenset({"Latin", "Han", "Bopomofo"}),
                  frozenset({"Latin", "Han", "Hangul"}))


_SCRIPT_OF_NAME = {"CJK": "Han", "IDEOGRAPHIC": "Han", "KATAKANA-HIRAGANA": ""}  # first words of names that are not a script's


_CYRILLIC_LOOK_ALIKES = frozenset("аеорсухіјѕһӏԁԛԝ")  # Cyrillic letters drawn as Latin ones (а, е, о, р...)


def _script(char: str) -> str:
    """The script of a letter ('Latin', 'Cyrillic', 'Han'...), from its Unicode name; '' for digits,
    hyphens and marks, which go with any script."""
    if not unicodedata.category(char).startswith("L"):
        return ""
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return _SCRIPT_OF_NAME.get(word, word.title())


def look_alike_host(host: str) -> str | None:
    """How a host name (lowercase) can pass for another, or None: a label that mixes scripts
    ('аrxiv.org' mixes Cyrillic and Latin letters), or one of Cyrillic letters that all look Latin
    under a Latin top-level domain ('аррӏе.com'). Punycode labels (`xn--`) are read as what they spell."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
        unicode_host = ascii_host.encode("ascii").decode("idna")
    except UnicodeError:
        return None  # not a valid IDN: `valid_host_name` says so
    labels = unicode_host.split(".")
    shown = f"'{unicode_host}' ({ascii_host})"
    for label in labels:
        scripts = {script for char in label if (script := _script(char))}
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in _ALLOWED_MIXES):
            return f"{shown} mixes {' and '.join(sorted(scripts))} letters"
        if scripts == {"Cyrillic"} and labels[-1].isascii() and all(c in _CYRILLIC_LOOK_ALIKES for c in label if _script(c)):
            return f"{shown} is written in Cyrillic letters that look like Latin ones"
    return None


# The common case: no port, no user, nothing escaped or to escape in path and query (`url_parts` is quicker)


_SIMPLE_URL_RE = re.compile(
    r"https?://([A-Za-z0-9.-]+)(/[A-Za-z0-9\-._~:/@!$&'()*+,;=]*)?(?:\?([A-Za-z0-9\-._~:/?@!$&'()*+,;=]*))?(?:#.*)?", re.ASCII | re.DOTALL
)


_DEFAULT_PORTS = {"http": 80, "https": 443}


_PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})", re.ASCII)


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


_SLASHES_RE = re.compile(r"//+", re.ASCII)


def url_parts(url: str) -> UrlParts | None:
    """Host, path and query of an http(s) URL, host and path normalised; None for any other URL.

    Set aside in the host: case, a trailing dot, a leading `www.`, the scheme's default port,
    IDNA (`bücher.de` is `xn--bcher-kva.de`); in the path: doubled and trailing slashes, `.` and
    `..` segments, the case of percent-escapes and escapes of unreserved characters (`%7E` is `~`).

    Unless `simple`, path and query may hold characters that must be escaped, as written
    (`arxiv_id_of` reads them), and query escapes as written. None for anything but an http(s) URL.
    """
    simple = _SIMPLE_URL_RE.fullmatch(url)
    if simple:  # the common case, without urlsplit
        host, path, query = simple.group(1).lower(), simple.group(2) or "", simple.group(3) or ""
        port = ""
    else:
        try:
            parts = urlsplit(url.strip())
            number = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            return None
        host, path, query = parts.hostname or "", parts.path, parts.query
        port = f":{number}" if number is not None and number != _DEFAULT_PORTS[scheme] else ""
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                pass
        if ":" in host:  # an IPv6 address
            host = f"[{host}]"
    host = host.rstrip(".").removeprefix("www.") + port
    if "%" in path:
        path = normal_escapes(path)
    if "//" in path:
        path = _SLASHES_RE.sub("/", path)
    if "/." in path:
        path = _without_dot_segments(path)
    return UrlParts(host, path.rstrip("/"), query, simple is not None)


def normal_escapes(text: str) -> str:
    """`text` with each percent-escape of an unreserved character decoded (`%7E` is `~`) and the others in upper case."""
    return _PERCENT_RE.sub(_percent_escape, text)


def _percent_escape(match: re.Match[str]) -> str:
    """An unreserved character for its escape (`%7E` -> `~`); any other escape in upper case."""
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else f"%{match.group(1).upper()}"


def _without_dot_segments(path: str) -> str:
    """The path with `.` and `..` segments resolved (RFC 3986, 5.2.4)."""
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    return "/" + "/".join(kept)


GITHUB = "github.com"
"""GitHub's host as `url_parts` gives it (`www.` dropped); repositories live at `github.com/OWNER/NAME`."""


_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")


_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


# First path segments of github.com that are pages of the site, not owners.


_NOT_OWNERS = frozenset({
    "about", "apps", "collections", "customer-stories", "enterprise", "events", "explore",
    "features", "issues", "join", "login", "marketplace", "new", "notifications", "orgs",
    "organizations", "pricing", "pulls", "search", "security", "settings", "site", "sponsors",
    "topics", "trending", "users",
})


def is_github(url: str) -> bool:
    """Whether an http(s) URL is a page of github.com (`www.` or not)."""
    parts = url_parts(url)
    return parts is not None and parts.host == GITHUB


def github_repo(url: str) -> str | None:
    """`owner/name` of a `https://github.com/OWNER/REPO[/...]` URL; None for other pages."""
    parts = url_parts(url)
    if parts is None or parts.host != GITHUB:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        return None  # an organisation or user page
    owner, name = segments[0], segments[1].removesuffix(".git")
    if owner.lower() in _NOT_OWNERS or not _OWNER.fullmatch(owner):
        return None
    if not _NAME.fullmatch(name) or name in (".", ".."):
        return None
    return f"{owner}/{name}"


def repo_key(repo: str) -> str:
    """The key of a repository in the data: GitHub names are case-insensitive."""
    return repo.lower()  # as RepoHealth.key
