"""What the tools tell a person on stderr: status lines (hidden by --quiet), details (shown by
--verbose), and progress of long runs: a bar on a terminal, a line every few seconds in a log.

Everything printed goes through `shown`, so text from entries or servers cannot steer the terminal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from generator.lib.errors import UsageError
from generator.lib.text import shown

PROGRESS_SECONDS = 15.0
"""Seconds between two progress lines when stderr is not a terminal (AWESOME_LAM_PROGRESS_SECONDS)."""


class Console:
    """Messages of one command run, prefixed with the program name (`awesome-lam links:`)."""

    def __init__(self, prefix: str = "awesome-lam", verbosity: int = 0, stream: TextIO | None = None) -> None:
        self.prefix = prefix
        self.verbosity = verbosity  # -1 quiet, 0 normal, 1 verbose
        self._stream = stream

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stderr  # looked up late: tests and callers may redirect stderr

    def _print(self, message: str) -> None:
        print(shown(f"{self.prefix}: {message}"), file=self.stream)

    def say(self, message: str) -> None:
        """A status line: what was done (hidden by --quiet)."""
        if self.verbosity >= 0:
            self._print(message)

    def detail(self, message: str) -> None:
        """A line only --verbose shows."""
        if self.verbosity > 0:
            self._print(message)

    def error(self, message: str) -> None:
        """A problem the user must see, whatever the verbosity."""
        self._print(message)

    @contextmanager
    def progress(self, total: int, unit: str) -> Iterator[Callable[[], None]]:
        """A callable to call once per item done. On a terminal: a bar; elsewhere (a CI log): a line
        every PROGRESS_SECONDS, so a long run's log shows where it is. Nothing with --quiet."""
        if self.verbosity < 0 or total == 0:
            yield lambda: None
            return
        if self.stream.isatty() and not os.environ.get("CI"):
            from tqdm import tqdm  # here: only long runs on a terminal pay for it

            with tqdm(total=total, unit=unit, desc=self.prefix.rpartition(" ")[2], leave=False, file=self.stream) as bar:
                yield bar.update
            return
        interval = _seconds_from_environment()
        started = last = time.monotonic()
        done = 0

        def step() -> None:
            nonlocal done, last
            done += 1
            now = time.monotonic()
            if now - last >= interval and done < total:
                last = now
                self._print(f"{done} of {total} {unit}s ({done * 100 // total}%), {now - started:.0f} s")

        yield step


def _seconds_from_environment() -> float:
    raw = os.environ.get("AWESOME_LAM_PROGRESS_SECONDS", "")
    if not raw:
        return PROGRESS_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise UsageError(f"AWESOME_LAM_PROGRESS_SECONDS={raw!r}: give a number of seconds from 0 to 86400")
    return seconds
