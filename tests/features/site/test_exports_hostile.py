"""Exports of a hostile entry, read back with real parsers: one BibTeX record per work with its
values intact, well-formed Atom, entries.json valid against its schema.

Every field of an entry comes from a pull request. The in-memory tests also carry what the
entry checks refuse (U+FFFE, U+FFFF, controls, a lone surrogate): the exporters must not rely
on the checks. The built-site tests use tests/features/site/hostile-exports-entry.md, which passes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote

import bibtexparser
import jsonschema
import pytest
from pylatexenc.latexencode import get_builtin_conversion_rules

from generator.core.catalog import load_catalog
from generator.model.catalog import Catalog
from generator.model.entry import Entry, PartialDate
from generator.outputs import urls
from generator.outputs.bibtex import bibtex, bibtex_key, record_type
from generator.outputs.exports import entries_json, entries_schema, exports, feed_xml, references_bib
from tests.features.site.sitetools import EXPORTS_ID, HOSTILE_SECTION, REPO, BuiltSite

SITE_URL = "https://example.org/lam/"
ATOM = "{http://www.w3.org/2005/Atom}"
FIXTURE_ID = EXPORTS_ID
BREAKOUT = 'x}}, url = {https://evil.example/}} @misc{evil, title={x} \\ % 100% #1 "q" {unbalanced ~^&$_'
NOT_XML = "\ufffe\uffff\x00\x0b\x1b"  # characters XML 1.0 forbids (the entry checks refuse them too)

# --- reading the exports back -------------------------------------------------------------------

_LATEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{"\\" + c: c for c in "&%$#_"},
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in sorted(_LATEX, key=len, reverse=True)) + r"|\{(and)\}", re.IGNORECASE)
_NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """What text survives being written as UTF-8: lone surrogates become U+FFFD."""
    return _SURROGATE_RE.sub("\ufffd", text)


def bib_text(text: str) -> str:
    """What text a BibTeX field keeps: one line, lone surrogates as U+FFFD."""
    return " ".join(encodable(text).split())


# pylatexenc's LaTeX for non-ASCII characters, as the exporter writes it (each braced): read back
_ACCENTS: dict[str, str] = {}
for code, latex in sorted(get_builtin_conversion_rules("defaults")[0].rule.items()):
    if code > 127 and latex.strip():
        _ACCENTS.setdefault("{" + latex + "}", chr(code))  # shared LaTeX (--- for — and ―): the first character
_ACCENTS_RE = re.compile("|".join(re.escape(k) for k in sorted(_ACCENTS, key=len, reverse=True)))


def latex_text(value: str) -> str:
    """A BibTeX field value back to text: the escapes the exporter writes, undone."""
    return _LATEX_RE.sub(lambda m: m.group(1) or _LATEX[m.group()], _ACCENTS_RE.sub(lambda m: _ACCENTS[m.group()], value))


def parse_bib(text: str) -> bibtexparser.Library:
    """Parse with bibtexparser; fail on any block it could not read."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.raw for b in library.failed_blocks]
    return library


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def bibtex_names(value: str) -> list[str]:
    """The names of an author field as BibTeX splits them: at ` and ` (any case) outside braces.

    (bibtexparser's SeparateCoAuthors drops a name's trailing `\\#\\%`, so it is not used here.)
    """
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        depth += (value[i] == "{") - (value[i] == "}")
        match = _AND.match(value, i) if depth == 0 else None
        if match:
            names.append(value[start:i])
            start = i = match.end()
        else:
            i += 1
    return [*names, value[start:]]


def assert_braces_hold(record: str) -> None:
    """Brace depth as BibTeX counts it (backslashes do not escape braces): 0 only at the very end."""
    depth, opened = 0, False
    for i, char in enumerate(record):
        depth += (char == "{") - (char == "}")
        opened = opened or depth > 0
        assert depth >= 0 and (depth > 0 or not opened or i == len(record) - 1), f"record closes early at {i}: {record}"


def assert_record_keeps(record: bibtexparser.model.Entry, entry: Entry) -> None:
    """One work's record: the exporter's fields only, each decoding back to the entry's value."""
    fields = {f.key: f.value for f in record.fields}
    venue = {"article": "journal", "inproceedings": "booktitle", "misc": ""}[record_type(entry)]
    assert record.entry_type == record_type(entry)
    expected = {"title", "author", "year", "url"} | ({venue} if venue else {"howpublished"} if entry.arxiv else set())
    assert fields.keys() == expected | ({"eprint", "archivePrefix"} if entry.arxiv else set()), fields
    assert record.key == bibtex_key(entry)
    assert latex_text(fields["title"].removeprefix("{").removesuffix("}")) == bib_text(entry.title)
    assert [latex_text(a) for a in bibtex_names(fields["author"])] == [bib_text(a) for a in entry.authors]
    assert latex_text(fields.get(venue, "")) == (bib_text(entry.venue) if venue else "")
    assert fields.get("eprint", "") == entry.arxiv
    assert unquote(fields["url"]) == unquote(entry.main_url)
    assert not re.search(r"[\s{}\\]", fields["url"])


