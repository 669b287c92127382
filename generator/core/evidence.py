"""What the content rules check entries against: the curators' records under data/.

- data/source-hosts.yml: the hosts a source URL may be on (primary pages) and never on (aggregators);
- data/unconfirmed.yml: entries whose facts no primary source confirmed, each with what is missing;
- data/peer-coverage.yml: the works other curated lists share, by part of the field, and where
  this list holds each one or why it does not;
- data/survey-references.yml: the survey's numbered reference list, which `survey_ref` points into;
- data/declined.yml: papers a maintainer declined, each with a one-line reason: `discover` never
  proposes them again, and none of them may be listed;
- data/text-fingerprints.txt: 10-word runs of texts a summary must not copy (the survey and the
  hand-written list the entries grew from), as short hashes.

A list without a file simply has no rule that reads it (a new list, a test's temporary list).
Each file is read once, through the guarded reader, and its shape is checked (`data-file`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.load import Document, read_text, read_yaml_file
from generator.core.rules.data import DATA_FILE
from generator.lib.arxiv import id_problem
from generator.lib.text import shown
from generator.model.problems import Problem

SOURCE_HOSTS = "data/source-hosts.yml"
UNCONFIRMED = "data/unconfirmed.yml"
PEER_COVERAGE = "data/peer-coverage.yml"
SURVEY_REFERENCES = "data/survey-references.yml"
FINGERPRINTS = "data/text-fingerprints.txt"
DECLINED = "data/declined.yml"
MAX_REASON = 200
"""At most this many characters in a declined paper's one-line reason."""
HOST_GROUPS = ("papers", "code", "organisations", "projects")
UNCONFIRMED_GROUPS = ("no_primary_source", "authors_unconfirmed", "initials")
NOT_LISTED_REASONS = ("unconfirmed", "excluded", "not yet added")
MAX_FINGERPRINTS_BYTES = 2 * 1024 * 1024
"""The fingerprints of two texts of about 30,000 words take 400 KiB; a list may fingerprint a few more."""
RUN = 10
"""Words in a run a summary must not share with a fingerprinted text."""
_FINGERPRINT = re.compile(r"[0-9a-f]{12}")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class PeerWork:
    """A work that two or more peer lists name: where this list has it (`entry`) or why not."""

    name: str
    peers: tuple[str, ...]
    arxiv: str
    entry: str
    not_listed: str
    key: str  # dotted key in the file, for line numbers


@dataclass(frozen=True)
class PeerPart:
    """A part of the field, the peer lists measured for it, and the works two of them share."""

    id: str
    lists: tuple[str, ...]
    works: tuple[PeerWork, ...]
    key: str


@dataclass(frozen=True)
class SurveyReference:
    """One entry of the survey's reference list, as printed (title, or venue when it has none)."""

    number: int
    title: str
    arxiv: str


@dataclass(frozen=True)
class Declined:
    """A paper a maintainer declined: its arXiv id and/or title, and why."""

    arxiv: str
    title: str
    reason: str
    key: str  # dotted key in the file, for line numbers


@dataclass(frozen=True)
class Evidence:
    """The data files' content (None for a file the list does not have) and their positions."""

    allowed_hosts: frozenset[str] | None = None
    forbidden_hosts: tuple[str, ...] = ()  # host, or host/path prefix
    unconfirmed: Mapping[str, Mapping[str, str]] | None = None  # group -> entry id -> what is missing
    peer_lists: Mapping[str, str] = field(default_factory=dict)  # key -> what it is
    peer_parts: tuple[PeerPart, ...] | None = None
    survey_references: Mapping[int, SurveyReference] | None = None  # by number
    fingerprints: frozenset[str] | None = None
    declined: tuple[Declined, ...] | None = None
    positions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # file -> dotted key -> line
    digest: str = ""  # of every file read: part of the entry cache's key

    def line_of(self, path: str, key: str) -> int:
        positions = self.positions.get(path, {})
        while key:
            if key in positions:
                return positions[key]
            key = key.rpartition(".")[0]
        return 1

    def copied_run(self, text: str) -> str:
        """The first run of RUN words of `text` that a fingerprinted text also has, or ''."""
        if not self.fingerprints:
            return ""
        words = _WORD.findall(text.lower())
        for start in range(len(words) - RUN + 1):
            run = " ".join(words[start : start + RUN])
            if fingerprint(run) in self.fingerprints:
                return run
        return ""


