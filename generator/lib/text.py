"""Text as a terminal or a CI log shows it: control and invisible characters escaped."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NOT_SHOWN = re.compile(r"[^\x20-\x7e]")

def _escape(char: str) -> str:
    if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

def shown(text: str) -> str:
    """`text` with control, format and unassigned characters (ESC, newline, U+202E...) written as escapes."""
    if text.isascii() and text.isprintable():
        return text
    return _NOT_SHOWN.sub(lambda m: _escape(m.group()), text)

def collapse(text: str) -> str:
    """Whitespace runs (line breaks of hard-wrapped XML or BibTeX) as single spaces."""
    return " ".join(text.split())

def github_escape(value: str, data: bool = False) -> str:
    """Escape a value for a workflow command (properties also escape `:` and `,`)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if not data:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value
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
