"""The entry schema: turn a parsed entry file into a validated Entry, reporting every problem with its fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from generator.core.checks import (
    MAX_SLUG,
    SLUG_RE,
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
    slugify,
)
from generator.core.load import Document
from generator.core.schema import FIELDS, FIELDS_BY_NAME, TYPES
from generator.core.summary import check_summary
from generator.lib.arxiv import arxiv_id_of
from generator.lib.text import did_you_mean, suggest
from generator.model.catalog import BenchmarkTable
from generator.model.entry import LINK_KINDS, Entry
from generator.model.problems import Problem
from generator.model.taxonomy import Taxonomy

_CHECKS: dict[str, Callable[[Any, Taxonomy, dt.date, str], Any]] = {
    "text": lambda v, t, d, f: check_plain_text(v),
    "date": lambda v, t, d, f: check_date(v, d),
    "day": lambda v, t, d, f: check_date(v, d, full=True).earliest(),
    "choice": lambda v, t, d, f: check_choice(v, getattr(t, FIELDS_BY_NAME[f].vocabulary)),
    "arxiv": lambda v, t, d, f: check_arxiv(v),
    "integer": lambda v, t, d, f: check_int(v),
    "boolean": lambda v, t, d, f: check_bool(v),
}
_ITEM_CHECKS: dict[str, Callable[[Taxonomy, str], Callable[[Any], Any]]] = {  # lists: a check for each item
    "text-list": lambda t, f: check_plain_text,
    "choice-list": lambda t, f: lambda i: check_choice(i, getattr(t, FIELDS_BY_NAME[f].vocabulary)),
    "entry-list": lambda t, f: check_slug,
    "section-list": lambda t, f: lambda i: check_choice(i, t.section_ids),
    "source-list": lambda t, f: check_source,
}
assert set(_CHECKS) | set(_ITEM_CHECKS) | {"links"} == set(TYPES), "every schema type needs a check"


def _check_links(doc: Document, value: Any) -> dict[str, str] | None:
    """The `links:` mapping: known kinds, valid URLs, shown in LINK_KINDS order."""
    if not isinstance(value, dict) or not value:
        doc.problem("links", "must be a mapping with at least one link, e.g. `links: {paper: 'https://arxiv.org/abs/...'}`")
        return None
    links: dict[str, str] = {}
    ok = True
    for kind, url in value.items():
        key = f"links.{kind}"
        if kind not in LINK_KINDS:
            doc.problem(key, f"unknown link kind '{kind}'{suggest(str(kind), LINK_KINDS)}")
            ok = False
            continue
        try:
            links[kind] = check_url(url)
        except Invalid as exc:
            doc.problem(key, str(exc))
            ok = False
    urls = list(links.values())
    for kind, url in links.items():
        if urls.count(url) > 1:
            doc.problem(f"links.{kind}", f"'{url}' is given twice in this entry; keep it under one kind")
            return None
    return {k: links[k] for k in LINK_KINDS if k in links} if ok else None


def entry_location(rel: str, taxonomy: Taxonomy) -> tuple[str, str] | str:
    """(section, id) from `entries/<section>/<id>.md`, or the problem message."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "entries":
        return "must be at entries/<section>/<id>.md, in a folder named after its section: " + ", ".join(
            taxonomy.section_ids
        )
    section, name = parts[1], parts[2][: -len(".md")]
    if section not in taxonomy.section_ids:
        return f"is in folder '{section}', which is not a section{suggest(section, taxonomy.section_ids)}"
    if not SLUG_RE.match(name) or len(name) > MAX_SLUG:
        return (
            f"file name '{name}.md' is not a valid id: use lowercase letters, digits and single hyphens "
            f"(e.g. '{slugify(name) or 'my-model'}.md')"
        )
    return section, name


