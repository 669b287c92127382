"""The JSON Schema of an entry's front matter (schemas/entry.schema.json): a standard validator
accepts every entry of the list and refuses what `validate` refuses by type."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import REPO, entry_text

SCHEMA = json.loads((REPO / "schemas" / "entry.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def front_matter(text: str) -> dict[str, Any]:
    """The front matter as yaml-language-server reads it: unquoted dates are text in YAML 1.2."""
    data = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_entry_of_the_list_is_valid_under_the_schema() -> None:
    files = sorted((REPO / "entries").glob("*/*.md"))
    assert len(files) > 600
    wrong = {path.relative_to(REPO).as_posix(): [e.message for e in VALIDATOR.iter_errors(front_matter(path.read_text(encoding="utf-8")))]
             for path in files}
    assert {path: errors for path, errors in wrong.items() if errors} == {}


@pytest.mark.parametrize(("field", "value"), [
    ("kind", "modle"), ("date", '"2023-5"'), ("links", "\n  papr: https://arxiv.org/abs/2305.11000"), ("arxiv", '"2305.11000v2"'),
    ("tasks", "[asr, asr]"), ("code", "maybe"), ("venu", "ICML"), ("survey_ref", "0"), ("ignore", "\n  file: because"),
])
def test_the_schema_refuses_what_validate_refuses_by_type(field: str, value: str) -> None:
    assert list(VALIDATOR.iter_errors(front_matter(entry_text(**{field: value})))), f"{field}: {value}"


def test_the_schema_accepts_the_example_entry() -> None:
    assert list(VALIDATOR.iter_errors(front_matter(entry_text()))) == []
