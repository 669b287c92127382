"""The entry cache: unchanged files are not validated again, and nothing stale ever gets through."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from generator.core.catalog import InvalidList, load_catalog
from generator.core.entry_cache import EntryCache, cache_folder
from tests.conftest import entry_text

SPEECHGPT = "entries/foundation-models/speechgpt.md"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def cached_root(lam_root: Path, write_entry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    write_entry(SPEECHGPT, entry_text())
    return lam_root


def cache_file() -> Path:
    [path] = cache_folder().glob("entries-*.sqlite")
    return path


def rows() -> list[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(cache_file())) as db:
        return list(db.execute("SELECT key, namespace, entry FROM entries"))


def test_a_second_load_reuses_the_validated_entries(cached_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_catalog(cached_root, TODAY)
    assert len(rows()) == len(first.entries)
    calls = []
    monkeypatch.setattr("generator.core.catalog.validate_entry", lambda *a: calls.append(a))
    second = load_catalog(cached_root, TODAY)
    assert calls == [] and second.entries == first.entries
    assert [e.positions for e in second.entries] == [e.positions for e in first.entries]


def test_an_edited_entry_is_validated_again(cached_root: Path, write_entry) -> None:
    load_catalog(cached_root, TODAY)
    write_entry(SPEECHGPT, entry_text(kind="modle"))
    with pytest.raises(InvalidList) as invalid:
        load_catalog(cached_root, TODAY)
    assert any(p.path == SPEECHGPT and p.field == "kind" for p in invalid.value.problems)


def test_a_changed_taxonomy_invalidates_every_entry(cached_root: Path) -> None:
    load_catalog(cached_root, TODAY)
    taxonomy = cached_root / "entries" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("  spoken-dialogue: Spoken dialogue\n", ""), encoding="utf-8")
    with pytest.raises(InvalidList) as invalid:
        load_catalog(cached_root, TODAY)
    assert any("unknown value 'spoken-dialogue'" in p.message for p in invalid.value.problems)


@pytest.mark.parametrize("damage", [b"not a database", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_cache_is_started_again(cached_root: Path, damage: bytes) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    for path in cache_folder().glob("entries-*"):
        path.unlink()
    (cache_folder() / cache_file_name(cached_root)).write_bytes(damage)
    assert load_catalog(cached_root, TODAY).entries == expected
    assert len(rows()) == len(expected)  # removed and filled again


def cache_file_name(root: Path) -> str:
    return EntryCache(root, b"", "").path.name


def test_a_cached_entry_that_does_not_load_is_validated_again(cached_root: Path) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    with contextlib.closing(sqlite3.connect(cache_file())) as db:
        db.execute("UPDATE entries SET entry = ?", (json.dumps(["too", "short"]),))
        db.commit()
    assert load_catalog(cached_root, TODAY).entries == expected


def test_an_edit_writes_one_row_and_drops_the_old_one(cached_root: Path, write_entry) -> None:
    load_catalog(cached_root, TODAY)
    before = {key for key, _, _ in rows()}
    write_entry(SPEECHGPT, entry_text(name="SpeechGPT-2"))
    load_catalog(cached_root, TODAY)
    after = {key for key, _, _ in rows()}
    assert len(after - before) == 1 and len(before - after) == 1 and len(after) == len(before)


def test_the_cache_can_be_turned_off(cached_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWESOME_LAM_NO_CACHE", "1")
    load_catalog(cached_root, TODAY)
    assert list(cache_folder().glob("entries-*")) == []
    assert EntryCache(cached_root, b"", "").enabled is False
