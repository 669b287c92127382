"""Writing generated files: atomically, all-or-nothing, and comparing for `check`."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.lib.errors import LamError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: atomic renames still keep files whole
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Output:
    """One generated file: where it goes (relative to the list root) and its text."""

    path: str
    text: str


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8, or bytes as they are) through a temporary file and a rename:
    readers see the old file or the new one, never a torn one. An existing file keeps its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Unwritable(LamError):
    """A generated file cannot be written; the message names it and says what to do."""


def write_outputs(root: Path, outputs: list[Output]) -> list[str]:
    """Write the outputs that changed; returns their paths. Nothing is written before all rendered,
    and nothing at all when one of the targets is in the way (a folder named README.md)."""
    changed = [o for o in outputs if read_or_none(root / o.path) != o.text]
    for output in changed:
        target = root / output.path
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise Unwritable(f"cannot write {output.path}: it is a folder, link or special file; remove it and build again")
    for output in changed:
        try:
            write_atomic(root / output.path, output.text)
        except OSError as exc:
            raise Unwritable(f"cannot write {output.path}: {exc.strerror or exc}") from None
    return [o.path for o in changed]


def stale_outputs(root: Path, outputs: list[Output]) -> list[str]:
    """Paths whose file on disk differs from what would be written."""
    return [o.path for o in outputs if read_or_none(root / o.path) != o.text]


def read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the list's build lock: concurrent builds run one after another, so the last one
    to write has also read the newest entries (renames alone keep files whole, not ordered).

    The lock is taken on the entries/ folder itself, so taking it writes nothing.
    """
    if fcntl is None:
        yield
        return
    fd = os.open(root / "entries", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
