"""The summary below an entry's front matter: one paragraph of plain inline Markdown."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from generator.core.checks import Invalid, bad_character, has_address
from generator.core.schema import SUMMARY_MAX_CHARS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token



@cache
def _parser() -> MarkdownIt:
    """The summary's parser, made on first use: most summaries are checked without one."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link (javascript: too), to refuse it
    return parser

_INLINE_OK = {"text", "softbreak", "em_open", "em_close", "strong_open", "strong_close", "code_inline", "s_open", "s_close"}
_FORBIDDEN_INLINE = {
    "link_open": "links are not allowed in the summary; put URLs under `links:`",
    "image": "images are not allowed in the summary",
    "html_inline": "raw HTML is not allowed in the summary; write plain Markdown",
}


_BLOCK_STARTS = frozenset("#>-+*=_`~<|[:0123456789")
_INLINE_MARKUP = re.compile(r"[\[\]<>&\\]|  \n")  # what can make a link, an image, HTML, an entity, an escape or a hard break


def _one_paragraph(body: str) -> bool:
    """True when CommonMark can only read `body` as one paragraph (so only inline parsing is needed).

    Conservative: no leading indentation, no blank line, no `|` (tables), and no line starting
    with a character that may open a block (heading, quote, list, rule, fence, HTML, reference,
    setext underline). Anything else takes the full parse.
    """
    if not body or body[0] in " \t\n" or "|" in body:
        return False
    for line in body.rstrip().split("\n"):
        line = line.lstrip(" \t")
        start = line[:1]
        if not start:
            return False
        if start not in _BLOCK_STARTS:
            continue
        if start in "`~" and not line.startswith(start * 3):
            continue  # `code` or ~text~, not a fence (three or more)
        if start in "*_" and line.lstrip("*_")[:1].isalnum():
            continue  # *emphasis* or **strong**, not a bullet (needs a space) or a rule (only * or _)
        if start.isdigit() and line.lstrip("0123456789")[:1] not in (".", ")"):
            continue  # 2023 or 100k, not an ordered list item (digits then . or ))
        return False
    return True


def check_summary(body: str) -> str:
    """One paragraph of inline Markdown, at most SUMMARY_MAX_CHARS, a capital start, a full stop."""
    text = " ".join(body.split())
    if not text:
        raise Invalid("is missing: write one to three sentences below the front matter")
    if len(text) > SUMMARY_MAX_CHARS:
        raise Invalid(f"is {len(text)} characters long; at most {SUMMARY_MAX_CHARS} (one to three sentences)")
    bad = bad_character(body)
    if bad:
        raise Invalid(f"contains the invisible or control character {bad}; remove it")
    if body.lstrip().startswith("<!-- awesome-lam new:"):
        raise Invalid("is still the placeholder written by `awesome-lam new`; replace the comment with one to three sentences of your own")
    if _one_paragraph(body):
        # Fast path (most summaries): no block parse; no parse at all without inline markup.
        tokens = _parser().parseInline(body.strip()) if _INLINE_MARKUP.search(body) else []
    else:
        tokens = _parser().parse(body)
        blocks = [t.type for t in tokens if t.type not in ("paragraph_open", "paragraph_close", "inline")]
        if blocks:
            if "html_block" in blocks:
                raise Invalid("raw HTML is not allowed in the summary; write plain Markdown")
            raise Invalid(f"must be one plain paragraph (found {blocks[0].replace('_open', '')})")
        if sum(t.type == "paragraph_open" for t in tokens) != 1:
            raise Invalid("must be one paragraph of plain sentences (no blank lines, no reference definitions)")
    for token in tokens:
        for child in token.children or ():
            if child.type in _FORBIDDEN_INLINE:
                raise Invalid(_FORBIDDEN_INLINE[child.type])
            if child.type not in _INLINE_OK:
                raise Invalid(f"uses unsupported Markdown ({child.type}); write plain sentences")
    seen = text
    if tokens:  # entities (`&#64;`, `&shy;`) and escapes (`\@`) are judged as readers see them
        decoded = _as_shown(tokens)
        bad = bad_character(decoded) or _bad_numeric_reference(text)
        if bad:
            raise Invalid(f"contains the invisible or control character {bad}, written as an HTML entity; remove it")
        seen = " ".join(decoded.split())
    if has_address(text) or has_address(seen):
        raise Invalid("must not contain web or e-mail addresses; put links under `links:`")
    if not (seen[:1].isupper() or seen[:1].isdigit()):
        raise Invalid("must start with a capital letter")
    if seen[-1:] not in (".", "!", "?"):
        raise Invalid("must end with a full stop")
    return text


_NUMERIC_REFERENCE = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,8}));")


def _bad_numeric_reference(text: str) -> str | None:
    """The code point of the first numeric reference to a control, invisible or invalid character
    (`&#27;`, `&#xD800;`): CommonMark shows these as U+FFFD, other readers of HTML as the character."""
    for match in _NUMERIC_REFERENCE.finditer(text):
        code = int(match.group(1) or match.group(2), 10 if match.group(1) else 16)
        if code > 0x10FFFF:
            return f"U+{code:04X}"
        if bad := bad_character(chr(code)):
            return bad
    return None


def _as_shown(tokens: list[Token]) -> str:
    """The text of a parsed summary as a reader sees it: entities and backslash escapes decoded,
    code spans and emphasis marks as typed (a code span shows `&#64;` as it is)."""
    parts: list[str] = []
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                parts.append(child.content)
            elif child.type == "code_inline":
                parts.append(child.markup + child.content + child.markup)
            elif child.type == "softbreak":
                parts.append("\n")
            else:
                parts.append(child.markup)
    return "".join(parts)
