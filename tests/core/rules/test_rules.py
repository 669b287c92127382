"""Every rule, run on its own fixtures: a list that breaks it (fixtures/<id>/fail/) gets problems of
that rule and no other; a list that keeps it (fixtures/<id>/pass/) gets no problem at all.

A fixture is a tree of files laid over a small list root (the real taxonomy, list.yml and the
survey's entry), as awesome-lint keeps one fixture folder per rule.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.validate import all_rules
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures"
RULES = {rule.id: rule for rule in all_rules()}


def lay_out(root: Path, tree: Path) -> Path:
    """A list root: the real taxonomy, list info and survey entry, then the fixture's files over them."""
    (root / "entries" / "surveys").mkdir(parents=True)
    for name in ("taxonomy.yml", "list.yml"):
        shutil.copy(REPO / "entries" / name, root / "entries" / name)
    shutil.copy(REPO / "entries" / "surveys" / "sparks-of-large-audio-models.md", root / "entries" / "surveys")
    shutil.copytree(tree, root, dirs_exist_ok=True)
    return root


def problems(root: Path, *command: str) -> list[dict[str, object]]:
    """The problems a command prints in JSON (validate: every rule; check: also the generated files)."""
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = main(["--root", str(root), "--format", "json", *command])
    found = json.loads(out.getvalue() or "[]")
    assert code == (1 if any(p["severity"] == "error" for p in found) else 0), found
    return found


def run(root: Path, rule: str) -> list[dict[str, object]]:
    if rule == "generated-file":
        return problems(root, "check")
    return problems(root, "validate")


def test_every_rule_has_a_failing_and_a_passing_fixture() -> None:
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert folders == set(RULES), f"without fixtures: {sorted(set(RULES) - folders)}; without a rule: {sorted(folders - set(RULES))}"
    for rule in RULES:
        assert (FIXTURES / rule / "fail").is_dir() and (FIXTURES / rule / "pass").is_dir(), rule


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_failing_fixture_breaks_this_rule_only(rule: str, tmp_path: Path) -> None:
    found = run(lay_out(tmp_path / "list", FIXTURES / rule / "fail"), rule)
    assert found, f"{rule}: its failing fixture raised no problem"
    assert {p["rule"] for p in found} == {rule}, found
    assert all(p["severity"] == RULES[rule].severity for p in found)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_passing_fixture_breaks_nothing(rule: str, tmp_path: Path) -> None:
    root = lay_out(tmp_path / "list", FIXTURES / rule / "pass")
    if rule == "generated-file":
        assert main(["--root", str(root), "--quiet", "build"]) == 0
    assert run(root, rule) == []


@pytest.mark.parametrize("rule", sorted(RULES))
def test_a_rule_is_described_in_one_line_a_table_can_hold(rule: str) -> None:
    declared = RULES[rule]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", declared.id)
    assert declared.severity in ("error", "warning")
    assert declared.description.endswith(".") and "\n" not in declared.description and "|" not in declared.description
    assert declared.scope in ("", "entry", "list") and (declared.check is None) == (declared.scope == "")


@pytest.mark.parametrize(
    ("size", "accepted"),
    [
        ("960 hours", True),
        ("about 960 hours", True),  # the official page hedges: "about", "approximately"
        ("60,000+ hours", True),  # "over", "more than"
        ("approximately 960 hours", False),
        ("about hours", False),
        ("9600 hours", False),
    ],
)
def test_a_dataset_size_is_digits_with_a_unit_and_may_start_with_about(size: str, accepted: bool, tmp_path: Path) -> None:
    root = lay_out(tmp_path / "list", FIXTURES / "dataset-fields" / "pass")
    corpus = root / "entries" / "datasets" / "corpus.md"
    corpus.write_text(re.sub(r"^size: .*$", f'size: "{size}"', corpus.read_text(), flags=re.M))
    found = run(root, "dataset-fields")
    if accepted:
        assert found == []
    else:
        assert len(found) == 1 and "`about 8,000 hours` or `60,000+ hours`" in str(found[0]), found
