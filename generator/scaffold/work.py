"""What a metadata source (arXiv, BibTeX) tells about a work, and the error every step raises."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_PROBLEMS, EXIT_USAGE = 1, 2


class ScaffoldError(Exception):
    """A one-line reason `new` cannot go on; `exit_code` is 1 (problem) or 2 (usage)."""

    def __init__(self, message: str, exit_code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Work:
    """Bibliographic facts, already cleaned: one-line title, `First Last` authors."""

    title: str
    authors: tuple[str, ...]
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    paper_url: str
    arxiv: str = ""  # without version
    venue: str = ""
    abstract: str = ""


def collapse(text: str) -> str:
    """Whitespace runs (line breaks of hard-wrapped XML or BibTeX) as single spaces."""
    return " ".join(text.split())
