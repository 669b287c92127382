"""The README as GitHub renders it (cmark-gfm): only the links, images and HTML the template makes.

Each field is checked alone, but a README line is their concatenation; so this checks what is
rendered. Every work's line, alone and within the whole README, must link exactly the work's
own URLs in order; the whole README has no raw HTML but the timeline's <picture>, and no image but
the Awesome badge and the timeline.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.core.catalog import load_catalog
from generator.outputs.markdown import md_summary
from generator.outputs.readme import ListedWork, readme_sections, render_readme
from generator.outputs.templates import templates_dir
from generator.outputs.timeline import IMAGE_DARK, IMAGE_LIGHT
from tests.conftest import REPO
from tests.github_markdown import github_html, tags_of

MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "a", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
                 "em", "strong", "del", "blockquote", "img", "details", "summary", "picture", "source"}
BADGE = "https://awesome.re/badge.svg"


@cache
def readme_and_works() -> tuple[str, list[tuple[ListedWork, list[str]]]]:
    """The README and each work with the URLs its line in its section links: its name's, its code and
    weights, its page on the website."""
    catalog = load_catalog(REPO)
    works = [(w, [w.url, *(u for _, u in w.links), w.page]) for s in readme_sections(catalog, catalog.health) for w in s.works]
    return render_readme(catalog, templates_dir(REPO)).text, works


def test_the_readme_is_the_committed_one() -> None:
    text, _ = readme_and_works()
    assert (REPO / "README.md").read_text(encoding="utf-8") == text


def test_whole_readme_has_only_markdown_tags_the_badge_and_the_timeline() -> None:
    text, works = readme_and_works()
    tags = tags_of(github_html(text))
    assert {tag for tag, _ in tags} <= MARKDOWN_TAGS, {tag for tag, _ in tags} - MARKDOWN_TAGS
    assert [attrs["src"] for tag, attrs in tags if tag == "img"] == [BADGE, IMAGE_LIGHT]
    assert [attrs for tag, attrs in tags if tag == "source"] == [{"media": "(prefers-color-scheme: dark)", "srcset": IMAGE_DARK}]
    alt = next(attrs["alt"] for tag, attrs in tags if tag == "img" and attrs["src"] == IMAGE_LIGHT)
    assert alt and alt.startswith("Timeline of the newest works, ")
    expected = {url for _, urls in works for url in urls}
    for tag, attrs in tags:
        href = attrs.get("href")
        if tag == "a" and href and not href.startswith("#") and href not in ("CONTRIBUTING.md", "MAINTAINING.md", "REFERENCE.md", "LICENSE"):
            assert href.startswith(("https://", "http://")), href
    linked = {attrs.get("href") for tag, attrs in tags if tag == "a"}
    assert expected <= linked


def test_each_work_line_links_exactly_its_urls() -> None:
    text, works = readme_and_works()
    assert len(works) > 500
    wrong = []
    for work, urls in works:
        lines = [line for line in text.splitlines() if line.startswith(("- [", "| [")) and f"]({work.url})" in line]
        assert len(lines) == 1, (work.entry.id, lines)
        tags = tags_of(github_html(lines[0]))
        found = [str(attrs.get("href")) for tag, attrs in tags if tag in ("a", "img")]
        inline = {tag for tag, _ in tags} - {"ul", "li", "table", "thead", "tbody", "tr", "th", "td", "p"}
        if found != urls or not inline <= {"a", "em", "strong", "code", "del"}:
            wrong.append((work.entry.id, found, inline))
    assert not wrong, wrong[:5]


@given(st.text(alphabet="ab c*_`()|\"#.,:-'/0{}$%^=+?;", min_size=1, max_size=60))
@settings(max_examples=500, deadline=None)
def test_a_summary_with_emphasis_and_code_renders_as_written(text: str) -> None:
    """When emphasis and code spans are a summary's only markup, `md_summary` keeps them as written
    and escapes the rest: on GitHub the line renders exactly as the summary itself would."""
    summary = " ".join(text.split())
    assume(summary)

    def line(markdown: str) -> str:
        return github_html(f"- [Work](https://example.org) - {markdown} Ann Author, 2024. [Code](https://example.org/c).\n")

    assert line(md_summary(summary)) == line(summary)


@pytest.mark.parametrize("text", ["@octocat", "`", "a ``b`` c", "`@x`", "x | y", "[x](javascript:alert(1)) #12", "a\nb"])
def test_md_quote_is_one_code_span_as_github_renders_it(text: str) -> None:
    """Issue 22, item 7: quoted text is code, whole, in a table cell too."""
    from generator.outputs.markdown import md_quote
    from tests.github_markdown import live_text
    table = f"| a | b |\n|---|---|\n| x | {md_quote(text, in_table=True)} |\n"
    html = github_html(table)
    assert html.count("<td>") == 2 and html.count("<code>") == 1, html
    assert live_text(table).split() == ["a", "b", "x"], html
    assert live_text(f"- {md_quote(text)}").strip() == ""
