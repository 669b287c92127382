"""`awesome-lam links`: options, and a run from sources to report and exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.features.links import FORMATS
from generator.lib.text import shown

if TYPE_CHECKING:
    from generator.features.links.cache import Cache
    from generator.features.links.checker import Result
    from generator.features.links.config import Settings
    from generator.features.links.sources import Occurrence
    from generator.model.health import RepoHealth

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
    parser.add_argument("--format", dest="links_format", choices=FORMATS,
                        help="report format (default: the global --format, else text)")


def _fail(message: str) -> int:
    print(shown(f"awesome-lam links: {message}"), file=sys.stderr)
    return 2


def _occurrences(args: argparse.Namespace, root: Path) -> list[Occurrence]:
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
        print(shown(f"skipped (run `awesome-lam check`): {message}"), file=sys.stderr)
    return found


def _check(urls: list[str], settings: Settings, cache: Cache | None, health: Mapping[str, RepoHealth]) -> dict[str, Result]:
    """Results for every URL: repository pages from the GitHub data, then the cache, then the network."""
    from tqdm import tqdm

    from generator.features.links.checker import Checker, check_urls
    from generator.features.links.repos import repository_verdicts

    known = repository_verdicts(urls, health, settings.max_age, dt.datetime.now(dt.UTC))
    cached = cache.fresh([url for url in urls if url not in known]) if cache else {}
    cached.update(known)
    todo = [url for url in urls if url not in cached]
    quiet = not sys.stderr.isatty() or bool(os.environ.get("CI"))
    with tqdm(total=len(todo), unit="URL", desc="links", disable=quiet, leave=False) as bar:
        results = check_urls(todo, Checker(settings), on_result=lambda _: bar.update())
    if cache:
        cache.store(results.values())
    return {**results, **cached}


def run(args: argparse.Namespace) -> int:
    """Check the URLs; exit 1 if any is broken (or unsure with --strict), 2 on usage errors."""
    from generator.core.health import HealthDataError, load_health
    from generator.features.links.cache import Cache, CacheError
    from generator.features.links.checker import BROKEN, REDIRECTED, UNSURE, without_fragment
    from generator.features.links.config import load_settings
    from generator.features.links.fix import fix_redirects
    from generator.features.links.report import problems, render, summarize
    from generator.features.links.sources import SourceError
    from generator.lib.settings import SettingsError, parse_duration

    root = Path(args.root)
    fmt = args.links_format or getattr(args, "format", None) or "text"
    if fmt not in FORMATS:
        return _fail(f"--format {fmt} is not supported here; use one of {', '.join(FORMATS)}")
    started = time.monotonic()
    try:
        settings = load_settings(root, args.config)
        if args.max_age is not None:
            settings = replace(settings, max_age=parse_duration(args.max_age, "--max-age"))
        occurrences = [o for o in _occurrences(args, root) if not settings.excluded(o.url)]
        cache = None if args.no_cache else Cache(root / settings.cache_dir, settings.max_age)
        health = load_health(root)
    except (SettingsError, SourceError, CacheError, HealthDataError) as exc:
        return _fail(str(exc))
    urls = list(dict.fromkeys(without_fragment(o.url) for o in occurrences))
    results = _check(urls, settings, cache, health)
    found = problems(occurrences, results)
    if args.fix_redirects:
        moves = [(o, r.final_url) for o, r in found if r.verdict == REDIRECTED and r.final_url]
        fixed, missed = fix_redirects(root, moves)
        for message in missed:
            print(message, file=sys.stderr)
        if fixed:
            files = len({o.path for o in fixed})
            print(f"fixed {len(fixed)} redirected URLs in {files} files; "
                  "run `awesome-lam build` to refresh the README", file=sys.stderr)
    print(render(fmt, occurrences, results, summarize(results, time.monotonic() - started)))
    failing = {BROKEN, UNSURE} if args.strict else {BROKEN}
    return 1 if any(r.verdict in failing for _, r in found) else 0
