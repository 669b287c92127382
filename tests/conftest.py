"""Shared fixtures: temporary list roots with real taxonomy, and the CLI run in-process."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.evidence import Evidence, read_evidence
from tests.features.site.sitetools import CHROMIUM, CHROMIUM_ARGS, require_tools

REPO = Path(__file__).resolve().parents[1]
SURVEY = (REPO / "entries" / "surveys" / "sparks-of-large-audio-models.md").read_text(encoding="utf-8")



def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the expensive fixtures they use, so `-m` can select them. (Under pytest-xdist each
    worker starts one chromium, when its first browser test needs it.)"""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "built_site" in fixtures:
            item.add_marker(pytest.mark.site_build)
        if "chromium" in fixtures:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The entry cache (generator.core.entry_cache) of the tests' runs, and its signing key, live in
    folders of their own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))


def evidence_with(root: Path, data_file: str, text: str) -> tuple[Evidence, list[str]]:
    """What `read_evidence` reads from a root whose data file (`data/unconfirmed.yml`...) holds `text`,
    with its problems as `path:line: message`."""
    (root / data_file).parent.mkdir(parents=True, exist_ok=True)
    (root / data_file).write_text(text, encoding="utf-8")
    evidence, problems = read_evidence(root)
    return evidence, [f"{p.path}:{p.line}: {p.message}" for p in problems]


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
    """Run `awesome-lam --root ROOT ARGS` in this process, as the console script does, in ROOT, with
    `env` added to the environment (and GITHUB_ACTIONS taken out); its exit code and output.

    In-process, because an interpreter per call cost more than the tests themselves; the console
    script, `python -m generator` and killed or concurrent builds run as real processes in
    tests/test_cli.py and tests/test_build_safety.py.
    """
    argv = ["--root", str(root), *args]
    stdout, stderr = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.pop("GITHUB_ACTIONS", None)
    os.environ.update(env or {})
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: a usage error (2) or --help (0)
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["awesome-lam", *argv], code, stdout.getvalue(), stderr.getvalue())


def run_process(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator --root ROOT ARGS` as a real process (for what only a process shows:
    exit statuses, several builds at once, the interpreter's start)."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, env=full_env, cwd=root, timeout=120)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium, with Playwright to drive it (never Playwright's own browser download);
    the test skips without them, or fails when AWESOME_LAM_REQUIRE_TOOLS=1."""
    reason = ""
    try:
        import playwright  # noqa: F401
    except ImportError:
        reason = "the playwright Python package is not installed (pip install playwright)"
    if not reason and not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: the browser tests are skipped; to run them: sudo apt-get install --no-install-recommends chromium"
    if reason:
        if require_tools():
            pytest.fail(f"AWESOME_LAM_REQUIRE_TOOLS=1 but {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path):
    """One chromium for the session's synchronous browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused: 'offline')."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
