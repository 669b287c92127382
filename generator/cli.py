"""The `awesome-lam` command line: parses arguments and calls the pipeline's steps."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator import __version__
from generator.core.catalog import InvalidList, load_catalog
from generator.core.load import ENTRIES_DIR, entry_files, relative_path
from generator.features.links import command as links_command
from generator.features.meta import command as meta_command
from generator.features.new import command as new_command
from generator.lib.files import Output, Unwritable, build_lock, stale_outputs, write_outputs
from generator.lib.text import shown
from generator.model.catalog import Catalog
from generator.model.problems import Problem, format_problems
from generator.outputs.readme import repository_documents
from generator.outputs.templates import templates_dir

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "github", "json")


def report(problems: list[Problem], fmt: str) -> None:
    """Print problems in the chosen format; under GitHub Actions also as annotations."""
    if fmt == "json":
        print(format_problems(problems, "json"))
        return
    print(format_problems(problems, fmt), file=sys.stderr)
    if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        print(format_problems(problems, "github"), file=sys.stderr)
    files = len({p.path for p in problems})
    print(f"awesome-lam: {len(problems)} problem(s) in {files} file(s)", file=sys.stderr)


def say(args: argparse.Namespace, message: str) -> None:
    """A one-line status message on stderr (kept out of JSON output)."""
    print(shown(f"awesome-lam: {message}"), file=sys.stderr)


def load_or_report(args: argparse.Namespace) -> Catalog | None:
    try:
        return load_catalog(args.root)
    except InvalidList as invalid:
        report(invalid.problems, args.format)
        return None


def documents(args: argparse.Namespace, catalog: Catalog) -> list[Output]:
    """The generated Markdown documents `build` writes and `check` compares."""
    return repository_documents(catalog, templates_dir(args.root))


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then write README.md and CONTRIBUTING.md (atomically, only when changed)."""
    if not (args.root / ENTRIES_DIR).is_dir():
        load_or_report(args)  # reports the missing folder; nothing is created
        return EXIT_PROBLEMS
    with build_lock(args.root):
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    catalog = load_or_report(args)
    if catalog is None:
        say(args, "nothing written: fix the problems above and run `awesome-lam build` again")
        return EXIT_PROBLEMS
    try:
        changed = write_outputs(args.root, documents(args, catalog))
    except Unwritable as exc:
        say(args, str(exc))
        return EXIT_PROBLEMS
    seconds = time.perf_counter() - started
    what = f"wrote {', '.join(changed)}" if changed else "nothing changed"
    say(args, f"{len(catalog.entries)} entries; {what} in {seconds:.2f} s")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate, then fail when a generated file differs from what `build` writes."""
    catalog = load_or_report(args)
    if catalog is None:
        return EXIT_PROBLEMS
    stale = stale_outputs(args.root, documents(args, catalog))
    if stale:
        problems = [Problem(path, 1, "generated", "is out of date with entries/; run `awesome-lam build` and commit it") for path in stale]
        report(problems, args.format)
        return EXIT_PROBLEMS
    say(args, f"{len(catalog.entries)} entries valid; generated files are up to date")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate all entries, or report only on the given files and folders (cross-entry rules still apply)."""
    files: set[str] = set()
    folders: list[str] = []
    for name in args.paths:
        path = Path(name)
        if not path.exists():
            say(args, f"no such file or folder: {name}")
            return EXIT_USAGE
        try:
            rel = path.resolve().relative_to(args.root.resolve()).as_posix()
        except ValueError:
            say(args, f"{name} is not inside the list root {args.root}")
            return EXIT_USAGE
        if path.is_dir() and (rel == ENTRIES_DIR or rel.startswith(f"{ENTRIES_DIR}/")):
            folders.append(f"{rel}/")
        elif rel.startswith(f"{ENTRIES_DIR}/") and rel.endswith((".md", ".yml")):
            files.add(rel)
        else:
            say(args, f"{name} is not a file of the list; give entry files (entries/<section>/<id>.md), data files or folders under entries/")
            return EXIT_USAGE

    def wanted(rel: str) -> bool:
        return not args.paths or rel in files or f"{rel}/".startswith(tuple(folders))

    try:
        catalog = load_catalog(args.root)
    except InvalidList as invalid:
        problems = [p for p in invalid.problems if wanted(p.path)]
        if problems:
            report(problems, args.format)
            return EXIT_PROBLEMS
        catalog = None
    if args.format == "json":
        print("[]")
    if not args.paths:
        say(args, f"{len(catalog.entries) if catalog else 0} entries valid")
    else:
        inside = [*entry_files(args.root), *args.root.glob(f"{ENTRIES_DIR}/**/*.yml")] if folders else []
        say(args, f"{len(files | {rel for path in inside if wanted(rel := relative_path(path, args.root))})} file(s) valid")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts by section, kind, task and year; entries with code; newest additions."""
    from generator.outputs.stats import catalog_stats, format_stats

    catalog = load_or_report(args)
    if catalog is None:
        return EXIT_PROBLEMS
    stats = catalog_stats(catalog, newest=args.newest)
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print(format_stats(stats))
    return EXIT_OK


def _common_options(parser: argparse.ArgumentParser, suppress: bool, with_format: bool = True) -> None:
    """--root and --format, accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--root",
        type=Path,
        default=default if suppress else Path("."),
        metavar="DIR",
        help="the list's root folder, holding entries/ (default: current directory)",
    )
    if not with_format:
        return
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=default if suppress else "text",
        help="how to print problems and results (default: text)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awesome-lam",
        description="Build, check and maintain the awesome list of Large Audio Models.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str, own_format: bool = False
    ) -> argparse.ArgumentParser:
        """A subcommand; `own_format` when it defines a --format with choices of its own."""
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common_options(sub, suppress=True, with_format=not own_format)
        sub.set_defaults(handler=handler)
        return sub

    add("build", cmd_build, "validate entries, then write README.md and CONTRIBUTING.md")
    add("check", cmd_check, "validate entries and fail if README.md or CONTRIBUTING.md is stale")
    validate = add("validate", cmd_validate, "validate all entries, or report only on the given files")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="entry files to report on")
    stats = add("stats", cmd_stats, "counts by section, kind, task and year; newest additions")
    stats.add_argument("--newest", type=int, default=10, metavar="N", help="how many newest additions to list")
    new_command.configure(add("new", new_command.run, "write a pre-filled entry file from an arXiv id or a BibTeX record"))
    meta_command.configure(
        add("meta", meta_command.run, "fetch stars, last commit, licence and archived flag of GitHub code links", own_format=True)
    )
    links_command.configure(add("links", links_command.run, "check that every URL of the list is alive", own_format=True))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `awesome-lam` and `python -m generator`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("awesome-lam: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the one place that turns bugs into one line
        print(
            shown(f"awesome-lam: internal error: {type(exc).__name__}: {exc} (this is a bug; please report it)"),
            file=sys.stderr,
        )
        if os.environ.get("AWESOME_LAM_DEBUG"):
            raise
        return EXIT_USAGE
