"""Writing generated files: atomically, all-or-nothing, and comparing for `check`."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
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


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)


class Unreadable(Exception):
    """A file the tools must not or cannot read; the message says why, e.g. `is a symbolic link; ...`
    (without the file's name: the caller names it as its users know it)."""


def read_guarded(path: Path, limit: int, root: Path | None = None) -> bytes:
    """At most `limit + 1` bytes of the regular file `path` (more than `limit` means too large).

    The one way the tools read a file of the list, a data file or a cache: not through a symbolic
    link (it could pull in any file of the machine), not out of `root` through a linked folder, and
    opened without blocking, then checked, so a FIFO or device in its place cannot hang a command.
    FileNotFoundError when there is no such file; Unreadable for anything else that stops reading.
    """
    if root is not None and not _inside(path, root):
        raise Unreadable("is outside the list's folder (a folder on its way is a symbolic link); "
                         "data files must be regular files in the repository")
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW | _NON_BLOCKING)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP or (not _NO_FOLLOW and path.is_symlink()):
            raise Unreadable("is a symbolic link; entries and data files must be regular files") from None
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    try:
        if not _NO_FOLLOW and path.is_symlink():  # pragma: no cover - systems without O_NOFOLLOW
            raise Unreadable("is a symbolic link; entries and data files must be regular files")
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Unreadable("is not a regular file; entries and data files are plain text files")
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _inside(path: Path, root: Path) -> bool:
    """Whether the folder of `path`, links resolved, is `root` or under it."""
    folder = path.parent
    try:
        seen = os.lstat(folder)
    except OSError:
        return _resolved_inside(folder, root)
    return _folder_inside(folder, root, (seen.st_dev, seen.st_ino, seen.st_mode, seen.st_ctime_ns))


@lru_cache(maxsize=256)
def _folder_inside(folder: Path, root: Path, identity: tuple[int, int, int, int]) -> bool:
    """`_resolved_inside`, once per folder as it is now (`identity`: the device, inode, type and
    change time of what the path leads to, which change when it or a folder above it is replaced,
    moved or linked elsewhere; an inode alone is reused): a list's thousands of entries share a few
    dozen folders, and resolving walks every component of the path."""
    return _resolved_inside(folder, root)


def _resolved_inside(folder: Path, root: Path) -> bool:
    try:
        return folder.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False


def database_in_the_way(path: Path) -> Path | None:
    """The first of an SQLite database's files (the database, its -wal and -shm) that exists and is
    not a regular file (a FIFO, a link, a device, a folder), or None. SQLite would open such a file,
    follow the link or block on the FIFO: a cache must not be opened while one is there."""
    for candidate in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        try:
            mode = os.lstat(candidate).st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return candidate
        if not stat.S_ISREG(mode):
            return candidate
    return None


MAX_OUTPUT_BYTES = 64 * 1024 * 1024
"""Largest generated file compared with its new text; a larger one is simply written again."""


def read_or_none(path: Path, limit: int = MAX_OUTPUT_BYTES) -> str | None:
    """The text of a regular file of at most `limit` bytes, or None (missing, a link, a FIFO, not UTF-8)."""
    try:
        raw = read_guarded(path, limit)
        return None if len(raw) > limit else raw.decode("utf-8")
    except (OSError, Unreadable, UnicodeDecodeError):
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
