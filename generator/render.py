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

from generator.model import LINK_LABELS, Entry

TEMPLATES_DIR = "templates"


class Md(str):
    """A string that is already valid, escaped Markdown."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_text(value: Any) -> Md:
    """Escape text for inline Markdown (link text, list items): one line, no markup."""
    if isinstance(value, Md):
        return value
    text = " ".join(str(value).split())
    text = _ENTITY.sub("&amp;", text)
    return Md(_MD_SPECIAL.sub(r"\\\1", text))


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


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex_escape(text: str) -> str:
    """Escape LaTeX specials in a BibTeX field value."""
    text = text.replace("\\", r"\textbackslash{}").replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


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
        ("author", " and ".join(bibtex_escape(a) for a in entry.authors)),
        ("year", str(entry.year)),
    ]
    if entry.venue:
        fields.append(("journal" if entry.arxiv else "howpublished", bibtex_escape(entry.venue)))
    if entry.arxiv:
        fields += [("eprint", entry.arxiv), ("archivePrefix", "arXiv")]
    fields.append(("url", entry.main_url))
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
