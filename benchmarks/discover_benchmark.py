"""How well `awesome-lam discover` ranks a month of arXiv: precision and recall of its top 20 and top 50.

    .venv/bin/python benchmarks/discover_benchmark.py

For each recorded month (benchmarks/fixtures/arxiv-listing-YYYY-MM.jsonl.gz: every paper announced
in cs.SD or eess.AS that month, cross-lists included; benchmarks/fixtures/README.md says where the
records come from), the list is taken as it stood before that month: only its works dated before
the month (and with an arXiv id of an earlier month) feed the ranking. The positives are the list's
works with an arXiv id of that month that the listing holds: what the list went on to add. The
whole listing is ranked as `discover` ranks a window (rank.Ranker), and the top 20 and top 50 are
compared with the positives. The weights of rank.WEIGHTS were chosen on June 2025; October 2025 is
the month they were not chosen on.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CUTS = (20, 50)


def main() -> int:
    sys.path.insert(0, str(REPO))
    from generator.core.catalog import load_catalog
    from generator.features.discover.rank import Ranker

    catalog = load_catalog(REPO)
    print(f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"List: {len(catalog.entries)} works at {REPO}\n")
    print("| Month | Papers | Positives (not in the listing) | Works known before | " +
          " | ".join(f"P@{n} | R@{n}" for n in CUTS) + " | Chance P | Seconds |")
    print("| --- | ---: | ---: | ---: | " + " | ".join("---: | ---:" for _ in CUTS) + " | ---: | ---: |")
    for fixture in sorted(FIXTURES.glob("arxiv-listing-*.jsonl.gz")):
        month = fixture.name.removeprefix("arxiv-listing-").removesuffix(".jsonl.gz")
        papers = [json.loads(line) for line in gzip.open(fixture, "rt", encoding="utf-8")]
        prefix = month[2:4] + month[5:7]  # 2025-10 -> 2510
        before = [e for e in catalog.entries if str(e.date) < month and (not e.arxiv or e.arxiv[:4] < prefix)]
        wanted = {e.arxiv for e in catalog.entries if e.arxiv.startswith(prefix + ".")}
        listed = {p["arxiv"] for p in papers}
        positives = wanted & listed
        started = time.perf_counter()
        ranked = Ranker(catalog, before).rank([(p["title"], p["summary"]) for p in papers])
        seconds = time.perf_counter() - started
        order = [p["arxiv"] for _, p in sorted(zip(ranked, papers, strict=True), key=lambda pair: -pair[0].weight)]
        cells = []
        for n in CUTS:
            hits = len(positives & set(order[:n]))
            cells += [f"{hits / n:.0%}", f"{hits / len(positives):.0%}" if positives else "-"]
        print(f"| {month} | {len(papers)} | {len(positives)} ({len(wanted - listed)}) | {len(before)} | " + " | ".join(cells)
              + f" | {len(positives) / len(papers):.0%} | {seconds:.1f} |")
        if "-v" in sys.argv:
            for rank, arxiv in enumerate(order[:50], 1):
                mark = "*" if arxiv in positives else " "
                paper = next(p for p in papers if p["arxiv"] == arxiv)
                print(f"  {rank:2d}{mark} {arxiv} {paper['title'][:90]}")
            missed = positives - set(order[:50])
            print("  missed:", ", ".join(f"{a} (rank {order.index(a) + 1})" for a in sorted(missed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
