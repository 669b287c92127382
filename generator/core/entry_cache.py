"""A cache of validated entries, so `build` and `check` after editing one entry of thousands
re-validate that entry only, and read only the files whose state on disk changed.

A cached entry is reused only when everything that decides its verdict is unchanged: its file's
path and bytes, the taxonomy, the data files the content rules read, every module of the package
(under any folder), the Python version and its Unicode data, the YAML loader and the versions of
the YAML and Markdown parsers (each is in the key), and no date of the entry is after the day it
is checked for (the one rule that depends on the day). An entry with any problem, a warning too, is not cached.

A file's bytes are known unchanged without reading them when its state (`file_state`: device,
inode, size, modification and change times) is the one recorded with its row, as git's index
does: every write sets the change time to the clock's time, and no user can set it back. A file
changed in the last seconds before it was looked at is found by its bytes only (a second write in
the same clock tick would leave the state as it was).

The cache is a SQLite file of marshalled rows in the user's cache folder, never in the list's
repository (a pull request cannot plant one), and never code. Each row, with its file and state, is
signed (HMAC-SHA256) with a key kept in the user's data folder, not in the cache: a row that was
planted or changed (a `javascript:` link, a value of the wrong type, another file's state) fails
its signature and the file is read and validated as if uncached; only signed rows are unmarshalled.
A damaged or foreign file (an older format too, or a FIFO or a link in the database's place) is
removed and started again. `AWESOME_LAM_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import importlib.util
import marshal
import os
import secrets
import sqlite3
import stat
import sys
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from generator.core.identity import Identity, entry_identity
from generator.core.load import BaseLoader  # the YAML loader in use: libyaml's or PyYAML's own
from generator.lib.files import Unreadable, database_in_the_way, read_guarded
from generator.model.entry import Entry, PartialDate

FORMAT = 4
_PARSERS = ("yaml", "markdown_it")
"""Packages whose version decides a verdict: they parse the front matter and the summary."""
_KEY_BYTES = 32
_SIGNATURE = 32  # bytes of an HMAC-SHA256, in front of each row's marshalled entry
_RACY_NS = 2_000_000_000
"""A file changed less than this before a run began is found by its bytes, not its state: some file
systems keep times to the second or two, so a second write could leave the state unchanged."""
_FIELDS = [f.name for f in dataclasses.fields(Entry)]
_DATE, _ADDED = _FIELDS.index("date"), _FIELDS.index("added")


def cache_folder() -> Path:
    """The user's cache folder for awesome-lam (platformdirs: $XDG_CACHE_HOME/awesome-lam or ~/.cache/awesome-lam on Linux)."""
    return Path(platformdirs.user_cache_dir("awesome-lam", appauthor=False))


