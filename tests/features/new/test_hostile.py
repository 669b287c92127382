"""`awesome-lam new` against hostile sources: a trickling or huge answer, strange encodings,
values the entry format cannot hold, @string bombs, and text that must not reach the terminal raw.

Every failure is one `awesome-lam:` line, exit 1, no file; every success writes an entry that
`awesome-lam validate` accepts once its summary and tasks are filled in.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest

from generator.core.schema import MAX_AUTHORS
from tests.conftest import run_cli
from tests.features.new.fake_arxiv import fixture
from tests.features.new.test_command import assert_failed_cleanly, entry_files
from tests.local_server import Reply

SPEECHGPT = "entries/foundation-models/speechgpt.md"
FEED = fixture("2305.11000.xml")
TITLE = b"SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal\n  Conversational Abilities"
MAX_ECHO_LINE = 600  # no message quotes more than this of its input


def feed_with(title: bytes = TITLE, authors: list[bytes] | None = None, summary: bytes | None = None,
              published: bytes = b"2023-05-18T14:23:25Z") -> bytes:
    """The SpeechGPT answer with its title, authors, abstract or date replaced."""
    body = FEED.replace(TITLE, title).replace(b"2023-05-18T14:23:25Z", published)
    if authors is not None:
        start, end = body.index(b"<author>"), body.rindex(b"</author>") + len(b"</author>")
        body = body[:start] + b"".join(b"<author><name>" + a + b"</name></author>" for a in authors) + body[end:]
    if summary is not None:
        start, end = body.index(b"<summary>") + len(b"<summary>"), body.index(b"</summary>")
        body = body[:start] + summary + body[end:]
    return body


def assert_safe_echo(stderr: str) -> None:
    """One short line, with no control, format or private character left raw."""
    line = stderr.removesuffix("\n")
    assert "\n" not in line and len(line) <= MAX_ECHO_LINE, (len(line), line[:200])
    raw = [ch for ch in line if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")]
    assert raw == [], raw


def assert_validates_once_filled(root: Path, rel: str) -> str:
    """Fill in tasks and the summary as a contributor would; `awesome-lam validate` must then pass."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.rpartition("---\n")
    path.write_text(head.replace("tasks: []", "tasks: [asr]").replace("modalities: []", "modalities: [speech]") + "---\nA chat model that listens and answers in speech.\n",
                    encoding="utf-8")
    result = run_cli(root, "validate", str(path))
    assert result.returncode == 0, result.stderr
    return text


# 1. A total deadline on the whole exchange -------------------------------------------------


@pytest.mark.parametrize("trickle_head", [False, True], ids=["body", "headers"])
def test_a_trickling_answer_is_cut_at_the_deadline(new, lam_root, arxiv_api, trickle_head) -> None:
    arxiv_api.replies["2305.11000"] = Reply(FEED, trickle=0.05, trickle_head=trickle_head)  # ~4 minutes in all
    before = entry_files(lam_root)
    started = time.monotonic()
    result = new("2305.11000", "--section", "foundation-models", "--timeout", "0.5")
    assert time.monotonic() - started < 5
    assert_failed_cleanly(result, lam_root, before)
    assert f"the arXiv API at {arxiv_api.url} did not answer within 0.5 s" in result.stderr


def test_an_answer_larger_than_the_cap_is_refused(new, lam_root, arxiv_api) -> None:
    arxiv_api.replies["2305.11000"] = Reply(feed_with(summary=b"x" * (3 * 1024 * 1024)))
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert "answer is larger than 2048 KiB" in result.stderr


# 2. Encodings: UTF-8 only, everything else refused clearly -------------------------------


