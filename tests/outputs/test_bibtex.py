"""Every BibTeX record has the type its venue calls for, read by a real BibTeX implementation
(pybtex) and printed by a standard style (plain) without a missing field."""

from __future__ import annotations

import dataclasses

import pytest
from pybtex import errors
from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin

from generator.core.catalog import load_catalog
from generator.outputs.bibtex import bibtex, record_type
from generator.outputs.exports import references_bib
from tests.conftest import REPO


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO)


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("ICLR 2026", "inproceedings"),
        ("Interspeech 2024", "inproceedings"),
        ("Findings of ACL 2025", "inproceedings"),
        ("NeurIPS 2023 Datasets and Benchmarks", "inproceedings"),
        ("IEEE/ACM TASLP 2024", "article"),
        ("IEEE Transactions on Multimedia 2023", "article"),
        ("TACL 2023", "article"),
        ("npj Digital Medicine 2023", "article"),
        ("", "misc"),
    ],
)
def test_record_type_follows_the_venue(catalog, venue: str, kind: str) -> None:
    work = dataclasses.replace(catalog.entries[0], venue=venue)
    assert record_type(work) == kind
    assert bibtex(work).startswith(f"@{kind}{{")


def formatted(data: BibliographyData) -> dict[str, str]:
    """Each parsed record as the plain style prints it, by key; a missing required field raises (strict mode)."""
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    errors.set_strict_mode(True)
    try:
        return {entry.key: entry.text.render(backend) for entry in style.format_bibliography(data).entries}
    finally:
        errors.set_strict_mode(False)


def test_every_record_of_the_list_reads_and_prints_in_a_standard_style(catalog) -> None:
    bib = references_bib(catalog)
    data = parse_string(bib, "bibtex")
    assert len(data.entries) == len(catalog.entries)
    printed = formatted(data)
    by_key = {key: record for key, record in data.entries.items()}
    for work in catalog.entries:
        key = next(k for k in by_key if k.lower().endswith(f"{work.year}{work.id}"))
        record, text = by_key[key], printed[key]
        assert record.type == record_type(work), work.id
        if record.type == "inproceedings":
            assert "booktitle" in record.fields and "journal" not in record.fields, work.id
        elif record.type == "article":
            assert "journal" in record.fields, work.id
        elif work.arxiv:
            assert f"arXiv:{work.arxiv}" in text, (work.id, text)  # a preprint is cited by its arXiv id
    counts = {kind: sum(r.type == kind for r in data.entries.values()) for kind in ("inproceedings", "article", "misc")}
    assert counts["inproceedings"] > 200 and counts["article"] > 10, counts


def test_no_conference_is_cited_as_a_journal(catalog) -> None:
    data = parse_string(references_bib(catalog), "bibtex")
    conferences = ("ICLR", "ICML", "NeurIPS", "Interspeech", "ICASSP", "ACL", "EMNLP", "NAACL", "AAAI", "CVPR", "ISMIR")
    wrong = [(k, r.fields["journal"]) for k, r in data.entries.items()
             if "journal" in r.fields and r.fields["journal"].split()[0] in conferences]
    assert not wrong, wrong
