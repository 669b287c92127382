"""What is in the list's folder but cannot be an entry gets one clear line, never silence or a hang.

`validate` on a folder reports the folder's files; an unreadable section folder, `X.MD`, a FIFO
or folder named like an entry, a README.md that is a folder: each is a problem with a fix.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.core import load
from generator.core.catalog import InvalidList, load_catalog
from generator.model.problems import Problem
from tests.conftest import entry_text, problem_lines, run_cli, run_process

HOME = "entries/foundation-models"
BROKEN = "---\ntitle: Broken\n---\nA summary.\n"


def test_validate_a_folder_reports_the_broken_entry_inside(lam_root: Path, write_entry) -> None:
    write_entry(f"{HOME}/speechgpt.md", entry_text())
    write_entry(f"{HOME}/broken.md", BROKEN)
    result = run_cli(lam_root, "validate", HOME)
    assert result.returncode == 1
    assert f"{HOME}/broken.md:1: file: missing required key 'kind'" in result.stderr
    assert "valid" not in problem_lines(result.stderr)[-1]


def test_validate_a_clean_folder_counts_its_files(lam_root: Path, write_entry) -> None:
    write_entry(f"{HOME}/speechgpt.md", entry_text())
    write_entry(f"{HOME}/broken.md", BROKEN)
    result = run_cli(lam_root, "validate", "entries/surveys")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "awesome-lam: 1 file(s) valid"


def test_validate_a_file_ignores_a_broken_other_file(lam_root: Path, write_entry) -> None:
    """One bad entry never stops commands about other files, whatever its fault (here a typed value)."""
    write_entry(f"{HOME}/speechgpt.md", entry_text())
    write_entry(f"{HOME}/bad.md", entry_text(date="2023-02-30", title='"Another"', arxiv=None, links="\n  paper: https://e.org/x"))
    result = run_cli(lam_root, "validate", f"{HOME}/speechgpt.md")
    assert result.returncode == 0, result.stderr
    everything = run_cli(lam_root, "validate")
    assert everything.returncode == 1 and "internal error" not in everything.stderr
    assert f"{HOME}/bad.md:5: date: '2023-02-30' is not a valid date" in everything.stderr


def test_an_unreadable_folder_is_a_problem_not_a_missing_section(lam_root: Path, write_entry, monkeypatch) -> None:
    write_entry(f"{HOME}/speechgpt.md", entry_text())
    real_scandir = os.scandir

    def scandir(path):  # what a folder without read permission does (root, as in CI, can read anything)
        if str(path).endswith(HOME):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(load.os, "scandir", scandir)
    with pytest.raises(InvalidList) as raised:
        load_catalog(lam_root)
    assert Problem(HOME, 1, "folder", "cannot be read (Permission denied); fix its permissions so its entries are listed", "file") in raised.value.problems


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder; the monkeypatched test above covers it")
def test_an_unreadable_folder_fails_the_build(lam_root: Path, write_entry) -> None:
    write_entry(f"{HOME}/speechgpt.md", entry_text())
    (lam_root / HOME).chmod(0)
    try:
        result = run_cli(lam_root, "build")
    finally:
        (lam_root / HOME).chmod(0o755)
    assert result.returncode == 1
    assert f"{HOME}:1: folder: cannot be read (Permission denied)" in result.stderr
    assert not (lam_root / "README.md").exists()


def test_a_folder_named_readme_stops_the_build_with_a_clear_line(lam_root: Path, write_entry) -> None:
    write_entry(f"{HOME}/speechgpt.md", entry_text())
    (lam_root / "README.md").mkdir()
    result = run_cli(lam_root, "build")
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        "awesome-lam: cannot write README.md: it is a folder, link or special file; remove it and build again"
    )
    assert not (lam_root / "CONTRIBUTING.md").exists()  # nothing written when one target is in the way


def test_a_fifo_data_file_does_not_hang(lam_root: Path) -> None:
    taxonomy = lam_root / "entries" / "taxonomy.yml"
    taxonomy.unlink()
    os.mkfifo(taxonomy)
    result = run_process(lam_root, "validate")  # a real process: if the FIFO hung it, its timeout would say so
    assert result.returncode == 1
    assert problem_lines(result.stderr)[0] == "entries/taxonomy.yml:1: file: is not a regular file; entries and data files are plain text files"


SECTION = "entries/music"


def _music_elsewhere(lam_root: Path) -> Path:
    """A folder of music entries outside the list."""
    elsewhere = lam_root.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "musiclm.md").write_text(entry_text(), encoding="utf-8")
    return elsewhere


@pytest.mark.parametrize("shape", ["link to a folder", "dangling link", "file", "fifo"])
def test_a_section_that_is_not_a_real_folder_is_a_problem(lam_root: Path, shape: str) -> None:
    """A section the taxonomy names is a real folder: a link to one, a file or a FIFO in its place
    used to drop the whole section without a word (and a FIFO must not hang the scan)."""
    target = lam_root / SECTION
    if shape == "link to a folder":
        os.symlink(_music_elsewhere(lam_root), target)
    elif shape == "dangling link":
        os.symlink(lam_root / "nowhere", target)
    elif shape == "file":
        target.write_text(entry_text(), encoding="utf-8")
    else:
        os.mkfifo(target)
    result = run_process(lam_root, "validate")
    assert result.returncode == 1, result.stderr
    kind = "a symbolic link" if "link" in shape else "not a folder"
    assert problem_lines(result.stderr)[0] == (
        f"{SECTION}:1: folder: is {kind}; the section 'music' of entries/taxonomy.yml is the real folder {SECTION}/ holding its entries"
    )
    build = run_cli(lam_root, "build")
    assert build.returncode == 1 and not (lam_root / "README.md").exists()


def test_a_linked_folder_inside_a_section_is_a_problem(lam_root: Path, write_entry) -> None:
    write_entry(f"{SECTION}/jukebox.md", entry_text(title='"Jukebox"', name="Jukebox", arxiv=None, links="\n  paper: https://e.org/j"))
    os.symlink(_music_elsewhere(lam_root), lam_root / SECTION / "more")
    result = run_cli(lam_root, "validate")
    assert result.returncode == 1
    assert f"{SECTION}/more:1: folder: is a symbolic link; folders under entries/ are real folders (links are not followed)" in result.stderr


def test_a_missing_section_folder_is_an_empty_section(lam_root: Path) -> None:
    assert not (lam_root / SECTION).exists()
    assert run_cli(lam_root, "validate").returncode == 0
