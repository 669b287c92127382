"""Turn parsed documents into validated model objects, reporting every problem with its fix."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from generator.model import (
    LINK_KINDS,
    BenchmarkColumn,
    BenchmarkRow,
    BenchmarkTable,
    Entry,
    ListInfo,
    PartialDate,
    Section,
    Taxonomy,
)
from generator.problems import Problem
from generator.schema import FIELDS, FIELDS_BY_NAME, SUMMARY_MAX_CHARS, TYPES

if TYPE_CHECKING:
    from generator.load import Document

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
ARXIV_NEW_RE = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})$")
ARXIV_OLD_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}$")
ARXIV_VERSION_RE = re.compile(r"v\d+$")
PLACEHOLDERS = {"#", "tbd", "todo", "tba", "n/a", "-", "...", "…", "?", "xxx", "fixme"}
SOURCE_WORDS = ("survey", "upstream")
MAX_TEXT = 400
MAX_URL = 2000


class Invalid(Exception):
    """A value breaks a rule; the message says what to write instead."""


def suggest(value: str, allowed: Iterable[str]) -> str:
    """`; did you mean 'x'? allowed: a, b, c` for an unknown value."""
    allowed = list(allowed)
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{hint} allowed: {', '.join(allowed)}"


_MAYBE_BAD = re.compile(r"[^\x20-\x7e\n\t]")  # ASCII controls and every non-ASCII character


def _bad_character(text: str) -> str | None:
    """Name of the first control, bidi or invisible formatting character in `text`, if any."""
    for match in _MAYBE_BAD.finditer(text):  # printable ASCII is never bad: only look at the rest
        char = match.group()
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


def check_text(value: Any, multiline: bool = False) -> str:
    """A non-empty, non-placeholder string of printable characters."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(f"must be text, not {_type_name(value)}")
    if not isinstance(value, str):
        raise Invalid(f'must be text; quote it: "{value}"')
    text = value.strip()
    if not text:
        raise Invalid("is empty; fill it in or remove the key")
    if text.casefold() in PLACEHOLDERS:
        raise Invalid(f"'{text}' is a placeholder; write the real value or remove the key")
    bad = _bad_character(text)
    if bad:
        raise Invalid(f"contains the invisible or control character {bad}; remove it")
    if not multiline and "\n" in text:
        raise Invalid("must be on one line")
    if len(text) > MAX_TEXT:
        raise Invalid(f"is {len(text)} characters long; at most {MAX_TEXT}")
    return text


def check_list(value: Any, item: Callable[[Any], Any], allow_empty: bool = False) -> tuple:
    """A YAML list whose items pass `item`; no repeated items."""
    if not isinstance(value, list):
        raise Invalid(f"must be a list, e.g. [a, b]; got {_type_name(value)}")
    if not value and not allow_empty:
        raise Invalid("is an empty list; add values or remove the key")
    items = []
    for index, raw in enumerate(value):
        try:
            checked = item(raw)
        except Invalid as exc:
            raise Invalid(f"item {index + 1} {exc}") from None
        if checked in items:
            raise Invalid(f"lists '{checked}' twice; keep one")
        items.append(checked)
    return tuple(items)


def check_choice(value: Any, allowed: Iterable[str]) -> str:
    """One value of a vocabulary, with a suggestion when it is unknown."""
    text = check_text(value)
    allowed = list(allowed)
    if text not in allowed:
        raise Invalid(f"unknown value '{text}'{suggest(text, allowed)}")
    return text


def check_date(value: Any, today: dt.date, full: bool = False) -> PartialDate:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` (only the last when `full`), not in the future."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid(f'must be a date like "2023-05"; got {_type_name(value)}')
    try:
        date = PartialDate.parse(value.strip())
    except ValueError:
        want = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"
        raise Invalid(f"'{value}' is not a valid date; write {want}") from None
    if full and not date.day:
        raise Invalid(f"'{value}' must be a full day YYYY-MM-DD")
    if date.earliest() > today:
        raise Invalid(f"'{value}' is in the future (today is {today.isoformat()})")
    return date


_WHITESPACE = re.compile(r"\s")  # exactly the characters for which str.isspace()


def check_url(value: Any) -> str:
    """An absolute http(s) URL without whitespace, credentials or placeholders."""
    if not isinstance(value, str):
        raise Invalid(f"must be a URL string; got {_type_name(value)}")
    url = value.strip()
    if not url or url.casefold() in PLACEHOLDERS:
        raise Invalid(f"'{url}' is a placeholder; give the real URL or remove the link")
    if len(url) > MAX_URL:
        raise Invalid(f"is {len(url)} characters long; at most {MAX_URL}")
    if _WHITESPACE.search(url) or _bad_character(url):
        raise Invalid(f"'{url}' contains whitespace or control characters; percent-encode them")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise Invalid(f"'{url}' must be an absolute http:// or https:// URL")
    if not parts.hostname or "." not in parts.hostname or "@" in parts.netloc:
        raise Invalid(f"'{url}' has no valid host name")
    if any(ch in url for ch in "<>\"'`\\"):
        raise Invalid(f"'{url}' contains characters that must be percent-encoded (< > \" ' ` \\)")
    return url


