"""Markdown that stays what it says: every value escaped for inline text, links and tables."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt



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

_INLINE_SYNTAX = re.compile(r"[*_`~\\&<\[!]")  # what CommonMark inline markup (emphasis, code, strikethrough, escapes, entities, links) starts with
_BEYOND_EMPHASIS = re.compile(r"[~\\&<\[!]")  # markup other than emphasis and code: only the parse can tell what it is
_SPECIAL_BUT_EMPHASIS = re.compile(r"([\\`\[\]<>|~#!()\"])")  # _MD_SPECIAL without * and _ (no address can be in a summary)
_BACKTICKS = re.compile(r"`+")
_SUMMARY_MARKUP = {"em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**", "s_open": "~~", "s_close": "~~"}



@cache
def _inline_parser() -> MarkdownIt:
    """The parser of summaries with markup beyond emphasis and code, made on first use."""
    from markdown_it import MarkdownIt
    
    return MarkdownIt("commonmark").enable("strikethrough")


def md_summary(summary: str) -> Md:
    """A checked summary (generator.core.summary) as inline Markdown that keeps its emphasis, code and
    strikethrough and escapes every other character as `md_text` does, so nothing in it can open a
    link or HTML that the text after it (authors, year) would complete.

    A summary whose only markup is emphasis and code spans keeps its `*` and `_` as written (they
    pair the same way under any CommonMark parser: escaping punctuation beside them keeps it
    punctuation) and its code spans as they are; any other is written again from its parse.
    """
    if not _INLINE_SYNTAX.search(summary):
        return md_text(summary)  # no character that markup starts with: the parse would give one text token
    if not _BEYOND_EMPHASIS.search(summary):
        return Md(_with_code_spans(summary))
    return md_summary_parsed(summary)


def _with_code_spans(summary: str) -> str:
    """Code spans as written (CommonMark: a backtick run closes at the next run of the same length),
    every other special character escaped but `*` and `_`."""
    runs = list(_BACKTICKS.finditer(summary))
    parts: list[str] = []
    done = 0  # end of what is written
    index = 0
    while index < len(runs):
        opening = runs[index]
        closing = next((i for i in range(index + 1, len(runs)) if len(runs[i].group()) == len(opening.group())), None)
        if closing is None:
            index += 1  # no run of the same length follows: literal backticks, escaped below with the text
            continue
        parts.append(_SPECIAL_BUT_EMPHASIS.sub(r"\\\1", summary[done:opening.start()]))
        parts.append(summary[opening.start():runs[closing].end()])
        done = runs[closing].end()
        index = closing + 1
    parts.append(_SPECIAL_BUT_EMPHASIS.sub(r"\\\1", summary[done:]))
    return "".join(parts)


def md_summary_parsed(summary: str) -> Md:
    """`md_summary` by way of the parse, whatever the summary holds."""
    parts: list[str] = []
    for token in _inline_parser().parseInline(summary)[0].children or ():
        if token.type in _SUMMARY_MARKUP:
            parts.append(_SUMMARY_MARKUP[token.type])
        elif token.type == "code_inline":
            ticks = "`" * (max((len(run) for run in re.findall("`+", token.content)), default=0) + 1)
            content = token.content  # a renderer strips one space from each end when both ends have one
            pad = " " if "`" in (content[:1], content[-1:]) or (content[:1] == content[-1:] == " " and content.strip(" ")) else ""
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

def md_quote(text: str, in_table: bool = False) -> Md:
    """What someone else wrote (a server's redirect target or error message) as an inline code span:
    on GitHub no markup, link, `@mention` or `#123` reference inside it comes alive, and nobody is
    notified. One line; `in_table` also escapes `|`, which ends a table cell even in code."""
    line = " ".join(text.split())
    if not line:
        return Md("")
    fence = code_fence(line, shortest=1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    if in_table:
        line = line.replace("|", "\\|")
    return Md(f"{fence}{pad}{line}{pad}{fence}")


def md_link(text: Any, url: str) -> Md:
    return Md(f"[{md_text(text)}]({md_url(url)})")

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

def code_fence(text: str, char: str = "`", shortest: int = 3) -> str:
    """A fence longer than any run of `char` in `text`, so the block (or span) cannot be closed early."""
    longest = max((len(m) for m in re.findall(f"{re.escape(char)}+", text)), default=0)
    return char * max(shortest, longest + 1)
