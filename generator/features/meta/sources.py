"""Which repositories to fetch: the GitHub `links.code` of every entry file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core.load import entry_files, read_entry
from generator.lib.urls import github_repo, is_github, repo_key


@dataclass
class Linked:
    """A repository linked as code, and the entry files that link it."""

    repo: str  # "owner/name" as first written
    paths: list[str] = field(default_factory=list)


def code_links(root: Path) -> tuple[dict[str, Linked], list[str]]:
    """Linked repositories by `repo_key`, and notes on GitHub code links that are not repositories.

    Entries are read raw, so one invalid entry does not hide the others' code.
    """
    linked: dict[str, Linked] = {}
    notes: list[str] = []
    for path in entry_files(root):
        doc = read_entry(path, root)
        links = doc.data.get("links") if isinstance(doc.data, dict) else None
        url = links.get("code") if isinstance(links, dict) else None
        if not isinstance(url, str) or not is_github(url):
            continue
        repo = github_repo(url)
        if repo is None:
            notes.append(f"skipped {url} ({doc.path}): an organisation or other page, not a repository")
            continue
        linked.setdefault(repo_key(repo), Linked(repo)).paths.append(doc.path)
    return linked, notes
