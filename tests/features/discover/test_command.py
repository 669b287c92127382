"""`awesome-lam discover` end to end, against a fake arXiv API on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.features.discover.feed import Paging
from tests.features.discover.conftest import SINCE, UNTIL, Discover, paper
from tests.features.discover.fake_listing import FakeListing, feed
from tests.github_markdown import Tags, github_html
from tests.local_server import ATOM, Reply

RELEVANT = ("An Audio Language Model for Speech Understanding and Spoken Dialogue",
            "We present a large audio language model that listens to speech, music and sound and answers in text. "
            "Trained on audio question answering and speech recognition, it improves on audio understanding benchmarks.")
UNRELATED = ("Graph Networks for Protein Folding", "We fold proteins with graph neural networks and sound physics.")


def candidates(result_stdout: str) -> list[dict[str, object]]:
    return json.loads(result_stdout)["candidates"]


def one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    return lines[-1]


def test_reads_the_window_page_by_page_newest_first_and_asks_as_arxiv_wants(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(n, UNTIL - __import__("datetime").timedelta(days=n % 9)) for n in range(1, 251)]
    listing.papers += [paper(900, SINCE.replace(day=SINCE.day - 1)), paper(901, UNTIL.replace(day=UNTIL.day + 1))]
    result = discover("--format", "json", "--page-size", "100", "--limit", "1000")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["papers"], found["partial"], found["since"], found["until"]) == (250, False, str(SINCE), str(UNTIL))
    assert {c["arxiv"] for c in found["candidates"]} == {f"2612.{n:05d}" for n in range(1, 251)}
    assert [(q["start"], q["max_results"]) for q in listing.requests] == [("0", "100"), ("100", "100"), ("200", "100")]
    assert result.pauses == [3.0, 3.0]  # arXiv's one request every 3 seconds
    query = listing.requests[0]
    assert (query["sortBy"], query["sortOrder"]) == ("submittedDate", "descending")
    assert "submittedDate:[202611290000 TO 202612072359]" in query["search_query"]
    assert re.search(r"cat:cs\.SD OR cat:eess\.AS OR \(\(cat:cs\.CL OR cat:cs\.LG OR cat:cs\.MM\) AND \(abs:speech OR abs:audio OR abs:music",
                     query["search_query"]), query["search_query"]
    assert "paper 250 on acoustic" in result.stderr or "250 papers" in result.stderr


def test_a_neighbour_category_paper_comes_only_when_it_speaks_of_audio(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(1, categories=("cs.CL",), summary="A speech translation model."),
                      paper(2, categories=("cs.CL",), summary="A text-only parser."), paper(3, categories=("eess.AS",))]
    assert {c["arxiv"] for c in candidates(discover("--format", "json").stdout)} == {"2612.00001", "2612.00003"}


def test_papers_outside_the_window_are_dropped_even_when_the_api_sends_them(listing: FakeListing, discover: Discover) -> None:
    import datetime as dt
    listing.papers = [paper(1, UNTIL + dt.timedelta(days=2)), paper(2, UNTIL), paper(3, SINCE), paper(4, SINCE - dt.timedelta(days=1)),
                      paper(5, SINCE - dt.timedelta(days=30))]
    listing.behaviour.ignore_window = True
    result = discover("--format", "json")
    assert result.returncode == 0
    assert [c["arxiv"] for c in candidates(result.stdout)] == ["2612.00002", "2612.00003"] or \
        {c["arxiv"] for c in candidates(result.stdout)} == {"2612.00002", "2612.00003"}


def test_the_list_s_works_and_declined_papers_are_never_proposed(lam_root: Path, listing: FakeListing, discover: Discover,
                                                               write_entry) -> None:
    survey = (lam_root / "entries/surveys/sparks-of-large-audio-models.md").read_text(encoding="utf-8")
    write_entry("entries/surveys/by-id.md", survey.replace("2308.12792", "2612.00001").replace(
        "Sparks of Large Audio Models: A Survey and Outlook", "A Survey Listed by Its arXiv Id").replace(
        "  project: https://github.com/EmulationAI/awesome-large-audio-models\n", ""))
    listing.papers = [
        paper(1),  # listed by arXiv id
        paper(2, title="SPARKS of Large Audio Models -- a survey and outlook!"),  # listed by title
        paper(3),  # declined by arXiv id
        paper(4, title="A declined paper, by its title"),
        paper(5),
    ]
    write_entry("data/declined.yml", 'declined:\n  - arxiv: "2612.00003"\n    reason: "Not an audio model"\n'
                                     '  - title: "A Declined Paper by Its Title"\n    reason: "Vision only"\n')
    result = discover("--format", "json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [c["arxiv"] for c in found["candidates"]] == ["2612.00005"]
    assert (found["papers"], found["known"]) == (5, 4)


def test_text_output_says_what_to_run_and_why(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(1, title=RELEVANT[0], summary=RELEVANT[1]), paper(2, title=UNRELATED[0], summary=UNRELATED[1])]
    result = discover()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Candidates submitted to arXiv from {SINCE} to {UNTIL}, best first (2 of 2 papers")
    first = lines.index(next(line for line in lines if line.startswith("  1. ")))
    assert re.fullmatch(r"  1\. [01]\.\d\d  " + re.escape(RELEVANT[0]), lines[first])
    assert lines[first + 1] == f"     Ada Lovelace et al., {UNTIL}; https://arxiv.org/abs/2612.00001"
    assert re.fullmatch(r"     section: surveys; why: .*like Sparks of Large Audio Models.*", lines[first + 2])
    assert lines[first + 3] == "     awesome-lam new 2612.00001 --section surveys"
    assert any(line.startswith("  2. ") and UNRELATED[0] in line for line in lines)
    assert "2 papers from" in result.stderr


def test_json_is_best_first_with_the_fields_a_script_needs(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(n) for n in range(1, 6)] + [paper(9, title=RELEVANT[0], summary=RELEVANT[1])]
    found = json.loads(discover("--format", "json", "--limit", "3").stdout)
    scores = [c["score"] for c in found["candidates"]]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    best = found["candidates"][0]
    assert best["arxiv"] == "2612.00009" and best["title"] == RELEVANT[0] and best["section"] == "surveys"
    assert best["authors"] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"] and best["published"] == str(UNTIL)
    assert best["command"] == "awesome-lam new 2612.00009 --section surveys" and best["url"] == "https://arxiv.org/abs/2612.00009"
    assert best["why"] and isinstance(best["like"], list)


HOSTILE_TITLE = '<script>alert(1)</script> [x](javascript:alert(1)) **bold** @octocat #1 | a | `tick'


def test_markdown_is_a_checklist_in_which_nothing_the_api_sent_comes_alive(listing: FakeListing, discover: Discover) -> None:
    hostile = paper(1, title=HOSTILE_TITLE)
    listing.papers = [hostile, paper(2, title=RELEVANT[0], summary=RELEVANT[1])]
    result = discover("--format", "markdown")
    assert result.returncode == 0, result.stderr
    html = github_html(result.stdout)
    tags = Tags()
    tags.feed(html)
    assert [t for t, _ in tags.tags].count("input") == 2  # GitHub's task list: one box per candidate
    assert {t for t, _ in tags.tags} <= {"p", "ul", "li", "input", "a", "strong", "code", "br"}
    assert [a["href"] for t, a in tags.tags if t == "a"] == ["https://arxiv.org/abs/2612.00002", "https://arxiv.org/abs/2612.00001"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<code>awesome-lam new 2612.00001 --section surveys</code>" in html


def test_limit_keeps_the_best(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(n) for n in range(1, 21)]
    assert len(candidates(discover("--format", "json", "--limit", "7").stdout)) == 7
    assert "No candidates this time." in discover("--format", "markdown", "--since", "2020-01-01", "--until", "2020-01-02", window=False).stdout


@pytest.mark.parametrize(("reply", "message"), [
    (Reply(b"oops", 500, "text/plain"), "answered HTTP 500"),
    (Reply(b"<!doctype html><html><body>Rate limited</body></html>", 200, "text/html"), "declares a document type"),
    (Reply(b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", 200, ATOM), "not"),
    (Reply(b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           b"<feed xmlns='http://www.w3.org/2005/Atom'><title>&b;</title></feed>", 200, ATOM), "declares a document type"),
    (Reply(b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>http://arxiv.org/api/errors#incorrect_id</id>"
           b"<summary>malformed query</summary></entry></feed>", 200, ATOM), "refused the query: malformed query"),
])
def test_a_failing_or_hostile_first_page_is_one_clear_line_and_exit_1(listing: FakeListing, discover: Discover,
                                                                      reply: Reply, message: str) -> None:
    listing.papers = [paper(1)]
    listing.behaviour.replies[0] = reply
    result = discover("--format", "json")
    assert result.returncode == 1
    line = one_line_error(result.stderr)
    assert line.startswith("awesome-lam discover: partial: the ") and message in line, result.stderr
    assert json.loads(result.stdout)["partial"] is True


def test_a_later_page_failing_keeps_what_was_read(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(n) for n in range(1, 251)]
    listing.behaviour.replies[1] = Reply(b"busy", 503, "text/plain")
    result = discover("--format", "json", "--page-size", "100", "--limit", "1000")
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert found["partial"] is True and "papers 101-200" in found["fault"] and "HTTP 503" in found["fault"]
    assert found["papers"] == 100 and len(found["candidates"]) == 100
    assert "from the 100 papers read before it" in one_line_error(result.stderr)
    listing.requests.clear()
    markdown = discover("--format", "markdown", "--page-size", "100")
    assert "**Partial:** `the arXiv API at" in markdown.stdout
    listing.requests.clear()
    text = discover("--page-size", "100")
    assert "PARTIAL: the arXiv API at" in text.stdout


def test_an_oversized_page_is_refused_without_reading_it_all(listing: FakeListing, discover: Discover,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.features.discover import feed as feed_module
    monkeypatch.setattr(feed_module, "MAX_PAGE_BYTES", 50_000)
    listing.papers = [paper(n, summary="speech " * 200) for n in range(1, 101)]
    result = discover("--format", "json")
    assert result.returncode == 1 and "sent more than" in one_line_error(result.stderr)


def test_a_page_that_repeats_stops_the_paging(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(n) for n in range(1, 251)]
    listing.behaviour.repeat_first_page = True
    result = discover("--format", "json", "--page-size", "100", "--limit", "1000")
    assert result.returncode == 1 and "repeated papers it had already sent" in one_line_error(result.stderr)
    assert json.loads(result.stdout)["papers"] == 100 and len(listing.requests) == 2


def test_a_slow_api_times_out(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(1)]
    listing.behaviour.replies[0] = Reply(feed([], 0), delay=3)
    result = discover("--timeout", "0.5")
    assert result.returncode == 1 and "did not answer within 0.5 s" in one_line_error(result.stderr)


def test_the_whole_paging_has_a_deadline(listing: FakeListing, discover: Discover) -> None:
    listing.papers = [paper(n) for n in range(1, 251)]
    listing.behaviour.replies[1] = Reply(feed([], 0), delay=3)
    result = discover("--format", "json", "--page-size", "100", "--deadline", "1")
    assert result.returncode == 1 and json.loads(result.stdout)["papers"] == 100
    assert "did not answer within" in one_line_error(result.stderr) or "--deadline" in one_line_error(result.stderr)


def test_a_window_of_10000_papers_reads_at_most_max_papers(listing: FakeListing, discover: Discover) -> None:
    assert Paging().max_papers == 5000
    import datetime as dt
    listing.papers = [paper(n, UNTIL - dt.timedelta(days=n % 8)) for n in range(1, 10_001)]
    result = discover("--format", "json", "--page-size", "500", "--max-papers", "1000", "--limit", "5")
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert found["papers"] == 1000 and len(listing.requests) == 2 and len(found["candidates"]) == 5
    assert "more than 1,000 papers (--max-papers)" in one_line_error(result.stderr)


def test_an_unreachable_api_is_one_line(lam_root: Path, discover: Discover, closed_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    result = discover("--api-url", f"http://127.0.0.1:{closed_port}")
    assert result.returncode == 1 and "could not be reached" in one_line_error(result.stderr)


@pytest.mark.parametrize(("argv", "message"), [
    (("--since", "2026-12-08", "--until", "2026-12-07"), "is after --until"),
    (("--since", "2026-13-01"), "is not a date"),
    (("--since", "yesterday"), "is not a date"),
    (("--since", "2020-01-01", "--until", "2026-12-07"), "longer than 366 days"),
    (("--page-size", "50"), "from 100 to 2,000"),
    (("--page-size", "2001"), "from 100 to 2,000"),
    (("--limit", "0"), "from 1 to 1,000"),
    (("--pause", "1"), "out of range"),
    (("--format", "github"), "is not offered by `discover`"),
])
def test_usage_errors_exit_2_and_ask_nothing(listing: FakeListing, discover: Discover, argv: tuple[str, ...], message: str) -> None:
    result = discover(*argv, window=False)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert listing.requests == []


def test_an_invalid_list_is_reported_before_any_request(lam_root: Path, listing: FakeListing, discover: Discover, write_entry) -> None:
    write_entry("entries/surveys/broken.md", "---\ntitle: [unclosed\n---\n")
    result = discover()
    assert result.returncode == 1 and "has the problems above; fix them first" in result.stderr and "broken.md" in result.stderr
    assert listing.requests == []
