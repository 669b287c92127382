"""Links found alive, kept between runs in SQLite (WAL: several runs at once are safe).

Like lychee, only successes are cached: a failure is never taken on trust from an earlier run.
Nothing else is taken on trust either: a table of another shape is dropped and made again, and a
row is used only when it is a success of the right types, checked no later than now.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

from generator.features.links.checker import OK, Result
from generator.lib.errors import LamError
from generator.lib.files import database_in_the_way

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    url TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    reason TEXT NOT NULL,
    status INTEGER,
    final_url TEXT,
    checked_at REAL NOT NULL
)
"""


_COLUMNS = [("url", "TEXT"), ("verdict", "TEXT"), ("reason", "TEXT"), ("status", "INTEGER"), ("final_url", "TEXT"),
            ("checked_at", "REAL")]
FUTURE_SLACK = 60.0
"""Seconds a row may be dated after this machine's clock (clocks differ a little)."""


class CacheError(LamError):
    """The cache file cannot be used (one line for the user)."""


class Cache:
    """`results.sqlite` under a folder; entries older than `max_age` seconds are ignored."""

    def __init__(self, folder: Path, max_age: float, clock: Callable[[], float] = time.time) -> None:
        self.path = folder / "links.sqlite"
        self.max_age = max_age
        self._clock = clock
        for attempt in range(50):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                in_the_way = database_in_the_way(self.path)
                if in_the_way is not None:  # SQLite would block on a FIFO, or write through a link
                    raise CacheError(f"cannot use the link cache {self.path}: {in_the_way.name} is not a regular file "
                                     "(delete it to start over)")
                with closing(self._connect()) as db:
                    db.execute("PRAGMA journal_mode=WAL")
                    columns = [(name, kind) for _, name, kind, *_ in db.execute("PRAGMA table_info(results)")]
                    if columns and columns != _COLUMNS:  # not this cache's table: only a cache, so made again
                        db.execute("DROP TABLE results")
                    db.execute(_SCHEMA)
                return
            except sqlite3.OperationalError as exc:
                # Two runs creating the cache at once: switching to WAL needs a moment alone,
                # and SQLite answers "locked" at once instead of waiting. Try again shortly.
                if "locked" not in str(exc) or attempt == 49:
                    raise CacheError(f"cannot use the link cache {self.path}: {exc} (delete it to start over)") from None
                time.sleep(0.1)
            except (OSError, sqlite3.Error) as exc:
                raise CacheError(f"cannot use the link cache {self.path}: {exc} (delete it to start over)") from None

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60, isolation_level=None)

    def fresh(self, urls: Iterable[str]) -> dict[str, Result]:
        """Cached results for these URLs that are younger than `max_age`."""
        wanted = list(dict.fromkeys(urls))
        now = self._clock()
        found: dict[str, Result] = {}
        try:
            with closing(self._connect()) as db:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start:start + 500]
                    rows = db.execute(
                        "SELECT url, verdict, reason, status, final_url FROM results "
                        "WHERE typeof(checked_at) IN ('real', 'integer') AND checked_at BETWEEN ? AND ? "
                        f"AND url IN ({','.join('?' * len(chunk))})",
                        [now - self.max_age, now + FUTURE_SLACK, *chunk],
                    )
                    for url, verdict, reason, status, final_url in rows:
                        if _usable(verdict, reason, status, final_url):
                            found[url] = Result(url, OK, reason, status, final_url, cacheable=True, from_cache=True)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot use the link cache {self.path}: {exc} (delete it to start over)") from None
        return found

    def store(self, results: Iterable[Result]) -> None:
        """Keep what can be skipped next time: URLs found alive. A broken, redirected or unsure
        URL is checked again on every run, so a link that comes back is seen at once."""
        now = self._clock()
        rows = [(r.url, r.verdict, r.reason, r.status, r.final_url, now)
                for r in results if r.cacheable and r.verdict == OK and not r.from_cache]
        if not rows:
            return
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)", rows)
                db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise CacheError(f"cannot use the link cache {self.path}: {exc} (delete it to start over)") from None


def _usable(verdict: object, reason: object, status: object, final_url: object) -> bool:
    """Whether a row is what `store` writes: a success, with a reason, a status and a final URL of
    their types (what this run reports as a cached `ok`)."""
    return (verdict == OK and isinstance(reason, str) and len(reason) <= 500
            and (status is None or type(status) is int) and (final_url is None or isinstance(final_url, str)))
