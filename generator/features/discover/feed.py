"""The papers submitted to arXiv in a window, in the categories where this field publishes, page by page.

arXiv asks API clients for one request every 3 seconds and at most 2,000 results a page; `Paging`
holds those limits, a deadline for the whole run and a ceiling on the papers of one window. Whatever
stops the paging early (an error, an answer that is not Atom, a page that repeats one before, the
deadline, the ceiling) is kept as `Harvest.fault`, and the papers already read are kept with it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from generator import user_agent
from generator.lib.arxiv import arxiv_key, id_in_path
from generator.lib.arxiv_api import NS, atom_feed, authors_of, text_of
from generator.lib.errors import LamError
from generator.lib.urls import url_parts

AUDIO_CATEGORIES = ("cs.SD", "eess.AS")
"""Every paper of these categories is asked for."""
NEIGHBOUR_CATEGORIES = ("cs.CL", "cs.LG", "cs.MM")
"""Papers of these categories are asked for when their abstract speaks of one of AUDIO_WORDS."""
AUDIO_WORDS = ("speech", "audio", "music", "sound")
MIN_PAGE, MAX_PAGE = 100, 2000  # the page sizes --page-size allows: at most arXiv's published limit of 2,000
MAX_PAGE_BYTES = 32 * 1024 * 1024
"""A page of 2,000 papers is about 6 MiB of Atom; an answer larger than this is refused."""


@dataclass(frozen=True)
class Paper:
    """One paper of the window as the API describes it."""

    arxiv: str  # without version
    title: str
    authors: tuple[str, ...]
    published: str  # YYYY-MM-DD of version 1
    summary: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Paging:
    """How `harvest` pages: results per page, seconds between requests and per request, the whole
    run's deadline and the most papers it reads."""

    page_size: int = 500
    pause: float = 3.0
    timeout: float = 30.0
    deadline: float = 600.0
    max_papers: int = 5000


@dataclass
class Harvest:
    """The papers read, and why the paging stopped early ('' when it read the whole window)."""

    papers: list[Paper] = field(default_factory=list)
    fault: str = ""
    requests: int = 0


def search_query(since: dt.date, until: dt.date) -> str:
    """The API's `search_query` for papers of the field submitted from `since` to `until`, both included."""
    audio = " OR ".join(f"cat:{c}" for c in AUDIO_CATEGORIES)
    neighbours = " OR ".join(f"cat:{c}" for c in NEIGHBOUR_CATEGORIES)
    words = " OR ".join(f"abs:{w}" for w in AUDIO_WORDS)
    window = f"submittedDate:[{since:%Y%m%d}0000 TO {until:%Y%m%d}2359]"
    return f"({audio} OR (({neighbours}) AND ({words}))) AND {window}"


def harvest(api_url: str, since: dt.date, until: dt.date, paging: Paging,
            sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> Harvest:
    """Every paper of the window, newest first, read page by page; a fault stops the paging and is kept."""
    import requests  # here: commands that make no request do not pay for importing requests

    from generator.lib.http import Deadline, TooLarge, error_reason, new_session, read_capped

    url = f"{api_url.rstrip('/')}/api/query"
    headers = {"User-Agent": user_agent("discover"), "Accept": "application/atom+xml"}
    result = Harvest()
    seen: set[str] = set()
    started = clock()
    query = search_query(since, until)
    with new_session(1) as session:
        start = 0
        while True:
            left = paging.deadline - (clock() - started)
            if left <= 0:
                result.fault = f"stopped after {paging.deadline:g} s (--deadline) with {start} papers read"
                return result
            params: dict[str, str | int] = {"search_query": query, "start": start, "max_results": paging.page_size,
                                            "sortBy": "submittedDate", "sortOrder": "descending"}
            where = f"the arXiv API at {api_url} (papers {start + 1}-{start + paging.page_size})"
            result.requests += 1
            watchdog = Deadline(min(paging.timeout, left))
            try:
                with watchdog:
                    with session.get(url, params=params, headers=headers, timeout=min(paging.timeout, left), stream=True) as response:
                        if response.status_code != 200:
                            result.fault = f"{where} answered HTTP {response.status_code} {response.reason or ''}".rstrip()
                            return result
                        body = read_capped(response, MAX_PAGE_BYTES)
                        content_type = response.headers.get("Content-Type", "")
                if watchdog.expired:
                    raise requests.Timeout()
                page, total = read_page(body, content_type, where)
            except TooLarge:
                result.fault = f"{where} sent more than {MAX_PAGE_BYTES // 2**20} MiB"
                return result
            except requests.RequestException as exc:
                if watchdog.expired or isinstance(exc, requests.Timeout):
                    result.fault = f"{where} did not answer within {min(paging.timeout, left):g} s"
                else:
                    result.fault = f"{where} could not be reached: {error_reason(exc)}"
                return result
            except LamError as exc:
                result.fault = str(exc)
                return result
            new = [paper for paper in page if paper.arxiv not in seen]
            if page and not new:
                result.fault = f"{where} repeated papers it had already sent; stopped there"
                return result
            for paper in new:
                seen.add(paper.arxiv)
                if paper.published and paper.published < since.isoformat():
                    return result  # newest first: the window is read
                if paper.published <= until.isoformat():
                    result.papers.append(paper)
            start += len(page)
            if len(page) < paging.page_size or (total is not None and start >= total):
                return result
            if start >= paging.max_papers:
                result.fault = (f"the window holds more than {paging.max_papers:,} papers (--max-papers); "
                                "read the newest of them; narrow it with --since and --until")
                return result
            sleep(paging.pause)


def read_page(body: bytes, content_type: str, where: str) -> tuple[list[Paper], int | None]:
    """The papers of one answer and the total the API reports (None when it reports none)."""
    feed = atom_feed(body, content_type, f"the answer of {where}")
    papers = []
    for entry in feed.findall("atom:entry", NS):
        entry_id = text_of(entry, "atom:id")
        parts = url_parts(entry_id)
        arxiv = arxiv_key(id_in_path(parts.path)) if parts is not None else ""
        if not arxiv:
            if "/api/errors" in entry_id:
                raise LamError(f"{where} refused the query: {text_of(entry, 'atom:summary')[:200] or 'error'}")
            continue  # not a paper
        published = text_of(entry, "atom:published")[:10]
        papers.append(Paper(
            arxiv=arxiv,
            title=text_of(entry, "atom:title"),
            authors=authors_of(entry),
            published=published if _is_date(published) else "",
            summary=text_of(entry, "atom:summary"),
            categories=tuple(c.get("term", "") for c in entry.findall("atom:category", NS) if c.get("term")),
        ))
    total = text_of(feed, "opensearch:totalResults")
    return papers, int(total) if total.isascii() and total.isdigit() else None


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return text.isascii()
