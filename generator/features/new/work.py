"""What a metadata source (arXiv, BibTeX) tells about a work, the error every step raises, and
how values from a source are cleaned and echoed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from generator.core.checks import Invalid, bad_character, check_arxiv
from generator.lib.errors import EXIT_PROBLEMS, LamError
from generator.lib.text import collapse
from generator.lib.text import shown as escaped

MAX_ECHO = 80
"""At most this many characters of a value from the input are quoted in a message."""
MAX_MESSAGE = 500
"""At most this many characters of a message reach the terminal."""
MAX_ARXIV_CHARS = 40  # far above the longest real id (`cond-mat.stat-mech/0101001` style)


class ScaffoldError(LamError):
    """A one-line reason `new` cannot go on (shortened to MAX_MESSAGE); `exit_code` is 1 (problem) or 2 (usage)."""

    def __init__(self, message: str, exit_code: int = EXIT_PROBLEMS) -> None:
        super().__init__(one_line(message), exit_code)


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


def visible(text: str) -> str:
    """`text` on one line without invisible formatting characters (zero-width spaces, bidi marks,
    soft hyphens); control characters stay, for the checks to refuse."""
    text = collapse(text)
    if text.isascii():
        return text
    return collapse("".join(ch for ch in text if unicodedata.category(ch) != "Cf"))


def shown(value: str, limit: int = MAX_ECHO) -> str:
    """A value from the input as a message may quote it: at most `limit` characters, control and
    invisible characters escaped (`\\x1b`, `\\u202e`)."""
    return escaped(value if len(value) <= limit else value[: limit - 1] + "\u2026")


def one_line(message: str) -> str:
    """A whole message as it reaches the terminal: escaped, then at most MAX_MESSAGE characters."""
    text = escaped(message)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "\u2026"


def refused(what: str, exc: Invalid, value: str, fix: str = "") -> ScaffoldError:
    """A ScaffoldError for a value a check refused, the value shortened wherever the message quotes it."""
    message = str(exc).replace(value, shown(value)) if value else str(exc)
    return ScaffoldError(f"{what} {message}" + (f"; {fix}" if fix else ""))


def checked_arxiv(candidate: str, exit_code: int = EXIT_PROBLEMS) -> str:
    """`candidate` as a checked arXiv id; ScaffoldError (quoting it short) when it is not one."""
    if len(candidate) > MAX_ARXIV_CHARS or bad_character(candidate):
        raise ScaffoldError(f"arXiv id '{shown(candidate)}' is not an arXiv id; write it like 2305.11000 or cs/0112017", exit_code)
    try:
        return check_arxiv(candidate)
    except Invalid as exc:
        raise ScaffoldError(f"arXiv id {exc}", exit_code) from None