def declared(encoding: bytes, body: bytes = FEED) -> bytes:
    return body.replace(b'encoding="UTF-8"', b'encoding="' + encoding + b'"')


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(declared(b"UTF-7")), "declares the encoding 'UTF-7'"),
        (Reply(declared(b"x-no-such-codec")), "declares the encoding 'x-no-such-codec'"),
        (Reply(declared(b"rot13")), "declares the encoding 'rot13'"),
        (Reply(declared(b"idna")), "declares the encoding 'idna'"),
        (Reply(declared(b"utf-32")), "declares the encoding 'utf-32'"),
        (Reply(declared(b"windows-1252")), "declares the encoding 'windows-1252'"),
        (Reply(FEED, content_type="application/atom+xml; charset=UTF-7"), "declares the encoding 'UTF-7'"),
        (Reply(FEED, content_type='application/atom+xml; charset="x-\x7f\x1b[31m"'), "declares the encoding"),
        (Reply(FEED.replace(b"Dong Zhang", b"Dong Zh\xe4ng")), "is not valid UTF-8 (byte"),
        (Reply(declared(b"UTF-16", FEED).decode().encode("utf-16")), "is not valid UTF-8 (byte 0)"),
        (Reply(FEED.replace(b'<?xml version="1.0" encoding="UTF-8"?>\n', b"").decode().encode("utf-16")), "is not valid UTF-8"),
    ],
    ids=["utf-7", "unknown", "rot13", "idna", "utf-32", "cp1252", "utf-7-header", "hostile-header", "latin-1-bytes",
         "utf-16-declared", "utf-16-bom"],
)
def test_only_utf8_answers_are_read(new, lam_root, arxiv_api, reply, message) -> None:
    arxiv_api.replies["2305.11000"] = reply
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert message in result.stderr and arxiv_api.url in result.stderr
    assert_safe_echo(result.stderr)


@pytest.mark.parametrize("encoding", [b"utf-8", b"utf8", b"US-ASCII"])
def test_utf8_and_ascii_declarations_are_read(new, lam_root, arxiv_api, encoding) -> None:
    arxiv_api.replies["2305.11000"] = Reply(declared(encoding), content_type="application/atom+xml; charset=utf-8")
    assert new("2305.11000", "--section", "foundation-models").returncode == 0


# 3. Whatever is written validates; what cannot be made valid is refused --------------------


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(feed_with(title=b"Speech " * 250_000)), "title is 1749999 characters long; at most 400"),
        (Reply(feed_with(title=b"TBD")), "title 'TBD' is a placeholder"),
        (Reply(feed_with(authors=[b"A" * 5000])), "author 1 is 5000 characters long; at most 400"),
        (Reply(feed_with(authors=[])), "the list of authors is empty"),
        (Reply(feed_with(authors=[b" ", b"\xe2\x80\x8b"])), "the list of authors is empty"),
        (Reply(feed_with(published=b"2023-13-45T00:00:00Z")), "date '2023-13-45' is not a valid date"),
        (Reply(feed_with(published=b"2999-01-01T00:00:00Z")), "date '2999-01-01' is in the future"),
    ],
    ids=["huge-title", "placeholder-title", "huge-author", "no-authors", "blank-authors", "bad-date", "future-date"],
)
def test_values_the_entry_cannot_hold_are_refused(new, lam_root, arxiv_api, reply, message) -> None:
    arxiv_api.replies["2305.11000"] = reply
    before = entry_files(lam_root)
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, before)
    assert message in result.stderr and f"the arXiv API at {arxiv_api.url}" in result.stderr
    assert "--from-bibtex" in result.stderr
    assert_safe_echo(result.stderr)


def test_long_author_lists_end_with_others(new, lam_root, arxiv_api) -> None:
    names = [f"Author Number{i}".encode() for i in range(5000)]
    arxiv_api.replies["2305.11000"] = Reply(feed_with(authors=names))
    assert new("2305.11000", "--section", "foundation-models").returncode == 0
    text = assert_validates_once_filled(lam_root, SPEECHGPT)
    authors = re.search(r"^authors: \[(.*)\]$", text, re.MULTILINE).group(1).split(", ")
    assert len(authors) == MAX_AUTHORS and authors[0] == "Author Number0" and authors[-2] == f"Author Number{MAX_AUTHORS - 2}"
    assert authors[-1] == "others"


