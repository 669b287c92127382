"""Rules on the whole list: one entry per work, references that resolve, the survey's own entry.
Each gets the `Listing` and yields (path, line, field, message)."""

from __future__ import annotations

from collections import defaultdict

from generator.core.identity import Identity
from generator.core.load import LIST_FILE
from generator.core.rules.registry import list_rule
from generator.core.rules.subjects import ListFindings, Listing
from generator.lib.text import did_you_mean


@list_rule("duplicate-id", "Entry ids (file names) are unique across sections.", ignorable=False)
def duplicate_id(listing: Listing) -> ListFindings:
    by_id: defaultdict[str, list[Identity]] = defaultdict(list)
    for work in listing.identities:
        by_id[work.id].append(work)
    for work_id, same in by_id.items():
        for work in same if len(same) > 1 else ():
            others = ", ".join(o.path for o in same if o is not work)
            yield work.path, 1, "id", f"'{work_id}' is also the id of {others}; rename one of the files"


@list_rule("duplicate-work", "One entry per work: no two entries share an arXiv id, a title or a URL, however written "
           "(other digits, cases, look-alike letters, URL spellings); two entries may share a link other than `paper` "
           "when one names the other in `related`.", ignorable=False)
def duplicate_work(listing: Listing) -> ListFindings:
    seen: dict[tuple[str, str], tuple[tuple[Identity, str], ...]] = {}  # several owners only for family links
    reported: set[tuple[str, int, str, str]] = set()  # two titles can meet on both of their keys
    related: dict[str, frozenset[str]] = {}  # read only when two works share something
    for work in listing.identities:
        for what, key, name in work.keys:
            owners = seen.get(key, ())
            for first, first_name in owners:
                if first.path == work.path:
                    continue
                if not related:
                    related = {entry.id: frozenset(entry.related) for entry in listing.entries}
                if _family_link(related, first, first_name, work, name):
                    continue
                for here, here_name, there, there_name in ((work, name, first, first_name), (first, first_name, work, name)):
                    finding = (here.path, here.line_of(here_name), here_name,
                               f"{what} is also used by {there.path}:{there.line_of(there_name)}; one entry per work")
                    if finding not in reported:
                        reported.add(finding)
                        yield finding
            seen[key] = (*owners, (work, name))


def _family_link(related: dict[str, frozenset[str]], first: Identity, first_name: str, work: Identity, name: str) -> bool:
    """Whether two entries share a link a family of works can share (a repository, a demo, weights
    or data; never the paper): both are links other than `links.paper` and one entry names the
    other in `related`."""
    if not (first_name.startswith("links.") and name.startswith("links.")) or "links.paper" in (first_name, name):
        return False
    return first.id in related.get(work.id, ()) or work.id in related.get(first.id, ())


@list_rule("related", "`related` names other entries of the list.")
def related(listing: Listing) -> ListFindings:
    for entry in listing.entries:
        for index, ref in enumerate(entry.related):
            line = entry.line_of(f"related.{index}")
            if ref == entry.id:
                yield entry.path, line, "related", "lists the entry itself"
            elif ref not in listing.known:
                yield entry.path, line, "related", f"unknown entry id '{ref}'{did_you_mean(ref, listing.known)}"


@list_rule("benchmark-entry", "The rows of a results table that name an entry name one of the list.", ignorable=False)
def benchmark_entry(listing: Listing) -> ListFindings:
    for table in listing.benchmarks:
        for index, row in enumerate(table.rows):
            if row.entry and row.entry not in listing.known:
                yield table.path, 1, f"rows.{index}.entry", f"unknown entry id '{row.entry}'{did_you_mean(row.entry, listing.known)}"


@list_rule("survey-entry", "entries/list.yml's `survey` is the id of the survey's entry.", ignorable=False)
def survey_entry(listing: Listing) -> ListFindings:
    if listing.info.survey not in listing.known:
        yield LIST_FILE, listing.info_doc.line_of("survey"), "survey", f"no entry has the id '{listing.info.survey}'"
