"""Rules on the files themselves, checked as they are read (core/load.py) and placed (core/validate.py)."""

from __future__ import annotations

from generator.core.rules.registry import rule

FILE = rule(
    "file",
    "Entry and data files are regular UTF-8 text files (no link, pipe, BOM or NUL byte) under 256 KiB, "
    "entries named in lowercase `.md`, folders real (no link) and readable, each section a folder.",
    ignorable=False,
)
FRONT_MATTER = rule(
    "front-matter",
    "An entry starts with a `---` line, a YAML mapping of keys, and a closing `---` line.",
    ignorable=False,
)
YAML = rule(
    "yaml",
    "YAML is plain: valid syntax, no tags, anchors or aliases, no repeated keys, at most 6 levels deep.",
    ignorable=False,
)
LOCATION = rule(
    "location",
    "An entry lives at `entries/<section>/<id>.md`: a section of the taxonomy and an id of lowercase letters, "
    "digits and single hyphens.",
    ignorable=False,
)
GENERATED_FILE = rule(
    "generated-file",
    "README.md (with its timeline images) and CONTRIBUTING.md are what `awesome-lam build` writes from entries/ (`awesome-lam check`).",
    ignorable=False,
)
