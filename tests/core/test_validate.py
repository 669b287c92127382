"""Unit tests of generator.core.validate: field rules, entry rules, cross-entry rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.core.catalog import InvalidList, load_catalog
from generator.core.checks import Invalid, check_arxiv, check_date, check_url
from generator.core.datafiles import validate_taxonomy
from generator.core.evidence import Evidence
from generator.core.identity import normalise_title, normalise_url
from generator.core.load import parse_entry_text, read_yaml_file
from generator.core.summary import check_summary
from generator.core.validate import validate_entry
from generator.lib.arxiv import arxiv_id_of
from tests.conftest import REPO, entry_text, untagged

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def taxonomy():
    return validate_taxonomy(read_yaml_file(REPO / "entries" / "taxonomy.yml", REPO))


def problems_of(text: str, taxonomy, rel: str = "entries/foundation-models/speechgpt.md") -> list[str]:
    doc = parse_entry_text(text, rel)
    assert not doc.problems, doc.problems
    validate_entry(doc, taxonomy, Evidence(), TODAY)
    return [untagged(p.as_text()) for p in doc.problems]


def test_valid_entry_becomes_a_typed_entry(taxonomy) -> None:
    doc = parse_entry_text(entry_text(code="released", links="\n  paper: https://arxiv.org/abs/2305.11000\n  code: https://github.com/0nutation/SpeechGPT"), "entries/foundation-models/speechgpt.md")
    entry = validate_entry(doc, taxonomy, Evidence(), TODAY)
    assert doc.problems == []
    assert entry.id == "speechgpt" and entry.section == "foundation-models"
    assert str(entry.date) == "2023-05" and entry.year == 2023
    assert entry.tasks == ("asr", "tts", "spoken-dialogue")
    assert list(entry.links) == ["paper", "code"] and entry.has_code
    assert entry.line_of("links.code") == 10


def test_unknown_task_suggests_the_right_one(taxonomy) -> None:
    found = problems_of(entry_text(tasks="[asr, tts2]"), taxonomy)
    assert len(found) == 1
    assert found[0].startswith(
        "entries/foundation-models/speechgpt.md:7: tasks: item 2 unknown value 'tts2'; did you mean 'tts'? allowed: asr, tts,"
    )


def test_missing_required_keys_are_all_reported(taxonomy) -> None:
    found = problems_of(entry_text(title=None, authors=None), taxonomy)
    assert found == [
        "entries/foundation-models/speechgpt.md:1: file: missing required key 'title' (text): Exact title of the paper, dataset or project.",
        "entries/foundation-models/speechgpt.md:1: file: missing required key 'authors' (list of text): Authors as `First Last` (at most 200), in the order of the current or published paper's byline; end with `others` for a truncated list. A team named in the byline (\"Seed Team\") is listed as it stands there.",
    ]


def test_unknown_key_typo(taxonomy) -> None:
    found = problems_of(entry_text(venu="ICML 2023"), taxonomy)
    assert found == ["entries/foundation-models/speechgpt.md:12: venu: unknown key; did you mean 'venue'? allowed: " + found[0].split("allowed: ")[1]]


def test_section_key_is_refused_because_the_folder_is_the_section(taxonomy) -> None:
    found = problems_of(entry_text(section="music"), taxonomy)
    assert found == [
        "entries/foundation-models/speechgpt.md:12: section: is not written in the file: the folder is the section (here 'foundation-models'); remove it"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2023-13"', "'2023-13' is not a valid date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ('"23-05"', "'23-05' is not a valid date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ('"2999"', "'2999' is in the future (today is 2026-11-26)"),
        ("[2023]", 'must be a date like "2023-05"; got a list'),
    ],
)
def test_dates(taxonomy, value: str, message: str) -> None:
    assert problems_of(entry_text(date=value), taxonomy) == [f"entries/foundation-models/speechgpt.md:5: date: {message}"]


def test_unquoted_dates_and_years_are_understood() -> None:
    assert str(check_date(dt.date(2023, 5, 18), TODAY)) == "2023-05-18"
    assert str(check_date(2023, TODAY)) == "2023"
    with pytest.raises(Invalid, match="must be a full day"):
        check_date("2023-05", TODAY, full=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2305.11000v2", "'2305.11000v2' has a version suffix; write '2305.11000'"),
        ("2313.11000", "'2313.11000' has month 13; arXiv ids start with YYMM"),
        ("2305.1100", "'2305.1100' must have 5 digits after the dot for papers since 2015"),
        ("arxiv:2305.11000", "'arxiv:2305.11000' is not an arXiv id; write it like 2305.11000 or cs/0112017"),
    ],
)
def test_arxiv_ids(value: str, message: str) -> None:
    with pytest.raises(Invalid) as raised:
        check_arxiv(value)
    assert str(raised.value) == message


def test_arxiv_ids_old_style_and_unquoted_number() -> None:
    assert check_arxiv("cs/0112017") == "cs/0112017"
    assert check_arxiv("1609.03499") == "1609.03499"
    with pytest.raises(Invalid, match='must be quoted'):
        check_arxiv(2305.11)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("javascript:alert(1)", "must be an absolute http:// or https:// URL"),
        ("data:text/html,<script>", "must be an absolute http:// or https:// URL"),
        ("https://exa mple.org", "contains whitespace or control characters"),
        ("#", "is a placeholder"),
        ("TBD", "is a placeholder"),
        ("github.com/a/b", "must be an absolute http:// or https:// URL"),
        ("https://user:pw@example.org/", "has no valid host name"),
        ('https://example.org/"onmouseover="x', "must be percent-encoded"),
        ("https://localhost/x", "an address of this machine or a private network"),
    ],
)
def test_urls(url: str, fragment: str) -> None:
    with pytest.raises(Invalid) as raised:
        check_url(url)
    assert fragment in str(raised.value)


def test_link_problems_point_at_the_link_line(taxonomy) -> None:
    found = problems_of(entry_text(links="\n  paper: https://arxiv.org/abs/2305.11000\n  video: https://example.org/v\n  code: '#'"), taxonomy)
    assert found == [
        "entries/foundation-models/speechgpt.md:10: links.video: unknown link kind 'video'; did you mean 'demo'? allowed: paper, code, demo, project, weights, dataset, docs",
        "entries/foundation-models/speechgpt.md:11: links.code: '#' is a placeholder; give the real URL or remove the link",
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "is missing: write one to three sentences below the front matter"),
        ("lowercase start.", "must start with a capital letter"),
        ("No full stop", "must end with a full stop"),
        ("A model <script>alert(1)</script>.", "raw HTML is not allowed in the summary; write plain Markdown"),
        ("<div>Block</div>", "raw HTML is not allowed in the summary; write plain Markdown"),
        ("A [link](https://evil.example) here.", "links are not allowed in the summary; put URLs under `links:`"),
        ("See https://evil.example for more.", "must not contain web or e-mail addresses; put links under `links:`"),
        ("# Heading", "must be one plain paragraph (found heading)"),
        ("| a | b |\n| - | - |\n| c | d |", "must be one plain paragraph (found table)"),
        ("One.\n\nTwo.", "must be one paragraph of plain sentences (no blank lines, no reference definitions)"),
        ("[x]: https://evil.example", "must be one paragraph of plain sentences (no blank lines, no reference definitions)"),
        ("A " + "very " * 200 + "long one.", "characters long; at most 600 (one to three sentences)"),
        ("Hidden \u202etxt.exe here.", "contains the invisible or control character U+202E; remove it"),
        # entities and escapes are judged decoded, as readers see them
        ("Hidden &#x202E;txt.exe here.", "contains the invisible or control character U+202E, written as an HTML entity; remove it"),
        ("A *soft&shy;hyphen* here.", "contains the invisible or control character U+00AD, written as an HTML entity; remove it"),
        ("Mail eve&#x40;evil.example now.", "must not contain web or e-mail addresses"),
        ("Mail **eve\\@evil.example** now.", "must not contain web or e-mail addresses"),
        ("&#97; lowercase start.", "must start with a capital letter"),
        ("No full stop&#46;&#x200C;", "contains the invisible or control character U+200C, written as an HTML entity; remove it"),
    ],
)
def test_summary_rules(body: str, message: str) -> None:
    with pytest.raises(Invalid) as raised:
        check_summary(body)
    assert message in str(raised.value)


def test_summary_entities_count_as_what_they_show() -> None:
    """An entity that shows a harmless character is fine; one in a code span shows as typed."""
    assert check_summary("&#65; model &amp; a codec&#46;") == "&#65; model &amp; a codec&#46;"
    assert check_summary("A model named `eve&#64;evil.example` in code.") == "A model named `eve&#64;evil.example` in code."


def test_summary_may_use_emphasis_and_code() -> None:
    assert check_summary("A *fast* model with `code`\nand **bold** words.") == "A *fast* model with `code` and **bold** words."


def test_summary_must_not_start_with_the_name(taxonomy) -> None:
    found = problems_of(entry_text(summary="SpeechGPT is a model."), taxonomy)
    assert found == [
        "entries/foundation-models/speechgpt.md:14: summary: starts with the work's name 'SpeechGPT'; start with what it is (the list shows the name)"
    ]


def test_code_status_must_match_links(taxonomy) -> None:
    assert problems_of(entry_text(code="released"), taxonomy) == [
        "entries/foundation-models/speechgpt.md:12: code: is 'released' but there is no links.code; add the repository URL"
    ]
    found = problems_of(entry_text(code="none", links="\n  paper: https://arxiv.org/abs/2305.11000\n  code: https://github.com/a/b"), taxonomy)
    assert found == ["entries/foundation-models/speechgpt.md:13: code: is 'none' but links.code is set; write 'released' or remove the link"]


def test_arxiv_and_paper_link_must_agree(taxonomy) -> None:
    assert problems_of(entry_text(arxiv='"2305.11001"'), taxonomy) == [
        "entries/foundation-models/speechgpt.md:9: links.paper: points to arXiv 2305.11000 but arxiv is 2305.11001; make them agree"
    ]
    assert problems_of(entry_text(arxiv=None), taxonomy) == [
        'entries/foundation-models/speechgpt.md:9: links.paper: is an arXiv link; also add arxiv: "2305.11000"'
    ]


def test_dataset_fields_only_for_datasets(taxonomy) -> None:
    assert problems_of(entry_text(size='"10 hours"'), taxonomy) == [
        "entries/foundation-models/speechgpt.md:12: size: is only for kind dataset; remove it"
    ]


def test_datasets_live_in_the_datasets_folder(taxonomy) -> None:
    found = problems_of(entry_text(kind="dataset"), taxonomy)
    assert found == ["entries/foundation-models/speechgpt.md:4: kind: 'dataset' entries live in entries/datasets/; move the file there"]
    found = problems_of(entry_text(), taxonomy, rel="entries/datasets/speechgpt.md")
    assert found == ["entries/datasets/speechgpt.md:4: kind: 'model' entries do not belong in 'datasets' (only dataset)"]


def test_also_in_cannot_repeat_the_own_section(taxonomy) -> None:
    assert problems_of(entry_text(also_in="[foundation-models]"), taxonomy) == [
        "entries/foundation-models/speechgpt.md:12: also_in: lists 'foundation-models', the entry's own section (its folder); remove it"
    ]


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        ("entries/speechgpt.md", "must be at entries/<section>/<id>.md, in a folder named after its section: foundation-models,"),
        ("entries/foundation-model/speechgpt.md", "is in folder 'foundation-model', which is not a section; did you mean 'foundation-models'?"),
        ("entries/music/Speech GPT.md", "file name 'Speech GPT.md' is not a valid id: use lowercase letters, digits and single hyphens (e.g. 'speech-gpt.md')"),
        ("entries/music/../../x.md", "must be at entries/<section>/<id>.md"),
    ],
)
def test_entry_location_rules(taxonomy, rel: str, message: str) -> None:
    found = problems_of(entry_text(), taxonomy, rel=rel)
    assert len(found) == 1 and message in found[0] and found[0].startswith(f"{rel}:1: file: ")


def test_placeholders_and_control_characters_in_text(taxonomy) -> None:
    found = problems_of(entry_text(venue="TBD", name='"Speech\\u202eGPT"'), taxonomy)
    assert found == [
        "entries/foundation-models/speechgpt.md:3: name: contains the invisible or control character U+202E; remove it",
        "entries/foundation-models/speechgpt.md:12: venue: 'TBD' is a placeholder; write the real value or remove the key",
    ]


def test_normalisers() -> None:
    assert normalise_title("AudioLM: A Language-Modeling Approach") == normalise_title("audiolm a language modeling approach")
    assert normalise_url("https://arxiv.org/pdf/2305.11000v2.pdf") == normalise_url("http://arxiv.org/abs/2305.11000")
    assert normalise_url("https://www.github.com/A/B/") == normalise_url("https://github.com/a/b")
    assert arxiv_id_of("https://arxiv.org/abs/cs/0112017v1") == "cs/0112017"
    assert arxiv_id_of("https://example.org/abs/2305.11000") == ""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def catalog_problems(root: Path) -> list[str]:
    with pytest.raises(InvalidList) as raised:
        load_catalog(root, today=TODAY)
    return [untagged(p.as_text()) for p in raised.value.problems]


def test_cross_entry_duplicates_are_reported_on_both_sides(lam_root: Path) -> None:
    write(lam_root, "entries/foundation-models/speechgpt.md", entry_text())
    write(lam_root, "entries/speech-recognition/speechgpt-copy.md", entry_text(name="SpeechGPT2", title='"SpeechGPT: empowering large language models with intrinsic cross-modal conversational abilities!"'))
    found = catalog_problems(lam_root)
    assert "entries/speech-recognition/speechgpt-copy.md:2: title: the same title is also used by entries/foundation-models/speechgpt.md:2; one entry per work" in found
    assert "entries/foundation-models/speechgpt.md:2: title: the same title is also used by entries/speech-recognition/speechgpt-copy.md:2; one entry per work" in found
    assert "entries/speech-recognition/speechgpt-copy.md:10: arxiv: the same arXiv id is also used by entries/foundation-models/speechgpt.md:10; one entry per work" in found
    assert "entries/speech-recognition/speechgpt-copy.md:9: links.paper: the same URL is also used by entries/foundation-models/speechgpt.md:9; one entry per work" in found


def test_only_related_entries_share_a_link_and_never_the_paper(lam_root: Path) -> None:
    family = "\n  paper: https://example.org/{}\n  code: https://github.com/org/family"
    write(lam_root, "entries/foundation-models/speechgpt.md", entry_text(arxiv=None, links=family.format("v1")))
    write(lam_root, "entries/foundation-models/speechgpt-2.md", entry_text(title='"SpeechGPT 2"', name="SpeechGPT2", arxiv=None, links=family.format("v2")))
    write(lam_root, "entries/music/other.md", entry_text(title='"Other"', name="Other", arxiv=None, links=family.format("v3")))
    unrelated = catalog_problems(lam_root)
    assert "entries/foundation-models/speechgpt-2.md:10: links.code: the same URL is also used by entries/foundation-models/speechgpt.md:10; one entry per work" in unrelated

    write(lam_root, "entries/foundation-models/speechgpt-2.md", entry_text(title='"SpeechGPT 2"', name="SpeechGPT2", arxiv=None, links=family.format("v2"), related="[speechgpt]"))
    found = catalog_problems(lam_root)
    assert not [p for p in found if "speechgpt-2.md" in p and "speechgpt.md" in p]  # a family shares its repository
    assert "entries/music/other.md:10: links.code: the same URL is also used by entries/foundation-models/speechgpt.md:10; one entry per work" in found

    write(lam_root, "entries/music/other.md", entry_text(title='"Other"', name="Other", arxiv=None, links=family.format("v1"), related="[speechgpt, speechgpt-2]"))
    found = catalog_problems(lam_root)
    assert "entries/music/other.md:9: links.paper: the same URL is also used by entries/foundation-models/speechgpt.md:9; one entry per work" in found
    assert not [p for p in found if "links.code" in p and "other.md" in p]


def test_duplicate_ids_across_folders(lam_root: Path) -> None:
    write(lam_root, "entries/foundation-models/speechgpt.md", entry_text())
    write(lam_root, "entries/music/speechgpt.md", entry_text(title='"Other"', arxiv=None, links="\n  paper: https://example.org/p"))
    found = catalog_problems(lam_root)
    assert "entries/music/speechgpt.md:1: id: 'speechgpt' is also the id of entries/foundation-models/speechgpt.md; rename one of the files" in found


def test_related_ids_must_resolve_and_broken_entries_still_count(lam_root: Path) -> None:
    write(lam_root, "entries/foundation-models/speechgpt.md", entry_text(related="[audiolm, speechgpt, audiolm-typo]"))
    write(lam_root, "entries/foundation-models/audiolm.md", entry_text(title='"AudioLM"', name="AudioLM", arxiv=None, links="\n  paper: https://example.org/a", date='"2999"'))
    found = catalog_problems(lam_root)
    assert found == [
        "entries/foundation-models/audiolm.md:5: date: '2999' is in the future (today is 2026-11-26)",
        "entries/foundation-models/speechgpt.md:12: related: lists the entry itself",
        "entries/foundation-models/speechgpt.md:12: related: unknown entry id 'audiolm-typo'; did you mean 'audiolm'?",
    ]


def test_every_problem_of_every_file_in_one_run(lam_root: Path) -> None:
    write(lam_root, "entries/music/a.md", entry_text(kind="modle"))
    write(lam_root, "entries/music/b.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write(lam_root, "entries/music/c.md", entry_text(title='"C"', arxiv=None, links="\n  paper: javascript:alert(1)"))
    found = catalog_problems(lam_root)
    assert [line.split(":")[0] for line in found] == ["entries/music/a.md", "entries/music/b.md", "entries/music/c.md"]
    assert found[0] == "entries/music/a.md:4: kind: unknown value 'modle'; did you mean 'model'? allowed: paper, model, dataset, benchmark, survey, tool"


def test_the_real_list_is_valid() -> None:
    catalog = load_catalog(REPO)
    assert len(catalog.entries) >= 100
    assert catalog.survey is not None and catalog.survey.kind == "survey"


def test_a_duplicate_is_reported_with_the_duplicate_files_other_problems(lam_root: Path) -> None:
    write(lam_root, "entries/foundation-models/speechgpt.md", entry_text())
    write(lam_root, "entries/music/copy.md", entry_text(kind="modle", name="Copy", links="\n  paper: https://e.org/c"))
    found = catalog_problems(lam_root)
    assert "entries/music/copy.md:4: kind: unknown value 'modle'; did you mean 'model'? allowed: paper, model, dataset, benchmark, survey, tool" in found
    assert "entries/music/copy.md:2: title: the same title is also used by entries/foundation-models/speechgpt.md:2; one entry per work" in found
    assert "entries/music/copy.md:10: arxiv: the same arXiv id is also used by entries/foundation-models/speechgpt.md:10; one entry per work" in found


def test_lists_of_mappings_in_data_files_say_which_item_is_wrong(taxonomy) -> None:
    from generator.core.datafiles import validate_benchmark
    from generator.core.load import parse_yaml_mapping

    table = parse_yaml_mapping(
        "title: T\ndescription: D\ntask: asr\ndataset: X\nsource: {survey_table: 4}\n"
        "columns: [3, {key: wer, label: WER}]\nrows: [{model: m, values: 3}, {model: n, values: {wer: 2.5}}]\n",
        "entries/benchmarks/t.yml",
    )
    assert validate_benchmark(table, taxonomy) is None
    assert [untagged(p.as_text()) for p in table.problems] == [
        "entries/benchmarks/t.yml:6: columns.0: must be a list of {key, label, metric, better} columns; this item is not a mapping",
        "entries/benchmarks/t.yml:7: rows.0.values: must be a mapping of column key to value",
    ]
    sections = parse_yaml_mapping("sections: []\n", "entries/taxonomy.yml")
    assert validate_taxonomy(sections) is None
    assert untagged(sections.problems[0].as_text()) == (
        "entries/taxonomy.yml:1: sections: must be a list of sections with id, title and description"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"' + "Long " * 13 + '"', "is 64 characters long; at most 60 (the long description is the summary)"),
        ('"zero-shot TTS"', "'zero-shot TTS' should start with a capital letter or a digit"),
        ('"Zero-shot TTS."', "'Zero-shot TTS.' should not end with '.' (the list adds the month after it)"),
        ('"TTS at www.example.org"', "'TTS at www.example.org' contains a web or e-mail address; remove it (links go under `links:`)"),
    ],
)
def test_brief_is_a_few_words(taxonomy, value: str, message: str) -> None:
    assert problems_of(entry_text(brief=value), taxonomy) == [f"entries/foundation-models/speechgpt.md:12: brief: {message}"]


def test_a_brief_that_fits_is_kept(taxonomy) -> None:
    doc = parse_entry_text(entry_text(brief='"7B speech chat model on LLaMA"'), "entries/foundation-models/speechgpt.md")
    assert validate_entry(doc, taxonomy, Evidence(), TODAY).brief == "7B speech chat model on LLaMA"


TAXONOMY_TEXT = (REPO / "entries" / "taxonomy.yml").read_text(encoding="utf-8")
A_SECTION = "sections:\n"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        # the same id twice, as written or once trimmed
        (lambda t: t.replace(A_SECTION, A_SECTION + "  - {id: music, title: Music again, description: Twice.}\n", 1),
         "sections.11: repeats the section id 'music' of sections.0; each section once"),
        (lambda t: t.replace(A_SECTION, A_SECTION + "  - {id: 'music ', title: Music again, description: Twice.}\n", 1),
         "sections.11: repeats the section id 'music' of sections.0; each section once"),
        # a vocabulary id twice once trimmed: the second silently replaced the first
        (lambda t: t.replace("tasks:\n", "tasks:\n  'asr ': Speech recognition again.\n", 1),
         "tasks: repeats the id 'asr'; each id once"),
        # a section whose folder is the benchmark tables'
        (lambda t: t.replace(A_SECTION, A_SECTION + "  - {id: benchmarks, title: Benchmarks, description: Tables.}\n", 1),
         "sections.0: 'benchmarks' is the folder of the benchmark tables (entries/benchmarks); choose another id"),
    ],
)
def test_the_taxonomy_names_each_section_and_id_once(edit, message: str) -> None:
    from generator.core.load import parse_yaml_mapping

    doc = parse_yaml_mapping(edit(TAXONOMY_TEXT), "entries/taxonomy.yml")
    assert not doc.problems
    assert validate_taxonomy(doc) is None
    found = [untagged(p.as_text()).split(": ", 1)[1] for p in doc.problems]
    assert message in found, found
