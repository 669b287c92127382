"""The pipeline: read every file of a list, validate it, cross-check it, and return one Catalog.

read (`load`) -> validate each file (`validate`, `datafiles`) -> cross-check (`identity`,
references) -> attach repository health (`health`) -> Catalog. Every problem of every file is
collected before anything is returned; `InvalidList` carries them all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.core.datafiles import validate_benchmark, validate_list_info, validate_taxonomy
from generator.core.entry_cache import EntryCache
from generator.core.health import HEALTH_FILE, HealthDataError, load_health
from generator.core.identity import duplicate_problems, entry_identity, identity_of
from generator.core.load import (
    ENTRIES_DIR,
    LIST_FILE,
    TAXONOMY_FILE,
    Document,
    benchmark_files,
    parse_entry_text,
    read_text,
    read_yaml_file,
    relative_path,
    scan_entries,
)
from generator.core.validate import reference_problems, validate_entry
from generator.lib.errors import LamError
from generator.model.catalog import BenchmarkTable, Catalog
from generator.model.entry import Entry
from generator.model.problems import Problem


class InvalidList(LamError):
    """The list has problems; `problems` says each one, with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()  # reported problem by problem, not as one line
        self.problems = sorted(problems)


def load_catalog(root: Path, today: dt.date | None = None) -> Catalog:
    """Load and validate everything under `root`; InvalidList lists every problem.

    (Tools that want the URLs of entries even when some are invalid use `load.entry_files`
    and `load.read_entry`, whose Documents keep the raw front matter and each key's line.)
    """
    today = today or dt.date.today()
    if not (root / ENTRIES_DIR).is_dir():
        raise InvalidList([Problem(ENTRIES_DIR, 1, "folder", f"not found under {root}; is --root the list's folder?")])
    taxonomy_doc = read_yaml_file(root / TAXONOMY_FILE, root)
    taxonomy = validate_taxonomy(taxonomy_doc)
    info_doc = read_yaml_file(root / LIST_FILE, root)
    info = validate_list_info(info_doc)
    problems = taxonomy_doc.problems + info_doc.problems
    if taxonomy is None or info is None:
        raise InvalidList(problems)
    entries: list[Entry] = []
    identities = []
    files, tree_problems = scan_entries(root)
    problems += tree_problems
    cache = EntryCache(root, (root / TAXONOMY_FILE).read_bytes())
    for path in files:
        rel = relative_path(path, root)
        text, read_problems = read_text(path, rel)
        key = EntryCache.key(rel, text) if text is not None else ""
        entry = cache.get(key) if key else None
        if entry is None:
            doc = parse_entry_text(text, rel) if text is not None else Document(rel, problems=read_problems)
            entry = validate_entry(doc, taxonomy, today) if not doc.problems else None
            problems += doc.problems
            if entry is None:
                if (identity := identity_of(doc)) is not None:
                    identities.append(identity)
                continue
            cache.put(key, entry)
        entries.append(entry)
        identities.append(entry_identity(entry))
    cache.save()
    benchmarks: list[BenchmarkTable] = []
    for path in benchmark_files(root):
        doc = read_yaml_file(path, root)
        table = validate_benchmark(doc, taxonomy) if not doc.problems else None
        problems += doc.problems
        if table is not None:
            benchmarks.append(table)
    problems += duplicate_problems(identities)
    problems += reference_problems(entries, benchmarks, {path.stem for path in files})
    if info.survey not in {e.id for e in entries} and not problems:
        problems.append(Problem(info_doc.path, info_doc.line_of("survey"), "survey", f"no entry has the id '{info.survey}'"))
    try:
        health = load_health(root)
    except HealthDataError as exc:
        problems.append(Problem(HEALTH_FILE, 1, "data", str(exc)))
    if problems:
        raise InvalidList(problems)
    entries.sort(key=Entry.sort_key)
    return Catalog(info=info, taxonomy=taxonomy, entries=tuple(entries), benchmarks=tuple(benchmarks), health=health)
