"""Unit tests of generator.render (escaping, BibTeX, anchors) and generator.outputs.readme (the list)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.core.catalog import load_catalog
from generator.model.entry import Entry, PartialDate
from generator.outputs.bibtex import bibtex, bibtex_escape, bibtex_key
from generator.outputs.markdown import code_fence, heading_anchor, md_link, md_summary, md_summary_parsed, md_text, md_url
from generator.outputs.readme import (
    FOLDED_AT_LEAST,
    NEWEST,
    SHOWN_PER_SECTION,
    brief,
    newest,
    readme_sections,
    render_readme,
)
from generator.outputs.templates import authors_short, templates_dir
from generator.outputs.timeline import IMAGE_LIGHT
from tests.conftest import REPO, entry_text

GFM = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])  # as GitHub, raw HTML on


def entry(**changes) -> Entry:
    base = Entry(
        id="speechgpt",
        path="entries/foundation-models/speechgpt.md",
        section="foundation-models",
        title="SpeechGPT: Empowering LLMs",
        kind="model",
        date=PartialDate(2023, 5),
        authors=("Dong Zhang", "Shimin Li", "others"),
        links={"paper": "https://arxiv.org/abs/2305.11000"},
        added=dt.date(2026, 11, 26),
        summary="A model.",
        name="SpeechGPT",
        arxiv="2305.11000",
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "a | b | c",
        "close ] and [open",
        "*bold* _it_ `code`",
        "line\nbreak",
        "![img](https://x.example/i.png)",
        "[a](javascript:alert(1))",
        "&lt;script&gt;",
        "</table>",
    ],
)
def test_md_text_keeps_hostile_text_as_plain_text(hostile: str) -> None:
    html = GFM.render(f"- {md_link(hostile, 'https://example.org/x')} - Text.\n")
    assert not re.search(r"<(script|img|table|/table)|href=\"javascript:", html), html
    assert html.count("<a ") == 1
    assert "\n" not in md_text(hostile)


def test_md_text_inside_a_table_cell_cannot_add_columns() -> None:
    row = f"| {md_text('a | b')} | {md_link('x|y', 'https://e.org/a|b')} |"
    html = GFM.render(f"| A | B |\n| --- | --- |\n{row}\n")
    assert html.count("<td>") == 2


def test_md_url_encodes_breaking_characters() -> None:
    assert md_url("https://e.org/a (b)|c") == "https://e.org/a%20%28b%29%7Cc"


def test_heading_anchor_matches_github() -> None:
    assert heading_anchor("Large Audio Models in Music") == "large-audio-models-in-music"
    assert heading_anchor("Audio Reasoning and Reinforcement Learning") == "audio-reasoning-and-reinforcement-learning"
    assert heading_anchor("Q&A: Text-to-Speech!") == "qa-text-to-speech"


def test_authors_short() -> None:
    assert authors_short(["A B"]) == "A B"
    assert authors_short(["A B", "C D"]) == "A B and C D"
    assert authors_short(["A B", "C D", "E F"]) == "A B et al."
    assert authors_short(["A B", "others"]) == "A B et al."


def test_bibtex_record_is_escaped_and_keyed() -> None:
    record = bibtex(entry(title="Speech & {Music} 100% #1_x"))
    assert record.startswith("@misc{zhang2023speechgpt,\n")
    assert r"title = {{Speech \& \textbraceleft{}Music\textbraceright{} 100\% \#1\_x}}" in record
    assert "author = {Dong Zhang and Shimin Li and others}" in record
    assert "eprint = {2305.11000}" in record
    assert record.count("{") == record.count("}")
    assert bibtex_key(entry(authors=("José Núñez",), name="")) .startswith("nunez2023")


def test_bibtex_keys_are_unique_when_author_year_and_title_start_agree() -> None:
    """Two 2023 "Large Language Models Are ..." papers whose first author is a Wang."""
    first = entry(id="llms-are-zero-shot-rankers", title="Large Language Models Are Zero-Shot Rankers", name="",
                  authors=("Yupeng Wang", "others"))
    second = entry(id="llms-are-not-fair-evaluators", title="Large Language Models Are Not Fair Evaluators", name="",
                   authors=("Peiyi Wang", "others"))
    assert bibtex_key(first) != bibtex_key(second)
    assert bibtex_key(first) == "wang2023llms-are-zero-shot-rankers"


def test_code_fence_is_longer_than_any_backtick_run() -> None:
    assert code_fence("plain") == "```"
    assert code_fence("a ```` b") == "`````"


def test_readme_lists_each_work_once_and_each_link_once() -> None:
    catalog = load_catalog(REPO)
    text = render_readme(catalog, templates_dir(REPO)).text
    sections = readme_sections(catalog)
    listed = [w.entry.id for s in sections for w in s.works]
    survey_id = catalog.info.survey
    assert sorted(listed + [survey_id]) == sorted(e.id for e in catalog.entries)
    top, body = text.split("\n## Contents\n")
    newest_links = re.findall(r"^- \[[^\n]*?\]\((https?://[^)]+)\) - ", top, re.M)
    assert newest_links == [w.page for w in newest(catalog)] and len(newest_links) == NEWEST
    urls = re.findall(r"\]\((https?://[^)]+)\)", body)
    assert len(urls) == len(set(urls)), [u for u in urls if urls.count(u) > 1]
    for e in catalog.entries:
        if e.also_in:
            for _other in e.also_in:
                assert str(md_text(e.display_name)) in text  # mentioned, by name, in the other sections


def test_readme_is_deterministic() -> None:
    catalog = load_catalog(REPO)
    assert render_readme(catalog, templates_dir(REPO)).text == render_readme(load_catalog(REPO), templates_dir(REPO)).text


def test_hostile_entry_renders_inert_in_the_readme(lam_root: Path) -> None:
    hostile = entry_text(
        title='"Evil </table> <script>alert(1)</script> | x ]"',
        name='"<img src=x onerror=alert(1)> [pwn](javascript:alert(1)) *x*"',
        venue='"<iframe src=//evil> | col"',
        brief='"X <script>alert(1)</script> | [p](j:x) *y*"',
        arxiv=None,
        links="\n  paper: https://example.org/a(b)|c",
        summary="A *model* with `code` and a tail.",
    )
    (lam_root / "entries" / "music").mkdir()
    (lam_root / "entries" / "music" / "evil.md").write_text(hostile, encoding="utf-8")
    text = render_readme(load_catalog(lam_root), templates_dir(lam_root)).text
    html = GFM.render(text)
    tags = re.findall(r"<(script|iframe|img)[^>]*?(?: src=\"([^\"]*)\")?[^>]*>", html)
    assert tags == [("img", "https://awesome.re/badge.svg"), ("img", IMAGE_LIGHT)], tags  # the badge and the timeline
    assert 'href="javascript:' not in html and "onerror=alert(1)>" not in html
    line = next(row for row in text.split("## Contents")[1].splitlines() if "onerror" in row)
    assert line.startswith("- [\\<img src=x onerror=alert\\(1\\)\\> \\[pwn\\]\\(javascript:alert\\(1\\)\\) \\*x\\*](https://example.org/a%28b%29%7Cc)"
                           " - X \\<script\\>alert\\(1\\)\\</script\\> \\| \\[p\\]\\(j:x\\) \\*y\\*, May 2023.")


def test_readme_shows_stars_and_flags_from_repository_health(lam_root: Path) -> None:
    from generator.features.meta.store import save_health
    from generator.model.health import RepoHealth

    (lam_root / "entries" / "music").mkdir()
    for slug, repo in (("alive", "a/alive"), ("old", "a/old")):
        (lam_root / "entries" / "music" / f"{slug}.md").write_text(
            entry_text(
                title=f'"{slug}"', name=slug.title(), arxiv=None, code="released",
                links=f"\n  paper: https://e.org/{slug}\n  code: https://github.com/{repo}",
            ),
            encoding="utf-8",
        )
    save_health(lam_root, [
        RepoHealth(repo="a/alive", url="https://github.com/a/alive", status="ok", fetched_at="2026-11-20T00:00:00Z",
                   stars=4213, last_commit="2026-10-01"),
        RepoHealth(repo="a/old", url="https://github.com/a/old", status="ok", fetched_at="2026-11-20T00:00:00Z",
                   stars=950, archived=True, last_commit="2023-03-01"),
    ])
    text = render_readme(load_catalog(lam_root), templates_dir(lam_root)).text
    assert "[Code](https://github.com/a/alive) (★ 4.2k), [details](" in text
    assert "[Code](https://github.com/a/old) (★ 950, archived), [details](" in text


def test_bibtex_writes_accents_as_latex_and_keeps_other_scripts() -> None:
    """Accented letters become LaTeX accents (pylatexenc), which every BibTeX style prints; a character
    LaTeX has no name for stays as it is, in the UTF-8 file."""
    assert bibtex_escape("Björn W. Schuller") == 'Bj{\\"o}rn W. Schuller'
    assert bibtex_escape("Heriberto Cuayáhuitl") == "Heriberto Cuay{\\'a}huitl"
    assert bibtex_escape("Ørsted Łukasz 语音") == "{\\O}rsted {\\L}ukasz 语音"
    assert bibtex_escape("50% {x}") == r"50\% \textbraceleft{}x\textbraceright{}"


@given(st.text(alphabet=st.characters(blacklist_characters="*_`~\\&<[!", blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
               min_size=1, max_size=300))
@settings(max_examples=400, deadline=None)
def test_a_summary_without_markup_characters_is_written_as_its_parse_would(text: str) -> None:
    summary = " ".join(text.split())
    assume(summary)
    assert md_summary(summary) == md_summary_parsed(summary)


def test_each_section_shows_its_newest_works_and_folds_the_rest() -> None:
    catalog = load_catalog(REPO)
    text = render_readme(catalog, templates_dir(REPO)).text
    sections = readme_sections(catalog)
    folded = [s for s in sections if s.earlier]
    assert folded, "the real list has sections long enough to fold"
    for s in sections:
        assert len(s.recent) == (SHOWN_PER_SECTION if s.earlier else len(s.works))
        assert not s.earlier or len(s.earlier) >= FOLDED_AT_LEAST
        assert [w.entry for w in s.works] == sorted((w.entry for w in s.works), key=lambda e: e.sort_key())
    body = text.split(f"\n## {folded[0].section.title}\n")[1].split("\n## ")[0]
    shown, hidden = body.split("<details>")
    first, last = folded[0].earlier[-1].entry.year, folded[0].earlier[0].entry.year
    assert f"<summary>Earlier works, {first} to {last} ({len(folded[0].earlier)})</summary>\n\n- [" in hidden
    assert all(f"]({w.url})" in shown for w in folded[0].recent)
    assert all(f"]({w.url})" in hidden for w in folded[0].earlier)


def test_an_index_line_says_what_a_work_is_when_and_links_code_weights_and_its_page(lam_root: Path) -> None:
    (lam_root / "entries" / "music").mkdir()
    (lam_root / "entries" / "music" / "tuner.md").write_text(entry_text(
        name="Tuner", brief='"Open music model with a 1B decoder"', code="released", arxiv=None,
        links="\n  paper: https://e.org/p\n  code: https://github.com/a/b\n  project: https://e.org/demo\n  weights: https://huggingface.co/a/b",
    ), encoding="utf-8")
    text = render_readme(load_catalog(lam_root), templates_dir(lam_root)).text
    page = "https://emulationai.github.io/awesome-large-audio-models/works/tuner/"
    assert (f"- [Tuner](https://e.org/p) - Open music model with a 1B decoder, May 2023. [Code](https://github.com/a/b),"
            f" [Weights](https://huggingface.co/a/b), [details]({page}).") in text.splitlines()
    assert f"- [Tuner]({page}) - Open music model with a 1B decoder, May 2023." in text.split("## Contents")[0].splitlines()
    assert "https://e.org/demo" not in text  # on the work's page only


def test_brief_falls_back_to_kind_and_first_task() -> None:
    catalog = load_catalog(REPO)
    work = dataclasses.replace(catalog.entries[0], brief="", kind="benchmark", tasks=("audio-captioning", "asr"))
    assert brief(work, catalog.taxonomy) == "Benchmark: Audio captioning"
    assert brief(dataclasses.replace(work, tasks=()), catalog.taxonomy) == "Benchmark"


def test_a_date_reads_as_its_month_and_year() -> None:
    assert PartialDate(2024, 6).label == PartialDate(2024, 6, 18).label == "Jun 2024"
    assert PartialDate(2019).label == "2019"


def test_rendering_the_readme_does_not_look_works_up_once_per_work(monkeypatch) -> None:
    """The survey is found once per catalog: a lookup per work (catalog.survey building the id
    index again for each) made the README build of 10,000 works take 70 s instead of 4."""
    from generator.model.catalog import Catalog

    catalog = load_catalog(REPO)
    calls = []
    real = Catalog.by_id
    monkeypatch.setattr(Catalog, "by_id", lambda self: calls.append(1) or real(self))
    render_readme(catalog, templates_dir(REPO))
    assert len(calls) <= 1, len(calls)
