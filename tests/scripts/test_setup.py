"""scripts/setup.sh installs once: pip runs again only for a changed pyproject.toml or a new extra."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO


def project(tmp_path: Path) -> Path:
    """A project folder with setup.sh and a .venv whose python only logs how pip was called."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/../../pip.log"\n', encoding="utf-8")
    python.chmod(0o755)
    return tmp_path


def setup(root: Path, *extras: str) -> list[str]:
    """Run setup.sh with `extras`; the pip installs of the project it made."""
    log = root / "pip.log"
    log.unlink(missing_ok=True)
    subprocess.run(["bash", str(root / "scripts" / "setup.sh"), *extras], check=True, env={**os.environ, "PYTHON": "false"})
    return [line for line in log.read_text().splitlines() if "--editable" in line] if log.exists() else []


def test_setup_installs_once_and_again_only_when_needed(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert setup(root, "site") == ["-m pip install --quiet --editable .[site]"]
    assert setup(root, "site") == []  # nothing changed: no pip, no warning
    assert setup(root) == []
    assert setup(root, "test") == ["-m pip install --quiet --editable .[site,test]"]  # keeps what is installed
    assert setup(root, "site") == []
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n", encoding="utf-8")
    assert setup(root, "site") == ["-m pip install --quiet --editable .[site]"]
