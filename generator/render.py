"""Jinja2 environments and the filters shared by every rendering (README, site, exports).

Markdown output is escaped by default: every `{{ value }}` in a Markdown template is escaped
for inline text unless a filter has already produced safe Markdown (`Md`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt

from generator.model import LINK_LABELS, Entry

TEMPLATES_DIR = "templates"


class Md(str):
    """A string that is already valid, escaped Markdown."""


# Every ASCII character that can start or end markup, with the `.` of `www.` and the `:` of
# `scheme://`, so GitHub's autolinking sees no address in a field either.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!()\"]|(?<=[wW]{3})\.|:(?=//))")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_text(value: Any) -> Md:
    """Escape text for inline Markdown (link text, list items): one line, no markup.

    The result is inert however it is concatenated with its neighbours on a line: it cannot
    finish a link, an image or HTML begun elsewhere (`](`, `"`, `)` are escaped too).
    """
    if isinstance(value, Md):
        return value
    text = " ".join(str(value).split())
    text = _ENTITY.sub("&amp;", text)
    return Md(_MD_SPECIAL.sub(r"\\\1", text))


_SUMMARY_MARKUP = {"em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**", "s_open": "~~", "s_close": "~~"}
_INLINE_PARSER = MarkdownIt("commonmark").enable("strikethrough")


def md_summary(summary: str) -> Md:
    """A checked summary (generator.summary) written again from its parse: emphasis, code and
    strikethrough kept, every other character escaped as in `md_text`, so nothing in it can
    open a link or HTML that the text after it (authors, year) would complete."""
    parts: list[str] = []
    for token in _INLINE_PARSER.parseInline(summary)[0].children or ():
        if token.type in _SUMMARY_MARKUP:
            parts.append(_SUMMARY_MARKUP[token.type])
        elif token.type == "code_inline":
            ticks = "`" * (max((len(run) for run in re.findall("`+", token.content)), default=0) + 1)
            pad = " " if token.content.startswith(("`", " ")) or token.content.endswith(("`", " ")) else ""
            parts.append(f"{ticks}{pad}{token.content}{pad}{ticks}")
        elif token.type == "softbreak":
            parts.append(" ")
        else:  # text, and anything else the summary check let through, as plain text
            text = token.content
            lead, trail = (" " if text[:1].isspace() else ""), (" " if text[-1:].isspace() and text.strip() else "")
            parts.append(lead + md_text(text) + trail)
    return Md(" ".join("".join(parts).split()))


_URL_UNSAFE = re.compile(r"[\x00-\x20()<>|\[\]`\\\"']")


def md_url(url: str) -> Md:
    """A URL safe inside `(...)` of a Markdown link, in a table cell too."""
    return Md(_URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url))


def md_link(text: Any, url: str) -> Md:
    return Md(f"[{md_text(text)}]({md_url(url)})")


def display_width(text: str) -> int:
    """Columns a string takes in a monospace view (wide East Asian characters count twice)."""
    if text.isascii():
        return len(text)  # no ASCII character is combining, zero-width or wide
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def md_table(rows: Iterable[Iterable[Any]], headers: Iterable[str]) -> Md:
    """A GitHub table with aligned pipes; cells are escaped unless already Markdown."""
    table = [[md_text(cell) for cell in headers]] + [[md_text(cell) for cell in row] for row in rows]
    widths = [max(3, *(display_width(row[i]) for row in table)) for i in range(len(table[0]))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=False)) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return Md("\n".join([line(table[0]), rule, *(line(r) for r in table[1:])]))


def md_finalize(value: Any) -> Any:
    """Escape everything a template prints unless it is already Markdown."""
    if isinstance(value, (Md, int)) or value is None:
        return "" if value is None else value
    return md_text(value)


def heading_anchor(title: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFKC", title).strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def authors_short(authors: Iterable[str], limit: int = 1) -> str:
    """`Zhang et al.`-style credit: the first author(s) and `et al.` when there are more."""
    names = [a for a in authors if a != "others"]
    truncated = len(names) != len(list(authors))
    if len(names) <= limit + 1 and not truncated:
        return " and ".join(names)
    return f"{', '.join(names[:limit])} et al."


def link_label(kind: str) -> str:
    return LINK_LABELS[kind]


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # not \{: BibTeX counts braces regardless of backslashes
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{char: "\\" + char for char in "&%$#_"},
}
_BIBTEX_SPECIAL_RE = re.compile(r"[\\{}~^&%$#_]|[\ud800-\udfff]")  # specials, and lone surrogates (to U+FFFD)
_BIBTEX_AND = re.compile(r"\band\b", re.IGNORECASE)
_NOT_URI = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field, on one line: no brace, backslash, `%` or `#` stays live."""
    return _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIAL.get(m.group(), "\ufffd"), " ".join(text.split()))


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


def bibtex(entry: Entry) -> str:
    """A BibTeX record for the work (`@article` for arXiv preprints and journals, else `@misc`)."""
    fields: list[tuple[str, str]] = [
        ("title", "{" + bibtex_escape(entry.title) + "}"),
        ("author", " and ".join(bibtex_author(a) for a in entry.authors)),
        ("year", str(entry.year)),
    ]
    if entry.venue:
        fields.append(("journal" if entry.arxiv else "howpublished", bibtex_escape(entry.venue)))
    if entry.arxiv:
        fields += [("eprint", bibtex_escape(entry.arxiv)), ("archivePrefix", "arXiv")]
    fields.append(("url", uri(entry.main_url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    kind = "article" if entry.arxiv or entry.kind == "survey" else "misc"
    return f"@{kind}{{{bibtex_key(entry)},\n{body}\n}}"


def code_fence(text: str, char: str = "`") -> str:
    """A fence longer than any run of `char` in `text`, so the block cannot be closed early."""
    longest = max((len(m) for m in re.findall(f"{re.escape(char)}+", text)), default=0)
    return char * max(3, longest + 1)


FILTERS = {
    "md": md_text,
    "md_url": md_url,
    "md_link": md_link,
    "md_table": md_table,
    "md_summary": md_summary,
    "anchor": heading_anchor,
    "authors_short": authors_short,
    "link_label": link_label,
    "bibtex": bibtex,
    "code_fence": code_fence,
}


def _environment(templates: Path, **options: Any) -> jinja2.Environment:
    """The settings both environments share: templates folder, strict names, tidy whitespace."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )


@lru_cache(maxsize=8)
def markdown_environment(templates: Path) -> jinja2.Environment:
    """Environment for Markdown outputs: every printed value escaped for Markdown by default."""
    env = _environment(templates, finalize=md_finalize, autoescape=False)
    env.filters.update(FILTERS)
    env.filters["safe_md"] = Md  # for text produced by our own code (never entry fields)
    return env


@lru_cache(maxsize=8)
def html_environment(templates: Path) -> jinja2.Environment:
    """Environment for HTML outputs: Jinja autoescape on."""
    env = _environment(templates, autoescape=True)
    env.filters.update({k: v for k, v in FILTERS.items() if not k.startswith("md")})
    return env


def templates_dir(root: Path) -> Path:
    """The templates folder: the list's own when it has one, else the project's."""
    own = root / TEMPLATES_DIR
    return own if own.is_dir() else Path(__file__).resolve().parent.parent / TEMPLATES_DIR
