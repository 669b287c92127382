"""`links --fix-redirects` writes nothing a server says without the checks an entry's own URLs get
(issue 22, item 1): the URL rule, a quoted YAML scalar, a file that reads back as before with only
that URL changed and validates no worse; otherwise nothing is written and the URL is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.load import parse_entry_text
from generator.features.links.fix import fix_redirects
from generator.features.links.sources import Occurrence
from tests.conftest import entry_text, run_cli
from tests.features.links.links_server import redirect, status
from tests.features.links.test_command import links

ENTRY = "entries/music/a.md"


def entry_file(root: Path, links_yaml: str, body: str = "A summary.") -> Path:
    path = root / ENTRY
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: A test work\nkind: model\n{links_yaml}\nadded: \"2024-01-01\"\n---\n{body}\n", encoding="utf-8")
    return path


class _Routes(dict):
    """Routes where every path under /new (as the client encoded it) is a live page."""

    def get(self, key, default=None):
        return super().get(key) or (status(200) if key.startswith("/new") else default)


@pytest.fixture
def site(serve):
    server = serve()
    server.routes = _Routes()
    return server


@pytest.mark.parametrize("location", [
    "/new, code: https://evil.example/",  # a key added to a flow mapping
    "/new code: https://evil.example/",
    "/new\"onmouseover=\"alert(1)",
    "/new'x",
    "/new<script>",
    "/new\\x",
    "/new`x",
])
def test_a_target_that_fails_the_url_rule_is_not_written(tmp_path, site, capsys, location):
    site.routes["/old"] = redirect(301, location)
    path = entry_file(tmp_path, f"links: {{paper: {site.url('/old')}}}")
    before = path.read_bytes()
    links(tmp_path, "--fix-redirects", "--no-cache")
    err = capsys.readouterr().err
    assert path.read_bytes() == before
    assert f"{ENTRY}:4: {site.url('/old')}: not fixed: it redirects to a URL that an entry cannot hold" in err


def test_a_target_with_a_comma_stays_one_item_of_a_flow_sequence(tmp_path, site, capsys):
    """Unquoted, `https://x/new,https://evil.example/` in `[...]` would add a source; quoted it is one URL."""
    site.routes["/old"] = redirect(301, "/new,https://evil.example/")
    path = entry_file(tmp_path, f"links:\n  paper: {site.url('/ok')}\nsources: [{site.url('/old')}]")
    site.routes["/ok"] = status(200)
    links(tmp_path, "--fix-redirects", "--no-cache")
    data = parse_entry_text(path.read_text(encoding="utf-8"), ENTRY).data
    assert data["sources"] == [site.url("/new,https://evil.example/")]
    assert set(data) == {"title", "kind", "links", "sources", "added"}
    assert f'sources: ["{site.url("/new,https://evil.example/")}"]' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("links_yaml", [
    "links:\n  paper: {old}",
    "links: {{paper: {old}}}",
    "links:\n  paper: '{old}'",
    'links:\n  paper: "{old}"',
    "links:\n  paper: {old}  # a comment",
])
def test_every_front_matter_form_gets_a_quoted_scalar(tmp_path, site, links_yaml):
    site.routes["/old"] = redirect(301, "/new")
    path = entry_file(tmp_path, links_yaml.format(old=site.url("/old")))
    links(tmp_path, "--fix-redirects", "--no-cache")
    text = path.read_text(encoding="utf-8")
    assert site.url("/old") not in text
    assert f'"{site.url("/new")}"' in text or f"'{site.url('/new')}'" in text
    assert parse_entry_text(text, ENTRY).data["links"] == {"paper": site.url("/new")}


def test_a_target_that_would_change_a_markdown_link_is_not_written(tmp_path, site, capsys):
    target = "/new)[x](https://evil.example/"
    site.routes["/old"] = redirect(301, target)
    site.routes["/ok"] = status(200)
    path = entry_file(tmp_path, f"links:\n  paper: {site.url('/ok')}", f"See [the demo]({site.url('/old')}).")
    before = path.read_bytes()
    links(tmp_path, "--fix-redirects", "--no-cache")
    assert path.read_bytes() == before
    assert "other links of the file would change too; nothing was written to the file" in capsys.readouterr().err


def test_a_target_that_would_make_the_entry_invalid_is_not_written(lam_root):
    """The paper's page now redirects to the code link: the entry would list one URL twice."""
    path = lam_root / "entries/foundation-models/speechgpt.md"
    path.parent.mkdir(parents=True)
    path.write_text(entry_text(links="\n  paper: https://example.org/old\n  code: https://github.com/a/b"), encoding="utf-8")
    before = path.read_bytes()
    occurrence = Occurrence("entries/foundation-models/speechgpt.md", 9, "https://example.org/old")
    fixed, missed = fix_redirects(lam_root, [(occurrence, "https://github.com/a/b")])
    assert fixed == [] and path.read_bytes() == before
    assert "the entry would not validate: links.paper: 'https://github.com/a/b' is given twice in this entry" in missed[0]
    fixed, missed = fix_redirects(lam_root, [(occurrence, "https://example.org/new")])
    assert fixed == [occurrence] and missed == []
    assert run_cli(lam_root, "validate").returncode == 0


def test_other_fixes_in_other_files_still_happen(tmp_path, site, capsys):
    site.routes["/old"] = redirect(301, "/new")
    site.routes["/bad"] = redirect(301, "/new x")
    good = entry_file(tmp_path, f"links:\n  paper: {site.url('/old')}")
    bad = tmp_path / "entries/music/b.md"
    bad.write_text(good.read_text(encoding="utf-8").replace(site.url("/old"), site.url("/bad")), encoding="utf-8")
    before = bad.read_bytes()
    links(tmp_path, "--fix-redirects", "--no-cache")
    assert site.url("/new") in good.read_text(encoding="utf-8") and bad.read_bytes() == before
    assert "fixed 1 redirected URLs in 1 files" in capsys.readouterr().err
