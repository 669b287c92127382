"""`--fix-redirects`: replace permanently redirected URLs in place, touching nothing else.

A redirect target is what a server says. It is written into a file only when it passes the URL rule
an entry's own URLs pass (`core.checks.check_url`), as a quoted YAML scalar in front matter, and
when the file then reads back as before with only those URLs changed and validates no worse.
Otherwise nothing is written to that file, and each of its URLs is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

from generator.core.checks import Invalid, check_url
from generator.core.datafiles import validate_taxonomy
from generator.core.evidence import Evidence, read_evidence
from generator.core.load import FENCE, MAX_FILE_BYTES, TAXONOMY_FILE, Document, parse_entry_text, read_yaml_file
from generator.core.validate import validate_entry
from generator.features.links.sources import Occurrence, SourceError, links_in_text
from generator.lib.files import Unreadable, read_guarded, write_atomic
from generator.lib.text import shown
from generator.model.taxonomy import Taxonomy

# Characters that may continue a URL: a match next to one of them is part of a longer URL.
_URL_CHAR = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]")
_QUOTES = b"\"'"


def new_url(old: str, final: str) -> str:
    """The redirect target, keeping the old URL's #fragment (redirects never carry it)."""
    fragment = urldefrag(old).fragment
    return final if not fragment or "#" in final else f"{final}#{fragment}"


def _replace_on_line(line: bytes, old: bytes, new: bytes, quote: bool) -> tuple[bytes, int]:
    """The line with each whole occurrence of `old` replaced, and how many there were.

    A whole occurrence starts and ends at a URL boundary: `old` inside a longer URL (as the
    target of `?url=` in another link, or followed by more path) is left alone. With `quote`
    (front matter), an occurrence not already in quotes is written as a double-quoted scalar.
    """
    parts, start, count = [], 0, 0
    search = 0
    while (index := line.find(old, search)) != -1:
        end = index + len(old)
        before = line[index - 1:index].decode("latin-1")
        following = line[end:end + 1].decode("latin-1")
        embedded_before = before and _URL_CHAR.match(before) and before not in "([<'\","
        embedded_after = following and _URL_CHAR.match(following) and following not in ")]>'\","
        if embedded_before or embedded_after:
            search = index + 1
            continue
        quoted = not quote or (before and before.encode("latin-1") in _QUOTES)
        parts += [line[start:index], new if quoted else b'"' + new + b'"']
        start = search = end
        count += 1
    return b"".join(parts) + line[start:], count


@dataclass(frozen=True)
class _Rules:
    """What an entry is validated against."""

    taxonomy: Taxonomy
    evidence: Evidence
    today: dt.date


def _rules(root: Path) -> _Rules | None:
    """The list's taxonomy and data, or None when they do not load (then only the URL rule and
    the read-back judge a fix)."""
    doc = read_yaml_file(root / TAXONOMY_FILE, root)
    taxonomy = validate_taxonomy(doc) if not doc.problems else None
    if taxonomy is None:
        return None
    evidence, _ = read_evidence(root)
    return _Rules(taxonomy, evidence, dt.date.today())


