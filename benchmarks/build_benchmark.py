#!/usr/bin/env python3
"""Benchmark the README build and the website build on synthetic lists of 100 to 10,000 works.

Prints a Markdown table of medians over whole-process runs, next to the floors measured in the
same run:

- README build (`awesome-lam build`, and `check` on the built tree), against (a) reading every
  entry file and (b) parsing every front matter with PyYAML's C loader, each in its own process;
- website build (`mkdocs build` with the awesome-lam plugin), against bare mkdocs-material
  building the same number of plain pages with a fixed nav of a few pages.

Each measured command runs under a tiny wrapper process that reports the command's wall time
and peak RSS (`getrusage(RUSAGE_CHILDREN)` of the wrapper, which has that one child).

    python benchmarks/build_benchmark.py                     # sizes 100,1000,10000; site 100,1000
    python benchmarks/build_benchmark.py --sizes 1000 --runs 3 --site-sizes ''
    python benchmarks/build_benchmark.py --quick             # smallest size, one run, no warm-up (CI)

The synthetic entries are valid for the real validator (the build fails otherwise, and the
script stops with its output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

# The wrapper: runs argv[1:] and prints its wall time, CPU time (user + system), peak RSS and
# exit code as JSON. RUSAGE_CHILDREN covers the one child (and anything it waited for).
WRAPPER = r"""
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
out = {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "max_rss_kib": usage.ru_maxrss, "returncode": proc.returncode, "stderr": proc.stderr.decode("utf-8", "replace")[-4000:]}
print(json.dumps(out))
"""

READ_FLOOR = r"""
import os, sys
total = 0
for folder, dirs, files in os.walk(os.path.join(sys.argv[1], "entries")):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), "rb") as handle:
                total += len(handle.read())
print(total)
"""

PARSE_FLOOR = r"""
import os, sys, yaml
count = 0
for folder, dirs, files in os.walk(os.path.join(sys.argv[1], "entries")):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), "rb") as handle:
                text = handle.read().decode("utf-8")
            front = text.split("\n---\n", 1)[0][4:]
            count += len(yaml.load(front, Loader=yaml.CSafeLoader))
