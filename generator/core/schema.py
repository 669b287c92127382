"""The entry schema, written down once: every front-matter key, its type and its rules.

`validate` enforces it; CONTRIBUTING.md's field table is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.entry import LINK_KINDS

MAX_ITEMS = 50
"""Most items a list field holds."""
MAX_AUTHORS = 200
"""Most names in `authors`: longer author lists keep the first ones and end with `others`."""


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key."""

    name: str
    type: str  # one of the TYPES below
    required: bool
    description: str
    vocabulary: str = ""  # taxonomy vocabulary of allowed values ("tasks", "kinds", ...)
    kinds: tuple[str, ...] = ()  # only allowed for these kinds (empty: any kind)
    max_items: int = MAX_ITEMS  # for lists: longer ones are refused, so every check stays cheap


TYPES = {
    "text": "text",
    "text-list": "list of text",
    "date": "date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`",
    "day": "date `YYYY-MM-DD`",
    "links": "mapping of link kind to URL",
    "choice": "one allowed value",
    "choice-list": "list of allowed values",
    "arxiv": "arXiv id",
    "integer": "integer",
    "boolean": "`true` or `false`",
    "entry-list": "list of entry ids",
    "section-list": "list of section ids",
    "source-list": "list of `survey`, `upstream` or URLs",
}

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", True, "Exact title of the paper, dataset or project."),
    FieldSpec("name", "text", False, "Short name shown in the list (SpeechGPT); the title when omitted."),
    FieldSpec("kind", "choice", True, "What the work is.", vocabulary="kinds"),
    FieldSpec("date", "date", True, "First public release (arXiv v1 month for preprints)."),
    FieldSpec(
        "authors", "text-list", True, f"Authors as `First Last` (at most {MAX_AUTHORS}); end with `others` for a truncated list.", max_items=MAX_AUTHORS
    ),
    FieldSpec(
        "links",
        "links",
        True,
        "Absolute http(s) URLs; allowed keys: " + ", ".join(f"`{k}`" for k in LINK_KINDS) + ".",
    ),
    FieldSpec("added", "day", True, "Day the entry was added to the list."),
    FieldSpec("also_in", "section-list", False, "Other sections the work belongs to.", vocabulary="sections"),
    FieldSpec("venue", "text", False, "Where it was published (ICML 2023); left out for preprints."),
    FieldSpec("tasks", "choice-list", False, "What the work does.", vocabulary="tasks"),
    FieldSpec("modalities", "choice-list", False, "Signals the work handles.", vocabulary="modalities"),
    FieldSpec("arxiv", "arxiv", False, "arXiv id without version (`2305.11000`, `cs/0112017`)."),
    FieldSpec("code", "choice", False, "Official code status; `released` needs `links.code`.", vocabulary="code"),
    FieldSpec("train_data", "text-list", False, "Training data, as the paper names it."),
    FieldSpec("survey_ref", "integer", False, "Number of the work in the survey's reference list."),
    FieldSpec("survey_sections", "text-list", False, "Survey sections or tables that discuss it (`2.4.1`, `Table 2`)."),
    FieldSpec("related", "entry-list", False, "Ids of related entries."),
    FieldSpec("sources", "source-list", False, "Where the facts come from: `survey`, `upstream` or a URL."),
    FieldSpec("size", "text", False, "Dataset size (`60,000 hours`).", kinds=("dataset",)),
    FieldSpec("languages", "text-list", False, "Dataset languages.", kinds=("dataset",)),
    FieldSpec("multilingual", "boolean", False, "Whether the dataset covers several languages.", kinds=("dataset",)),
    FieldSpec("access", "choice", False, "How the dataset can be obtained.", vocabulary="access", kinds=("dataset",)),
    FieldSpec("license", "text", False, "Dataset licence (SPDX id where there is one).", kinds=("dataset",)),
)

FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}

SUMMARY_MAX_CHARS = 600
"""The body: a summary of one to three sentences, inline Markdown only."""
