"""A real HTTP server on 127.0.0.1 that answers `GET /api/query?search_query=...` like the arXiv API:
the papers of the query's submission window and categories, newest first, a page at a time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from tests.local_server import LocalServer, Reply, send

_WINDOW = re.compile(r"submittedDate:\[(\d{8})0000 TO (\d{8})2359\]")


@dataclass(frozen=True)
class Listed:
    """A paper the fake API holds."""

    arxiv: str
    title: str
    summary: str
    published: dt.date
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    categories: tuple[str, ...] = ("cs.SD",)


@dataclass
class Behaviour:
    """How the fake API misbehaves: replies by request number (from 0), a window it ignores, pages it repeats."""

    replies: dict[int, Reply] = field(default_factory=dict)
    ignore_window: bool = False
    repeat_first_page: bool = False


class FakeListing(LocalServer):
    def __init__(self, papers: list[Listed]) -> None:
        super().__init__(_Handler)
        self.papers = papers
        self.behaviour = Behaviour()
        self.requests: list[dict[str, str]] = []

    def answer(self, query: dict[str, str]) -> bytes:
        """The Atom page arXiv would send for the query."""
        match = _WINDOW.search(query.get("search_query", ""))
        selected: list[Listed] = [p for p in self.papers if _in_categories(p, query.get("search_query", ""))]
        if match and not self.behaviour.ignore_window:
            since, until = (dt.datetime.strptime(d, "%Y%m%d").date() for d in match.groups())
            selected = [p for p in selected if since <= p.published <= until]
        selected.sort(key=lambda p: (p.published, p.arxiv), reverse=True)
        start = 0 if self.behaviour.repeat_first_page else int(query.get("start", "0"))
        size = int(query.get("max_results", "10"))
        return feed(selected[start:start + size], len(selected))


def _in_categories(paper: Listed, search: str) -> bool:
    """arXiv's reading of the query's categories: any category asked for, or a neighbour one whose
    abstract has one of the words asked for."""
    asked = set(re.findall(r"cat:([\w.]+)", search))
    words = re.findall(r"abs:(\w+)", search)
    audio = {"cs.SD", "eess.AS"} & asked
    if audio & set(paper.categories):
        return True
    return bool((asked - audio) & set(paper.categories)) and any(w in paper.summary.lower() for w in words)


def feed(papers: list[Listed], total: int) -> bytes:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/{p.arxiv}v1</id><published>{p.published}T12:00:00Z</published>"
        f"<title>{escape(p.title)}</title><summary>{escape(p.summary)}</summary>"
        + "".join(f"<author><name>{escape(a)}</name></author>" for a in p.authors)
        + "".join(f'<category term="{c}"/>' for c in p.categories) + "</entry>"
        for p in papers)
    return (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><title>query</title>'
            f"<opensearch:totalResults>{total}</opensearch:totalResults>{entries}</feed>").encode()


class _Handler(BaseHTTPRequestHandler):
    server: FakeListing

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        number = len(self.server.requests)
        self.server.requests.append(query)
        reply = self.server.behaviour.replies.get(number)
        if parts.path != "/api/query":
            reply = Reply(b"not found", 404, "text/plain")
        elif reply is None:
            reply = Reply(self.server.answer(query))
        send(self, reply)
