"""Rules on the list's facts and sources, checked against the curators' records under data/
(core/evidence.py). A list without one of those files has no rule that reads it."""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

from generator.core.evidence import DECLINED, NOT_LISTED_REASONS, PEER_COVERAGE, UNCONFIRMED
from generator.core.identity import Identity, clash_in, identity_index, normalise_title
from generator.core.rules.registry import entry_rule, list_rule
from generator.core.rules.subjects import Draft, Findings, ListFindings, Listing
from generator.model.problems import WARNING

INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.(?:-[A-Z]\.)?\s*)+\s[^\s.]+$")  # every given name an initial: "J. S. Chung"
DATASET_SIZE = re.compile(r"^(?:about )?\d{1,3}(?:,\d{3})*(?:\.\d+)?\+? [A-Za-z]")  # "1,000 hours", "about 8,000 hours", "60,000+ hours"
PREPRINT = re.compile(r"\b(arxiv|preprint|corr)\b", re.IGNORECASE)
PRINTED_YEAR = re.compile(r"[.,]*\s*(19|20)[0-9]{2}$")
COVERAGE_TARGET = 0.85
"""The share of the works two or more peer lists name that each part of the field holds."""



def _source_urls(sources: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(index, s) for index, s in enumerate(sources) if s.startswith(("http://", "https://"))]


@entry_rule("source-host", "Every source URL is on a primary host of data/source-hosts.yml (the paper, the authors' code, "
            "page or organisation), never an aggregator, mirror or other list.")
def source_host(draft: Draft) -> Findings:
    evidence = draft.evidence
    if evidence.allowed_hosts is None:
        return
    for index, url in _source_urls(draft.values.get("sources", ())):
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if any(f"{host}{parts.path}".startswith(bad) for bad in evidence.forbidden_hosts):
            yield f"sources.{index}", f"'{url}' is an aggregator or mirror (data/source-hosts.yml, forbidden); cite the primary page it copies"
        elif host not in evidence.allowed_hosts:
            yield f"sources.{index}", (f"'{host}' is not a primary host of data/source-hosts.yml; if it is the paper's, "
                                       "the authors' or their organisation's own site, add it there in the same pull request")


@entry_rule("primary-source", "An entry's sources include a primary URL, or data/unconfirmed.yml says what no primary source confirmed.")
def primary_source(draft: Draft) -> Findings:
    unconfirmed = draft.evidence.unconfirmed
    if unconfirmed is None or _source_urls(draft.values.get("sources", ())):
        return
    if draft.doc.path.rsplit("/", 1)[-1].removesuffix(".md") not in unconfirmed["no_primary_source"]:
        yield "sources", ("has no URL of a primary source (the paper, the official code, project page or model card); "
                          "add the page you read, or record what is missing under no_primary_source in data/unconfirmed.yml")


@entry_rule("author-initials", "Authors are written in full (`First Last`), unless data/unconfirmed.yml lists the entry under `initials`.")
def author_initials(draft: Draft) -> Findings:
    unconfirmed = draft.evidence.unconfirmed
    if unconfirmed is None:
        return
    entry_id = draft.doc.path.rsplit("/", 1)[-1].removesuffix(".md")
    for index, author in enumerate(draft.values.get("authors", ())):
        if INITIALS_ONLY.match(author) and entry_id not in unconfirmed["initials"]:
            yield f"authors.{index}", (f"'{author}' gives only initials; write the name in full as the paper prints it "
                                       "(or list the entry under `initials` in data/unconfirmed.yml, saying why)")
            return


@entry_rule("preprint-venue", "A venue is where a work was published; preprints have none (the list shows the year).")
def preprint_venue(draft: Draft) -> Findings:
    if PREPRINT.search(draft.values.get("venue", "")):
        yield "venue", "names a preprint server; leave `venue` out until the work is published"


@entry_rule("dataset-fields", "A dataset's languages, multilingual flag and size fit the data: languages only for speech or text, "
            "a monolingual dataset names its language, size as digits with a unit.")
