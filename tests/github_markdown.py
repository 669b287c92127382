"""Markdown rendered as GitHub renders a README: cmark-gfm, its parser, with GitHub's extensions.

Raw HTML is kept (cmark's unsafe mode) so that the tests see any HTML a field smuggles in;
GitHub would sanitise some of it afterwards, but the list must not rely on that.
"""

from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

EXTENSIONS = ("table", "autolink", "strikethrough", "tagfilter", "tasklist")


def github_html(markdown: str) -> str:
    """HTML of `markdown` as GitHub's parser makes it (before sanitising)."""
    return cmarkgfm.markdown_to_html_with_extensions(markdown, options=Options.CMARK_OPT_UNSAFE, extensions=list(EXTENSIONS))


class Tags(HTMLParser):
    """Every start tag of an HTML document with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def hrefs(markdown: str) -> list[str]:
    """The targets of every link and image in `markdown`, as GitHub renders it, in order."""
    return [str(attrs.get("href") or attrs.get("src")) for tag, attrs in tags_of(github_html(markdown)) if tag in ("a", "img")]


class _LiveText(HTMLParser):
    """Text of an HTML document outside `<code>`, `<pre>` and `<a>`: where GitHub turns `@name` into
    a mention and `#123` into a reference (it leaves code and links alone)."""

    def __init__(self) -> None:
        super().__init__()
        self.inert = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inert += tag in ("code", "pre", "a")

    def handle_endtag(self, tag: str) -> None:
        self.inert -= tag in ("code", "pre", "a")

    def handle_data(self, data: str) -> None:
        if not self.inert:
            self.parts.append(data)


def live_text(markdown: str) -> str:
    """The text of `markdown`, as GitHub renders it, where mentions and references come alive."""
    parser = _LiveText()
    parser.feed(github_html(markdown))
    parser.close()
    return " ".join(parser.parts)
