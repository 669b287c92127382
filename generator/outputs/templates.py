"""Jinja2 environments and the filters shared by every rendering (README, site, exports).

Markdown output is escaped by default: every `{{ value }}` in a Markdown template is escaped
for inline text unless a filter has already produced safe Markdown (`Md`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator.model.entry import LINK_LABELS
from generator.outputs.bibtex import bibtex
from generator.outputs.markdown import Md, code_fence, heading_anchor, md_finalize, md_link, md_summary, md_text, md_url

TEMPLATES_DIR = "templates"


def authors_short(authors: Iterable[str], limit: int = 1) -> str:
    """`Zhang et al.`-style credit: the first author(s) and `et al.` when there are more."""
    names = [a for a in authors if a != "others"]
    truncated = len(names) != len(list(authors))
    if len(names) <= limit + 1 and not truncated:
        return " and ".join(names)
    return f"{', '.join(names[:limit])} et al."


def link_label(kind: str) -> str:
    return LINK_LABELS[kind]


FILTERS = {
    "md": md_text,
    "md_url": md_url,
    "md_link": md_link,
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
    return own if own.is_dir() else Path(__file__).resolve().parents[2] / TEMPLATES_DIR
