"""Shared fixtures: temporary list roots with real taxonomy, and the CLI run as a subprocess."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SURVEY = (REPO / "entries" / "surveys" / "sparks-of-large-audio-models.md").read_text(encoding="utf-8")



@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The entry cache (generator.core.entry_cache) of the tests' runs lives in a folder of their own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


def entry_text(**fields: str) -> str:
    """A valid entry; keyword arguments replace front-matter lines (value None drops the key)."""
    base = {
        "title": '"SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities"',
        "name": "SpeechGPT",
        "kind": "model",
        "date": '"2023-05"',
        "authors": "[Dong Zhang, Shimin Li, Xipeng Qiu]",
        "tasks": "[asr, tts, spoken-dialogue]",
        "links": "\n  paper: https://arxiv.org/abs/2305.11000",
        "arxiv": '"2305.11000"',
        "added": '"2026-11-26"',
    }
    summary = fields.pop("summary", "A LLaMA-based chat model that reads and writes discrete speech units.")
    modalities = fields.pop("modalities", "[speech, text]")
    base.update(fields)
    base["modalities"] = modalities  # last, so the other keys stay on the lines tests expect
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + summary + "\n"


@pytest.fixture
def lam_root(tmp_path: Path) -> Path:
    """A list root with the real taxonomy and list info and one survey entry."""
    root = tmp_path / "list"
    (root / "entries" / "surveys").mkdir(parents=True)
    for name in ("taxonomy.yml", "list.yml"):
        shutil.copy(REPO / "entries" / name, root / "entries" / name)
    shutil.copy(REPO / "entries" / "surveys" / "sparks-of-large-audio-models.md", root / "entries" / "surveys")
    return root


@pytest.fixture
def write_entry(lam_root: Path) -> Callable[[str, str | bytes], Path]:
    """Write an entry file (text or raw bytes) at a path relative to the root."""

    def write(rel: str, content: str | bytes) -> Path:
        path = lam_root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


TAG = re.compile(r" \[[a-z]+(?:-[a-z]+)*(?:, warning)?\]$")


def untagged(line: str) -> str:
    """A problem line without its rule tag (`... [summary]`): what most tests compare."""
    return TAG.sub("", line)


def problem_lines(text: str) -> list[str]:
    """The lines of an output, problem lines without their rule tags."""
    return [untagged(line) for line in text.splitlines()]


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator --root ROOT ARGS` and capture its output."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=root,
        timeout=120,
    )