def assert_bib_has_one_record_per_work(text: str, catalog: Catalog) -> None:
    library = parse_bib(text)
    assert [e.key for e in library.entries] == [bibtex_key(e) for e in catalog.entries]
    for record, entry in zip(library.entries, catalog.entries, strict=True):
        assert_record_keeps(record, entry)
    for record in text.strip().split("\n\n"):
        assert_braces_hold(record)


def assert_atom(text: str, catalog: Catalog) -> ET.Element:
    """A well-formed Atom feed: feed > title, id, updated, entries with title, id, link, updated, summary."""
    assert not _NOT_XML_RE.search(text)
    root = ET.fromstring(text)
    assert root.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    items = root.findall(f"{ATOM}entry")
    assert items
    by_page = {f"{SITE_URL}{urls.work(e.id)}": e for e in catalog.entries}
    for item in items:
        page = item.findtext(f"{ATOM}id")
        assert page in by_page and item.find(f"{ATOM}link").get("href") == page
        for tag in ("title", "updated", "summary"):
            assert item.find(f"{ATOM}{tag}") is not None, tag
        assert item.findtext(f"{ATOM}title") == _NOT_XML_RE.sub("\ufffd", by_page[page].display_name)
    return root


def assert_json_valid(text: str, schema_text: str, catalog: Catalog) -> dict:
    """entries.json: strict UTF-8 JSON without lone surrogates, valid against the published schema."""
    text.encode("utf-8")  # a lone surrogate cannot be encoded
    assert not re.search(r"\\ud[89a-f]", text, re.IGNORECASE)
    data = json.loads(text)
    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert [r["id"] for r in data["entries"]] == [e.id for e in catalog.entries]
    for record, entry in zip(data["entries"], catalog.entries, strict=True):
        assert record["title"] == encodable(entry.title)
        assert {k: unquote(v) for k, v in record["links"].items()} == {k: unquote(v) for k, v in entry.links.items()}
        assert all(not re.search(r"[\s{}\\]", url) and url.isascii() for url in record["links"].values())
        assert len(parse_bib(record["bibtex"]).entries) == 1
    return data


class _CodeBlock(HTMLParser):
    """The text of the element with a given id (the `<pre>` of a copy block, without nested elements)."""

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id, self.inside, self.tag, self.text = element_id, False, "", ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.inside and ("id", self.element_id) in attrs:
            self.inside, self.tag = True, tag

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != self.tag

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def copy_bibtex_block(page: str, entry_id: str) -> str:
    parser = _CodeBlock(f"bibtex-{entry_id}")
    parser.feed(page)
    assert parser.text, f"no Copy BibTeX block for {entry_id}"
    return parser.text


# --- in memory: model objects, including what the checks refuse ---------------------------------


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    return load_catalog(REPO)


def hostile_entry(**changes: object) -> Entry:
    base = Entry(
        id="hostile-bib",
        path="entries/speech-recognition/hostile-bib.md",
        section=HOSTILE_SECTION,
        title=BREAKOUT,
        kind="model",
        date=PartialDate(2024, 2, 3),
        authors=("Mal}lory Bracket", "Eve and Trudy {Back\\slash", '@misc{x, "Quote" #%', "AND And"),
        links={"paper": "https://example.org/a}b{c/%zz%7D?q=}@x&y=#frag{", "project": "https://example.org/ünï}{ x"},
        added=dt.date(2999, 1, 1),  # the newest addition, first in the feed
        summary="A summary with {braces}, 100% and @misc{x, y}.",
        venue='Proc. }{ @inproceedings{x, #3 "quoted" \\end 50%',
        tasks=("asr",),
        modalities=("speech",),
    )
    return dataclasses.replace(base, **changes)


HOSTILE_ENTRIES = {
    "braces": hostile_entry(),
    "arxiv": hostile_entry(id="arxiv", arxiv="2305.11000"),  # the venue as `booktitle`, the arXiv id as `eprint`
    "only-closing": hostile_entry(id="closing", title="}" * 5, name="}", venue="}}", authors=("A }",)),
    "not-xml": hostile_entry(id="not-xml", title=f"Not{NOT_XML}XML}}", name=f"N{NOT_XML}", summary=f"S{NOT_XML}."),
    "surrogate": hostile_entry(id="surrogate", title="Lone \ud800 surrogate }", name="Sur\udfffrogate"),
}


def with_entry(catalog: Catalog, entry: Entry) -> Catalog:
    info = dataclasses.replace(catalog.info, title=f"List{NOT_XML}", tagline=f"Tag{NOT_XML}line")
    return dataclasses.replace(catalog, info=info, entries=(entry, *catalog.entries))


@pytest.mark.parametrize("case", ["braces", "arxiv", "only-closing"])
def test_bibtex_record_of_hostile_text_is_one_record_with_its_values(case: str) -> None:
    entry = HOSTILE_ENTRIES[case]
    record = bibtex(entry)
    assert_braces_hold(record)
    library = parse_bib(record)
    assert len(library.entries) == 1 and len(library.blocks) == 1
    assert_record_keeps(library.entries[0], entry)