def check_arxiv(value: Any) -> str:
    """A real-looking arXiv id, new (`2305.11000`) or old style (`cs/0112017`), no version."""
    if isinstance(value, float):
        raise Invalid(f'must be quoted so YAML keeps its digits: arxiv: "{value}"')
    if not isinstance(value, str):
        raise Invalid(f"must be text; got {_type_name(value)}")
    text = value.strip()
    if ARXIV_VERSION_RE.search(text) and (ARXIV_NEW_RE.match(ARXIV_VERSION_RE.sub("", text)) or ARXIV_OLD_RE.match(ARXIV_VERSION_RE.sub("", text))):
        raise Invalid(f"'{text}' has a version suffix; write '{ARXIV_VERSION_RE.sub('', text)}'")
    match = ARXIV_NEW_RE.match(text)
    if match:
        year, month, number = match.groups()
        if not 1 <= int(month) <= 12:
            raise Invalid(f"'{text}' has month {month}; arXiv ids start with YYMM")
        if int(year) >= 15 and len(number) != 5:
            raise Invalid(f"'{text}' must have 5 digits after the dot for papers since 2015")
        return text
    if ARXIV_OLD_RE.match(text):
        return text
    raise Invalid(f"'{text}' is not an arXiv id; write it like 2305.11000 or cs/0112017")


def check_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number; got {_type_name(value)}")
    if value < 1:
        raise Invalid(f"must be positive; got {value}")
    return value


def check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false; got {_type_name(value)}")
    return value


def check_source(value: Any) -> str:
    text = check_text(value)
    if text in SOURCE_WORDS:
        return text
    try:
        return check_url(text)
    except Invalid:
        raise Invalid(f"'{text}' must be 'survey', 'upstream' or a URL") from None


def check_slug(value: Any) -> str:
    text = check_text(value)
    if not SLUG_RE.match(text) or len(text) > MAX_SLUG:
        raise Invalid(f"'{text}' is not an entry id (lowercase letters, digits and hyphens)")
    return text


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


_SUMMARY_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_SUMMARY_MD.validateLink = lambda url: True  # see every link, javascript: and data: included, to refuse it
_INLINE_OK = {"text", "softbreak", "em_open", "em_close", "strong_open", "strong_close", "code_inline", "s_open", "s_close"}
_FORBIDDEN_INLINE = {
    "link_open": "links are not allowed in the summary; put URLs under `links:`",
    "image": "images are not allowed in the summary",
    "html_inline": "raw HTML is not allowed in the summary; write plain Markdown",
}


_BLOCK_STARTS = frozenset("#>-+*=_`~<|[:0123456789")
_INLINE_MARKUP = re.compile(r"[\[\]<>]|  \n|\\\n")  # what can make a link, an image, HTML or a hard break


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
        if start in "*_" and line[1:2].isalnum():
            continue  # *emphasis*, not a bullet (needs a space) or a rule (only * or _)
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
    bad = _bad_character(body)
    if bad:
        raise Invalid(f"contains the invisible or control character {bad}; remove it")
    if body.lstrip().startswith("<!-- awesome-lam new:"):
        raise Invalid("is still the placeholder written by `awesome-lam new`; replace the comment with one to three sentences of your own")
    if _one_paragraph(body):
        # Fast path (most summaries): no block parse; no parse at all without inline markup.
        tokens = _SUMMARY_MD.parseInline(body.strip()) if _INLINE_MARKUP.search(body) else []
    else:
        tokens = _SUMMARY_MD.parse(body)
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
    if "://" in text or "www." in text.casefold():
        raise Invalid("must not contain URLs; put them under `links:`")
    if not (text[0].isupper() or text[0].isdigit()):
        raise Invalid("must start with a capital letter")
    if text[-1] not in ".!?":
        raise Invalid("must end with a full stop")
    return text


