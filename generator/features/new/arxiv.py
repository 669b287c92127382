"""arXiv: read an id or URL, fetch its metadata from the API, parse the Atom answer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator import user_agent
from generator.features.new.work import ScaffoldError, Work, checked_arxiv, collapse, shown
from generator.lib.arxiv import arxiv_id_of, without_version
from generator.lib.errors import EXIT_USAGE

DEFAULT_API = "https://export.arxiv.org"
API_ENV = "AWESOME_LAM_ARXIV_API"
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_PREFIX_RE = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_CHARSET_RE = re.compile(r';\s*charset\s*=\s*"?([^";]*)', re.IGNORECASE)
_DECLARED_RE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
_UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")  # ASCII is UTF-8


def parse_reference(text: str) -> str:
    """The bare arXiv id (no version) of `2305.11000v2`, `arXiv:cs/0112017` or an arxiv.org URL."""
    raw = text.strip()
    candidate = arxiv_id_of(raw) if "://" in raw else _PREFIX_RE.sub("", raw)
    candidate = without_version(candidate.removesuffix(".pdf"))
    if "://" in raw and not candidate:
        raise ScaffoldError(f"'{shown(text)}' is not an arxiv.org/abs/ or arxiv.org/pdf/ URL", EXIT_USAGE)
    return checked_arxiv(candidate, EXIT_USAGE)


def fetch(arxiv_id: str, api_url: str, timeout: float) -> Work:
    """Ask the arXiv API for one paper; ScaffoldError (exit 1) for every way that fails.

    `timeout` bounds the whole exchange, a server that trickles its answer included.
    """
    import requests  # here, not at the top: every other awesome-lam command starts faster

    from generator.lib.http import Deadline, TooLarge, new_session, read_capped

    url = f"{api_url.rstrip('/')}/api/query"
    headers = {"User-Agent": user_agent("new"), "Accept": "application/atom+xml"}
    too_slow = f"the arXiv API at {api_url} did not answer within {timeout:g} s; try again later, raise --timeout, or use --from-bibtex FILE"
    try:
        with new_session(1) as session, Deadline(timeout) as watchdog:
            with session.get(url, params={"id_list": arxiv_id}, headers=headers, timeout=timeout, stream=True) as response:
                if response.status_code != 200:
                    raise ScaffoldError(
                        f"the arXiv API at {api_url} answered HTTP {response.status_code} {response.reason or ''}".rstrip()
                        + "; try again later, or use --from-bibtex FILE"
                    )
                body = read_capped(response, MAX_RESPONSE_BYTES)
                content_type = response.headers.get("Content-Type", "")
            if watchdog.expired:
                raise ScaffoldError(too_slow)
    except TooLarge:
        raise ScaffoldError(f"the arXiv API's answer is larger than {MAX_RESPONSE_BYTES // 1024} KiB; is --api-url right?") from None
    except requests.RequestException as exc:
        if watchdog.expired or isinstance(exc, requests.Timeout):
            raise ScaffoldError(too_slow) from None
        if isinstance(exc, requests.ConnectionError):
            raise ScaffoldError(
                f"cannot reach the arXiv API at {api_url} ({_reason(exc)}); are you offline? "
                "Try again later, or use --from-bibtex FILE"
            ) from None
        raise ScaffoldError(f"asking the arXiv API at {api_url} failed: {_reason(exc)}") from None
    return parse_feed(body, arxiv_id, api_url, content_type)


def _reason(exc: Exception) -> str:
    """The innermost reason of a requests error, without the URL noise around it."""
    while exc.__context__ is not None and isinstance(exc.__context__, Exception):
        exc = exc.__context__
    return str(exc).split(": ", 1)[-1] or type(exc).__name__


def parse_feed(body: bytes, arxiv_id: str, api_url: str = DEFAULT_API, content_type: str = "") -> Work:
    """The one paper of an API answer; ScaffoldError when the answer has none or is not UTF-8 Atom."""
    answer = f"the answer of the arXiv API at {api_url}"
    text = decode_answer(body, content_type, answer)
    try:
        feed = ET.fromstring(text)  # text, not bytes: expat reads it as decoded, whatever it declares
    except ET.ParseError as exc:
        raise ScaffoldError(f"{answer} is not valid Atom XML ({exc}); it starts with '{shown(collapse(text[:200]), 60)}'") from None
    if feed.tag != f"{{{NS['atom']}}}feed":
        raise ScaffoldError(f"{answer} is XML but not an Atom feed (root element {shown(feed.tag)})")
    entry = feed.find("atom:entry", NS)
    if entry is None:
        raise ScaffoldError(f"arXiv has no paper {arxiv_id}; check the id")
    entry_id = _text(entry, "atom:id")
    if "/api/errors" in entry_id:
        raise ScaffoldError(f"the arXiv API refused {arxiv_id}: {shown(_text(entry, 'atom:summary') or 'error', 200)}")
    title, published = _text(entry, "atom:title"), _text(entry, "atom:published")
    authors = tuple(collapse(name.text or "") for name in entry.findall("atom:author/atom:name", NS))
    if not title or not published:
        raise ScaffoldError(f"arXiv has no paper {arxiv_id} (the answer has no title or date); check the id")
    if arxiv_id_of(entry_id) not in ("", arxiv_id):
        raise ScaffoldError(f"the arXiv API answered with paper {shown(arxiv_id_of(entry_id))} instead of {arxiv_id}")
    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):  # ASCII digits: `\d` also matches `２`
        raise ScaffoldError(f"the arXiv API gave the publication date '{shown(published)}', which is not an ISO date")
    return Work(
        title=title,
        authors=tuple(a for a in authors if a),
        date=published[:10],
        paper_url=f"https://arxiv.org/abs/{arxiv_id}",
        arxiv=arxiv_id,
        abstract=_text(entry, "atom:summary"),
    )


def decode_answer(body: bytes, content_type: str, answer: str) -> str:
    """The answer as text: UTF-8 (the arXiv API's encoding), whatever else its header or XML declaration claims is refused."""
    declared = _DECLARED_RE.match(body)
    charset = _CHARSET_RE.search(content_type)
    for name in (charset.group(1) if charset else None, declared.group(1).decode("latin-1") if declared else None):
        if name is not None and name.strip().lower() not in _UTF8_NAMES:
            raise ScaffoldError(f"{answer} declares the encoding '{shown(name)}'; only UTF-8 is read (is --api-url right?)")
    try:
        return body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{answer} is not valid UTF-8 (byte {exc.start}); is --api-url right?") from None


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    return collapse(found.text or "") if found is not None else ""
