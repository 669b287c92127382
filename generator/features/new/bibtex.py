"""BibTeX: read one record into a Work, with bibtexparser 2 (blocks, names) and pylatexenc
(LaTeX to text).

Three things we do ourselves: lines starting with `%` are comments (as biber and most editors
read them; without this an `@` in a comment would start a record); @string macros and `#`
concatenation are expanded here, within size, depth and total budgets (a few lines of
`@string{a1 = a0 # a0}` would otherwise double their way to gigabytes); and LaTeX is converted
only for values short enough to be valid, so a hostile file cannot keep pylatexenc busy.
"""

from __future__ import annotations

import calendar
import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import Block, DuplicateFieldKeyBlock, Field, ParsingFailedBlock, String
from pylatexenc.latex2text import LatexNodes2Text

from generator.core.checks import MAX_TEXT
from generator.core.schema import MAX_AUTHORS
from generator.features.new.work import ScaffoldError, Work, checked_arxiv, collapse, shown
from generator.lib.arxiv import IN_TEXT as ARXIV_IN_TEXT
from generator.lib.arxiv import arxiv_id_of, without_version

MAX_BIBTEX_BYTES = 1024 * 1024
"""The largest .bib file read: one record, with room for a reference manager's @string definitions."""
MAX_FIELD_CHARS = 64 * 1024
"""The longest value a field or @string macro may expand to."""
MAX_EXPANDED_CHARS = 2 * 1024 * 1024
"""All expanded values and macros of a file together."""
MAX_MACRO_DEPTH = 50
MAX_LATEX_CHARS = 4 * MAX_TEXT
"""The longest LaTeX source of a title, name or venue: room for markup around MAX_TEXT characters."""
MAX_ABSTRACT_LATEX = 4000
"""Only the abstract's beginning is converted: its first sentence is all the entry quotes."""
_COMMENT_LINE_RE = re.compile(r"^[ \t]*%.*$", re.MULTILINE)
_DELIMITER_RE = re.compile(r'(?<!\\)[{}"]')  # as bibtexparser's splitter reads them: `\{` is content
_WORD_RE = re.compile(r'[^\s#{}"]+')
_NUMBER_RE = re.compile(r"[0-9]+")  # a bare number (`year = 2023`), in ASCII digits: not a macro name
_SPACE_RE = re.compile(r"\s*")
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)

_MONTHS = [name.lower() for name in calendar.month_abbr]  # '', 'jan', ... 'dec': the index is the month

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures become our messages


class BibtexError(ScaffoldError):
    """The file is not one readable BibTeX record."""


Record = dict[str, str]  # field name (lowercase) -> value with LaTeX still in it; "author" names joined by " and "


def latex_to_text(text: str) -> str:
    """`{\\"U}ber $\\alpha$ {S}peech\\&{GPT}` -> `Über α Speech&GPT`, on one line."""
    return collapse(_LATEX.latex_to_text(text))


def parse_records(text: str) -> list[tuple[Record, list[str]]]:
    """Every record of a .bib text as (fields, `First Last` authors); @comment and @preamble skipped.

    Macros are expanded and names split here; only the first MAX_AUTHORS + 1 names are converted
    from LaTeX (enough to tell a list that must be cut), then `others` stands for the rest.
    """
    library = bibtexparser.parse_string(_COMMENT_LINE_RE.sub("", text), parse_stack=[])
    _refuse_failed(library)
    macros = _Macros(library.strings)
    for entry in library.entries:
        for item in entry.fields:
            item.value = macros.expand(str(item.value), f"BibTeX line {_line(item)}: field '{shown(item.key)}'")
    for middleware in (middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(), middlewares.MergeNameParts(style="first")):
        library = middleware.transform(library)
    _refuse_failed(library)
    records = []
    for entry in library.entries:
        fields: Record = {}
        authors: list[str] = []
        for item in entry.fields:
            name = item.key.lower()
            if name == "author" and isinstance(item.value, list):
                names = [a for a in item.value if a.strip()]
                authors = [_latex(a, f"author {number}") for number, a in enumerate(names[: MAX_AUTHORS + 1], 1)]
                authors += ["others"] if len(names) > MAX_AUTHORS + 1 else []
                fields[name] = " and ".join(item.value)
            else:
                fields[name] = str(item.value)
        records.append((fields, authors))
    return records


