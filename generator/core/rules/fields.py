"""Rules on each front-matter key against the entry schema (core/schema.py, core/types.py), and the summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.core.checks import Invalid, Repeated
from generator.core.load import Document
from generator.core.rules.registry import rule
from generator.core.schema import FIELDS, FIELDS_BY_NAME
from generator.core.summary import check_summary
from generator.core.types import TYPES, Context
from generator.lib.text import suggest
from generator.model.taxonomy import Taxonomy

UNKNOWN_KEY = rule("unknown-key", "Every front-matter key is a field of the schema (CONTRIBUTING's field table).", ignorable=False)
REQUIRED_KEY = rule("required-key", "title, kind, date, authors, links and added are given.", ignorable=False)
FIELD_VALUE = rule(
    "field-value",
    "Every value has its field's type: text on one line without addresses or invisible characters, real dates, "
    "public http(s) URLs, values of the taxonomy, arXiv ids, short lists.",
    ignorable=False,
)
KIND_FIELD = rule("kind-field", "size, languages, multilingual, access and license are given for datasets only.", ignorable=False)
REPEATED_ITEM = rule(
    "repeated-item",
    "A list names each item once (two authors who share a name are the exception: say so under `ignore`).",
)
SUMMARY = rule(
    "summary",
    "Below the front matter: one paragraph of one to three sentences (at most 600 characters), plain inline Markdown "
    "without links, images, HTML, addresses or invisible characters, starting with a capital and ending with a full stop; "
    "HTML entities and escapes count as what they show (`&#64;` is `@`).",
    ignorable=False,
)


_CHECKS = tuple((spec, TYPES[spec.type].check) for spec in FIELDS)
_contexts_of: tuple[Taxonomy, dt.date, dict[str, Context]] | None = None  # the last list's, as every entry asks


def _contexts(taxonomy: Taxonomy, today: dt.date) -> dict[str, Context]:
    """Each field's check context for this taxonomy and day (made once per list, not per entry)."""
    global _contexts_of
    if _contexts_of is None or _contexts_of[0] is not taxonomy or _contexts_of[1] != today:
        contexts = {spec.name: Context(spec.allowed(taxonomy), today, spec.max_items) for spec in FIELDS}
        _contexts_of = (taxonomy, today, contexts)
    return _contexts_of[2]


def check_fields(doc: Document, taxonomy: Taxonomy, today: dt.date) -> tuple[dict[str, Any], str | None]:
    """The values of `doc`'s fields that pass their type, and its summary (None if it fails);
    every problem goes to `doc.problems`. `doc.data` is a parsed mapping."""
    data = doc.data or {}
    values: dict[str, Any] = {}
    for key in data:
        if key not in FIELDS_BY_NAME:
            if key == "section":
                folder = doc.path.split("/")[1] if doc.path.count("/") == 2 else "its folder"
                doc.problem(UNKNOWN_KEY, key, f"is not written in the file: the folder is the section (here '{folder}'); remove it")
            else:
                doc.problem(UNKNOWN_KEY, str(key), f"unknown key{suggest(str(key), [f.name for f in FIELDS])}")
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None
    contexts = _contexts(taxonomy, today)
    for spec, check in _CHECKS:
        if data.get(spec.name) is None:
            if spec.required:
                doc.problem(REQUIRED_KEY, "", f"missing required key '{spec.name}' ({TYPES[spec.type].description}): {spec.description}")
            continue
        if spec.kinds and kind not in spec.kinds:
            doc.problem(KIND_FIELD, spec.name, f"is only for kind {', '.join(spec.kinds)}; remove it")
            continue
        try:
            values[spec.name] = check(data[spec.name], contexts[spec.name])
        except Repeated as exc:
            doc.problem(REPEATED_ITEM, spec.name, str(exc))
            values[spec.name] = exc.value
        except Invalid as exc:
            for key, message in exc.parts:  # a mapping's check names each part at fault
                doc.problem(FIELD_VALUE, f"{spec.name}.{key}", message)
            if str(exc):
                doc.problem(FIELD_VALUE, spec.name, str(exc))
    try:
        summary: str | None = check_summary(doc.body)
    except Invalid as exc:
        doc.problems.append(SUMMARY.problem(doc.path, doc.body_line, "summary", str(exc)))
        summary = None
    return values, summary