def dataset_fields(draft: Draft) -> Findings:
    values = draft.values
    if values.get("kind") != "dataset":
        return
    modalities = set(values.get("modalities", ()))
    languages, multilingual = values.get("languages", ()), values.get("multilingual")
    if modalities and not modalities & {"speech", "text"} and (languages or multilingual is not None):
        yield "languages" if languages else "multilingual", f"a {'/'.join(sorted(modalities))} dataset has no languages; remove languages and multilingual"
    if multilingual is False and not languages:
        yield "multilingual", "is false: name the dataset's language under `languages`"
    if languages and multilingual is not None and multilingual != (len(languages) > 1):
        yield "multilingual", f"is {str(multilingual).lower()} but `languages` names {len(languages)}; make them agree"
    if values.get("size") and not DATASET_SIZE.match(values["size"]):
        yield "size", f"'{values['size']}': write digits with comma separators and a unit (`60,000 hours`; `about 8,000 hours` or `60,000+ hours` where the source hedges)"


@entry_rule("own-words", "A summary is in the contributor's own words: it shares no run of ten words with the survey or the "
            "hand-written list the entries grew from (data/text-fingerprints.txt).")
def own_words(draft: Draft) -> Findings:
    copied = draft.evidence.fingerprints and draft.evidence.copied_run(draft.summary)
    if copied:
        yield "summary", f"copies the words '{copied}' from the survey or the old list; say it in your own words"


@entry_rule("survey-reference", "`survey_ref` is the number of this work in the Sparks survey's reference list "
            "(data/survey-references.yml): the reference's title or arXiv id is the work's.")
def survey_reference(draft: Draft) -> Findings:
    references, number = draft.evidence.survey_references, draft.values.get("survey_ref")
    if references is None or number is None:
        return
    reference = references.get(number)
    if reference is None:
        yield "survey_ref", f"{number} is not in the survey's reference list (1 to {len(references)})"
        return
    arxiv = draft.values.get("arxiv", "")
    if reference.arxiv and arxiv and reference.arxiv != arxiv:
        yield "survey_ref", f"reference [{number}] is arXiv {reference.arxiv}, but this work is arXiv {arxiv}"
        return
    printed = normalise_title(PRINTED_YEAR.sub("", reference.title))  # some references print the year inside the title
    if normalise_title(draft.values.get("title", "")) != printed and not (reference.arxiv and reference.arxiv == arxiv):
        yield "survey_ref", (f"reference [{number}] is '{reference.title}', not this work; check the number "
                             "(if the survey misprints the title, say so under `ignore`)")


@list_rule("survey-reference-once", "No two entries give the same `survey_ref`: each reference of the survey is one work.")
def survey_reference_once(listing: Listing) -> ListFindings:
    citing: defaultdict[int, list[str]] = defaultdict(list)
    for entry in listing.entries:
        if entry.survey_ref is not None:
            citing[entry.survey_ref].append(entry.path)
    for entry in listing.entries:
        others = [path for path in citing.get(entry.survey_ref or 0, ()) if path != entry.path]
        if others:
            yield entry.path, entry.line_of("survey_ref"), "survey_ref", f"{entry.survey_ref} is also the reference of {', '.join(others)}"


@list_rule("author-spelling", "Each person is spelled one way across the list (`Kai-Wei Chang`, not also `Kai-wei Chang`).")
def author_spelling(listing: Listing) -> ListFindings:
    forms: defaultdict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    for entry in listing.entries:
        for index, author in enumerate(entry.authors):
            forms[author.casefold()].setdefault(author, (entry.path, entry.line_of(f"authors.{index}")))
    for spellings in forms.values():
        if len(spellings) > 1:
            first, *others = sorted(spellings)
            for other in others:
                path, line = spellings[other]
                yield path, line, "authors", f"spells '{other}', which {spellings[first][0]} spells '{first}'; use one spelling"


