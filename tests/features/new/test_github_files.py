"""The issue form, its config, the pull request template and the pre-commit hooks stay true to the project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import build_parser
from generator.core.datafiles import validate_list_info, validate_taxonomy
from generator.core.load import read_yaml_file
from generator.core.schema import FIELDS
from generator.model.entry import LINK_KINDS
from tests.conftest import REPO, entry_text, run_cli

GITHUB = REPO / ".github"
TAXONOMY = validate_taxonomy(read_yaml_file(REPO / "entries" / "taxonomy.yml", REPO))
INFO = validate_list_info(read_yaml_file(REPO / "entries" / "list.yml", REPO))
NOT_ASKED = {
    "added": "the day a maintainer adds the entry",
    "survey_ref": "only for works the survey cites; filled from its reference list",
    "survey_sections": "only for works the survey cites",
    "ignore": "a maintainer's decision that a rule does not apply, with the reason",
}


def cli_commands() -> set[str]:
    subparsers = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(subparsers.choices)


def form_items() -> dict[str, dict]:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "new-entry.yml").read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    items = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    labels = [item["attributes"]["label"] for item in items]
    assert len(labels) == len(set(labels))
    assert all(item["type"] in ("input", "textarea", "dropdown", "checkboxes") for item in items)
    return dict(zip(ids, items, strict=False))


def required(item: dict) -> bool:
    return bool(item.get("validations", {}).get("required"))


def test_the_form_asks_for_every_field_of_the_schema() -> None:
    items = form_items()
    expected = {f"link-{kind}" for kind in LINK_KINDS} | {"section", "summary", "checks"}
    expected |= {spec.name for spec in FIELDS if spec.name not in NOT_ASKED and spec.type != "links"}
    assert set(items) == expected
    assert set(NOT_ASKED) <= {spec.name for spec in FIELDS}
    for spec in FIELDS:
        if spec.required and spec.name not in NOT_ASKED and spec.type != "links":
            assert required(items[spec.name]), spec.name
    assert required(items["section"]) and required(items["summary"])


def test_dropdowns_offer_exactly_the_taxonomy_values() -> None:
    items = form_items()
    assert items["section"]["attributes"]["options"] == list(TAXONOMY.section_ids)
    for spec in FIELDS:
        if spec.name in NOT_ASKED or spec.type not in ("choice", "choice-list", "section-list", "boolean"):
            continue
        item = items[spec.name]
        assert item["type"] == "dropdown", spec.name
        allowed = ["true", "false"] if spec.type == "boolean" else list(
            TAXONOMY.section_ids if spec.vocabulary == "sections" else TAXONOMY[spec.vocabulary]
        )
        assert item["attributes"]["options"] == allowed, spec.name
        assert bool(item["attributes"].get("multiple")) == spec.type.endswith("-list"), spec.name


def test_issue_config_points_to_this_repository() -> None:
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config["contact_links"]:
        assert {"name", "url", "about"} == set(link)
        assert link["url"].startswith(INFO.repository + "/")


def test_templates_mention_only_real_commands() -> None:
    texts = [(GITHUB / "pull_request_template.md").read_text(encoding="utf-8"),
             (GITHUB / "ISSUE_TEMPLATE" / "new-entry.yml").read_text(encoding="utf-8"),
             (GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8")]
    used = {m for text in texts for m in re.findall(r"awesome-lam (\w+)", text)}
    assert {"validate", "links", "new"} <= used
    assert used <= cli_commands()


def console_script() -> Path:
    script = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin" / "awesome-lam"
    return script if script.is_file() else Path(shutil.which("awesome-lam") or "awesome-lam")


def hooks() -> list[dict]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_pre_commit_hooks_run_existing_commands() -> None:
    found = {hook["id"]: hook for hook in hooks()}
    assert set(found) == {"awesome-lam-validate", "awesome-lam-validate-list"}
    for hook in found.values():
        program, command = hook["entry"].split()
        assert hook["language"] == "unsupported"  # pre-commit 4.4's name for `system`
        assert program == "awesome-lam" and console_script().is_file()
        assert command in cli_commands()
    validate = re.compile(found["awesome-lam-validate"]["files"])
    assert validate.search("entries/music/jukebox.md")
    assert not any(validate.search(p) for p in ("entries/taxonomy.yml", "README.md", "entries/benchmarks/tts-mos.yml"))
    assert found["awesome-lam-validate-list"]["pass_filenames"] is False
    assert re.compile(found["awesome-lam-validate-list"]["files"]).search("entries/list.yml")


@pytest.mark.slow
def test_pre_commit_entries_work_as_pre_commit_calls_them(lam_root: Path, write_entry) -> None:
    """pre-commit runs `entry` in the repository root with the staged file names appended."""
    path = "entries/foundation-models/speechgpt.md"
    write_entry(path, entry_text())
    assert run_cli(lam_root, "build").returncode == 0
    for hook in hooks():
        argv = hook["entry"].split() + ([path] if hook.get("pass_filenames", True) else [])
        argv[0] = str(console_script())
        result = subprocess.run(argv, cwd=lam_root, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (hook["id"], result.stderr)
    write_entry(path, entry_text(summary="lowercase start."))
    broken = subprocess.run([str(console_script()), "validate", path], cwd=lam_root, capture_output=True, text=True)
    assert broken.returncode == 1 and "must start with a capital letter" in broken.stderr


@pytest.mark.skipif("new" not in cli_commands(), reason="`new` is not registered in generator/cli.py yet")
def test_new_is_registered_in_the_cli(lam_root: Path, arxiv_api) -> None:
    result = run_cli(lam_root, "new", "2305.11000", "--section", "foundation-models", "--api-url", arxiv_api.url)
    assert result.returncode == 0, result.stderr
    assert (lam_root / "entries/foundation-models/speechgpt.md").is_file()
