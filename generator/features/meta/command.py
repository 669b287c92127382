"""`awesome-lam meta`: refresh `data/repo-health.json` from the GitHub API and report changes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from generator.core.health import HEALTH_FILE, load_health
from generator.features.meta import report
from generator.features.meta.github import API_URL_ENV, DEFAULT_API_URL, TOKEN_ENV, ClientSettings, Fetched, GitHubClient
from generator.features.meta.sources import code_links
from generator.features.meta.store import fresh_keys, merge, save_health, utc_stamp
from generator.lib.console import Console
from generator.lib.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from generator.lib.settings import SettingsError, parse_duration
from generator.lib.urls import repo_key
from generator.model.health import MISSING, RENAMED

_REPO = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+")
FORMATS = ("text", "markdown", "json")
"""How `awesome-lam meta` prints what changed since the previous data."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of `awesome-lam meta`."""
    parser.add_argument("--max-age", default="7d", metavar="DURATION",
                        help="re-fetch repositories whose data is older than this (e.g. 30m, 12h, 1d; default 7d)")
    parser.add_argument("--api-url", metavar="URL",
                        help=f"GitHub API base URL (default: ${API_URL_ENV}, else {DEFAULT_API_URL})")
    parser.add_argument("--only", action="append", default=[], metavar="OWNER/REPO",
                        help="fetch only this repository (repeatable); others keep their data")
    parser.add_argument("--max-wait", default="2m", metavar="DURATION",
                        help="longest wait for a rate limit to reset before stopping (default 2m)")
    parser.add_argument("--dry-run", action="store_true", help=f"fetch and report, but do not write {HEALTH_FILE}")


def _settings(args: argparse.Namespace) -> tuple[ClientSettings, float]:
    """Client settings and max age from the options; SettingsError (exit 2) on a bad value."""
    api_url = args.api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
    if urlsplit(api_url).scheme not in ("http", "https") or not urlsplit(api_url).hostname:
        raise SettingsError(f"--api-url: not an http(s) URL: {api_url!r}")
    for name in args.only:
        if not _REPO.fullmatch(name):
            raise SettingsError(f"--only: expected OWNER/REPO, got {name!r}")
    token = os.environ.get(TOKEN_ENV, "").strip() or None
    settings = ClientSettings(api_url=api_url, token=token, max_wait=parse_duration(args.max_wait, "--max-wait", maximum=86400))
    return settings, parse_duration(args.max_age, "--max-age", maximum=366 * 86400)


def run(args: argparse.Namespace) -> int:
    """Fetch what is not fresh, merge, write, and print what changed (in --format); exit 1 if a
    repository is gone, moved or not fetched."""
    root = Path(args.root)
    out: Console = args.console
    settings, max_age = _settings(args)
    linked, notes = code_links(root)
    for note in notes:
        out.say(note)
    wanted = {repo_key(name) for name in args.only} or set(linked)
    unknown = sorted(wanted - set(linked))
    if unknown:
        raise UsageError(f"--only {unknown[0]}: no entry links it as code")
    old = load_health(root)
    now = dt.datetime.now(dt.UTC)
    fresh = fresh_keys(old, wanted, now, max_age)
    todo = [linked[key].repo for key in sorted(wanted - fresh)]
    out.detail(f"{len(wanted)} repositories linked as code: {len(fresh)} still fresh, {len(todo)} to fetch")
    if todo and not settings.token:
        raise UsageError(f"{len(todo)} repositories to fetch, and GitHub's GraphQL API needs a token: set {TOKEN_ENV} "
                         "(any token; no scope is needed for public repositories; the weekly workflow passes its own)")
    client = GitHubClient(settings)
    with out.progress(len(todo), "repositorie") as step:
        fetched = {repo_key(name): f for name, f in client.fetch_all(todo, utc_stamp(now), on_result=lambda _: step()).items()}
    new = merge(old, [f.health for f in fetched.values() if f.health], keep=None if args.only else set(linked))
    failed = {key: f.error for key, f in fetched.items() if f.health is None}
    paths = {key: linked[key].paths for key in wanted}
    print(report.render(report.compare(old, new, paths, failed, now.date()), args.format))
    written = not args.dry_run and new != old and save_health(root, new.values())
    _summary(out, len(wanted), len(fresh), fetched, failed, client.stopped, written, args.dry_run)
    problems = [key for key in wanted if key in new and new[key].status in (MISSING, RENAMED)]
    for key in sorted(problems):
        record = new[key]
        where = ", ".join(linked[key].paths)
        if record.status == RENAMED:
            out.error(f"{record.repo} moved to {record.renamed_to}: update the code link in {where}")
        else:
            out.error(f"{record.repo} was not found on GitHub (deleted or private): check {where}")
    return EXIT_PROBLEMS if problems or failed else EXIT_OK


def _summary(out: Console, total: int, fresh: int, fetched: dict[str, Fetched], failed: dict[str, str], stopped: str,
             written: bool, dry_run: bool) -> None:
    """One line on what was done, and one per repository that could not be fetched."""
    for key, reason in sorted(failed.items()):
        if reason != stopped:
            out.error(f"{key}: not refreshed ({reason}); its old data is kept")
    if stopped:
        out.error(f"stopped early: {stopped}; {sum(r == stopped for r in failed.values())} repositories not refreshed")
    action = "not written (--dry-run)" if dry_run else "written" if written else "unchanged"
    out.say(f"{total} repositories: {len(fetched) - len(failed)} fetched, {fresh} still fresh, "
        f"{len(failed)} not refreshed; {HEALTH_FILE} {action}")
