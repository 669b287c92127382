"""`awesome-lam new`: options, and a run from an arXiv id or BibTeX record to a new entry file."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
from pathlib import Path

from generator.core.checks import MAX_SLUG, SLUG_RE
from generator.core.datafiles import validate_taxonomy
from generator.core.identity import Identity, first_clash, read_identities
from generator.core.load import ENTRIES_DIR, TAXONOMY_FILE, entry_files, read_yaml_file, relative_path
from generator.features.new import arxiv
from generator.features.new.entry_file import PLACEHOLDER_MARK, checked_work, entry_id_for, render_entry, self_check
from generator.features.new.work import ScaffoldError, Work, shown
from generator.lib.errors import EXIT_USAGE
from generator.lib.files import write_atomic
from generator.lib.settings import SettingsError, parse_duration
from generator.lib.text import suggest
from generator.model.taxonomy import Section, Taxonomy

DEFAULT_TIMEOUT = 15.0


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `awesome-lam new`."""
    parser.add_argument("reference", nargs="?", metavar="ARXIV_ID_OR_URL",
                        help="arXiv id (2305.11000, 2305.11000v2, cs/0112017) or arxiv.org abs/pdf URL")
    parser.add_argument("--from-bibtex", type=Path, metavar="FILE",
                        help="take the metadata from one BibTeX record instead of the arXiv API")
    parser.add_argument("--section", metavar="SECTION", help="the work's main section: the folder to write to (required)")
    parser.add_argument("--kind", metavar="KIND", help="what the work is (default: paper; dataset in datasets)")
    parser.add_argument("--id", dest="entry_id", metavar="ID", help="the entry id and file name (default: from the title)")
    parser.add_argument("--api-url", metavar="URL",
                        help=f"arXiv API base URL (default: ${arxiv.API_ENV}, else {arxiv.DEFAULT_API})")
    parser.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait for the arXiv API (default: {DEFAULT_TIMEOUT:g})")


def run(args: argparse.Namespace) -> int:
    """Write entries/<section>/<id>.md; exit 1 when it cannot (duplicate, arXiv failure), 2 on usage errors."""
    root = Path(args.root)
    rel = create(args, root, dt.date.today())
    shown = root / rel
    if args.format == "json":
        print(json.dumps({"path": shown.as_posix(), "id": Path(rel).stem, "section": Path(rel).parent.name}))
        return 0
    root_option = "" if root == Path(".") else f" --root {shlex.quote(str(root))}"
    print(f"awesome-lam: wrote {shown}")
    print("Next steps:")
    print(f"  1. Edit it: replace the '<!-- {PLACEHOLDER_MARK} ... -->' comment with one to three sentences")
    print("     in your own words, fill in tasks, and check every pre-filled value.")
    print(f"  2. awesome-lam{root_option} validate {shlex.quote(str(shown))}")
    print(f"  3. Open a pull request with {shlex.quote(str(shown))} alone: README.md is regenerated on main after the merge.")
    return 0


def create(args: argparse.Namespace, root: Path, today: dt.date) -> str:
    """Check the request, gather the metadata, refuse duplicates, write the file; its path from the root."""
    if bool(args.reference) == bool(args.from_bibtex):
        raise ScaffoldError("give an arXiv id or URL, or --from-bibtex FILE (one of them)", EXIT_USAGE)
    taxonomy = _taxonomy(root)
    section = _section(args.section, taxonomy)
    kind = args.kind or (section.kinds[0] if section.kinds else "paper")
    if kind not in taxonomy.kinds:
        raise ScaffoldError(f"unknown kind '{shown(kind)}'{suggest(kind, taxonomy.kinds)}", EXIT_USAGE)
    if args.entry_id is not None and (not SLUG_RE.match(args.entry_id) or len(args.entry_id) > MAX_SLUG):
        raise ScaffoldError(f"--id '{shown(args.entry_id)}' is not an entry id: use lowercase letters, digits and hyphens", EXIT_USAGE)
    listed = read_identities(root)
    work = _from_bibtex(args.from_bibtex, today) if args.from_bibtex else _from_arxiv(args, listed, today)
    _refuse_duplicate(listed, Identity("", "", work.arxiv, work.title, {"links.paper": work.paper_url}))
    entry_id = args.entry_id or entry_id_for(work.title)
    taken = next((relative_path(p, root) for p in entry_files(root) if p.stem == entry_id), None)
    rel = f"{ENTRIES_DIR}/{section.id}/{entry_id}.md"
    if taken or (root / rel).exists():
        raise ScaffoldError(f"{taken or rel} already exists; not overwriting it (choose another --id)")
    text = render_entry(work, kind, taxonomy, today)
    self_check(text, rel, taxonomy, today)
    write_atomic(root / rel, text)
    return rel


