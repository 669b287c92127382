"""A content-hash cache of validated entries, so `build` and `check` after editing one entry of
thousands re-validate that entry only.

A cached entry is reused only when everything that decides its verdict is unchanged: its file's
path and bytes, the taxonomy, the data files the content rules read, every module of the package
(under any folder), the Python version and its Unicode data, the YAML loader and the versions of
the YAML and Markdown parsers (each is in the key), and no date of the entry is after the day it
is checked for (the one rule that depends on the day). An entry with any problem, a warning too, is not cached.

The cache is a SQLite file of JSON rows in the user's cache folder, never in the list's repository
(a pull request cannot plant one), and never code. Each row is signed (HMAC-SHA256) with a key kept
in the user's data folder, not in the cache: a row that was planted or changed (a `javascript:`
link, a value of the wrong type) fails its signature and the file is validated as if uncached. A
damaged or foreign file (also a FIFO or a link in the database's place) is removed and started
again. `AWESOME_LAM_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import sqlite3
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from generator.core.load import BaseLoader  # the YAML loader in use: libyaml's or PyYAML's own
from generator.lib.files import Unreadable, database_in_the_way, read_guarded
from generator.model.entry import Entry, PartialDate

FORMAT = 3
_PARSERS = ("yaml", "markdown_it")
"""Packages whose version decides a verdict: they parse the front matter and the summary."""
_KEY_BYTES = 32
_SIGNATURE = 64  # hex digits of an HMAC-SHA256, in front of each row's JSON
_FIELDS = [f.name for f in dataclasses.fields(Entry)]
_TUPLES = [index for index, f in enumerate(dataclasses.fields(Entry)) if str(f.type).startswith("tuple")]
_DATE, _ADDED = _FIELDS.index("date"), _FIELDS.index("added")


def cache_folder() -> Path:
    """The user's cache folder for awesome-lam (platformdirs: $XDG_CACHE_HOME/awesome-lam or ~/.cache/awesome-lam on Linux)."""
    return Path(platformdirs.user_cache_dir("awesome-lam", appauthor=False))


def key_file() -> Path:
    """The signing key's file, in the user's data folder: not in the cache folder, so whoever can
    write (or restore) the cache cannot read the key from there."""
    return Path(platformdirs.user_data_dir("awesome-lam", appauthor=False)) / "entry-cache.key"


def _signing_key() -> bytes | None:
    """The user's signing key, made on first use (readable by the user only); None when it cannot
    be read or made (then nothing is cached)."""
    path = key_file()
    try:
        key = read_guarded(path, _KEY_BYTES)
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key := secrets.token_bytes(_KEY_BYTES))
        except OSError:
            return None
    except (OSError, Unreadable):
        return None
    return key if len(key) == _KEY_BYTES else None


def _parsers() -> list[bytes]:
    """The `__init__.py` of each parser package (it states the version), found without importing
    the package: the summary's parser is imported only when a summary must be checked."""
    found = []
    for name in _PARSERS:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        try:
            found.append(Path(origin).read_bytes() if origin else b"-")
        except OSError:
            found.append(b"-")
    return found


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


class EntryCache:
    """Validated entries of one list root, by the hash of (path, text), in SQLite: a build after
    editing one entry writes one row, not the whole cache."""

    def __init__(self, root: Path, taxonomy: bytes, evidence: str) -> None:
        package = Path(__file__).resolve().parents[1]
        code = [part for path in sorted(package.rglob("*.py")) for part in (path.relative_to(package).as_posix(), path.read_bytes())]
        self.namespace = _digest(str(FORMAT), sys.version, unicodedata.unidata_version, BaseLoader.__name__, *_parsers(),
                                 taxonomy, evidence, *code)
        self.path = cache_folder() / f"entries-{_digest(str(root.resolve()))[:16]}.sqlite"
        self._secret = _signing_key() if os.environ.get("AWESOME_LAM_NO_CACHE", "") in ("", "0") else None
        self.enabled = self._secret is not None
        self._stored: dict[str, str] = {}  # key -> the entry as JSON, of this namespace
        self._used: set[str] = set()
        self._new: dict[str, str] = {}
        self._db = self._open() if self.enabled else None

    def _open(self) -> sqlite3.Connection | None:
        """The cache's database and its rows of this namespace; None (no cache this run) when it
        cannot be used. A damaged file is removed and started again."""
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                in_the_way = database_in_the_way(self.path)
                if in_the_way is not None:  # a FIFO would block SQLite's first read: remove it, else no cache
                    in_the_way.unlink()
                    continue
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, namespace TEXT NOT NULL, entry TEXT NOT NULL)")
                self._stored = dict(db.execute("SELECT key, entry FROM entries WHERE namespace = ?", (self.namespace,)))
                return db
            except sqlite3.DatabaseError:
                if attempt == 0:
                    with contextlib.suppress(OSError):
                        self.path.unlink()
            except (OSError, sqlite3.Error):
                return None
        return None

    @staticmethod
    def key(rel: str, text: str) -> str:
        return _digest(rel, text)

    def _sign(self, key: str, raw: str) -> str:
        assert self._secret is not None
        return hmac.digest(self._secret, f"{self.namespace}\0{key}\0{raw}".encode(), "sha256").hex()  # C, one call

    def get(self, key: str, today: dt.date) -> Entry | None:
        """The entry cached for `key`, if its row is signed with the user's key and no date of it
        is after `today` (validated for a later day, it may not be valid for this one)."""
        row = self._stored.get(key)
        if row is None:
            return None
        signature, raw = row[:_SIGNATURE], row[_SIGNATURE:]
        if not hmac.compare_digest(signature, self._sign(key, raw)):
            return None
        try:
            entry = _entry_from_json(json.loads(raw))
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None
        if entry.date.earliest() > today or entry.added > today:
            return None
        self._used.add(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if self._db is not None:
            raw = json.dumps(_entry_to_json(entry), ensure_ascii=False, separators=(",", ":"))
            self._new[key] = self._sign(key, raw) + raw

    def save(self) -> None:
        """Keep the entries of this run only: add the new ones, drop the ones no file has any more
        and those of other namespaces (older code); best effort (a read-only home is fine)."""
        if self._db is None:
            return
        stale = [key for key in self._stored if key not in self._used]
        try:
            with contextlib.closing(self._db) as db:
                if self._new or stale:
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("DELETE FROM entries WHERE namespace != ?", (self.namespace,))
                    db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key in stale])
                    db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                                   [(key, self.namespace, raw) for key, raw in self._new.items()])
                    db.execute("COMMIT")
        except sqlite3.Error:
            pass
        self._db = None


def _entry_to_json(entry: Entry) -> list[Any]:
    raw: list[Any] = [getattr(entry, name) for name in _FIELDS]
    raw[_DATE] = str(entry.date)
    raw[_ADDED] = entry.added.isoformat()
    return [dict(value) if isinstance(value, Mapping) else value for value in raw]


def _entry_from_json(raw: list[Any]) -> Entry:
    if not isinstance(raw, list) or len(raw) != len(_FIELDS):
        raise ValueError("not an entry of this format")
    raw[_DATE] = PartialDate.parse(raw[_DATE])
    raw[_ADDED] = dt.date.fromisoformat(raw[_ADDED])
    for index in _TUPLES:
        raw[index] = tuple(raw[index])
    return Entry(*raw)
