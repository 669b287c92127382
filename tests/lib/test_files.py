"""The guarded reader: a folder checked once per run is checked again when it is replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.lib.files import Unreadable, read_guarded


def test_a_folder_replaced_by_a_link_out_of_the_root_is_refused_though_read_before(tmp_path: Path) -> None:
    root, outside = tmp_path / "list", tmp_path / "elsewhere"
    (root / "entries" / "music").mkdir(parents=True)
    outside.mkdir()
    (root / "entries" / "music" / "a.md").write_text("inside", encoding="utf-8")
    (outside / "a.md").write_text("secret", encoding="utf-8")
    assert read_guarded(root / "entries" / "music" / "a.md", 100, root) == b"inside"  # the folder's check is remembered
    shutil.rmtree(root / "entries" / "music")
    (root / "entries" / "music").symlink_to(outside, target_is_directory=True)
    with pytest.raises(Unreadable, match="outside the list's folder"):
        read_guarded(root / "entries" / "music" / "a.md", 100, root)
    shutil.rmtree(root / "entries")  # a folder higher up replaced: the same
    (root / "entries").mkdir()
    (root / "entries" / "music").mkdir()
    (root / "entries" / "music" / "a.md").write_text("again", encoding="utf-8")
    assert read_guarded(root / "entries" / "music" / "a.md", 100, root) == b"again"
    shutil.rmtree(root / "entries")
    (root / "entries").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "music").mkdir()
    (tmp_path / "music" / "a.md").write_text("secret", encoding="utf-8")
    with pytest.raises(Unreadable, match="outside the list's folder"):
        read_guarded(root / "entries" / "music" / "a.md", 100, root)
