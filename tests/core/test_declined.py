"""data/declined.yml: the papers a maintainer declined, as `read_evidence` reads and checks them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.evidence import DECLINED, Declined, read_evidence
from tests.conftest import evidence_with


def test_records_load_with_their_positions(tmp_path: Path) -> None:
    evidence, problems = evidence_with(tmp_path, DECLINED, 'declined:\n  - arxiv: "2510.01234"\n    reason: "Not audio"\n'
                                                           '  - title: "A   Vision\n      Paper"\n    reason: " Images only "\n')
    assert problems == []
    assert evidence.declined == (Declined("2510.01234", "", "Not audio", "declined.0"), Declined("", "A Vision Paper", "Images only", "declined.1"))


def test_a_list_without_the_file_has_no_record(tmp_path: Path) -> None:
    assert read_evidence(tmp_path)[0].declined is None


@pytest.mark.parametrize(("record", "line", "message"), [
    ('  - reason: "why"\n', 2, "must give the paper's arxiv id or its title"),
    ('  - arxiv: 2510.01234\n    reason: "why"\n', 2, "as text"),
    ('  - arxiv: "2510.1234x"\n    reason: "why"\n', 2, "'2510.1234x'"),
    ('  - arxiv: "2510.01234"\n', 2, "say in one line"),
    ('  - arxiv: "2510.01234"\n    reason: "' + "x" * 201 + '"\n', 3, "at most 200 characters"),
    ('  - arxiv: "2510.01234"\n    reason: "one\\ntwo"\n', 3, "say in one line"),
    ('  - arxiv: "2510.01234"\n    reason: "why"\n    note: "x"\n', 2, "must be {arxiv"),
    ('  - "2510.01234"\n', 2, "must be {arxiv"),
    ('  - arxiv: "2510.01234"\n    reason: "why"\n  - arxiv: "2510.01234"\n    reason: "again"\n', 4, "declined a second time (first at declined.0)"),
])
def test_each_bad_record_is_named_with_its_line_and_fix(tmp_path: Path, record: str, line: int, message: str) -> None:
    _, problems = evidence_with(tmp_path, DECLINED, "declined:\n" + record)
    assert len(problems) == 1 and problems[0].startswith(f"{DECLINED}:{line}: ") and message in problems[0], problems


def test_an_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    _, problems = evidence_with(tmp_path, DECLINED, "declined: []\nrejected: []\n")
    assert problems == [f"{DECLINED}:2: unknown key; the file holds one list, `declined`"]