def fix_redirects(root: Path, moves: list[tuple[Occurrence, str]],
                  allow_internal: bool = False) -> tuple[list[Occurrence], list[str]]:
    """Apply (occurrence, final URL) pairs; returns what was fixed and one message per miss.
    `allow_internal` (the checker's setting) lets a target on this machine pass the URL rule."""
    by_file: dict[str, list[tuple[Occurrence, str]]] = defaultdict(list)
    for occurrence, final in moves:
        by_file[occurrence.path].append((occurrence, final))
    fixed: list[Occurrence] = []
    missed: list[str] = []
    rules = _rules(root) if by_file else None
    for rel, items in sorted(by_file.items()):
        try:
            raw = read_guarded(root / rel, MAX_FILE_BYTES, root)
        except (OSError, Unreadable) as exc:
            missed += [_miss(o, f"the file {getattr(exc, 'strerror', None) or exc}") for o, _ in items]
            continue
        lines = raw.splitlines(keepends=True)
        fence = _closing_fence(lines)
        done: dict[Occurrence, tuple[str, int]] = {}
        for occurrence, final in items:
            target = new_url(occurrence.url, final)
            try:
                check_url(target, allow_internal)
            except Invalid as exc:
                missed.append(_miss(occurrence, f"it redirects to a URL that an entry cannot hold: {exc}"))
                continue
            index = occurrence.line - 1
            count = 0
            if 0 <= index < len(lines):
                lines[index], count = _replace_on_line(lines[index], occurrence.url.encode("utf-8"),
                                                       target.encode("utf-8"), quote=0 < index < fence)
            if not count:
                missed.append(_miss(occurrence, "not found on that line"))
                continue
            done[occurrence] = (target, count)
        if not done:
            continue
        changed = b"".join(lines)
        problem = _read_back_problem(raw, changed, rel, done, rules)
        if problem:
            missed += [_miss(o, f"{problem}; nothing was written to the file") for o in done]
            continue
        write_atomic(root / rel, changed)
        fixed += list(done)
    return fixed, missed


def _miss(occurrence: Occurrence, why: str) -> str:
    return shown(f"{occurrence.path}:{occurrence.line}: {occurrence.url}: not fixed: {why}; fix it by hand")


def _closing_fence(lines: list[bytes]) -> int:
    """0-based index of the line closing the front matter, or 0 when there is none."""
    if not lines or lines[0].rstrip() != FENCE.encode():
        return 0
    return next((index for index, line in enumerate(lines[1:], 1) if line.rstrip() == FENCE.encode()), 0)


def _read_back_problem(before: bytes, after: bytes, rel: str, done: dict[Occurrence, tuple[str, int]],
                       rules: _Rules | None) -> str:
    """Why the changed file is not the old one with only the fixed URLs changed, or ''. Read back:
    the same URLs but those (no key, item or link added or lost), the same front matter but those
    values, and, for an entry, no problem of the validator that the old file did not have."""
    old_text, new_text = (b.decode("utf-8", "replace").replace("\r\n", "\n") for b in (before, after))
    try:
        old_links, new_links = links_in_text(old_text, rel), links_in_text(new_text, rel)
    except SourceError:
        return "the file would no longer parse"
    expected = Counter(o.url for o in old_links)
    for occurrence, (target, count) in done.items():
        expected[occurrence.url] -= count
        expected[target] += count
    if Counter(o.url for o in new_links) != +expected:
        return "other links of the file would change too"
    if not old_text.startswith(FENCE):
        return ""
    old_doc, new_doc = parse_entry_text(old_text, rel), parse_entry_text(new_text, rel)
    if old_doc.data is not None and new_doc.data != _with_fixes(old_doc, done):
        return "other values of the front matter would change too"
    if rules is not None and rel.startswith("entries/"):
        old_found = {(p.rule, p.field) for p in _problems(old_doc, rules)}
        new_found = [p for p in _problems(new_doc, rules) if (p.rule, p.field) not in old_found]
        if new_found:
            return f"the entry would not validate: {new_found[0].field}: {new_found[0].message}"
    return ""


def _with_fixes(doc: Document, done: dict[Occurrence, tuple[str, int]]) -> Any:
    """The front matter of `doc` with the fixed URLs (at their lines) replaced by their targets."""
    targets = {(o.line, o.url): target for o, (target, _) in done.items()}

    def replaced(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {name: replaced(item, f"{key}.{name}" if key else str(name)) for name, item in value.items()}
        if isinstance(value, list):
            return [replaced(item, f"{key}.{index}") for index, item in enumerate(value)]
        if isinstance(value, str):
            return targets.get((doc.line_of(key), value.strip()), value)
        return value

    return replaced(doc.data, "")


def _problems(doc: Document, rules: _Rules) -> list[Any]:
    if doc.data is None:
        return doc.problems
    validate_entry(doc, rules.taxonomy, rules.evidence, rules.today)
    return doc.problems
