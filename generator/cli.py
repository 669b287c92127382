"""The `awesome-lam` command line: one registry of commands, one error model, one output vocabulary.

Every command takes `--root`, `--format` (among the formats it supports), `--quiet` and
`--verbose`, before or after its name. Commands return an exit code or raise a `LamError`,
which `main` turns into one line and its code (generator/lib/errors.py lists the codes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.core.catalog import InvalidList, load_catalog
from generator.core.load import ENTRIES_DIR, entry_files, relative_path
from generator.core.rules.files import GENERATED_FILE
from generator.core.rules.registry import selected, unknown_rules
from generator.core.validate import all_rules
from generator.features.discover import command as discover_command
from generator.features.links import command as links_command
from generator.features.meta import command as meta_command
from generator.features.new import command as new_command
from generator.lib.console import Console
from generator.lib.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, LamError, UsageError
from generator.lib.files import Output, build_lock, stale_outputs, write_outputs
from generator.lib.text import did_you_mean, shown
from generator.model.catalog import Catalog
from generator.model.problems import ERROR, Problem, count_line, format_problems
from generator.outputs.markdown import md_quote, md_summary
from generator.outputs.readme import entry_lines, repository_documents
from generator.outputs.templates import templates_dir

FORMATS = ("text", "json", "github", "markdown")
"""Every output format a command may offer; each command names the ones it has (`Command.formats`)."""


def console(args: argparse.Namespace) -> Console:
    """The console of this run: `awesome-lam` (or `awesome-lam links`) at the verbosity asked for."""
    prefix = "awesome-lam" if args.command in ("build", "check", "validate", "show", "rules", "stats", "new") else f"awesome-lam {args.command}"
    return Console(prefix, args.verbosity)


def report(problems: list[Problem], fmt: str, out: Console) -> None:
    """Print problems in the chosen format; under GitHub Actions also as annotations."""
    if fmt == "json":
        print(format_problems(problems, "json"))
        return
    print(format_problems(problems, "github" if fmt == "github" else "text"), file=sys.stderr)
    if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        print(format_problems(problems, "github"), file=sys.stderr)
    out.error(count_line(problems))


def load_or_report(args: argparse.Namespace) -> Catalog | None:
    try:
        return load_catalog(args.root)
    except InvalidList as invalid:
        report(invalid.problems, args.format, console(args))
        return None


def documents(args: argparse.Namespace, catalog: Catalog) -> list[Output]:
    """The generated documents `build` writes and `check` compares (repository_documents)."""
    return repository_documents(catalog, templates_dir(args.root))


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then write README.md, its timeline images and CONTRIBUTING.md (atomically, only when changed)."""
    if not (args.root / ENTRIES_DIR).is_dir():
        load_or_report(args)  # reports the missing folder; nothing is created
        return EXIT_PROBLEMS
    with build_lock(args.root):
        started = time.perf_counter()
        catalog = load_or_report(args)
        if catalog is None:
            console(args).error("nothing written: fix the problems above and run `awesome-lam build` again")
            return EXIT_PROBLEMS
        changed = write_outputs(args.root, documents(args, catalog))
    what = f"wrote {', '.join(changed)}" if changed else "nothing changed"
    console(args).say(f"{len(catalog.entries)} entries; {what} in {time.perf_counter() - started:.2f} s{_warnings(catalog)}")
    return EXIT_OK


def _warnings(catalog: Catalog) -> str:
    """`; 3 warning(s): ...` when the warning rules found something, else ''."""
    return f"; {len(catalog.warnings)} warning(s) (`awesome-lam validate` shows them)" if catalog.warnings else ""


