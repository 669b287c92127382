"""The engine that runs the rules: an entry file through the schema and every entry rule, the list
through every list rule; an entry's `ignore:` silences the rules it names, with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from generator.core.checks import MAX_SLUG, SLUG_RE, slugify
from generator.core.evidence import Evidence
from generator.core.load import Document
from generator.core.rules import catalog, content, entry, files, registry
from generator.core.rules.fields import check_fields
from generator.core.rules.registry import RULES, Rule
from generator.core.rules.subjects import Draft, Listing
from generator.lib.text import suggest
from generator.model.entry import Entry
from generator.model.problems import ERROR, Problem
from generator.model.taxonomy import Taxonomy

RULE_MODULES = (files, entry, content, catalog)
"""The modules whose rules this engine runs (the loader and the data files check the others)."""


def all_rules() -> list[Rule]:
    """Every rule, in the order of `awesome-lam rules`: checked first, listed first."""
    return list(registry.RULES.values())


def entry_location(rel: str, taxonomy: Taxonomy) -> tuple[str, str] | str:
    """(section, id) from `entries/<section>/<id>.md`, or the problem message."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "entries":
        return "must be at entries/<section>/<id>.md, in a folder named after its section: " + ", ".join(taxonomy.section_ids)
    section, name = parts[1], parts[2][: -len(".md")]
    if section not in taxonomy.section_ids:
        return f"is in folder '{section}', which is not a section{suggest(section, taxonomy.section_ids)}"
    if not SLUG_RE.match(name) or len(name) > MAX_SLUG:
        return (
            f"file name '{name}.md' is not a valid id: use lowercase letters, digits and single hyphens "
            f"(e.g. '{slugify(name) or 'my-model'}.md')"
        )
    return section, name


def validate_entry(doc: Document, taxonomy: Taxonomy, evidence: Evidence, today: dt.date) -> Entry | None:
    """Check one parsed entry against the schema and every entry rule; problems go to `doc.problems`
    (warnings too), and the Entry comes back when no error is left."""
    location = entry_location(doc.path, taxonomy)
    if isinstance(location, str):
        doc.problem(files.LOCATION, "", location)
        return None
    section_id, entry_id = location
    if doc.data is None:
        return None
    values, summary = check_fields(doc, taxonomy, today)
    draft = Draft(doc, taxonomy.section(section_id), values, taxonomy, evidence)
    for rule, check in _scoped("entry"):
        for key, message in check(draft):
            line = doc.body_line if key == "summary" else doc.line_of(key)
            doc.problems.append(rule.problem(doc.path, line, key, message))
    ignored = values.get("ignore")
    if ignored and doc.problems:
        doc.problems[:] = [p for p in doc.problems if p.rule not in ignored]
    if summary is None or any(p.severity == ERROR for p in doc.problems):
        return None
    values.setdefault("code", "released" if "code" in values["links"] else "unknown")
    return Entry(id=entry_id, path=doc.path, section=section_id, summary=summary, positions=dict(doc.positions), **values)


def list_problems(listing: Listing) -> list[Problem]:
    """Every list rule's problems, but those an entry's `ignore:` silences on its own file."""
    ignored = {e.path: e.ignore for e in listing.entries if e.ignore}
    found: list[Problem] = []
    for rule, check in _scoped("list"):
        found += [rule.problem(*finding) for finding in check(listing) if rule.id not in ignored.get(finding[0], ())]
    return found


@cache
def _scoped(scope: str) -> tuple[tuple[Rule, Callable[[Any], Iterable[tuple[Any, ...]]]], ...]:
    """The rules of a scope with their checks (the registry is complete once this module is imported)."""
    return tuple((rule, rule.check) for rule in RULES.values() if rule.scope == scope and rule.check is not None)

