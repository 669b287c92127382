"""The entry cache: unchanged files are not validated again, and nothing stale ever gets through."""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import sqlite3
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from generator.core.catalog import InvalidList, load_catalog
from generator.core.entry_cache import EntryCache, cache_folder
from generator.core.entry_cache import cache_file as entry_cache_file
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
    entry_cache_file(cached_root).write_bytes(damage)
    assert load_catalog(cached_root, TODAY).entries == expected
    assert len(rows()) == len(expected)  # removed and filled again


def test_a_cached_entry_that_does_not_load_is_validated_again(cached_root: Path) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    with contextlib.closing(sqlite3.connect(cache_file())) as db:
        db.execute("UPDATE entries SET entry = ?", (marshal.dumps(["too", "short"]),))
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


# Unchanged files are known by their state on disk, without reading them


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs that begin 10 s from now: the files written by the test count as settled."""
    from generator.core import entry_cache
    later = time.time_ns() + 10_000_000_000
    monkeypatch.setattr(entry_cache, "time", types.SimpleNamespace(time_ns=lambda: later))


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entry files the next loads read (their paths, in order)."""
    from generator.core import catalog
    seen: list[str] = []
    real = catalog.read_text

    def read_text(path: Path, rel: str, *args: object) -> tuple[str | None, list]:
        seen.append(rel)
        return real(path, rel, *args)

    monkeypatch.setattr(catalog, "read_text", read_text)
    return seen


def test_a_settled_unchanged_file_is_not_read_again(cached_root: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_catalog(cached_root, TODAY)
    read = reads(monkeypatch)
    second = load_catalog(cached_root, TODAY)
    assert read == [] and second.entries == first.entries


def test_a_file_changed_in_the_last_seconds_is_read(cached_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Just written (the real clock), the files are found by their bytes: each is read again."""
    first = load_catalog(cached_root, TODAY)
    read = reads(monkeypatch)
    assert load_catalog(cached_root, TODAY).entries == first.entries
    assert sorted(read) == sorted(entry.path for entry in first.entries)


def test_an_edit_that_keeps_the_size_and_times_is_seen(cached_root: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(cached_root, TODAY)
    path = cached_root / SPEECHGPT
    before = path.stat()
    path.write_text(entry_text(name="SpeechGPX"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time; the change time moves
    assert path.stat().st_size == before.st_size
    read = reads(monkeypatch)
    entries = {entry.path: entry for entry in load_catalog(cached_root, TODAY).entries}
    assert read == [SPEECHGPT] and entries[SPEECHGPT].name == "SpeechGPX"


def test_the_list_rules_see_the_cached_works(cached_root: Path, settled: None, write_entry, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two entries of one paper are reported whether their identities were worked out or read from the cache."""
    write_entry("entries/foundation-models/speechgpt-again.md", entry_text(title='"SpeechGPT again"', name="SpeechGPT-again"))
    with pytest.raises(InvalidList) as first:
        load_catalog(cached_root, TODAY)
    read = reads(monkeypatch)
    with pytest.raises(InvalidList) as second:
        load_catalog(cached_root, TODAY)
    assert read == [] and second.value.problems == first.value.problems
    assert any("the same arXiv id" in p.message for p in second.value.problems)


def test_a_link_in_a_settled_files_place_is_refused(cached_root: Path, settled: None, tmp_path: Path) -> None:
    load_catalog(cached_root, TODAY)
    path = cached_root / SPEECHGPT
    outside = tmp_path / "outside.md"
    outside.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(InvalidList) as invalid:
        load_catalog(cached_root, TODAY)
    assert any(p.path == SPEECHGPT and "symbolic link" in p.message for p in invalid.value.problems)


def test_a_row_moved_to_another_files_state_is_not_served(cached_root: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file and its state are signed with the row: SpeechGPT's row relabelled as the survey's is refused."""
    expected = load_catalog(cached_root, TODAY).entries
    with contextlib.closing(sqlite3.connect(cache_file())) as db:
        [(survey, state)] = db.execute("SELECT file, state FROM entries WHERE file != ?", (SPEECHGPT,))
        db.execute("DELETE FROM entries WHERE file = ?", (survey,))
        db.execute("UPDATE entries SET file = ?, state = ? WHERE file = ?", (survey, state, SPEECHGPT))
        db.commit()
    read = reads(monkeypatch)
    assert load_catalog(cached_root, TODAY).entries == expected
    assert survey in read


# Issue 22, item 11: what comes out of the cache is what this code validated for this file and day


def planted(change) -> None:
    """Rewrite every row's entry with `change(list)`, keeping its signature (whatever else the row holds)."""
    from generator.core.entry_cache import _SIGNATURE
    with contextlib.closing(sqlite3.connect(cache_file())) as db:
        for key, _, stored in list(db.execute("SELECT key, namespace, entry FROM entries")):
            values, keys = marshal.loads(stored[_SIGNATURE:])
            change(values)
            db.execute("UPDATE entries SET entry = ? WHERE key = ?", (stored[:_SIGNATURE] + marshal.dumps((values, keys)), key))
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


def test_a_cache_of_an_older_format_is_started_again(cached_root: Path) -> None:
    expected = load_catalog(cached_root, TODAY).entries
    path = cache_file()
    path.unlink()
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, namespace TEXT NOT NULL, entry TEXT NOT NULL)")
        db.execute("INSERT INTO entries VALUES ('k', 'n', '[]')")
        db.commit()
    assert load_catalog(cached_root, TODAY).entries == expected
    assert len(rows()) == len(expected)
