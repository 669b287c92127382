"""A summary as HTML and as plain text, for pages, descriptions and feeds."""

from __future__ import annotations

import html
import re
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_SUMMARY_MD = MarkdownIt("commonmark", {"html": False})

_TAG = re.compile(r"<[^>]*>")

@cache
def summary_html(summary: str) -> Markup:
    """An entry's Markdown summary as HTML; raw HTML is shown as text, unsafe links are dropped.

    Cached: a summary appears on its work page, its section table and in the page description.
    """
    return Markup(_SUMMARY_MD.render(summary))

def plain_text(summary: str, limit: int | None = 200) -> str:
    """A summary as plain text (Markdown rendered, tags dropped), cut at a word boundary (`limit` None: whole)."""
    text = " ".join(html.unescape(_TAG.sub("", summary_html(summary))).split())
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