def test_invisible_characters_and_repeated_authors_are_cleaned(new, lam_root, arxiv_api) -> None:
    title = "Speech\u200bGPT: Empowering \u202eLarge\u202c Language Models \u00ad\u0085Now".encode()
    authors = ["Dong\u200d Zhang", "Dong Zhang", "Wei Li", "\u2066Wei Li\u2069", "\ufeffXin Zhang"]
    arxiv_api.replies["2305.11000"] = Reply(feed_with(title=title, authors=[a.encode() for a in authors]))
    result = new("2305.11000", "--section", "foundation-models")
    assert result.returncode == 0, result.stderr
    text = assert_validates_once_filled(lam_root, SPEECHGPT)
    assert 'title: "SpeechGPT: Empowering Large Language Models Now"\n' in text
    assert "authors: [Dong Zhang, Wei Li, Xin Zhang]\n" in text


def test_a_huge_abstract_still_gives_a_valid_entry(new, lam_root, arxiv_api) -> None:
    arxiv_api.replies["2305.11000"] = Reply(feed_with(summary=b"We \xe2\x80\xae propose " + b"a" * 1_500_000 + b"."))
    assert new("2305.11000", "--section", "foundation-models").returncode == 0
    text = assert_validates_once_filled(lam_root, SPEECHGPT)
    assert len(text) < 5000


def test_a_placeholder_short_name_is_left_out(new, lam_root, arxiv_api) -> None:
    arxiv_api.replies["2305.11000"] = Reply(feed_with(title=b"TBD: Speech Models That Chat"))
    assert new("2305.11000", "--section", "foundation-models", "--id", "speech-chat").returncode == 0
    text = assert_validates_once_filled(lam_root, "entries/foundation-models/speech-chat.md")
    assert "\nname:" not in text


def bib(tmp_path: Path, text: str | bytes, name: str = "record.bib") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def record(title: str = "Speech Models That Chat", authors: str = "Zhang, Dong and Li, Shimin",
           url: str = "https://example.org/paper", extra: str = "", title_value: str = "") -> str:
    """One @misc record; `title_value` is a raw value (`a # {b}`) that replaces the braced title."""
    title_value = title_value or f"{{{title}}}"
    return f"@misc{{k, title = {title_value}, author = {{{authors}}}, year = 2023, url = {{{url}}}{extra}}}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (record(title="x" * 2000), "title is 2000 characters long; at most 400; shorten it"),
        (record(title="\\textbf{" * 600 + "x" + "}" * 600), "title is 5401 characters long; at most 400"),
        (record(title="{" * 300 + "x" + "}" * 300), "title is nested too deeply"),
        (record(title="$" + "{" * 300 + "x" + "}" * 300 + "$"), "title is nested too deeply"),
        (record(title="\\begin{x}" * 150), "title is empty"),
        (record(authors="A B and " + "C" * 3000), "author 2 is 3000 characters long; at most 400"),
        (record(url="ftp://example.org/x"), "links.paper 'ftp://example.org/x' must be an absolute http:// or https:// URL"),
        (record(url="https://" + "a" * 3000 + ".org"), "links.paper is 3012 characters long; at most 2000"),
        (record(extra=", journal = {" + "Journal " * 100 + "}"), "venue is 804 characters long; at most 400"),
        (record(extra=", date = {2023-02-30}"), "date '2023-02-30' is not a valid date"),
        (record().replace("year = 2023", "year = 2999"), "date '2999' is in the future"),
    ],
    ids=["long-title", "long-latex", "deep-braces", "deep-math", "deep-environments", "long-author", "ftp-url",
         "long-url", "long-venue", "bad-date", "future-year"],
)
def test_bibtex_values_the_entry_cannot_hold_are_refused(new, lam_root, tmp_path, text, message) -> None:
    path = bib(tmp_path, text)
    before = entry_files(lam_root)
    started = time.monotonic()
    result = new("--from-bibtex", str(path), "--section", "music")
    assert time.monotonic() - started < 5
    assert_failed_cleanly(result, lam_root, before)
    assert message in result.stderr and str(path) in result.stderr
    assert_safe_echo(result.stderr)