def cmd_check(args: argparse.Namespace) -> int:
    """Validate, then fail when a generated file differs from what `build` writes."""
    catalog = load_or_report(args)
    if catalog is None:
        return EXIT_PROBLEMS
    stale = stale_outputs(args.root, documents(args, catalog))
    if stale:
        problems = [GENERATED_FILE.problem(path, 1, "generated", "is out of date with entries/; run `awesome-lam build` and commit it")
                    for path in stale]
        report(problems, args.format, console(args))
        return EXIT_PROBLEMS
    console(args).say(f"{len(catalog.entries)} entries valid; generated files are up to date{_warnings(catalog)}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate all entries, or report only on the given files and folders (cross-entry rules still
    apply); --select and --ignore choose rules by id. Warnings are shown and fail nothing."""
    for option in ("select", "ignore"):
        unknown = unknown_rules(getattr(args, option))
        if unknown:
            raise UsageError(f"--{option} {unknown[0]}: no rule has this id{did_you_mean(unknown[0], [r.id for r in all_rules()])} "
                             "(`awesome-lam rules` lists them)")
    files: set[str] = set()
    folders: list[str] = []
    for name in args.paths:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"no such file or folder: {name}")
        try:
            rel = path.resolve().relative_to(args.root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{name} is not inside the list root {args.root}") from None
        if path.is_dir() and (rel == ENTRIES_DIR or rel.startswith(f"{ENTRIES_DIR}/")):
            folders.append(f"{rel}/")
        elif rel.startswith((f"{ENTRIES_DIR}/", "data/")) and rel.endswith((".md", ".yml")):
            files.add(rel)
        else:
            raise UsageError(f"{name} is not a file of the list; give entry files (entries/<section>/<id>.md), data files or folders under entries/")

    def wanted(rel: str) -> bool:
        return not args.paths or rel in files or f"{rel}/".startswith(tuple(folders))

    try:
        catalog: Catalog | None = load_catalog(args.root)
        problems = list(catalog.warnings) if catalog else []
    except InvalidList as invalid:
        catalog, problems = None, invalid.problems
    problems = [p for p in selected(problems, args.select, args.ignore) if wanted(p.path)]
    if problems:
        report(problems, args.format, console(args))
    elif args.format == "json":
        print("[]")
    if any(p.severity == ERROR for p in problems):
        return EXIT_PROBLEMS
    if not args.paths:
        console(args).say(f"{len(catalog.entries) if catalog else 0} entries valid")
    else:
        inside = [*entry_files(args.root), *args.root.glob(f"{ENTRIES_DIR}/**/*.yml")] if folders else []
        console(args).say(f"{len(files | {rel for path in inside if wanted(rel := relative_path(path, args.root))})} file(s) valid")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Each given entry's lines in the README that `build` makes of the list as it is (read by the
    list's own loader, never by a YAML parse of its own): what a reviewer of a pull request sees."""
    paths = [_entry_path(args.root, name) for name in args.paths]
    try:
        catalog: Catalog | None = load_catalog(args.root)
    except InvalidList:
        catalog = None
    lines = entry_lines(catalog, templates_dir(args.root), paths) if catalog else {path: [] for path in paths}
    if catalog is None:
        missing = "not in the README: the list has problems (`awesome-lam validate` shows them)"
    else:
        missing = "no line of its own in the README: the survey (shown at its top), or not an entry of the list"
    if args.format == "json":
        print(json.dumps({"readme": catalog is not None, "entries": lines}, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        for path in paths:
            print(f"### {md_quote(path)}\n\n" + ("\n".join(lines[path]) if lines[path] else f"_{missing[0].upper()}{missing[1:]}._") + "\n")
    else:
        for path in paths:
            print("\n".join([f"{shown(path)}:", *(f"  {shown(line)}" for line in lines[path] or [f"({missing})"])]))
    if catalog is None:
        console(args).error("the list has problems; `awesome-lam validate` shows them")
        return EXIT_PROBLEMS
    return EXIT_OK


def _entry_path(root: Path, name: str) -> str:
    """An entry file given on the command line, as a path relative to the list root (UsageError otherwise)."""
    path = Path(name)
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{name} is not inside the list root {root}") from None
    if not (rel.startswith(f"{ENTRIES_DIR}/") and rel.endswith(".md") and path.is_file()):
        raise UsageError(f"{name} is not an entry file; give entry files (entries/<section>/<id>.md)")
    return rel


def cmd_rules(args: argparse.Namespace) -> int:
    """Every rule: id, severity, whether an entry may ignore it, and what it asks."""
    rules = all_rules()
    if args.format == "json":
        print(json.dumps([{"id": r.id, "severity": r.severity, "ignorable": r.ignorable, "description": r.description} for r in rules],
                         indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print("| Rule | Severity | Can be ignored | What it asks |\n| --- | --- | --- | --- |")
        print("\n".join(f"| `{r.id}` | {r.severity} | {'yes' if r.ignorable else 'no'} | {md_summary(r.description)} |" for r in rules))
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            flags = r.severity + ("" if r.ignorable else ", cannot be ignored")
            print(f"{r.id.ljust(width)}  {flags}\n{' ' * width}  {r.description}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts by section, kind, task and year; entries with code; newest additions."""
    from generator.outputs.stats import catalog_stats, format_stats

    catalog = load_or_report(args)
    if catalog is None:
        return EXIT_PROBLEMS
    stats = catalog_stats(catalog, newest=args.newest)
    print(json.dumps(stats, indent=2, ensure_ascii=False) if args.format == "json" else format_stats(stats))
    return EXIT_OK


def _count(text: str) -> int:
    """A count of at least 1 for --newest (argparse type)."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 10000, got {text!r}")
    return int(text)


def _rule_ids(text: str) -> list[str]:
    """`a,b` -> [a, b] (argparse type of --select and --ignore)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="entry files or folders to report on (default: all)")
    parser.add_argument("--select", type=_rule_ids, action="extend", default=[], metavar="ID[,ID]",
                        help="report only these rules (`awesome-lam rules` lists them)")
    parser.add_argument("--ignore", type=_rule_ids, action="extend", default=[], metavar="ID[,ID]",
                        help="do not report these rules")


def _configure_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="entry files to show")


def _configure_stats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--newest", type=_count, default=10, metavar="N", help="how many newest additions to list (default 10)")


@dataclass(frozen=True)
class Command:
    """One subcommand: what it does, how it runs, its own options and the formats it prints."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    formats: tuple[str, ...] = ("text", "github", "json")
    configure: Callable[[argparse.ArgumentParser], None] | None = None


COMMANDS: tuple[Command, ...] = (
    Command("build", "validate entries, then write README.md and CONTRIBUTING.md", cmd_build),
    Command("check", "validate entries and fail if README.md or CONTRIBUTING.md is stale", cmd_check),
    Command("validate", "validate all entries, or report only on the given files", cmd_validate, configure=_configure_validate),
    Command("show", "each given entry's lines in the README built from the list", cmd_show, ("text", "markdown", "json"),
            _configure_show),
    Command("rules", "list every rule the checks apply: id, severity, description", cmd_rules, ("text", "json", "markdown")),
    Command("stats", "counts by section, kind, task and year; newest additions", cmd_stats, ("text", "json"), _configure_stats),
    Command("new", "write a pre-filled entry file from an arXiv id or a BibTeX record", new_command.run, ("text", "json"),
            new_command.configure),
    Command("meta", "fetch stars, last commit, licence and archived flag of GitHub code links", meta_command.run,
            meta_command.FORMATS, meta_command.configure),
    Command("links", "check that every URL of the list is alive", links_command.run, links_command.FORMATS,
            links_command.configure),
    Command("discover", "rank the papers of a recent window on arXiv that the list may be missing", discover_command.run,
            discover_command.FORMATS, discover_command.configure),
)


def _common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """--root, --format, --quiet and --verbose, accepted before or after the subcommand."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument("--root", type=Path, default=default(Path(".")), metavar="DIR",
                        help="the list's root folder, holding entries/ (default: current directory)")
    parser.add_argument("--format", choices=FORMATS, default=default("text"),
                        help="how to print problems and results (default: text; each command lists the ones it has)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=default(0),
                          help="print only problems and results, no status lines")
    loudness.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=default(0),
                          help="also print details of the run")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="awesome-lam", description="Build, check and maintain the awesome list of Large Audio Models.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, suppress=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        description = f"{command.help}. Formats: {', '.join(command.formats)}."
        sub = subparsers.add_parser(command.name, help=command.help, description=description)
        _common_options(sub, suppress=True)
        if command.configure is not None:
            command.configure(sub)
        sub.set_defaults(command_spec=command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `awesome-lam` and `python -m generator`."""
    args = build_parser().parse_args(argv)
    command: Command = args.command_spec
    args.console = console(args)
    try:
        if args.format not in command.formats:
            raise UsageError(f"--format {args.format} is not offered by `{command.name}`; use one of {', '.join(command.formats)}")
        return command.run(args)
    except LamError as exc:
        if str(exc):
            args.console.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        args.console.error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the one place that turns bugs into one line
        print(shown(f"awesome-lam: internal error: {type(exc).__name__}: {exc} (this is a bug; please report it)"), file=sys.stderr)
        if os.environ.get("AWESOME_LAM_DEBUG"):
            raise
        return EXIT_INTERNAL
