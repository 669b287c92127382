"""BibTeX: read one record (braces, quotes, `#`, @string macros) into a Work."""

from __future__ import annotations

import re

from generator.scaffold.latex import latex_to_text
from generator.scaffold.work import ScaffoldError, Work, collapse
from generator.validate import ARXIV_VERSION_RE, Invalid, arxiv_id_of, check_arxiv

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAME_RE = re.compile(r"[A-Za-z_][\w\-:.+/']*")
_ARXIV_IN_TEXT_RE = re.compile(r"arxiv[:\s]+(?:abs/)?([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_SKIPPED = {"comment", "preamble"}


class BibtexError(ScaffoldError):
    """The file is not one readable BibTeX record."""


Record = dict[str, str]  # field name (lowercase) -> raw value, LaTeX still in it


def parse_records(text: str) -> list[Record]:
    """Every record of a .bib text, with @string macros expanded; @comment and @preamble skipped."""
    return _Reader(text).records()


class _Reader:
    """A hand-written reader: BibTeX's grammar is small, its values are not regular."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros: dict[str, str] = {m: m for m in MONTHS}

    def fail(self, message: str) -> BibtexError:
        line = self.text.count("\n", 0, self.pos) + 1
        return BibtexError(f"BibTeX line {line}: {message}")

    def records(self) -> list[Record]:
        found: list[Record] = []
        while (at := self.text.find("@", self.pos)) != -1:
            self.pos = at + 1
            kind = self.name("an entry type after '@'").lower()
            self.space()
            if self.pos >= len(self.text) or self.text[self.pos] not in "{(":
                raise self.fail(f"expected '{{' after @{kind}")
            close = "}" if self.text[self.pos] == "{" else ")"
            if kind in _SKIPPED:
                self.braced() if close == "}" else self.skip_to(")")
                continue
            self.pos += 1
            if kind == "string":
                name, value = self.field()
                self.macros[name] = value
                self.expect(close)
                continue
            self.space()
            self.name("a citation key")
            found.append(self.fields(close))
        return found

    def fields(self, close: str) -> Record:
        record: Record = {}
        while True:
            self.space()
            if self.peek() == ",":
                self.pos += 1
                continue
            if self.peek() == close:
                self.pos += 1
                return record
            name, value = self.field()
            if name in record:
                raise self.fail(f"field '{name}' appears twice; keep one")
            record[name] = value

    def field(self) -> tuple[str, str]:
        name = self.name("a field name").lower()
        self.expect("=")
        parts = [self.value()]
        while self.space():
            self.pos += 1
            parts.append(self.value())
        return name, "".join(parts)

    def value(self) -> str:
        self.space()
        char = self.peek()
        if char == "{":
            return self.braced()[1:-1]
        if char == '"':
            return self.quoted()
        if char.isdigit():
            start = self.pos
            while self.peek().isdigit():
                self.pos += 1
            return self.text[start : self.pos]
        name = self.name("a value: {...}, \"...\", a number or a macro").lower()
        if name not in self.macros:
            raise self.fail(f"unknown macro '{name}'; write the value in braces")
        return self.macros[name]

    def braced(self) -> str:
        """A balanced `{...}` (returned with its braces); backslash-escaped braces do not count."""
        start, depth = self.pos, 0
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            depth += char == "{"
            depth -= char == "}"
            self.pos += 1
            if depth == 0:
                return self.text[start : self.pos]
        self.pos = start
        raise self.fail("a '{' is never closed")

    def quoted(self) -> str:
        """A `"..."` value; quotes inside braces (`{"}`) do not end it."""
        start, depth = self.pos, 0
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == '"' and depth == 0:
                self.pos += 1
                return self.text[start + 1 : self.pos - 1]
            depth += char == "{"
            depth -= char == "}"
            self.pos += 1
        self.pos = start
        raise self.fail('a \'"\' is never closed')

    def name(self, what: str) -> str:
        self.space()
        match = _NAME_RE.match(self.text, self.pos)
        if not match:
            raise self.fail(f"expected {what}")
        self.pos = match.end()
        return match.group()

    def expect(self, char: str) -> None:
        self.space()
        if self.peek() != char:
            raise self.fail(f"expected '{char}'")
        self.pos += 1

    def skip_to(self, char: str) -> None:
        end = self.text.find(char, self.pos)
        self.pos = len(self.text) if end == -1 else end + 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def space(self) -> bool:
        """Skip whitespace; True when the next character is `#` (string concatenation)."""
        while self.peek().isspace():
            self.pos += 1
        return self.peek() == "#"


def parse_bibtex(text: str) -> Work:
    """The one record of a .bib text as a Work; BibtexError says what is missing or wrong."""
    records = parse_records(text)
    if not records:
        raise BibtexError("no BibTeX record (@article{key, title = {...}, ...}) found")
    if len(records) > 1:
        raise BibtexError(f"the file holds {len(records)} records; keep only the one to add")
    record = records[0]
    for required in ("title", "author", "year"):
        if not collapse(record.get(required, "")):
            raise BibtexError(f"the record has no '{required}' field")
    arxiv = _arxiv_of(record)
    year = collapse(record["year"])
    if not re.fullmatch(r"\d{4}", year):
        raise BibtexError(f"year '{year}' is not a four-digit year")
    venue = latex_to_text(record.get("journal") or record.get("booktitle") or "")
    if re.match(r"^(arxiv\b|corr$)", venue, re.IGNORECASE):
        venue = "arXiv preprint"
    elif venue and not re.search(r"\b\d{4}\b", venue):
        venue = f"{venue} {year}"
    return Work(
        title=latex_to_text(record["title"]),
        authors=tuple(split_authors(record["author"])),
        date=_date_of(record, year),
        paper_url=_paper_url(record, arxiv),
        arxiv=arxiv,
        venue=venue,
        abstract=latex_to_text(record.get("abstract", "")),
    )


def split_authors(field: str) -> list[str]:
    """`Last, First and First Last and others` as `First Last` names (LaTeX turned into text)."""
    names = []
    for raw in _split_top_level(field, re.compile(r"\s+and\s+", re.IGNORECASE)):
        parts = [latex_to_text(p) for p in _split_top_level(raw, re.compile(r"\s*,\s*"))]
        if len(parts) == 2:
            parts = [parts[1], parts[0]]  # Last, First
        elif len(parts) == 3:
            parts = [parts[2], parts[0], parts[1]]  # Last, Jr, First
        name = collapse(" ".join(p for p in parts if p))
        if name:
            names.append(name)
    return names


def _split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at `separator` where it is outside braces."""
    pieces, depth, start, pos = [], 0, 0, 0
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        depth += char == "{"
        depth -= char == "}"
        match = separator.match(text, pos) if depth == 0 else None
        if match and match.end() > pos and pos > start:
            pieces.append(text[start:pos])
            start = pos = match.end()
            continue
        pos += 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


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
