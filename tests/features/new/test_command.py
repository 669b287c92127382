"""`awesome-lam new` against a real HTTP server on 127.0.0.1 answering like the arXiv API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import user_agent
from tests.conftest import entry_text, run_cli
from tests.features.new.conftest import TODAY
from tests.local_server import Reply

SPEECHGPT = "entries/foundation-models/speechgpt.md"


def entry_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "entries").rglob("*") if p.is_file()}


def assert_failed_cleanly(result, root: Path, before: set[str], code: int = 1) -> None:
    """One `awesome-lam:` line on stderr, no traceback, nothing on stdout, no file written."""
    assert result.returncode == code, result
    assert result.stderr.startswith("awesome-lam: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert entry_files(root) == before


def test_writes_a_prefilled_entry_from_arxiv(new, lam_root, arxiv_api) -> None:
    result = new("2305.11000", "--section", "foundation-models")
    assert result.returncode == 0, result.stderr
    assert f"wrote {lam_root / SPEECHGPT}" in result.stdout
    assert "validate" in result.stdout and "README.md is regenerated on main after the merge" in result.stdout
    text = (lam_root / SPEECHGPT).read_text(encoding="utf-8")
    assert 'title: "SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities"' in text
    assert "name: SpeechGPT\n" in text
    assert "kind: paper  # one of: paper, model, dataset, benchmark, survey, tool\n" in text
    assert 'date: "2023-05-18"\n' in text
    assert "authors: [Dong Zhang, Shimin Li, Xin Zhang, Jun Zhan, Pengyu Wang, Yaqian Zhou, Xipeng Qiu]\n" in text
    assert "  paper: https://arxiv.org/abs/2305.11000\n" in text
    assert 'arxiv: "2305.11000"\n' in text
    assert f'added: "{TODAY}"\n' in text
    assert "#   asr, tts, voice-conversion," in text and "\ntasks: []\n" in text
    assert "#   speech, music, audio, text, symbolic-music, vision\n" in text
    assert "#   released, announced, none, unknown\n" in text
    assert "<!-- awesome-lam new: replace this comment" in text
    assert '"Multi-modal large language models are regarded as a crucial step towards' in text
    path, query, agent = arxiv_api.requests[0]
    assert (path, query["id_list"]) == ("/api/query", ["2305.11000"])
    assert agent == user_agent("new") and "awesome-large-audio-models" in agent


@pytest.mark.parametrize(
    "reference",
    ["2305.11000v2", "arXiv:2305.11000v1", "https://arxiv.org/abs/2305.11000v2", "http://arxiv.org/pdf/2305.11000v1.pdf",
     "https://export.arxiv.org/abs/2305.11000"],
)
def test_versions_prefixes_and_urls_are_reduced_to_the_bare_id(new, lam_root, arxiv_api, reference) -> None:
    assert new(reference, "--section", "foundation-models").returncode == 0
    assert arxiv_api.requests[0][1]["id_list"] == ["2305.11000"]
    assert 'arxiv: "2305.11000"\n' in (lam_root / SPEECHGPT).read_text(encoding="utf-8")


@pytest.mark.parametrize("reference", ["cs/0112017", "cs/0112017v1", "https://arxiv.org/abs/cs/0112017v1"])
def test_old_style_ids(new, lam_root, arxiv_api, reference) -> None:
    result = new(reference, "--section", "speech-recognition")
    assert result.returncode == 0, result.stderr
    assert arxiv_api.requests[0][1]["id_list"] == ["cs/0112017"]
    text = (lam_root / "entries/speech-recognition/statistical-models-spoken-dialogue-speech.md").read_text(encoding="utf-8")
    assert 'arxiv: "cs/0112017"\n' in text and "paper: https://arxiv.org/abs/cs/0112017\n" in text
    assert "authors: [Jörg Müller, Ana María López]\n" in text
    assert "\nname:" not in text  # no `Name: subtitle` title, no short name


def test_the_written_entry_validates_once_summary_and_tasks_are_filled(new, lam_root) -> None:
    assert new("2305.11000", "--section", "foundation-models").returncode == 0
    path = lam_root / SPEECHGPT
    untouched = run_cli(lam_root, "validate", str(path))
    assert untouched.returncode == 1
    tasks_line = path.read_text(encoding="utf-8").splitlines().index("tasks: []") + 1
    assert f"{SPEECHGPT}:{tasks_line}: tasks: is an empty list; add values or remove the key" in untouched.stderr
    assert "summary: is still the placeholder written by `awesome-lam new`" in untouched.stderr
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.rpartition("---\n")
    edited = head.replace("tasks: []", "tasks: [asr, tts, spoken-dialogue]").replace("modalities: []", "modalities: [speech, text]")
    path.write_text(edited + "---\nA chat model that listens and answers in discrete speech units as well as text.\n", encoding="utf-8")
    validated = run_cli(lam_root, "validate", str(path))
    assert validated.returncode == 0, validated.stderr
    built = run_cli(lam_root, "build")
    assert built.returncode == 0, built.stderr
    assert "[SpeechGPT](https://arxiv.org/abs/2305.11000)" in (lam_root / "README.md").read_text(encoding="utf-8")


def test_an_unknown_id_is_one_line_and_no_file(new, lam_root) -> None:
    before = entry_files(lam_root)
    result = new("2412.99999", "--section", "music")
    assert_failed_cleanly(result, lam_root, before)
    assert "arXiv has no paper 2412.99999; check the id" in result.stderr


def test_an_error_entry_is_reported_with_arxivs_reason(new, lam_root) -> None:
    before = entry_files(lam_root)
    result = new("2301.00001", "--section", "music")
    assert_failed_cleanly(result, lam_root, before)
    assert "the arXiv API refused 2301.00001: incorrect id format for 2301.00001" in result.stderr


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(b"Rate exceeded.", content_type="text/plain"), "is not valid Atom XML"),
        (Reply(b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>cut"), "is not valid Atom XML"),
        (Reply(b"<html><body>maintenance</body></html>", content_type="text/html"), "XML but not an Atom feed"),
        (Reply(b"busy", status=503, content_type="text/plain"), "answered HTTP 503 Service Unavailable; try again later"),
    ],
)
def test_bad_answers_are_one_line(new, lam_root, arxiv_api, reply, message) -> None:
    arxiv_api.replies["2305.11000"] = reply
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert message in result.stderr


def test_an_answer_about_another_paper_is_refused(new, lam_root, arxiv_api) -> None:
    arxiv_api.replies["2305.11001"] = arxiv_api.replies["2305.11000"]
    result = new("2305.11001", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, entry_files(lam_root))
    assert "answered with paper 2305.11000 instead of 2305.11001" in result.stderr


def test_a_timeout_is_one_line(new, lam_root, arxiv_api) -> None:
    arxiv_api.replies["2305.11000"] = Reply(arxiv_api.replies["2305.11000"].body, delay=1.0)
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models", "--timeout", "0.2")
    assert_failed_cleanly(result, lam_root, before)
    assert "did not answer within 0.2 s" in result.stderr and "--from-bibtex" in result.stderr


def test_offline_is_one_line(new, lam_root, closed_port) -> None:
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models", "--api-url", f"http://127.0.0.1:{closed_port}")
    assert_failed_cleanly(result, lam_root, before)
    assert f"cannot reach the arXiv API at http://127.0.0.1:{closed_port}" in result.stderr
    assert "are you offline?" in result.stderr and "Connection refused" in result.stderr


def test_api_url_option_wins_over_the_environment(new, lam_root, arxiv_api, closed_port, monkeypatch) -> None:
    monkeypatch.setenv("AWESOME_LAM_ARXIV_API", f"http://127.0.0.1:{closed_port}")
    assert new("2305.11000", "--section", "foundation-models", "--api-url", arxiv_api.url + "/").returncode == 0


def test_a_listed_arxiv_id_is_refused_before_asking_arxiv(new, lam_root, arxiv_api, write_entry) -> None:
    write_entry("entries/spoken-dialogue/speech-gpt.md", entry_text(title='"Another title"'))
    before = entry_files(lam_root)
    result = new("https://arxiv.org/abs/2305.11000v3", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert "arXiv 2305.11000 is already listed: entries/spoken-dialogue/speech-gpt.md" in result.stderr
    assert arxiv_api.requests == []


def test_a_listed_title_is_refused_even_when_other_entries_are_broken(new, lam_root, write_entry) -> None:
    write_entry("entries/music/broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    write_entry("entries/not-a-section/other.md", entry_text(title='"Other"', arxiv=None, links="\n  paper: https://example.org/x"))
    write_entry(
        "entries/spoken-dialogue/speech-gpt.md",
        entry_text(title='"speechgpt -- empowering large language models with intrinsic cross-modal conversational abilities"',
                   arxiv=None, links="\n  paper: https://example.org/speechgpt", kind="[not, valid]"),
    )
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert "is already listed: entries/spoken-dialogue/speech-gpt.md" in result.stderr


def test_an_existing_file_or_id_is_never_overwritten(new, lam_root, write_entry) -> None:
    write_entry("entries/music/speechgpt.md", "my own work in progress\n")
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert "entries/music/speechgpt.md already exists; not overwriting it (choose another --id)" in result.stderr
    assert (lam_root / "entries/music/speechgpt.md").read_text() == "my own work in progress\n"
    assert new("2305.11000", "--section", "foundation-models", "--id", "speechgpt-1").returncode == 0
    assert (lam_root / "entries/foundation-models/speechgpt-1.md").is_file()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["2305.11000"], "give the work's main section with --section, one of: foundation-models, audio-language-models,"),
        (["2305.11000", "--section", "foundation-model"], "unknown section 'foundation-model'; did you mean 'foundation-models'?"),
        (["2305.11000", "--section", "music", "--kind", "modle"], "unknown kind 'modle'; did you mean 'model'?"),
        (["2305.11000", "--section", "music", "--id", "Speech_GPT"], "--id 'Speech_GPT' is not an entry id"),
        (["--section", "music"], "give an arXiv id or URL, or --from-bibtex FILE (one of them)"),
        (["2305.11000", "--section", "music", "--from-bibtex", "x.bib"], "give an arXiv id or URL, or --from-bibtex FILE"),
        (["2305.1100", "--section", "music"], "arXiv id '2305.1100' must have 5 digits after the dot for papers since 2015"),
        (["https://example.org/abs/2305.11000", "--section", "music"], "is not an arxiv.org/abs/ or arxiv.org/pdf/ URL"),
        (["not-an-id", "--section", "music"], "arXiv id 'not-an-id' is not an arXiv id"),
        (["--from-bibtex", "missing.bib", "--section", "music"], "no such file: missing.bib"),
    ],
)
def test_usage_errors_exit_2_without_asking_arxiv(new, lam_root, arxiv_api, argv, message) -> None:
    before = entry_files(lam_root)
    result = new(*argv)
    assert_failed_cleanly(result, lam_root, before, code=2)
    assert message in result.stderr
    assert arxiv_api.requests == []


def test_bad_timeout_is_an_argparse_usage_error(new) -> None:
    result = new("2305.11000", "--section", "music", "--timeout", "-1")
    assert result.returncode == 2 and "not a duration: '-1'" in result.stderr


def test_a_root_without_entries_is_a_usage_error(new, tmp_path) -> None:
    result = new("2305.11000", "--section", "music", "--root", str(tmp_path))
    assert result.returncode == 2 and "is --root the list's folder?" in result.stderr


def test_datasets_default_to_kind_dataset_with_dataset_fields(new, lam_root) -> None:
    assert new("2305.11000", "--section", "datasets", "--id", "speech-instruct").returncode == 0
    text = (lam_root / "entries/datasets/speech-instruct.md").read_text(encoding="utf-8")
    assert "kind: dataset  #" in text and "#   open, registration, restricted, proprietary, unknown\n" in text


def test_json_format_prints_the_path_only(new, lam_root) -> None:
    result = new("2305.11000", "--section", "foundation-models", "--kind", "model", "--format", "json")
    assert json.loads(result.stdout) == {"path": (lam_root / SPEECHGPT).as_posix(), "id": "speechgpt", "section": "foundation-models"}
    assert "kind: model  #" in (lam_root / SPEECHGPT).read_text(encoding="utf-8")


BIB = r"""
@inproceedings{zhang2023speechgpt,
  title     = {{SpeechGPT}: Empowering Large Language Models with Intrinsic Cross-Modal
               Conversational Abilities},
  author    = {Zhang, Dong and Li, Shimin and M{\"u}ller, J{\"o}rg and others},
  booktitle = {Findings of the Association for Computational Linguistics: EMNLP},
  year      = 2023,
  month     = dec,
  eprint    = {2305.11000v2},
  archivePrefix = {arXiv},
}
"""


def test_from_bibtex_writes_the_same_kind_of_entry_without_network(new, lam_root, arxiv_api, tmp_path) -> None:
    bib = tmp_path / "speechgpt.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = new("--from-bibtex", str(bib), "--section", "foundation-models")
    assert result.returncode == 0, result.stderr
    assert arxiv_api.requests == []
    text = (lam_root / SPEECHGPT).read_text(encoding="utf-8")
    assert 'title: "SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities"' in text
    assert "authors: [Dong Zhang, Shimin Li, Jörg Müller, others]\n" in text
    assert 'date: "2023-12"\n' in text and 'arxiv: "2305.11000"\n' in text
    assert "venue: 'Findings of the Association for Computational Linguistics: EMNLP 2023'\n" in text
    assert "The abstract begins" not in text


def test_from_bibtex_refuses_a_listed_work(new, lam_root, tmp_path, write_entry) -> None:
    write_entry(SPEECHGPT, entry_text())
    bib = tmp_path / "speechgpt.bib"
    bib.write_text(BIB, encoding="utf-8")
    before = entry_files(lam_root)
    result = new("--from-bibtex", str(bib), "--section", "spoken-dialogue")
    assert_failed_cleanly(result, lam_root, before)
    assert f"arXiv 2305.11000 is already listed: {SPEECHGPT}" in result.stderr


def test_a_broken_bibtex_file_is_one_line(new, lam_root, tmp_path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{key,\n  title = {Unclosed,\n  year = 2023\n", encoding="utf-8")
    result = new("--from-bibtex", str(bib), "--section", "music")
    assert_failed_cleanly(result, lam_root, entry_files(lam_root))
    assert "BibTeX line 1: cannot be read (Unexpectedly reached end of file.)" in result.stderr
