"""`awesome-lam meta` end to end against the fake GitHub API: data file, reuse, report, exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.health import HEALTH_FILE, load_health
from generator.features.meta import command
from generator.features.meta.github import ClientSettings
from generator.features.meta.store import save_health
from generator.model.health import RepoHealth
from tests.conftest import entry_text
from tests.features.meta.github_server import Server, normal, rate_limited, send, slow

RECENT = (dt.date.today() - dt.timedelta(days=30)).isoformat() + "T12:00:00Z"


@pytest.fixture
def meta(lam_root: Path, api: Server, monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """Run `awesome-lam meta ARGS` in-process against the fake API, with fast client settings."""
    monkeypatch.setenv("AWESOME_LAM_GITHUB_API", api.url)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_test")
    monkeypatch.setattr(command, "ClientSettings", functools.partial(
        ClientSettings, connect_timeout=0.5, read_timeout=0.3, deadline=2.0, retries=1, backoff=0.01))
    return lambda *argv: main(["--root", str(lam_root), "meta", *argv])


def link_code(write_entry: Callable, name: str, url: str) -> None:
    write_entry(f"entries/speech-recognition/{name}.md",
                entry_text(name=name, links=f"\n  paper: https://arxiv.org/abs/2305.11000\n  code: {url}"))


@pytest.fixture
def linked(write_entry: Callable, api: Server) -> None:
    """Entries linking a live, an archived, a stale, a renamed and a deleted repository, and an organisation."""
    link_code(write_entry, "live", "https://github.com/bytedance/SALMONN")
    link_code(write_entry, "archived", "https://github.com/old/archived")
    link_code(write_entry, "stale", "https://github.com/quiet/stale/tree/main")
    link_code(write_entry, "renamed", "https://github.com/old-owner/old-name")
    link_code(write_entry, "deleted", "https://github.com/gone/deleted")
    link_code(write_entry, "org", "https://github.com/FunAudioLLM")
    api.add_repo("bytedance/SALMONN", stars=4213, commit_date=RECENT)
    api.add_repo("old/archived", archived=True, commit_date="2022-06-01T00:00:00Z")
    api.add_repo("quiet/stale", commit_date="2021-01-02T00:00:00Z")
    api.rename("old-owner/old-name", "new-owner/new-name")
    api.add_repo("new-owner/new-name", stars=7, commit_date=RECENT)


def data(root: Path) -> dict:
    return {r["repo"]: r for r in json.loads((root / HEALTH_FILE).read_text(encoding="utf-8"))["repos"]}


def test_first_run_writes_the_data_file_and_reports(linked: None, meta: Callable[..., int], lam_root: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert not (lam_root / HEALTH_FILE).exists()
    assert meta("--format", "markdown") == 1  # a repository moved and one is gone
    out, err = capsys.readouterr()
    records = data(lam_root)
    assert sorted(records) == ["bytedance/SALMONN", "gone/deleted", "old-owner/old-name", "old/archived", "quiet/stale"]
    assert records["bytedance/SALMONN"]["stars"] == 4213 and records["old/archived"]["archived"] is True
    assert records["old-owner/old-name"]["renamed_to"] == "new-owner/new-name"
    assert records["gone/deleted"]["status"] == "missing"
    assert "### Newly archived (1)\n\n- [old/archived](https://github.com/old/archived): last commit 2022-06-01" in out
    assert "### No commit for a year (1)\n\n- [quiet/stale](https://github.com/quiet/stale)" in out
    assert "- [old-owner/old-name](https://github.com/new-owner/new-name): now new-owner/new-name" in out
    assert "`entries/speech-recognition/deleted.md`" in out
    assert "skipped https://github.com/FunAudioLLM (entries/speech-recognition/org.md): an organisation" in err
    assert "old-owner/old-name moved to new-owner/new-name: update the code link in " \
           "entries/speech-recognition/renamed.md" in err
    assert "5 repositories: 5 fetched, 0 still fresh, 0 not refreshed; data/repo-health.json written" in err
    assert all(line.startswith("awesome-lam meta: ") for line in err.splitlines())


def test_fresh_data_is_reused_without_requests(linked: None, meta: Callable[..., int], lam_root: Path,
                                               api: Server, capsys: pytest.CaptureFixture[str]) -> None:
    meta()
    capsys.readouterr()
    before, text = sum(api.hits.values()), (lam_root / HEALTH_FILE).read_text(encoding="utf-8")
    assert meta("--format", "text") == 1  # still moved and gone: the entries need fixing
    out, err = capsys.readouterr()
    assert sum(api.hits.values()) == before  # nothing asked of the API
    assert (lam_root / HEALTH_FILE).read_text(encoding="utf-8") == text
    assert "5 still fresh" in err and "data/repo-health.json unchanged" in err
    assert out.startswith("No code repository was newly archived")
    meta("--max-age", "0")
    assert sum(api.hits.values()) > before


def test_newly_archived_is_reported_once(write_entry: Callable, api: Server, meta: Callable[..., int],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    link_code(write_entry, "live", "https://github.com/a/b")
    api.add_repo("a/b", commit_date=RECENT)
    assert meta() == 0
    api.add_repo("a/b", archived=True, commit_date=RECENT)
    capsys.readouterr()
    assert meta("--max-age", "0", "--format", "json") == 0
    assert [c["repo"] for c in json.loads(capsys.readouterr().out)["archived"]] == ["a/b"]
    meta("--max-age", "0s", "--format", "json")
    assert json.loads(capsys.readouterr().out)["archived"] == []


def test_temporary_failures_keep_old_data(write_entry: Callable, api: Server, meta: Callable[..., int],
                                          lam_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link_code(write_entry, "slow", "https://github.com/a/slow")
    link_code(write_entry, "broken", "https://github.com/a/broken")
    old = [RepoHealth("a/slow", "https://github.com/a/slow", "ok", "2026-01-01T00:00:00Z", stars=5),
           RepoHealth("a/broken", "https://github.com/a/broken", "ok", "2026-01-01T00:00:00Z", stars=6)]
    save_health(lam_root, old)
    api.answers += [slow(1.0, normal()), send(502, b"<html>Server Error</html>")]
    assert meta("--format", "text") == 1
    out, err = capsys.readouterr()
    assert load_health(lam_root) == {r.key: r for r in old}  # neither a timeout nor a 502 became a fact
    assert "a/slow: not refreshed (HTTP 502: server error after 2 attempts); its old data is kept" in err
    assert "Not refreshed this time (old data kept):" in out


def test_long_rate_limit_stops_cleanly(write_entry: Callable, api: Server, meta: Callable[..., int],
                                       lam_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("one", "two", "three"):
        link_code(write_entry, name, f"https://github.com/a/{name}")
        api.add_repo(f"a/{name}")
    api.answers.append(rate_limited(reset_in=3600))
    assert meta("--max-wait", "1s") == 1
    err = capsys.readouterr().err
    assert "stopped early: rate limited by the API until" in err
    assert not (lam_root / HEALTH_FILE).exists()  # nothing was fetched before the stop: nothing written


def test_without_a_token_nothing_is_asked(write_entry: Callable, api: Server, meta: Callable[..., int],
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    link_code(write_entry, "live", "https://github.com/a/b")
    monkeypatch.delenv("GITHUB_TOKEN")
    assert meta() == 2
    assert "GraphQL API needs a token: set GITHUB_TOKEN" in capsys.readouterr().err and api.queries == 0


def test_token_from_the_environment(write_entry: Callable, api: Server, meta: Callable[..., int],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    link_code(write_entry, "live", "https://github.com/a/b")
    api.add_repo("a/b")
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_from_actions")
    assert meta() == 0
    assert {h.get("Authorization") for _, h, _ in api.requests} == {"Bearer ghs_from_actions"}


def test_only_and_dry_run(linked: None, meta: Callable[..., int], lam_root: Path, api: Server,
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert meta("--only", "ByteDance/SALMONN", "--dry-run") == 0
    assert not (lam_root / HEALTH_FILE).exists() and "not written (--dry-run)" in capsys.readouterr().err
    assert meta("--only", "bytedance/SALMONN") == 0
    assert list(data(lam_root)) == ["bytedance/SALMONN"]
    assert "old/archived" not in api.asked()


@pytest.mark.parametrize("argv, message", [
    (("--max-age", "soon"), "not a duration"),
    (("--only", "not-a-repo"), "--only: expected OWNER/REPO"),
    (("--only", "someone/unlisted"), "no entry links it as code"),
    (("--api-url", "ftp://example.org"), "--api-url: not an http(s) URL"),
])
def test_usage_errors(linked: None, meta: Callable[..., int], argv: tuple[str, ...], message: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    assert meta(*argv) == 2
    assert message in capsys.readouterr().err


def test_corrupt_data_file_is_reported(linked: None, meta: Callable[..., int], lam_root: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (lam_root / "data").mkdir()
    (lam_root / HEALTH_FILE).write_text("{oops", encoding="utf-8")
    assert meta() == 1
    assert "data/repo-health.json is not valid" in capsys.readouterr().err


def test_module_entry_point(write_entry: Callable, api: Server, lam_root: Path) -> None:
    link_code(write_entry, "live", "https://github.com/a/b")
    api.add_repo("a/b", stars=1500)
    env = {"AWESOME_LAM_GITHUB_API": api.url, "GITHUB_TOKEN": "ghs_test", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(lam_root), "meta"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert data(lam_root)["a/b"]["stars"] == 1500


def test_unreachable_api_writes_nothing(linked: None, meta: Callable[..., int], lam_root: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert meta("--api-url", "http://127.0.0.1:9", "--format", "markdown") == 1
    out, err = capsys.readouterr()
    assert not (lam_root / HEALTH_FILE).exists()
    assert "- 5 repositories: `cannot connect to the API at http://127.0.0.1:9`" in out
    assert "stopped early: cannot connect to the API" in err
