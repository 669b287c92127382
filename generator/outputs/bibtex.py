"""BibTeX records of the works: keys, escaped fields, and URIs that survive any entry text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from generator.model.entry import Entry

if TYPE_CHECKING:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # not \{: BibTeX counts braces regardless of backslashes
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{char: "\\" + char for char in "&%$#_"},
}
_BIBTEX_SPECIAL_RE = re.compile(r"[\\{}~^&%$#_]|[\ud800-\udfff]")  # specials, and lone surrogates (to U+FFFD)
# Every other character LaTeX spells out (accents become {\'e}) through pylatexenc, each replacement
# braced; a character without a LaTeX name is kept as it is (the file is UTF-8).


@cache
def _latex() -> UnicodeToLatexEncoder:
    """pylatexenc's encoder, made on first use (most records are ASCII)."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder
    
    return UnicodeToLatexEncoder(
        non_ascii_only=True, replacement_latex_protection="braces-almost-all", unknown_char_policy="keep", unknown_char_warning=False
    )

_BIBTEX_AND = re.compile(r"\band\b", re.IGNORECASE)

_NOT_URI = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")

def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field, on one line: no brace, backslash, `%` or `#` stays live, and
    accented letters are LaTeX accents (`Bj{\\"o}rn`, by pylatexenc)."""
    ascii_escaped = _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIAL.get(m.group(), "\ufffd"), " ".join(text.split()))
    return ascii_escaped if ascii_escaped.isascii() else _latex().unicode_to_latex(ascii_escaped)

def bibtex_author(name: str) -> str:
    """One name of an `author` field: an `and` inside it braced, so BibTeX does not split there."""
    return _BIBTEX_AND.sub(lambda m: "{" + m.group() + "}", bibtex_escape(name))

def uri(url: str) -> str:
    """`url` as an RFC 3986 URI: spaces, braces, backslashes, non-ASCII and stray `%` percent-encoded (UTF-8)."""
    return _NOT_URI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "replace")), url)

def bibtex_key(entry: Entry) -> str:
    """`zhang2023speechgpt`: first author's family name, year and the entry id.

    Unique across the list because entry ids are: the family name is letters only and the
    year four digits, so no two different entries can spell the same key.
    """
    first = next((a for a in entry.authors if a != "others"), "anon")
    family = unicodedata.normalize("NFKD", first.split()[-1]).encode("ascii", "ignore").decode().lower()
    family = re.sub(r"[^a-z]", "", family) or "anon"
    return f"{family}{entry.year:04d}{entry.id}"

JOURNAL = re.compile(
    r"\b(?:Trans(?:actions)?|Journal|Letters|TASLP|TPAMI|JSTSP|TACL|JMLR|TIST|TOMM|TMLR|SPL|npj|PLOS|Nature|Science|"
    r"Information Fusion|Computer Speech|Speech Communication|IEEE Access|Neural Networks|Patterns)\b"
)
"""A venue that is a journal; every other venue is a conference or workshop (ICLR 2026, Interspeech 2024)."""


def record_type(entry: Entry) -> str:
    """The BibTeX entry type its venue calls for: `article` in a journal, `inproceedings` at a
    conference or workshop, `misc` for a preprint or a release with no venue."""
    if not entry.venue:
        return "misc"
    return "article" if JOURNAL.search(entry.venue) else "inproceedings"


def bibtex(entry: Entry) -> str:
    """A BibTeX record for the work, of the type its venue calls for (`record_type`): a journal
    article names its `journal`, a conference paper its `booktitle`; a preprint says its arXiv id
    (`howpublished`, which every standard style prints, and `eprint` for biblatex)."""
    fields: list[tuple[str, str]] = [
        ("title", "{" + bibtex_escape(entry.title) + "}"),
        ("author", " and ".join(bibtex_author(a) for a in entry.authors)),
        ("year", str(entry.year)),
    ]
    kind = record_type(entry)
    if kind == "article":
        fields.append(("journal", bibtex_escape(entry.venue)))
    elif kind == "inproceedings":
        fields.append(("booktitle", bibtex_escape(entry.venue)))
    elif entry.arxiv:
        fields.append(("howpublished", f"arXiv:{bibtex_escape(entry.arxiv)}"))
    if entry.arxiv:
        fields += [("eprint", bibtex_escape(entry.arxiv)), ("archivePrefix", "arXiv")]
    fields.append(("url", uri(entry.main_url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{bibtex_key(entry)},\n{body}\n}}"
