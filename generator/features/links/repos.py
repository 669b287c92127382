"""Verdicts on GitHub repository links from the repository data `awesome-lam meta` fetched.

github.com answers scrapers with 429 soon; the GitHub API has already said whether each code
repository exists, moved or is gone (data/repo-health.json). A link to a repository's front page
whose record is younger than the cache's max age gets its verdict from there, without a request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from generator.features.links.checker import BROKEN, OK, REDIRECTED, Result
from generator.lib.urls import github_repo, repo_key
from generator.model.health import MISSING, RENAMED, RepoHealth


def repository_verdicts(urls: Iterable[str], health: Mapping[str, RepoHealth], max_age: float,
                        now: dt.datetime) -> dict[str, Result]:
    """Results for the URLs that are a repository's front page with a fresh record."""
    found: dict[str, Result] = {}
    for url in urls:
        repo = github_repo(url)
        if repo is None or len([s for s in urlsplit(url).path.split("/") if s]) != 2 or urlsplit(url).query:
            continue  # a file, folder or search inside the repository: only a request tells
        record = health.get(repo_key(repo))
        if record is None:
            continue
        fetched = dt.datetime.fromisoformat(record.fetched_at.replace("Z", "+00:00"))
        if (now - fetched).total_seconds() > max_age:
            continue
        source = f"GitHub API via awesome-lam meta, {record.fetched_at}"
        if record.status == MISSING:
            found[url] = Result(url, BROKEN, f"repository not found: deleted, private or blocked ({source})", 404)
        elif record.status == RENAMED and record.renamed_to:
            found[url] = Result(url, REDIRECTED, f"repository renamed to {record.renamed_to} ({source})", 301, record.url)
        else:
            found[url] = Result(url, OK, f"repository exists ({source})", 200)
    return found
