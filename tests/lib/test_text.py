"""Names and values typed by a user reach a terminal or a CI log with control characters escaped.

A key can neither clear the screen, plant a clickable terminal link, nor start a new line that
looks like a problem of another file.
"""

from __future__ import annotations

from pathlib import Path

from generator.lib.text import shown
from generator.model.problems import Problem, format_problems
from tests.conftest import entry_text, run_cli

CONTROL = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x1b[2J\r\n\x9b31m\u202e\u2028"


def test_shown_escapes_every_control_and_format_character() -> None:
    assert shown(CONTROL) == "\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07\\x1b[2J\\x0d\\x0a\\x9b31m\\u202e\\u2028"
    assert shown("Zhang Wei 张伟 Müller ü 🎵") == "Zhang Wei 张伟 Müller ü 🎵"


def test_every_text_format_is_one_line_per_problem() -> None:
    problems = [Problem(f"entries/a\n{CONTROL}.md", 3, f"key{CONTROL}", f"value {CONTROL}", "field-value")]
    for fmt in ("text", "github"):
        out = format_problems(problems, fmt)
        assert "\n" not in out and "\x1b" not in out and "\x9b" not in out and "\u202e" not in out, fmt


def test_a_key_cannot_forge_a_line_for_another_file(lam_root: Path, write_entry) -> None:
    forged = 'x\\nentries/surveys/sparks-of-large-audio-models.md:1: title'
    write_entry("entries/music/a.md", entry_text(**{f'"{forged}"': "1", "date": '"2023-05"'}))
    for fmt in ("text", "github"):
        result = run_cli(lam_root, "--format", fmt, "validate")
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if "sparks-of-large-audio-models.md" in line and not line.startswith(("entries/music/a.md:", "::error file=entries/music/a.md"))] == []
        assert "x\\x0aentries/surveys/sparks-of-large-audio-models.md" in result.stderr


def test_a_file_name_with_escapes_is_shown_escaped(lam_root: Path) -> None:
    result = run_cli(lam_root, "validate", "entries/\x1b[2Jmissing.md")
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\\x1b[2Jmissing.md" in result.stderr