def cache_file(root: Path) -> Path:
    """The cache file of the list at `root`: one per list, named by its resolved path."""
    return cache_folder() / f"entries-{_digest(str(root.resolve()))[:16]}.sqlite"


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
        self.path = cache_file(root)
        self._secret = _signing_key() if os.environ.get("AWESOME_LAM_NO_CACHE", "") in ("", "0") else None
        self.enabled = self._secret is not None
        self._settled_before = time.time_ns() - _RACY_NS
        self._stored: dict[str, tuple[str, str, bytes]] = {}  # key -> (file, its state, signed row), of this namespace
        self._by_state: dict[tuple[str, str], str] = {}  # (file, state) -> key
        self._used: set[str] = set()
        self._new: dict[str, tuple[str, str, bytes]] = {}
        self._db = self._open() if self.enabled else None

    def _open(self) -> sqlite3.Connection | None:
        """The cache's database and its rows of this namespace; None (no cache this run) when it
        cannot be used. A damaged file, or one of another format, is removed and started again."""
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                in_the_way = database_in_the_way(self.path)
                if in_the_way is not None:  # a FIFO would block SQLite's first read: remove it, else no cache
                    in_the_way.unlink()
                    continue
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries "
                           "(key TEXT PRIMARY KEY, namespace TEXT NOT NULL, file TEXT NOT NULL, state TEXT NOT NULL, entry BLOB NOT NULL)")
                for key, file, state, row in db.execute("SELECT key, file, state, entry FROM entries WHERE namespace = ?", (self.namespace,)):
                    self._stored[key] = (file, state, row)
                    if state:
                        self._by_state[file, state] = key
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

    def file_state(self, path: Path) -> str:
        """The state of the regular file `path` (device, inode, size, modification and change
        times), or "" when it changed in the seconds before this run, is no regular file or cannot
        be seen, or the cache is off: then only its bytes can tell whether it changed."""
        if not self.enabled:
            return ""
        try:
            seen = os.lstat(path)
        except OSError:
            return ""
        if not stat.S_ISREG(seen.st_mode) or seen.st_ctime_ns >= self._settled_before:
            return ""
        return f"{seen.st_dev}:{seen.st_ino}:{seen.st_size}:{seen.st_mtime_ns}:{seen.st_ctime_ns}"

    def key_of_unchanged(self, rel: str, state: str) -> str:
        """The key of the row recorded for file `rel` in this `state`, or "": the file is then
        unchanged since that row was made, and need not be read."""
        return self._by_state.get((rel, state), "") if state else ""

    def _sign(self, key: str, rel: str, state: str, raw: bytes) -> bytes:
        assert self._secret is not None
        return hmac.digest(self._secret, f"{self.namespace}\0{key}\0{rel}\0{state}\0".encode() + raw, "sha256")  # C, one call

    def get(self, key: str, today: dt.date, rel: str, state: str) -> tuple[Entry, Identity] | None:
        """The entry cached for `key` and its identity (with its keys worked out), if its row is
        signed with the user's key and no date of it is after `today` (validated for a later day,
        it may not be valid for this one). A row found by the file's bytes is recorded again with
        the file's `state`, if it differs."""
        stored = self._stored.get(key)
        if stored is None:
            return None
        file, seen, row = stored
        if not isinstance(row, bytes):
            return None
        signature, raw = row[:_SIGNATURE], row[_SIGNATURE:]
        if not hmac.compare_digest(signature, self._sign(key, file, seen, raw)):
            return None
        try:
            found = _from_row(raw)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, EOFError):
            return None
        entry = found[0]
        if entry.date.earliest() > today or entry.added > today:
            return None
        self._used.add(key)
        if state and state != seen:
            self._new[key] = (rel, state, self._sign(key, rel, state, raw) + raw)
        return found

    def put(self, key: str, entry: Entry, identity: Identity, rel: str, state: str) -> None:
        """Record `entry` and its identity's keys, validated from the file `rel` read in `state`
        ("" when unsettled)."""
        if self._db is not None:
            raw = marshal.dumps((_entry_values(entry), identity.keys))
            self._new[key] = (rel, state, self._sign(key, rel, state, raw) + raw)

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
                    db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                                   [(key, self.namespace, *row) for key, row in self._new.items()])
                    db.execute("COMMIT")
        except sqlite3.Error:
            pass
        self._db = None


def _entry_values(entry: Entry) -> list[Any]:
    """The entry as plain values marshal keeps (tuples stay tuples)."""
    values: list[Any] = [getattr(entry, name) for name in _FIELDS]
    values[_DATE] = str(entry.date)
    values[_ADDED] = entry.added.isoformat()
    return [dict(value) if isinstance(value, Mapping) else value for value in values]


def _from_row(raw: bytes) -> tuple[Entry, Identity]:
    """The entry of a signed row, and its identity with the keys the row holds (the list rules
    ask for them, and working them out costs more than reading them)."""
    values, keys = marshal.loads(raw)
    if not isinstance(values, list) or len(values) != len(_FIELDS) or not isinstance(keys, tuple):
        raise ValueError("not an entry of this format")
    values[_DATE] = PartialDate.parse(values[_DATE])
    values[_ADDED] = dt.date.fromisoformat(values[_ADDED])
    entry = Entry(*values)
    identity = entry_identity(entry)
    identity.__dict__["keys"] = keys  # what the cached property `Identity.keys` would store
    return entry, identity