_CHECKS: dict[str, Callable[[Any, Taxonomy, dt.date, str], Any]] = {
    "text": lambda v, t, d, f: check_text(v),
    "text-list": lambda v, t, d, f: check_list(v, check_text),
    "date": lambda v, t, d, f: check_date(v, d),
    "day": lambda v, t, d, f: check_date(v, d, full=True).earliest(),
    "choice": lambda v, t, d, f: check_choice(v, getattr(t, FIELDS_BY_NAME[f].vocabulary)),
    "choice-list": lambda v, t, d, f: check_list(v, lambda i: check_choice(i, getattr(t, FIELDS_BY_NAME[f].vocabulary))),
    "arxiv": lambda v, t, d, f: check_arxiv(v),
    "integer": lambda v, t, d, f: check_int(v),
    "boolean": lambda v, t, d, f: check_bool(v),
    "entry-list": lambda v, t, d, f: check_list(v, check_slug),
    "section-list": lambda v, t, d, f: check_list(v, lambda i: check_choice(i, t.section_ids)),
    "source-list": lambda v, t, d, f: check_list(v, check_source),
}
assert set(_CHECKS) | {"links"} == set(TYPES), "every schema type needs a check"


def _check_links(doc: Document, value: Any) -> dict[str, str] | None:
    """The `links:` mapping: known kinds, valid URLs, shown in LINK_KINDS order."""
    if not isinstance(value, dict) or not value:
        doc.problem("links", "must be a mapping with at least one link, e.g.\n  links:\n    paper: https://arxiv.org/abs/...")
        return None
    links: dict[str, str] = {}
    ok = True
    for kind, url in value.items():
        key = f"links.{kind}"
        if kind not in LINK_KINDS:
            doc.problem(key, f"unknown link kind '{kind}'{suggest(str(kind), LINK_KINDS)}")
            ok = False
            continue
        try:
            links[kind] = check_url(url)
        except Invalid as exc:
            doc.problem(key, str(exc))
            ok = False
    urls = list(links.values())
    for kind, url in links.items():
        if urls.count(url) > 1:
            doc.problem(f"links.{kind}", f"'{url}' is given twice in this entry; keep it under one kind")
            return None
    return {k: links[k] for k in LINK_KINDS if k in links} if ok else None


