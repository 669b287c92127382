"""Hostile entries (tests/hostile/): each is refused with one clear problem, or renders inert.

The refused files share one list root and one `validate` run (every file's problems are its
own: cross-entry rules only look at valid entries); the alias bomb, the 50 MB file and a symlink
loop are made at run time, not committed. The inert files are valid and are built together;
the README must show their markup as text. (The website is checked by tests/features/site/.)
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.outputs.markdown import md_summary
from generator.outputs.timeline import IMAGE_DARK, IMAGE_LIGHT
from tests.conftest import REPO, SURVEY, problem_lines, run_cli, run_process
from tests.github_markdown import Tags, github_html

CORPUS = Path(__file__).resolve().parent / "hostile"
HOME = "entries/foundation-models"

ALLOWED_KEYS = (" allowed: title, name, brief, kind, date, authors, links, added, also_in, venue, tasks, modalities, arxiv, code, "
                "train_data, survey_ref, survey_sections, related, sources, size, languages, multilingual, access, license, ignore")
MADE_AT_RUN_TIME = {"alias-bomb.md", "huge.md", "fifo.md", "folder.md"}
REFUSED = {
    "ansi-escape.md": "3: name: contains the invisible or control character U+001B; remove it",
    "autolink-summary.md": "13: summary: links are not allowed in the summary; put URLs under `links:`",
    "bidi-name.md": "3: name: contains the invisible or control character U+202E; remove it",
    "binary-junk.md": "2: file: is not valid UTF-8 (byte 128); save it as UTF-8",
    "bom.md": "1: file: starts with a byte order mark (BOM); save it as UTF-8 without BOM",
    "credentials-link.md": "9: links.paper: 'https://user:pass@evil.example/x' has no valid host name",
    "data-link.md": "9: links.paper: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' must be an absolute http:// or https:// URL",
    "deep-mapping.md": "10: links.k0.k1.k2.k3.k4.k5: is nested too deeply (more than 6 levels)",
    "deep-nesting.md": "3: yaml: is nested too deeply (more than 6 levels)",
    "duplicate-key.md": "5: kind: appears twice (first on line 4); keep one",
    "empty.md": "1: front matter: missing: the file must start with a '---' line",
    "heading-summary.md": "13: summary: must be one plain paragraph (found heading)",
    "html-inline-summary.md": "13: summary: raw HTML is not allowed in the summary; write plain Markdown",
    "javascript-link.md": "9: links.paper: 'javascript:alert(document.cookie)' must be an absolute http:// or https:// URL",
    "long-title.md": "2: title: is 500 characters long; at most 400",
    "merge-key.md": "3: <<: YAML anchors and aliases (&, *) are not allowed; write the value out",
    "multiline-name.md": "3: name: must be on one line",
    "no-closing-fence.md": "1: front matter: has no closing '---' line; end the YAML block with '---'",
    "nul-byte.md": "12: file: contains a NUL byte; entries are text files",
    "python-tag.md": "2: title: the YAML tag !!python/object/apply:os.system is not allowed; write the value without it",
    "quote-in-link.md": "9: links.paper: 'https://evil.example/x\"onmouseover=\"alert(1)' contains characters that must be "
    "percent-encoded (< > \" ' ` \\)",
    # libyaml's reader error is reported as str(exc): two lines, and always at the first line of the
    # front matter (see test_reader_errors_are_one_line_at_the_right_line below).
    "raw-control-char.md": "2: yaml: character U+001B is not allowed in YAML; remove it",
    "reference-summary.md": "13: summary: links are not allowed in the summary; put URLs under `links:`",
    "script-summary.md": "13: summary: raw HTML is not allowed in the summary; write plain Markdown",
    "table-summary.md": "13: summary: must be one plain paragraph (found table)",
    "traversal-also-in.md": "12: also_in: item 1 unknown value '../../etc' allowed: foundation-models, "
    "audio-language-models, speech-language-models, spoken-dialogue, audio-reasoning, audio-agents, speech-recognition, "
    "speech-synthesis, speech-translation, audio-generation, music, other-applications, codecs, audio-encoders, "
    "evaluation, safety, datasets, surveys, background",
    "traversal-related.md": "12: related: item 1 '../../x' is not an entry id (lowercase letters, digits and hyphens)",
    "undefined-alias.md": "12: yaml: syntax error: found undefined alias; check quotes, colons and indentation",
    "vbscript-link.md": "9: links.code: 'JAVASCRIPT://evil.example/%0Aalert(1)' must be an absolute http:// or https:// URL",
    "zero-width-title.md": "2: title: contains the invisible or control character U+200B; remove it",
    # round two: typed values that fail to convert, bounds, addresses, look-alike digits, keys
    # that try to forge output lines, and files that cannot be entries
    "impossible-date.md": "5: date: '2023-02-30' is not a valid date (!!timestamp); write YYYY-MM-DD with a real day, in quotes",
    "year-zero-date.md": "5: date: '0000-01-01' is not a valid date (!!timestamp); write YYYY-MM-DD with a real day, in quotes",
    "year-one-date.md": "5: date: '0001' is before 1950; write the year the work was released",
    "arabic-digits-date.md": "5: date: '٢٠٢٣-٠٥' is not a valid date; write YYYY, YYYY-MM or YYYY-MM-DD",
    "int-tag.md": "12: survey_ref: 'abc' is not a valid whole number (!!int); quote it if it is text",
    "huge-integer.md": "12: survey_ref: '9999999999999999999999999999999999999999…' is not a valid whole number (!!int); quote it if it is text",
    "huge-survey-ref.md": "12: survey_ref: must be a whole number from 1 to 10000; got a number of 23 digits",
    # round three: entities and escapes are judged as readers see them (decoded)
    "entity-email-summary.md": "13: summary: must not contain web or e-mail addresses; put links under `links:`",
    "named-entity-email-summary.md": "13: summary: must not contain web or e-mail addresses; put links under `links:`",
    "escaped-email-summary.md": "13: summary: must not contain web or e-mail addresses; put links under `links:`",
    "entity-www-summary.md": "13: summary: must not contain web or e-mail addresses; put links under `links:`",
    "entity-scheme-summary.md": "13: summary: must not contain web or e-mail addresses; put links under `links:`",
    "entity-bidi-summary.md": "13: summary: contains the invisible or control character U+202E, written as an HTML entity; remove it",
    "entity-zero-width-summary.md": "13: summary: contains the invisible or control character U+200B, written as an HTML entity; remove it",
    "entity-soft-hyphen-summary.md": "13: summary: contains the invisible or control character U+00AD, written as an HTML entity; remove it",
    "entity-control-summary.md": "13: summary: contains the invisible or control character U+001B, written as an HTML entity; remove it",
    # round three: host names that pass for others (Cyrillic а in arxiv, і in github, Greek ο)
    "cyrillic-arxiv-link.md": "9: links.paper: 'https://аrxiv.org/abs/2305.11000' has a look-alike host name: 'аrxiv.org' "
    "(xn--rxiv-43d.org) mixes Cyrillic and Latin letters, which a reader takes for another site; write the host in one script",
    "punycode-link.md": "9: links.paper: 'https://xn--rxiv-43d.org/abs/2305.11000' has a look-alike host name: 'аrxiv.org' "
    "(xn--rxiv-43d.org) mixes Cyrillic and Latin letters, which a reader takes for another site; write the host in one script",
    "cyrillic-github-code.md": "10: links.code: 'https://gіthub.com/0nutation/SpeechGPT' has a look-alike host name: 'gіthub.com' "
    "(xn--gthub-n2e.com) mixes Cyrillic and Latin letters, which a reader takes for another site; write the host in one script",
    "greek-omicron-source.md": "12: sources: item 1 'https://gοogle.com/speechgpt' has a look-alike host name: 'gοogle.com' "
    "(xn--gogle-rce.com) mixes Greek and Latin letters, which a reader takes for another site; write the host in one script",
    # round three: integers past Python's int-to-str limit (4,300 decimal digits), which a binary,
    # octal or hexadecimal literal reaches in a short line
    "binary-survey-ref.md": "12: survey_ref: '0b11111111111111111111111111111111111111…' is not a valid whole number (!!int); quote it if it is text",
    "octal-survey-ref.md": "12: survey_ref: '0777777777777777777777777777777777777777…' is not a valid whole number (!!int); quote it if it is text",
    "hex-survey-ref.md": "12: survey_ref: '0xffffffffffffffffffffffffffffffffffffff…' is not a valid whole number (!!int); quote it if it is text",
    "set-tag.md": "7: tasks: the YAML tag !!set is not allowed; write the value without it",
    "fullwidth-arxiv.md": "10: arxiv: '２３０５.１１０００' is not an arXiv id; write it like 2305.11000 or cs/0112017",
    "internal-link.md": "9: links.paper: 'http://169.254.169.254/latest/meta-data/' points to '169.254.169.254', an address of this "
    "machine or a private network; link to a public address",
    "mapped-loopback-link.md": "9: links.paper: 'http://[::ffff:127.0.0.1]:8000/admin' points to '::ffff:127.0.0.1', an address of "
    "this machine or a private network; link to a public address",
    "bracket-link.md": "9: links.paper: 'https://[example.org/' is not a valid URL (check the brackets and the port)",
    "port-link.md": "9: links.paper: 'https://example.org:99999/' is not a valid URL (check the brackets and the port)",
    "dot-host-link.md": "9: links.paper: 'https://./x' has no valid host name",
    "shortener-link.md": "9: links.paper: 'https://bit.ly/3xYzAbc' goes through 'bit.ly', a public link shortener that hides "
    "where it leads; give the address it redirects to",
    "bare-ip-link.md": "9: links.paper: 'https://103.170.5.190:17860/' points to the bare IP address '103.170.5.190', which names "
    "no site and rarely lasts; link to a page under a host name",
    "noncharacter-title.md": "2: title: contains the invisible or control character U+FFFE; remove it",
    "noncharacter-summary.md": "13: summary: contains the invisible or control character U+FFFF; remove it",
    "email-author.md": "6: authors: item 2 'eve@evil.example' contains a web or e-mail address; remove it (links go under `links:`)",
    "escape-key.md": "12: \\x1b]8;;https://evil.example\\x07\\x1b[2J: unknown key" + ALLOWED_KEYS,
    "newline-key.md": "12: x\\x0aentries/surveys/sparks-of-large-audio-models.md:1: title: unknown key" + ALLOWED_KEYS,
    "many-authors.md": "6: authors: has 201 items; at most 200",
    "upper-case.MD": "1: file: is not read: entry files end in lowercase '.md'; rename it to 'upper-case.md'",
    # made at run time:
    "fifo.md": "1: file: is not a regular file (a pipe, socket or device); an entry must be a plain text file",
    "folder.md": "1: file: is a folder; an entry must be a plain text file",
    "alias-bomb.md": "3: b.0: YAML anchors and aliases (&, *) are not allowed; write the value out",
    "huge.md": "1: file: is larger than 256 KiB; an entry is one short summary",
}
UNSAFE_LINK = "link-summary.md"  # [text](javascript:...) in a summary: see the two tests at the end
INERT = {"inert-html-fields.md": HOME, "inert-markdown-fields.md": HOME, "inert-template-fields.md": HOME,
         "inert-crlf.md": HOME, "inert-dataset.md": "entries/datasets", "inert-split-link.md": HOME, "inert-split-image.md": HOME}


def new_root(base: Path) -> Path:
    root = base
    (root / "entries" / "surveys").mkdir(parents=True)
    for name in ("taxonomy.yml", "list.yml"):
        shutil.copy(REPO / "entries" / name, root / "entries" / name)
    (root / "entries" / "surveys" / "sparks-of-large-audio-models.md").write_text(SURVEY, encoding="utf-8")
    return root


def alias_bomb() -> bytes:
    """The billion laughs: nine levels of nine aliases, 9**9 strings once expanded."""
    lines = ["---", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return ("\n".join(lines) + "\n---\nA summary.\n").encode()


@pytest.fixture(scope="module")
def refused_run(tmp_path_factory: pytest.TempPathFactory):
    root = new_root(tmp_path_factory.mktemp("hostile") / "list")
    home = root / HOME
    home.mkdir(parents=True)
    for name in REFUSED:
        if (CORPUS / name).exists():
            shutil.copy(CORPUS / name, home / name)
    (home / "alias-bomb.md").write_bytes(alias_bomb())
    with open(home / "huge.md", "wb") as handle:  # 50 MB, written in 1 MB blocks
        handle.write(b"---\ntitle: Huge\n---\n")
        block = b"A summary that never ends. " * 38836
        for _ in range(50):
            handle.write(block)
    os.symlink("loop.md", home / "loop.md")  # a link to itself
    os.symlink(home, root / "entries" / "music")  # a section's folder as a link: not followed, a problem
    os.mkfifo(home / "fifo.md")  # opening it for reading would wait for a writer for ever
    (home / "folder.md").mkdir()
    # A real process: a FIFO must not hang it (its timeout would say so). The corpus is about hostile
    # input, not the audio policy.
    result = run_process(root, "validate", "--ignore", "audio-work")
    return root, result


def test_corpus_files_are_all_listed() -> None:
    on_disk = {p.name for p in CORPUS.iterdir()}
    assert on_disk == (set(REFUSED) - MADE_AT_RUN_TIME) | set(INERT) | {UNSAFE_LINK}


def test_refused_run_exits_1_without_a_traceback(refused_run) -> None:
    root, result = refused_run
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    # One problem per file, except the alias bomb: each of its 72 aliases is reported; and one for
    # the linked section folder. The corpus files share a title and links on purpose, so the
    # duplicate rules speak too.
    own = [line for line in problem_lines(result.stderr)[:-1] if "one entry per work" not in line]
    assert len(own) == len(REFUSED) + 72 + 1, own
    assert problem_lines(result.stderr)[-1].endswith(f"error(s) in {len(REFUSED) + 2} file(s)")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_gives_its_clear_error(refused_run, name: str) -> None:
    _, result = refused_run
    mine = [line for line in problem_lines(result.stderr) if line.startswith(f"{HOME}/{name}:") and "one entry per work" not in line]
    assert mine, result.stderr
    assert mine[0] == f"{HOME}/{name}:{REFUSED[name]}"


def test_symlinks_are_refused_not_followed(refused_run) -> None:
    root, result = refused_run
    assert f"{HOME}/loop.md:1: file: is a symbolic link; entries and data files must be regular files" in problem_lines(result.stderr)


def test_a_linked_section_folder_is_refused_not_followed(refused_run) -> None:
    root, result = refused_run
    assert ("entries/music:1: folder: is a symbolic link; the section 'music' of entries/taxonomy.yml is the real folder "
            "entries/music/ holding its entries") in problem_lines(result.stderr)


def test_a_failed_build_writes_nothing(refused_run) -> None:
    root, _ = refused_run
    result = run_cli(root, "build")
    assert result.returncode == 1 and "nothing written" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["entries"]


def test_reader_errors_are_one_line_at_the_right_line(lam_root: Path, write_entry) -> None:
    write_entry(f"{HOME}/control.md", "---\ntitle: Fine\nvenue: Red \x1b[31m\n---\nA summary.\n")
    result = run_cli(lam_root, "validate", "--ignore", "audio-work")
    assert problem_lines(result.stderr)[0].startswith(f"{HOME}/control.md:3: ")
    assert len(problem_lines(result.stderr)) == 2


# ---------------------------------------------------------------------------------------------
# Inert rendering






def assert_inert(markdown: str) -> Tags:
    parser = Tags()
    parser.feed(github_html(markdown))
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "iframe", "object", "embed", "style", "b", "svg", "form"}, names
    for tag, attrs in parser.tags:
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
        for key in ("href", "src", "srcset"):
            value = (attrs.get(key) or "").strip().lower()
            if value:
                assert value.startswith(("https://", "http://", "#")) or value in (
                    "contributing.md", "maintaining.md", "reference.md", "license", IMAGE_LIGHT, IMAGE_DARK), (tag, attrs)
    return parser


@pytest.fixture(scope="module")
def inert_build(tmp_path_factory: pytest.TempPathFactory):
    root = new_root(tmp_path_factory.mktemp("inert") / "list")
    for name, folder in INERT.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, root / folder / name)
    result = run_cli(root, "build")
    return root, result


def test_inert_entries_build(inert_build) -> None:
    root, result = inert_build
    assert result.returncode == 0, result.stderr
    assert f"8 entries; wrote README.md, {IMAGE_LIGHT}, {IMAGE_DARK}, CONTRIBUTING.md" in result.stderr
    for image in (IMAGE_LIGHT, IMAGE_DARK):
        ET.parse(root / image)  # well-formed whatever the entries hold


def test_markup_in_fields_shows_as_escaped_text(inert_build) -> None:
    root, _ = inert_build
    readme = (root / "README.md").read_text(encoding="utf-8")
    for escaped in (
        r"[\<img src=x onerror=alert\(1\)\>](https://arxiv.org/abs/2305.11000) - X \<b onmouseover=alert\(1\)\>Eve\</b\> &amp;lt;script&amp;gt; \<iframe\>, May 2023.",
        r"[Evil\]\(javascript:alert\(1\)\)](https://arxiv.org/abs/2305.11003) - X \[Eve\]\(//evil\) \*\*Bold\*\* \`code\` \~\~s\~\~ \# no heading \| col \|, May 2023.",
        r"[Code](https://github.com/a/b?x=%281%29%7C%5B2%5D),",
        "[{{ config }}](https://arxiv.org/abs/2305.11001)",
        "[CrlfModel](https://arxiv.org/abs/2305.11002)",
        r"[A \| B](https://data.example/a-b) - Data \| with \| pipes \</td\>\<td\> in a brief, May 2023.",
        # a link or an image opened in one field and closed by the next stays text
        r"[SplitLink](https://arxiv.org/abs/2306.11004) - Opens \[click me\]\(javascript:alert\(1\) \"x\"\), Jun 2023.",
        r"[SplitImage \!\[i\]\(](https://arxiv.org/abs/2306.11005) - X //evil.example/i.png\) \<img \!\[p\]\(//evil.example/p.png \"t, Jun 2023.",
    ):
        assert escaped in readme


def test_readme_renders_inert_like_github(inert_build) -> None:
    root, _ = inert_build
    readme = (root / "README.md").read_text(encoding="utf-8")
    parser = assert_inert(readme)
    html = github_html(readme)
    hrefs = [attrs.get("href") for tag, attrs in parser.tags if tag == "a"]
    assert "https://evil.example" not in hrefs
    # Every table row has exactly the header's cells, and no heading was injected.
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        header = table.split("</thead>")[0].count("<th>")
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], flags=re.S)
        assert rows and all(row.count("<td>") == header for row in rows)
        assert "| 6 |" not in table
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html)
    assert all("Injected" not in h and "not a heading" not in h for h in headings), headings
    assert len(re.findall(r"^#{1,6} ", readme, flags=re.M)) == len(headings)


def test_unsafe_link_in_summary_is_refused(lam_root: Path) -> None:
    (lam_root / HOME).mkdir(parents=True)
    shutil.copy(CORPUS / UNSAFE_LINK, lam_root / HOME / UNSAFE_LINK)
    result = run_cli(lam_root, "validate", "--ignore", "audio-work")
    assert problem_lines(result.stderr)[0] == f"{HOME}/{UNSAFE_LINK}:13: summary: links are not allowed in the summary; put URLs under `links:`"


def test_unsafe_link_in_summary_would_render_inert() -> None:
    """Were the summary check ever to let it through, the README writer still escapes it to text:
    written again from its parse, the link's brackets and parentheses are escaped."""
    summary = (CORPUS / UNSAFE_LINK).read_text(encoding="utf-8").split("\n---\n", 1)[1].strip()
    assert "](javascript:" in summary
    rendered = md_summary(" ".join(summary.split()))
    assert "\\[the demo\\]\\(javascript:alert\\(1\\)\\)" in rendered
    parser = assert_inert(f"- [Work](https://example.org) - {rendered}\n")
    assert [attrs.get("href") for tag, attrs in parser.tags if tag == "a"] == ["https://example.org"]
