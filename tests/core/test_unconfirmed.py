"""data/unconfirmed.yml: what no primary source confirmed, as `read_evidence` reads and checks it."""

from __future__ import annotations

from pathlib import Path

from generator.core.evidence import UNCONFIRMED
from tests.conftest import evidence_with


def test_one_record_per_entry_and_group_loads(tmp_path: Path) -> None:
    evidence, problems = evidence_with(tmp_path, UNCONFIRMED, 'authors_unconfirmed:\n  - {id: hibiki, missing: "the published byline"}\n'
                                                                'initials:\n  - {id: hibiki, why: "the byline prints initials"}\n')
    assert problems == []
    unconfirmed = evidence.unconfirmed
    assert unconfirmed is not None
    assert unconfirmed["authors_unconfirmed"] == {"hibiki": "the published byline"}
    assert unconfirmed["initials"] == {"hibiki": "the byline prints initials"}


def test_a_second_record_of_an_entry_in_one_group_is_refused(tmp_path: Path) -> None:
    """Two records of one entry in a group contradict each other, and the loader kept only the last."""
    _, problems = evidence_with(tmp_path, UNCONFIRMED, 'authors_unconfirmed:\n  - {id: hibiki, missing: "five or six authors"}\n'
                                                      '  - {id: hibiki, missing: "the published byline"}\n')
    assert problems == ["data/unconfirmed.yml:3: lists 'hibiki' a second time in authors_unconfirmed; merge the two records into one"]
