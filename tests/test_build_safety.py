"""A killed or concurrent `build` never leaves a torn README.md: it is the old or the new file.

Uses the benchmark's synthetic list (benchmarks/build_benchmark.py) so a build takes long
enough to be killed at many points, the final write included.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

spec = importlib.util.spec_from_file_location("build_benchmark", REPO / "benchmarks" / "build_benchmark.py")
build_benchmark = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_benchmark)

SIZE = 800


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes, Path]:
    """A synthetic list whose README is built (old); `changed` holds an entry that makes it new."""
    base = tmp_path_factory.mktemp("safety")
    root = base / "list"
    build_benchmark.synthesise(root, SIZE)
    assert run_cli(root, "build").returncode == 0
    old = (root / "README.md").read_bytes()
    first = sorted((root / "entries" / "music").glob("*.md"))[0]
    original = first.read_bytes()
    first.write_text(_renamed(first), encoding="utf-8")
    assert run_cli(root, "build").returncode == 0
    new = (root / "README.md").read_bytes()
    assert new != old
    first.write_bytes(original)
    (root / "README.md").write_bytes(old)
    return root, old, new, first


def _renamed(path: Path) -> str:
    """The entry with another short name (so its README line changes)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return "\n".join('name: "Renamed Work"' if line.startswith("name:") else line for line in lines)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


@pytest.mark.slow
def test_killed_builds_leave_the_old_or_the_new_readme(versions, tmp_path: Path) -> None:
    root, old, new, entry = versions
    changed = tmp_path / "changed.md"
    changed.write_text(_renamed(entry), encoding="utf-8")
    original = entry.read_bytes()
    shutil.copy(changed, entry)
    # Without the entry cache every build does the same work: with it, the builds after the timed
    # one finish early, and no kill lands before the README is written.
    env = {**{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}, "AWESOME_LAM_NO_CACHE": "1"}
    command = [sys.executable, "-m", "generator", "--root", str(root), "build"]
    subprocess.run(command, env=env, capture_output=True, check=True)  # a fresh clone compiles its modules on the first run
    times = []
    for _ in range(3):  # the fastest of three: a run slowed by other tests' load would put every kill after the write
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    full = min(times)
    (root / "README.md").write_bytes(old)
    seen = set()
    stray = []
    try:
        for fraction in (0.2, 0.5, 0.85, 0.95, 1.0, 1.05, 1.2):
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(full * fraction)
            process.send_signal(signal.SIGKILL)
            process.wait()
            readme = (root / "README.md").read_bytes()
            assert readme in (old, new), f"torn README.md after a kill at {fraction:.0%} of a build"
            seen.add("new" if readme == new else "old")
            stray += [name for name in leftovers(root) if name not in stray]
            for name in leftovers(root):
                (root / name).unlink()
            (root / "README.md").write_bytes(old)
    finally:
        entry.write_bytes(original)
    # A SIGKILL between mkstemp and os.replace can leave a `.README.md.*.tmp` (nothing can clean
    # up after SIGKILL); nothing else may be left.
    assert all(name.startswith((".README.md.", ".CONTRIBUTING.md.")) and name.endswith(".tmp") for name in stray), stray
    print(f"killed builds left: {sorted(seen)}; stray temporary files: {stray}")
    assert "old" in seen


@pytest.mark.slow
def test_concurrent_builds_with_changing_content_never_tear(versions, tmp_path: Path) -> None:
    root, old, new, entry = versions
    original = entry.read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    command = [sys.executable, "-m", "generator", "--root", str(root), "build"]
    try:
        processes = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
        time.sleep(0.2)
        entry.write_text(_renamed(entry), encoding="utf-8")  # the content changes while they run
        processes += [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
        codes = [p.wait(timeout=300) for p in processes]
        assert codes == [0] * 6, [p.stderr.read() for p in processes]
        assert (root / "README.md").read_bytes() in (old, new)
        assert leftovers(root) == []
        assert run_cli(root, "build").returncode == 0
        assert (root / "README.md").read_bytes() == new
        assert run_cli(root, "check").returncode == 0
    finally:
        entry.write_bytes(original)
        (root / "README.md").write_bytes(old)
