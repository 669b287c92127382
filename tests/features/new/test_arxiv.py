"""Reading arXiv ids and URLs, and the Atom answers of the API, without a network."""

from __future__ import annotations

import pytest

from generator.features.new.arxiv import parse_feed, parse_reference
from generator.features.new.work import ScaffoldError
from tests.features.new.fake_arxiv import fixture


@pytest.mark.parametrize(
    ("text", "arxiv_id"),
    [
        ("2305.11000", "2305.11000"),
        (" 2305.11000v12 ", "2305.11000"),
        ("arXiv:2305.11000", "2305.11000"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/pdf/2305.11000v2.pdf", "2305.11000"),
        ("https://www.arxiv.org/abs/2305.11000?context=cs", "2305.11000"),
    ],
)
def test_references(text: str, arxiv_id: str) -> None:
    assert parse_reference(text) == arxiv_id


@pytest.mark.parametrize("text", ["", "2305.11000v", "2313.11000", "2305", "https://arxiv.org/list/cs.CL/new", "cs/12345"])
def test_unparsable_references_are_usage_errors(text: str) -> None:
    with pytest.raises(ScaffoldError) as caught:
        parse_reference(text)
    assert caught.value.exit_code == 2


def test_the_feed_gives_a_clean_work() -> None:
    work = parse_feed(fixture("2305.11000.xml"), "2305.11000")
    assert work.title.endswith("Intrinsic Cross-Modal Conversational Abilities") and "\n" not in work.title
    assert work.authors[0] == "Dong Zhang" and len(work.authors) == 7
    assert (work.date, work.paper_url, work.arxiv) == ("2023-05-18", "https://arxiv.org/abs/2305.11000", "2305.11000")
    assert work.abstract.startswith("Multi-modal large language models are regarded")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (fixture("empty.xml"), "arXiv has no paper"),
        (fixture("error.xml"), "refused"),
        (b"", "not valid Atom XML"),
        (b"<!DOCTYPE x [<!ENTITY a 'b'>]><feed xmlns='http://www.w3.org/2005/Atom'><entry><id>x</id></entry></feed>", "declares a document type"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>x</id></entry></feed>", "no title or date"),
        (fixture("2305.11000.xml").replace(b"2023-05-18T14:23:25Z", b"yesterday"), "not an ISO date"),
        (fixture("2305.11000.xml").replace(b"2023-05-18T14:23:25Z", "２０２３-０５-１８T14:23:25Z".encode()), "not an ISO date"),
    ],
)
def test_feeds_without_a_paper(body: bytes, message: str) -> None:
    with pytest.raises(ScaffoldError, match=message) as caught:
        parse_feed(body, "2305.11000")
    assert caught.value.exit_code == 1