def test_long_bibtex_author_lists_end_with_others(new, lam_root, tmp_path) -> None:
    authors = " and ".join(f"Number{i}, Author" for i in range(2000))
    path = bib(tmp_path, record(authors=authors))
    started = time.monotonic()
    assert new("--from-bibtex", str(path), "--section", "music", "--id", "chat").returncode == 0
    assert time.monotonic() - started < 5
    text = assert_validates_once_filled(lam_root, "entries/music/chat.md")
    authors_line = next(line for line in text.splitlines() if line.startswith("authors: "))
    assert authors_line.startswith("authors: [Author Number0, Author Number1,")
    assert authors_line.endswith(f"Author Number{MAX_AUTHORS - 2}, others]") and authors_line.count(", ") == MAX_AUTHORS - 1


# 4. BibTeX: @string expansion and file size within limits ---------------------------------


def doubling(levels: int) -> str:
    lines = ['@string{a0 = "xx"}'] + [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n" + record(title_value=f"a{levels}") + "\n"


def test_an_at_string_bomb_is_refused_before_it_is_built(new, lam_root, tmp_path) -> None:
    path = bib(tmp_path, doubling(40))
    assert len(path.read_bytes()) < 2000
    before = entry_files(lam_root)
    started = time.monotonic()
    result = new("--from-bibtex", str(path), "--section", "music")
    assert time.monotonic() - started < 5
    assert_failed_cleanly(result, lam_root, before)
    assert f"{path}: BibTeX line 17: @string 'a16' is longer than 64 KiB once expanded" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@string{a = b}\n@string{b = a # {x}}\n" + record(title_value="a"), "BibTeX line 1: @string 'a' refers to itself"),
        ("\n".join(f"@string{{s{i} = s{i + 1}}}" for i in range(200)) + "\n" + record(title_value="s0"),
         "BibTeX line 51: @string 's50': @string macros are nested more than 50 deep"),
        (record(title_value="{x} # # {y}"), "BibTeX line 1: field 'title' cannot be read (a value is missing around #)"),
    ],
    ids=["cycle", "deep-chain", "dangling-hash"],
)
def test_broken_at_string_use_is_one_line(new, lam_root, tmp_path, text, message) -> None:
    path = bib(tmp_path, text)
    before = entry_files(lam_root)
    result = new("--from-bibtex", str(path), "--section", "music")
    assert_failed_cleanly(result, lam_root, before)
    assert message in result.stderr


def test_at_string_concatenation_is_expanded(new, lam_root, tmp_path) -> None:
    text = ('@STRING{conf = "Proceedings of "}\n@string{icml = conf # {ICML}}\n'
            + record(extra=", booktitle = icml # { } # 2023, month = may"))
    path = bib(tmp_path, text)
    result = new("--from-bibtex", str(path), "--section", "music", "--id", "chat")
    assert result.returncode == 0, result.stderr
    text = assert_validates_once_filled(lam_root, "entries/music/chat.md")
    assert "venue: Proceedings of ICML 2023\n" in text and 'date: "2023-05"\n' in text


def test_a_huge_bibtex_file_is_refused_unread(new, lam_root, tmp_path) -> None:
    path = bib(tmp_path, record() + "\n%" + "x" * (2 * 1024 * 1024))
    before = entry_files(lam_root)
    result = new("--from-bibtex", str(path), "--section", "music")
    assert_failed_cleanly(result, lam_root, before)
    assert f"{path} is larger than 1024 KiB" in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_bibtex_source_is_cut_at_the_cap(new, lam_root) -> None:
    result = new("--from-bibtex", "/dev/zero", "--section", "music")
    assert_failed_cleanly(result, lam_root, entry_files(lam_root))
    assert "/dev/zero is larger than 1024 KiB" in result.stderr


