"""collector_paused: the cycle collector is off inside, and as it was after, whatever happens."""

from __future__ import annotations

import gc

import pytest

from generator.lib.memory import collector_paused


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_paused_inside_and_resumed_after() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not resume the outer one
    assert gc.isenabled()


def test_resumed_after_an_error() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_as_a_decorator_each_call_pauses() -> None:
    gc.enable()

    @collector_paused()
    def state() -> bool:
        return gc.isenabled()

    assert (state(), state(), gc.isenabled()) == (False, False, True)
