"""Is the work already listed? Compares with the raw front matter of every entry, valid or not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load import entry_files, read_entry
from generator.validate import ARXIV_VERSION_RE, arxiv_id_of, normalise_title


@dataclass(frozen=True)
class Existing:
    """What identifies one entry file already in the list."""

    path: str  # relative to the list root
    arxiv_ids: frozenset[str]
    title: str  # normalised


def existing_entries(root: Path) -> list[Existing]:
    """Every entry file's arXiv ids (from `arxiv` and arXiv links) and normalised title."""
    found = []
    for path in entry_files(root):
        doc = read_entry(path, root)
        data = doc.data if isinstance(doc.data, dict) else {}
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        ids = {ARXIV_VERSION_RE.sub("", _text(data.get("arxiv")))}
        ids |= {arxiv_id_of(_text(url)) for url in links.values()}
        found.append(Existing(doc.path, frozenset(ids - {""}), normalise_title(_text(data.get("title")))))
    return found


def same_arxiv(existing: list[Existing], arxiv_id: str) -> Existing | None:
    return next((e for e in existing if arxiv_id and arxiv_id in e.arxiv_ids), None)


def same_title(existing: list[Existing], title: str) -> Existing | None:
    wanted = normalise_title(title)
    return next((e for e in existing if wanted and wanted == e.title), None)


def same_id(existing: list[Existing], entry_id: str) -> Existing | None:
    """An entry file in any section whose name is `<entry_id>.md`."""
    return next((e for e in existing if e.path.rsplit("/", 1)[-1] == f"{entry_id}.md"), None)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
