"""The import graph of `generator` is a staircase, and the folders say which step each module is on:

    cli, __main__        the command line (top level of the package)
    features/<name>/     links, meta, new, site: never import each other
    outputs/             Catalog -> every format a list is written as
    core/                entries -> validated Catalog
    model/               the typed objects every layer speaks
    lib/                 knows nothing of the list

A module imports only from its own step or the steps below it (a feature only from its own
folder); no module imports itself back through others. Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "generator"
LAYERS = ("lib", "model", "core", "outputs", "features")
"""The layer folders, lowest first: the one list this test keeps by hand is the order itself."""
TOP = ("cli", "__main__", "__init__")


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
                is_module = (REPO / Path(*candidate.split("."))).with_suffix(".py").exists() or (REPO / Path(*candidate.split("."))).is_dir()
                found.add(candidate if is_module else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found


GRAPH = {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}


def place(module: str) -> tuple[int, str]:
    """(step, unit): `generator.core.load` -> (2, "core"); `generator.features.links.checker` -> (4, "links")."""
    parts = module.split(".")[1:]
    if not parts or (len(parts) == 1 and parts[0] in TOP):
        return len(LAYERS), "top"
    folder = parts[0]
    assert folder in LAYERS, f"{module} is in no layer folder ({', '.join(LAYERS)}); move it, or add its folder to LAYERS in order"
    if folder == "features" and len(parts) > 1:
        return LAYERS.index(folder), parts[1]
    return LAYERS.index(folder), folder


def test_the_package_holds_only_layer_folders_and_the_command_line() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    files = {p.stem for p in PACKAGE.glob("*.py")}
    assert folders == set(LAYERS)
    assert files == set(TOP)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_down_the_staircase(module: str) -> None:
    step, unit = place(module)
    for target in GRAPH[module]:
        if target == "generator":
            continue  # the package's version string
        their_step, their_unit = place(target)
        if unit != "top" and their_step == step == LAYERS.index("features"):
            assert their_unit == unit, f"{module} imports {target}: features never import each other"
        else:
            assert their_step <= step, f"{module} ({unit}) imports {target} ({their_unit}): imports only go down the layers"


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


@pytest.mark.slow
def test_the_lint_gate_sees_every_source_folder(tmp_path: Path) -> None:
    """ruff's excludes are anchored at the root: a folder named `site` inside the package is linted."""
    import subprocess
    import sys

    shown = subprocess.run([sys.executable, "-m", "ruff", "check", "--show-files", "generator", "tests"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout
    linted = {Path(line.strip()).relative_to(REPO).as_posix() for line in shown.splitlines() if line.strip().endswith(".py")}
    on_disk = {p.relative_to(REPO).as_posix() for folder in ("generator", "tests") for p in (REPO / folder).rglob("*.py")}
    assert on_disk - linted == set()