def _refuse_failed(library: Library) -> None:
    """BibtexError for the first block bibtexparser could not read (syntax, repeated field, bad name)."""
    for block in library.failed_blocks:
        line = _line(block)
        if isinstance(block, DuplicateFieldKeyBlock):
            names = ", ".join(f"'{shown(name)}'" for name in sorted(block.duplicate_keys))
            raise BibtexError(f"BibTeX line {line}: field {names} appears twice; keep one")
        error = getattr(block, "error", None) if isinstance(block, ParsingFailedBlock) else None
        reason = getattr(error, "abort_reason", "") or str(error or "")
        raise BibtexError(f"BibTeX line {line}: cannot be read ({shown(reason, 160) or 'syntax error'})")


def _line(block: Block | Field) -> int:
    """The 1-based line a block or field starts on."""
    return (block.start_line or 0) + 1


class _Macros:
    """The file's @string definitions, expanded on demand within MAX_FIELD_CHARS each,
    MAX_MACRO_DEPTH levels and MAX_EXPANDED_CHARS in all; later definitions win, names ignore case."""

    def __init__(self, strings: list[String]) -> None:
        self._blocks = {block.key.lower(): block for block in strings}
        self._done: dict[str, str] = {}
        self._active: list[str] = []
        self._left = MAX_EXPANDED_CHARS

    def expand(self, raw: str, what: str) -> str:
        """The text of a raw value: `{...}`, `"..."`, numbers and macro names joined by `#`."""
        pieces: list[str] = []
        size = 0
        for is_macro, part in _parts(raw, what):
            piece = self._macro(part) if is_macro else part
            size += len(piece)
            if size > MAX_FIELD_CHARS:  # before joining: the long string is never built
                raise BibtexError(f"{what} is longer than {MAX_FIELD_CHARS // 1024} KiB once expanded; shorten it")
            pieces.append(piece)
        self._left -= size
        if self._left < 0:
            raise BibtexError(f"{what}: the file's values expand to more than {MAX_EXPANDED_CHARS // 1024} KiB in all; shorten them")
        return "".join(pieces)

    def _macro(self, name: str) -> str:
        key = name.lower()
        block = self._blocks.get(key)
        if block is None:
            return name  # not defined: kept as written (`month = may`, a bare word)
        if key not in self._done:
            what = f"BibTeX line {_line(block)}: @string '{shown(block.key)}'"
            if key in self._active:
                raise BibtexError(f"{what} refers to itself")
            if len(self._active) >= MAX_MACRO_DEPTH:
                raise BibtexError(f"{what}: @string macros are nested more than {MAX_MACRO_DEPTH} deep")
            self._active.append(key)
            self._done[key] = self.expand(str(block.value), what)
            self._active.pop()
        return self._done[key]


def _parts(raw: str, what: str) -> list[tuple[bool, str]]:
    """The `#`-joined parts of a raw value: (False, text) for `{...}`, `"..."` and numbers, (True, name) for macros."""
    parts: list[tuple[bool, str]] = []
    at = _SPACE_RE.match(raw).end()  # type: ignore[union-attr]
    while True:
        if at < len(raw) and raw[at] in '{"':
            end = _closing(raw, at)
            if end < 0:
                raise BibtexError(f"{what} cannot be read (unbalanced braces or quotes)")
            parts.append((False, raw[at + 1 : end]))
            at = end + 1
        else:
            word = _WORD_RE.match(raw, at)
            if word is None:
                raise BibtexError(f"{what} cannot be read (a value is missing around #)")
            parts.append((not _NUMBER_RE.fullmatch(word.group()), word.group()))
            at = word.end()
        at = _SPACE_RE.match(raw, at).end()  # type: ignore[union-attr]
        if at == len(raw):
            return parts
        if raw[at] != "#":
            raise BibtexError(f"{what} cannot be read (join its parts with #)")
        at = _SPACE_RE.match(raw, at + 1).end()  # type: ignore[union-attr]


