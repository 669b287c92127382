"""The entry cache: unchanged files are not validated again, and nothing stale ever gets through."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.catalog import InvalidList, load_catalog
from generator.core.entry_cache import EntryCache, cache_folder
from tests.conftest import REPO, entry_text, run_cli

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


# Issue 22, item 11: what comes out of the cache is what this code validated for this file and day


def planted(change) -> None:
    """Rewrite every row's entry JSON with `change(list)`, keeping whatever else the row holds."""
    with contextlib.closing(sqlite3.connect(cache_file())) as db:
        for key, _, stored in list(db.execute("SELECT key, namespace, entry FROM entries")):
            start = stored.index("[")
            raw = json.loads(stored[start:])
            change(raw)
            db.execute("UPDATE entries SET entry = ? WHERE key = ?", (stored[:start] + json.dumps(raw), key))
        db.commit()


def field_index(name: str) -> int:
    from generator.core.entry_cache import _FIELDS
    return _FIELDS.index(name)


def test_a_planted_link_is_not_served(cached_root: Path) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    planted(lambda raw: raw[field_index("links")].update(paper="javascript:alert(document.cookie)"))
    assert load_catalog(cached_root, TODAY).entries == expected
    result = run_cli(cached_root, "build")
    assert result.returncode == 0 and "javascript:" not in (cached_root / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field, value", [("title", 5), ("authors", "Eve"), ("links", ["x"]), ("survey_ref", "12"), ("summary", None)])
def test_a_record_of_the_wrong_type_is_not_served(cached_root: Path, field: str, value: object) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    planted(lambda raw: raw.__setitem__(field_index(field), value))
    assert load_catalog(cached_root, TODAY).entries == expected
    result = run_cli(cached_root, "build")
    assert result.returncode == 0, result.stderr


def test_a_row_signed_with_another_key_is_not_served(cached_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.core.entry_cache import key_file
    expected = load_catalog(cached_root, TODAY).entries
    planted(lambda raw: raw.__setitem__(field_index("title"), "Planted"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "attacker"))  # the attacker's own key signs the rows
    assert key_file().parent == tmp_path / "attacker" / "awesome-lam"
    load_catalog(cached_root, TODAY)  # makes the attacker's key; rows of its own are signed with it
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert load_catalog(cached_root, TODAY).entries == expected


def test_an_entry_validated_for_a_later_day_is_checked_again(cached_root: Path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text(date='"2026-11"', added='"2026-11-26"'))
    load_catalog(cached_root, TODAY)
    with pytest.raises(InvalidList) as invalid:
        load_catalog(cached_root, dt.date(2026, 10, 1))
    assert any(p.path == SPEECHGPT and "in the future" in p.message for p in invalid.value.problems)


@pytest.mark.parametrize("change", ["python", "unicode", "parser", "loader"])
def test_the_key_holds_what_decides_a_verdict(cached_root: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    from generator.core import entry_cache
    before = EntryCache(cached_root, b"", "").namespace
    if change == "python":
        monkeypatch.setattr(entry_cache.sys, "version", "3.99.0 (other)")
    elif change == "unicode":
        monkeypatch.setattr(entry_cache.unicodedata, "unidata_version", "99.0.0")
    elif change == "parser":
        monkeypatch.setattr(entry_cache, "_parsers", lambda: [b'__version__ = "99.0"'])
    else:
        monkeypatch.setattr(entry_cache, "BaseLoader", type("PureLoader", (), {}))
    assert EntryCache(cached_root, b"", "").namespace != before


# Issue 22, item 10: no file in the cache's place hangs a command


@pytest.mark.parametrize("which", ["", "-wal", "-shm"])
def test_a_fifo_in_place_of_the_cache_does_not_hang(cached_root: Path, tmp_path: Path, which: str) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    path = cache_file()
    target = path.with_name(path.name + which)
    for old in cache_folder().glob("entries-*"):
        old.unlink()
    os.mkfifo(target)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(cached_root), "validate"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert load_catalog(cached_root, TODAY).entries == expected