def entry_location(rel: str, taxonomy: Taxonomy) -> tuple[str, str] | str:
    """(section, id) from `entries/<section>/<id>.md`, or the problem message."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "entries":
        return "must be at entries/<section>/<id>.md, in a folder named after its section: " + ", ".join(
            taxonomy.section_ids
        )
    section, name = parts[1], parts[2][: -len(".md")]
    if section not in taxonomy.section_ids:
        return f"is in folder '{section}', which is not a section{suggest(section, taxonomy.section_ids)}"
    if not SLUG_RE.match(name) or len(name) > MAX_SLUG:
        return (
            f"file name '{name}.md' is not a valid id: use lowercase letters, digits and single hyphens "
            f"(e.g. '{_slugify(name) or 'my-model'}.md')"
        )
    return section, name


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:MAX_SLUG]


def validate_entry(doc: Document, taxonomy: Taxonomy, today: dt.date) -> Entry | None:
    """Check one parsed entry against the schema; problems go to `doc.problems`."""
    location = entry_location(doc.path, taxonomy)
    if isinstance(location, str):
        doc.problem("", location)
        return None
    section_id, entry_id = location
    if doc.data is None:
        return None
    values: dict[str, Any] = {}
    data = doc.data
    for key in data:
        if key not in FIELDS_BY_NAME:
            known = [f.name for f in FIELDS]
            if key == "section":
                doc.problem(key, f"is not written in the file: the folder is the section (here '{section_id}'); remove it")
            else:
                doc.problem(str(key), f"unknown key{suggest(str(key), known)}")
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None
    for spec in FIELDS:
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                doc.problem("", f"missing required key '{spec.name}' ({TYPES[spec.type]}): {spec.description}")
            continue
        if spec.kinds and kind not in spec.kinds:
            doc.problem(spec.name, f"is only for kind {', '.join(spec.kinds)}; remove it")
            continue
        if spec.type == "links":
            links = _check_links(doc, data[spec.name])
            if links is not None:
                values[spec.name] = links
            continue
        try:
            values[spec.name] = _CHECKS[spec.type](data[spec.name], taxonomy, today, spec.name)
        except Invalid as exc:
            doc.problem(spec.name, str(exc))
    try:
        summary = check_summary(doc.body)
    except Invalid as exc:
        doc.problems.append(Problem(doc.path, doc.body_line, "summary", str(exc)))
        summary = None
    _check_entry_rules(doc, values, section_id, taxonomy)
    if doc.problems or summary is None:
        return None
    values.setdefault("code", "released" if "code" in values["links"] else "unknown")
    return Entry(
        id=entry_id,
        path=doc.path,
        section=section_id,
        summary=summary,
        positions=dict(doc.positions),
        **values,
    )


def _check_entry_rules(doc: Document, values: dict[str, Any], section_id: str, taxonomy: Taxonomy) -> None:
    """Rules that tie several keys of one entry together."""
    section = taxonomy.section(section_id)
    kind = values.get("kind")
    if kind and section.kinds and kind not in section.kinds:
        doc.problem("kind", f"'{kind}' entries do not belong in '{section_id}' (only {', '.join(section.kinds)})")
    homes = [f"entries/{s.id}/" for s in taxonomy.sections if kind and kind in s.kinds]
    if homes and not section.kinds:
        doc.problem("kind", f"'{kind}' entries live in {' or '.join(homes)}; move the file there")
    if section_id in values.get("also_in", ()):
        doc.problem("also_in", f"lists '{section_id}', the entry's own section (its folder); remove it")
    links = values.get("links") or {}
    code = values.get("code")
    if code == "released" and "code" not in links:
        doc.problem("code", "is 'released' but there is no links.code; add the repository URL")
    if code in ("none", "announced") and "code" in links:
        doc.problem("code", f"is '{code}' but links.code is set; write 'released' or remove the link")
    name = values.get("name") or values.get("title") or ""
    if name and " ".join(doc.body.split()).casefold().startswith(name.casefold()):
        doc.problems.append(
            Problem(doc.path, doc.body_line, "summary", f"starts with the work's name '{name}'; start with what it is (the list shows the name)")
        )
    arxiv = values.get("arxiv")
    paper = links.get("paper", "")
    paper_arxiv = arxiv_id_of(paper)
    if arxiv and paper_arxiv and paper_arxiv != arxiv:
        doc.problem("links.paper", f"points to arXiv {paper_arxiv} but arxiv is {arxiv}; make them agree")
    if paper_arxiv and not arxiv:
        doc.problem("links.paper", f"is an arXiv link; also add arxiv: \"{paper_arxiv}\"")


_ARXIV_URL_RE = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$")


def arxiv_id_of(url: str) -> str:
    """The arXiv id an arxiv.org abs/pdf URL points to ('' for other URLs)."""
    match = _ARXIV_URL_RE.match(url)
    return match.group(1) if match else ""


def normalise_title(title: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a title, for duplicate detection."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return _NOT_ALNUM.sub("", decomposed)  # keeps exactly the characters for which str.isalnum()


_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise_url(url: str) -> str:
    """Scheme-, `www.`-, trailing-slash- and arXiv-version-insensitive form of a URL."""
    arxiv = arxiv_id_of(url)
    if arxiv:
        return f"arxiv:{arxiv}"
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}".casefold() if host.endswith("github.com") else f"{host}{path}{query}"


@dataclass(frozen=True)
class Identity:
    """What makes a work itself (id, arXiv id, title, URLs), read from any parsed entry file.

    Taken from the raw front matter, keeping only values that pass their own checks, so that
    a duplicate is reported in the same run as the duplicate file's other problems.
    """

    path: str
    id: str
    arxiv: str
    title: str
    urls: Mapping[str, str]  # "links.<kind>" -> URL
    positions: Mapping[str, int]

    def line_of(self, field_name: str) -> int:
        return self.positions.get(field_name, 1)


def identity_of(doc: Document) -> Identity | None:
    """The identity of a parsed entry file (None when its front matter did not parse)."""
    if doc.data is None:
        return None

    def valid(check: Callable[[Any], str], value: Any) -> str:
        try:
            return check(value)
        except Invalid:
            return ""

    links = doc.data.get("links")
    urls = {f"links.{k}": valid(check_url, u) for k, u in links.items()} if isinstance(links, dict) else {}
    return Identity(
        path=doc.path,
        id=doc.path.rsplit("/", 1)[-1].removesuffix(".md"),
        arxiv=valid(check_arxiv, ARXIV_VERSION_RE.sub("", arxiv) if isinstance(arxiv := doc.data.get("arxiv"), str) else arxiv),
        title=valid(check_text, doc.data.get("title")),
        urls={field: url for field, url in urls.items() if url},
        positions=doc.positions,
    )


def cross_check(
    identities: list[Identity], entries: list[Entry], benchmarks: list[BenchmarkTable], all_ids: set[str]
) -> list[Problem]:
    """Rules across entries: unique ids, arXiv ids, titles and URLs; references resolve.

    Uniqueness is checked on the identity of every parsed file, valid or not; `all_ids` holds
    the id of every entry file, so one broken entry does not make every reference to it fail too.
    """
    problems: list[Problem] = []

    def report_duplicates(key_of: Callable[[Identity], Iterable[tuple[str, str]]], what: str) -> None:
        """Report both sides of every clash, so each file's own report says what to fix."""
        seen: dict[str, tuple[Identity, str]] = {}
        for work in identities:
            for key, field in key_of(work):
                if not key:
                    continue
                if key not in seen:
                    seen[key] = (work, field)
                    continue
                first, first_field = seen[key]
                if first.path == work.path:
                    continue
                for here, here_field, there, there_field in (
                    (work, field, first, first_field),
                    (first, first_field, work, field),
                ):
                    problems.append(
                        Problem(
                            here.path,
                            here.line_of(here_field),
                            here_field,
                            f"{what} is also used by {there.path}:{there.line_of(there_field)}; one entry per work",
                        )
                    )

    ids: defaultdict[str, list[Identity]] = defaultdict(list)
    for work in identities:
        ids[work.id].append(work)
    for work_id, same in ids.items():
        if len(same) > 1:
            for work in same:
                others = ", ".join(o.path for o in same if o is not work)
                problems.append(Problem(work.path, 1, "id", f"'{work_id}' is also the id of {others}; rename one of the files"))
    report_duplicates(lambda w: [(w.arxiv, "arxiv")], "the same arXiv id")
    report_duplicates(lambda w: [(normalise_title(w.title), "title")], "the same title")
    report_duplicates(lambda w: [(normalise_url(u), field) for field, u in w.urls.items()], "the same URL")
    known = all_ids
    for entry in entries:
        for index, ref in enumerate(entry.related):
            if ref == entry.id:
                problems.append(Problem(entry.path, entry.line_of(f"related.{index}"), "related", "lists the entry itself"))
            elif ref not in known:
                problems.append(
                    Problem(entry.path, entry.line_of(f"related.{index}"), "related", f"unknown entry id '{ref}'{_near(ref, known)}")
                )
    for table in benchmarks:
        for index, row in enumerate(table.rows):
            if row.entry and row.entry not in known:
                problems.append(Problem(table.path, 1, f"rows.{index}.entry", f"unknown entry id '{row.entry}'{_near(row.entry, known)}"))
    return problems


