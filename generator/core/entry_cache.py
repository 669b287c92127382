"""A content-hash cache of validated entries, so `build` and `check` after editing one entry of
thousands re-validate that entry only.

A cached entry is reused only when its file's bytes, the taxonomy, the data files the content
rules read, every module of the package (under any folder), the Python version and its Unicode
data are all unchanged (each is in the key); an entry with any problem, a warning too, is not cached. The cache is JSON in the user's cache folder, never in the
list's repository (a pull request cannot plant one), and never code: a damaged or foreign file
is ignored and rewritten. `AWESOME_LAM_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import Any

import platformdirs

from generator.lib.files import write_atomic
from generator.model.entry import Entry, PartialDate

FORMAT = 1
_TUPLES = {f.name for f in dataclasses.fields(Entry) if str(f.type).startswith("tuple")}


def cache_folder() -> Path:
    """The user's cache folder for awesome-lam (platformdirs: $XDG_CACHE_HOME/awesome-lam or ~/.cache/awesome-lam on Linux)."""
    return Path(platformdirs.user_cache_dir("awesome-lam", appauthor=False))


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


class EntryCache:
    """Validated entries of one list root, by the hash of (path, text)."""

    def __init__(self, root: Path, taxonomy: bytes, evidence: str) -> None:
        package = Path(__file__).resolve().parents[1]
        code = [part for path in sorted(package.rglob("*.py")) for part in (path.relative_to(package).as_posix(), path.read_bytes())]
        self.namespace = _digest(str(FORMAT), sys.version, unicodedata.unidata_version, taxonomy, evidence, *code)
        self.path = cache_folder() / f"entries-{_digest(str(root.resolve()))[:16]}.json"
        self.enabled = os.environ.get("AWESOME_LAM_NO_CACHE", "") in ("", "0")
        self.old: dict[str, Any] = self._read() if self.enabled else {}
        self.new: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("namespace") != self.namespace or not isinstance(data.get("entries"), dict):
            return {}
        return data["entries"]

    @staticmethod
    def key(rel: str, text: str) -> str:
        return _digest(rel, text)

    def get(self, key: str) -> Entry | None:
        raw = self.old.get(key)
        if raw is None:
            return None
        try:
            entry = _entry_from_json(raw)
        except (TypeError, ValueError, KeyError):
            return None
        self.new[key] = raw
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if self.enabled:
            self.new[key] = _entry_to_json(entry)

    def save(self) -> None:
        """Keep the entries of this run only; best effort (a read-only home is fine)."""
        if not self.enabled or self.new == self.old:
            return
        try:
            document = {"namespace": self.namespace, "entries": self.new}
            write_atomic(self.path, json.dumps(document, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass


def _entry_to_json(entry: Entry) -> dict[str, Any]:
    raw = {f.name: getattr(entry, f.name) for f in dataclasses.fields(Entry)}
    raw["date"] = str(entry.date)
    raw["added"] = entry.added.isoformat()
    raw["links"] = dict(entry.links)
    raw["ignore"] = dict(entry.ignore)
    raw["positions"] = dict(entry.positions)
    return raw


def _entry_from_json(raw: dict[str, Any]) -> Entry:
    values = dict(raw)
    values["date"] = PartialDate.parse(raw["date"])
    values["added"] = dt.date.fromisoformat(raw["added"])
    for name in _TUPLES:
        values[name] = tuple(raw[name])
    return Entry(**values)
