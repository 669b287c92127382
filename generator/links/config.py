"""Link-checker settings: defaults, `[tool.awesome-lam.links]` in pyproject.toml, or a YAML file."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (compatible; awesome-lam-linkcheck/0.1; "
    "+https://github.com/awesome-large-audio-models)"
)


class ConfigError(ValueError):
    """A user mistake in the link-checker configuration (one line, no traceback)."""


@dataclass(frozen=True)
class HostRule:
    """Overrides for one host (and its subdomains): accepted statuses, headers, pace."""

    accept: frozenset[int] = frozenset()
    headers: Mapping[str, str] = field(default_factory=dict)
    per_host: int | None = None
    delay: float | None = None


@dataclass(frozen=True)
class Settings:
    """Every knob of a run. Times are seconds."""

    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 32  # requests in flight across all hosts
    per_host: int = 4  # requests in flight to one host
    delay: float = 0.05  # minimum gap between two request starts to one host
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    deadline: float = 45.0  # total time for one URL: redirects, retries and waits included
    retries: int = 2
    backoff: float = 1.0  # first retry waits about this long, then doubles (with jitter)
    retry_after_cap: float = 30.0  # a longer Retry-After gives up as `unsure`
    max_redirects: int = 10
    max_age: float = 86400.0  # cached results older than this are checked again
    cache_dir: str = ".cache/awesome-lam"
    exclude: tuple[str, ...] = ()  # regular expressions matched against the URL
    hosts: Mapping[str, HostRule] = field(default_factory=dict)

    def rule_for(self, url: str) -> HostRule:
        """The rule of the URL's host, or of its closest configured parent domain."""
        host = (urlsplit(url).hostname or "").lower()
        while host:
            if host in self.hosts:
                return self.hosts[host]
            host = host.partition(".")[2]
        return HostRule()

    def excluded(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.exclude)


_NUMBERS = {"concurrency", "per_host", "retries", "max_redirects"}
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any) -> float:
    """Seconds from a number or a string like `90`, `30s`, `15m`, `12h`, `1d`, `2w`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", str(value))
        if not match:
            raise ConfigError(f"not a duration: {value!r} (use e.g. 90, 30s, 15m, 12h, 1d)")
        seconds = float(match.group(1)) * _DURATION_UNITS.get(match.group(2) or "s", 1)
    if seconds < 0:
        raise ConfigError(f"a duration cannot be negative: {value!r}")
    return seconds


def _host_rule(host: str, raw: Any) -> HostRule:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"hosts.{host}: expected a table of accept/headers/per-host/delay")
    unknown = set(raw) - {"accept", "headers", "per-host", "delay"}
    if unknown:
        raise ConfigError(f"hosts.{host}: unknown key {sorted(unknown)[0]!r}")
    try:
        return HostRule(
            accept=frozenset(int(s) for s in raw.get("accept", ())),
            headers={str(k): str(v) for k, v in dict(raw.get("headers", {})).items()},
            per_host=int(raw["per-host"]) if "per-host" in raw else None,
            delay=parse_duration(raw["delay"]) if "delay" in raw else None,
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"hosts.{host}: {exc}") from None


def settings_from_mapping(raw: Mapping[str, Any], base: Settings | None = None) -> Settings:
    """Apply a mapping of kebab-case keys (as written in TOML or YAML) on top of `base`."""
    settings = base or Settings()
    names = {f.name for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in names:
            raise ConfigError(f"unknown link-checker setting {key!r}")
        if name == "hosts":
            if not isinstance(value, Mapping):
                raise ConfigError("hosts: expected a table of host -> rule")
            changes[name] = {str(h).lower(): _host_rule(str(h), r) for h, r in value.items()}
        elif name == "exclude":
            patterns = [value] if isinstance(value, str) else list(value)
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"exclude: bad regular expression {pattern!r}: {exc}") from None
            changes[name] = tuple(patterns)
        elif name in ("user_agent", "cache_dir"):
            changes[name] = str(value)
        elif name in _NUMBERS:
            try:
                changes[name] = int(value)
            except (TypeError, ValueError):
                raise ConfigError(f"{key}: expected a whole number, got {value!r}") from None
            if changes[name] < (0 if name in ("retries", "max_redirects") else 1):
                raise ConfigError(f"{key}: {value!r} is too small")
        else:
            changes[name] = parse_duration(value)
    return replace(settings, **changes)


def load_settings(root: Path, config_file: Path | None = None) -> Settings:
    """Defaults, then pyproject.toml's `[tool.awesome-lam.links]`, then the YAML file if given."""
    settings = Settings()
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{pyproject}: {exc}") from None
        section = data.get("tool", {}).get("awesome-lam", {}).get("links", {})
        settings = settings_from_mapping(section, settings)
    if config_file is not None:
        try:
            raw = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"cannot read {config_file}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{config_file}: not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(raw, Mapping):
            raise ConfigError(f"{config_file}: expected a mapping of settings")
        settings = settings_from_mapping(raw, settings)
    return settings
