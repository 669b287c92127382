"""BibTeX: read one record into a Work, with bibtexparser 2 (blocks, @string macros, names)
and pylatexenc (LaTeX to text).

Two things bibtexparser leaves to us: lines starting with `%` are comments (as biber and most
editors read them; without this an `@` in a comment would start a record), and `#` string
concatenation, which it does not resolve: such a value is refused with a clear message.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateFieldKeyBlock, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from generator.checks import ARXIV_VERSION_RE, Invalid, check_arxiv
from generator.identity import arxiv_id_of
from generator.scaffold.work import ScaffoldError, Work, collapse

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ARXIV_IN_TEXT_RE = re.compile(r"arxiv[:\s]+(?:abs/)?([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_COMMENT_LINE_RE = re.compile(r"^[ \t]*%.*$", re.MULTILINE)
_CONCATENATION_RE = re.compile(r'(?:^|["}\s])#(?:\s|["{]|$)')
_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures become our messages


class BibtexError(ScaffoldError):
    """The file is not one readable BibTeX record."""


Record = dict[str, str]  # field name (lowercase) -> value with LaTeX still in it; "author" names joined by " and "


def latex_to_text(text: str) -> str:
    """`{\\"U}ber $\\alpha$ {S}peech\\&{GPT}` -> `Über α Speech&GPT`, on one line."""
    return collapse(_LATEX.latex_to_text(text))


def parse_records(text: str) -> list[tuple[Record, list[str]]]:
    """Every record of a .bib text as (fields, `First Last` authors); @comment and @preamble skipped."""
    library = bibtexparser.parse_string(
        _COMMENT_LINE_RE.sub("", text),
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(),
                           middlewares.MergeNameParts(style="first")],
    )
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateFieldKeyBlock):
            names = ", ".join(f"'{name}'" for name in sorted(block.duplicate_keys))
            raise BibtexError(f"BibTeX line {line}: field {names} appears twice; keep one")
        reason = getattr(getattr(block, "error", None), "abort_reason", "") if isinstance(block, ParsingFailedBlock) else ""
        raise BibtexError(f"BibTeX line {line}: cannot be read ({reason or 'syntax error'})")
    records = []
    for entry in library.entries:
        fields: Record = {}
        authors: list[str] = []
        for item in entry.fields:
            name = item.key.lower()
            if name == "author" and isinstance(item.value, list):
                authors = [latex_to_text(a) for a in item.value if a.strip()]
                fields[name] = " and ".join(item.value)
                continue
            value = str(item.value)
            if _CONCATENATION_RE.search(value):
                raise BibtexError(
                    f"BibTeX line {(entry.start_line or 0) + 1}: field '{name}' joins strings with #, which is not supported; "
                    "write the value out in braces"
                )
            fields[name] = value
        records.append((fields, authors))
    return records


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
    if not re.fullmatch(r"\d{4}", year):
        raise BibtexError(f"year '{year}' is not a four-digit year")
    venue = latex_to_text(record.get("journal") or record.get("booktitle") or "")
    if re.match(r"^(arxiv\b|corr$)", venue, re.IGNORECASE):
        venue = ""  # a preprint: the list gives no venue
    elif venue and not re.search(r"\b\d{4}\b", venue):
        venue = f"{venue} {year}"
    return Work(
        title=latex_to_text(record["title"]),
        authors=tuple(authors),
        date=_date_of(record, year),
        paper_url=_paper_url(record, arxiv),
        arxiv=arxiv,
        venue=venue,
        abstract=latex_to_text(record.get("abstract", "")),
    )


def _arxiv_of(record: Record) -> str:
    """The arXiv id from eprint (when the archive is arXiv), arxiv, url or a journal like `arXiv:2305.11000`."""
    prefix = collapse(record.get("archiveprefix", record.get("eprinttype", "arxiv"))).lower()
    candidates = [record.get("eprint", "") if prefix == "arxiv" else "", record.get("arxiv", "")]
    candidates.append(arxiv_id_of(collapse(record.get("url", ""))))
    for key in ("journal", "note", "volume"):
        match = _ARXIV_IN_TEXT_RE.search(record.get(key, "")) or re.match(r"^abs/(\S+)$", record.get(key, ""))
        candidates.append(match.group(1) if match else "")
    for candidate in candidates:
        candidate = ARXIV_VERSION_RE.sub("", collapse(candidate).removeprefix("arXiv:"))
        if candidate:
            try:
                return check_arxiv(candidate)
            except Invalid as exc:
                raise BibtexError(f"arXiv id {exc}") from None
    return ""


def _date_of(record: Record, year: str) -> str:
    """`YYYY-MM-DD` from a biblatex `date`, else `YYYY-MM` from year and month, else `YYYY`."""
    date = collapse(record.get("date", ""))
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", date):
        return date
    month = collapse(record.get("month", "")).lower()
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{year}-{int(month):02d}"
    if month[:3] in MONTHS:
        return f"{year}-{MONTHS.index(month[:3]) + 1:02d}"
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
