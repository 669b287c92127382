"""`awesome-lam links`: options, and a run from sources to report and exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.lib.console import Console
from generator.lib.errors import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from generator.features.links.cache import Cache
    from generator.features.links.checker import Result
    from generator.features.links.config import Settings
    from generator.features.links.sources import Occurrence
    from generator.model.health import RepoHealth

FORMATS = ("text", "json", "markdown", "github")
"""Report formats of `awesome-lam links`."""

# The checker's modules (requests, tqdm, sqlite) are imported when the command runs, so that
# every other `awesome-lam` command starts fast.


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of `awesome-lam links`."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="entry or Markdown files to check (default: every entry)")
    parser.add_argument("--changed-since", metavar="GIT_REF",
                        help="check only URLs added or changed in entries since this git ref")
    parser.add_argument("--fix-redirects", action="store_true",
                        help="rewrite permanently redirected URLs in the files, in place")
    parser.add_argument("--strict", action="store_true", help="also fail (exit 1) on `unsure` URLs")
    parser.add_argument("--max-age", metavar="DURATION",
                        help="re-check cached results older than this (e.g. 12h, 1d; default 1d)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="YAML file of settings, over [tool.awesome-lam.links] in pyproject.toml")
    parser.add_argument("--report", action="append", default=[], metavar="FORMAT=FILE",
                        help="also write the report in FORMAT to FILE, from the same results (repeatable)")


def _occurrences(args: argparse.Namespace, root: Path, out: Console) -> list[Occurrence]:
    from generator.features.links.sources import SourceError, changed_links, entry_links, links_in_file

    if args.paths and args.changed_since:
        raise SourceError("give either PATH... or --changed-since, not both")
    if args.changed_since:
        return changed_links(root, args.changed_since)
    if args.paths:
        found: list[Occurrence] = []
        for path in args.paths:
            found += links_in_file(root / path if (root / path).exists() else path, root)
        return found
    found, skipped = entry_links(root)
    for message in skipped:
        out.error(f"skipped (run `awesome-lam check`): {message}")
    return found


def _check(urls: list[str], settings: Settings, cache: Cache | None, health: Mapping[str, RepoHealth],
           out: Console) -> dict[str, Result]:
    """Results for every URL: repository pages from the GitHub data, then the cache, then the network."""
    from generator.features.links.checker import Checker, check_urls
    from generator.features.links.repos import repository_verdicts

    known = repository_verdicts(urls, health, settings.max_age, dt.datetime.now(dt.UTC))
    cached = cache.fresh([url for url in urls if url not in known]) if cache else {}
    cached.update(known)
    todo = [url for url in urls if url not in cached]
    out.detail(f"{len(urls)} URLs: {len(known)} from the repository data, {len(cached) - len(known)} from the cache, {len(todo)} to check")
    with out.progress(len(todo), "URL") as step:
        results = check_urls(todo, Checker(settings), on_result=lambda _: step())
    if cache:
        cache.store(results.values())
    return {**results, **cached}


def _reports(values: list[str]) -> list[tuple[str, Path]]:
    """(format, file) of each `--report FORMAT=FILE`; a UsageError for anything else."""
    from generator.lib.errors import UsageError

    reports = []
    for value in values:
        fmt, sep, file = value.partition("=")
        if not sep or fmt not in FORMATS or not file:
            raise UsageError(f"--report {value!r}: write FORMAT=FILE, FORMAT one of {', '.join(FORMATS)}")
        reports.append((fmt, Path(file)))
    return reports


def run(args: argparse.Namespace) -> int:
    """Check the URLs; exit 1 if any is broken (or unsure with --strict). Settings, paths and data
    that cannot be used raise a LamError (exit 2 for usage, 1 for the list's data)."""
    from generator.core.health import load_health
    from generator.features.links.cache import Cache
    from generator.features.links.checker import BROKEN, REDIRECTED, UNSURE, without_fragment
    from generator.features.links.config import load_settings
    from generator.features.links.fix import fix_redirects
    from generator.features.links.report import problems, render, summarize
    from generator.lib.files import Unwritable, write_atomic
    from generator.lib.settings import parse_duration

    root = Path(args.root)
    out: Console = args.console
    started = time.monotonic()
    reports = _reports(args.report)
    settings = load_settings(root, args.config)
    if args.max_age is not None:
        settings = replace(settings, max_age=parse_duration(args.max_age, "--max-age"))
    occurrences = [o for o in _occurrences(args, root, out) if not settings.excluded(o.url)]
    cache = None if args.no_cache else Cache(root / settings.cache_dir, settings.max_age)
    health = load_health(root)
    urls = list(dict.fromkeys(without_fragment(o.url) for o in occurrences))
    results = _check(urls, settings, cache, health, out)
    found = problems(occurrences, results)
    if args.fix_redirects:
        moves = [(o, r.final_url) for o, r in found if r.verdict == REDIRECTED and r.final_url]
        fixed, missed = fix_redirects(root, moves, settings.allow_internal)
        for message in missed:
            out.error(message)
        if fixed:
            files = len({o.path for o in fixed})
            out.say(f"fixed {len(fixed)} redirected URLs in {files} files; run `awesome-lam build` to refresh the README")
    summary = summarize(results, time.monotonic() - started)
    print(render(args.format, occurrences, results, summary))
    for fmt, file in reports:  # the same results in another format: a second run could say otherwise
        try:
            write_atomic(file, render(fmt, occurrences, results, summary) + "\n")
        except OSError as exc:
            raise Unwritable(f"cannot write the report {file}: {exc.strerror or exc}") from None
    failing = {BROKEN, UNSURE} if args.strict else {BROKEN}
    return EXIT_PROBLEMS if any(r.verdict in failing for _, r in found) else EXIT_OK
