"""Read the list's files: split front matter from body, parse YAML safely, keep line positions.

Everything a user can get wrong becomes a `Problem`; nothing here raises for bad input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem, line_of

try:  # libyaml is ~9x faster on thousands of front matters; the safe loader always.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 6
ENTRIES_DIR = "entries"  # paths relative to the list root
TAXONOMY_FILE = "entries/taxonomy.yml"
LIST_FILE = "entries/list.yml"
BENCHMARKS_DIR = "entries/benchmarks"
FENCE = "---"


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

    def problem(self, key: str, message: str) -> None:
        """Record a problem at the line of `key`."""
        self.problems.append(Problem(self.path, self.line_of(key), key or "file", message))


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


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file within the size limit; problems instead of exceptions."""
    if path.is_symlink():  # a link could pull in any file of the machine that builds the list
        return None, [Problem(rel, 1, "file", "is a symbolic link; entries and data files must be regular files")]
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(rel, 1, "file", f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(rel, 1, "file", f"is larger than {MAX_FILE_BYTES // 1024} KiB; an entry is one short summary")
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(rel, 1, "file", "starts with a byte order mark (BOM); save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, "file", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(rel, line, "file", "contains a NUL byte; entries are text files")]
    return text.replace("\r\n", "\n"), []


def parse_yaml_mapping(text: str, rel: str, first_line: int = 1) -> Document:
    """Parse YAML that must be one mapping; `first_line` is the file line of the text's line 1."""
    doc = Document(rel)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problems.append(Problem(rel, first_line, "front matter", "is empty; it must be a YAML mapping of keys"))
            return doc
        if not isinstance(node, yaml.MappingNode):
            doc.problems.append(
                Problem(rel, node.start_mark.line + first_line, "front matter", "must be a YAML mapping (`key: value` lines)")
            )
            return doc
        data = _Converter(loader, doc, first_line).value(node, "", 0, first_line)
        if doc.problems:
            return doc
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, e.g. a raw control character
        line = text.count("\n", 0, max(exc.position, 0)) + first_line
        doc.problems.append(
            Problem(rel, line, "yaml", f"character U+{exc.character:04X} is not allowed in YAML; remove it")
            if isinstance(exc.character, int)
            else Problem(rel, line, "yaml", "contains a character YAML does not allow; remove it")
        )
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        reason = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in reason:
            doc.problems.append(Problem(rel, line, "yaml", f"is nested too deeply (more than {MAX_DEPTH} levels)"))
            return doc
        doc.problems.append(Problem(rel, line, "yaml", f"syntax error: {reason}; check quotes, colons and indentation"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(rel, first_line, "yaml", f"syntax error: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(Problem(rel, first_line, "yaml", f"is nested too deeply (more than {MAX_DEPTH} levels)"))
        return doc
    finally:
        loader.dispose()
    doc.data = data
    return doc


_STR_TAG = "tag:yaml.org,2002:str"
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
                Problem(doc.path, key_line, prefix or "yaml", "YAML anchors and aliases (&, *) are not allowed; write the value out")
            )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR_TAG else self.loader.construct_object(node)
        if node.tag not in _COLLECTION_TAGS:  # an explicit tag: PyYAML's safe constructor decides (or refuses)
            return self.loader.construct_object(node, deep=True)
        line = node.start_mark.line + self.first_line
        if depth > MAX_DEPTH:
            doc.problems.append(Problem(doc.path, line, prefix or "yaml", f"is nested too deeply (more than {MAX_DEPTH} levels)"))
            return None
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                key = f"{prefix}.{index}"
                doc.positions[key] = item.start_mark.line + self.first_line
                items.append(self.value(item, key, depth + 1, key_line))
            return items
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                doc.problems.append(Problem(doc.path, key_node.start_mark.line + self.first_line, prefix or "yaml", "keys must be plain words"))
                continue
            name = key_node.value if key_node.tag in _PLAIN_KEY_TAGS else self.loader.construct_object(key_node)
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            child_line = key_node.start_mark.line + self.first_line
            if key in doc.positions:
                doc.problems.append(Problem(doc.path, child_line, key, f"appears twice (first on line {doc.positions[key]}); keep one"))
                continue
            doc.positions[key] = child_line
            mapping[name] = self.value(value_node, key, depth + 1, child_line)
        return mapping


def parse_entry_text(text: str, rel: str) -> Document:
    """Split `---` front matter from the Markdown body and parse the front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return Document(rel, problems=[Problem(rel, 1, "front matter", "missing: the file must start with a '---' line")])
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            closing = index
            break
    else:
        return Document(
            rel,
            problems=[Problem(rel, 1, "front matter", "has no closing '---' line; end the YAML block with '---'")],
        )
    doc = parse_yaml_mapping("\n".join(lines[1:closing]), rel, first_line=2)
    doc.body = "\n".join(lines[closing + 1 :]).strip()
    doc.body_line = closing + 2
    while doc.body_line <= len(lines) and not lines[doc.body_line - 1].strip():
        doc.body_line += 1
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
    text, problems = read_text(path, rel)
    if text is None:
        return Document(rel, problems=problems)
    return parse_yaml_mapping(text, rel)


def entry_files(root: Path) -> list[Path]:
    """Every `*.md` file under entries/ (any depth, so misplaced files are reported), sorted."""
    base = root / ENTRIES_DIR
    found: list[Path] = []
    for folder, dirs, files in os.walk(base):
        dirs.sort()
        found.extend(Path(folder, name) for name in sorted(files) if name.endswith(".md"))
    return found


def benchmark_files(root: Path) -> list[Path]:
    """Every benchmark table file `entries/benchmarks/*.yml`, sorted."""
    return sorted((root / BENCHMARKS_DIR).glob("*.yml"))
