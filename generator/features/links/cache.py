"""Links found alive, kept between runs in SQLite (WAL: several runs at once are safe).

Like lychee, only successes are cached: a failure is never taken on trust from an earlier run.
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
        oldest = self._clock() - self.max_age
        found: dict[str, Result] = {}
        with closing(self._connect()) as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = db.execute(
                    "SELECT url, verdict, reason, status, final_url FROM results "
                    f"WHERE checked_at >= ? AND url IN ({','.join('?' * len(chunk))})",
                    [oldest, *chunk],
                )
                for url, verdict, reason, status, final_url in rows:
                    found[url] = Result(url, verdict, reason, status, final_url,
                                        cacheable=True, from_cache=True)
        return found

    def store(self, results: Iterable[Result]) -> None:
        """Keep what can be skipped next time: URLs found alive. A broken, redirected or unsure
        URL is checked again on every run, so a link that comes back is seen at once."""
        now = self._clock()
        rows = [(r.url, r.verdict, r.reason, r.status, r.final_url, now)
                for r in results if r.cacheable and r.verdict == OK and not r.from_cache]
        if not rows:
            return
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.execute("COMMIT")
