"""REFERENCE.md names every setting, environment variable, exit code and command the code has."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.cli import COMMANDS
from generator.features.links.config import HostRule, Settings
from generator.lib import errors
from tests.conftest import REPO

REFERENCE = (REPO / "REFERENCE.md").read_text(encoding="utf-8")
SOURCES = [*(REPO / "generator").rglob("*.py"), *(REPO / "scripts").glob("*.py"), *(REPO / "scripts").glob("*.sh")]
READ = re.compile(r"""environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']|getenv\(\s*["']([A-Z][A-Z0-9_]+)["']|_ENV = ["']([A-Z][A-Z0-9_]+)["']""")
SHELL = re.compile(r"\$\{?(AWESOME_LAM_[A-Z_]+|CI|NO_MKDOCS_2_WARNING)\b")


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    found = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        found |= {name for match in READ.finditer(text) for name in match.groups() if name}
        if path.suffix == ".sh":
            found |= set(SHELL.findall(text))
    assert {"GITHUB_TOKEN", "AWESOME_LAM_NO_CACHE", "AWESOME_LAM_PROGRESS_SECONDS"} <= found
    assert {name for name in found if f"`{name}`" not in REFERENCE} == set()


@pytest.mark.parametrize("setting", [*dataclasses.fields(Settings), *dataclasses.fields(HostRule)], ids=lambda f: f.name)
def test_every_link_checker_setting_is_documented(setting: dataclasses.Field) -> None:
    assert f"`{setting.name.replace('_', '-')}`" in REFERENCE


def test_every_exit_code_is_documented() -> None:
    codes = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert codes == {0, 1, 2, 3, 130}
    assert {code for code in codes if f"\n| {code} |" not in REFERENCE} == set()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_and_its_formats_are_documented(command) -> None:
    row = next(line for line in REFERENCE.splitlines() if line.startswith(f"| `{command.name}"))
    assert row.rstrip(" |").endswith(", ".join(command.formats))
