"""scripts/setup.sh installs once: the install runs again only for a changed pyproject.toml or a new extra."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO


def project(tmp_path: Path) -> Path:
    """A project folder with setup.sh and a .venv whose python and uv only log how they were called
    (python's pip, asked for uv, makes a logging uv)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    uv = python.parent / "uv"
    python.write_text(
        '#!/bin/sh\necho "python $*" >> "$(dirname "$0")/../../pip.log"\n'
        f'case "$*" in *"pip install"*uv*) printf \'#!/bin/sh\\necho "uv $*" >> "%s"\\n\' "$(dirname "$0")/../../pip.log" > {uv}; chmod +x {uv};; esac\n',
        encoding="utf-8",
    )
    python.chmod(0o755)
    return tmp_path


def setup(root: Path, *extras: str) -> list[str]:
    """Run setup.sh with `extras`; the installs it made (of uv, and of the project)."""
    log = root / "pip.log"
    log.unlink(missing_ok=True)
    subprocess.run(["bash", str(root / "scripts" / "setup.sh"), *extras], check=True, env={**os.environ, "PYTHON": "false"})
    return [line for line in log.read_text().splitlines() if "install" in line] if log.exists() else []


def test_setup_installs_once_and_again_only_when_needed(tmp_path: Path) -> None:
    root = project(tmp_path)
    uv = "python -m pip install --quiet --disable-pip-version-check uv>=0.9,<1"
    editable = "uv pip install --quiet --python .venv/bin/python --editable"
    assert setup(root, "site") == [uv, f"{editable} .[site]"]  # uv once, into .venv
    assert setup(root, "site") == []  # nothing changed: no install, no warning
    assert setup(root) == []
    assert setup(root, "test") == [f"{editable} .[site,test]"]  # keeps what is installed
    assert setup(root, "site") == []
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n", encoding="utf-8")
    assert setup(root, "site") == [f"{editable} .[site]"]
