"""Unit tests of generator.core.load: files to documents, with positions and clear problems."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.load import MAX_FILE_BYTES, parse_entry_text, read_entry, read_yaml_file
from tests.conftest import entry_text, untagged


def messages(doc) -> list[str]:
    return [untagged(p.as_text()) for p in doc.problems]


def test_front_matter_body_and_key_lines() -> None:
    doc = parse_entry_text(entry_text(), "entries/x/a.md")
    assert doc.problems == []
    assert doc.data["name"] == "SpeechGPT"
    assert doc.positions["title"] == 2
    assert doc.positions["links"] == 8
    assert doc.positions["links.paper"] == 9
    assert doc.positions["tasks.1"] == 7
    assert doc.body.startswith("A LLaMA-based")
    assert doc.body_line == 14  # the base entry's last key is `modalities`


def test_crlf_is_accepted_and_lines_stay_right() -> None:
    doc = parse_entry_text(entry_text().replace("\n", "\r\n").replace("\r\n", "\n"), "e.md")
    assert doc.problems == []


def test_bom_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "entries" / "a.md"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + entry_text().encode())
    doc = read_entry(path, tmp_path)
    assert messages(doc) == ["entries/a.md:1: file: starts with a byte order mark (BOM); save it as UTF-8 without BOM"]


def test_crlf_file_reads_like_lf(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(entry_text().replace("\n", "\r\n").encode())
    doc = read_entry(path, tmp_path)
    assert doc.problems == [] and doc.positions["links.paper"] == 9 and "\r" not in doc.body


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: ok\nname: \xff\xfe\n---\n")
    assert messages(read_entry(path, tmp_path)) == ["a.md:3: file: is not valid UTF-8 (byte 20); save it as UTF-8"]


def test_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: a\x00b\n---\n")
    assert messages(read_entry(path, tmp_path)) == ["a.md:2: file: contains a NUL byte; entries are text files"]


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\n" + b"x" * (MAX_FILE_BYTES + 10))
    assert messages(read_entry(path, tmp_path)) == [
        "a.md:1: file: is larger than 256 KiB; an entry is one short summary"
    ]


def test_missing_opening_fence() -> None:
    doc = parse_entry_text("title: x\n", "a.md")
    assert messages(doc) == ["a.md:1: front matter: missing: the file must start with a '---' line"]


def test_missing_closing_fence() -> None:
    doc = parse_entry_text("---\ntitle: x\nkind: model\n", "a.md")
    assert messages(doc) == ["a.md:1: front matter: has no closing '---' line; end the YAML block with '---'"]


def test_yaml_syntax_error_points_at_its_line() -> None:
    doc = parse_entry_text("---\ntitle: ok\nname: [unclosed\nkind: model\n---\nBody.\n", "a.md")
    assert len(doc.problems) == 1
    problem = doc.problems[0]
    assert problem.field == "yaml" and problem.line in (4, 5)
    assert problem.message.startswith("syntax error:")


def test_non_mapping_front_matter() -> None:
    doc = parse_entry_text("---\n- a\n- b\n---\nBody.\n", "a.md")
    assert messages(doc) == ["a.md:2: front matter: must be a YAML mapping (`key: value` lines)"]


def test_empty_front_matter() -> None:
    doc = parse_entry_text("---\n---\nBody.\n", "a.md")
    assert messages(doc) == ["a.md:2: front matter: is empty; it must be a YAML mapping of keys"]


def test_alias_bomb_is_refused_before_expansion() -> None:
    layers = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for index in range(1, 9):
        prev = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        layers.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    doc = parse_entry_text("---\n" + "\n".join(layers) + "\n---\nBody.\n", "a.md")
    assert doc.data is None
    assert doc.problems[0].message.startswith("YAML anchors and aliases (&, *) are not allowed")
    assert doc.problems[0].line == 3


def test_deep_nesting_is_refused() -> None:
    deep = "x: " + "[" * 50 + "]" * 50
    doc = parse_entry_text(f"---\n{deep}\n---\nBody.\n", "a.md")
    assert doc.data is None
    assert "nested too deeply" in doc.problems[0].message


def test_extremely_deep_nesting_does_not_crash() -> None:
    deep = "x: " + "[" * 20000 + "]" * 20000
    doc = parse_entry_text(f"---\n{deep}\n---\nBody.\n", "a.md")
    assert doc.data is None and "nested too deeply" in doc.problems[0].message


def test_duplicate_keys_are_reported() -> None:
    doc = parse_entry_text("---\ntitle: a\nname: b\ntitle: c\n---\nBody.\n", "a.md")
    assert messages(doc) == ["a.md:4: title: appears twice (first on line 2); keep one"]


def test_unreadable_yaml_file(tmp_path: Path) -> None:
    doc = read_yaml_file(tmp_path / "missing.yml", tmp_path)
    assert doc.data is None and doc.problems[0].message.startswith("cannot be read")


@given(st.lists(st.sampled_from(["---", "--- ", "---\t", "title: x", "", "  ", "A summary.", " B", "----", "x---", "\u3000"]),
                max_size=8), st.sampled_from(["", "\n", "\n\n"]))
@settings(max_examples=300, deadline=None)
def test_the_body_starts_on_the_first_line_with_text_after_the_closing_fence(lines: list[str], end: str) -> None:
    text = "---\n" + "\n".join(lines) + end
    doc = parse_entry_text(text, "entries/x/a.md")
    fences = [i for i, line in enumerate(lines) if line.rstrip() == "---"]
    if not fences:
        assert [p.message for p in doc.problems] == ["has no closing '---' line; end the YAML block with '---'"]
        return
    after = lines[fences[0] + 1:]
    assert doc.body == "\n".join(after).strip()
    if doc.body:
        first = next(i for i, line in enumerate(after) if line.strip())
        assert doc.body_line == fences[0] + 3 + first  # line 1 is the opening fence
