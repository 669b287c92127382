"""data/repo-health.json is read as entries are: a regular file of the repository, every value typed
and checked (issue 22, items 2, 9 and 10). Nothing in it crashes or misleads a command later."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.health import HEALTH_FILE, HealthDataError, load_health
from tests.conftest import REPO, entry_text, run_cli

SPEECHGPT = "entries/foundation-models/speechgpt.md"
GOOD = {"repo": "a/b", "url": "https://github.com/a/b", "status": "ok", "fetched_at": "2026-11-20T08:00:00Z",
        "stars": 12, "archived": False, "license": "MIT", "last_commit": "2026-05-01"}
RENAMED = {**GOOD, "repo": "a/b", "url": "https://github.com/c/d", "status": "renamed", "renamed_to": "c/d"}

# (record, the field the message names): values that load as JSON but are not what the tools expect
HOSTILE = [
    ({**GOOD, "repo": 5}, "repo: must be text"),
    ({**GOOD, "repo": ["a", "b"]}, "repo: must be text"),
    ({**GOOD, "repo": "a/b/c"}, "repo: 'a/b/c' is not a GitHub repository name"),
    ({**GOOD, "repo": "../../x"}, "repo: '../../x' is not a GitHub repository name"),
    ({**GOOD, "fetched_at": "2026-11-20T08:00:00"}, "fetched_at: '2026-11-20T08:00:00' is not a UTC time"),
    ({**GOOD, "fetched_at": "2026-11-20T08:00:00+05:00"}, "fetched_at: '2026-11-20T08:00:00+05:00' is not a UTC time"),
    ({**GOOD, "fetched_at": 1700000000}, "fetched_at: '1700000000' is not a UTC time"),
    ({**GOOD, "fetched_at": "2026-02-30T08:00:00Z"}, "fetched_at: '2026-02-30T08:00:00Z' is not a real time"),
    ({**GOOD, "fetched_at": "2099-01-01T00:00:00Z"}, "fetched_at: '2099-01-01T00:00:00Z' is in the future"),
    ({**GOOD, "last_commit": "2099-01-01"}, "last_commit: '2099-01-01' is in the future"),
    ({**GOOD, "last_commit": 20260501}, "last_commit: must be a date"),
    ({**GOOD, "last_commit": "2026-05"}, "last_commit: '2026-05' must be a full day"),
    ({**GOOD, "license": 5}, "license: must be text"),
    ({**GOOD, "license": "see https://evil.example"}, "license: 'see https://evil.example' contains a web or e-mail address"),
    ({**GOOD, "license": "MIT\u202e"}, "license: contains the invisible or control character U+202E"),
    ({**GOOD, "stars": True}, "stars: must be a count"),
    ({**GOOD, "stars": -1}, "stars: must be a count"),
    ({**GOOD, "stars": 1.5}, "stars: must be a count"),
    ({**GOOD, "archived": "no"}, "archived: must be true or false"),
    ({**GOOD, "status": ["ok"]}, "status: must be text"),
    ({**GOOD, "status": "gone"}, "status: unknown value 'gone'"),
    ({**GOOD, "url": "https://evil.example/a/b"}, "url: 'https://evil.example/a/b' is not the GitHub address of a/b"),
    ({**GOOD, "url": "https://github.com/other/repo"}, "url: 'https://github.com/other/repo' is not the GitHub address of a/b"),
    ({**GOOD, "url": "javascript:alert(1)"}, "url: 'javascript:alert(1)' must be an absolute http:// or https:// URL"),
    ({**RENAMED, "url": "https://evil.example/c/d"}, "url: 'https://evil.example/c/d' is not the GitHub address of c/d"),
    ({**RENAMED, "url": "https://github.com/c/d/issues"}, "url: 'https://github.com/c/d/issues' is not the GitHub address of c/d"),
    ({**RENAMED, "renamed_to": "https://evil.example"}, "renamed_to: 'https://evil.example' is not a GitHub repository name"),
    ({**RENAMED, "renamed_to": None}, "renamed_to: is given exactly when the status is 'renamed'"),
    ({**GOOD, "renamed_to": "c/d"}, "renamed_to: is given exactly when the status is 'renamed'"),
    ({**GOOD, "extra": 1}, "unknown field 'extra'"),
    ({k: v for k, v in GOOD.items() if k != "url"}, "has no 'url'"),
    ("a/b", "must be an object"),
]
DOCUMENTS = ['{"repos": {"a/b": 1}}', '[1, 2]', '"repos"', "[" * 100_000 + "]" * 100_000,
             json.dumps({"repos": [GOOD, GOOD]})]


def write_health(root: Path, document: str | dict) -> Path:
    path = root / HEALTH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def coded(lam_root: Path, write_entry) -> Path:
    write_entry(SPEECHGPT, entry_text(links="\n  paper: https://arxiv.org/abs/2305.11000\n  code: https://github.com/a/b"))
    return lam_root


def test_a_valid_file_loads(tmp_path: Path) -> None:
    write_health(tmp_path, {"version": 1, "repos": [GOOD, {**RENAMED, "repo": "e/f"}]})
    assert set(load_health(tmp_path)) == {"a/b", "e/f"}


@pytest.mark.parametrize("record, message", HOSTILE, ids=[m for _, m in HOSTILE])
def test_every_value_is_checked_and_named(tmp_path: Path, record: object, message: str) -> None:
    write_health(tmp_path, {"version": 1, "repos": [GOOD, record]})
    with pytest.raises(HealthDataError) as error:
        load_health(tmp_path)
    assert f"{HEALTH_FILE} is not valid (repos.1: {message}" in str(error.value)


@pytest.mark.parametrize("document", DOCUMENTS, ids=["mapping", "list", "string", "deep", "repeated"])
def test_a_document_of_the_wrong_shape_is_refused(tmp_path: Path, document: str) -> None:
    write_health(tmp_path, document)
    with pytest.raises(HealthDataError, match="is not valid"):
        load_health(tmp_path)


@pytest.mark.parametrize("record, message", [HOSTILE[0], HOSTILE[4], HOSTILE[8], HOSTILE[12], HOSTILE[24]],
                         ids=["repo-number", "naive-time", "future", "licence-number", "renamed-elsewhere"])
@pytest.mark.parametrize("command", [["validate"], ["build"], ["links", "--no-cache"], ["meta", "--dry-run"]])
def test_commands_report_bad_values_instead_of_crashing(coded: Path, record: dict, message: str, command: list[str]) -> None:
    write_health(coded, {"version": 1, "repos": [record]})
    result = run_cli(coded, *command)
    assert result.returncode == 1, result.stderr
    assert f"{HEALTH_FILE} is not valid (repos.0: {message}" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_record_from_the_future_is_no_verdict_and_no_fix(coded: Path) -> None:
    """A record dated 2099 would be fresh for ever: `links` would call the repository renamed
    without a request, and --fix-redirects write the planted address into the entry."""
    planted = {**RENAMED, "fetched_at": "2099-01-01T00:00:00Z", "url": "https://github.com/c/d"}
    write_health(coded, {"version": 1, "repos": [planted]})
    before = (coded / SPEECHGPT).read_bytes()
    result = run_cli(coded, "links", "--no-cache", "--fix-redirects")
    assert result.returncode == 1 and "is in the future" in result.stderr
    assert (coded / SPEECHGPT).read_bytes() == before


def test_a_record_dated_this_minute_is_fine(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    write_health(tmp_path, {"repos": [{**GOOD, "fetched_at": "2026-12-01T12:30:00Z", "last_commit": "2026-12-01"}]})
    assert load_health(tmp_path, now)["a/b"].fetched_at == "2026-12-01T12:30:00Z"
    write_health(tmp_path, {"repos": [{**GOOD, "fetched_at": "2026-12-01T14:00:00Z"}]})
    with pytest.raises(HealthDataError, match="in the future"):
        load_health(tmp_path, now)


# item 10: the data file is read with the entry files' guards


def test_a_fifo_as_the_health_file_does_not_hang(coded: Path) -> None:
    (coded / "data").mkdir()
    os.mkfifo(coded / HEALTH_FILE)
    for command in (["validate"], ["links", "--no-cache"], ["meta", "--dry-run"]):
        result = subprocess.run([sys.executable, "-m", "generator", "--root", str(coded), *command],
                                capture_output=True, text=True, timeout=60, cwd=coded, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert result.returncode == 1, (command, result.stderr)
        assert f"{HEALTH_FILE} is not a regular file" in result.stderr


def test_a_health_file_linked_out_of_the_repository_is_not_followed(coded: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"repos": [GOOD]}), encoding="utf-8")
    (coded / "data").mkdir()
    (coded / HEALTH_FILE).symlink_to(outside)
    result = run_cli(coded, "validate")
    assert result.returncode == 1 and f"{HEALTH_FILE} is a symbolic link" in result.stderr
    (coded / HEALTH_FILE).unlink()
    (coded / "data").rmdir()
    (coded / "data").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "repo-health.json").write_text(json.dumps({"repos": [GOOD]}), encoding="utf-8")
    result = run_cli(coded, "validate")
    assert result.returncode == 1 and f"{HEALTH_FILE} is outside the list's folder" in result.stderr


def test_a_huge_health_file_is_refused(tmp_path: Path) -> None:
    write_health(tmp_path, '{"repos": []' + " " * (17 * 1024 * 1024) + "}")
    with pytest.raises(HealthDataError, match="larger than 16 MiB"):
        load_health(tmp_path)


def test_every_data_file_behind_a_linked_data_folder_is_refused(coded: Path, tmp_path: Path) -> None:
    """The curators' data files (read by the content rules) are read with the same guard."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(REPO / "data", elsewhere)
    (coded / "data").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli(coded, "validate")
    assert result.returncode == 1
    for name in ("text-fingerprints.txt", "source-hosts.yml"):
        assert f"data/{name}:1: file: is outside the list's folder" in result.stderr, result.stderr
