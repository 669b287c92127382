"""arXiv identifiers, written down once: their syntax, their checks, and where they hide in text and URLs.

Two forms exist: new-style `YYMM.NNNNN` (four digits after the dot before 2015) and old-style
`archive[.SC]/YYMMNNN` (`cs/0112017`, `math.GT/0309136`). A version (`v2`) names one revision of
the same paper. Every pattern uses ASCII classes: `\\d` would also match `٢` and `２`.
"""

from __future__ import annotations

import re
import unicodedata

from generator.lib.urls import url_parts

NEW = r"[0-9]{4}\.[0-9]{4,5}"
ARCHIVE = r"[a-z]+(?:-[a-z]+)*"
OLD = rf"{ARCHIVE}(?:\.[A-Z]{{2}})?/[0-9]{{7}}"
VERSION = r"v[0-9]+"

_NEW_RE = re.compile(r"([0-9]{2})([0-9]{2})\.([0-9]{4,5})", re.ASCII)
_OLD_RE = re.compile(OLD, re.ASCII)
_VERSION_RE = re.compile(f"{VERSION}$", re.ASCII)
_KEY_OLD_RE = re.compile(rf"({ARCHIVE})(?:\.[a-z]{{2}})?/([0-9]{{7}})", re.ASCII | re.IGNORECASE)
IN_TEXT = re.compile(rf"\barxiv[:\s]+(?:abs/)?({NEW}|{ARCHIVE}(?:\.[A-Za-z]{{2}})?/[0-9]{{7}})(?:{VERSION})?", re.ASCII | re.IGNORECASE)
"""`arXiv:2305.11000v2`, `arXiv abs/cs/0112017` in free text (BibTeX notes, reference lists); group 1 is the id."""
HOSTS = frozenset({"arxiv.org", "export.arxiv.org"})
"""arXiv's hosts as `url_parts` gives them (`www.` dropped)."""
_PATH_RE = re.compile(r"/(?:abs|pdf|html)/(.+)", re.ASCII | re.DOTALL)


def without_version(text: str) -> str:
    """`2305.11000v2` -> `2305.11000`; other text unchanged."""
    return _VERSION_RE.sub("", text) if "v" in text else text


def id_problem(text: str) -> str | None:
    """What makes `text` not a versionless arXiv id, as a phrase to follow the id, or None."""
    bare = without_version(text)
    if bare != text and (_NEW_RE.fullmatch(bare) or _OLD_RE.fullmatch(bare)):
        return f"has a version suffix; write '{bare}'"
    match = _NEW_RE.fullmatch(text)
    if match:
        year, month, number = match.groups()
        if not 1 <= int(month) <= 12:
            return f"has month {month}; arXiv ids start with YYMM"
        if int(year) >= 15 and len(number) != 5:
            return "must have 5 digits after the dot for papers since 2015"
        return None
    if _OLD_RE.fullmatch(text):
        return None
    return "is not an arXiv id; write it like 2305.11000 or cs/0112017"


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script (`２`, `٢`, `२`) written as its ASCII digit."""
    if text.isascii():
        return text
    return "".join(str(value) if (value := unicodedata.decimal(ch, None)) is not None else ch for ch in text)


def arxiv_key(text: str) -> str:
    """The form in which two arXiv ids are the same paper exactly when they are equal ('' for a non-id).

    Digits of any script read as ASCII digits and the version is dropped; an old-style id's
    archive is compared in lower case and its subject class is dropped (`math.GT/0309136` is
    `math/0309136`: arXiv's own identifier, which the class only decorates).
    `2305.11000v2`, `２３０５.１１０００` -> `2305.11000`; `math.GT/0309136v1`, `MATH/0309136` -> `math/0309136`.
    """
    text = without_version(ascii_digits(text.strip()))
    if re.fullmatch(NEW, text, re.ASCII):
        return text
    old = _KEY_OLD_RE.fullmatch(text)
    return f"{old.group(1).lower()}/{old.group(2)}" if old else ""


def arxiv_id_of(url: str) -> str:
    """The arXiv id, as written and without its version, that an arxiv.org abs, pdf or html URL points to.

    '' for other URLs. The host may be written in any case, with `www.` or `export.`, a trailing
    dot or its scheme's default port, and the path with doubled or trailing slashes.
    """
    parts = url_parts(url)
    return id_in_path(parts.path) if parts is not None and parts.host in HOSTS else ""


def id_in_path(path: str) -> str:
    """The id in an arxiv.org path (`/abs/ID`, `/pdf/IDv2.pdf`, `/html/IDv2`), without its version."""
    match = _PATH_RE.fullmatch(path)
    return without_version(match.group(1).removesuffix(".pdf")) if match else ""
