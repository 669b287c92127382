"""Site URLs: relative links between pages, checked against the standard library's path arithmetic."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from generator.outputs import urls

SEGMENT = st.sampled_from(["works", "x", "y", "sections", "music", "timeline", "entries.json"])
PATH = st.lists(SEGMENT, max_size=4).flatmap(lambda parts: st.sampled_from(["/".join(parts), "".join(p + "/" for p in parts)]))
FOLDER = st.lists(SEGMENT, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))
TAIL = st.sampled_from(["", "?task=asr", "#top", "?task=asr&year=2024#top"])


def by_posixpath(target: str, base: str) -> str:
    """The relative URL as `posixpath.relpath` computes it (slow, but plainly right)."""
    parts = urlsplit(target)
    rel = posixpath.relpath(parts.path or ".", base.rstrip("/") or ".")
    if rel == ".":
        rel = "./"
    elif parts.path == "" or parts.path.endswith("/"):
        rel += "/"
    return rel + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def test_relative_examples() -> None:
    assert urls.relative("works/x/", "works/y/") == "../x/"
    assert urls.relative("", "works/y/") == "../../"
    assert urls.relative("", "") == "./"
    assert urls.relative("tasks/#asr", "") == "tasks/#asr"
    assert urls.relative("entries.json", "sections/music/") == "../../entries.json"
    assert urls.relative("timeline/", "timeline/") == "./"
    assert urls.relative("works/?task=asr", "works/jukebox/") == "../?task=asr"
    assert urls.relative("#top", "works/x/") == "../../#top"
    assert urls.filtered(urls.ALL_WORKS, added="2026-11", sort="added") == "works/?added=2026-11&sort=added"


@given(path=PATH, tail=TAIL, base=FOLDER)
def test_relative_agrees_with_posixpath(path: str, tail: str, base: str) -> None:
    assert urls.relative(path + tail, base) == by_posixpath(path + tail, base)
