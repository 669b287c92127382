"""The generated README is a proper awesome list: awesome-lint and markdownlint-cli2 report nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

NODE_BIN = REPO / ".cache" / "node" / "node_modules" / ".bin"


def tool(name: str) -> Path:
    path = NODE_BIN / name
    if not path.exists():
        message = f"{name} is not installed; run `bash scripts/install-tools.sh`"
        if os.environ.get("AWESOME_LAM_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README as GitHub will hold it: a git repository whose remote is the list on GitHub."""
    repo = tmp_path_factory.mktemp("published")
    for name in ("README.md", "CONTRIBUTING.md", "MAINTAINING.md", "REFERENCE.md", "LICENSE", ".markdownlint-cli2.jsonc"):
        shutil.copy(REPO / name, repo / name)
    return publish(repo)


def publish(repo: Path) -> Path:
    """Make the folder `repo` a git repository whose remote is the list on GitHub."""
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-C", str(repo)]
    for args in (["init", "-q", "-b", "main"], ["remote", "add", "origin", "https://github.com/EmulationAI/awesome-large-audio-models.git"],
                 ["add", "-A"], ["commit", "-q", "-m", "list"], ["config", "branch.main.remote", "origin"]):
        subprocess.run(git + args, check=True, capture_output=True)
    return repo


def documented_settings() -> dict[str, object]:
    """The repository's About settings as MAINTAINING.md tells a maintainer to set them."""
    text = (REPO / "MAINTAINING.md").read_text(encoding="utf-8")
    description = re.search(r"^ *- Description: `([^`]+)`$", text, re.M)
    website = re.search(r"^ *- Website: `([^`]+)`$", text, re.M)
    topics = re.search(r"^ *- Topics: (.+)$", text, re.M)
    assert description and website and topics, "MAINTAINING.md lists Description, Website and Topics"
    return {"description": description.group(1), "homepage": website.group(1),
            "topics": re.findall(r"`([^`]+)`", topics.group(1)), "license": {"spdx_id": "CC0-1.0"}}


def awesome_lint(published: Path, tmp_path: Path, settings: dict[str, object]) -> str:
    """awesome-lint on the README, api.github.com answered with `settings` (never the network)."""
    answer = tmp_path / "repository.json"
    answer.write_text(json.dumps(settings), encoding="utf-8")
    env = {**os.environ, "FAKE_GITHUB_API": str(answer),
           "NODE_OPTIONS": f"--import={(REPO / 'tests' / 'fake_github_api.mjs').as_uri()}"}
    result = subprocess.run([str(tool("awesome-lint")), "README.md"], cwd=published, capture_output=True, text=True,
                            timeout=300, env=env)
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


@pytest.mark.slow
def test_awesome_lint_reports_no_errors(published: Path, tmp_path: Path) -> None:
    output = awesome_lint(published, tmp_path, documented_settings())
    assert output.startswith("exit 0\n"), output
    assert "✖" not in output, output


@pytest.mark.slow
def test_awesome_lint_checks_the_documented_github_settings_offline(tmp_path: Path) -> None:
    """The awesome-github rule does run (on the stand-in answer): without the topics it fails. (A
    short README: the rule reads the repository's settings, not the list.)"""
    repo = tmp_path / "published"
    repo.mkdir()
    shutil.copy(REPO / "LICENSE", repo / "LICENSE")
    (repo / "README.md").write_text("# Awesome Large Audio Models [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
                                    "> Large audio models.\n\n## Contents\n\n- [Models](#models)\n\n## Models\n\n"
                                    "- [Jukebox](https://openai.com/research/jukebox) - A music model.\n", encoding="utf-8")
    settings = {**documented_settings(), "topics": []}
    output = awesome_lint(publish(repo), tmp_path, settings)
    assert not output.startswith("exit 0\n") and 'should have "awesome" as a GitHub topic' in output, output


@pytest.mark.slow
def test_markdownlint_reports_nothing(published: Path) -> None:
    result = subprocess.run(
        [str(tool("markdownlint-cli2")), "README.md", "CONTRIBUTING.md", "MAINTAINING.md", "REFERENCE.md"], cwd=published, capture_output=True, text=True,
        timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Summary: 0 issues" in result.stdout + result.stderr
