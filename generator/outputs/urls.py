"""Where each generated page lives, and links between pages that work from any folder.

Pages use directory URLs (`works/jukebox/`); every link in a page is relative to that page, so the
site works under any base path and offline.
"""

from __future__ import annotations

from urllib.parse import urlencode

HOME = ""
ALL_WORKS = "works/"  # every work in one filterable table; the work pages live below it
WORKS_DATA = "works/rows.json"  # the All works table's rows and what they are filtered and sorted by
WORKS_SEARCH = "works/search.json"  # what the site's search finds works by (lam.js; work pages are not in Material's index)
DATASETS = "datasets/"
BENCHMARKS = "benchmarks/"
TIMELINE = "timeline/"
TASKS = "tasks/"
ABOUT = "about/"
ENTRIES_JSON = "entries.json"
ENTRIES_SCHEMA = "entries.schema.json"
ENTRY_SCHEMA = "entry.schema.json"  # the front matter of one entry (schemas/entry.schema.json in the repository)
REFERENCES_BIB = "references.bib"
FEED = "feed.xml"


def work(entry_id: str) -> str:
    return f"works/{entry_id}/"


def section(section_id: str) -> str:
    return f"sections/{section_id}/"


def task(task_id: str) -> str:
    """The works of a task: the all-works table filtered by it."""
    return filtered(ALL_WORKS, task=task_id)


def filtered(table: str, **state: str) -> str:
    """A page's works table in a given state, e.g. `filtered(ALL_WORKS, task="asr")` -> `works/?task=asr`.

    The keys are the query parameters site_overrides/assets/javascripts/lam.js reads.
    """
    return f"{table}?{urlencode(state)}"


def source_path(url: str) -> str:
    """The Markdown file MkDocs reads for a page URL (`works/x/` -> `works/x.md`, `` -> `index.md`)."""
    return f"{url.rstrip('/')}.md" if url else "index.md"


def relative(target: str, base: str) -> str:
    """`target` (a site-root URL such as `works/x/`, `tasks/#asr` or `works/?task=asr`) as seen from the page at `base`."""
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    return _relative_path(target[:cut], base) + target[cut:]


def _relative_path(path: str, base: str) -> str:
    """The shortest relative path from the page folder `base` to `path`, both site-root paths
    without `.` or `..` (a folder ends with `/`): shared folders dropped, `../` for each folder of
    `base` left, `./` for the page itself."""
    to, here = [s for s in path.split("/") if s], [s for s in base.split("/") if s]
    shared = 0
    while shared < min(len(to), len(here)) and to[shared] == here[shared]:
        shared += 1
    rel = "/".join([".."] * (len(here) - shared) + to[shared:])
    if not rel:
        return "./"
    return rel + "/" if path == "" or path.endswith("/") else rel
