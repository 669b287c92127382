"""The entry schema, written down once: every front-matter key, its type (core/types.py) and its limits.

core/rules/fields.py checks entries against it; CONTRIBUTING.md's field table, the editors' JSON
Schema of the front matter (`front_matter_schema`) and the JSON Schema of the site's entries.json
(`export_properties`) are all made from it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from generator.core.checks import MAX_ITEMS
from generator.core.types import TYPES, Schema
from generator.model.entry import LINK_KINDS
from generator.model.taxonomy import Taxonomy

MAX_AUTHORS = 200
"""Most names in `authors`: longer author lists keep the first ones and end with `others`."""


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key."""

    name: str
    type: str  # a key of core.types.TYPES
    required: bool
    description: str
    vocabulary: str = ""  # taxonomy vocabulary of allowed values ("tasks", "kinds", "sections"...)
    kinds: tuple[str, ...] = ()  # only allowed for these kinds (empty: any kind)
    max_items: int = MAX_ITEMS  # for lists: longer ones are refused, so every check stays cheap

    def allowed(self, taxonomy: Taxonomy) -> Collection[str]:
        """The values the taxonomy allows for this field, in order ('' vocabulary: any)."""
        if not self.vocabulary:
            return ()
        return taxonomy.section_ids if self.vocabulary == "sections" else taxonomy[self.vocabulary].keys()

    def schema(self, taxonomy: Taxonomy) -> Schema:
        """The JSON Schema of this field's value as written in an entry, with its description."""
        return {**TYPES[self.type].schema(self.allowed(taxonomy), self.max_items), "description": self.description}


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "Exact title of the paper, dataset or project."),
    FieldSpec("name", "text", False, "Short name shown in the list (SpeechGPT); the title when omitted."),
    FieldSpec("brief", "brief", False, "What the work is in a few words, shown in the README's index (`Zero-shot TTS from a codec language model`)."),
    FieldSpec("kind", "choice", True, "What the work is.", vocabulary="kinds"),
    FieldSpec(
        "date",
        "date",
        True,
        "First public release; for a preprint, the month arXiv v1 was submitted"
        " (the abs page's submission history), which can be earlier than the month in its arXiv id."
        " When the authors released code, weights or data earlier, that month: a release their own pages date"
        " (a dated news line in the README, a release tag, CITATION.cff's `date-released`, a merged pull request"
        " from an outside contributor) of the work the entry describes, not of an earlier system under the same name;"
        " a repository's first commit alone does not show a public release."
        " An OpenReview stamp (submission, acceptance) dates only a work with no arXiv version;"
        " a proceedings paper published before arXiv v1 is the first release.",
    ),
    FieldSpec(
        "authors",
        "text-list",
        True,
        f"Authors as `First Last` (at most {MAX_AUTHORS}), in the order of the current or published paper's byline;"
        " end with `others` for a truncated list. A team named in the byline (\"Seed Team\") is listed as it stands there.",
        max_items=MAX_AUTHORS,
    ),
    FieldSpec(
        "links",
        "links",
        True,
        "Absolute http(s) URLs that a primary page of the work names, one per kind; allowed keys: "
        + ", ".join(f"`{k}`" for k in LINK_KINDS)
        + ". `demo` is where to listen to or try the work, as its authors name it (an audio samples page or an"
        " interactive demo; when they name both, the interactive demo, and the samples page goes under `project`);"
        " `project` is the work's own page. Give the full address under a host name: not a public link shortener (bit.ly, tinyurl.com),"
        " which hides where a link leads, nor a bare IP address. Works of one family may share a link other than `paper` (a repository,"
        " a demo) when one names the other in `related`.",
    ),
    FieldSpec("added", "day", True, "Day the entry was added to the list."),
    FieldSpec("also_in", "section-list", False, "Other sections the work belongs to.", vocabulary="sections"),
    FieldSpec("venue", "text", False, "Where it was published (ICML 2023); left out for preprints."),
    FieldSpec("tasks", "choice-list", False, "What the work does.", vocabulary="tasks"),
    FieldSpec("modalities", "choice-list", False, "Signals the work handles; outside Background, at least one of speech, music, audio or symbolic music.", vocabulary="modalities"),
    FieldSpec("arxiv", "arxiv", False, "arXiv id without version (`2305.11000`, `cs/0112017`)."),
    FieldSpec("code", "choice", False, "Official code status; `released` needs `links.code`.", vocabulary="code"),
    FieldSpec("train_data", "text-list", False, "Training data, as the paper names it."),
    FieldSpec("survey_ref", "integer", False, "Number of the work in the survey's reference list."),
    FieldSpec("survey_sections", "text-list", False, "Survey sections or tables that discuss it (`2.4.1`, `Table 2`)."),
    FieldSpec("related", "entry-list", False, "Ids of related entries."),
    FieldSpec("sources", "source-list", False, "Where the facts come from: `survey`, `upstream` or a URL."),
    FieldSpec("size", "text", False, "Dataset size as the official page gives it (`60,000 hours`; `about 8,000 hours` or `60,000+ hours` where the page hedges).", kinds=("dataset",)),
    FieldSpec("languages", "text-list", False, "Dataset languages.", kinds=("dataset",)),
    FieldSpec("multilingual", "boolean", False, "Whether the dataset covers several languages.", kinds=("dataset",)),
    FieldSpec("access", "choice", False, "How the dataset can be obtained.", vocabulary="access", kinds=("dataset",)),
    FieldSpec("license", "text", False, "Dataset licence (SPDX id where there is one).", kinds=("dataset",)),
    FieldSpec("ignore", "rule-ignores", False, "Rules that do not apply to this work, each with the reason (`awesome-lam rules` lists them)."),
)

FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}

SUMMARY_MAX_CHARS = 600
"""The body: a summary of one to three sentences, inline Markdown only."""


def front_matter_schema(taxonomy: Taxonomy, schema_id: str) -> Schema:
    """JSON Schema (2020-12) of an entry's front matter, for editors and any JSON Schema validator."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": "Front matter of an entry of awesome-large-audio-models",
        "description": "The YAML block between the `---` lines of entries/<section>/<id>.md. Generated from "
        "generator/core/schema.py and entries/taxonomy.yml by `awesome-lam build`; `awesome-lam validate` checks more "
        "(every rule of `awesome-lam rules`).",
        "type": "object",
        "required": [spec.name for spec in FIELDS if spec.required],
        "additionalProperties": False,
        "properties": {spec.name: spec.schema(taxonomy) for spec in FIELDS},
    }


def export_properties(taxonomy: Taxonomy) -> dict[str, Any]:
    """JSON Schema of each field as entries.json holds it: every field present, an unset optional one
    with its type's empty value ("", [], {} or null); links percent-encoded as URIs."""
    properties: dict[str, Any] = {}
    for spec in FIELDS:
        schema = spec.schema(taxonomy)
        if spec.type == "day":
            schema["format"] = "date"
        if not spec.required and spec.name != "code":
            empty = TYPES[spec.type].empty
            schema = {"anyOf": [schema, {"const": empty}], "description": spec.description}
        properties[spec.name] = schema
    return properties
