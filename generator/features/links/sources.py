"""Where URLs come from: entry front matter, Markdown bodies and files, and git changes."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from generator.core.load import entry_files, parse_entry_text, read_text, relative_path
from generator.lib.errors import UsageError

_SCHEMES = ("http://", "https://")
_markdown = MarkdownIt("commonmark").enable("table")


class SourceError(UsageError):
    """A file or git reference the user named cannot be read (one line for the user)."""


@dataclass(frozen=True, order=True)
class Occurrence:
    """A URL written on a line of a file (path relative to the list root)."""

    path: str
    line: int
    url: str


def markdown_links(text: str, path: str, first_line: int = 1) -> list[Occurrence]:
    """Absolute http(s) links and images of a Markdown text, found by markdown-it."""
    lines = text.split("\n")
    found: list[Occurrence] = []
    for block in _markdown.parse(text):
        if block.type != "inline" or not block.children:
            continue
        start, end = block.map or (0, len(lines))
        for token in block.children:
            url = token.attrGet("href") if token.type == "link_open" else (
                token.attrGet("src") if token.type == "image" else None)
            if isinstance(url, str) and url.startswith(_SCHEMES):
                found.append(Occurrence(path, first_line + _line_index(lines, url, start, end), url))
    return found


def _line_index(lines: list[str], url: str, start: int, end: int) -> int:
    """0-based line of `url` within the block (else anywhere, e.g. a reference definition)."""
    for index in [*range(start, end), *range(len(lines))]:
        if url in lines[index]:
            return index
    return start


def _front_matter_urls(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, URL) for every http(s) string anywhere in the front matter."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _front_matter_urls(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _front_matter_urls(item, f"{key}.{index}")
    elif isinstance(value, str) and value.strip().startswith(_SCHEMES):
        yield key, value.strip()


def links_in_text(text: str, path: str) -> list[Occurrence]:
    """URLs of an entry (front matter and body) or of a plain Markdown file."""
    text = text.replace("\r\n", "\n")
    if not text.startswith("---"):
        return markdown_links(text, path)
    doc = parse_entry_text(text, path)
    if doc.data is None:
        problem = doc.problems[0] if doc.problems else None
        raise SourceError(problem.as_text() if problem else f"{path}: cannot be parsed")
    found = [Occurrence(path, doc.line_of(key), url) for key, url in _front_matter_urls(doc.data)]
    return found + markdown_links(doc.body, path, doc.body_line)


def links_in_file(path: Path, root: Path) -> list[Occurrence]:
    """URLs of one file given on the command line."""
    rel = relative_path(path, root)
    text, problems = read_text(path, rel)
    if text is None:
        raise SourceError(problems[0].as_text())
    return links_in_text(text, rel)


def entry_links(root: Path) -> tuple[list[Occurrence], list[str]]:
    """URLs of every entry, and one message per entry file that could not be parsed."""
    found: list[Occurrence] = []
    skipped: list[str] = []
    for path in entry_files(root):
        try:
            found += links_in_file(path, root)
        except SourceError as exc:
            skipped.append(str(exc))
    return found, skipped


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              encoding="utf-8", check=False)
    except FileNotFoundError:
        raise SourceError("--changed-since needs git, which is not installed") from None


def changed_links(root: Path, ref: str) -> list[Occurrence]:
    """URLs added or changed in entries since `ref` (a new file counts entirely)."""
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise SourceError(f"--changed-since: {ref!r} is not a commit of the git repository at {root}")
    changed = _git(root, "diff", "--name-only", "--relative", ref, "--", "entries/").stdout.split("\n")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", "entries/").stdout.split("\n")
    found: list[Occurrence] = []
    for rel in sorted({name for name in changed + untracked if name.endswith(".md")}):
        path = root / rel
        if not path.is_file():
            continue  # deleted since the ref
        current = links_in_file(path, root)
        before = _git(root, "show", f"{ref}:./{rel}")
        try:
            old = {o.url for o in links_in_text(before.stdout, rel)} if before.returncode == 0 else set()
        except SourceError:
            old = set()  # the old version was broken: every URL counts as new
        found += [o for o in current if o.url not in old]
    return found
