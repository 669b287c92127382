"""Rules on how the keys of one entry fit together. Each gets a `Draft` and yields (key, message);
the key `summary` means the summary below the front matter."""

from __future__ import annotations

from functools import cache

from generator.core.rules.registry import entry_rule
from generator.core.rules.subjects import Draft, Findings
from generator.lib.arxiv import arxiv_id_of
from generator.model.taxonomy import Section

AUDIO_MODALITIES = ("speech", "music", "audio", "symbolic-music")
BACKGROUND = "background"
"""The section of works outside audio that the Sparks survey cites."""



@entry_rule("section-kind", "A work's kind fits its section: a section that names kinds takes only those, and a kind with a section "
            "of its own (datasets/, surveys/) lives there, or where a section names it too (surveys in background/).")
def section_kind(draft: Draft) -> Findings:
    kind, section = draft.values.get("kind"), draft.section
    if kind and section.kinds and kind not in section.kinds:
        yield "kind", f"'{kind}' entries do not belong in '{section.id}' (only {', '.join(section.kinds)})"
    homes = _homes(draft.taxonomy.sections, kind) if kind and kind not in section.kinds else ()
    if homes:
        yield "kind", f"'{kind}' entries live in {' or '.join(homes)}; move the file there"


@cache
def _homes(sections: tuple[Section, ...], kind: str) -> tuple[str, ...]:
    """The folders of the sections devoted to a kind (`datasets/` for datasets)."""
    return tuple(f"entries/{s.id}/" for s in sections if s.kinds == (kind,))


@entry_rule("also-in-own-section", "`also_in` names other sections, not the entry's own (its folder).")
def also_in_own_section(draft: Draft) -> Findings:
    if draft.section.id in draft.values.get("also_in", ()):
        yield "also_in", f"lists '{draft.section.id}', the entry's own section (its folder); remove it"


@entry_rule("code-status", "`code: released` comes with links.code, and `none` or `announced` without it.")
def code_status(draft: Draft) -> Findings:
    links, code = draft.values.get("links") or {}, draft.values.get("code")
    if code == "released" and "code" not in links:
        yield "code", "is 'released' but there is no links.code; add the repository URL"
    if code in ("none", "announced") and "code" in links:
        yield "code", f"is '{code}' but links.code is set; write 'released' or remove the link"


@entry_rule("summary-starts-with-name", "The summary starts with what the work is, not with its name (the list shows the name).")
def summary_starts_with_name(draft: Draft) -> Findings:
    name = draft.values.get("name") or draft.values.get("title") or ""
    if name and draft.summary.casefold().startswith(name.casefold()):
        yield "summary", f"starts with the work's name '{name}'; start with what it is (the list shows the name)"


@entry_rule("arxiv-paper-link", "An arXiv paper link and the `arxiv` field name the same paper, and an arXiv link comes with `arxiv`.")
def arxiv_paper_link(draft: Draft) -> Findings:
    arxiv, paper = draft.values.get("arxiv"), (draft.values.get("links") or {}).get("paper", "")
    paper_arxiv = arxiv_id_of(paper) if "arxiv" in paper.lower() else ""
    if arxiv and paper_arxiv and paper_arxiv != arxiv:
        yield "links.paper", f"points to arXiv {paper_arxiv} but arxiv is {arxiv}; make them agree"
    if paper_arxiv and not arxiv:
        yield "links.paper", f'is an arXiv link; also add arxiv: "{paper_arxiv}"'


@entry_rule("summary-line-break", "No summary line ends with a hyphen: a word split across two lines reads as \"video-to- music\".")
def summary_line_break(draft: Draft) -> Findings:
    lines = draft.doc.body.rstrip().split("\n")
    for number, line in enumerate(lines[:-1]):
        if line.rstrip().endswith("-") and not line.rstrip().endswith("--") and lines[number + 1].strip()[:1].isalnum():
            word = line.rstrip().rsplit(" ", 1)[-1]
            yield "summary", f"line {number + 1} ends with '{word}' and the word goes on below: join it on one line"
            return


@entry_rule(
    "audio-work",
    "A work outside Background handles sound: its modalities name speech, music, audio or symbolic music; "
    "Background holds works outside audio that the Sparks survey cites (with survey_ref).",
)
def audio_work(draft: Draft) -> Findings:
    modalities = draft.values.get("modalities")
    if draft.section.id == BACKGROUND:
        if draft.doc.data and "survey_ref" not in draft.doc.data:
            yield "survey_ref", "is missing: Background holds only works the Sparks survey cites; give its reference number"
        return
    if modalities is None and draft.doc.data and "modalities" not in draft.doc.data:
        yield "modalities", f"is missing: give the signals the work handles, at least one of {', '.join(AUDIO_MODALITIES)}"
    elif modalities is not None and not set(modalities) & set(AUDIO_MODALITIES):
        yield "modalities", (f"name no sound ({', '.join(modalities)}): the list holds audio works; a work outside audio "
                             f"belongs in {BACKGROUND}/ only if the Sparks survey cites it")
