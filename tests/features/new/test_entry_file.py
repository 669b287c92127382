"""The entry file: ids from titles, YAML that reads back to the same values, a placeholder the validator rejects."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.checks import Invalid
from generator.core.datafiles import validate_taxonomy
from generator.core.load import parse_entry_text, read_yaml_file
from generator.core.summary import check_summary
from generator.features.new.entry_file import entry_id_for, first_sentence, name_of, render_entry
from generator.features.new.work import ScaffoldError, Work
from tests.conftest import REPO

TAXONOMY = validate_taxonomy(read_yaml_file(REPO / "entries" / "taxonomy.yml", REPO))
TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("title", "entry_id", "name"),
    [
        ("SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities", "speechgpt", "SpeechGPT"),
        ("Sparks of Large Audio Models: A Survey and Outlook", "sparks-of-large-audio-models", "Sparks of Large Audio Models"),
        ("AudioLM: a Language Modeling Approach to Audio Generation", "audiolm", "AudioLM"),
        ("Über-TTS 2.0: Fast", "uber-tts-2-0", "Über-TTS 2.0"),
        ("Robust Speech Recognition via Large-Scale Weak Supervision", "robust-speech-recognition-large-scale", ""),
        ("The Effect of a Very Long Title Prefix That Is Clearly Not a Name: Subtitle", "effect-very-long-title-prefix", ""),
    ],
)
def test_ids_and_names_from_titles(title: str, entry_id: str, name: str) -> None:
    assert (entry_id_for(title), name_of(title)) == (entry_id, name)


def test_a_title_without_latin_letters_needs_an_id() -> None:
    with pytest.raises(ScaffoldError, match="give one with --id"):
        entry_id_for("语音大模型")


def test_first_sentence_is_cut_at_the_sentence_end_and_length() -> None:
    assert first_sentence("We propose X, e.g. a model. It works.  ") == "We propose X, e.g. a model."
    long = first_sentence("word " * 200)
    assert len(long) <= 302 and long.endswith(" \u2026")


text_values = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60).map(
    lambda s: " ".join(s.split())
).filter(bool)


@settings(max_examples=60, deadline=None)
@given(title=text_values, authors=st.lists(text_values, min_size=1, max_size=5), abstract=st.text(max_size=400))
def test_front_matter_reads_back_to_the_same_values(title: str, authors: list[str], abstract: str) -> None:
    work = Work(title=title, authors=tuple(authors), date="2023-05-18", paper_url="https://arxiv.org/abs/2305.11000",
                arxiv="2305.11000", venue=title, abstract=abstract)
    doc = parse_entry_text(render_entry(work, "paper", TAXONOMY, TODAY), "entries/music/x.md")
    assert doc.problems == []
    assert doc.data["title"] == title and doc.data["authors"] == authors and doc.data["venue"] == title
    assert (doc.data["date"], doc.data["arxiv"], doc.data["added"]) == ("2023-05-18", "2305.11000", "2026-11-26")
    assert doc.data["links"] == {"paper": "https://arxiv.org/abs/2305.11000"} and doc.data["tasks"] == []
    assert doc.body.startswith("<!-- awesome-lam new:") and doc.body.endswith("-->")
    assert doc.body.count("-->") == 1
    with pytest.raises(Invalid, match="is still the placeholder written by `awesome-lam new`"):
        check_summary(doc.body)


def test_every_vocabulary_is_listed_in_comments() -> None:
    work = Work(title="T", authors=("A B",), date="2023", paper_url="https://example.org/p")
    text = render_entry(work, "dataset", TAXONOMY, TODAY)
    comments = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    for vocabulary in (TAXONOMY.tasks, TAXONOMY.modalities, TAXONOMY.code, TAXONOMY.access, TAXONOMY.section_ids):
        for value in vocabulary:
            assert value in comments
    assert "arxiv:" not in text and "The abstract begins" not in text
    assert "\n# brief: what it is in a few words, shown on its README line (at most 60 characters" in text
    assert yaml.safe_load(text.split("---\n")[1])["kind"] == "dataset"
