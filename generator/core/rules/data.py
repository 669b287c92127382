"""Rules on the list's data files, checked as core/datafiles.py reads them."""

from __future__ import annotations

from generator.core.rules.registry import rule

TAXONOMY = rule(
    "taxonomy",
    "entries/taxonomy.yml names each section once (id, title, description) and maps every vocabulary id to a description.",
    ignorable=False,
)
LIST_INFO = rule(
    "list-info",
    "entries/list.yml gives the list's title, tagline, description, addresses, licence and the id of its survey entry.",
    ignorable=False,
)
BENCHMARK_TABLE = rule(
    "benchmark-table",
    "A results table under entries/benchmarks/ has a title, a task, a source, columns with keys and rows that use them.",
    ignorable=False,
)
HEALTH_DATA = rule(
    "health-data",
    "data/repo-health.json is the file `awesome-lam meta` writes: a record per repository with known fields.",
    ignorable=False,
)
DATA_FILE = rule(
    "data-file",
    "data/source-hosts.yml, data/unconfirmed.yml, data/peer-coverage.yml and data/declined.yml have the shape their comments describe.",
    ignorable=False,
)
