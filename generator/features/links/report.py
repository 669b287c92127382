"""Render a run: text, JSON, Markdown (issues, job summaries) or GitHub annotations."""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.features.links.checker import BROKEN, OK, REDIRECTED, UNSURE, VERDICTS, Result, without_fragment
from generator.features.links.sources import Occurrence
from generator.lib.text import github_escape, shown
from generator.outputs.markdown import md_link, md_quote, md_text

_SEVERITY = {BROKEN: "error", UNSURE: "warning", REDIRECTED: "notice"}


@dataclass(frozen=True)
class Summary:
    checked: int
    counts: dict[str, int]
    from_cache: int
    seconds: float

    def line(self) -> str:
        parts = [f"{self.counts[v]} {v}" for v in VERDICTS]
        return (f"{self.checked} URLs checked: {', '.join(parts)}; "
                f"{self.from_cache} from cache; {self.seconds:.1f} s")


def summarize(results: dict[str, Result], seconds: float) -> Summary:
    counts = {verdict: 0 for verdict in VERDICTS}
    for result in results.values():
        counts[result.verdict] += 1
    cached = sum(r.from_cache for r in results.values())
    return Summary(len(results), counts, cached, seconds)


def problems(occurrences: list[Occurrence], results: dict[str, Result]) -> list[tuple[Occurrence, Result]]:
    """Every occurrence whose URL is not plainly ok, in file and line order."""
    pairs = [(o, results[without_fragment(o.url)]) for o in sorted(set(occurrences))]
    return [(o, r) for o, r in pairs if r.verdict != OK]


def _text(pairs: list[tuple[Occurrence, Result]], summary: Summary) -> str:
    lines = [shown(f"{o.path}:{o.line}: {o.url}: {r.verdict} ({r.reason})") for o, r in pairs]  # reasons quote servers
    return "\n".join([*lines, summary.line()])


def _json(pairs: list[tuple[Occurrence, Result]], summary: Summary) -> str:
    document = {
        "summary": {"checked": summary.checked, **summary.counts,
                    "from_cache": summary.from_cache, "seconds": round(summary.seconds, 3)},
        "problems": [
            {"path": o.path, "line": o.line, "url": o.url, "verdict": r.verdict, "reason": r.reason,
             "status": r.status, "final_url": r.final_url, "from_cache": r.from_cache}
            for o, r in pairs
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _cell(text: str) -> str:
    """Text for a table cell of the issue body: ours, escaped."""
    return md_text(shown(text))


def _quoted_cell(text: str) -> str:
    """A reason for a table cell of the issue body: it quotes servers (a redirect target), so it is
    shown as code, where no `@mention` or `#123` reference notifies anyone and no markup works."""
    return md_quote(shown(text), in_table=True)


def _markdown(pairs: list[tuple[Occurrence, Result]], summary: Summary) -> str:
    out = ["## Link check", "", "| checked | " + " | ".join(VERDICTS) + " | from cache | seconds |",
           "|---:|" + "---:|" * len(VERDICTS) + "---:|---:|",
           f"| {summary.checked} | " + " | ".join(str(summary.counts[v]) for v in VERDICTS)
           + f" | {summary.from_cache} | {summary.seconds:.1f} |", ""]
    if not pairs:
        return "\n".join([*out, "No problems found."])
    out += ["| file | URL | verdict | reason |", "|---|---|---|---|"]
    out += [f"| {_cell(f'{o.path}:{o.line}')} | {md_link(o.url, o.url)} | **{r.verdict}** | {_quoted_cell(r.reason)} |" for o, r in pairs]
    return "\n".join(out)


def _github(pairs: list[tuple[Occurrence, Result]], summary: Summary) -> str:
    lines = [
        f"::{_SEVERITY[r.verdict]} file={github_escape(o.path)},line={o.line},"
        f"title={github_escape('link ' + r.verdict)}::{github_escape(shown(f'{o.url}: {r.reason}'), data=True)}"
        for o, r in pairs
    ]
    return "\n".join([*lines, summary.line()])


_RENDERERS = {"text": _text, "json": _json, "markdown": _markdown, "github": _github}


def render(fmt: str, occurrences: list[Occurrence], results: dict[str, Result], summary: Summary) -> str:
    """The whole report in one of `FORMATS`."""
    return _RENDERERS[fmt](problems(occurrences, results), summary)

