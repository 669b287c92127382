"""The pipeline: read every file of a list, validate it, cross-check it, and return one Catalog.

read (`load`) and the curators' records (`evidence`) -> validate each file (`validate`, `datafiles`)
-> the list rules (duplicates, references, coverage) -> attach repository health (`health`) ->
Catalog. Every problem of every file is collected before anything is returned; `InvalidList`
carries them all.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.core.datafiles import validate_benchmark, validate_list_info, validate_taxonomy
from generator.core.entry_cache import EntryCache
from generator.core.evidence import Evidence, read_evidence
from generator.core.health import HEALTH_FILE, HealthDataError, load_health
from generator.core.identity import Identity, entry_identity, identity_of
from generator.core.load import (
    ENTRIES_DIR,
    LIST_FILE,
    TAXONOMY_FILE,
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
from generator.lib.memory import collector_paused
from generator.model.catalog import BenchmarkTable, Catalog
from generator.model.entry import Entry
from generator.model.problems import ERROR, Problem
from generator.model.taxonomy import Taxonomy


class InvalidList(LamError):
    """The list has problems; `problems` says each one, with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()  # reported problem by problem, not as one line
        self.problems = sorted(problems)


@collector_paused()
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
    results: list[Checked | None] = []  # by file; None: to parse and validate
    to_check: list[tuple[str, str]] = []
    keys: dict[str, tuple[str, str]] = {}  # file to check -> its cache key and state, when the cache is on
    for path in files:
        rel = relative_path(path, root)
        state = cache.file_state(path)
        key = cache.key_of_unchanged(rel, state)
        cached = cache.get(key, today, rel, state) if key else None
        if cached is None:
            text, read_problems = read_text(path, rel)
            key = EntryCache.key(rel, text) if text is not None and cache.enabled else ""
            cached = cache.get(key, today, rel, state) if key else None
        if cached is not None:
            results.append((cached[0], [], cached[1]))
        elif text is None:
            results.append((None, read_problems, None))
        else:
            results.append(None)
            to_check.append((rel, text))
            if key:
                keys[rel] = (key, state)
    checked = iter(check_entries(to_check, taxonomy, evidence, today))
    for result in results:
        entry, entry_problems, identity = result or next(checked)
        problems += entry_problems
        if identity is not None:
            identities.append(identity)
        if entry is not None:
            entries.append(entry)
            if entry.path in keys and not entry_problems and identity is not None:
                key, state = keys[entry.path]
                cache.put(key, entry, identity, entry.path, state)
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


Checked = tuple[Entry | None, list[Problem], Identity | None]
"""An entry file parsed and validated: its Entry (None when it has an error), its problems (warnings
too) and its identity (None when its front matter did not parse)."""

PARALLEL_FROM = 2000
"""Entry files to parse and validate from which `check_entries` shares them with worker processes,
one per further core; below it, starting a worker costs more than it saves."""
_job: tuple[Taxonomy, Evidence, dt.date] | None = None  # what forked workers check files against


def check_entries(texts: list[tuple[str, str]], taxonomy: Taxonomy, evidence: Evidence, today: dt.date) -> list[Checked]:
    """Parse and validate entry files given as (path, text), in their order. Thousands of files are
    shared with forked worker processes (Linux, and only from a process with no other thread, where
    forking is safe); this process checks the first share meanwhile."""
    global _job
    forkable = sys.platform.startswith("linux") and threading.active_count() == 1
    workers = min(len(os.sched_getaffinity(0)), len(texts) * 2 // PARALLEL_FROM) if forkable else 1
    if workers < 2:
        return [_check(rel, text, taxonomy, evidence, today) for rel, text in texts]
    size = -(-len(texts) // workers)
    shares = [texts[start:start + size] for start in range(0, len(texts), size)]
    _job = (taxonomy, evidence, today)
    try:  # a worker that dies (killed, out of memory) raises BrokenProcessPool here, never hangs
        with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_check_share, share) for share in shares[1:]]
            first = _check_share(shares[0])
            return first + [checked for share in others for checked in share.result()]
    finally:
        _job = None


def _check_share(texts: list[tuple[str, str]]) -> list[Checked]:
    assert _job is not None
    return [_check(rel, text, *_job) for rel, text in texts]


def _check(rel: str, text: str, taxonomy: Taxonomy, evidence: Evidence, today: dt.date) -> Checked:
    doc = parse_entry_text(text, rel)
    entry = validate_entry(doc, taxonomy, evidence, today) if not doc.problems else None
    return entry, doc.problems, entry_identity(entry) if entry is not None else identity_of(doc)