print(count)
"""

# ---------------------------------------------------------------------------------------------
# Synthetic lists

WORDS = (
    "acoustic adaptive aligned attentive audio autoregressive bidirectional cascaded causal codec "
    "conditional conformer contrastive conversational cross-lingual diffusion discrete duplex efficient "
    "emotional end-to-end expressive generative hierarchical instruction-tuned latent lightweight "
    "masked multilingual multimodal multiscale neural non-autoregressive prosodic quantised residual "
    "robust scalable self-supervised semantic singing sparse speaker-aware spectral streaming "
    "structured temporal tokenised universal unified weakly-supervised zero-shot"
).split()
NOUNS = (
    "transformer encoder decoder vocoder tokenizer model framework benchmark corpus pipeline agent "
    "codec recogniser synthesiser translator assistant captioner generator separator evaluator"
).split()
FIRST = "Wei Yu Anna Lukas Maria Hiroshi Priya Omar Chen Sofia Dmitri Aisha Jonas Mei Carlos Fatima Ravi Elena Kenji Zainab".split()
LAST = "Zhang Wang Li Müller García Tanaka Sharma Hassan Chen Rossi Ivanov Okafor Schmidt Liu Silva Khan Patel Novak Sato Ahmed".split()
VENUES = ("ICASSP 2024", "Interspeech 2023", "ICML 2023", "NeurIPS 2024", "ACL 2024", "EMNLP 2024", "ICLR 2025", "TASLP")
SENTENCES = (
    "It {verb} {what} with a {adj} {noun} trained on {hours} hours of {data}.",
    "The {noun} is {adj} and {verb} {what} from short prompts, without any paired transcripts.",
    "Evaluated on {bench}, it improves word error rate and naturalness over strong {adj} baselines.",
    "Its `{code}` module keeps {what} *consistent* across long inputs and **unseen** speakers.",
    "Training uses {data} and a {adj} curriculum; ablations show the {noun} matters most.",
)
VERBS = ("models", "generates", "recognises", "translates", "separates", "captions", "aligns")
WHATS = ("speech", "music", "sound events", "spoken dialogue", "singing voice", "audio captions", "prosody")
DATA = ("LibriSpeech", "Libri-Light", "AudioSet", "GigaSpeech", "Common Voice", "WenetSpeech", "MusicCaps")
BENCHES = ("LibriSpeech test-clean", "VCTK", "AudioCaps", "FLEURS", "CoVoST 2", "MusicCaps")


def _summary(rng: random.Random) -> str:
    parts = []
    for template in rng.sample(SENTENCES, rng.randint(2, 3)):
        parts.append(
            template.format(
                verb=rng.choice(VERBS),
                what=rng.choice(WHATS),
                adj=rng.choice(WORDS),
                noun=rng.choice(NOUNS),
                hours=rng.randint(1, 900) * 100,
                data=rng.choice(DATA),
                bench=rng.choice(BENCHES),
                code=rng.choice(NOUNS),
            )
        )
    text = " ".join(parts)
    return "\n".join(textwrap.wrap(text, 100, break_on_hyphens=False))


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def synthesise(root: Path, size: int, seed: int = 7) -> None:
    """A valid list of `size` works (the survey included) under `root`."""
    rng = random.Random(seed)
    entries = root / "entries"
    entries.mkdir(parents=True)
    for name in ("taxonomy.yml", "list.yml"):
        shutil.copy(REPO / "entries" / name, entries / name)
    taxonomy = yaml.safe_load((REPO / "entries" / "taxonomy.yml").read_text(encoding="utf-8"))
    survey_id = yaml.safe_load((REPO / "entries" / "list.yml").read_text(encoding="utf-8"))["survey"]
    work_sections = [s["id"] for s in taxonomy["sections"] if not s.get("kinds")]  # any kind may live there
    tasks = list(taxonomy["tasks"])
    modalities = list(taxonomy["modalities"])
    access = list(taxonomy["access"])
    (entries / "surveys").mkdir()
    shutil.copy(REPO / "entries" / "surveys" / f"{survey_id}.md", entries / "surveys" / f"{survey_id}.md")
    ids: list[str] = []
    for i in range(1, size):
        dataset = i % 12 == 0
        survey = i % 97 == 0
        section = "datasets" if dataset else "surveys" if survey else work_sections[i % len(work_sections)]
        kind = "dataset" if dataset else "survey" if survey else rng.choice(("model", "model", "paper", "benchmark", "tool"))
        adj, noun = rng.choice(WORDS), rng.choice(NOUNS)
        name = f"{adj.capitalize().replace('-', '')}{noun.capitalize()}-{i}"
        entry_id = f"{adj}-{noun}-{i}"
        year = 2015 + i % 11
        month = 1 + (i // 11) % 12
        arxiv = f"{year % 100:02d}{month:02d}.{i:05d}"
        title = f"{name}: {adj.capitalize()} {noun} for {rng.choice(WHATS)} with large language models"
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 9))]
        authors = list(dict.fromkeys(authors))
        if rng.random() < 0.3:
            authors.append("others")
        lines = [
            f"title: {_quote(title)}",
            f"name: {_quote(name)}",
            f"kind: {kind}",
            f'date: "{year}-{month:02d}"',
            f"authors: [{', '.join(_quote(a) for a in authors)}]",
        ]
        if rng.random() < 0.6:
            lines.append(f"venue: {_quote(rng.choice(VENUES))}")
        others = [s for s in work_sections if s != section]
        if not dataset and not survey and rng.random() < 0.2:
            lines.append(f"also_in: [{rng.choice(others)}]")
        lines.append(f"tasks: [{', '.join(rng.sample(tasks, rng.randint(1, 4)))}]")
        sounds = [m for m in modalities if m in ("speech", "music", "audio")]  # every work outside background sounds
        chosen = ["speech", "text"] if dataset else [rng.choice(sounds), *rng.sample(modalities, rng.randint(0, 2))]
        lines.append(f"modalities: [{', '.join(dict.fromkeys(chosen))}]")
        links = [f"  paper: https://arxiv.org/abs/{arxiv}"]
        has_code = rng.random() < 0.5
        if has_code:
            links.append(f"  code: https://github.com/synth-lab-{i % 50}/{entry_id}")
        if rng.random() < 0.3:
            links.append(f"  demo: https://synth-lab-{i % 50}.github.io/{entry_id}/")
        if dataset:
            links.append(f"  dataset: https://huggingface.co/datasets/synth/{entry_id}")
        lines.append("links:\n" + "\n".join(links))
        lines.append(f'arxiv: "{arxiv}"')
        lines.append(f"code: {'released' if has_code else rng.choice(('none', 'announced', 'unknown'))}")
        if rng.random() < 0.4:
            lines.append(f"train_data: [{', '.join(rng.sample(DATA, 2))}]")
        if ids and rng.random() < 0.4:
            lines.append(f"related: [{', '.join(sorted(set(rng.sample(ids, min(3, len(ids))))))}]")
        if dataset:
            lines.append(f'size: "{rng.randint(1, 900)},000 hours"')
            if rng.random() < 0.5:
                lines.append(f"languages: [English, {rng.choice(('Mandarin', 'German', 'Hindi', 'Swahili'))}]")
            else:
                lines.append("multilingual: true")
            lines.append(f"access: {rng.choice(access)}")
            lines.append('license: "CC-BY-4.0"')
        lines.append(f"sources: [{rng.choice(('survey', 'upstream', 'survey, upstream'))}]")
        lines.append(f'added: "{2024 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}"')
        text = "---\n" + "\n".join(lines) + "\n---\n" + _summary(rng) + "\n"
        folder = entries / section
        folder.mkdir(exist_ok=True)
        (folder / f"{entry_id}.md").write_text(text, encoding="utf-8")
        ids.append(entry_id)


def add_site_files(root: Path) -> None:
    """mkdocs.yml, the theme overrides and the templates, so `mkdocs build` works in `root`."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("site_overrides", "templates"):
        shutil.copytree(REPO / folder, root / folder)


