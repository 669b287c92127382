"""arXiv: read an id or URL, fetch its metadata from the API, parse the Atom answer."""

from __future__ import annotations

import re

from generator import user_agent
from generator.features.new.work import ScaffoldError, Work, checked_arxiv, shown
from generator.lib.arxiv import arxiv_id_of, without_version
from generator.lib.arxiv_api import API_ENV, DEFAULT_API, NS, atom_feed, authors_of, text_of
from generator.lib.errors import EXIT_USAGE, LamError

__all__ = ["API_ENV", "DEFAULT_API", "fetch", "parse_feed", "parse_reference"]

MAX_RESPONSE_BYTES = 2 * 1024 * 1024
_PREFIX_RE = re.compile(r"^arxiv:\s*", re.IGNORECASE)


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

    from generator.lib.http import Deadline, TooLarge, error_reason, new_session, read_capped

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
                f"cannot reach the arXiv API at {api_url} ({error_reason(exc)}); are you offline? "
                "Try again later, or use --from-bibtex FILE"
            ) from None
        raise ScaffoldError(f"asking the arXiv API at {api_url} failed: {error_reason(exc)}") from None
    return parse_feed(body, arxiv_id, api_url, content_type)



def parse_feed(body: bytes, arxiv_id: str, api_url: str = DEFAULT_API, content_type: str = "") -> Work:
    """The one paper of an API answer; ScaffoldError when the answer has none or is not UTF-8 Atom."""
    try:
        feed = atom_feed(body, content_type, f"the answer of the arXiv API at {api_url}")
    except LamError as exc:
        raise ScaffoldError(str(exc)) from None
    entry = feed.find("atom:entry", NS)
    if entry is None:
        raise ScaffoldError(f"arXiv has no paper {arxiv_id}; check the id")
    entry_id = text_of(entry, "atom:id")
    if "/api/errors" in entry_id:
        raise ScaffoldError(f"the arXiv API refused {arxiv_id}: {shown(text_of(entry, 'atom:summary') or 'error', 200)}")
    title, published = text_of(entry, "atom:title"), text_of(entry, "atom:published")
    authors = authors_of(entry)
    if not title or not published:
        raise ScaffoldError(f"arXiv has no paper {arxiv_id} (the answer has no title or date); check the id")
    if arxiv_id_of(entry_id) not in ("", arxiv_id):
        raise ScaffoldError(f"the arXiv API answered with paper {shown(arxiv_id_of(entry_id))} instead of {arxiv_id}")
    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):  # ASCII digits: `\d` also matches `２`
        raise ScaffoldError(f"the arXiv API gave the publication date '{shown(published)}', which is not an ISO date")
    return Work(
        title=title,
        authors=authors,
        date=published[:10],
        paper_url=f"https://arxiv.org/abs/{arxiv_id}",
        arxiv=arxiv_id,
        abstract=text_of(entry, "atom:summary"),
    )

