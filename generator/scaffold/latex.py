"""Just enough LaTeX to text for BibTeX titles and names: accents, a few letters, escapes, braces."""

from __future__ import annotations

import re
import unicodedata

from generator.scaffold.work import collapse

ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a",
}
LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}
ESCAPED = "&%$#_{}"
_BRACE_OPEN, _BRACE_CLOSE = "\ue000", "\ue001"  # escaped braces, kept while grouping braces go

# \"u  \"{u}  {\"u}  \'{\i}  \v{c}  \c c   (letter accents need a brace or a space)
_ACCENT_RE = re.compile(
    r"""\\(?:(["'`^~=.])|([uvHckr])(?=[\s{]))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])\s?|[A-Za-z]))"""
)
_LETTER_RE = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s)?")
_COMMAND_RE = re.compile(r"\\([A-Za-z]+)\s*(?=\{(?!\}))|\\([A-Za-z]+)\s?")  # \emph{x} -> x; \LaTeX{} -> LaTeX


def latex_to_text(text: str) -> str:
    """`{\\"U}ber {S}peech\\&{GPT}` -> `Über Speech&GPT`, on one line."""
    text = re.sub(r"\\([" + re.escape(ESCAPED) + "])", lambda m: _protect(m.group(1)), text)
    text = _ACCENT_RE.sub(_accent, text)
    text = _LETTER_RE.sub(lambda m: LETTERS[m.group(1)], text)
    text = _COMMAND_RE.sub(lambda m: "" if m.group(1) else m.group(2), text)
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("~", " ")
    text = text.replace("{", "").replace("}", "")
    text = text.replace(_BRACE_OPEN, "{").replace(_BRACE_CLOSE, "}")
    return unicodedata.normalize("NFC", collapse(text))


def _protect(char: str) -> str:
    return {"{": _BRACE_OPEN, "}": _BRACE_CLOSE}.get(char, char)


def _accent(match: re.Match[str]) -> str:
    """A letter with its combining mark (`\\'{\\i}` is a plain `i` under the accent)."""
    mark = ACCENTS[match.group(1) or match.group(2)]
    base = (match.group(3) or match.group(4)).strip().lstrip("\\")
    return base + mark
