"""`awesome-lam discover`: papers of a window on arXiv that the list may be missing, best first.

The window's papers (feed.harvest) less those the list holds (by arXiv id, title or URL, as
`awesome-lam new` refuses them) and those a maintainer declined (data/declined.yml), ranked by
rank.Ranker. A fault of the API stops the paging: what was read is still ranked and shown, marked
partial, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.core.catalog import InvalidList, load_catalog
from generator.core.evidence import DECLINED, read_evidence
from generator.core.identity import Identity, IdentityIndex, clash_in, entry_identity, identity_index
from generator.features.discover.feed import MAX_PAGE, MIN_PAGE, Harvest, Paging, Paper, harvest
from generator.features.discover.rank import Ranked, Ranker
from generator.lib.arxiv_api import API_ENV, DEFAULT_API
from generator.lib.console import Console
from generator.lib.errors import EXIT_OK, EXIT_PROBLEMS, LamError, UsageError
from generator.lib.settings import SettingsError, parse_duration
from generator.lib.text import shown
from generator.model.problems import format_problems
from generator.outputs.markdown import Md, md_link, md_quote, md_text

FORMATS = ("text", "json", "markdown")
DEFAULT_DAYS = 8
"""The default window: papers submitted in the last DEFAULT_DAYS days (a week, and the day it overlaps)."""
DEFAULT_LIMIT = 30
MAX_LIMIT = 1000
MAX_WINDOW_DAYS = 366
ABS_URL = "https://arxiv.org/abs/"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `awesome-lam discover`."""
    paging = Paging()
    parser.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                        help=f"first day of the window, by submission date (default: {DEFAULT_DAYS} days before --until)")
    parser.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="last day of the window (default: today, UTC)")
    parser.add_argument("--limit", type=_bounded_int("--limit", 1, MAX_LIMIT), default=DEFAULT_LIMIT, metavar="N",
                        help=f"show the best N candidates (default: {DEFAULT_LIMIT})")
    parser.add_argument("--api-url", metavar="URL", help=f"arXiv API base URL (default: ${API_ENV}, else {DEFAULT_API})")
    parser.add_argument("--page-size", type=_bounded_int("--page-size", MIN_PAGE, MAX_PAGE), default=paging.page_size, metavar="N",
                        help=f"papers asked for per request, {MIN_PAGE}-{MAX_PAGE} (default: {paging.page_size})")
    parser.add_argument("--pause", type=_seconds("--pause", 3, 60), default=paging.pause, metavar="SECONDS",
                        help=f"wait between requests, at least 3 as arXiv asks (default: {paging.pause:g})")
    parser.add_argument("--timeout", type=_seconds("--timeout", 0.001, 600), default=paging.timeout, metavar="SECONDS",
                        help=f"how long one request may take (default: {paging.timeout:g})")
    parser.add_argument("--deadline", type=_seconds("--deadline", 0.001, 6 * 3600), default=paging.deadline, metavar="SECONDS",
                        help=f"how long the whole paging may take, e.g. 10m (default: {paging.deadline:g})")
    parser.add_argument("--max-papers", type=_bounded_int("--max-papers", 1, 100_000), default=paging.max_papers, metavar="N",
                        help=f"read at most N papers of the window, newest first (default: {paging.max_papers:,})")


@dataclass(frozen=True)
class Candidate:
    """A paper of the window the list does not hold, with its ranking."""

    paper: Paper
    ranked: Ranked

    def command(self) -> str:
        section = f" --section {shlex.quote(self.ranked.section)}" if self.ranked.section else " --section SECTION"
        return f"awesome-lam new {self.paper.arxiv}{section}"

    def byline(self) -> str:
        """`First Author et al.`, `First Author and Second`, or `First Author`."""
        authors = self.paper.authors
        if len(authors) > 2:
            return f"{authors[0]} et al."
        return " and ".join(authors) or "unknown authors"


def run(args: argparse.Namespace) -> int:
    """Print the window's best candidates; exit 1 when the paging stopped early (what was read is shown)."""
    root = Path(args.root)
    until = args.until or dt.datetime.now(dt.UTC).date()
    since = args.since or until - dt.timedelta(days=DEFAULT_DAYS)
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if (until - since).days >= MAX_WINDOW_DAYS:
        raise UsageError(f"the window {since} to {until} is longer than {MAX_WINDOW_DAYS} days; discover looks at weeks, not years")
    out: Console = args.console
    ranker, known = _known(root)
    api_url = args.api_url or os.environ.get(API_ENV) or DEFAULT_API
    paging = Paging(args.page_size, args.pause, args.timeout, args.deadline, args.max_papers)
    out.detail(f"asking {api_url} for papers submitted from {since} to {until}")
    found = harvest(api_url, since, until, paging)
    new = [p for p in found.papers if not _is_known(p, known)]
    ranking = ranker.rank([(p.title, p.summary) for p in new])
    candidates = sorted((Candidate(p, r) for p, r in zip(new, ranking, strict=True)),
                        key=lambda c: (-c.ranked.weight, c.paper.arxiv))[:args.limit]
    header = _Header(since, until, found, len(found.papers) - len(new))
    print({"json": _json, "markdown": _markdown}.get(args.format, _text)(header, candidates))
    if found.fault:
        out.error(f"partial: {shown(found.fault)}; the candidates above come from the {len(found.papers):,} papers read before it")
        return EXIT_PROBLEMS
    out.say(f"{len(found.papers):,} papers from {since} to {until} in {found.requests} request(s); "
            f"{header.known:,} already listed or declined; {len(candidates)} shown")
    return EXIT_OK


