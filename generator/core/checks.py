"""Value checkers for front matter and data files: each returns the clean value or raises Invalid.

Every message says what is wrong and what to write instead; `suggest` and `closest` name the
allowed value the user probably meant.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlsplit

from generator.lib.arxiv import id_problem
from generator.lib.text import suggest
from generator.lib.urls import internal_address, url_problem
from generator.model.entry import PartialDate

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
PLACEHOLDERS = {"#", "tbd", "todo", "tba", "n/a", "-", "...", "…", "?", "xxx", "fixme"}
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))
SOURCE_WORDS = ("survey", "upstream")
MAX_TEXT = 400
MAX_URL = 2000
FIRST_YEAR = 1950  # before the first speech recogniser; no work in a list of audio models is older
MAX_INT = 10_000  # survey reference numbers and the like
MAX_ITEMS = 50
"""Most items a list field holds."""


class Invalid(Exception):
    """A value breaks a rule; the message says what to write instead. A mapping's check may name
    the parts at fault instead, each with its message (`parts`: (sub-key, message))."""

    def __init__(self, message: str = "", parts: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.parts = parts or []


class Repeated(Invalid):
    """A list names the same item twice (the `repeated-item` rule: two people can share a name);
    `value` is the list as checked, for an entry that says why its repeat is right."""

    def __init__(self, message: str, value: tuple[Any, ...]) -> None:
        super().__init__(message)
        self.value = value


_SHORT = 200  # below MAX_TEXT: the fast path of check_text never needs the length message
_MAYBE_BAD = re.compile(r"[^\x20-\x7e\n\t]")  # ASCII controls and every non-ASCII character


def bad_character(text: str) -> str | None:
    """Name of the first control, bidi or invisible formatting character in `text`, if any."""
    if text.isascii() and text.isprintable():  # the common case, in C: nothing to look at
        return None
    for match in _MAYBE_BAD.finditer(text):  # printable ASCII is never bad: only look at the rest
        char = match.group()
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") or is_noncharacter(char):
            return f"U+{ord(char):04X}"
    return None


def is_noncharacter(char: str) -> bool:
    """U+FFFE, U+FFFF and the other 64 code points Unicode reserves as never-characters (invalid in XML)."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def check_text(value: Any, multiline: bool = False) -> str:
    """A non-empty, non-placeholder string of printable characters."""
    if type(value) is str and len(value) <= _SHORT and value.isascii() and value.isprintable() and value == value.strip():
        if len(value) > _LONGEST_PLACEHOLDER or (value and value.casefold() not in PLACEHOLDERS):
            return value  # the common case: one short line of plain ASCII
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(f"must be text, not {type_name(value)}")
    if not isinstance(value, str):
        raise Invalid(f'must be text; quote it: "{value}"')
    text = value.strip()
    if not text:
        raise Invalid("is empty; fill it in or remove the key")
    if text.casefold() in PLACEHOLDERS:
        raise Invalid(f"'{text}' is a placeholder; write the real value or remove the key")
    bad = bad_character(text)
    if bad:
        raise Invalid(f"contains the invisible or control character {bad}; remove it")
    if not multiline and "\n" in text:
        raise Invalid("must be on one line")
    if len(text) > MAX_TEXT:
        raise Invalid(f"is {len(text)} characters long; at most {MAX_TEXT}")
    return text


ADDRESS_RE = re.compile(r"://|\bwww\.|[\w.+-]@[\w-]+\.[a-z]", re.IGNORECASE)


def has_address(text: str) -> bool:
    """Whether `text` holds a web or e-mail address (`https://`, `www.`, `a@b.c`), which GitHub would link."""
    return ("://" in text or "@" in text or "ww." in text.lower()) and ADDRESS_RE.search(text) is not None


def check_plain_text(value: Any) -> str:
    """Text shown as text (titles, names, authors, venues): no URL or e-mail address, which
    GitHub would turn into a link the list did not make. A value that passed is remembered: names,
    venues and vocabulary values repeat across a list."""
    if type(value) is str and value in _PLAIN:
        return value
    text = check_text(value)
    if has_address(text):
        raise Invalid(f"'{text}' contains a web or e-mail address; remove it (links go under `links:`)")
    if len(_PLAIN) < 200_000:
        _PLAIN.add(text)
    return text


_PLAIN: set[str] = set()


