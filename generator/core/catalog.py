"""The pipeline: read every file of a list, validate it, cross-check it, and return one Catalog.

read (`load`) and the curators' records (`evidence`) -> validate each file (`validate`, `datafiles`)
-> the list rules (duplicates, references, coverage) -> attach repository health (`health`) ->
Catalog. Every problem of every file is collected before anything is returned; `InvalidList`
carries them all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.core.datafiles import validate_benchmark, validate_list_info, validate_taxonomy
from generator.core.entry_cache import EntryCache
from generator.core.evidence import read_evidence
from generator.core.health import HEALTH_FILE, HealthDataError, load_health
from generator.core.identity import entry_identity, identity_of
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
from generator.core.rules.data import HEALTH_DATA
from generator.core.rules.files import FILE
from generator.core.rules.subjects import Listing
from generator.core.validate import list_problems, validate_entry
from generator.lib.errors import LamError
from generator.model.catalog import BenchmarkTable, Catalog
from generator.model.entry import Entry
from generator.model.problems import ERROR, Problem


class InvalidList(LamError):
    """The list has problems; `problems` says each one, with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()  # reported problem by problem, not as one line
        self.problems = sorted(problems)


def load_catalog(root: Path, today: dt.date | None = None) -> Catalog:
    """Load and validate everything under `root`; InvalidList lists every problem when one is an error
    (warnings alone end up in `Catalog.warnings`).

    (Tools that want the URLs of entries even when some are invalid use `load.entry_files`
    and `load.read_entry`, whose Documents keep the raw front matter and each key's line.)
    """
    today = today or dt.date.today()
    if not (root / ENTRIES_DIR).is_dir():
        raise InvalidList([FILE.problem(ENTRIES_DIR, 1, "folder", f"not found under {root}; is --root the list's folder?")])
    taxonomy_doc = read_yaml_file(root / TAXONOMY_FILE, root)
    taxonomy = validate_taxonomy(taxonomy_doc) if not taxonomy_doc.problems else None
    info_doc = read_yaml_file(root / LIST_FILE, root)
    info = validate_list_info(info_doc) if not info_doc.problems else None
    problems = taxonomy_doc.problems + info_doc.problems
    if taxonomy is None or info is None:
        raise InvalidList(problems)
    evidence, evidence_problems = read_evidence(root)
    problems += evidence_problems
    entries: list[Entry] = []
    identities = []
    files, tree_problems = scan_entries(root, taxonomy.section_ids)
    problems += tree_problems
    cache = EntryCache(root, repr(taxonomy).encode(), evidence.digest)
    for path in files:
        rel = relative_path(path, root)
        text, read_problems = read_text(path, rel)
        key = EntryCache.key(rel, text) if text is not None and cache.enabled else ""
        entry = cache.get(key, today) if key else None
        if entry is None:
            doc = parse_entry_text(text, rel) if text is not None else Document(rel, problems=read_problems)
            entry = validate_entry(doc, taxonomy, evidence, today) if not doc.problems else None
            problems += doc.problems
            if entry is None:
                if (identity := identity_of(doc)) is not None:
                    identities.append(identity)
                continue
            if not doc.problems:
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
    listing = Listing(tuple(entries), tuple(identities), frozenset(path.stem for path in files), tuple(benchmarks), info, info_doc, evidence)
    problems += list_problems(listing)
    try:
        health = load_health(root)
    except HealthDataError as exc:
        problems.append(HEALTH_DATA.problem(HEALTH_FILE, 1, "data", str(exc)))
    if any(p.severity == ERROR for p in problems):
        raise InvalidList(problems)
    entries.sort(key=Entry.sort_key)
    return Catalog(info=info, taxonomy=taxonomy, entries=tuple(entries), benchmarks=tuple(benchmarks), health=health,
                   warnings=tuple(sorted(problems)))
