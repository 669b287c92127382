"""Where URLs come from: front matter, Markdown (markdown-it), git changes; config; fixes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.features.links.config import load_settings
from generator.features.links.fix import _replace_on_line, new_url
from generator.features.links.sources import Occurrence, changed_links, links_in_text, markdown_links
from generator.lib.settings import SettingsError as ConfigError
from generator.lib.settings import parse_duration
from tests.features.links.links_server import write_entry


def test_entry_urls_come_with_their_lines():
    text = ("---\ntitle: T\nlinks:\n  paper: https://arxiv.org/abs/1\n  code: https://github.com/a/b\n"
            "sources: [survey, \"https://example.org/s\"]\n---\n\nSee [demo](https://demo.example/x).\n")
    assert links_in_text(text, "e.md") == [
        Occurrence("e.md", 4, "https://arxiv.org/abs/1"),
        Occurrence("e.md", 5, "https://github.com/a/b"),
        Occurrence("e.md", 6, "https://example.org/s"),
        Occurrence("e.md", 9, "https://demo.example/x"),
    ]


def test_markdown_links_skip_code_and_relative_links():
    text = ("Intro <https://auto.example/> and ![img](https://img.example/a.png)\n\n"
            "```\nhttps://in.code/block\n```\n`https://in.code/span` [rel](docs/x.md) [m](mailto:a@b)\n\n"
            "| a | b |\n|---|---|\n| [t](https://table.example/) | x |\n")
    assert [(o.line, o.url) for o in markdown_links(text, "r.md")] == [
        (1, "https://auto.example/"), (1, "https://img.example/a.png"), (10, "https://table.example/")]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_changed_since_keeps_only_new_or_changed_urls(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.org")
    git(tmp_path, "config", "user.name", "t")
    write_entry(tmp_path, "entries/music/a.md", {"paper": "https://a.example/1", "code": "https://a.example/2"})
    write_entry(tmp_path, "entries/music/gone.md", {"paper": "https://gone.example/"})
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    write_entry(tmp_path, "entries/music/a.md", {"paper": "https://a.example/1", "code": "https://a.example/3"})
    write_entry(tmp_path, "entries/music/new.md", {"paper": "https://new.example/"})
    (tmp_path / "entries/music/gone.md").unlink()
    assert changed_links(tmp_path, "HEAD") == [
        Occurrence("entries/music/a.md", 7, "https://a.example/3"),
        Occurrence("entries/music/new.md", 6, "https://new.example/"),
    ]


def test_settings_from_pyproject_and_yaml(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.awesome-lam.links]\nper-host = 2\nmax-age = "12h"\nexclude = ["localhost"]\n'
        '[tool.awesome-lam.links.hosts."arxiv.org"]\naccept = [403]\ndelay = 1\n')
    (tmp_path / "links.yml").write_text("per-host: 3\nuser-agent: me\n")
    settings = load_settings(tmp_path, tmp_path / "links.yml")
    assert (settings.per_host, settings.max_age, settings.user_agent) == (3, 43200.0, "me")
    assert settings.rule_for("https://export.arxiv.org/abs/1").accept == {403}
    assert settings.excluded("http://localhost:8000/")
    with pytest.raises(ConfigError):
        parse_duration("-1")


@given(st.text(max_size=20), st.sampled_from([" ", "(", "<", "[", "\"", "'", "\n"]),
       st.sampled_from(["", " ", "\"", "'", ")", ">", "\r\n", "\n"]), st.text(max_size=20))
def test_fix_changes_nothing_but_the_url(before, opener, end, rest):
    old, new = b"https://x.example/p", b"https://y.example/q/"
    after = end + rest if end else ""
    line = (before + opener).encode() + old + after.encode()
    fixed, count = _replace_on_line(line, old, new, quote=False)
    assert (fixed == line.replace(old, new) and count == 1) or old in (before + opener + after).encode()


def test_fix_leaves_longer_urls_alone_and_keeps_fragments():
    assert _replace_on_line(b"u: https://x.example/pp\n", b"https://x.example/p", b"N", quote=False)[1] == 0
    # inside a longer URL: as the target of another link's query, or after more of a path
    embedded = b"code: https://proxy.example/?url=https://x.example/p and https://x.example/p\n"
    assert _replace_on_line(embedded, b"https://x.example/p", b"N", quote=False) == (b"code: https://proxy.example/?url=https://x.example/p and N\n", 1)
    assert _replace_on_line(b"a: https://mirror.example/https://x.example/p\n", b"https://x.example/p", b"N", quote=False)[1] == 0
    # in front matter: a quoted scalar, unless already in quotes
    assert _replace_on_line(b"  paper: https://x.example/p\n", b"https://x.example/p", b"N", quote=True) == (b'  paper: "N"\n', 1)
    assert _replace_on_line(b"  paper: 'https://x.example/p'\n", b"https://x.example/p", b"N", quote=True) == (b"  paper: 'N'\n", 1)
    assert new_url("https://a/x#sec", "https://b/y") == "https://b/y#sec"
