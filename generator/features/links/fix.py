"""`--fix-redirects`: replace permanently redirected URLs in place, touching nothing else."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urldefrag

from generator.features.links.sources import Occurrence
from generator.lib.files import write_atomic

# Characters that may continue a URL: a match next to one of them is part of a longer URL.
_URL_CHAR = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]")


def new_url(old: str, final: str) -> str:
    """The redirect target, keeping the old URL's #fragment (redirects never carry it)."""
    fragment = urldefrag(old).fragment
    return final if not fragment or "#" in final else f"{final}#{fragment}"


def _replace_on_line(line: bytes, old: bytes, new: bytes) -> bytes | None:
    """The line with each whole occurrence of `old` replaced, or None if there is none.

    A whole occurrence starts and ends at a URL boundary: `old` inside a longer URL (as the
    target of `?url=` in another link, or followed by more path) is left alone.
    """
    parts, start, changed = [], 0, False
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
        parts += [line[start:index], new]
        start = search = end
        changed = True
    return b"".join(parts) + line[start:] if changed else None


def fix_redirects(root: Path, moves: list[tuple[Occurrence, str]]) -> tuple[list[Occurrence], list[str]]:
    """Apply (occurrence, final URL) pairs; returns what was fixed and one message per miss."""
    by_file: dict[str, list[tuple[Occurrence, str]]] = defaultdict(list)
    for occurrence, final in moves:
        by_file[occurrence.path].append((occurrence, final))
    fixed: list[Occurrence] = []
    missed: list[str] = []
    for rel, items in sorted(by_file.items()):
        path = root / rel
        lines = path.read_bytes().splitlines(keepends=True)
        for occurrence, final in items:
            index = occurrence.line - 1
            old = occurrence.url.encode("utf-8")
            new = new_url(occurrence.url, final).encode("utf-8")
            replaced = _replace_on_line(lines[index], old, new) if 0 <= index < len(lines) else None
            if replaced is None:
                missed.append(f"{rel}:{occurrence.line}: {occurrence.url}: not found on that line; fix it by hand")
                continue
            lines[index] = replaced
            fixed.append(occurrence)
        if any(o.path == rel for o in fixed):
            write_atomic(path, b"".join(lines))
    return fixed, missed
