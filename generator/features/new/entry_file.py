"""The pre-filled entry file: its id, its front matter with the allowed values as comments, its placeholder."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import yaml

from generator.core.checks import MAX_SLUG, SLUG_RE, Invalid, check_date, check_text, check_url, slugify
from generator.core.evidence import Evidence
from generator.core.load import parse_entry_text
from generator.core.schema import MAX_AUTHORS
from generator.core.types import MAX_BRIEF
from generator.core.validate import validate_entry
from generator.features.new.work import ScaffoldError, Work, checked_arxiv, collapse, refused, shown, visible
from generator.lib.errors import EXIT_USAGE
from generator.model.entry import LINK_KINDS
from generator.model.taxonomy import Taxonomy

PLACEHOLDER_MARK = "awesome-lam new:"
"""Starts the HTML comment that stands in for the summary; the validator rejects raw HTML."""

MAX_NAME_WORDS, MAX_NAME_CHARS, SLUG_WORDS = 6, 50, 5
_STOP_WORDS = {"a", "an", "the", "of", "for", "with", "via", "and", "on", "in", "to", "from", "by", "at", "towards"}
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
MAX_QUOTE = 300
MAX_ABSTRACT = 5000
"""Only the abstract's beginning is kept: its first sentence is all the entry quotes."""
LEFT_TO_FILL = ("summary", "tasks", "modalities")
"""What a new entry leaves for its contributor: `validate` refuses it until they are filled in."""


def name_of(title: str) -> str:
    """The short name of a `Name: subtitle` title (`SpeechGPT`), or ''."""
    head, colon, _ = title.partition(":")
    head = head.strip()
    if colon and head and len(head.split()) <= MAX_NAME_WORDS and len(head) <= MAX_NAME_CHARS:
        try:
            return check_text(head)
        except Invalid:  # `TBD: ...`: no short name rather than an invalid one
            return ""
    return ""


def entry_id_for(title: str) -> str:
    """The file name of a work: its short name, else the first words of its title that say something."""
    name = name_of(title)
    if name:
        slug = slugify(name)
    else:
        words = [w for w in slugify(title).split("-") if w and w not in _STOP_WORDS]
        slug = "-".join(words[:SLUG_WORDS])
    slug = slug[:MAX_SLUG].strip("-")
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"cannot make an id from the title '{shown(title)}'; give one with --id", EXIT_USAGE)
    return slug


def checked_work(work: Work, today: dt.date, fix: str) -> Work:
    """`work` as the entry file may hold it, or a ScaffoldError naming the value that cannot be, then `fix`.

    Invisible formatting characters are dropped, repeated authors kept once, and a list longer
    than MAX_AUTHORS cut to its first names and `others`; every value then passes the checks
    `awesome-lam validate` applies.
    """

    def checked(what: str, value: str, check: Callable[[str], object]) -> str:
        try:
            check(value)
        except Invalid as exc:
            raise refused(what, exc, value, fix) from None
        return value

    title = checked("title", visible(work.title), check_text)
    authors: list[str] = []
    for number, raw in enumerate(work.authors, 1):
        name = visible(raw)
        if name and name not in authors:
            authors.append(checked(f"author {number}", name, check_text))
        if len(authors) > MAX_AUTHORS:
            authors = [a for a in authors if a != "others"][: MAX_AUTHORS - 1] + ["others"]
            break
    if not authors:
        raise ScaffoldError(f"the list of authors is empty; {fix}")
    if work.arxiv:
        checked_arxiv(work.arxiv)
    return replace(
        work,
        title=title,
        authors=tuple(authors),
        date=checked("date", work.date, lambda value: check_date(value, today)),
        paper_url=checked("links.paper", work.paper_url, check_url),
        venue=checked("venue", visible(work.venue), check_text) if work.venue else "",
        abstract=work.abstract[:MAX_ABSTRACT],
    )


def self_check(text: str, rel: str, taxonomy: Taxonomy, today: dt.date) -> None:
    """ScaffoldError unless `awesome-lam validate` refuses the file only for what is LEFT_TO_FILL."""
    doc = parse_entry_text(text, rel)
    if not doc.problems:
        validate_entry(doc, taxonomy, Evidence(), today)
    for problem in doc.problems:
        if problem.field not in LEFT_TO_FILL:
            raise ScaffoldError(f"the new entry would not pass `awesome-lam validate` ({problem.field}: {problem.message}); nothing written")


