"""Property-based hardening: arbitrary input never crashes the loader, validator or README.

Every input gives the documented result (a Document with problems, or an Entry), and whatever
validates renders inert: no raw HTML, no non-http(s) link, no extra table cell, no heading.
Also: the fast paths added for speed agree with their plain definitions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.checks import bad_character
from generator.core.datafiles import validate_list_info, validate_taxonomy
from generator.core.evidence import Evidence
from generator.core.identity import normalise_title
from generator.core.load import Document, parse_entry_text, read_entry, read_yaml_file
from generator.core.summary import _one_paragraph, _parser, check_summary
from generator.core.validate import validate_entry
from generator.model.catalog import Catalog
from generator.model.entry import Entry
from generator.outputs.markdown import md_url
from generator.outputs.readme import render_readme
from generator.outputs.templates import templates_dir
from generator.outputs.timeline import IMAGE_DARK, IMAGE_LIGHT
from tests.conftest import REPO, SURVEY
from tests.github_markdown import Tags, github_html

TODAY = dt.date(2026, 11, 26)
PATH = "entries/foundation-models/work.md"
DATASET_PATH = "entries/datasets/corpus.md"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAXONOMY = validate_taxonomy(read_yaml_file(REPO / "entries" / "taxonomy.yml", REPO))
INFO = validate_list_info(read_yaml_file(REPO / "entries" / "list.yml", REPO))
assert TAXONOMY is not None and INFO is not None

NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</td><td>", "<!--", "-->", "<div>", "</table>",
    "javascript:alert(1)", "[x](javascript:alert(1))", "[x](https://evil.example)", "![i](https://evil.example/i.png)",
    "<https://evil.example>", "https://evil.example", "www.evil.example", "[a]: https://evil.example",
    "|", " | ", "\\|", "`", "```", "~~~", "*", "**", "_", "__", "[", "]", "(", ")", "<", ">", "&", "&lt;", "&#60;",
    "#", "# ", "## Heading", "\n", "\r\n", "\r", "\n\n", "!", "~", "{{ 7*7 }}", "{% raw %}", "'", '"', "\\", "- ", "1. ",
    "> ", "    ", "  \n", "\t", "---", "===", "\u202e", "\u200b", "\x00", "\x1b", "\ufeff", "é", "字", "🎵", "A", "a", ".",
    # halves of markup that only the concatenation of two fields completes
    "[click me](javascript:alert(1).", '"x")', "](//evil.example/x", "![i](https://evil.example/i.png", ")", '"',
    "www.evil.example", "evil@example.org", "https:", "//evil.example", "\ufffe", "\uffff", "\ufdd0",
]
nasty_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY), max_size=8).map("".join),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=5)), max_size=8).map("".join),
)
yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty_text, st.dates(), st.datetimes()
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.one_of(nasty_text, st.integers()), inner, max_size=4)),
    max_leaves=12,
)


def problem_or_entry(doc: Document) -> Entry | None:
    """The documented outcome of validation: an Entry and no problems, or None and problems."""
    entry = validate_entry(doc, TAXONOMY, Evidence(), TODAY) if not doc.problems else None
    if entry is None:
        assert doc.problems, "an entry that does not validate says why"
        for problem in doc.problems:
            assert problem.path == doc.path and problem.line >= 1 and problem.message
    else:
        assert not doc.problems
    return entry


# ---------------------------------------------------------------------------------------------
# Loader and validator never crash


@FAST
@given(st.text())
def test_parse_entry_text_on_any_text(text: str) -> None:
    doc = parse_entry_text(text, PATH)
    assert doc.problems or isinstance(doc.data, dict)
    problem_or_entry(doc)


@FAST
@given(st.text(), st.text())
def test_parse_entry_text_on_any_front_matter(front: str, body: str) -> None:
    problem_or_entry(parse_entry_text(f"---\n{front}\n---\n{body}", PATH))


@FAST
@given(st.binary(max_size=2000))
def test_read_entry_on_any_bytes(tmp_path_factory, data: bytes) -> None:
    root = tmp_path_factory.getbasetemp()
    path = root / "entries" / "foundation-models" / "bytes.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    doc = read_entry(path, root)
    assert doc.path == "entries/foundation-models/bytes.md"
    problem_or_entry(doc)


@SLOW
@given(st.dictionaries(st.one_of(nasty_text, st.sampled_from(["title", "kind", "links", "tasks", "date", "authors"])), yaml_values, max_size=8), nasty_text)
def test_validate_entry_on_any_mapping(data: dict, body: str) -> None:
    problem_or_entry(Document(PATH, data=data, body=body))


@SLOW
@given(st.dictionaries(st.text(max_size=10), yaml_values, max_size=8))
def test_any_yaml_document_round_trips_to_a_result(data: dict) -> None:
    try:
        front = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    problem_or_entry(parse_entry_text(f"---\n{front}---\nA summary.\n", PATH))


# ---------------------------------------------------------------------------------------------
# Whatever validates renders inert

WORK = {
    "title": "SpeechGPT: Empowering Large Language Models",
    "name": "SpeechGPT",
    "kind": "model",
    "date": "2023-05",
    "authors": ["Dong Zhang", "Shimin Li"],
    "venue": "EMNLP 2023",
    "tasks": ["asr", "tts"],
    "modalities": ["speech", "text"],
    "train_data": ["Libri-Light"],
    "survey_sections": ["2.4.1"],
    "links": {"paper": "https://arxiv.org/abs/2305.11000", "code": "https://github.com/a/b"},
    "code": "released",
    "arxiv": "2305.11000",
    "added": "2026-11-26",
}
CORPUS = {
    "title": "A Corpus of Speech",
    "name": "SpeechCorpus",
    "kind": "dataset",
    "date": "2020",
    "authors": ["Ann Author"],
    "tasks": ["asr"],
    "modalities": ["speech"],
    "links": {"dataset": "https://data.example/corpus"},
    "size": "1,000 hours",
    "languages": ["English"],
    "access": "open",
    "license": "CC-BY-4.0",
    "added": "2026-11-26",
}
SUMMARY = "A chat model that reads and writes discrete speech units."
TEXT_FIELDS = [
    ("work", "title"), ("work", "name"), ("work", "venue"), ("work", "authors.0"), ("work", "authors.1"),
    ("work", "train_data.0"), ("work", "survey_sections.0"), ("work", "links.paper"), ("work", "links.code"),
    ("work", "summary"), ("corpus", "name"), ("corpus", "size"), ("corpus", "languages.0"), ("corpus", "license"),
    ("corpus", "title"), ("corpus", "links.dataset"),
]
SURVEY_ENTRY = validate_entry(parse_entry_text(SURVEY, "entries/surveys/sparks-of-large-audio-models.md"), TAXONOMY, Evidence(), TODAY)




def substitute(base: dict, dotted: str, value: str) -> dict:
    data = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in base.items()}
    key, _, sub = dotted.partition(".")
    if not sub:
        data[key] = value
    elif isinstance(data[key], list):
        data[key][int(sub)] = value
    else:
        data[key][sub] = value
    return data


def readme_html(entries: list[Entry]) -> tuple[str, str]:
    catalog = Catalog(info=INFO, taxonomy=TAXONOMY, entries=tuple(sorted(entries, key=Entry.sort_key)))
    markdown = render_readme(catalog, templates_dir(REPO)).text
    return markdown, github_html(markdown)


def shape(html: str) -> tuple:
    """What injected markup could change: tags (with link targets), headings, table cells per row."""
    parser = Tags()
    parser.feed(html)
    tags = sorted(tag for tag, _ in parser.tags)
    cells = [row.count("<td>") for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S) if "<td>" in row]
    return tags, cells, parser


def baseline(which: str) -> tuple:
    work = validate_entry(Document(PATH, data=WORK, body=SUMMARY), TAXONOMY, Evidence(), TODAY)
    corpus = validate_entry(Document(DATASET_PATH, data=CORPUS, body="Recordings of read speech."), TAXONOMY, Evidence(), TODAY)
    assert work and corpus and SURVEY_ENTRY
    return shape(readme_html([SURVEY_ENTRY, work, corpus])[1])


BASELINE = baseline("all")


@SLOW
@given(st.lists(st.tuples(st.sampled_from(TEXT_FIELDS), nasty_text), min_size=1, max_size=3))
def test_any_strings_in_any_fields_are_refused_or_inert(changes: list[tuple[tuple[str, str], str]]) -> None:
    """Fields are checked one by one but printed side by side: markup half-opened in one (a summary
    ending `[x](javascript:a(1).`) must not be closed by the next (an author `"x")`)."""
    work_data, corpus_data, summary = WORK, CORPUS, SUMMARY
    for (which, dotted), value in changes:
        if dotted == "summary":
            summary = value
        elif which == "work":
            work_data = substitute(work_data, dotted, value)
        else:
            corpus_data = substitute(corpus_data, dotted, value)
    work_doc = Document(PATH, data=work_data, body=summary)
    corpus_doc = Document(DATASET_PATH, data=corpus_data, body="Recordings of read speech.")
    work, corpus = problem_or_entry(work_doc), problem_or_entry(corpus_doc)
    if work is None or corpus is None:
        return
    markdown, html = readme_html([SURVEY_ENTRY, work, corpus])
    tags, cells, parser = shape(html)
    base_tags, base_cells, _ = BASELINE
    assert "<script" not in html and "javascript:" not in "".join(str(a.get("href")) for _, a in parser.tags)
    for tag, attrs in parser.tags:
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
        href = attrs.get("href") or attrs.get("src") or ""
        assert not href or href.startswith(("https://", "http://", "#")) or href in (
            "CONTRIBUTING.md", "MAINTAINING.md", "REFERENCE.md", "LICENSE", IMAGE_LIGHT, IMAGE_DARK), href
    assert cells == base_cells, "no table cell added or lost"
    # The same tags as the plain entry: no link, image, heading or HTML added (a link may be
    # dropped: a URL equal to the survey's is shown once, under The Survey).
    allowed = {"em", "strong", "code", "del"} if summary != SUMMARY else set()  # inline Markdown is allowed there
    extra = [t for t in set(tags) - allowed if tags.count(t) > base_tags.count(t)]
    assert not extra, (extra, changes)


# ---------------------------------------------------------------------------------------------
# Fast paths agree with the plain definitions they replace


def bad_character_reference(text: str) -> str | None:
    for char in text:
        if char in "\n\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") or 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE:
            return f"U+{ord(char):04X}"
    return None


def md_url_reference(url: str) -> str:
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>|[]`\\\"'" or ord(ch) < 33 else ch for ch in url)


@FAST
@given(nasty_text)
def test_fast_text_helpers_agree(text: str) -> None:
    assert bad_character(text) == bad_character_reference(text)
    assert md_url(text) == md_url_reference(text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert normalise_title(text) == "".join(ch for ch in decomposed if ch.isalnum())


MARKDOWN_ALPHABET = st.sampled_from(list("ab1 \t\n#>-+*=_`~<|[]:!&\\().0") + ["  \n", "```", "***", "1. ", "- ", "a"])


def full_check(body: str) -> list[str] | str:
    """Inline token types of a one-paragraph body by the full parse, or why it is not one."""
    tokens = _parser().parse(body)
    blocks = [t.type for t in tokens if t.type not in ("paragraph_open", "paragraph_close", "inline")]
    if blocks or sum(t.type == "paragraph_open" for t in tokens) != 1:
        return "not one paragraph"
    return [c.type for t in tokens for c in t.children or ()]


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, min_size=1, max_size=30).map("".join))
def test_one_paragraph_fast_path_matches_the_full_parse(body: str) -> None:
    if not _one_paragraph(body):
        return
    full = full_check(body)
    assert full != "not one paragraph", body
    inline = [c.type for t in _parser().parseInline(body.strip()) for c in t.children or ()]
    assert inline == full, body


@FAST
@given(st.lists(MARKDOWN_ALPHABET, min_size=1, max_size=30).map(lambda parts: "A " + "".join(parts) + "."))
def test_check_summary_matches_the_full_parse(body: str) -> None:
    """check_summary accepts a body exactly when the full parse finds one plain paragraph."""
    try:
        check_summary(body)
        accepted = True
    except Exception as exc:
        assert type(exc).__name__ == "Invalid", exc
        accepted = False
    if bad_character(body) or "://" in body or "www." in body.casefold():
        return
    full = full_check(body)
    ok = {"text", "softbreak", "em_open", "em_close", "strong_open", "strong_close", "code_inline", "s_open", "s_close"}
    expected = full != "not one paragraph" and set(full) <= ok
    assert accepted == expected, (body, full)