def validate_entry(doc: Document, taxonomy: Taxonomy, today: dt.date) -> Entry | None:
    """Check one parsed entry against the schema; problems go to `doc.problems`."""
    location = entry_location(doc.path, taxonomy)
    if isinstance(location, str):
        doc.problem("", location)
        return None
    section_id, entry_id = location
    if doc.data is None:
        return None
    values: dict[str, Any] = {}
    data = doc.data
    for key in data:
        if key not in FIELDS_BY_NAME:
            known = [f.name for f in FIELDS]
            if key == "section":
                doc.problem(key, f"is not written in the file: the folder is the section (here '{section_id}'); remove it")
            else:
                doc.problem(str(key), f"unknown key{suggest(str(key), known)}")
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None
    for spec in FIELDS:
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                doc.problem("", f"missing required key '{spec.name}' ({TYPES[spec.type]}): {spec.description}")
            continue
        if spec.kinds and kind not in spec.kinds:
            doc.problem(spec.name, f"is only for kind {', '.join(spec.kinds)}; remove it")
            continue
        if spec.type == "links":
            links = _check_links(doc, data[spec.name])
            if links is not None:
                values[spec.name] = links
            continue
        try:
            if spec.type in _ITEM_CHECKS:
                item = _ITEM_CHECKS[spec.type](taxonomy, spec.name)
                values[spec.name] = check_list(data[spec.name], item, max_items=spec.max_items)
            else:
                values[spec.name] = _CHECKS[spec.type](data[spec.name], taxonomy, today, spec.name)
        except Invalid as exc:
            doc.problem(spec.name, str(exc))
    try:
        summary = check_summary(doc.body)
    except Invalid as exc:
        doc.problems.append(Problem(doc.path, doc.body_line, "summary", str(exc)))
        summary = None
    _check_entry_rules(doc, values, section_id, taxonomy)
    if doc.problems or summary is None:
        return None
    values.setdefault("code", "released" if "code" in values["links"] else "unknown")
    return Entry(
        id=entry_id,
        path=doc.path,
        section=section_id,
        summary=summary,
        positions=dict(doc.positions),
        **values,
    )


def _check_entry_rules(doc: Document, values: dict[str, Any], section_id: str, taxonomy: Taxonomy) -> None:
    """Rules that tie several keys of one entry together."""
    section = taxonomy.section(section_id)
    kind = values.get("kind")
    if kind and section.kinds and kind not in section.kinds:
        doc.problem("kind", f"'{kind}' entries do not belong in '{section_id}' (only {', '.join(section.kinds)})")
    homes = [f"entries/{s.id}/" for s in taxonomy.sections if kind and kind in s.kinds]
    if homes and not section.kinds:
        doc.problem("kind", f"'{kind}' entries live in {' or '.join(homes)}; move the file there")
    if section_id in values.get("also_in", ()):
        doc.problem("also_in", f"lists '{section_id}', the entry's own section (its folder); remove it")
    links = values.get("links") or {}
    code = values.get("code")
    if code == "released" and "code" not in links:
        doc.problem("code", "is 'released' but there is no links.code; add the repository URL")
    if code in ("none", "announced") and "code" in links:
        doc.problem("code", f"is '{code}' but links.code is set; write 'released' or remove the link")
    name = values.get("name") or values.get("title") or ""
    if name and " ".join(doc.body.split()).casefold().startswith(name.casefold()):
        doc.problems.append(
            Problem(doc.path, doc.body_line, "summary", f"starts with the work's name '{name}'; start with what it is (the list shows the name)")
        )
    arxiv = values.get("arxiv")
    paper = links.get("paper", "")
    paper_arxiv = arxiv_id_of(paper)
    if arxiv and paper_arxiv and paper_arxiv != arxiv:
        doc.problem("links.paper", f"points to arXiv {paper_arxiv} but arxiv is {arxiv}; make them agree")
    if paper_arxiv and not arxiv:
        doc.problem("links.paper", f"is an arXiv link; also add arxiv: \"{paper_arxiv}\"")


def reference_problems(entries: list[Entry], benchmarks: list[BenchmarkTable], known: set[str]) -> list[Problem]:
    """`related` ids and benchmark rows must name entries; `known` holds the id of every entry file,
    so one broken entry does not make every reference to it fail too."""
    problems: list[Problem] = []
    for entry in entries:
        for index, ref in enumerate(entry.related):
            if ref == entry.id:
                problems.append(Problem(entry.path, entry.line_of(f"related.{index}"), "related", "lists the entry itself"))
            elif ref not in known:
                problems.append(
                    Problem(entry.path, entry.line_of(f"related.{index}"), "related", f"unknown entry id '{ref}'{did_you_mean(ref, known)}")
                )
    for table in benchmarks:
        for index, row in enumerate(table.rows):
            if row.entry and row.entry not in known:
                problems.append(
                    Problem(table.path, 1, f"rows.{index}.entry", f"unknown entry id '{row.entry}'{did_you_mean(row.entry, known)}")
                )
    return problems
