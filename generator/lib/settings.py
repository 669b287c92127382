"""Typed, range-checked settings: one mechanism for every knob the commands read.

A settings class is a frozen dataclass whose fields are declared with `setting(...)`: the
field's kind (a whole number, true/false, a duration, text, regular expressions, HTTP statuses, headers or
nested settings) and its allowed range. `from_mapping` applies a mapping of kebab-case keys
(as written in TOML, YAML or command options) on top of defaults; every bad value is a
`SettingsError` whose one line names the key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from generator.lib.errors import UsageError
from generator.lib.text import did_you_mean

_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
T = TypeVar("T")


class SettingsError(UsageError):
    """A user mistake in settings or options (one line, no traceback; exit code 2)."""


@dataclass(frozen=True)
class Kind:
    """How a setting is written and checked."""

    name: str  # "int", "bool", "duration", "text", "patterns", "statuses", "headers", "table"
    minimum: float | None = None
    maximum: float | None = None
    item: type | None = None  # settings class of each value of a "table"


def setting(default: Any = dataclasses.MISSING, *, kind: str, minimum: float | None = None,
            maximum: float | None = None, item: type | None = None, factory: Callable[[], Any] | None = None) -> Any:
    """A dataclass field that `from_mapping` checks: its kind and its inclusive range."""
    metadata = {"setting": Kind(kind, minimum, maximum, item)}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def parse_duration(value: Any, key: str = "duration", minimum: float = 0.0, maximum: float = math.inf) -> float:
    """Seconds from a number or a string like `90`, `30s`, `15m`, `12h`, `1d`, `2w`, within range."""
    if isinstance(value, bool):
        raise SettingsError(f"{key}: expected a duration such as 90, 30s, 15m, 12h or 1d; got {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value) if not isinstance(value, int) or value.bit_length() <= 1024 else math.inf  # float() overflows
    else:
        match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([smhdw]?)\s*", str(value))
        if not match:
            raise SettingsError(f"{key}: not a duration: {value!r} (use e.g. 90, 30s, 15m, 12h, 1d)")
        seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2) or "s"]
    if not math.isfinite(seconds) or not minimum <= seconds <= maximum:
        raise SettingsError(f"{key}: {_short(value)} is out of range; {_range(minimum, maximum, 's')}")
    return seconds


def _short(value: Any) -> str:
    """`repr(value)`, cut to 40 characters for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def parse_int(value: Any, key: str, minimum: float = -math.inf, maximum: float = math.inf) -> int:
    """A whole number (as a number or digits), within range."""
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise SettingsError(f"{key}: expected a whole number, got {value!r}")
    try:
        text = str(value).strip()
        if isinstance(value, str) and not (text.isascii() and len(text) <= 20):  # `int` also reads ١٢ and ２, and 5,000 digits
            raise ValueError(text)
        number = int(text) if isinstance(value, str) else int(value)
    except (TypeError, ValueError, OverflowError):
        raise SettingsError(f"{key}: expected a whole number, got {value!r}") from None
    if not minimum <= number <= maximum:
        raise SettingsError(f"{key}: {_short(value)} is out of range; {_range(minimum, maximum)}")
    return number


def _range(minimum: float, maximum: float, unit: str = "") -> str:
    def show(number: float) -> str:
        return f"{number:g}{unit}"

    if math.isinf(maximum):
        return f"use at least {show(minimum)}"
    return f"use {show(minimum)} to {show(maximum)}"


def _convert(kind: Kind, value: Any, key: str) -> Any:
    low = -math.inf if kind.minimum is None else kind.minimum
    high = math.inf if kind.maximum is None else kind.maximum
    if kind.name == "int":
        return parse_int(value, key, low, high)
    if kind.name == "duration":
        return parse_duration(value, key, max(low, 0.0), high)
    if kind.name == "bool":
        if not isinstance(value, bool):
            raise SettingsError(f"{key}: expected true or false, got {value!r}")
        return value
    if kind.name == "text":
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            raise SettingsError(f"{key}: expected text, got {value!r}")
        return str(value)
    if kind.name == "patterns":
        patterns = [value] if isinstance(value, str) else value
        if not isinstance(patterns, (list, tuple)) or not all(isinstance(p, str) for p in patterns):
            raise SettingsError(f"{key}: expected a list of regular expressions, got {value!r}")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SettingsError(f"{key}: bad regular expression {pattern!r}: {exc}") from None
        return tuple(patterns)
    if kind.name == "statuses":
        if not isinstance(value, (list, tuple)):
            raise SettingsError(f"{key}: expected a list of HTTP statuses, got {value!r}")
        return frozenset(parse_int(status, key, 100, 599) for status in value)
    if kind.name == "headers":
        if not isinstance(value, Mapping) or not all(isinstance(v, (str, int)) for v in value.values()):
            raise SettingsError(f"{key}: expected a table of header: value, got {value!r}")
        return {str(name): str(text) for name, text in value.items()}
    if kind.name == "table":
        if not isinstance(value, Mapping):
            raise SettingsError(f"{key}: expected a table of name -> settings, got {value!r}")
        assert kind.item is not None
        return {str(name).lower(): from_mapping(kind.item, item, where=f"{key}.{name}") for name, item in value.items()}
    raise AssertionError(f"unknown setting kind {kind.name}")


_MAX_INT_BITS = 4096
"""Bits of the largest whole number a setting may hold, as for entries (generator.core.load): TOML and
YAML read `0x` and `0b` literals of any length, which Python cannot write in decimal (nor in a message)."""


def _too_large(raw: Any) -> bool:
    """Whether `raw` (as read from TOML or YAML, keys included) holds a whole number past `_MAX_INT_BITS`."""
    stack, seen = [raw], set()
    while stack:
        item = stack.pop()
        if isinstance(item, int) and item.bit_length() > _MAX_INT_BITS:
            return True
        if isinstance(item, (Mapping, list, tuple, set, frozenset)) and id(item) not in seen:  # YAML aliases can loop
            seen.add(id(item))
            stack.extend([*item.keys(), *item.values()] if isinstance(item, Mapping) else item)
    return False


def from_mapping(cls: type[T], raw: Any, base: T | None = None, where: str = "") -> T:
    """`base` (default: the class's defaults) with the kebab-case keys of `raw` applied and checked."""
    if not isinstance(raw, Mapping):
        got = "a whole number too large to use" if _too_large(raw) else repr(raw)
        raise SettingsError(f"{where or 'settings'}: expected a table of settings, got {got}")
    kinds = {f.name: f.metadata["setting"] for f in fields(cls) if "setting" in f.metadata}  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if _too_large(key):
            raise SettingsError(f"{where or 'settings'}: a key is a whole number too large to use; keys are setting names")
        name = str(key).replace("-", "_")
        shown = f"{where}.{key}" if where else str(key)
        if _too_large(value):
            raise SettingsError(f"{shown}: holds a whole number too large to use (more than {_MAX_INT_BITS} bits)")
        if name not in kinds:
            known = [k.replace("_", "-") for k in kinds]
            hint = did_you_mean(str(key), known) or f"; known: {', '.join(known)}"
            raise SettingsError(f"unknown setting {shown!r}{hint}")
        changes[name] = _convert(kinds[name], value, shown)
    return replace(base if base is not None else cls(), **changes)  # type: ignore[type-var]
