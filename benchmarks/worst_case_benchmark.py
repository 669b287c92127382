"""Worst cases a hostile pull request can send to `validate`: seconds per case.

Each case is one entry file just under the 256 KiB limit, in a list root of its own (the real
taxonomy and survey), validated by `python -m generator validate` with the entry cache off:

- many-authors: 52,000 distinct author names;
- many-related: 40,000 distinct unknown `related` ids;
- many-keys: 20,000 unknown keys (one problem each);
- deep-lists: 30,000 one-item lists in a YAML flow sequence of `train_data`.

Usage: .venv/bin/python benchmarks/worst_case_benchmark.py [--tree PATH] [--runs N]
`--tree` runs the generator package found at PATH instead (e.g. a `git worktree` of an older
commit), to compare before and after a change.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASE = ('---\ntitle: "A Hostile Work"\nname: Hostile\nkind: model\ndate: "2023-05"\nauthors: [{authors}]\n'
        'links:\n  paper: https://example.org/paper\nadded: "2026-11-26"\n{extra}---\nA summary.\n')


def words(count: int) -> list[str]:
    """`count` distinct four-letter words."""
    return ["".join(p) for p in itertools.islice(itertools.product(string.ascii_lowercase, repeat=4), count)]


CASES = {
    "many-authors": lambda: BASE.format(authors=",".join(w.title() for w in words(52_000)), extra=""),
    "many-related": lambda: BASE.format(authors="Ann Bee", extra="related: [" + ",".join(words(40_000)) + "]\n"),
    "many-keys": lambda: BASE.format(authors="Ann Bee", extra="".join(f"{w}: 1\n" for w in words(20_000))),
    "deep-lists": lambda: BASE.format(authors="Ann Bee", extra="train_data: [" + ",".join(["[a]"] * 30_000) + "]\n"),
}


def list_root(folder: Path, text: str) -> Path:
    (folder / "entries" / "surveys").mkdir(parents=True)
    (folder / "entries" / "foundation-models").mkdir()
    for name in ("taxonomy.yml", "list.yml"):
        shutil.copy(REPO / "entries" / name, folder / "entries" / name)
    shutil.copy(REPO / "entries" / "surveys" / "sparks-of-large-audio-models.md", folder / "entries" / "surveys")
    (folder / "entries" / "foundation-models" / "hostile.md").write_text(text, encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=REPO, help="folder holding the generator package to run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "AWESOME_LAM_NO_CACHE": "1", "PYTHONPATH": str(args.tree.resolve())}
    print(f"generator from {args.tree}; median of {args.runs} runs")
    print(f"{'case':<14} {'bytes':>8} {'seconds':>8}  first line of output")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            text = make()
            root = list_root(Path(tmp) / name, text)
            times, first = [], ""
            for _ in range(args.runs):
                started = time.perf_counter()
                result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate"],
                                        capture_output=True, text=True, env=env, timeout=600, cwd=tmp)
                times.append(time.perf_counter() - started)
                first = (result.stderr.splitlines() or [""])[0][:90]
            print(f"{name:<14} {len(text.encode()):>8} {statistics.median(times):>8.2f}  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
