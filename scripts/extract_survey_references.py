#!/usr/bin/env python3
"""Extract the numbered reference list of the survey into a YAML data file.

The survey "Sparks of Large Audio Models: A Survey and Outlook" ships as a Markdown-ish
full text.  Its bibliography follows a line reading ``REFERENCES`` and looks like::

    - [91] D. Zhang, ..., and X. Qiu, “Speechgpt: Empowering ...,” *arXiv preprint arXiv:2305.11000*, 2023.

Titles are quoted with curly (“...”) or straight ("...") quotes; books and web pages
have no quoted title.  Page breaks of the original PDF split a few references over two
list items (the second one has no ``[N]``), sometimes mid-word (``com-`` / ``prehensive``)
or mid-italic (``*arXiv preprint*`` / ``arXiv:2307.08621*``); such continuations are
joined back onto the previous reference.

Each reference becomes a mapping with, in this order::

    number   int
    authors  str    as printed, Markdown emphasis removed (``*et al.*`` -> ``et al.``)
    title    str    the quoted title without its quotes and trailing comma, or null
    venue    str    the first italic span after the title (after the authors when there
                    is no quoted title, so a book's italic title lands here), or null
    year     int    the last 19xx/20xx year, ignoring URLs, arXiv ids, page numbers and
                    access dates (``pp. 2012–2017``, ``accessed: 2022-01-28``), or null
    arxiv    str    from ``arXiv:ID``, arxiv.org URLs or CoRR ``abs/ID``, without a
                    version suffix, or null
    url      str    the first URL, or null
    raw      str    the full reference text after joining continuations

The script fails (exit status 1) unless the numbers are exactly 1..N (``--expected``).

Usage (from the repository root)::

    python scripts/extract_survey_references.py
    python scripts/extract_survey_references.py --survey PATH --output PATH
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout: the generator beside it
from generator.lib.files import write_atomic

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SURVEY = REPO_ROOT.parent / "shared" / "seeds" / "000_60c1b6d201dd8cf7.txt"
DEFAULT_OUTPUT = REPO_ROOT / "data" / "survey-references.yml"
EXPECTED_COUNT = 300

HEADING_RE = re.compile(r"^\s*(?:#+\s*)?REFERENCES\s*$")
ITEM_RE = re.compile(r"^\s*(?:[-*]\s+)?(?P<body>.*?)\s*$")
NUMBERED_RE = re.compile(r"^\[(?P<number>\d+)\]\s*(?P<text>.*)$")

# New-style (2305.11000) and old-style (cs/0112017, math.GT/0309136) arXiv identifiers.
_ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_RES = (
    re.compile(r"\barXiv:\s*" + _ARXIV_ID, re.IGNORECASE),
    re.compile(r"arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID, re.IGNORECASE),
    re.compile(r"\bCoRR\b.*?\babs/" + _ARXIV_ID),
)
URL_RE = re.compile(r"https?://[^\s<>\"”]+")
ITALIC_RE = re.compile(r"\*(?!\s)(?P<text>[^*]+?)\*")
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Spans whose digits are not publication years.
NOT_YEAR_RES = (
    URL_RE,
    re.compile(r"\barXiv:\s*\S+", re.IGNORECASE),
    re.compile(r"\babs/\S+"),
    re.compile(r"\bpp?\.\s*[\d\s–\-]+"),
    re.compile(r"\baccessed:?\s*[^,)]*", re.IGNORECASE),
)


class ExtractionError(Exception):
    """The survey text cannot be turned into a complete, well-numbered reference list."""


@dataclass(frozen=True)
class Reference:
    """One parsed entry of the survey's bibliography."""

    number: int
    authors: str
    title: str | None
    venue: str | None
    year: int | None
    arxiv: str | None
    url: str | None
    raw: str


def join_continuation(previous: str, continuation: str) -> str:
    """Append a page-break continuation to the text of the previous reference.

    A word hyphenated across the break (``com-`` + ``prehensive``) is rejoined, and an
    italic span closed too early (``*arXiv preprint*`` + ``arXiv:2307.08621*``, or
    ``*The Eleventh In-*`` + ``ternational Conference ...*``) is merged.
    """
    if previous.endswith("*") and continuation.count("*") % 2 == 1:
        previous = previous[:-1]
    if re.search(r"[A-Za-z]-$", previous) and continuation[:1].islower():
        return previous[:-1] + continuation
    return f"{previous} {continuation}"


