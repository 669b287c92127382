"""The rule registry: every check of the list has an id, a severity and a one-line description.

A rule is declared once, where it is checked, with `rule(...)`; the declaration is what
`awesome-lam rules` lists, what CONTRIBUTING.md shows, what `validate --select/--ignore` and an
entry's `ignore:` name, and what every problem carries (its `rule`). Each rule has fixtures under
tests/core/rules/fixtures/<id>/: a list that breaks it and one that keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.model.problems import ERROR, WARNING, Problem

SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Rule:
    """One check: `id` (kebab-case), `severity` (error fails a run, warning is shown), `description`
    (one line, what a list that keeps the rule looks like), and whether an entry may silence it
    with a reason (`ignore: {id: reason}`); rules that keep files readable and safe may not be."""

    id: str
    severity: str
    description: str
    ignorable: bool = True
    scope: str = ""  # "entry": check(Draft) yields (key, message); "list": check(Listing) yields (path, line, field, message)
    check: Callable[[Any], Iterable[tuple[Any, ...]]] | None = field(default=None, compare=False, repr=False)

    def problem(self, path: str, line: int, field: str, message: str) -> Problem:
        """A problem this rule found at `path:line`, in `field`."""
        return Problem(path, line, field, message, self.id, self.severity)


RULES: dict[str, Rule] = {}
"""Every rule, by id, in the order they were declared."""


def rule(id: str, description: str, severity: str = ERROR, ignorable: bool = True, scope: str = "",
         check: Callable[[Any], Iterable[tuple[Any, ...]]] | None = None) -> Rule:
    """Declare a rule (once per id). Without a `check`, the rule is checked where it is declared
    (the loader, the field types); with one, core/validate.py runs it over each entry or the list."""
    assert id not in RULES, f"rule {id} is declared twice"
    assert severity in SEVERITIES, severity
    RULES[id] = declared = Rule(id, severity, description, ignorable, scope, check)
    return declared


def entry_rule(id: str, description: str, severity: str = ERROR, ignorable: bool = True) -> Callable[[Callable[[Any], Iterable[tuple[str, str]]]], Rule]:
    """Declare a rule checked on each entry: the function gets a `Draft` and yields (key, message)."""
    return lambda check: rule(id, description, severity, ignorable, "entry", check)


def list_rule(id: str, description: str, severity: str = ERROR, ignorable: bool = True) -> Callable[[Callable[[Any], Iterable[tuple[str, int, str, str]]]], Rule]:
    """Declare a rule checked on the whole list: the function gets a `Listing` and yields (path, line, field, message)."""
    return lambda check: rule(id, description, severity, ignorable, "list", check)


def unknown_rules(ids: Iterable[str]) -> list[str]:
    """The ids that name no rule."""
    return [rule_id for rule_id in ids if rule_id not in RULES]


def selected(problems: Iterable[Problem], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Problem]:
    """The problems of the selected rules (all when none is selected) that are not ignored."""
    chosen, dropped = set(select), set(ignore)
    return [p for p in problems if (not chosen or p.rule in chosen) and p.rule not in dropped]

