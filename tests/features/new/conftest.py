"""Fixtures of the `awesome-lam new` tests: a fake arXiv API and the command run in-process."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.features.new.fake_arxiv import FakeArxiv


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def arxiv_api() -> Iterator[FakeArxiv]:
    server = FakeArxiv().start()
    yield server
    server.stop()


@pytest.fixture
def new(lam_root: Path, arxiv_api: FakeArxiv, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `awesome-lam new ARGS` on the temporary list, against the fake arXiv API.

    It runs in-process, through the command line's own `main`.
    """
    monkeypatch.setenv("AWESOME_LAM_ARXIV_API", arxiv_api.url)

    def run(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(["--root", str(lam_root), "new", *argv])
            except SystemExit as exc:  # argparse's usage errors
                code = int(exc.code or 0)
        return Result(code, out.getvalue(), err.getvalue())

    return run


TODAY = dt.date.today().isoformat()
