"""The list's facts, checked where a machine can: sources on primary hosts, dataset fields that fit
the data, one spelling per author, and the coverage of other public lists kept honest.

The data these tests read (data/source-hosts.yml, data/unconfirmed.yml, data/peer-coverage.yml)
says what each rule allows and why; the tests fail when an entry and that data disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
import yaml

from generator.core.catalog import load_catalog
from tests.conftest import REPO

CATALOG = load_catalog(REPO)
ENTRIES = {e.id: e for e in CATALOG.entries}
HOSTS = yaml.safe_load((REPO / "data" / "source-hosts.yml").read_text(encoding="utf-8"))
UNCONFIRMED = yaml.safe_load((REPO / "data" / "unconfirmed.yml").read_text(encoding="utf-8"))
COVERAGE = yaml.safe_load((REPO / "data" / "peer-coverage.yml").read_text(encoding="utf-8"))["works"]

ALLOWED = {host for group in ("papers", "code", "organisations", "projects") for host in HOSTS[group]}
FORBIDDEN = tuple(HOSTS["forbidden"])
INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.(?:-[A-Z]\.)?\s*)+\s[^\s.]+$")  # every given name an initial: "J. S. Chung"
SIZE = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?\+? [A-Za-z]")  # "1,000 hours", "10,000 hours transcribed (...)"
# People who write a given name as an initial themselves (not an abbreviation of the source).
OWN_INITIALS = {"Y. Charles"}


def listed(group: str) -> set[str]:
    return {item["id"] for item in UNCONFIRMED[group]}


def source_urls(entry) -> list[str]:
    return [s for s in entry.sources if s.startswith(("http://", "https://"))]


def test_every_source_is_on_a_primary_host() -> None:
    wrong = []
    for entry in CATALOG.entries:
        for url in source_urls(entry):
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if any(f"{host}{parts.path}".startswith(bad) for bad in FORBIDDEN) or host not in ALLOWED:
                wrong.append(f"{entry.path}: {url}")
    assert wrong == [], "sources on hosts that are not primary (see data/source-hosts.yml):\n" + "\n".join(wrong)


def test_the_host_list_has_no_contradictions() -> None:
    bare = {bad for bad in FORBIDDEN if "/" not in bad}
    assert ALLOWED & bare == set()
    assert len(ALLOWED) == sum(len(HOSTS[g]) for g in ("papers", "code", "organisations", "projects")), "a host is listed twice"


def test_entries_without_a_primary_source_are_exactly_the_listed_ones() -> None:
    without = {e.id for e in CATALOG.entries if not source_urls(e)}
    assert without == listed("no_primary_source"), (
        "an entry's sources must include a primary URL, or the entry must be listed in data/unconfirmed.yml "
        f"(missing there: {sorted(without - listed('no_primary_source'))}; "
        f"confirmed now, remove from the file: {sorted(listed('no_primary_source') - without)})"
    )


def test_every_unconfirmed_record_names_an_entry_and_what_is_missing() -> None:
    for group in ("no_primary_source", "authors_unconfirmed", "initials"):
        for item in UNCONFIRMED[group]:
            assert item["id"] in ENTRIES, f"data/unconfirmed.yml: {item['id']} is not an entry"
            assert (item.get("missing") or item.get("why") or "").strip(), item


def test_authors_written_as_initials_are_exactly_the_listed_entries() -> None:
    with_initials = {
        e.id for e in CATALOG.entries if any(INITIALS_ONLY.match(a) and a not in OWN_INITIALS for a in e.authors)
    }
    assert with_initials == listed("initials"), (
        f"authors must be written in full (First Last) unless listed in data/unconfirmed.yml under `initials`: "
        f"{sorted(with_initials - listed('initials'))}; now in full, remove: {sorted(listed('initials') - with_initials)}"
    )


def test_one_spelling_per_author_across_entries() -> None:
    """`Kai-Wei Chang` and `Kai-wei Chang` are one person: the list spells each name one way."""
    forms: defaultdict[str, set[str]] = defaultdict(set)
    for entry in CATALOG.entries:
        for author in entry.authors:
            forms[author.casefold()].add(author)
    assert [sorted(f) for f in forms.values() if len(f) > 1] == []


def test_no_preprint_venues() -> None:
    """A venue is where a work was published; preprints have none (the list shows the year)."""
    assert [e.path for e in CATALOG.entries if re.search(r"\b(arxiv|preprint|corr)\b", e.venue, re.IGNORECASE)] == []


@pytest.mark.parametrize("entry", [e for e in CATALOG.entries if e.kind == "dataset"], ids=lambda e: e.id)
def test_dataset_fields_fit_the_data(entry) -> None:
    spoken = {"speech", "text"} & set(entry.modalities)
    if entry.modalities and not spoken:
        assert not entry.languages and entry.multilingual is None, (
            f"{entry.path}: a {'/'.join(entry.modalities)} dataset has no languages; remove languages/multilingual"
        )
    if entry.multilingual is False:
        assert entry.languages, f"{entry.path}: a monolingual dataset names its language under `languages`"
    if entry.languages and entry.multilingual is not None:
        assert entry.multilingual == (len(entry.languages) > 1), f"{entry.path}: `multilingual` contradicts `languages`"
    if entry.size:
        assert SIZE.match(entry.size), f"{entry.path}: size {entry.size!r}: write digits with comma separators and a unit"


def test_every_work_two_peer_lists_share_is_listed_or_says_why() -> None:
    for work in COVERAGE:
        assert len(work["peers"]) >= 2, work
        if "entry" in work:
            entry = ENTRIES.get(work["entry"])
            assert entry is not None, f"data/peer-coverage.yml: {work['name']}: no entry {work['entry']!r}"
            if work.get("arxiv") and entry.arxiv:
                assert entry.arxiv == work["arxiv"], (work, entry.arxiv)
        else:
            assert work["not_listed"].split(":")[0] in ("unconfirmed", "excluded", "not yet added"), work


def test_the_list_covers_most_of_what_peer_lists_share() -> None:
    held = sum("entry" in work for work in COVERAGE)
    assert held / len(COVERAGE) >= 0.85, f"{held} of {len(COVERAGE)}"
