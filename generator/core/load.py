"""Read the list's files: split front matter from body, parse YAML safely, keep line positions.

Everything a user can get wrong becomes a `Problem`; nothing here raises for bad input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.rules.files import FILE, FRONT_MATTER, YAML
from generator.core.rules.registry import Rule
from generator.lib.files import Unreadable, read_guarded
from generator.model.problems import Problem, line_of

try:  # libyaml is ~9x faster on thousands of front matters; the safe loader always.
    from yaml import CSafeLoader as BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as BaseLoader  # type: ignore[assignment]


class SafeLoader(BaseLoader):
    """The safe loader, with the tag of each plain scalar remembered: front matters repeat the same
    keys and values (`kind`, `model`, `true`) thousands of times, and the regex walk that resolves
    them is a third of the parse. The loader has no path resolvers, so they are not asked either."""

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return _COLLECTION_TAG[kind]
        if not implicit[0]:  # quoted, or tagged `!`: a string
            return _STR_TAG
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_PLAIN_TAGS) < 100_000:
                _PLAIN_TAGS[value] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_PLAIN_TAGS: dict[str, str] = {}
_COLLECTION_TAG = {yaml.SequenceNode: "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map"}  # BaseResolver's defaults

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 6
ENTRIES_DIR = "entries"  # paths relative to the list root
TAXONOMY_FILE = "entries/taxonomy.yml"
LIST_FILE = "entries/list.yml"
BENCHMARKS_DIR = "entries/benchmarks"
FENCE = "---"
_CLOSING_FENCE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)  # a line that is `---` once trailing whitespace is gone


@dataclass
class Document:
    """A parsed YAML mapping with the line of every key (dotted paths, `links.code`, `tasks.1`)."""

    path: str
    data: dict[str, Any] | None = None
    positions: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        """Line of a dotted key, falling back to its parent's line, then line 1."""
        return line_of(self.positions, key)

    def problem(self, rule: Rule, key: str, message: str) -> None:
        """Record a problem of `rule` at the line of `key`."""
        self.problems.append(rule.problem(self.path, self.line_of(key), key or "file", message))


def relative_path(path: Path, root: Path) -> str:
    """Posix path of `path` relative to the list root (as shown in messages)."""
    prefix = f"{root}{os.sep}"
    text = str(path)
    if text.startswith(prefix) and os.sep == "/" and "/../" not in text and "/./" not in text:
        return text[len(prefix):]  # files found under the root: plain string work
    try:
        return path.relative_to(root).as_posix()  # files found under the root: no file-system calls
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return path.as_posix()