def _closing(raw: str, start: int) -> int:
    """Where the `{` or `"` at `start` is closed (braces nest; a quote ends only outside them), or -1."""
    depth = 0
    quoted = raw[start] == '"'
    for match in _DELIMITER_RE.finditer(raw, start + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return -1 if quoted else match.start()
            depth -= 1
        elif quoted and depth == 0:
            return match.start()
    return -1


def _latex(value: str, what: str) -> str:
    """The text of a short LaTeX value; BibtexError when it is too long or nested too deeply to convert."""
    if len(value) > MAX_LATEX_CHARS:
        raise BibtexError(f"{what} is {len(value)} characters long; at most {MAX_TEXT}; shorten it")
    try:
        return latex_to_text(value)
    except RecursionError:
        raise BibtexError(f"{what} is nested too deeply (braces, math or environments); simplify it") from None


def parse_bibtex(text: str) -> Work:
    """The one record of a .bib text as a Work; BibtexError says what is missing or wrong."""
    records = parse_records(text)
    if not records:
        raise BibtexError("no BibTeX record (@article{key, title = {...}, ...}) found")
    if len(records) > 1:
        raise BibtexError(f"the file holds {len(records)} records; keep only the one to add")
    record, authors = records[0]
    for required in ("title", "author", "year"):
        if not collapse(record.get(required, "")):
            raise BibtexError(f"the record has no '{required}' field")
    arxiv = _arxiv_of(record)
    year = collapse(record["year"])
    if not re.fullmatch(r"[0-9]{4}", year):
        raise BibtexError(f"year '{shown(year)}' is not a four-digit year")
    venue = _latex(record.get("journal") or record.get("booktitle") or "", "venue")
    if re.match(r"^(arxiv\b|corr$)", venue, re.IGNORECASE):
        venue = ""  # a preprint: the list gives no venue
    elif venue and not re.search(r"\b[0-9]{4}\b", venue):
        venue = f"{venue} {year}"
    try:
        abstract = latex_to_text(record.get("abstract", "")[:MAX_ABSTRACT_LATEX])
    except RecursionError:
        abstract = ""  # only quoted in the placeholder: not worth refusing the record for
    return Work(
        title=_latex(record["title"], "title"),
        authors=tuple(authors),
        date=_date_of(record, year),
        paper_url=_paper_url(record, arxiv),
        arxiv=arxiv,
        venue=venue,
        abstract=abstract,
    )


def _arxiv_of(record: Record) -> str:
    """The arXiv id from eprint (when the archive is arXiv), arxiv, url or a journal like `arXiv:2305.11000`."""
    prefix = collapse(record.get("archiveprefix", record.get("eprinttype", "arxiv"))).lower()
    candidates = [record.get("eprint", "") if prefix == "arxiv" else "", record.get("arxiv", "")]
    candidates.append(arxiv_id_of(collapse(record.get("url", ""))))
    for key in ("journal", "note", "volume"):
        match = ARXIV_IN_TEXT.search(record.get(key, "")) or re.match(r"^abs/(\S+)$", record.get(key, ""))
        candidates.append(match.group(1) if match else "")
    for candidate in candidates:
        candidate = without_version(collapse(candidate).removeprefix("arXiv:"))
        if candidate:
            try:
                return checked_arxiv(candidate)
            except ScaffoldError as exc:
                raise BibtexError(str(exc)) from None
    return ""


def _date_of(record: Record, year: str) -> str:
    """`YYYY-MM-DD` from a biblatex `date`, else `YYYY-MM` from year and month, else `YYYY`."""
    date = collapse(record.get("date", ""))
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", date):
        return date
    month = collapse(record.get("month", "")).lower()
    if re.fullmatch(r"0?[1-9]|1[0-2]", month):  # ASCII digits only: `isdigit` is true for `²`, which `int` refuses
        return f"{year}-{int(month):02d}"
    if month[:3] in _MONTHS[1:]:
        return f"{year}-{_MONTHS.index(month[:3]):02d}"
    return year


def _paper_url(record: Record, arxiv: str) -> str:
    """The arXiv abstract page, else the record's url, else its DOI as a URL."""
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    url = collapse(record.get("url", "")).split(" ")[0]
    if url:
        return url
    doi = collapse(record.get("doi", "")).removeprefix("https://doi.org/")
    if doi:
        return f"https://doi.org/{doi}"
    raise BibtexError("the record has no url, doi or arXiv eprint; add one so the entry has a link")
