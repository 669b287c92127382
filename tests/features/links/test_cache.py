"""The link cache takes nothing on trust (issue 22, item 12): a table of another shape, a verdict
it never writes, values of the wrong type, rows dated in the future."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from generator.cli import main
from generator.features.links.cache import Cache
from generator.features.links.checker import Result
from tests.features.links.links_server import status, write_entry
from tests.features.links.test_command import links

NOW = 1_000_000.0


def cache(folder: Path, now: float = NOW) -> Cache:
    return Cache(folder, max_age=3600, clock=lambda: now)


def insert(folder: Path, *rows: tuple) -> None:
    with closing(sqlite3.connect(folder / "links.sqlite")) as db:
        db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.commit()


def test_a_foreign_table_is_made_again(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "links.sqlite")) as db:
        db.execute("CREATE TABLE results (url TEXT, verdict TEXT)")
        db.execute("INSERT INTO results VALUES ('http://a/', 'ok')")
        db.commit()
    store = cache(tmp_path)
    assert store.fresh(["http://a/"]) == {}
    store.store([Result("http://a/", "ok", "HTTP 200", 200, cacheable=True)])
    assert store.fresh(["http://a/"])["http://a/"].verdict == "ok"


@pytest.mark.parametrize("row", [
    ("http://a/", "evil", "planted", 200, None, NOW),  # a verdict the cache never writes
    ("http://a/", "broken", "HTTP 404", 404, None, NOW),  # failures are never cached
    ("http://a/", "redirected", "moved", 301, "https://evil.example/", NOW),
    # values SQLite's column affinity keeps as they are: blobs, text in a number column
    ("http://a/", "ok", b"\x1b[2J", 200, None, NOW),
    ("http://a/", "ok", "HTTP 200", "two hundred", None, NOW),
    ("http://a/", "ok", "HTTP 200", 200, b"javascript:x", NOW),
    ("http://a/", "ok", "HTTP 200", 200, None, NOW + 10 * 365 * 86400),  # from the future: never expires
    ("http://a/", "ok", "HTTP 200", 200, None, "later"),  # text sorts after every number in SQLite
    ("http://a/", "ok", "HTTP 200", 200, None, NOW - 3601),  # expired
], ids=["unknown-verdict", "broken", "redirected", "reason-blob", "status-text", "final-url-blob", "future",
        "text-time", "expired"])
def test_a_row_it_would_not_have_written_is_not_used(tmp_path: Path, row: tuple) -> None:
    cache(tmp_path)
    insert(tmp_path, row)
    assert cache(tmp_path).fresh(["http://a/"]) == {}


def test_a_good_row_is_used(tmp_path: Path) -> None:
    cache(tmp_path)
    insert(tmp_path, ("http://a/", "ok", "HTTP 200", 200, None, NOW - 10))
    assert cache(tmp_path).fresh(["http://a/"])["http://a/"].from_cache


def test_planted_rows_do_not_crash_or_pass_a_run(tmp_path: Path, serve, capsys) -> None:
    site = serve()
    site.routes["/gone"] = status(404)
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/gone")})
    links(tmp_path)  # makes the cache
    capsys.readouterr()
    insert(tmp_path / ".cache" / "awesome-lam", (site.url("/gone"), "evil", "planted", 200, None, 4e9),
           (site.url("/gone") + "x", "ok", "HTTP 200", 200, None, 4e9))
    assert links(tmp_path) == 1
    out = capsys.readouterr().out
    assert "broken (HTTP 404)" in out and "0 from cache" in out


def test_a_cache_that_is_not_a_database_is_one_clear_line(tmp_path: Path, capsys) -> None:
    write_entry(tmp_path, "entries/music/a.md", {"paper": "https://example.org/"})
    folder = tmp_path / ".cache" / "awesome-lam"
    folder.mkdir(parents=True)
    (folder / "links.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert main(["--root", str(tmp_path), "links"]) == 1
    err = capsys.readouterr().err
    assert "cannot use the link cache" in err and "internal error" not in err
