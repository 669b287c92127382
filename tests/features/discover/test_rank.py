"""rank.Ranker on the real list: what it puts first, and why it says so."""

from __future__ import annotations

import gzip
import json
from functools import cache

from generator.core.catalog import load_catalog
from generator.features.discover.rank import NAME_SHARE, Ranker, words
from generator.model.catalog import Catalog
from tests.conftest import REPO

OCTOBER = REPO / "benchmarks" / "fixtures" / "arxiv-listing-2025-10.jsonl.gz"


@cache
def catalog() -> Catalog:
    return load_catalog(REPO)


@cache
def october() -> list[tuple[str, str]]:
    with gzip.open(OCTOBER, "rt", encoding="utf-8") as lines:
        return [(paper["title"], paper["summary"]) for paper in map(json.loads, lines)]


def test_words_are_lower_case_words_and_their_pairs() -> None:
    assert words("Large Audio-Models!") == ["large", "audio", "models", "large audio", "audio models"]


AUDIO_PAPER = (
    "Listening and Reasoning: A Large Audio Language Model Built on Qwen2-Audio",
    "We fine-tune Qwen2-Audio with reinforcement learning for audio question answering and evaluate on MMAU, "
    "where the large audio language model improves audio reasoning over speech, sound and music.",
)
PROTEIN_PAPER = ("Graph Neural Networks for Protein Folding", "We predict protein structures from sequences with message passing networks.")


@cache
def october_ranked() -> list:
    """October 2025's listing and the two probe papers, ranked once for the tests that read it (a
    month's ranking takes seconds): each probe is one paper more among some two thousand."""
    return Ranker(catalog()).rank([*october(), AUDIO_PAPER, PROTEIN_PAPER])


def rank_among_october(paper: tuple[str, str]) -> tuple[int, object]:
    """Where a probe paper ranks among October 2025's listing, and its ranking."""
    ranked = october_ranked()
    mine = ranked[len(october()) + (AUDIO_PAPER, PROTEIN_PAPER).index(paper)]
    return sum(r.weight > mine.weight for r in ranked[: len(october())]) + 1, mine


def test_an_audio_language_model_paper_ranks_near_the_top_with_its_reasons() -> None:
    place, ranked = rank_among_october(AUDIO_PAPER)
    assert place <= 10
    assert 0.5 <= ranked.score <= 1
    assert any(why.startswith("names ") and "Qwen2-Audio" in why and "MMAU" in why for why in ranked.why), ranked.why
    assert any(why.startswith("like ") for why in ranked.why) and ranked.like
    listed = catalog().by_id()
    assert ranked.section in {section for work in ranked.like for section in listed[work].sections}


def test_a_paper_of_another_field_ranks_near_the_bottom() -> None:
    place, ranked = rank_among_october(PROTEIN_PAPER)
    assert place > 0.8 * len(october()) and ranked.score < 0.1


def test_a_name_most_papers_mention_counts_for_nothing() -> None:
    papers = [(f"Paper {n}", "We compare our model with Whisper on speech recognition.") for n in range(50)]
    share = sum("Whisper" in summary for _, summary in papers) / len(papers)
    assert share > NAME_SHARE
    assert not any(why.startswith("names") for ranked in Ranker(catalog()).rank(papers) for why in ranked.why)


def test_a_one_word_name_must_be_written_as_the_list_writes_it() -> None:
    ranked = Ranker(catalog()).rank([("A dialogue model", "Compared with Moshi on spoken dialogue."),
                                     ("A dialogue model", "Compared with moshi on spoken dialogue.")]
                                    + [(f"Filler {n}", "Sound event detection.") for n in range(40)])
    assert any("Moshi" in why for why in ranked[0].why)
    assert not any(why.startswith("names") for why in ranked[1].why)


def test_every_paper_of_a_month_gets_a_score_from_0_to_1() -> None:
    ranked = october_ranked()
    assert len(ranked) == len(october()) + 2 and all(0 <= r.score <= 1 for r in ranked)
