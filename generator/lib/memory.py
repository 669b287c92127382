"""Memory management for batch work that builds many objects and keeps them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch builds objects that all stay alive (the
    catalog of thousands of entries, the documents made from it): the collector would walk them
    again and again and free nothing. Reference counting still frees everything else at once, and
    the collector resumes afterwards. Usable as a decorator (`@collector_paused()`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