FLOOR_PAGE = """# Page {i}

{summary}

- Authors: {authors}
- Year: {year}
- [Paper](https://arxiv.org/abs/2301.{i:05d})

| Task | Modality |
| ---- | -------- |
| asr  | speech   |
"""


def make_floor_site(root: Path, size: int, seed: int = 7) -> None:
    """Bare mkdocs-material: `size` plain pages and a fixed nav of a few of them."""
    rng = random.Random(seed)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nA plain site.\n", encoding="utf-8")
    for i in range(1, size + 1):
        text = FLOOR_PAGE.format(i=i, summary=_summary(rng), authors=f"{rng.choice(FIRST)} {rng.choice(LAST)}", year=2015 + i % 11)
        (docs / f"page-{i}.md").write_text(text, encoding="utf-8")
    nav = ["index.md"] + [f"page-{i}.md" for i in range(1, min(size, 5) + 1)]
    config = {
        "site_name": "Floor",
        "site_url": "https://example.org/floor/",
        "theme": {"name": "material", "font": False, "features": ["navigation.sections", "search.suggest"]},
        "plugins": ["search"],
        "nav": nav,
        "validation": {"nav": {"omitted_files": "info"}},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Measuring


def measure(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    """Run `argv` under the wrapper; its wall time, peak RSS and exit code."""
    # Bytecode is cached as on any installed system (some sandboxes set PYTHONDONTWRITEBYTECODE, which
    # would make every run compile every module again, the floors' few and the tools' many).
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PYTHONDONTWRITEBYTECODE")}
    full_env["NO_MKDOCS_2_WARNING"] = "1"
    # The code measured is this checkout's (an editable install elsewhere would otherwise answer
    # `import generator`, so an older checkout's script would time today's code).
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    full_env.update(env or {})
    out = subprocess.run([PYTHON, "-c", WRAPPER, *argv], cwd=cwd, env=full_env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        sys.exit(f"build_benchmark: {' '.join(argv)} failed ({result['returncode']}):\n{result['stderr']}")
    return result


Run = tuple[list[str], Path, Any, dict[str, str] | None]  # argv, cwd, before() or None, extra environment


def medians(runs: int, warm_up: bool = True, **commands: Run) -> dict[str, dict]:
    """Medians of seconds, CPU seconds and peak RSS of each command over `runs` rounds.

    Each command first runs once unmeasured (Python writes its bytecode, the disk cache fills; not
    with `warm_up` False, as in the smoke run), then the rounds alternate the commands, so that a
    machine that slows down or speeds up during the measurement weighs on every command alike,
    floors included.
    """
    for argv, cwd, before, env in commands.values() if warm_up else ():
        if before:
            before()
        measure(argv, cwd, env)
    results: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, cwd, before, env) in commands.items():
            if before:
                before()
            results[name].append(measure(argv, cwd, env))
    return {
        name: {
            "seconds": statistics.median(r["seconds"] for r in found),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in found),
            "max_rss_mib": statistics.median(r["max_rss_kib"] for r in found) / 1024,
        }
        for name, found in results.items()
    }


def tree_size(path: Path) -> tuple[int, int]:
    """(bytes, number of .html pages) under `path`."""
    total = pages = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(folder, name))
            pages += name.endswith(".html")
    return total, pages


