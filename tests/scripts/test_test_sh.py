"""scripts/test.sh fails when the suite or a gate fails, with what failed shown (its steps are timed,
and a timed step must not hide its status)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

STUB = "#!/bin/sh\n{body}\n"


def project(tmp_path: Path, failing: str = "") -> Path:
    """test.sh in a folder whose installers do nothing and whose tools only say their name; the tool
    named `failing` (tools: the installer of the linters and the browser; pytest, mypy, benchmark or
    versions) exits 1."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "test.sh", tmp_path / "scripts" / "test.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("true\n", encoding="utf-8")
    (tmp_path / "scripts" / "install-tools.sh").write_text("echo npm said no\nexit 1\n" if failing == "tools" else "true\n",
                                                       encoding="utf-8")
    (tmp_path / "scripts" / "python-versions.sh").write_text(
        "echo versions ran\n" + ("exit 1\n" if failing == "versions" else ""), encoding="utf-8")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    tools = {
        "ruff": "echo ruff ran",
        "mypy": "echo mypy ran" + ("; exit 1" if failing == "mypy" else ""),
        "python": ('case "$*" in *pytest*) echo pytest ran{p};; *build_benchmark*) echo benchmark ran{b};; esac'
                   .format(p="; exit 1" if failing == "pytest" else "", b="; exit 1" if failing == "benchmark" else "")),
    }
    for name, body in tools.items():
        (bin_dir / name).write_text(STUB.format(body=body), encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return tmp_path


def run(root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "AWESOME_LAM_REQUIRE_TOOLS")}
    return subprocess.run(["bash", str(root / "scripts" / "test.sh")], capture_output=True, text=True, env=env, timeout=60)


def test_everything_passing_passes(tmp_path: Path) -> None:
    result = run(project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    for ran in ("ruff ran", "pytest ran", "mypy ran", "benchmark ran", "versions ran", "everything passed"):
        assert ran in result.stdout


@pytest.mark.parametrize("failing", ["tools", "pytest", "mypy", "benchmark", "versions"])
def test_a_failing_step_fails_the_run_and_says_which(tmp_path: Path, failing: str) -> None:
    result = run(project(tmp_path, failing))
    assert result.returncode == 1, result.stdout
    assert "everything passed" not in result.stdout
    said = {"tools": "installing the linters and the browser failed", "pytest": "the test suite failed"}.get(failing, "a gate failed")
    assert said in result.stdout, result.stdout
    if failing == "tools":
        assert "npm said no" in result.stdout and "pytest ran" not in result.stdout
