"""Problems found while loading or validating, and the ways they are reported."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from generator.lib.text import github_escape, shown

ERROR, WARNING = "error", "warning"
"""Severities: an error fails a run; a warning is shown and fails nothing."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a human must fix: where it is, which field, what is wrong and how to fix it, and
    the rule (generator.core.rules) that found it, with that rule's severity."""

    path: str
    line: int
    field: str
    message: str
    rule: str
    severity: str = ERROR

    def as_text(self) -> str:
        """`path:line: field: message [rule]`, the format every tool and editor understands, on one line
        (`[rule, warning]` for a warning).

        Names and values typed by a user reach the terminal with control characters escaped: a
        key cannot clear the screen, plant a terminal link or forge a line for another file.
        """
        tag = self.rule if self.severity == ERROR else f"{self.rule}, {self.severity}"
        return shown(f"{self.path}:{self.line}: {self.field}: {self.message} [{tag}]")

    def as_github(self) -> str:
        """A GitHub Actions `::error` (or `::warning`) annotation on the file and line, titled by field and rule."""
        message = github_escape(shown(self.message), data=True)
        return (
            f"::{self.severity} file={github_escape(shown(self.path))},line={self.line},"
            f"title={github_escape(shown(f'{self.field} [{self.rule}]'))}::{message}"
        )


def line_of(positions: Mapping[str, int], key: str) -> int:
    """Line of a dotted key (`links.code`, `tasks.1`), else of its nearest parent, else 1."""
    while key:
        if key in positions:
            return positions[key]
        key = key.rpartition(".")[0]
    return 1


def format_problems(problems: list[Problem], fmt: str) -> str:
    """Render problems as `text`, `github` (annotations) or `json`."""
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.as_github() for p in ordered)
    return "\n".join(p.as_text() for p in ordered)


def count_line(problems: list[Problem]) -> str:
    """`2 error(s) and 1 warning(s) in 3 file(s)`: the last line of every report."""
    found = [f"{n} {what}" for what, n in (("error(s)", sum(p.severity == ERROR for p in problems)),
                                            ("warning(s)", sum(p.severity != ERROR for p in problems))) if n]
    return f"{' and '.join(found) or 'no problem'} in {len({p.path for p in problems})} file(s)"
