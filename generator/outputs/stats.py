"""`awesome-lam stats`: what the list holds, counted."""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.model.catalog import Catalog


def catalog_stats(catalog: Catalog, newest: int = 10) -> dict[str, Any]:
    """Counts by section, kind, task and year; works with code; the newest additions."""
    entries = catalog.entries
    by_task = Counter(task for e in entries for task in e.tasks)
    by_year = Counter(e.year for e in entries)
    by_section = Counter(e.section for e in entries)
    recent = sorted(entries, key=lambda e: (e.added, e.id), reverse=True)[:newest]
    counts = catalog.counts()
    return {
        "entries": counts.works,
        "with_code": counts.with_code,
        "by_section": {s.id: by_section.get(s.id, 0) for s in catalog.taxonomy.sections},
        "by_kind": dict(sorted(Counter(e.kind for e in entries).items())),
        "by_task": dict(sorted(by_task.items(), key=lambda item: (-item[1], item[0]))),
        "by_year": dict(sorted(by_year.items())),
        "benchmark_tables": counts.benchmarks,
        "newest": [{"id": e.id, "name": e.display_name, "added": e.added.isoformat(), "path": e.path} for e in recent],
    }


def format_stats(stats: dict[str, Any]) -> str:
    """Plain-text report of `catalog_stats`."""
    lines = [f"{stats['entries']} entries, {stats['with_code']} with official code, {stats['benchmark_tables']} benchmark tables"]
    for title, key in (("By section", "by_section"), ("By kind", "by_kind"), ("By task", "by_task"), ("By year", "by_year")):
        counts = stats[key]
        width = max((len(str(k)) for k in counts), default=0)
        lines += ["", f"{title}:"] + [f"  {str(k).ljust(width)}  {v:>5}" for k, v in counts.items()]
    lines += ["", "Newest additions:"] + [f"  {n['added']}  {n['name']}  ({n['path']})" for n in stats["newest"]]
    return "\n".join(lines)
