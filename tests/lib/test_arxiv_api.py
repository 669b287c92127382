"""lib/arxiv_api: an answer of the arXiv API read as Atom, and everything else refused in one line."""

from __future__ import annotations

import pytest

from generator.lib.arxiv_api import NS, atom_feed, authors_of, decode_answer, text_of
from generator.lib.errors import LamError

ATOM = "application/atom+xml; charset=utf-8"
FEED = ("<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<entry><title>A  Model\n  of Speech</title><author><name>Ada\n Lovelace</name></author>"
        "<author><name> </name></author><author><name>Alan Turing</name></author></entry></feed>")


def test_a_feed_reads_with_its_text_collapsed_and_blank_authors_left_out() -> None:
    entry = atom_feed(FEED.encode(), ATOM, "the answer").find("atom:entry", NS)
    assert entry is not None
    assert text_of(entry, "atom:title") == "A Model of Speech" and text_of(entry, "atom:summary") == ""
    assert authors_of(entry) == ("Ada Lovelace", "Alan Turing")


@pytest.mark.parametrize(("body", "content_type", "message"), [
    (FEED.encode("utf-16"), ATOM, "not valid UTF-8"),
    (FEED.encode(), "application/atom+xml; charset=latin-1", "declares the encoding 'latin-1'"),
    (FEED.replace("UTF-8", "ISO-8859-1").encode(), ATOM, "declares the encoding 'ISO-8859-1'"),
    (b'<!DOCTYPE feed [<!ENTITY x "y">]><feed xmlns="http://www.w3.org/2005/Atom">&x;</feed>', ATOM, "declares a document type"),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", ATOM, "is not valid Atom XML"),
    (b"<rss><channel/></rss>", ATOM, "is XML but not an Atom feed (root element rss)"),
])
def test_anything_else_is_one_line_naming_the_answer(body: bytes, content_type: str, message: str) -> None:
    with pytest.raises(LamError) as raised:
        atom_feed(body, content_type, "the answer of the test server")
    assert str(raised.value).startswith("the answer of the test server ") and message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_byte_order_mark_is_not_text() -> None:
    assert decode_answer(b"\xef\xbb\xbf<feed/>", ATOM, "the answer") == "<feed/>"