def test_bibtex_record_of_a_lone_surrogate_can_be_written() -> None:
    entry = HOSTILE_ENTRIES["surrogate"]
    record = bibtex(entry)
    record.encode("utf-8")
    assert_record_keeps(parse_bib(record).entries[0], entry)


@pytest.mark.parametrize("case", list(HOSTILE_ENTRIES))
def test_every_export_of_a_hostile_catalog_parses(case: str, real_catalog: Catalog) -> None:
    """Every export of the hostile entry among some real ones and the survey, parsed by real parsers
    (the exports of the whole real list are checked the same way in test_site_units and test_bibtex)."""
    some = tuple(e for n, e in enumerate(real_catalog.entries) if n < 40 or e is real_catalog.survey)
    catalog = with_entry(dataclasses.replace(real_catalog, entries=some), HOSTILE_ENTRIES[case])
    published = exports(catalog, SITE_URL)
    for path, text in published.items():
        text.encode("utf-8")  # written as UTF-8: no lone surrogate anywhere
        assert not re.search(r"\\ud[89a-f]", text, re.IGNORECASE), path
    assert_json_valid(published[urls.ENTRIES_JSON], published[urls.ENTRIES_SCHEMA], catalog)
    root = assert_atom(published[urls.FEED], catalog)
    assert root.findtext(f"{ATOM}title") == "List\ufffd\ufffd\ufffd\ufffd\ufffd: newest additions"
    assert root.find(f"{ATOM}entry").findtext(f"{ATOM}id") == f"{SITE_URL}{urls.work(HOSTILE_ENTRIES[case].id)}"
    assert_bib_has_one_record_per_work(published[urls.REFERENCES_BIB], catalog)


def test_feed_summary_drops_characters_xml_forbids(real_catalog: Catalog) -> None:
    catalog = with_entry(real_catalog, HOSTILE_ENTRIES["not-xml"])
    first = ET.fromstring(feed_xml(catalog, SITE_URL)).find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}title") == "N\ufffd\ufffd\ufffd\ufffd\ufffd"
    assert first.findtext(f"{ATOM}summary").startswith("S")


def test_entries_json_of_a_lone_surrogate_is_valid_json(real_catalog: Catalog) -> None:
    catalog = with_entry(real_catalog, HOSTILE_ENTRIES["surrogate"])
    text = entries_json(catalog, SITE_URL)
    text.encode("utf-8")
    record = json.loads(text)["entries"][0]
    assert record["title"] == "Lone \ufffd surrogate }" and record["name"] == "Sur\ufffdrogate"
    jsonschema.validate(json.loads(text), entries_schema(catalog, SITE_URL), cls=jsonschema.Draft202012Validator)


def test_references_bib_of_hostile_catalog_has_one_record_per_work(real_catalog: Catalog) -> None:
    catalog = dataclasses.replace(real_catalog, entries=(HOSTILE_ENTRIES["braces"], HOSTILE_ENTRIES["only-closing"], *real_catalog.entries))
    assert_bib_has_one_record_per_work(references_bib(catalog), catalog)


# --- the session's site build (tests/features/site/conftest.py), which holds hostile-exports-entry.md ---------


@pytest.fixture(scope="module")
def site_catalog(built_site: BuiltSite) -> Catalog:
    catalog = load_catalog(built_site.root)
    assert "}" in catalog.by_id()[FIXTURE_ID].main_url  # the fixture still holds what it tests
    return catalog


def read(site: BuiltSite, path: str) -> str:
    return (site.site / path).read_text(encoding="utf-8")


def test_built_references_bib_has_one_record_per_work(built_site: BuiltSite, site_catalog: Catalog) -> None:
    assert_bib_has_one_record_per_work(read(built_site, urls.REFERENCES_BIB), site_catalog)


def test_built_copy_bibtex_block_is_one_record(built_site: BuiltSite, site_catalog: Catalog) -> None:
    entry = site_catalog.by_id()[FIXTURE_ID]
    block = copy_bibtex_block(read(built_site, f"{urls.work(FIXTURE_ID)}index.html"), FIXTURE_ID)
    assert_braces_hold(block)
    library = parse_bib(block)
    assert len(library.blocks) == 1
    assert_record_keeps(library.entries[0], entry)


def test_built_feed_and_entries_json_parse(built_site: BuiltSite, site_catalog: Catalog) -> None:
    feed = ET.fromstring(read(built_site, urls.FEED))
    assert feed.tag == f"{ATOM}feed"
    added_today = [e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith(urls.work(FIXTURE_ID))]
    assert [e.findtext(f"{ATOM}title") for e in added_today] == [site_catalog.by_id()[FIXTURE_ID].display_name]
    data = json.loads(read(built_site, urls.ENTRIES_JSON))
    schema = json.loads(read(built_site, urls.ENTRIES_SCHEMA))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    record = next(r for r in data["entries"] if r["id"] == FIXTURE_ID)
    entry = site_catalog.by_id()[FIXTURE_ID]
    assert record["title"] == entry.title
    assert {k: unquote(v) for k, v in record["links"].items()} == {k: unquote(v) for k, v in entry.links.items()}
    assert_record_keeps(parse_bib(record["bibtex"]).entries[0], entry)
