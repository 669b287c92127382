"""Where each generated page lives, and links between pages that work from any folder.

Pages use directory URLs (`works/jukebox/`); every link in a page is relative to that page, so the
site works under any base path and offline.
"""

from __future__ import annotations

import posixpath

HOME = ""
DATASETS = "datasets/"
BENCHMARKS = "benchmarks/"
TIMELINE = "timeline/"
TASKS = "tasks/"
ABOUT = "about/"
ENTRIES_JSON = "entries.json"
ENTRIES_SCHEMA = "entries.schema.json"
REFERENCES_BIB = "references.bib"
FEED = "feed.xml"


def work(entry_id: str) -> str:
    return f"works/{entry_id}/"


def section(section_id: str) -> str:
    return f"sections/{section_id}/"


def task(task_id: str) -> str:
    return f"{TASKS}#{task_id}"


def source_path(url: str) -> str:
    """The Markdown file MkDocs reads for a page URL (`works/x/` -> `works/x.md`, `` -> `index.md`)."""
    return f"{url.rstrip('/')}.md" if url else "index.md"


def relative(target: str, base: str) -> str:
    """`target` (a site-root URL such as `works/x/` or `tasks/#asr`) as seen from the page at `base`."""
    path, hash_mark, fragment = target.partition("#")
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    if rel == ".":
        rel = "./"
    elif path == "" or path.endswith("/"):
        rel += "/"
    return f"{rel}{hash_mark}{fragment}"