def read_text(path: Path, rel: str, limit: int = MAX_FILE_BYTES, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file of at most `limit` bytes through `read_guarded` (no links, no FIFOs, and
    with `root` nothing outside it); problems instead of exceptions."""
    try:
        raw = read_guarded(path, limit, root)
    except Unreadable as exc:
        return None, [FILE.problem(rel, 1, "file", str(exc))]
    except OSError as exc:
        return None, [FILE.problem(rel, 1, "file", f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > limit:
        return None, [FILE.problem(rel, 1, "file", f"is larger than {limit // 1024} KiB; an entry is one short summary")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [FILE.problem(rel, 1, "file", "starts with a byte order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [FILE.problem(rel, line, "file", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [FILE.problem(rel, line, "file", "contains a NUL byte; entries are text files")]
    return text.replace("\r\n", "\n"), []


def parse_yaml_mapping(text: str, rel: str, first_line: int = 1) -> Document:
    """Parse YAML that must be one mapping; `first_line` is the file line of the text's line 1."""
    doc = Document(rel)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problems.append(FRONT_MATTER.problem(rel, first_line, "front matter", "is empty; it must be a YAML mapping of keys"))
            return doc
        if not isinstance(node, yaml.MappingNode):
            doc.problems.append(
                FRONT_MATTER.problem(rel, node.start_mark.line + first_line, "front matter", "must be a YAML mapping (`key: value` lines)")
            )
            return doc
        data = _Converter(loader, doc, first_line).value(node, "", 0, first_line)
        if doc.problems:
            return doc
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, e.g. a raw control character
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        doc.problems.append(
            YAML.problem(rel, line, "yaml", f"character U+{exc.character:04X} is not allowed in YAML; remove it")
            if isinstance(exc.character, int)
            else YAML.problem(rel, line, "yaml", "contains a character YAML does not allow; remove it")
        )
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        reason = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in reason:
            doc.problems.append(YAML.problem(rel, line, "yaml", f"is nested too deeply (more than {MAX_DEPTH} levels)"))
            return doc
        doc.problems.append(YAML.problem(rel, line, "yaml", f"syntax error: {reason}; check quotes, colons and indentation"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(YAML.problem(rel, first_line, "yaml", f"syntax error: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(YAML.problem(rel, first_line, "yaml", f"is nested too deeply (more than {MAX_DEPTH} levels)"))
        return doc
    finally:
        loader.dispose()
    doc.data = data
    return doc


_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG, _FLOAT_TAG, _TIMESTAMP_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"
_NULL_TAGS = ("tag:yaml.org,2002:null",)
_MAX_INT_BITS = 4096
"""Bits of the largest whole number the reader gives (about 1,200 decimal digits): a binary, octal
or hexadecimal literal is read past Python's 4,300-digit int-to-str limit, and printing it fails."""
_SCALAR_TAGS = (_INT_TAG, _FLOAT_TAG, _TIMESTAMP_TAG, "tag:yaml.org,2002:bool", *_NULL_TAGS)  # all others are refused
_COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
_PLAIN_KEY_TAGS = (_STR_TAG, "tag:yaml.org,2002:merge")  # `<<` is a key like any other here: no merging


class _Converter:
    """YAML nodes to Python values in one pass, recording the line of every key (dotted paths).

    Refuses aliases (billion laughs), duplicate keys and deep nesting as problems. Strings, the
    bulk of every front matter, are taken as they are; other scalars (numbers, booleans, dates,
    null, explicit tags) go through PyYAML's safe constructor, which also raises for bad ones.
    """

    def __init__(self, loader: Any, doc: Document, first_line: int) -> None:
        self.loader = loader
        self.doc = doc
        self.first_line = first_line
        self.seen: set[int] = set()

    def value(self, node: yaml.Node, prefix: str, depth: int, key_line: int) -> Any:
        """`key_line` is the line of the nearest enclosing key: an alias is reported there, since
        the node it repeats starts where its anchor was defined."""
        doc = self.doc
        if id(node) in self.seen:
            doc.problems.append(
                YAML.problem(doc.path, key_line, prefix or "yaml", "YAML anchors and aliases (&, *) are not allowed; write the value out")
            )
            return None
        self.seen.add(id(node))
        line = node.start_mark.line + self.first_line
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return node.value
            if node.tag in _SCALAR_TAGS:
                return self.scalar(node, prefix, line)
        if node.tag not in _COLLECTION_TAGS:  # `!!python/...`, `!!set`, `!!binary`, `!custom`
            doc.problems.append(YAML.problem(doc.path, line, prefix or "yaml", f"the YAML tag {_tag_name(node.tag)} is not allowed; write the value without it"))
            return None
        if depth > MAX_DEPTH:
            doc.problems.append(YAML.problem(doc.path, line, prefix or "yaml", f"is nested too deeply (more than {MAX_DEPTH} levels)"))
            return None
        seen, positions, first_line = self.seen, doc.positions, self.first_line
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                key = f"{prefix}.{index}"
                positions[key] = item.start_mark.line + first_line
                if item.tag == _STR_TAG and id(item) not in seen and type(item) is yaml.ScalarNode:  # the common case, inline
                    seen.add(id(item))
                    items.append(item.value)
                else:
                    items.append(self.value(item, key, depth + 1, key_line))
            return items
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                doc.problems.append(YAML.problem(doc.path, key_node.start_mark.line + self.first_line, prefix or "yaml", "keys must be plain words"))
                continue
            name = key_node.value if key_node.tag in _PLAIN_KEY_TAGS else self.value(key_node, prefix, depth + 1, key_line)
            if name is None and key_node.tag not in _NULL_TAGS:
                continue  # a key that failed to convert: already reported
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            child_line = key_node.start_mark.line + first_line
            if key in positions:
                doc.problems.append(YAML.problem(doc.path, child_line, key, f"appears twice (first on line {positions[key]}); keep one"))
                continue
            positions[key] = child_line
            if value_node.tag == _STR_TAG and id(value_node) not in seen and type(value_node) is yaml.ScalarNode:  # the common case, inline
                seen.add(id(value_node))
                mapping[name] = value_node.value
            else:
                mapping[name] = self.value(value_node, key, depth + 1, child_line)
        return mapping


    def scalar(self, node: yaml.ScalarNode, key: str, line: int) -> Any:
        """A number, boolean, date or null, through PyYAML's safe constructor; a problem when it fails.

        Plain scalars that look like dates or numbers but are not valid ones (`2023-02-30`,
        `!!int abc`, an integer of 5,000 digits) are reported at their line, never raised.
        """
        try:
            value = self.loader.construct_object(node)
            if type(value) is int and value.bit_length() > _MAX_INT_BITS:
                raise OverflowError("past the int-to-str limit")  # `0b1...1`: read, but never printable
            return value
        except (yaml.YAMLError, ValueError, OverflowError, TypeError, ArithmeticError):
            what = {_TIMESTAMP_TAG: "date", _INT_TAG: "whole number", _FLOAT_TAG: "number"}.get(node.tag, "value")
            fix = "write YYYY-MM-DD with a real day, in quotes" if what == "date" else "quote it if it is text"
            value = node.value if len(node.value) <= 40 else node.value[:40] + "…"
            self.doc.problems.append(YAML.problem(self.doc.path, line, key or "yaml", f"'{value}' is not a valid {what} ({_tag_name(node.tag)}); {fix}"))
            return None


def _tag_name(tag: str) -> str:
    """`!!int` for YAML's own tags, the full tag otherwise."""
    return tag.replace("tag:yaml.org,2002:", "!!")


def parse_entry_text(text: str, rel: str) -> Document:
    """Split `---` front matter from the Markdown body and parse the front matter."""
    first_end = text.find("\n")
    if text[: first_end if first_end >= 0 else len(text)].rstrip() != FENCE:
        return Document(rel, problems=[FRONT_MATTER.problem(rel, 1, "front matter", "missing: the file must start with a '---' line")])
    closing = _CLOSING_FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        return Document(
            rel,
            problems=[FRONT_MATTER.problem(rel, 1, "front matter", "has no closing '---' line; end the YAML block with '---'")],
        )
    closing_line = text.count("\n", 0, closing.start()) + 1  # 1-based line of the closing fence
    doc = parse_yaml_mapping(text[first_end + 1 : max(closing.start() - 1, first_end + 1)], rel, first_line=2)
    rest = text[closing.end() + 1 :]
    doc.body = rest.strip()
    blank = rest[: len(rest) - len(rest.lstrip())].count("\n")  # blank lines between the fence and the summary
    doc.body_line = closing_line + 1 + blank if doc.body else max(closing_line + 1, text.count("\n") + 2)
    return doc


def read_entry(path: Path, root: Path) -> Document:
    """Read and parse one entry file."""
    rel = relative_path(path, root)
    text, problems = read_text(path, rel)
    if text is None:
        return Document(rel, problems=problems)
    return parse_entry_text(text, rel)


def read_yaml_file(path: Path, root: Path) -> Document:
    """Read and parse a YAML data file (taxonomy, list info, benchmark table)."""
    rel = relative_path(path, root)
    text, problems = read_text(path, rel, root=root)
    if text is None:
        return Document(rel, problems=problems)
    return parse_yaml_mapping(text, rel)


def scan_entries(root: Path, sections: Collection[str] = ()) -> tuple[list[Path], list[Problem]]:
    """Every `*.md` file under entries/ (any depth, so misplaced files are reported), sorted, and
    what in the tree cannot be an entry: a folder that cannot be read, `X.MD`, a folder or FIFO
    named `*.md`, a link to a folder (never followed), and a section of `sections` whose folder is
    a link, a file or a FIFO (a missing folder is an empty section). Nothing is opened here, so a
    FIFO cannot hang the scan."""
    found: list[Path] = []
    problems: list[Problem] = []
    section_paths = {f"{ENTRIES_DIR}/{section}": section for section in sections}

    def not_a_folder(rel: str, kind: str) -> None:
        if rel in section_paths:
            fix = f"the section '{section_paths[rel]}' of {TAXONOMY_FILE} is the real folder {rel}/ holding its entries"
        else:
            fix = f"folders under {ENTRIES_DIR}/ are real folders (links are not followed)"
        problems.append(FILE.problem(rel, 1, "folder", f"is {kind}; {fix}"))

    def walk(folder: Path, top: bool = False) -> None:
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError as exc:
            rel = relative_path(folder, root)
            problems.append(FILE.problem(rel, 1, "folder", f"cannot be read ({exc.strerror or exc}); fix its permissions so its entries are listed"))
            return
        for item in items:
            path = Path(item.path)
            is_md = item.name.endswith(".md")
            try:
                is_dir = item.is_dir(follow_symlinks=False)
                regular = item.is_file(follow_symlinks=False) or item.is_symlink()  # read_text refuses links
            except OSError:
                is_dir = regular = False
            section = top and f"{ENTRIES_DIR}/{item.name}" in section_paths
            linked_folder = not is_md and item.is_symlink() and (section or _is_folder(item))
            if linked_folder:
                not_a_folder(relative_path(path, root), "a symbolic link")
            elif is_dir and not is_md:
                walk(path)
            elif section:
                not_a_folder(relative_path(path, root), "not a folder")
            elif is_md and regular:
                found.append(path)
            elif is_md:
                kind = "a folder" if is_dir else "not a regular file (a pipe, socket or device)"
                problems.append(FILE.problem(relative_path(path, root), 1, "file", f"is {kind}; an entry must be a plain text file"))
            elif item.name.lower().endswith(".md"):
                fixed = item.name[: -len(".md")] + ".md"
                problems.append(FILE.problem(relative_path(path, root), 1, "file", f"is not read: entry files end in lowercase '.md'; rename it to '{fixed}'"))

    walk(root / ENTRIES_DIR, top=True)
    return found, problems


def _is_folder(item: os.DirEntry[str]) -> bool:
    """Whether a link leads to a folder (False for a dangling link or a loop)."""
    try:
        return item.is_dir()
    except OSError:
        return False


def entry_files(root: Path) -> list[Path]:
    """Every `*.md` file under entries/, sorted (the tree's own problems: `scan_entries`)."""
    return scan_entries(root)[0]


def benchmark_files(root: Path) -> list[Path]:
    """Every benchmark table file `entries/benchmarks/*.yml`, sorted."""
    return sorted((root / BENCHMARKS_DIR).glob("*.yml"))
