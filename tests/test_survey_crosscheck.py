"""Every entry that cites the survey's reference list matches that reference (issue: content)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from generator.core.catalog import load_catalog
from generator.core.identity import normalise_title
from tests.conftest import REPO

REFERENCES = {
    ref["number"]: ref
    for ref in yaml.safe_load((REPO / "data" / "survey-references.yml").read_text(encoding="utf-8"))["references"]
}
# Where the survey misprints a title, the entry keeps the real one; the erratum says so here.
ERRATA = {143: "VGGSound: A large-scale audio-visual dataset"}
# Datasets the survey cites through the paper that introduced them: reference -> entry id.
INTRODUCED_IN = {86: "million-midi"}  # [86] MusicBERT introduced the Million MIDI Dataset
CATALOG = load_catalog(REPO)
CITING = [e for e in CATALOG.entries if e.survey_ref is not None]


def test_reference_data_is_complete() -> None:
    assert sorted(REFERENCES) == list(range(1, 301))


@pytest.mark.parametrize("entry", CITING, ids=[e.id for e in CITING])
def test_survey_ref_matches_title_and_arxiv(entry) -> None:
    ref = REFERENCES.get(entry.survey_ref)
    assert ref is not None, f"{entry.path}: survey_ref {entry.survey_ref} is not in the survey's reference list"
    if ref.get("arxiv") and entry.arxiv:
        assert ref["arxiv"] == entry.arxiv, f"{entry.path}: arXiv {entry.arxiv} but reference [{entry.survey_ref}] has {ref['arxiv']}"
    printed = ERRATA.get(entry.survey_ref) or ref.get("title") or ref.get("venue") or ""
    title = normalise_title(re.sub(r"[.,]*\s*(19|20)\d\d$", "", printed))  # [239], [240] print the year inside the title
    if INTRODUCED_IN.get(entry.survey_ref) == entry.id:
        return
    assert normalise_title(entry.title) == title or (ref.get("arxiv") and ref["arxiv"] == entry.arxiv), (
        f"{entry.path}: title {entry.title!r} does not match reference [{entry.survey_ref}] {ref.get('title')!r}"
    )


def test_no_two_entries_cite_the_same_reference() -> None:
    counts = Counter(e.survey_ref for e in CITING)
    assert [n for n, c in counts.items() if c > 1] == []


def test_no_two_entries_share_arxiv_title_or_paper_url() -> None:
    for key in (lambda e: e.arxiv, lambda e: normalise_title(e.title), lambda e: e.links.get("paper", "")):
        values = [key(e) for e in CATALOG.entries if key(e)]
        assert len(values) == len(set(values))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_summaries_are_in_our_own_words() -> None:
    """No summary shares a run of ten words with the survey or the old hand-written list."""
    shared = REPO.parent / "shared"
    sources = [shared / "seeds" / "000_60c1b6d201dd8cf7.txt", shared / "reference" / "upstream-list.tsv"]
    if not all(path.exists() for path in sources):
        pytest.skip("../shared (the survey and the upstream list) is not beside the repository")
    run = 10
    words = [w for path in sources for w in _words(path.read_text(encoding="utf-8"))]
    grams = {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}
    copied = {}
    for entry in CATALOG.entries:
        summary = _words(entry.summary)
        hits = [" ".join(summary[i : i + run]) for i in range(len(summary) - run + 1) if tuple(summary[i : i + run]) in grams]
        if hits:
            copied[entry.path] = hits[0]
    assert copied == {}
