"""The field-type registry: each type of front-matter value, written down once.

A `FieldType` says how a value is described to people (CONTRIBUTING's field table), how it is
checked (`check`, which returns the clean value or raises `Invalid`), and what it is in JSON
Schema (`schema`), from which both the entry schema (schemas/entry.schema.json, for editors) and
the schema of the site's entries.json are made. A field (core/schema.py) names its type here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from generator.core.checks import (
    MAX_INT,
    MAX_SLUG,
    MAX_TEXT,
    MAX_URL,
    SOURCE_WORDS,
    Invalid,
    check_arxiv,
    check_bool,
    check_choice,
    check_date,
    check_int,
    check_list,
    check_plain_text,
    check_slug,
    check_source,
    check_url,
)
from generator.core.rules.registry import RULES
from generator.lib import arxiv
from generator.lib.text import suggest
from generator.model.entry import LINK_KINDS

Schema = dict[str, Any]


class Context(NamedTuple):
    """What a check may need besides the value: the allowed values (a vocabulary), today, and the
    most items a list may hold."""

    allowed: Collection[str]
    today: dt.date
    max_items: int


@dataclass(frozen=True)
class FieldType:
    """A kind of front-matter value: its description, its check and its JSON Schema.

    `schema(allowed, max_items)` is the schema of a value as written in an entry; `empty` is what
    entries.json holds for an unset optional field of this type.
    """

    name: str
    description: str
    check: Callable[[Any, Context], Any]
    schema: Callable[[Collection[str], int], Schema]
    empty: Any = ""
    item: FieldType | None = None  # for lists: the type of each item
    check_item: Callable[[Any], Any] | None = None  # a check of one value that needs no context (lists call it directly)


def _list_of(item: FieldType, name: str, description: str, unique_in_schema: bool = True) -> FieldType:
    """A list type: at most `max_items` items, each of type `item`, none repeated. A list of text
    leaves repeats out of its schema: the `repeated-item` rule judges them, and an entry may ignore
    it where two authors share a name."""

    def check(value: Any, context: Context) -> tuple[Any, ...]:
        one = item.check_item or (lambda raw: item.check(raw, context))
        return check_list(value, one, max_items=context.max_items)

    def schema(allowed: Collection[str], max_items: int) -> Schema:
        return {"type": "array", "items": item.schema(allowed, max_items), "minItems": 1, "maxItems": max_items,
                **({"uniqueItems": True} if unique_in_schema else {})}

    return FieldType(name, description, check, schema, empty=[], item=item)


def _check_links(value: Any, context: Context) -> dict[str, str]:
    """The `links:` mapping: known kinds, valid URLs, each URL once, shown in LINK_KINDS order.
    Every bad link is named (`Invalid.parts`), at its own key."""
    if not isinstance(value, dict) or not value:
        raise Invalid("must be a mapping with at least one link, e.g. `links: {paper: 'https://arxiv.org/abs/...'}`")
    links: dict[str, str] = {}
    parts: list[tuple[str, str]] = []
    for kind, url in value.items():
        if kind not in LINK_KINDS:
            parts.append((str(kind), f"unknown link kind '{kind}'{suggest(str(kind), LINK_KINDS)}"))
            continue
        try:
            links[kind] = check_url(url)
        except Invalid as exc:
            parts.append((kind, str(exc)))
    if parts:
        raise Invalid(parts=parts)
    urls = list(links.values())
    for kind, url in links.items():
        if urls.count(url) > 1:
            raise Invalid(parts=[(kind, f"'{url}' is given twice in this entry; keep it under one kind")])
    return {k: links[k] for k in LINK_KINDS if k in links}


def _check_ignores(value: Any, context: Context) -> dict[str, str]:
    """`ignore:` — rule id to the reason it does not apply to this entry."""
    if not isinstance(value, dict) or not value:
        raise Invalid("must map rule ids to reasons, e.g. `ignore: {repeated-item: \"two authors share this name\"}`")
    ignores: dict[str, str] = {}
    parts: list[tuple[str, str]] = []
    for rule_id, reason in value.items():
        rule = RULES.get(str(rule_id))
        if rule is None:
            parts.append((str(rule_id), f"no rule is called '{rule_id}'{suggest(str(rule_id), sorted(RULES))}"))
        elif not rule.ignorable:
            parts.append((str(rule_id), f"the rule '{rule_id}' keeps files readable and safe and cannot be ignored"))
        else:
            try:
                ignores[rule.id] = check_plain_text(reason)
            except Invalid as exc:
                parts.append((str(rule_id), f"the reason {exc} (say why the rule does not apply)"))
    if parts:
        raise Invalid(parts=parts)
    return ignores


def _text_schema(allowed: Collection[str], max_items: int) -> Schema:
    return {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}


MAX_BRIEF = 60
"""Most characters of a `brief`: with the name and month it fits on one line of the README."""


def check_brief(value: Any) -> str:
    """What a work is in a few words: plain text, at most MAX_BRIEF characters, starting with a
    capital letter or a digit (it follows `Name - ` in the README), no full stop (the month follows)."""
    text = check_plain_text(value)
    if len(text) > MAX_BRIEF:
        raise Invalid(f"is {len(text)} characters long; at most {MAX_BRIEF} (the long description is the summary)")
    if not (text[0].isupper() or text[0].isdigit()):
        raise Invalid(f"'{text}' should start with a capital letter or a digit")
    if text[-1] in ".,;:!?":
        raise Invalid(f"'{text}' should not end with '{text[-1]}' (the list adds the month after it)")
    return text


def _choice_schema(allowed: Collection[str], max_items: int) -> Schema:
    return {"type": "string", "enum": list(allowed)}


TEXT = FieldType("text", "text", lambda value, context: check_plain_text(value), _text_schema, check_item=check_plain_text)
CHOICE = FieldType("choice", "one allowed value", lambda value, context: check_choice(value, context.allowed), _choice_schema)
SLUG = FieldType(
    "entry-id", "entry id", lambda value, context: check_slug(value),
    lambda allowed, max_items: {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_SLUG}, check_item=check_slug,
)
SOURCE = FieldType(
    "source", "`survey`, `upstream` or a URL", lambda value, context: check_source(value),
    lambda allowed, max_items: {"anyOf": [{"enum": list(SOURCE_WORDS)}, {"type": "string", "pattern": "^https?://", "maxLength": MAX_URL}]},
    check_item=check_source,
)
_URL_SCHEMA: Schema = {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": MAX_URL}

TYPES: Mapping[str, FieldType] = {
    field_type.name: field_type
    for field_type in (
        TEXT,
        _list_of(TEXT, "text-list", "list of text", unique_in_schema=False),
        FieldType(
            "brief", f"text of at most {MAX_BRIEF} characters, no full stop", lambda value, context: check_brief(value),
            lambda allowed, max_items: {"type": "string", "minLength": 1, "maxLength": MAX_BRIEF},
        ),
        FieldType(
            "date", "date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`", lambda value, context: check_date(value, context.today),
            lambda allowed, max_items: {"anyOf": [{"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
                                                  {"type": "integer", "minimum": 1950, "maximum": 9999}]},
        ),
        FieldType(
            "day", "date `YYYY-MM-DD`", lambda value, context: check_date(value, context.today, full=True).earliest(),
            lambda allowed, max_items: {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        ),
        FieldType(
            "links", "mapping of link kind to URL", _check_links,
            lambda allowed, max_items: {"type": "object", "minProperties": 1, "propertyNames": {"enum": list(LINK_KINDS)},
                                        "additionalProperties": _URL_SCHEMA},
            empty={},
        ),
        CHOICE,
        _list_of(CHOICE, "choice-list", "list of allowed values"),
        FieldType(
            "arxiv", "arXiv id", lambda value, context: check_arxiv(value),
            lambda allowed, max_items: {"type": "string", "pattern": f"^(?:{arxiv.NEW}|{arxiv.OLD})$"},
        ),
        FieldType(
            "integer", "whole number", lambda value, context: check_int(value),
            lambda allowed, max_items: {"type": "integer", "minimum": 1, "maximum": MAX_INT}, empty=None,
        ),
        FieldType("boolean", "`true` or `false`", lambda value, context: check_bool(value),
                  lambda allowed, max_items: {"type": "boolean"}, empty=None),
        _list_of(SLUG, "entry-list", "list of entry ids"),
        _list_of(CHOICE, "section-list", "list of section ids"),
        _list_of(SOURCE, "source-list", "list of `survey`, `upstream` or URLs"),
        FieldType(
            "rule-ignores", "mapping of rule id to the reason it does not apply", _check_ignores,
            lambda allowed, max_items: {"type": "object", "minProperties": 1,
                                        "propertyNames": {"enum": [r.id for r in RULES.values() if r.ignorable]},
                                        "additionalProperties": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}},
            empty={},
        ),
    )
}
"""Every field type by name; core/schema.py's fields name theirs."""

