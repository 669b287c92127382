"""Value checkers for front matter and data files: each returns the clean value or raises Invalid.

Every message says what is wrong and what to write instead; `suggest` and `closest` name the
allowed value the user probably meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from generator.model import PartialDate

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
ARXIV_NEW_RE = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})$")
ARXIV_OLD_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}$")
ARXIV_VERSION_RE = re.compile(r"v\d+$")
PLACEHOLDERS = {"#", "tbd", "todo", "tba", "n/a", "-", "...", "…", "?", "xxx", "fixme"}
SOURCE_WORDS = ("survey", "upstream")
MAX_TEXT = 400
MAX_URL = 2000


class Invalid(Exception):
    """A value breaks a rule; the message says what to write instead."""


def closest(value: str, candidates: Iterable[str]) -> str:
    """The candidate `value` most likely meant ('' when none is close)."""
    close = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
    return close[0] if close else ""


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'?`, or '' when nothing is close."""
    near = closest(value, candidates)
    return f"; did you mean '{near}'?" if near else ""


def suggest(value: str, allowed: Iterable[str]) -> str:
    """`; did you mean 'x'? allowed: a, b, c` for an unknown value."""
    allowed = list(allowed)
    return f"{did_you_mean(value, allowed)} allowed: {', '.join(allowed)}"


_SHORT = 200  # below MAX_TEXT: the fast path of check_text never needs the length message
_MAYBE_BAD = re.compile(r"[^\x20-\x7e\n\t]")  # ASCII controls and every non-ASCII character


def bad_character(text: str) -> str | None:
    """Name of the first control, bidi or invisible formatting character in `text`, if any."""
    if text.isascii() and text.isprintable():  # the common case, in C: nothing to look at
        return None
    for match in _MAYBE_BAD.finditer(text):  # printable ASCII is never bad: only look at the rest
        char = match.group()
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


def check_text(value: Any, multiline: bool = False) -> str:
    """A non-empty, non-placeholder string of printable characters."""
    if type(value) is str and len(value) <= _SHORT and value.isascii() and value.isprintable() and value == value.strip():
        if value and value.casefold() not in PLACEHOLDERS:
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


def check_list(value: Any, item: Callable[[Any], Any], allow_empty: bool = False) -> tuple:
    """A YAML list whose items pass `item`; no repeated items."""
    if not isinstance(value, list):
        raise Invalid(f"must be a list, e.g. [a, b]; got {type_name(value)}")
    if not value and not allow_empty:
        raise Invalid("is an empty list; add values or remove the key")
    items = []
    for index, raw in enumerate(value):
        try:
            checked = item(raw)
        except Invalid as exc:
            raise Invalid(f"item {index + 1} {exc}") from None
        if checked in items:
            raise Invalid(f"lists '{checked}' twice; keep one")
        items.append(checked)
    return tuple(items)


def check_choice(value: Any, allowed: Iterable[str]) -> str:
    """One value of a vocabulary, with a suggestion when it is unknown."""
    text = check_text(value)
    allowed = list(allowed)
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
    if date.earliest() > today:
        raise Invalid(f"'{value}' is in the future (today is {today.isoformat()})")
    return date


_WHITESPACE = re.compile(r"\s")  # exactly the characters for which str.isspace()


def check_url(value: Any) -> str:
    """An absolute http(s) URL without whitespace, credentials or placeholders."""
    if not isinstance(value, str):
        raise Invalid(f"must be a URL string; got {type_name(value)}")
    url = value.strip()
    if not url or url.casefold() in PLACEHOLDERS:
        raise Invalid(f"'{url}' is a placeholder; give the real URL or remove the link")
    if len(url) > MAX_URL:
        raise Invalid(f"is {len(url)} characters long; at most {MAX_URL}")
    if _WHITESPACE.search(url) or bad_character(url):
        raise Invalid(f"'{url}' contains whitespace or control characters; percent-encode them")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise Invalid(f"'{url}' must be an absolute http:// or https:// URL")
    if not parts.hostname or "." not in parts.hostname or "@" in parts.netloc:
        raise Invalid(f"'{url}' has no valid host name")
    if any(ch in url for ch in "<>\"'`\\"):
        raise Invalid(f"'{url}' contains characters that must be percent-encoded (< > \" ' ` \\)")
    return url


def check_arxiv(value: Any) -> str:
    """A real-looking arXiv id, new (`2305.11000`) or old style (`cs/0112017`), no version."""
    if isinstance(value, float):
        raise Invalid(f'must be quoted so YAML keeps its digits: arxiv: "{value}"')
    if not isinstance(value, str):
        raise Invalid(f"must be text; got {type_name(value)}")
    text = value.strip()
    if ARXIV_VERSION_RE.search(text) and (ARXIV_NEW_RE.match(ARXIV_VERSION_RE.sub("", text)) or ARXIV_OLD_RE.match(ARXIV_VERSION_RE.sub("", text))):
        raise Invalid(f"'{text}' has a version suffix; write '{ARXIV_VERSION_RE.sub('', text)}'")
    match = ARXIV_NEW_RE.match(text)
    if match:
        year, month, number = match.groups()
        if not 1 <= int(month) <= 12:
            raise Invalid(f"'{text}' has month {month}; arXiv ids start with YYMM")
        if int(year) >= 15 and len(number) != 5:
            raise Invalid(f"'{text}' must have 5 digits after the dot for papers since 2015")
        return text
    if ARXIV_OLD_RE.match(text):
        return text
    raise Invalid(f"'{text}' is not an arXiv id; write it like 2305.11000 or cs/0112017")


def check_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number; got {type_name(value)}")
    if value < 1:
        raise Invalid(f"must be positive; got {value}")
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
