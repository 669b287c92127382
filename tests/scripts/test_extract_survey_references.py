"""Tests of scripts/extract_survey_references.py and of the data file it generates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "extract_survey_references.py"
DATA = REPO_ROOT / "data" / "survey-references.yml"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_survey_references", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


esr = _load_script()


def test_curly_quotes_and_et_al_with_asterisks() -> None:
    ref = esr.parse_reference(
        2,
        "B. Li, T. N. Sainath, K. K. Chin *et al.*, “Acoustic modeling for google home.” in *Interspeech*, "
        "2017, pp. 399–403.",
    )
    assert ref.authors == "B. Li, T. N. Sainath, K. K. Chin et al."
    assert ref.title == "Acoustic modeling for google home."
    assert ref.venue == "Interspeech"  # not "et al."
    assert ref.year == 2017
    assert ref.arxiv is None and ref.url is None


def test_straight_quotes_and_arxiv_preprint_venue() -> None:
    ref = esr.parse_reference(
        55,
        'J.-P. Briot, G. Hadjeres, and F.-D. Pachet, "Deep learning techniques for music generation—a survey," '
        "*arXiv preprint arXiv:1709.01620*, 2017.",
    )
    assert ref.authors == "J.-P. Briot, G. Hadjeres, and F.-D. Pachet"
    assert ref.title == "Deep learning techniques for music generation—a survey"
    assert ref.venue == "arXiv preprint arXiv:1709.01620"
    assert ref.arxiv == "1709.01620"
    assert ref.year == 2017


def test_title_ending_in_question_mark_and_nested_quotes() -> None:
    question = esr.parse_reference(
        17, "R. Schaeffer and S. Koyejo, “Are emergent abilities a mirage?” *arXiv preprint arXiv:2304.15004*, 2023."
    )
    assert question.title == "Are emergent abilities a mirage?"
    nested = esr.parse_reference(
        63,
        'Y. K. Dwivedi *et al.*, ""so what if chatgpt wrote it?" multidisciplinary perspectives," '
        "*International Journal of Information Management*, vol. 71, p. 102642, 2023.",
    )
    assert nested.title == '"so what if chatgpt wrote it?" multidisciplinary perspectives'
    assert nested.venue == "International Journal of Information Management"


def test_book_without_quoted_title() -> None:
    ref = esr.parse_reference(9, "I. Goodfellow, Y. Bengio, and A. Courville, *Deep learning*. MIT press, 2016.")
    assert ref.authors == "I. Goodfellow, Y. Bengio, and A. Courville"
    assert ref.title is None
    assert ref.venue == "Deep learning"
    assert ref.year == 2016


def test_web_reference_with_url_and_no_venue() -> None:
    ref = esr.parse_reference(
        231,
        'W. G. Tech, "Singability dataset," <https://www.kaggle.com/datasets/x/lyrics>, 2021, accessed: 2022-01-28.',
    )
    assert ref.title == "Singability dataset"
    assert ref.venue is None
    assert ref.url == "https://www.kaggle.com/datasets/x/lyrics"
    assert ref.year == 2021  # not the access date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*arXiv preprint arXiv:2305.11000v2*, 2023.", "2305.11000"),
        ("*arXiv preprint arXiv:cs/0112017*, 2001.", "cs/0112017"),
        ("Available: <https://arxiv.org/abs/2303.03926v3>", "2303.03926"),
        ("<https://arxiv.org/pdf/2308.15930.pdf>, 2023.", "2308.15930"),
        ("*CoRR*, vol. abs/2306.09821, 2023.", "2306.09821"),
        ("*Interspeech*, 2017, pp. 399–403.", None),
    ],
)
def test_arxiv_ids(text: str, expected: str | None) -> None:
    assert esr.find_arxiv(text) == expected


def test_year_ignores_page_ranges_and_arxiv_ids() -> None:
    assert esr.find_year("in *NAACL*. ACL, 2019, pp. 2012–2017.") == 2019
    assert esr.find_year("*arXiv preprint arXiv:2012.03411*, 2020.") == 2020
    assert esr.find_year("no year here") is None


def test_page_break_continuations_are_joined() -> None:
    text = (
        "intro\n\nREFERENCES\n\n"
        "- [1] G. Deshpande, “Ai-based audio processing: A com-\n\n"
        '- prehensive overview," *Pattern recognition*, 2022.\n'
        '- [2] Y. Sun, "Retentive network," *arXiv preprint*\n\n'
        "- arXiv:2307.08621*, 2023.\n"
    )
    first, second = esr.extract_references(text, expected=2)
    assert first.title == "Ai-based audio processing: A comprehensive overview"
    assert first.venue == "Pattern recognition"
    assert second.venue == "arXiv preprint arXiv:2307.08621"
    assert second.arxiv == "2307.08621"


@pytest.mark.parametrize(
    ("labels", "message"),
    [([1, 2, 2, 3], "duplicated numbers: [2]"), ([1, 3], "missing numbers: [2]")],
)
def test_numbering_errors_fail_loudly(labels: list[int], message: str) -> None:
    text = "REFERENCES\n" + "".join(f'- [{n}] A. B, "T{n}," *V*, 2020.\n' for n in labels)
    with pytest.raises(esr.ExtractionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        esr.extract_references(text, expected=3)


def test_main_exits_non_zero_on_bad_numbering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "survey.txt"
    survey.write_text('REFERENCES\n- [1] A. B, "T," *V*, 2020.\n- [3] C. D, "U," *W*, 2021.\n', encoding="utf-8")
    output = tmp_path / "out.yml"
    assert esr.main(["--survey", str(survey), "--output", str(output), "--expected", "3"]) == 1
    assert "missing numbers: [2]" in capsys.readouterr().err
    assert not output.exists()


def test_generated_data_file() -> None:
    text = DATA.read_text(encoding="utf-8")
    assert text.startswith("# Generated by scripts/extract_survey_references.py")
    references = yaml.safe_load(text)["references"]
    assert [ref["number"] for ref in references] == list(range(1, 301))
    speechgpt = references[90]
    assert speechgpt["number"] == 91
    assert speechgpt["arxiv"] == "2305.11000"
    assert speechgpt["title"].startswith("Speechgpt")
    assert list(speechgpt) == ["number", "authors", "title", "venue", "year", "arxiv", "url", "raw"]
