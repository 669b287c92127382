"""The import graph of `generator` is a staircase: cli -> features -> core -> model.

Features never import each other; core never imports a feature; no module imports itself
back through others (no cycles). Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "generator"
MODEL = {"model", "problems", "outputs", "schema"}
CORE = {"catalog", "entry_cache", "load", "checks", "summary", "validate", "datafiles", "identity", "health", "http", "settings", "render"}
FEATURES = {"readme", "stats", "site", "links", "meta", "scaffold"}
TOP = {"cli", "__main__", "__init__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every `generator.*` module a file imports, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("generator"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if (REPO / Path(*candidate.split("."))).with_suffix(".py").exists() else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found


GRAPH = {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}


def unit(module: str) -> str:
    """`generator.links.checker` -> `links`; `generator.model` -> `model`; `generator` -> `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer(module: str) -> str:
    name = unit(module)
    for label, members in (("model", MODEL), ("core", CORE), ("feature", FEATURES), ("top", TOP)):
        if name in members:
            return label
    raise AssertionError(f"{module} is in no layer; add it to tests/test_architecture.py")


def test_every_module_has_a_layer() -> None:
    for module in GRAPH:
        layer(module)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_down_the_staircase(module: str) -> None:
    rank = {"model": 0, "core": 1, "feature": 2, "top": 3}
    mine = layer(module)
    for target in GRAPH[module]:
        theirs = layer(target)
        if target == "generator" and module == "generator.__main__":
            continue
        if unit(target) == "__init__":
            continue  # the package's version string
        if mine == "feature" and theirs == "feature":
            assert unit(target) == unit(module), f"{module} imports {target}: features never import each other"
        else:
            assert rank[theirs] < rank[mine] or (theirs == mine and mine != "feature"), (
                f"{module} ({mine}) imports {target} ({theirs}): imports only go down the layers"
            )


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, trail: list[str]) -> None:
        if state.get(module) == 2:
            return
        if state.get(module) == 1:
            cycle = trail[trail.index(module):] + [module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if target in GRAPH:
                visit(target, [*trail, module])
        state[module] = 2

    for module in sorted(GRAPH):
        visit(module, [])
