"""arXiv: read an id or URL, fetch its metadata from the API, parse the Atom answer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from generator import __version__
from generator.checks import ARXIV_VERSION_RE, Invalid, check_arxiv
from generator.identity import arxiv_id_of
from generator.scaffold.work import EXIT_USAGE, ScaffoldError, Work, collapse

if TYPE_CHECKING:
    pass

DEFAULT_API = "https://export.arxiv.org"
API_ENV = "AWESOME_LAM_ARXIV_API"
USER_AGENT = f"awesome-lam/{__version__} (awesome-large-audio-models; new-entry scaffold)"
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_PREFIX_RE = re.compile(r"^arxiv:\s*", re.IGNORECASE)


def parse_reference(text: str) -> str:
    """The bare arXiv id (no version) of `2305.11000v2`, `arXiv:cs/0112017` or an arxiv.org URL."""
    raw = text.strip()
    candidate = arxiv_id_of(raw) if "://" in raw else _PREFIX_RE.sub("", raw)
    candidate = ARXIV_VERSION_RE.sub("", candidate.removesuffix(".pdf"))
    try:
        return check_arxiv(candidate)
    except Invalid as exc:
        if "://" in raw and not candidate:
            raise ScaffoldError(f"'{text}' is not an arxiv.org/abs/ or arxiv.org/pdf/ URL", EXIT_USAGE) from None
        raise ScaffoldError(f"arXiv id {exc}", EXIT_USAGE) from None


def fetch(arxiv_id: str, api_url: str, timeout: float) -> Work:
    """Ask the arXiv API for one paper; ScaffoldError (exit 1) for every way that fails.

    `timeout` bounds the whole exchange, a server that trickles its answer included.
    """
    import requests  # here, not at the top: every other awesome-lam command starts faster

    from generator.http import Deadline, TooLarge, new_session, read_capped

    url = f"{api_url.rstrip('/')}/api/query"
    headers = {"User-Agent": USER_AGENT, "Accept": "application/atom+xml"}
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
    return parse_feed(body, arxiv_id)


def _reason(exc: Exception) -> str:
    """The innermost reason of a requests error, without the URL noise around it."""
    while exc.__context__ is not None and isinstance(exc.__context__, Exception):
        exc = exc.__context__
    return str(exc).split(": ", 1)[-1] or type(exc).__name__


def parse_feed(body: bytes, arxiv_id: str) -> Work:
    """The one paper of an API answer; ScaffoldError when the answer has none or is not Atom."""
    try:
        feed = ET.fromstring(body)
    except ET.ParseError as exc:
        start = collapse(body[:60].decode("utf-8", "replace"))
        raise ScaffoldError(f"the arXiv API's answer is not valid Atom XML ({exc}); it starts with '{start}'") from None
    if feed.tag != f"{{{NS['atom']}}}feed":
        raise ScaffoldError(f"the arXiv API's answer is XML but not an Atom feed (root element {feed.tag})")
    entry = feed.find("atom:entry", NS)
    if entry is None:
        raise ScaffoldError(f"arXiv has no paper {arxiv_id}; check the id")
    entry_id = _text(entry, "atom:id")
    if "/api/errors" in entry_id:
        raise ScaffoldError(f"the arXiv API refused {arxiv_id}: {_text(entry, 'atom:summary') or 'error'}")
    title, published = _text(entry, "atom:title"), _text(entry, "atom:published")
    authors = tuple(collapse(name.text or "") for name in entry.findall("atom:author/atom:name", NS))
    if not title or not published:
        raise ScaffoldError(f"arXiv has no paper {arxiv_id} (the answer has no title or date); check the id")
    if arxiv_id_of(entry_id) not in ("", arxiv_id):
        raise ScaffoldError(f"the arXiv API answered with paper {arxiv_id_of(entry_id)} instead of {arxiv_id}")
    if not re.match(r"^\d{4}-\d{2}-\d{2}", published):
        raise ScaffoldError(f"the arXiv API gave the publication date '{published}', which is not an ISO date")
    return Work(
        title=title,
        authors=tuple(a for a in authors if a),
        date=published[:10],
        paper_url=f"https://arxiv.org/abs/{arxiv_id}",
        arxiv=arxiv_id,
        abstract=_text(entry, "atom:summary"),
    )


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    return collapse(found.text or "") if found is not None else ""