def fingerprint(run: str) -> str:
    """The short hash of a run of words (lowercase, single spaces) kept in data/text-fingerprints.txt."""
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:12]


def fingerprints_of(texts: Iterable[str]) -> list[str]:
    """The sorted fingerprints of every run of RUN words of the texts (scripts/ makes the data file with it)."""
    found: set[str] = set()
    for text in texts:
        words = _WORD.findall(text.lower())
        found.update(fingerprint(" ".join(words[i : i + RUN])) for i in range(len(words) - RUN + 1))
    return sorted(found)


def read_evidence(root: Path) -> tuple[Evidence, list[Problem]]:
    """Every data file the list has, and the problems of their shape."""
    problems: list[Problem] = []
    digest = hashlib.sha256()
    positions: dict[str, Mapping[str, int]] = {}
    values: dict[str, Any] = {}
    for rel, read in ((SOURCE_HOSTS, _hosts), (UNCONFIRMED, _unconfirmed), (PEER_COVERAGE, _coverage), (SURVEY_REFERENCES, _references),
                      (DECLINED, _declined)):
        if not (root / rel).exists() and not (root / rel).is_symlink():
            continue
        doc = read_yaml_file(root / rel, root)
        digest.update(rel.encode() + b"\0" + repr(doc.data).encode() + b"\0")
        positions[rel] = doc.positions
        if doc.data is not None and not doc.problems:
            read_values = read(doc, doc.data)
            if not doc.problems:  # a file of the wrong shape is reported, and no rule reads it
                values.update(read_values)
        problems.extend(doc.problems)
    if (root / FINGERPRINTS).exists() or (root / FINGERPRINTS).is_symlink():
        text, read_problems = read_text(root / FINGERPRINTS, FINGERPRINTS, limit=MAX_FINGERPRINTS_BYTES, root=root)
        problems.extend(read_problems)
        if text is not None:
            digest.update(text.encode())
            values["fingerprints"], bad = _fingerprints(text)
            problems.extend(DATA_FILE.problem(FINGERPRINTS, line, "fingerprint", "is not 12 lowercase hex digits; "
                                              "make the file again with scripts/extract_survey_references.py --fingerprints") for line in bad)
    return Evidence(positions=positions, digest=digest.hexdigest(), **values), problems


def _hosts(doc: Document, data: dict[str, Any]) -> dict[str, Any]:
    allowed: set[str] = set()
    for group in (*HOST_GROUPS, "forbidden"):
        items = data.get(group)
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            doc.problem(DATA_FILE, group, "must be a list of host names (or host/path prefixes under forbidden)")
            continue
        if group != "forbidden":
            for index, host in enumerate(items):
                if host in allowed:
                    doc.problem(DATA_FILE, f"{group}.{index}", f"lists '{host}' a second time; keep it in one group")
                allowed.add(host)
    forbidden = tuple(item for item in data.get("forbidden") or () if isinstance(item, str))
    for index, bad in enumerate(forbidden):
        if "/" not in bad and bad in allowed:
            doc.problem(DATA_FILE, f"forbidden.{index}", f"'{bad}' is also listed as a primary host; it is one or the other")
    return {"allowed_hosts": frozenset(allowed), "forbidden_hosts": forbidden}


def _unconfirmed(doc: Document, data: dict[str, Any]) -> dict[str, Any]:
    groups: dict[str, dict[str, str]] = {}
    for group in UNCONFIRMED_GROUPS:
        groups[group] = {}
        for index, item in enumerate(data.get(group) or ()):
            key = f"{group}.{index}"
            reason = item.get("missing") or item.get("why") if isinstance(item, dict) else None
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(reason, str) or not reason.strip():
                doc.problem(DATA_FILE, key, "must be {id: <entry id>, missing: <what no primary source confirmed>}")
                continue
            if item["id"] in groups[group]:
                doc.problem(DATA_FILE, key, f"lists '{item['id']}' a second time in {group}; merge the two records into one")
                continue
            groups[group][item["id"]] = reason
    for key in data:
        if key not in UNCONFIRMED_GROUPS:
            doc.problem(DATA_FILE, str(key), f"unknown group; the groups are {', '.join(UNCONFIRMED_GROUPS)}")
    return {"unconfirmed": groups}