def test_a_bibtex_file_that_is_not_utf8_is_one_line(new, lam_root, tmp_path) -> None:
    path = bib(tmp_path, record(title="M\xfcller").encode("latin-1"))
    result = new("--from-bibtex", str(path), "--section", "music")
    assert_failed_cleanly(result, lam_root, entry_files(lam_root))
    assert f"{path} is not valid UTF-8 (byte 19); save it as UTF-8" in result.stderr


# 5. What is echoed is short and escaped ---------------------------------------------------

ESC = "\x1b[2J\x1b]0;pwned\x07"


@pytest.mark.parametrize(
    "argv",
    [
        [ESC + "x" * 5000, "--section", "music"],
        ["https://arxiv.org/abs/" + ESC + "x" * 5000, "--section", "music"],
        ["https://example.org/" + ESC + "x" * 5000, "--section", "music"],
        ["2305.11000", "--section", ESC + "x" * 5000],
        ["2305.11000", "--section", "music", "--kind", ESC + "x" * 5000],
        ["2305.11000", "--section", "music", "--id", ESC + "x" * 5000],
    ],
    ids=["reference", "arxiv-url", "other-url", "section", "kind", "id"],
)
def test_arguments_are_echoed_short_and_escaped(new, lam_root, argv) -> None:
    result = new(*argv)
    assert_failed_cleanly(result, lam_root, entry_files(lam_root), code=2)
    assert_safe_echo(result.stderr)
    assert "\\x1b[2J" in result.stderr and "\u2026" in result.stderr


@pytest.mark.parametrize(
    "reply",
    [
        Reply(b"\x1b[2J" + b"Rate exceeded " * 1000, content_type="text/plain"),
        Reply(fixture("error.xml").replace(b"incorrect id format", "\u009b31m\u202e".encode() + b"bad " * 5000)),
        Reply(b"<" + b"x" * 5000 + b"/>"),
        Reply(feed_with(published="\u009b2J".encode() + b"y" * 5000)),
        Reply(FEED.replace(b"abs/2305.11000v2</id>", b"abs/2305.11001" + b"9" * 5000 + b"</id>")),
    ],
    ids=["not-xml", "error-entry", "root-element", "date", "other-paper"],
)
def test_answers_are_echoed_short_and_escaped(new, lam_root, arxiv_api, reply) -> None:
    arxiv_api.replies["2305.11000"] = reply
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, entry_files(lam_root))
    assert_safe_echo(result.stderr)


@pytest.mark.parametrize(
    "text",
    [
        "@article{k, " + "f" * 5000 + " = {x}, " + "f" * 5000 + " = {y}}",
        record(extra=", eprint = {" + ESC + "9" * 5000 + "}"),
        record().replace("year = 2023", "year = {" + ESC + "9" * 5000 + "}"),
        record(url=ESC + "https://example.org/" + "x" * 1900),
        record(title=ESC + "x" * 300),
    ],
    ids=["field-name", "eprint", "year", "url", "title"],
)
def test_bibtex_values_are_echoed_short_and_escaped(new, lam_root, tmp_path, text) -> None:
    path = bib(tmp_path, text)
    result = new("--from-bibtex", str(path), "--section", "music")
    assert result.returncode != 0
    assert_failed_cleanly(result, lam_root, entry_files(lam_root), code=result.returncode)
    assert_safe_echo(result.stderr)


def test_a_listed_title_is_echoed_short(new, lam_root, arxiv_api, write_entry) -> None:
    title = "Speech " * 50 + "Models"
    write_entry("entries/music/long.md", "---\ntitle: \"" + title + "\"\n---\nx\n")
    arxiv_api.replies["2305.11000"] = Reply(feed_with(title=title.encode()))
    result = new("2305.11000", "--section", "foundation-models")
    assert_failed_cleanly(result, lam_root, entry_files(lam_root))
    assert "is already listed: entries/music/long.md" in result.stderr and "\u2026" in result.stderr
    assert_safe_echo(result.stderr)
