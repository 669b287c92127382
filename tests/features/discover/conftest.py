"""Fixtures of the `awesome-lam discover` tests: a fake arXiv API holding a week of papers, and the
command run in-process against it (its pauses recorded, not slept)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import main
from generator.features.discover import command, feed
from tests.features.discover.fake_listing import FakeListing, Listed

UNTIL = dt.date(2026, 12, 7)
SINCE = UNTIL - dt.timedelta(days=8)
WINDOW = ("--since", SINCE.isoformat(), "--until", UNTIL.isoformat())


def paper(number: int, day: dt.date = UNTIL, title: str = "", summary: str = "", categories: tuple[str, ...] = ("cs.SD",)) -> Listed:
    """Paper 2612.<number>: by default an unremarkable one of the audio categories."""
    return Listed(f"2612.{number:05d}", title or f"Paper number {number} on acoustic scene analysis",
                  summary or f"We study sound event detection in setting {number} with convolutional networks.", day,
                  categories=categories)


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    pauses: list[float] = field(default_factory=list)


@pytest.fixture
def listing() -> Iterator[FakeListing]:
    server = FakeListing([]).start()
    yield server
    server.stop()


@pytest.fixture
def discover(lam_root: Path, listing: FakeListing, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `awesome-lam discover ARGS` (the window of WINDOW unless ARGS give one) on the temporary list."""
    monkeypatch.setenv("AWESOME_LAM_ARXIV_API", listing.url)

    def run(*argv: str, window: bool = True) -> Result:
        pauses: list[float] = []
        monkeypatch.setattr(command, "harvest", functools.partial(feed.harvest, sleep=pauses.append))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(["--root", str(lam_root), "discover", *(WINDOW if window else ()), *argv])
            except SystemExit as exc:  # argparse's usage errors
                code = int(exc.code or 0)
        return Result(code, out.getvalue(), err.getvalue(), pauses)

    return run


Discover = Callable[..., Result]
