"""Files published next to the site: entries.json (+ its JSON Schema), references.bib, feed.xml.

Entry text is hostile: each writer keeps its format valid whatever the text (BibTeX escaping is
in generator.render; XML loses the characters XML 1.0 forbids; JSON loses lone surrogates).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from generator.core.schema import FIELDS, export_properties, front_matter_schema
from generator.model.catalog import Catalog
from generator.model.entry import Entry
from generator.outputs import urls
from generator.outputs.bibtex import bibtex, uri
from generator.outputs.html import plain_text

FEED_SIZE = 20
ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # outside XML 1.0's Char
_SURROGATE = re.compile("[\ud800-\udfff]")


def xml_text(text: str) -> str:
    """`text` with each character XML 1.0 forbids (controls, lone surrogates, U+FFFE, U+FFFF) as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def json_text(data: Any) -> str:
    """`data` as UTF-8-ready JSON: a lone surrogate (which no UTF-8 file can hold) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", json.dumps(data, ensure_ascii=False, indent=1)) + "\n"


_EXTRA_FIELDS: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Stable id: the entry's file name."},
    "path": {"type": "string", "description": "The entry's file in the repository."},
    "url": {"type": "string", "description": "The work's page on the website."},
    "section": {"type": "string", "description": "The section the work is listed under (its folder)."},
    "year": {"type": "integer", "description": "Year of `date`."},
    "summary": {"type": "string", "description": "One to three sentences, inline Markdown."},
    "bibtex": {"type": "string", "description": "A BibTeX record for the work."},
}


def entries_schema(catalog: Catalog, site_url: str) -> dict[str, Any]:
    """JSON Schema (2020-12) of entries.json, with a description for every field (made from core/schema.py)."""
    properties: dict[str, Any] = dict(_EXTRA_FIELDS)
    properties["section"] = {**properties["section"], "enum": list(catalog.taxonomy.section_ids)}
    properties.update(export_properties(catalog.taxonomy))
    required = [*_EXTRA_FIELDS, *(spec.name for spec in FIELDS if spec.required), "code"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{site_url}{urls.ENTRIES_SCHEMA}",
        "title": "entries.json of awesome-large-audio-models",
        "description": "Every work of the list. Fields mirror the entry files' front matter; "
        'optional fields are present with an empty value ("", [], {} or null) when unset.',
        "type": "object",
        "required": ["list", "entries"],
        "properties": {
            "list": {
                "type": "object",
                "description": "What the list says about itself (entries/list.yml).",
                "required": ["title", "repository", "website", "survey"],
                "properties": {k: {"type": "string"} for k in ("title", "tagline", "repository", "website", "survey", "license")},
            },
            "entries": {
                "type": "array",
                "description": "Works, newest first.",
                "items": {
                    "type": "object",
                    "required": list(dict.fromkeys(required)),
                    "additionalProperties": False,
                    "properties": properties,
                },
            },
        },
    }


def entry_record(entry: Entry, site_url: str) -> dict[str, Any]:
    """One work as a JSON object (every field of the schema, empty values included)."""
    record: dict[str, Any] = {
        "id": entry.id,
        "path": entry.path,
        "url": f"{site_url}{urls.work(entry.id)}",
        "section": entry.section,
        "year": entry.year,
    }
    for spec in FIELDS:
        value = getattr(entry, spec.name)
        if spec.type in ("date", "day"):
            value = str(value) if spec.type == "date" else value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif spec.type == "links":
            value = {kind: uri(url) for kind, url in value.items()}  # the schema promises format "uri"
        record[spec.name] = value
    record["summary"] = entry.summary
    record["bibtex"] = bibtex(entry)
    return record


def entries_json(catalog: Catalog, site_url: str) -> str:
    info = catalog.info
    data = {
        "list": {
            "title": info.title,
            "tagline": info.tagline,
            "repository": info.repository,
            "website": info.website,
            "survey": info.survey,
            "license": info.license,
        },
        "entries": [entry_record(e, site_url) for e in catalog.entries],
    }
    return json_text(data)


def references_bib(catalog: Catalog) -> str:
    """One BibTeX record per work, in list order."""
    return "\n\n".join(bibtex(e) for e in catalog.entries) + "\n"


def feed_xml(catalog: Catalog, site_url: str, count: int = FEED_SIZE) -> str:
    """An Atom feed of the newest additions."""
    ET.register_namespace("", ATOM)
    recent = catalog.newest_added(count)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {name: xml_text(value) for name, value in attrs.items()})
        if text:
            child.text = xml_text(text)
        return child

    updated = max((e.added for e in recent), default=dt.date(1970, 1, 1))
    add(feed, "title", f"{catalog.info.title}: newest additions")
    add(feed, "subtitle", catalog.info.tagline)
    add(feed, "id", site_url or catalog.info.website)
    add(feed, "link", href=f"{site_url}{urls.FEED}", rel="self")
    add(feed, "link", href=site_url or catalog.info.website)
    add(feed, "updated", f"{updated.isoformat()}T00:00:00Z")
    add(add(feed, "author"), "name", catalog.info.title)
    for entry in recent:
        item = add(feed, "entry")
        page = f"{site_url}{urls.work(entry.id)}"
        add(item, "title", entry.display_name)
        add(item, "id", page)
        add(item, "link", href=page)
        add(item, "updated", f"{entry.added.isoformat()}T00:00:00Z")
        add(item, "summary", plain_text(entry.summary, limit=1000))
        for task in entry.tasks:
            add(item, "category", term=task, label=catalog.taxonomy.tasks[task])
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def exports(catalog: Catalog, site_url: str) -> dict[str, str]:
    """Every published export: site path -> text."""
    return {
        urls.ENTRIES_JSON: entries_json(catalog, site_url),
        urls.ENTRIES_SCHEMA: json_text(entries_schema(catalog, site_url)),
        urls.ENTRY_SCHEMA: json_text(front_matter_schema(catalog.taxonomy, f"{site_url}{urls.ENTRY_SCHEMA}")),
        urls.REFERENCES_BIB: references_bib(catalog),
        urls.FEED: feed_xml(catalog, site_url),
    }