def _from_arxiv(args: argparse.Namespace, listed: list[Identity], today: dt.date) -> Work:
    """Parse the id, refuse a listed one before asking arXiv, then fetch and check the values."""
    arxiv_id = arxiv.parse_reference(args.reference)
    _refuse_duplicate(listed, Identity("", "", arxiv_id))
    api_url = args.api_url or os.environ.get(arxiv.API_ENV) or arxiv.DEFAULT_API
    work = arxiv.fetch(arxiv_id, api_url, args.timeout)
    try:
        return checked_work(work, today, "write the entry from a corrected record with --from-bibtex FILE")
    except ScaffoldError as exc:
        raise ScaffoldError(f"the arXiv API at {api_url}, paper {arxiv_id}: {exc}") from None


def _from_bibtex(path: Path, today: dt.date) -> Work:
    """Read the file (at most MAX_BIBTEX_BYTES, UTF-8), parse its record, check the values."""
    from generator.features.new.bibtex import MAX_BIBTEX_BYTES, parse_bibtex  # bibtexparser and pylatexenc: here, only when asked

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BIBTEX_BYTES + 1)
    except FileNotFoundError:
        raise ScaffoldError(f"no such file: {path}", EXIT_USAGE) from None
    except OSError as exc:
        raise ScaffoldError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BIBTEX_BYTES:
        raise ScaffoldError(f"{path} is larger than {MAX_BIBTEX_BYTES // 1024} KiB; keep only the record to add")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{path} is not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None
    try:
        return checked_work(parse_bibtex(text), today, "correct it in the file")
    except ScaffoldError as exc:
        raise ScaffoldError(f"{path}: {exc}", exc.exit_code) from None


def _refuse_duplicate(listed: list[Identity], candidate: Identity) -> None:
    """ScaffoldError naming the entry that already has this arXiv id, title or paper URL."""
    clash = first_clash(candidate, listed)
    if clash:
        what, work = clash
        same = {"the same arXiv id": f"arXiv {candidate.arxiv}", "the same title": f"'{shown(candidate.title)}'"}.get(
            what, shown(candidate.urls.get("links.paper", ""))
        )
        raise ScaffoldError(f"{same} is already listed: {work.path}; one entry per work (edit that file)")


def _taxonomy(root: Path) -> Taxonomy:
    path = root / TAXONOMY_FILE
    if not path.is_file():
        raise ScaffoldError(f"no {TAXONOMY_FILE} under {root}; is --root the list's folder?", EXIT_USAGE)
    doc = read_yaml_file(path, root)
    taxonomy = validate_taxonomy(doc) if not doc.problems else None
    if taxonomy is None:
        raise ScaffoldError(f"{TAXONOMY_FILE} has problems; run `awesome-lam validate` to see them")
    return taxonomy


def _section(section_id: str | None, taxonomy: Taxonomy) -> Section:
    if not section_id:
        raise ScaffoldError(f"give the work's main section with --section, one of: {', '.join(taxonomy.section_ids)}", EXIT_USAGE)
    try:
        return taxonomy.section(section_id)
    except KeyError:
        raise ScaffoldError(f"unknown section '{shown(section_id)}'{suggest(section_id, taxonomy.section_ids)}", EXIT_USAGE) from None


def _seconds(text: str) -> float:
    """A number of seconds for --timeout (a duration such as 30 or 2m, up to an hour)."""
    try:
        return parse_duration(text, "--timeout", minimum=0.001, maximum=3600)
    except SettingsError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--timeout: ")) from None
