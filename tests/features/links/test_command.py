"""`awesome-lam links` end to end through `run()`: reports, exit codes, fixes, cache, config."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.features.links.cache import Cache
from generator.features.links.checker import Result
from tests.conftest import problem_lines
from tests.features.links.links_server import redirect, sequence, status, write_entry
from tests.github_markdown import github_html, hrefs, live_text

FAST_CONFIG = """
allow-internal: true
connect-timeout: 0.5
read-timeout: 0.5
deadline: 3
backoff: 0.02
delay: 0
"""
REPO = Path(__file__).resolve().parents[3]


def links(root: Path, *argv: str) -> int:
    """Run the subcommand as the CLI would, with fast settings."""
    config = root / "links-test.yml"
    if not config.exists():
        config.write_text(FAST_CONFIG)
    return main(["--root", str(root), "links", "--config", str(config), *argv])


@pytest.fixture
def site(serve):
    server = serve()
    server.routes["/ok"] = status(200)
    server.routes["/old"] = redirect(301, "/new")
    server.routes["/new"] = status(200)
    server.routes["/wall"] = status(403)
    return server


def test_reports_problems_with_file_and_line_and_exit_1_on_broken(tmp_path, site, capsys):
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/ok"), "code": site.url("/gone")})
    write_entry(tmp_path, "entries/music/b.md", {"paper": site.url("/ok")})
    assert links(tmp_path) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"entries/music/a.md:7: {site.url('/gone')}: broken (HTTP 404)"
    assert out[-1].startswith("2 URLs checked: 1 ok, 0 redirected, 1 broken, 0 unsure; 0 from cache;")
    assert site.count("/ok") == 1  # shared by two entries, requested once


def test_unsure_passes_unless_strict(tmp_path, site, capsys):
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/wall")})
    assert links(tmp_path, "--no-cache") == 0
    assert "unsure (HTTP 403" in capsys.readouterr().out
    assert links(tmp_path, "--no-cache", "--strict") == 1


def test_json_markdown_and_github_formats(tmp_path, site, capsys):
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/gone"), "code": site.url("/old")})
    links(tmp_path, "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["broken"] == 1 and report["summary"]["redirected"] == 1
    assert {p["verdict"] for p in report["problems"]} == {"broken", "redirected"}
    assert report["problems"][1]["final_url"] == site.url("/new")
    links(tmp_path, "--format", "markdown")
    markdown = capsys.readouterr().out
    assert "| entries/music/a.md:6 |" in markdown and "**broken**" in markdown
    links(tmp_path, "--format", "github")
    github = capsys.readouterr().out.splitlines()
    assert github[0].startswith("::error file=entries/music/a.md,line=6,title=link broken::http")
    assert github[1].startswith("::notice file=entries/music/a.md,line=7")


def test_format_before_or_after_the_command_name(tmp_path, site, capsys):
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/ok")})
    (tmp_path / "pyproject.toml").write_text('[tool.awesome-lam.links]\ndelay = 0\nallow-internal = true\n')
    assert main(["--root", str(tmp_path), "--format", "json", "links"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["ok"] == 1
    assert main(["--root", str(tmp_path), "links", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("## Link check")


def test_fix_redirects_rewrites_only_the_url(tmp_path, site, capsys):
    entry = write_entry(tmp_path, "entries/music/a.md",
                        {"paper": site.url("/old"), "code": site.url("/ok")}, newline="\r\n")
    body = entry.read_bytes() + f"See [the demo]({site.url('/old')}#audio).\r\n".encode()
    entry.write_bytes(body)
    assert links(tmp_path, "--fix-redirects") == 0
    expected = body.replace(f"paper: {site.url('/old')}".encode(), f"paper: \"{site.url('/new')}\"".encode())  # a quoted scalar
    expected = expected.replace(site.url("/old").encode(), site.url("/new").encode())
    assert entry.read_bytes() == expected
    assert f"{site.url('/new')}#audio)" in entry.read_text()
    assert "fixed 2 redirected URLs in 1 files" in capsys.readouterr().err


def test_paths_check_any_markdown_file(tmp_path, site, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(f"# List\n\n- [ok]({site.url('/ok')})\n- `{site.url('/gone')}` in code is no link\n"
                      f"- [gone][ref]\n\n[ref]: {site.url('/gone2')}\n")
    assert links(tmp_path, "README.md") == 1
    out = capsys.readouterr().out
    assert f"README.md:7: {site.url('/gone2')}: broken" in out
    assert site.url("/gone)") not in out and site.count("/gone") == 0


def test_usage_errors_are_one_line_and_exit_2(tmp_path, capsys):
    assert links(tmp_path, "missing.md") == 2
    assert links(tmp_path, "--max-age", "soon") == 2
    (tmp_path / "bad.yml").write_text("concurency: 3\n")
    assert links(tmp_path, "--config", str(tmp_path / "bad.yml")) == 2
    assert links(tmp_path, "--changed-since", "nope") == 2
    errors = problem_lines(capsys.readouterr().err)
    assert len(errors) == 4 and all(e.startswith("awesome-lam links: ") for e in errors)
    assert "unknown setting 'concurency'; did you mean 'concurrency'?" in errors[2]


def test_cache_hits_and_expiry(tmp_path, site, capsys):
    write_entry(tmp_path, "entries/music/a.md",
                {"paper": site.url("/ok"), "code": site.url("/wall"), "demo": site.url("/gone")})
    links(tmp_path)
    assert (site.count("/ok"), site.count("/wall", "HEAD"), site.count("/gone", "GET")) == (1, 1, 1)
    capsys.readouterr()
    links(tmp_path)  # ok comes from the cache; broken and unsure (403) are asked again
    assert (site.count("/ok"), site.count("/wall", "HEAD"), site.count("/gone", "GET")) == (1, 2, 2)
    assert "1 from cache" in capsys.readouterr().out
    links(tmp_path, "--max-age", "0")
    assert site.count("/ok") == 2


def test_cache_keeps_only_links_found_alive_and_expires(tmp_path):
    """Like lychee: a broken verdict is never taken from an earlier run, so a link that comes back is seen."""
    now = [1000.0]
    cache = Cache(tmp_path, max_age=60, clock=lambda: now[0])
    cache.store([Result("http://a/", "ok", "HTTP 200", 200, cacheable=True),
                 Result("http://b/", "unsure", "read timeout"),
                 Result("http://c/", "broken", "HTTP 404", 404, cacheable=True),
                 Result("http://d/", "redirected", "HTTP 301 to http://e/", 301, "http://e/", cacheable=True)])
    assert list(cache.fresh(["http://a/", "http://b/", "http://c/", "http://d/"])) == ["http://a/"]
    assert cache.fresh(["http://a/"])["http://a/"].from_cache
    now[0] += 61
    assert cache.fresh(["http://a/"]) == {}


def test_two_runs_at_once_share_the_cache_safely(tmp_path, site):
    urls = {f"l{n}": site.url(f"/p{n}") for n in range(40)}
    for n in range(40):
        site.routes[f"/p{n}"] = status(200)
    write_entry(tmp_path, "entries/music/a.md", urls)
    # Generous timeouts: this test is about the shared cache, not speed (a loaded CI machine is slow).
    (tmp_path / "links-test.yml").write_text("allow-internal: true\nconnect-timeout: 5\nread-timeout: 5\ndeadline: 20\nbackoff: 0.02\ndelay: 0\n")
    command = [sys.executable, "-m", "generator", "--root", str(tmp_path), "links",
               "--config", str(tmp_path / "links-test.yml"), "--format", "json"]
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], outputs
    with sqlite3.connect(tmp_path / ".cache/awesome-lam/links.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM results WHERE verdict = 'ok'").fetchone() == (40,)


def test_excluded_urls_are_not_checked(tmp_path, site, capsys):
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/gone"), "code": site.url("/ok")})
    (tmp_path / "links-test.yml").write_text(FAST_CONFIG + "exclude: ['/gone$']\n")
    assert links(tmp_path) == 0
    assert site.count("/gone") == 0


def test_an_entry_with_a_bad_typed_value_is_skipped_not_fatal(tmp_path, site, capsys):
    """`date: 2023-02-30` (unquoted: YAML reads it as a date, and fails) used to stop the run."""
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/gone")})
    bad = tmp_path / "entries" / "music" / "b.md"
    bad.write_text("---\ntitle: B\ndate: 2023-02-30\nsurvey_ref: !!int abc\nlinks:\n  paper: " + site.url("/ok") + "\n---\nB.\n")
    assert links(tmp_path, "--no-cache") == 1  # the broken /gone link of a.md, checked
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err


def test_repository_pages_get_their_verdict_from_the_github_data(tmp_path, site, capsys):
    """github.com answers scrapers with 429: a repository's front page is judged from the data
    `awesome-lam meta` stored, when it is fresh; other github.com pages and stale records are requested."""
    from generator.features.meta.store import save_health
    from generator.model.health import RepoHealth

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    save_health(tmp_path, [
        RepoHealth("a/alive", "https://github.com/a/alive", "ok", now, stars=5),
        RepoHealth("a/gone", "https://github.com/a/gone", "missing", now),
        RepoHealth("a/old", "https://github.com/a/new", "renamed", now, renamed_to="a/new"),
        RepoHealth("a/stale", "https://github.com/a/stale", "ok", "2020-01-01T00:00:00Z"),
    ])
    write_entry(tmp_path, "entries/music/a.md", {"code": "https://github.com/a/alive", "paper": site.url("/ok")})
    write_entry(tmp_path, "entries/music/b.md", {"code": "https://github.com/a/gone/", "paper": site.url("/ok?b")})
    write_entry(tmp_path, "entries/music/c.md", {"code": "https://github.com/A/Old", "paper": site.url("/ok?c")})
    assert links(tmp_path, "--no-cache", "--format", "json") == 1
    problems = {p["url"]: p for p in json.loads(capsys.readouterr().out)["problems"]}
    assert problems["https://github.com/a/gone/"]["verdict"] == "broken"
    assert problems["https://github.com/A/Old"]["verdict"] == "redirected"
    assert problems["https://github.com/A/Old"]["final_url"] == "https://github.com/a/new"
    assert "https://github.com/a/alive" not in problems


def test_a_run_in_a_log_says_where_it_is(tmp_path, site, capsys, monkeypatch):
    monkeypatch.setenv("AWESOME_LAM_PROGRESS_SECONDS", "0")
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/ok"), "code": site.url("/new")})
    assert links(tmp_path, "--no-cache", "--verbose") == 0
    err = capsys.readouterr().err
    assert "awesome-lam links: 2 URLs: 0 from the repository data, 0 from the cache, 2 to check" in err
    assert "awesome-lam links: 1 of 2 URLs (50%)" in err


# Issue 22, item 10: every file `links` reads goes through the guarded reader


def test_an_entry_linked_out_of_the_repository_is_not_read(tmp_path, site, capsys):
    secret = tmp_path / "secret.md"
    secret.write_text(f"---\ntitle: x\n---\n[leak]({site.url('/ok')}?token=SECRET)\n", encoding="utf-8")
    write_entry(tmp_path / "list", "entries/music/a.md", {"paper": site.url("/ok")})
    (tmp_path / "list" / "entries" / "music" / "b.md").symlink_to(secret)
    assert links(tmp_path / "list") == 0
    captured = capsys.readouterr()
    assert "SECRET" not in captured.out + captured.err
    assert "entries/music/b.md:1: file: is a symbolic link" in captured.err


@pytest.mark.parametrize("where", ["config", "pyproject", "cache", "cache-wal"])
def test_a_fifo_in_place_of_a_file_links_reads_is_a_clear_error(tmp_path, where):
    import os
    write_entry(tmp_path, "entries/music/a.md", {"paper": "https://example.org/"})
    (tmp_path / "links-test.yml").write_text(FAST_CONFIG + "exclude: ['.*']\n")
    fifo = {"config": tmp_path / "fifo.yml", "pyproject": tmp_path / "pyproject.toml",
            "cache": tmp_path / ".cache/awesome-lam/links.sqlite", "cache-wal": tmp_path / ".cache/awesome-lam/links.sqlite-wal"}[where]
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    config = fifo if where == "config" else tmp_path / "links-test.yml"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "links", "--config", str(config)],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr
    assert "is not a regular file" in result.stderr


# Issue 22, item 7: nothing a server says mentions anyone or references anything in the issue


MENTIONS = re.compile(r"@[A-Za-z0-9]|#[0-9]|\bGH-[0-9]")


@pytest.mark.parametrize("location", [
    "/@octocat",  # followed: "moved permanently to .../@octocat"
    "/team/@acme/maintainers",
    "http://bad host/ @octocat #12 acme/repo#3 GH-4 [x](javascript:alert(1)) `code` | cell",  # refused: quoted in the reason
    "http://@octocat/",
])
def test_a_servers_words_are_inert_in_the_markdown_report(tmp_path, site, capsys, location):
    site.routes["/moved"] = redirect(301, location)
    site.routes["/@octocat"] = status(200)
    site.routes["/team/@acme/maintainers"] = status(200)
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/moved")})
    links(tmp_path, "--format", "markdown", "--no-cache")
    markdown = capsys.readouterr().out
    row = next(line for line in markdown.splitlines() if line.startswith("| entries/music/a.md"))
    assert row.count(" | ") == 3, row  # still four cells: a `|` from the server does not add one
    assert not MENTIONS.search(live_text(markdown)), github_html(markdown)
    assert "javascript:" not in "".join(hrefs(markdown))


# Issue 22, item 15: one run, several formats of the same results


def test_report_writes_the_same_results_in_another_format(tmp_path, site, capsys):
    """A page that is down, then up: a second run would contradict the first; --report cannot."""
    site.routes["/flaky"] = sequence(status(404), status(404), status(200))
    write_entry(tmp_path, "entries/music/a.md", {"paper": site.url("/flaky")})
    report = tmp_path / "out" / "links.md"
    report.parent.mkdir()
    assert links(tmp_path, "--format", "github", "--report", f"markdown={report}", "--report", f"json={tmp_path / 'out/links.json'}") == 1
    assert "::error file=entries/music/a.md" in capsys.readouterr().out
    assert "**broken**" in report.read_text(encoding="utf-8")
    assert json.loads((tmp_path / "out/links.json").read_text(encoding="utf-8"))["summary"]["broken"] == 1
    assert site.count("/flaky") == 2  # HEAD and GET of one run


@pytest.mark.parametrize("value", ["markdown", "html=x.md", "=x.md", "markdown="])
def test_a_bad_report_option_is_a_usage_error(tmp_path, capsys, value):
    assert links(tmp_path, "--report", value) == 2
    assert "--report" in capsys.readouterr().err