@list_rule("unconfirmed-record", "Each record of data/unconfirmed.yml names an entry that still lacks what it says: "
           "no_primary_source entries have no primary URL, initials entries still give initials.")
def unconfirmed_record(listing: Listing) -> ListFindings:
    unconfirmed = listing.evidence.unconfirmed
    if unconfirmed is None:
        return
    by_id = {e.id: e for e in listing.entries}
    for group, records in unconfirmed.items():
        for index, entry_id in enumerate(records):
            key, line = f"{group}.{index}", listing.evidence.line_of(UNCONFIRMED, f"{group}.{index}")
            entry = by_id.get(entry_id)
            if entry_id not in listing.known:
                yield UNCONFIRMED, line, key, f"'{entry_id}' is not an entry; remove the record"
            elif entry is None:
                continue  # an invalid entry: its own problems come first
            elif group == "no_primary_source" and _source_urls(entry.sources):
                yield UNCONFIRMED, line, key, f"{entry.path} now cites a primary source; remove the record"
            elif group == "initials" and not any(INITIALS_ONLY.match(a) for a in entry.authors):
                yield UNCONFIRMED, line, key, f"{entry.path} now gives every author in full; remove the record"


@list_rule("peer-coverage-record", "Each work of data/peer-coverage.yml is named by two or more of its part's peer lists and is "
           "either held by an entry (with the same arXiv id) or says why not (unconfirmed, excluded, not yet added).")
def peer_coverage_record(listing: Listing) -> ListFindings:
    by_id = {e.id: e for e in listing.entries}
    for part in listing.evidence.peer_parts or ():
        for work in part.works:
            line = listing.evidence.line_of(PEER_COVERAGE, work.key)
            if len(set(work.peers)) < 2 or not set(work.peers) <= set(part.lists):
                yield PEER_COVERAGE, line, work.key, f"{work.name}: name two or more of the part's lists ({', '.join(part.lists)}) under peers"
            if work.entry:
                entry = by_id.get(work.entry)
                if work.entry not in listing.known:
                    yield PEER_COVERAGE, line, work.key, f"{work.name}: no entry has the id '{work.entry}'"
                elif entry is not None and work.arxiv and entry.arxiv and entry.arxiv != work.arxiv:
                    yield PEER_COVERAGE, line, work.key, f"{work.name}: arXiv {work.arxiv}, but {entry.path} is arXiv {entry.arxiv}"
            elif work.not_listed.split(":")[0] not in NOT_LISTED_REASONS:
                yield PEER_COVERAGE, line, work.key, (f"{work.name}: give `entry: <id>`, or `not_listed` starting with one of "
                                                      f"{', '.join(NOT_LISTED_REASONS)}, then a colon and why")


@list_rule("peer-coverage", f"Each part of the field holds at least {COVERAGE_TARGET:.0%} of the works that two or more of its "
           "peer lists name (data/peer-coverage.yml).", severity=WARNING)
def peer_coverage(listing: Listing) -> ListFindings:
    for part in listing.evidence.peer_parts or ():
        held = sum(bool(work.entry) for work in part.works)
        if part.works and held / len(part.works) < COVERAGE_TARGET:
            line = listing.evidence.line_of(PEER_COVERAGE, part.key)
            yield PEER_COVERAGE, line, part.id, (f"the list holds {held} of the {len(part.works)} works its peer lists share "
                                                 f"({held / len(part.works):.0%}, target {COVERAGE_TARGET:.0%})")


@list_rule("declined-listed", "A paper declined in data/declined.yml (by arXiv id or title) is not also an entry of the list: "
           "remove the record or the entry.")
def declined_listed(listing: Listing) -> ListFindings:
    listed = identity_index(listing.identities)
    for record in listing.evidence.declined or ():
        clash = clash_in(Identity(DECLINED, "", record.arxiv, record.title), listed)
        if clash is not None:
            line = listing.evidence.line_of(DECLINED, record.key)
            yield DECLINED, line, record.key, f"is declined, but {clash[1].path} lists it ({clash[0]}); remove the record or the entry"