def render_entry(work: Work, kind: str, taxonomy: Taxonomy, today: dt.date) -> str:
    """The whole file: front matter pre-filled from `work`, then the placeholder summary."""
    lines = ["---", f"title: {_yaml(work.title, quoted=True)}"]
    name = name_of(work.title)
    if name:
        lines.append(f"name: {_yaml(name)}")
    lines += [
        f"# brief: what it is in a few words, shown on its README line (at most {MAX_BRIEF} characters, no full stop)",
        f"kind: {kind}  # one of: {', '.join(taxonomy.kinds)}",
        f"date: {_yaml(work.date, quoted=True)}",
        f"authors: {_yaml(list(work.authors))}",
        "links:",
        f"  paper: {_yaml(work.paper_url)}",
        f"  # code: https://github.com/...  (also allowed: {', '.join(k for k in LINK_KINDS if k not in ('paper', 'code'))})",
    ]
    if work.arxiv:
        lines.append(f"arxiv: {_yaml(work.arxiv, quoted=True)}")
    lines.append(f"venue: {_yaml(work.venue)}" if work.venue else "# venue: ICML 2023")
    lines += _choices("tasks: what the work does; one or more of", taxonomy.tasks)
    lines.append("tasks: []")
    lines += _choices("modalities: the signals it handles (outside background, at least one that sounds); one or more of", taxonomy.modalities)
    lines.append("modalities: []")
    lines += _choices("code (optional; `released` needs links.code): one of", taxonomy.code)
    lines.append("# code: unknown")
    lines += _choices("also_in (optional): other sections it belongs to; any of", taxonomy.section_ids)
    lines.append("# also_in: []")
    if kind == "dataset":
        lines += ['# size: "60,000 hours"', "# languages: [English]", "# license: CC-BY-4.0"]
        lines += _choices("access: one of", taxonomy.access)
        lines.append("# access: open")
    if work.arxiv:
        lines.append(f"sources: {_yaml([work.paper_url])}  # add every other page you read (code, project page)")
    else:
        lines.append("# sources: [https://...]  # the pages you read: the paper, the official code, project page")
    lines += [f"added: {_yaml(today.isoformat(), quoted=True)}", "---", *placeholder(work.abstract)]
    return "\n".join(lines) + "\n"


def placeholder(abstract: str) -> list[str]:
    """An HTML comment in place of the summary: `validate` fails until it is replaced."""
    text = (
        f"<!-- {PLACEHOLDER_MARK} replace this comment with a summary of one to three sentences in your "
        "own words: what the work is and does (not its name), no links, ending with a full stop."
    )
    sentence = first_sentence(abstract).replace("--", "\u2013")  # `-->` would end the comment
    if sentence:
        text += f' The abstract begins: "{sentence}"'
    return textwrap.wrap(text + " -->", width=100, break_long_words=False, break_on_hyphens=False)


def first_sentence(abstract: str) -> str:
    """The abstract's first sentence, at most MAX_QUOTE characters, without control characters."""
    text = collapse("".join(ch for ch in abstract if ch.isspace() or unicodedata.category(ch)[0] != "C"))
    sentence = _SENTENCE_END_RE.split(text, maxsplit=1)[0]
    if len(sentence) > MAX_QUOTE:
        sentence = sentence[:MAX_QUOTE].rsplit(" ", 1)[0] + " \u2026"
    return sentence


def _choices(what: str, values: Iterable[str]) -> list[str]:
    """`# what` then the allowed values, wrapped as YAML comments."""
    return [f"# {what}"] + textwrap.wrap(
        ", ".join(values), width=96, initial_indent="#   ", subsequent_indent="#   ", break_on_hyphens=False
    )


def _yaml(value: Any, quoted: bool = False) -> str:
    """One YAML value on one line (flow style), quoted when it must be or when asked."""
    dumped = yaml.safe_dump(
        value, default_style='"' if quoted else None, default_flow_style=True, allow_unicode=True, width=10**6
    )
    return dumped.removesuffix("\n...\n").rstrip("\n")