def readme_rows(size: int, runs: int, work: Path, warm_up: bool = True) -> dict:
    root = work / f"list-{size}"
    started = time.perf_counter()
    synthesise(root, size)
    made = time.perf_counter() - started
    files = sum(1 for _ in (root / "entries").rglob("*.md"))
    print(f"  {size}: synthesised {files} entry files in {made:.1f} s", file=sys.stderr)

    def clean() -> None:
        for name in ("README.md", "CONTRIBUTING.md"):
            (root / name).unlink(missing_ok=True)

    cli = ["-m", "generator", "--root", str(root)]
    cold = {"AWESOME_LAM_NO_CACHE": "1"}  # no entry cache: every file parsed and validated
    warm = {"XDG_CACHE_HOME": str(work / f"cache-{size}")}  # the entry cache of this list only
    edited = sorted((root / "entries").rglob("*.md"))[files // 2]
    original = edited.read_text(encoding="utf-8")

    def edit_one() -> None:
        """One entry's summary changes (and changes back on the next run): the rest is cached."""
        text = edited.read_text(encoding="utf-8")
        edited.write_text(original if text != original else original.rstrip("\n") + " It was edited.\n", encoding="utf-8")

    row: dict[str, Any] = {"size": size}
    row.update(medians(
        runs,
        warm_up,
        read=([PYTHON, "-c", READ_FLOOR, str(root)], root, None, None),
        parse=([PYTHON, "-c", PARSE_FLOOR, str(root)], root, None, None),
        build=([PYTHON, *cli, "build"], root, clean, cold),
        check=([PYTHON, *cli, "check"], root, None, cold),
        edit=([PYTHON, *cli, "build"], root, edit_one, warm),  # its unmeasured first run fills the cache
    ))
    row["readme_bytes"] = (root / "README.md").stat().st_size
    return row


def site_rows(size: int, runs: int, work: Path, warm_up: bool = True) -> dict:
    root = work / f"site-{size}"
    synthesise(root, size)
    add_site_files(root)
    floor = work / f"floor-{size}"
    make_floor_site(floor, size)
    mkdocs = [PYTHON, "-m", "mkdocs", "build", "-q"]

    def clean(where: Path):
        return lambda: shutil.rmtree(where / "site", ignore_errors=True)

    row: dict[str, Any] = {"size": size}
    row.update(medians(
        runs,
        warm_up,
        floor=([*mkdocs, "-f", str(floor / "mkdocs.yml"), "-d", str(floor / "site")], floor, clean(floor), None),
        site=([*mkdocs, "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")], root, clean(root), None),
    ))
    row["floor_bytes"], row["floor_pages"] = tree_size(floor / "site")
    row["site_bytes"], row["site_pages"] = tree_size(root / "site")
    index = root / "site" / "search" / "search_index.json"
    row["search_index_bytes"] = index.stat().st_size if index.exists() else 0
    return row


def site_available() -> str:
    """'' when the website can be built, else why not."""
    if not (REPO / "mkdocs.yml").is_file():
        return "no mkdocs.yml"
    if not (REPO / "generator" / "features" / "site" / "plugin.py").is_file():
        return "no generator/features/site/plugin.py"
    try:
        import material  # type: ignore[import-untyped]  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError as exc:
        return f"cannot import {exc.name}"
    return ""


def mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="README build sizes (works), comma-separated")
    parser.add_argument("--site-sizes", default="100,1000", help="website build sizes; '' to skip the site")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is shown)")
    parser.add_argument("--site-runs", type=int, default=0, help="runs per site measurement (default: --runs, at most 3)")
    parser.add_argument("--quick", action="store_true", help="smallest size only, one run, no unmeasured first runs (for CI: it keeps the script working; its figures are not for comparing)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    site_sizes = sorted(int(s) for s in args.site_sizes.split(",") if s.strip())
    runs = args.runs
    site_runs = args.site_runs or min(runs, 3)
    if args.quick:
        sizes, site_sizes, runs, site_runs = sizes[:1], site_sizes[:1], 1, 1
    work = Path(tempfile.mkdtemp(prefix="lam-bench-"))
    try:
        print(f"build_benchmark: README sizes {sizes}, {runs} run(s); site sizes {site_sizes}, {site_runs} run(s)", file=sys.stderr)
        readme = [readme_rows(size, runs, work, warm_up=not args.quick) for size in sizes]
        why_not = site_available() if site_sizes else "not asked"
        site = []
        if why_not:
            print(f"build_benchmark: skipping the website benchmark ({why_not})", file=sys.stderr)
        else:
            for size in site_sizes:
                started = time.perf_counter()
                site.append(site_rows(size, site_runs, work, warm_up=not args.quick))
                print(f"  site {size}: measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        print_tables(readme, site, runs, site_runs)
        if args.json:
            args.json.write_text(json.dumps({"readme": readme, "site": site}, indent=2), encoding="utf-8")
    finally:
        if args.keep:
            print(f"build_benchmark: kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def t(m: dict) -> str:
    """`wall s (CPU s)`."""
    return f"{m['seconds']:.2f} s ({m['cpu_seconds']:.2f})"


def print_tables(readme: list[dict], site: list[dict], runs: int, site_runs: int) -> None:
    cpu = platform.processor() or platform.machine()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, PyYAML C loader {getattr(yaml, '__with_libyaml__', False)}; load average {load:.1f} at the end")
    print(f"Date: {dt.date.today().isoformat()}; medians of {runs} whole-process run(s) (site: {site_runs}); times are wall (CPU user+system)")
    print()
    print("| Works | Read floor | Parse floor (CSafeLoader) | `build`, cold | `check`, cold | build / parse floor, wall (CPU) | `build` after editing one entry (cache) | edit / parse floor | build ms per work, wall (CPU) | Peak RSS build | README size |")
    print("| ----: | ---------: | ------------------------: | ------------: | ------------: | ------------------------------: | --------------------------------------: | -----------------: | ----------------------------: | -------------: | ----------: |")
    for r in readme:
        b, p, e = r["build"], r["parse"], r["edit"]
        print(
            f"| {r['size']:,} | {t(r['read'])} | {t(p)} | {t(b)} | {t(r['check'])} | "
            f"{b['seconds'] / p['seconds']:.2f}x ({b['cpu_seconds'] / p['cpu_seconds']:.2f}x) | {t(e)} | {e['seconds'] / p['seconds']:.2f}x | "
            f"{1000 * b['seconds'] / r['size']:.2f} ({1000 * b['cpu_seconds'] / r['size']:.2f}) | {r['build']['max_rss_mib']:.0f} MiB | {mib(r['readme_bytes'])} |"
        )
    for a, z in zip(readme, readme[1:], strict=False):
        wall = (z["build"]["seconds"] - a["build"]["seconds"]) / (z["size"] - a["size"]) * 1000
        cpu = (z["build"]["cpu_seconds"] - a["build"]["cpu_seconds"]) / (z["size"] - a["size"]) * 1000
        print(f"\nMarginal build cost from {a['size']:,} to {z['size']:,} works: {wall:.2f} ms per work ({cpu:.2f} CPU).", end="")
    print()
    if not site:
        return
    print()
    print("| Works | Floor (material, plain pages) | Site build | site / floor, wall (CPU) | Peak RSS floor / site | Pages floor / site | Output floor / site | KiB per page floor / site | Search index |")
    print("| ----: | ----------------------------: | ---------: | -----------------------: | --------------------: | -----------------: | ------------------: | ------------------------: | -----------: |")
    for r in site:
        f, s = r["floor"], r["site"]
        print(
            f"| {r['size']:,} | {t(f)} | {t(s)} | {s['seconds'] / f['seconds']:.2f}x ({s['cpu_seconds'] / f['cpu_seconds']:.2f}x) | "
            f"{f['max_rss_mib']:.0f} / {s['max_rss_mib']:.0f} MiB | "
            f"{r['floor_pages']:,} / {r['site_pages']:,} | {mib(r['floor_bytes'])} / {mib(r['site_bytes'])} | "
            f"{r['floor_bytes'] / 1024 / max(1, r['floor_pages']):.1f} / {r['site_bytes'] / 1024 / max(1, r['site_pages']):.1f} | {mib(r['search_index_bytes'])} |"
        )


if __name__ == "__main__":
    sys.exit(main())