def split_references(text: str) -> list[tuple[int, str]]:
    """Return ``(number, raw text)`` pairs from the section after the last REFERENCES line."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if HEADING_RE.match(line)]
    if not starts:
        raise ExtractionError("no line reading 'REFERENCES' found")
    entries: list[tuple[int, str]] = []
    for offset, line in enumerate(lines[starts[-1] + 1 :], start=starts[-1] + 2):
        body = ITEM_RE.match(line).group("body")  # type: ignore[union-attr]
        if not body:
            continue
        numbered = NUMBERED_RE.match(body)
        if numbered:
            entries.append((int(numbered.group("number")), numbered.group("text")))
        elif entries:
            number, previous = entries[-1]
            entries[-1] = (number, join_continuation(previous, body))
        else:
            raise ExtractionError(f"line {offset}: text before the first numbered reference: {body!r}")
    return entries


def format_ranges(numbers: list[int]) -> str:
    """``[2, 3, 4, 7]`` -> ``"2-4, 7"``, so a long list of missing numbers stays readable."""
    parts: list[str] = []
    for number in sorted(numbers):
        if parts and number == int(parts[-1].rsplit("-", 1)[-1]) + 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{number}"
        else:
            parts.append(str(number))
    return "[" + ", ".join(parts) + "]"


def check_numbering(numbers: list[int], expected: int) -> None:
    """Raise unless ``numbers`` are exactly 1..expected, each once."""
    seen: dict[int, int] = {}
    for number in numbers:
        seen[number] = seen.get(number, 0) + 1
    duplicated = sorted(n for n, count in seen.items() if count > 1)
    missing = sorted(set(range(1, expected + 1)) - seen.keys())
    unexpected = sorted(n for n in seen if not 1 <= n <= expected)
    problems = []
    if duplicated:
        problems.append(f"duplicated numbers: {format_ranges(duplicated)}")
    if missing:
        problems.append(f"missing numbers: {format_ranges(missing)}")
    if unexpected:
        problems.append(f"numbers outside 1..{expected}: {format_ranges(unexpected)}")
    if problems:
        raise ExtractionError(f"expected references 1..{expected}; " + "; ".join(problems))


def strip_emphasis(text: str) -> str:
    """Remove Markdown emphasis markers: ``X *et al.*`` -> ``X et al.``."""
    return ITALIC_RE.sub(r"\g<text>", text).strip()


def find_title(raw: str) -> tuple[int, int, int] | None:
    """Locate the quoted title: ``(quote start, title start, title end)`` or None.

    The opening quote is the first one after a comma (it ends the author list).  A curly
    title ends at the first closing ``”`` (or, lacking one, like a straight-quoted title:
    a title joined across a page break opens with ``“`` and closes with ``"``).  A
    straight-quoted title may itself contain
    quotes (``""so what if chatgpt wrote it?" multidisciplinary ...,"``), so it ends at
    the first ``,"``; failing that at ``?"``, ``."`` or ``!"`` before a space or the end,
    and failing that at the next ``"``.
    """
    opening = re.search(r",\s+(?P<quote>[“\"])", raw)
    if not opening:
        return None
    start = opening.end()
    if opening.group("quote") == "“":
        end = raw.find("”", start)
        if end != -1:
            return opening.start("quote"), start, end
        # No ”: a title wrapped over a page break may close with a straight quote.
    # (closing pattern, characters of the match kept in the title)
    for pattern, keep in ((r",\"", 0), (r"[?.!]\"(?=\s|$)", 1), (r"\"", 0)):
        close = re.compile(pattern).search(raw, start + 1)
        if close:
            return opening.start("quote"), start, close.start() + keep
    return None


def clean_title(title: str) -> str:
    """Drop the trailing comma and a quote pair wrapping the whole title."""
    title = title.strip().rstrip(",").strip()
    if len(title) > 1 and title[0] == title[-1] == '"' and title.count('"') == 2:
        title = title[1:-1].strip()
    return title


def find_year(raw: str) -> int | None:
    """The last 19xx/20xx year outside URLs, arXiv ids, page ranges and access dates."""
    text = raw
    for pattern in NOT_YEAR_RES:
        text = pattern.sub(" ", text)
    years = YEAR_RE.findall(text)
    return int(years[-1]) if years else None


def find_arxiv(raw: str) -> str | None:
    """The first arXiv identifier (``arXiv:ID``, arxiv.org URL, CoRR ``abs/ID``), unversioned."""
    matches = [m for pattern in ARXIV_RES for m in pattern.finditer(raw)]
    if not matches:
        return None
    return min(matches, key=lambda m: m.start("id")).group("id")


def find_url(raw: str) -> str | None:
    """The first http(s) URL, without trailing punctuation."""
    match = URL_RE.search(raw)
    return match.group(0).rstrip(".,;:)") if match else None


def parse_reference(number: int, raw: str) -> Reference:
    """Parse the text of one reference (without its ``[N]`` label)."""
    raw = " ".join(raw.split())
    located = find_title(raw)
    if located:
        quote_start, title_start, title_end = located
        authors = raw[:quote_start].rstrip().rstrip(",")
        title: str | None = clean_title(raw[title_start:title_end])
        rest_start = title_end + 1
    else:
        # No quoted title: the authors end where the first italic span other than
        # "et al." begins (a book title), else at the first URL.
        title = None
        cut = len(raw)
        for italic in ITALIC_RE.finditer(raw):
            if italic.group("text").strip() != "et al.":
                cut = italic.start()
                break
        else:
            url = URL_RE.search(raw)
            if url:
                cut = url.start()
        authors = raw[:cut].rstrip(" ,<")
        rest_start = cut
    venue_match = ITALIC_RE.search(raw, rest_start)
    venue = venue_match.group("text").strip() if venue_match else None
    return Reference(
        number=number,
        authors=strip_emphasis(authors),
        title=title or None,
        venue=venue or None,
        year=find_year(raw),
        arxiv=find_arxiv(raw),
        url=find_url(raw),
        raw=raw,
    )


def extract_references(text: str, expected: int = EXPECTED_COUNT) -> list[Reference]:
    """Parse the survey's reference list, checking the numbering is exactly 1..expected."""
    entries = split_references(text)
    check_numbering([number for number, _ in entries], expected)
    return sorted((parse_reference(n, raw) for n, raw in entries), key=lambda r: r.number)


def display_path(path: Path) -> str:
    """``path`` relative to the repository root when possible, for a stable header."""
    try:
        return Path(os.path.relpath(path.resolve(), REPO_ROOT)).as_posix()
    except ValueError:  # a different drive on Windows
        return path.as_posix()


def render_yaml(references: list[Reference], survey: Path) -> str:
    """Deterministic YAML text: header comment, then references sorted by number."""
    header = (
        "# Generated by scripts/extract_survey_references.py -- do not edit by hand.\n"
        f"# Source: {display_path(survey)}\n"
        '# The numbered reference list of "Sparks of Large Audio Models: A Survey and Outlook".\n'
    )
    document = {
        "source": display_path(survey),
        "count": len(references),
        "references": [asdict(ref) for ref in sorted(references, key=lambda r: r.number)],
    }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=4096)
    return header + body


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; the defaults do not depend on the current directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--survey",
        type=Path,
        default=DEFAULT_SURVEY,
        help="full text of the survey (default: ../shared/seeds/000_60c1b6d201dd8cf7.txt from the repository root)",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="YAML file to write (default: data/survey-references.yml)"
    )
    parser.add_argument(
        "--expected", type=int, default=EXPECTED_COUNT, help="number of references, numbered 1..N (default: %(default)s)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Extract, check and write the references; return the exit status (1 on any error)."""
    args = parse_args(argv)
    try:
        text = args.survey.read_text(encoding="utf-8")
        references = extract_references(text, args.expected)
    except (OSError, ExtractionError) as error:
        print(f"error: {args.survey}: {error}", file=sys.stderr)
        return 1
    write_atomic(args.output, render_yaml(references, args.survey))
    with_arxiv = sum(ref.arxiv is not None for ref in references)
    untitled = [ref.number for ref in references if ref.title is None]
    no_year = [ref.number for ref in references if ref.year is None]
    print(
        f"wrote {len(references)} references to {args.output} "
        f"({with_arxiv} with arXiv id; without title: {untitled or 'none'}; without year: {no_year or 'none'})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
