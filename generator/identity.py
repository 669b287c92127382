"""What makes a work itself, and finding the same work twice.

A work is identified by its entry id, its arXiv id, its title and its URLs, compared in
normalised form (`normalise_title`, `normalise_url`). Validation reports every clash between
entry files (`duplicate_problems`); `awesome-lam new` refuses a work that clashes with one
(`first_clash`). Both consider every entry file whose front matter parses, valid or not (a
valid entry through `entry_identity`, any other through `identity_of` on its raw front matter),
so a duplicate is reported in the same run as the duplicate file's other problems.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.checks import ARXIV_VERSION_RE, Invalid, check_arxiv, check_text, check_url
from generator.load import Document, entry_files, read_entry
from generator.model import Entry
from generator.problems import Problem, line_of

_ARXIV_URL_RE = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$")
_NOT_ALNUM = re.compile(r"[\W_]+")


def arxiv_id_of(url: str) -> str:
    """The arXiv id an arxiv.org abs/pdf URL points to ('' for other URLs)."""
    match = _ARXIV_URL_RE.match(url)
    return match.group(1) if match else ""


def normalise_title(title: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a title, for duplicate detection."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return _NOT_ALNUM.sub("", decomposed)  # keeps exactly the characters for which str.isalnum()


_SIMPLE_URL_RE = re.compile(r"^https?://([A-Za-z0-9.-]+)(/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$")  # no port, no user


def normalise_url(url: str) -> str:
    """Scheme-, `www.`-, trailing-slash- and arXiv-version-insensitive form of a URL."""
    arxiv = arxiv_id_of(url)
    if arxiv:
        return f"arxiv:{arxiv}"
    simple = _SIMPLE_URL_RE.match(url)
    if simple:  # the common case, without urlsplit
        host, path, query = simple.group(1).lower(), simple.group(2) or "", simple.group(3)
    else:
        parts = urlsplit(url)
        host, path, query = parts.hostname or "", parts.path, parts.query
    host = host.removeprefix("www.")
    path = path.rstrip("/")
    query = f"?{query}" if query else ""
    return f"{host}{path}{query}".casefold() if host.endswith("github.com") else f"{host}{path}{query}"


@dataclass(frozen=True)
class Identity:
    """What makes a work itself (id, arXiv id, title, URLs), read from any parsed entry file."""

    path: str
    id: str
    arxiv: str = ""
    title: str = ""
    urls: Mapping[str, str] = field(default_factory=dict)  # "links.<kind>" -> URL
    positions: Mapping[str, int] = field(default_factory=dict)

    def keys(self) -> Iterator[tuple[str, tuple[str, str], str]]:
        """(what is shared, normalised key, field) for each thing two works must not share."""
        if self.arxiv:
            yield "the same arXiv id", ("arxiv", self.arxiv), "arxiv"
        if title := normalise_title(self.title):
            yield "the same title", ("title", title), "title"
        for name, url in self.urls.items():
            yield "the same URL", ("url", normalise_url(url)), name

    def line_of(self, key: str) -> int:
        return line_of(self.positions, key)


def identity_of(doc: Document) -> Identity | None:
    """The identity of a parsed entry file (None when its front matter did not parse).

    Only values that pass their own checks count, so a typo is reported once, by its check.
    """
    if doc.data is None:
        return None

    def valid(check: Callable[[Any], str], value: Any) -> str:
        try:
            return check(value)
        except Invalid:
            return ""

    links = doc.data.get("links")
    urls = {f"links.{k}": valid(check_url, u) for k, u in links.items()} if isinstance(links, dict) else {}
    arxiv = doc.data.get("arxiv")
    return Identity(
        path=doc.path,
        id=doc.path.rsplit("/", 1)[-1].removesuffix(".md"),
        arxiv=valid(check_arxiv, ARXIV_VERSION_RE.sub("", arxiv) if isinstance(arxiv, str) else arxiv),
        title=valid(check_text, doc.data.get("title")),
        urls={name: url for name, url in urls.items() if url},
        positions=doc.positions,
    )


def entry_identity(entry: Entry) -> Identity:
    """The identity of a validated entry (its values are already checked)."""
    urls = {f"links.{kind}": url for kind, url in entry.links.items()}
    return Identity(entry.path, entry.id, entry.arxiv, entry.title, urls, entry.positions)


def read_identities(root: Path) -> list[Identity]:
    """The identity of every entry file under `root` whose front matter parses."""
    found = (identity_of(read_entry(path, root)) for path in entry_files(root))
    return [identity for identity in found if identity is not None]


def duplicate_problems(identities: list[Identity]) -> list[Problem]:
    """Every clash of ids, arXiv ids, titles and URLs, reported on both files."""
    problems: list[Problem] = []
    by_id: defaultdict[str, list[Identity]] = defaultdict(list)
    for work in identities:
        by_id[work.id].append(work)
    for work_id, same in by_id.items():
        if len(same) > 1:
            for work in same:
                others = ", ".join(o.path for o in same if o is not work)
                problems.append(Problem(work.path, 1, "id", f"'{work_id}' is also the id of {others}; rename one of the files"))
    seen: dict[tuple[str, str], tuple[Identity, str]] = {}
    for work in identities:
        for what, key, name in work.keys():
            if key not in seen:
                seen[key] = (work, name)
                continue
            first, first_name = seen[key]
            if first.path == work.path:
                continue
            for here, here_name, there, there_name in ((work, name, first, first_name), (first, first_name, work, name)):
                where = f"{there.path}:{there.line_of(there_name)}"
                problems.append(
                    Problem(here.path, here.line_of(here_name), here_name, f"{what} is also used by {where}; one entry per work")
                )
    return problems


def first_clash(candidate: Identity, identities: list[Identity]) -> tuple[str, Identity] | None:
    """(what is shared, the listed work) for the first listed work the candidate repeats."""
    listed: dict[tuple[str, str], Identity] = {}
    for work in identities:
        for _, key, _ in work.keys():
            listed.setdefault(key, work)
    for what, key, _ in candidate.keys():
        if key in listed:
            return what, listed[key]
    return None