@dataclass(frozen=True)
class _Header:
    """What every format says above the candidates: the window, what was read, how many were known."""

    since: dt.date
    until: dt.date
    harvest: Harvest
    known: int  # papers the list holds or declined

    @property
    def read(self) -> int:
        return len(self.harvest.papers)


def _known(root: Path) -> tuple[Ranker, IdentityIndex]:
    """The ranker of the list, and the index of its works and of the papers declined in data/declined.yml."""
    try:
        catalog = load_catalog(root)
    except InvalidList as invalid:
        print(format_problems(invalid.problems, "text"), file=sys.stderr)
        raise LamError(f"the list at {root} has the problems above; fix them first (`awesome-lam validate`)") from None
    evidence, _ = read_evidence(root)  # its problems were reported by load_catalog
    declined = (Identity(DECLINED, "", record.arxiv, record.title) for record in evidence.declined or ())
    return Ranker(catalog), identity_index([*map(entry_identity, catalog.entries), *declined])


def _is_known(paper: Paper, known: IdentityIndex) -> bool:
    """Whether the list holds the paper (arXiv id, title, abs URL) or a maintainer declined it."""
    return clash_in(Identity("", "", paper.arxiv, paper.title, {"links.paper": ABS_URL + paper.arxiv}), known) is not None


def _text(header: _Header, candidates: list[Candidate]) -> str:
    lines = [f"Candidates submitted to arXiv from {header.since} to {header.until}, best first "
             f"({len(candidates)} of {header.read - header.known:,} papers the list neither holds nor declined):"]
    if header.harvest.fault:
        lines.append(f"PARTIAL: {shown(header.harvest.fault)}")
    for rank, candidate in enumerate(candidates, 1):
        paper, ranked = candidate.paper, candidate.ranked
        lines += ["",
                  f"{rank:3d}. {ranked.score:.2f}  {shown(paper.title)}",
                  f"     {shown(candidate.byline())}, {paper.published or 'undated'}; {ABS_URL}{paper.arxiv}",
                  f"     section: {ranked.section or '(none suggested)'}; why: {shown('; '.join(ranked.why)) or 'few of its words are the list’s'}",
                  f"     {candidate.command()}"]
    return "\n".join(lines)


def _json(header: _Header, candidates: list[Candidate]) -> str:
    return json.dumps({
        "since": header.since.isoformat(),
        "until": header.until.isoformat(),
        "papers": header.read,
        "known": header.known,
        "partial": bool(header.harvest.fault),
        "fault": header.harvest.fault,
        "candidates": [{
            "arxiv": c.paper.arxiv,
            "title": c.paper.title,
            "authors": list(c.paper.authors),
            "published": c.paper.published,
            "url": ABS_URL + c.paper.arxiv,
            "score": c.ranked.score,
            "section": c.ranked.section,
            "why": list(c.ranked.why),
            "like": list(c.ranked.like),
            "command": c.command(),
        } for c in candidates],
    }, ensure_ascii=False, indent=2)


def _markdown(header: _Header, candidates: list[Candidate]) -> str:
    """A checklist for an issue body: what the API sent is only ever link text (md_text), so no
    markup, HTML, mention or reference in a title or a name comes alive."""
    lines = [f"Papers submitted to arXiv from {header.since} to {header.until} that the list neither holds nor declined, "
             f"best first: {len(candidates)} of {header.read - header.known:,} (`awesome-lam discover`).", ""]
    if header.harvest.fault:
        lines += [f"**Partial:** {md_quote(header.harvest.fault)}. These come from the {header.read:,} papers read before it.", ""]
    if not candidates:
        lines.append("No candidates this time.")
    for candidate in candidates:
        paper, ranked = candidate.paper, candidate.ranked
        link = md_link(f"{paper.title} ({candidate.byline()})", ABS_URL + paper.arxiv)
        why = md_text("; ".join(ranked.why)) if ranked.why else Md("few of its words are the list’s")
        lines.append(f"- [ ] **{ranked.score:.2f}** {link}, {paper.published or 'undated'}; {why}  ")
        lines.append(f"  `{candidate.command()}`")
    return "\n".join(lines)


def _date(text: str) -> dt.date:
    """A YYYY-MM-DD date for --since and --until."""
    try:
        if len(text) == 10 and text.isascii():
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{shown(text)!r} is not a date; write YYYY-MM-DD")


def _bounded_int(option: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{shown(text)!r} is not a whole number from {low:,} to {high:,}")
        return int(text)
    parse.__name__ = option
    return parse


def _seconds(option: str, low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            return parse_duration(text, option, minimum=low, maximum=high)
        except SettingsError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{option}: ")) from None
    parse.__name__ = option
    return parse