def check_list(value: Any, item: Callable[[Any], Any], allow_empty: bool = False, max_items: int = MAX_ITEMS) -> tuple:
    """A YAML list of at most `max_items` whose items pass `item`; no repeated items."""
    if not isinstance(value, list):
        raise Invalid(f"must be a list, e.g. [a, b]; got {type_name(value)}")
    if not value and not allow_empty:
        raise Invalid("is an empty list; add values or remove the key")
    if len(value) > max_items:
        raise Invalid(f"has {len(value)} items; at most {max_items}")
    items = []
    for index, raw in enumerate(value):
        try:
            items.append(item(raw))
        except Invalid as exc:
            raise Invalid(f"item {index + 1} {exc}") from None
    if len(set(items)) != len(items):
        repeated = next(checked for index, checked in enumerate(items) if checked in items[:index])
        raise Repeated(f"lists '{repeated}' twice; keep one", tuple(items))
    return tuple(items)


def check_choice(value: Any, allowed: Collection[str]) -> str:
    """One value of a vocabulary, with a suggestion when it is unknown."""
    text = check_text(value)
    if text not in allowed:
        raise Invalid(f"unknown value '{text}'{suggest(text, allowed)}")
    return text


def check_date(value: Any, today: dt.date, full: bool = False) -> PartialDate:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` (only the last when `full`), not in the future."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid(f'must be a date like "2023-05"; got {type_name(value)}')
    try:
        date = PartialDate.parse(value.strip())
    except ValueError:
        want = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"
        raise Invalid(f"'{value}' is not a valid date; write {want}") from None
    if full and not date.day:
        raise Invalid(f"'{value}' must be a full day YYYY-MM-DD")
    if date.year < FIRST_YEAR:
        raise Invalid(f"'{value}' is before {FIRST_YEAR}; write the year the work was released")
    if date.earliest() > today:
        raise Invalid(f"'{value}' is in the future (today is {today.isoformat()})")
    return date


_WHITESPACE = re.compile(r"\s")  # exactly the characters for which str.isspace()


def check_url(value: Any, allow_internal: bool = False) -> str:
    """An absolute http(s) URL without whitespace, credentials or placeholders; with
    `allow_internal` (the link checker's setting, for tests), also one to this machine."""
    if not isinstance(value, str):
        raise Invalid(f"must be a URL string; got {type_name(value)}")
    url = value.strip()
    if not url or url.casefold() in PLACEHOLDERS:
        raise Invalid(f"'{url}' is a placeholder; give the real URL or remove the link")
    if len(url) > MAX_URL:
        raise Invalid(f"is {len(url)} characters long; at most {MAX_URL}")
    if _WHITESPACE.search(url) or bad_character(url):
        raise Invalid(f"'{url}' contains whitespace or control characters; percent-encode them")
    problem = url_problem(url)
    if problem and not (allow_internal and internal_address(_host(url))):
        raise Invalid(f"'{url}' {problem}")
    if any(ch in url for ch in "<>\"'`\\"):
        raise Invalid(f"'{url}' contains characters that must be percent-encoded (< > \" ' ` \\)")
    return url


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def check_arxiv(value: Any) -> str:
    """A real-looking arXiv id, new (`2305.11000`) or old style (`cs/0112017`), no version."""
    if isinstance(value, float):
        raise Invalid(f'must be quoted so YAML keeps its digits: arxiv: "{value}"')
    if not isinstance(value, str):
        raise Invalid(f"must be text; got {type_name(value)}")
    text = value.strip()
    problem = id_problem(text)
    if problem:
        raise Invalid(f"'{text}' {problem}")
    return text


def check_int(value: Any, maximum: int = MAX_INT) -> int:
    """A whole number from 1 to `maximum`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number; got {type_name(value)}")
    if not 1 <= value <= maximum:
        shown = str(value) if abs(value) < 10**20 else f"a number of {len(str(abs(value)))} digits"
        raise Invalid(f"must be a whole number from 1 to {maximum}; got {shown}")
    return value


def check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false; got {type_name(value)}")
    return value


def check_source(value: Any) -> str:
    text = check_text(value)
    if text in SOURCE_WORDS:
        return text
    try:
        return check_url(text)
    except Invalid:
        if text.lower().startswith(("http://", "https://")):
            raise  # a URL, refused for what the URL rule says
        raise Invalid(f"'{text}' must be 'survey', 'upstream' or a URL") from None


def check_slug(value: Any) -> str:
    text = check_text(value)
    if not SLUG_RE.match(text) or len(text) > MAX_SLUG:
        raise Invalid(f"'{text}' is not an entry id (lowercase letters, digits and hyphens)")
    return text


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def slugify(text: str) -> str:
    """A valid entry id made from any text (`Speech GPT` -> `speech-gpt`); '' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")[:MAX_SLUG].strip("-")
