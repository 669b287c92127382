"""What a run tells a person on stderr: status, details, and progress that a CI log can follow."""

from __future__ import annotations

import io

import pytest

from generator.lib.console import Console
from generator.lib.errors import UsageError


def test_status_details_and_errors_by_verbosity() -> None:
    for verbosity, shown in ((-1, ["error"]), (0, ["say", "error"]), (1, ["say", "detail", "error"])):
        stream = io.StringIO()
        out = Console("awesome-lam links", verbosity, stream)
        out.say("say")
        out.detail("detail")
        out.error("error")
        assert stream.getvalue().splitlines() == [f"awesome-lam links: {word}" for word in shown]


def test_text_from_outside_cannot_steer_the_terminal() -> None:
    stream = io.StringIO()
    Console("awesome-lam", 0, stream).error("a\x1b[2J\nforged line")
    assert stream.getvalue() == "awesome-lam: a\\x1b[2J\\x0aforged line\n"


def test_progress_in_a_log_is_a_line_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWESOME_LAM_PROGRESS_SECONDS", "0")
    stream = io.StringIO()
    with Console("awesome-lam meta", 0, stream).progress(4, "repositorie") as step:
        for _ in range(4):
            step()
    lines = stream.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == [f"awesome-lam meta: {n} of 4 repositories ({n * 25}%)" for n in (1, 2, 3)]
    assert all(line.endswith(" s") for line in lines)


def test_progress_is_silent_when_quiet_or_when_the_interval_has_not_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setenv("AWESOME_LAM_PROGRESS_SECONDS", "0")
    with Console("x", -1, stream).progress(3, "URL") as step:
        step()
    monkeypatch.setenv("AWESOME_LAM_PROGRESS_SECONDS", "3600")
    with Console("x", 0, stream).progress(3, "URL") as step:
        step()
    assert stream.getvalue() == ""


@pytest.mark.parametrize("value", ["soon", "-1", "1e9"])
def test_a_bad_progress_interval_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("AWESOME_LAM_PROGRESS_SECONDS", value)
    with pytest.raises(UsageError, match="AWESOME_LAM_PROGRESS_SECONDS"):
        with Console("x", 0, io.StringIO()).progress(3, "URL"):
            pass
