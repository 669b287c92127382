"""The list's data files other than entries: the taxonomy, the list's own info, results tables, and
the data under data/ that the content rules read (primary hosts, unconfirmed facts, peer coverage,
fingerprints of texts summaries must not copy)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.core.checks import Invalid, check_choice, check_list, check_slug, check_text, check_url
from generator.core.load import BENCHMARKS_DIR, ENTRIES_DIR, Document
from generator.core.rules.data import BENCHMARK_TABLE, LIST_INFO, TAXONOMY
from generator.core.rules.registry import Rule
from generator.lib.text import suggest
from generator.model.catalog import BenchmarkColumn, BenchmarkRow, BenchmarkTable
from generator.model.taxonomy import ListInfo, Section, Taxonomy


def _mappings(doc: Document, data: dict[str, Any], name: str, shape: str, rule: Rule) -> Iterator[tuple[str, dict[Any, Any]]]:
    """(dotted key, item) for each mapping of the list `name`; the rest is reported, as `shape` says."""
    items = data.get(name)
    if not isinstance(items, list) or not items:
        doc.problem(rule, name, f"must be a list of {shape}")
        return
    for index, raw in enumerate(items):
        key = f"{name}.{index}"
        if isinstance(raw, dict):
            yield key, raw
        else:
            doc.problem(rule, key, f"must be a list of {shape}; this item is not a mapping")


def validate_taxonomy(doc: Document) -> Taxonomy | None:
    """`entries/taxonomy.yml`: sections (ordered) and the vocabularies."""
    data = doc.data
    if data is None:
        return None
    sections: list[Section] = []
    for key, raw in _mappings(doc, data, "sections", "sections with id, title and description", TAXONOMY):
        try:
            sections.append(
                Section(
                    id=check_slug(raw.get("id")),
                    title=check_text(raw.get("title")),
                    description=check_text(raw.get("description")),
                    layout=check_choice(raw.get("layout", "list"), ("list", "table")),
                    kinds=check_list(raw.get("kinds", []), check_text, allow_empty=True),
                )
            )
        except Invalid as exc:
            doc.problem(TAXONOMY, key, str(exc))
    vocab: dict[str, dict[str, str]] = {}
    for name in ("kinds", "tasks", "modalities", "code", "access"):
        terms = data.get(name)
        if not isinstance(terms, dict) or not terms:
            doc.problem(TAXONOMY, name, "must be a mapping of id: description")
            continue
        try:
            checked = [(check_slug(k), check_text(v)) for k, v in terms.items()]
        except Invalid as exc:
            doc.problem(TAXONOMY, name, str(exc))
            continue
        vocab[name] = dict(checked)
        if len(vocab[name]) < len(checked):  # two keys the same once trimmed (`asr` and `'asr '`)
            repeated = next(term for index, (term, _) in enumerate(checked) if term in dict(checked[:index]))
            doc.problem(TAXONOMY, name, f"repeats the id '{repeated}'; each id once")
    seen: dict[str, int] = {}
    for index, section in enumerate(sections):
        if section.id in seen:
            doc.problem(TAXONOMY, f"sections.{index}", f"repeats the section id '{section.id}' of sections.{seen[section.id]}; each section once")
        elif f"{ENTRIES_DIR}/{section.id}" == BENCHMARKS_DIR:
            doc.problem(TAXONOMY, f"sections.{index}", f"'{section.id}' is the folder of the benchmark tables ({BENCHMARKS_DIR}); choose another id")
        seen.setdefault(section.id, index)
    for key in data:
        if key not in ("sections", *vocab, "kinds", "tasks", "modalities", "code", "access"):
            doc.problem(TAXONOMY, str(key), "unknown key in the taxonomy")
    if doc.problems:
        return None
    return Taxonomy(sections=tuple(sections), **vocab)


def validate_list_info(doc: Document) -> ListInfo | None:
    """`entries/list.yml`: what the list says about itself."""
    if doc.data is None:
        return None
    values: dict[str, str] = {}
    for name in ("title", "tagline", "description", "repository", "website", "survey", "license", "license_url"):
        try:
            if name in ("repository", "website", "license_url"):
                url = check_url(doc.data.get(name))
                values[name] = url if name == "license_url" else url.rstrip("/")
            elif name == "survey":
                values[name] = check_slug(doc.data.get(name))
            else:
                values[name] = check_text(doc.data.get(name), multiline=name == "description")
        except Invalid as exc:
            doc.problem(LIST_INFO, name, str(exc))
    return None if doc.problems else ListInfo(**values)


def validate_benchmark(doc: Document, taxonomy: Taxonomy) -> BenchmarkTable | None:
    """A results table: columns with keys, rows whose values use those keys."""
    data = doc.data
    if data is None:
        return None
    table_id = doc.path.rsplit("/", 1)[-1].removesuffix(".yml")

    def field(name: str, check: Callable[[Any], Any]) -> Any:
        try:
            return check(data.get(name))
        except Invalid as exc:
            doc.problem(BENCHMARK_TABLE, name, str(exc))
            return None

    title = field("title", check_text)
    description = field("description", check_text)
    task = field("task", lambda v: check_choice(v, taxonomy.tasks))
    dataset = field("dataset", check_text)
    source = data.get("source")
    if not isinstance(source, dict) or not source:
        source = {}
        doc.problem(BENCHMARK_TABLE, "source", "must say where the numbers come from, e.g. source: {survey_table: 4, caption: ...}")
    columns: list[BenchmarkColumn] = []
    for key, raw in _mappings(doc, data, "columns", "{key, label, metric, better} columns", BENCHMARK_TABLE):
        try:
            columns.append(
                BenchmarkColumn(
                    key=check_text(raw.get("key")),
                    label=check_text(raw.get("label")),
                    metric=check_text(raw["metric"]) if "metric" in raw else "",
                    better=check_choice(raw["better"], ("lower", "higher")) if "better" in raw else "",
                )
            )
        except Invalid as exc:
            doc.problem(BENCHMARK_TABLE, key, str(exc))
    column_keys = {c.key for c in columns}
    rows: list[BenchmarkRow] = []
    for key, raw in _mappings(doc, data, "rows", "{model, values} rows", BENCHMARK_TABLE):
        if not isinstance(raw.get("values"), dict):
            doc.problem(BENCHMARK_TABLE, f"{key}.values", "must be a mapping of column key to value")
            continue
        values = raw["values"]
        unknown = [k for k in values if k not in column_keys]
        if unknown:
            doc.problem(BENCHMARK_TABLE, key, f"value '{unknown[0]}' has no column{suggest(str(unknown[0]), sorted(column_keys))}")
            continue
        bad = [k for k, v in values.items() if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float, str)))]
        if bad:
            doc.problem(BENCHMARK_TABLE, key, f"value '{bad[0]}' must be a number, text or null")
            continue
        try:
            rows.append(
                BenchmarkRow(
                    model=check_text(raw.get("model")),
                    values={k: (check_text(v) if isinstance(v, str) else v) for k, v in values.items()},
                    entry=check_slug(raw["entry"]) if "entry" in raw else "",
                    group=check_text(raw["group"]) if "group" in raw else "",
                )
            )
        except Invalid as exc:
            doc.problem(BENCHMARK_TABLE, key, str(exc))
    for key in data:
        if key not in ("title", "description", "task", "dataset", "source", "columns", "rows"):
            doc.problem(BENCHMARK_TABLE, str(key), "unknown key in a benchmark table")
    if doc.problems:
        return None
    return BenchmarkTable(
        id=table_id,
        path=doc.path,
        title=title,
        description=description,
        task=task,
        dataset=dataset,
        source=dict(source),
        columns=tuple(columns),
        rows=tuple(rows),
    )
