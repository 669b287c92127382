"""The real list under every rule: no error, and the data files the content rules read are all there,
so the rules on sources, unconfirmed facts, coverage, survey references and copied words do run."""

from __future__ import annotations

from generator.core.catalog import load_catalog
from generator.core.evidence import read_evidence
from tests.conftest import REPO


def test_the_content_rules_have_their_data() -> None:
    evidence, problems = read_evidence(REPO)
    assert problems == []
    assert evidence.allowed_hosts and evidence.unconfirmed is not None and evidence.peer_parts
    assert evidence.survey_references and len(evidence.fingerprints or ()) > 20_000


def test_the_list_has_no_error_under_any_rule() -> None:
    catalog = load_catalog(REPO)  # raises InvalidList with every problem when one is an error
    assert {problem.severity for problem in catalog.warnings} <= {"warning"}
    assert len(catalog.entries) > 600