def _coverage(doc: Document, data: dict[str, Any]) -> dict[str, Any]:
    lists = data.get("lists")
    if not isinstance(lists, dict) or not all(isinstance(v, str) and v.strip() for v in lists.values()):
        doc.problem(DATA_FILE, "lists", "must map each peer list's key to what it is (repository and commit)")
        lists = {}
    parts: list[PeerPart] = []
    for index, raw in enumerate(data.get("parts") or ()):
        key = f"parts.{index}"
        if not isinstance(raw, dict) or not isinstance(raw.get("part"), str) or not isinstance(raw.get("lists"), list):
            doc.problem(DATA_FILE, key, "must be {part: <id>, lists: [<keys>], works: [...]}")
            continue
        unknown = [name for name in raw["lists"] if name not in lists]
        if unknown:
            doc.problem(DATA_FILE, f"{key}.lists", f"names the list '{unknown[0]}', which `lists` does not describe")
        works = []
        for number, work in enumerate(raw.get("works") or ()):
            work_key = f"{key}.works.{number}"
            if not isinstance(work, dict) or not isinstance(work.get("name"), str) or not isinstance(work.get("peers"), list):
                doc.problem(DATA_FILE, work_key, "must be {name, peers, arxiv?, entry | not_listed}")
                continue
            works.append(PeerWork(work["name"], tuple(map(str, work["peers"])), str(work.get("arxiv") or ""),
                                  str(work.get("entry") or ""), str(work.get("not_listed") or ""), work_key))
        parts.append(PeerPart(raw["part"], tuple(map(str, raw["lists"])), tuple(works), key))
    return {"peer_lists": {str(k): v for k, v in lists.items()}, "peer_parts": tuple(parts)}


def _references(doc: Document, data: dict[str, Any]) -> dict[str, Any]:
    references: dict[int, SurveyReference] = {}
    for index, raw in enumerate(data.get("references") or ()):
        number = raw.get("number") if isinstance(raw, dict) else None
        if not isinstance(number, int) or number != index + 1:
            doc.problem(DATA_FILE, f"references.{index}", f"must be reference number {index + 1}; run scripts/extract_survey_references.py again")
            continue
        printed = raw.get("title") or raw.get("venue") or ""
        references[number] = SurveyReference(number, str(printed), str(raw.get("arxiv") or ""))
    if not references:
        doc.problem(DATA_FILE, "references", "must list the survey's references; run scripts/extract_survey_references.py")
    return {"survey_references": references}


def _declined(doc: Document, data: dict[str, Any]) -> dict[str, Any]:
    declined: list[Declined] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(data.get("declined") or ()):
        key = f"declined.{index}"
        if not isinstance(raw, dict) or set(raw) - {"arxiv", "title", "reason"}:
            doc.problem(DATA_FILE, key, "must be {arxiv: <id>, title: <title>, reason: <one line>} (arxiv or title, or both)")
            continue
        arxiv, title, reason = (raw.get(name) for name in ("arxiv", "title", "reason"))
        if not all(value is None or isinstance(value, str) for value in (arxiv, title, reason)) or not (arxiv or title):
            doc.problem(DATA_FILE, key, "must give the paper's arxiv id or its title (or both), as text")
            continue
        if arxiv and (problem := id_problem(arxiv)):
            doc.problem(DATA_FILE, f"{key}.arxiv", f"'{shown(arxiv)}' {problem}")
            continue
        if not reason or not reason.strip() or "\n" in reason.strip() or len(reason) > MAX_REASON:
            doc.problem(DATA_FILE, f"{key}.reason", f"say in one line of at most {MAX_REASON} characters why the paper is declined")
            continue
        if arxiv and arxiv in seen:
            doc.problem(DATA_FILE, f"{key}.arxiv", f"arXiv {arxiv} is declined a second time (first at {seen[arxiv]}); keep one record")
            continue
        seen.setdefault(arxiv or "", key)
        declined.append(Declined(arxiv or "", " ".join((title or "").split()), reason.strip(), key))
    for name in data:
        if name != "declined":
            doc.problem(DATA_FILE, str(name), "unknown key; the file holds one list, `declined`")
    return {"declined": tuple(declined)}


def _fingerprints(text: str) -> tuple[frozenset[str], list[int]]:
    found, bad = set(), []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _FINGERPRINT.fullmatch(line):
            found.add(line)
        else:
            bad.append(number)
    return frozenset(found), bad
