"""`--fix-redirects`: replace permanently redirected URLs in place, touching nothing else."""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urldefrag

from generator.links.sources import Occurrence

# Characters that may continue a URL: a match followed by one of them is a longer URL.
_URL_CHAR = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]")


def new_url(old: str, final: str) -> str:
    """The redirect target, keeping the old URL's #fragment (redirects never carry it)."""
    fragment = urldefrag(old).fragment
    return final if not fragment or "#" in final else f"{final}#{fragment}"


def _replace_on_line(line: bytes, old: bytes, new: bytes) -> bytes | None:
    """The line with each whole occurrence of `old` replaced, or None if there is none."""
    parts, start, changed = [], 0, False
    while (index := line.find(old, start)) != -1:
        end = index + len(old)
        following = line[end:end + 1].decode("latin-1")
        if following and _URL_CHAR.match(following) and following not in ")]>'\",":
            start = index + 1
            continue
        parts += [line[start:index], new]
        start, changed = end, True
    return b"".join(parts) + line[start:] if changed else None


def _write_atomically(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
            _write_atomically(path, b"".join(lines))
    return fixed, missed
