"""Link-checker settings: defaults, `[tool.awesome-lam.links]` in pyproject.toml, or a YAML file.

Every value is typed and range-checked by `generator.lib.settings`: a host rule with `per-host: 0`
or `-1`, a negative delay or a status outside 100-599 is refused with a one-line message.

`allow-internal` (default false) lets the checker request loopback, private and link-local
addresses (`localhost`, `10.0.0.1`, `169.254.169.254`, names resolving to them). Off, such a URL,
redirect or DNS answer is a `broken` verdict and nothing is sent: a list's links must never reach
the services of the CI runner that checks them. Tests against servers on 127.0.0.1 turn it on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator import user_agent
from generator.lib.files import Unreadable, read_guarded
from generator.lib.settings import SettingsError, from_mapping, setting


@dataclass(frozen=True)
class HostRule:
    """Overrides for one host (and its subdomains): accepted statuses, headers, pace."""

    accept: frozenset[int] = setting(kind="statuses", factory=frozenset)
    headers: Mapping[str, str] = setting(kind="headers", factory=dict)
    per_host: int | None = setting(None, kind="int", minimum=1, maximum=64)
    delay: float | None = setting(None, kind="duration", maximum=60)


@dataclass(frozen=True)
class Settings:
    """Every knob of a run. Times are seconds."""

    user_agent: str = setting(user_agent("links"), kind="text")
    concurrency: int = setting(32, kind="int", minimum=1, maximum=512)  # requests in flight across all hosts
    per_host: int = setting(4, kind="int", minimum=1, maximum=64)  # requests in flight to one host
    delay: float = setting(0.05, kind="duration", maximum=60)  # minimum gap between two request starts to one host
    connect_timeout: float = setting(5.0, kind="duration", minimum=0.001, maximum=300)
    read_timeout: float = setting(15.0, kind="duration", minimum=0.001, maximum=600)
    deadline: float = setting(45.0, kind="duration", minimum=0.001, maximum=3600)  # one URL, redirects and retries included
    retries: int = setting(2, kind="int", minimum=0, maximum=10)
    backoff: float = setting(1.0, kind="duration", maximum=600)  # first retry waits about this long, then doubles
    retry_after_cap: float = setting(30.0, kind="duration", maximum=3600)  # a longer Retry-After gives up as `unsure`
    max_redirects: int = setting(10, kind="int", minimum=0, maximum=50)
    max_age: float = setting(86400.0, kind="duration", maximum=366 * 86400)  # cached results older than this are checked again
    cache_dir: str = setting(".cache/awesome-lam", kind="text")
    exclude: tuple[str, ...] = setting((), kind="patterns")  # regular expressions matched against the URL
    hosts: Mapping[str, HostRule] = setting(kind="table", item=HostRule, factory=dict)
    allow_internal: bool = setting(False, kind="bool")  # request loopback and private addresses (see above)

    def rule_for(self, url: str) -> HostRule:
        """The rule of the URL's host, or of its closest configured parent domain."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # e.g. unbalanced brackets: no host, so no rule
            return HostRule()
        while host:
            if host in self.hosts:
                return self.hosts[host]
            host = host.partition(".")[2]
        return HostRule()

    def excluded(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.exclude)


MAX_SETTINGS_BYTES = 1024 * 1024


def _settings_text(path: Path, missing_ok: bool = False) -> str | None:
    """A settings file's text, read through the guarded reader (no FIFO, no link); None if it is
    missing and may be."""
    try:
        raw = read_guarded(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise SettingsError(f"cannot read {path}: no such file") from None
    except Unreadable as exc:
        raise SettingsError(f"{path} {exc}") from None
    if len(raw) > MAX_SETTINGS_BYTES:
        raise SettingsError(f"{path} is larger than {MAX_SETTINGS_BYTES // 1024} KiB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path} is not valid UTF-8 (byte {exc.start})") from None


def load_settings(root: Path, config_file: Path | None = None) -> Settings:
    """Defaults, then pyproject.toml's `[tool.awesome-lam.links]`, then the YAML file if given."""
    settings = Settings()
    pyproject = root / "pyproject.toml"
    text = _settings_text(pyproject, missing_ok=True)
    if text is not None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{pyproject}: {exc}") from None
        except ValueError:  # a decimal number past Python's 4,300-digit int-to-str limit
            raise SettingsError(f"{pyproject}: holds a whole number too large to read (more than 4300 digits)") from None
        section = data.get("tool", {}).get("awesome-lam", {}).get("links", {})
        settings = from_mapping(Settings, section, settings)
    if config_file is not None:
        try:
            raw = yaml.safe_load(_settings_text(config_file) or "") or {}
        except yaml.YAMLError as exc:
            raise SettingsError(f"{config_file}: not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(raw, Mapping):
            raise SettingsError(f"{config_file}: expected a mapping of settings")
        settings = from_mapping(Settings, raw, settings)
    return settings
