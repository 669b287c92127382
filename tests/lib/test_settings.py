"""Typed, range-checked settings (generator.lib.settings) as the link checker and `meta` use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.features.links.config import HostRule, Settings, load_settings
from generator.lib.settings import SettingsError, from_mapping, parse_duration, parse_int


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"hosts": {"example.org": {"per-host": -1}}}, "hosts.example.org.per-host: -1 is out of range; use 1 to 64"),
        ({"hosts": {"example.org": {"per-host": 0}}}, "hosts.example.org.per-host: 0 is out of range; use 1 to 64"),
        ({"per-host": 0}, "per-host: 0 is out of range; use 1 to 64"),
        ({"concurrency": True}, "concurrency: expected a whole number, got True"),
        ({"concurrency": 2.5}, "concurrency: expected a whole number, got 2.5"),
        ({"delay": "-1s"}, "delay: not a duration: '-1s'"),
        ({"deadline": 0}, "deadline: 0 is out of range; use 0.001s to 3600s"),
        ({"hosts": {"example.org": {"accept": [99]}}}, "hosts.example.org.accept: 99 is out of range; use 100 to 599"),
        ({"exclude": ["("]}, "exclude: bad regular expression '('"),
        ({"concurency": 3}, "unknown setting 'concurency'; did you mean 'concurrency'?"),
        ({"hosts": {"example.org": {"speed": 1}}}, "unknown setting 'hosts.example.org.speed'; known: accept, headers, per-host, delay"),
    ],
)
def test_bad_values_are_one_clear_line(raw: dict, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        from_mapping(Settings, raw)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_good_values_are_typed() -> None:
    settings = from_mapping(Settings, {"per-host": "2", "delay": 0.25, "max-age": "12h",
                                       "hosts": {"Example.org": {"per-host": 1, "accept": [403], "headers": {"X": 1}}}})
    assert settings.per_host == 2 and settings.delay == 0.25 and settings.max_age == 43200.0
    assert settings.hosts["example.org"] == HostRule(accept=frozenset({403}), headers={"X": "1"}, per_host=1)
    assert settings.rule_for("https://docs.example.org/x").per_host == 1


def test_yaml_file_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.awesome-lam.links]\nper-host = 3\nretries = 1\n')
    (tmp_path / "links.yml").write_text("retries: 0\n")
    settings = load_settings(tmp_path, tmp_path / "links.yml")
    assert (settings.per_host, settings.retries) == (3, 0)
    (tmp_path / "links.yml").write_text("hosts:\n  github.com:\n    per-host: -1\n")
    with pytest.raises(SettingsError, match="hosts.github.com.per-host: -1 is out of range"):
        load_settings(tmp_path, tmp_path / "links.yml")


def test_durations_and_numbers() -> None:
    assert parse_duration("15m") == 900 and parse_duration(2) == 2 and parse_duration("1w") == 604800
    with pytest.raises(SettingsError, match="out of range"):
        parse_duration("2h", "--timeout", maximum=3600)
    with pytest.raises(SettingsError, match="expected a duration"):
        parse_duration(True)
    assert parse_int(" 7 ", "n") == 7
    with pytest.raises(SettingsError, match="out of range; use 1 to 5"):
        parse_int(6, "n", 1, 5)


HUGE = int("f" * 5000, 16)  # a hexadecimal literal of 5,000 digits: read, but past Python's 4,300-digit int-to-str limit


@pytest.mark.parametrize(
    "raw",
    [{"concurrency": HUGE}, {"read-timeout": HUGE}, {"hosts": {"example.org": {"accept": [HUGE]}}}, {HUGE: 1},
     {"read-timeout": 2**2000}],
)
def test_numbers_too_large_to_write_are_a_clear_line(raw: dict) -> None:
    """YAML and TOML read `0x` and `0b` literals of any length; a setting of one is refused, never
    written into the message (which would raise) nor turned into a float (which would overflow)."""
    with pytest.raises(SettingsError) as caught:
        from_mapping(Settings, raw)
    assert "too large" in str(caught.value) or "out of range" in str(caught.value)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("number", ["0x" + "f" * 5000, "9" * 5000])
def test_a_pyproject_number_too_large_is_a_usage_error(tmp_path: Path, number: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.awesome-lam.links]\nconcurrency = {number}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path)
    assert len(str(caught.value)) < 400