def _near(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def validate_taxonomy(doc: Document) -> Taxonomy | None:
    """`entries/taxonomy.yml`: sections (ordered) and the vocabularies."""
    data = doc.data
    if data is None:
        return None
    sections: list[Section] = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        doc.problem("sections", "must be a list of sections with id, title and description")
    else:
        for index, raw in enumerate(raw_sections):
            key = f"sections.{index}"
            if not isinstance(raw, dict):
                doc.problem(key, "must be a mapping with id, title and description")
                continue
            try:
                sections.append(
                    Section(
                        id=check_slug(raw.get("id")),
                        title=check_text(raw.get("title")),
                        description=check_text(raw.get("description")),
                        layout=check_choice(raw.get("layout", "list"), ("list", "table")),
                        kinds=check_list(raw.get("kinds", []), check_text, allow_empty=True),
                    )
                )
            except Invalid as exc:
                doc.problem(key, str(exc))
    vocab: dict[str, dict[str, str]] = {}
    for name in ("kinds", "tasks", "modalities", "code", "access"):
        raw = data.get(name)
        if not isinstance(raw, dict) or not raw:
            doc.problem(name, "must be a mapping of id: description")
            continue
        try:
            vocab[name] = {check_slug(k): check_text(v) for k, v in raw.items()}
        except Invalid as exc:
            doc.problem(name, str(exc))
    for key in data:
        if key not in ("sections", *vocab, "kinds", "tasks", "modalities", "code", "access"):
            doc.problem(str(key), "unknown key in the taxonomy")
    if doc.problems:
        return None
    return Taxonomy(sections=tuple(sections), **vocab)


def validate_list_info(doc: Document) -> ListInfo | None:
    """`entries/list.yml`: what the list says about itself."""
    if doc.data is None:
        return None
    values: dict[str, str] = {}
    for name in ("title", "tagline", "description", "repository", "website", "survey", "license", "license_url"):
        try:
            if name in ("repository", "website", "license_url"):
                url = check_url(doc.data.get(name))
                values[name] = url if name == "license_url" else url.rstrip("/")
            elif name == "survey":
                values[name] = check_slug(doc.data.get(name))
            else:
                values[name] = check_text(doc.data.get(name), multiline=name == "description")
        except Invalid as exc:
            doc.problem(name, str(exc))
    return None if doc.problems else ListInfo(**values)


def validate_benchmark(doc: Document, taxonomy: Taxonomy) -> BenchmarkTable | None:
    """A results table: columns with keys, rows whose values use those keys."""
    data = doc.data
    if data is None:
        return None
    table_id = doc.path.rsplit("/", 1)[-1].removesuffix(".yml")

    def field(name: str, check: Callable[[Any], Any]) -> Any:
        try:
            return check(data.get(name))
        except Invalid as exc:
            doc.problem(name, str(exc))
            return None

    title = field("title", check_text)
    description = field("description", check_text)
    task = field("task", lambda v: check_choice(v, taxonomy.tasks))
    dataset = field("dataset", check_text)
    source = data.get("source")
    if not isinstance(source, dict) or not source:
        doc.problem("source", "must say where the numbers come from, e.g. source: {survey_table: 4, caption: ...}")
    columns: list[BenchmarkColumn] = []
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        doc.problem("columns", "must be a list of {key, label} columns")
        raw_columns = []
    for index, raw in enumerate(raw_columns):
        key = f"columns.{index}"
        if not isinstance(raw, dict):
            doc.problem(key, "must be a mapping {key, label, metric, better}")
            continue
        try:
            columns.append(
                BenchmarkColumn(
                    key=check_text(raw.get("key")),
                    label=check_text(raw.get("label")),
                    metric=check_text(raw["metric"]) if "metric" in raw else "",
                    better=check_choice(raw["better"], ("lower", "higher")) if "better" in raw else "",
                )
            )
        except Invalid as exc:
            doc.problem(key, str(exc))
    column_keys = {c.key for c in columns}
    rows: list[BenchmarkRow] = []
    raw_rows = data.get("rows")
    if not isinstance(raw_rows, list) or not raw_rows:
        doc.problem("rows", "must be a list of {model, values} rows")
        raw_rows = []
    for index, raw in enumerate(raw_rows):
        key = f"rows.{index}"
        if not isinstance(raw, dict) or not isinstance(raw.get("values"), dict):
            doc.problem(key, "must be a mapping with model and values")
            continue
        values = raw["values"]
        unknown = [k for k in values if k not in column_keys]
        if unknown:
            doc.problem(key, f"value '{unknown[0]}' has no column{suggest(str(unknown[0]), sorted(column_keys))}")
            continue
        bad = [k for k, v in values.items() if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float, str)))]
        if bad:
            doc.problem(key, f"value '{bad[0]}' must be a number, text or null")
            continue
        try:
            rows.append(
                BenchmarkRow(
                    model=check_text(raw.get("model")),
                    values={k: (check_text(v) if isinstance(v, str) else v) for k, v in values.items()},
                    entry=check_slug(raw["entry"]) if "entry" in raw else "",
                    group=check_text(raw["group"]) if "group" in raw else "",
                )
            )
        except Invalid as exc:
            doc.problem(key, str(exc))
    for key in data:
        if key not in ("title", "description", "task", "dataset", "source", "columns", "rows"):
            doc.problem(str(key), "unknown key in a benchmark table")
    if doc.problems:
        return None
    return BenchmarkTable(
        id=table_id,
        path=doc.path,
        title=title,
        description=description,
        task=task,
        dataset=dataset,
        source=dict(source),
        columns=tuple(columns),
        rows=tuple(rows),
    )
