"""The generated README is a proper awesome list: awesome-lint and markdownlint-cli2 report nothing."""

from __future__ import annotations

import os
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
    for name in ("README.md", "CONTRIBUTING.md", "LICENSE", ".markdownlint-cli2.jsonc"):
        shutil.copy(REPO / name, repo / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-C", str(repo)]
    for args in (["init", "-q", "-b", "main"], ["remote", "add", "origin", "https://github.com/EmulationAI/awesome-large-audio-models.git"],
                 ["add", "-A"], ["commit", "-q", "-m", "list"], ["config", "branch.main.remote", "origin"]):
        subprocess.run(git + args, check=True, capture_output=True)
    return repo


def test_awesome_lint_reports_no_errors(published: Path) -> None:
    result = subprocess.run([str(tool("awesome-lint")), "README.md"], cwd=published, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "✖" not in output, output


def test_markdownlint_reports_nothing(published: Path) -> None:
    result = subprocess.run(
        [str(tool("markdownlint-cli2")), "README.md", "CONTRIBUTING.md"], cwd=published, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Summary: 0 issues" in result.stdout + result.stderr
