"""How likely a paper belongs in the list, from what the list itself knows, with the reasons.

Three signals, all from the list, none from a hand-kept word list or a downloaded model:

- **words**: how much more often the paper's words (and pairs of words) appear in what the list
  says than in the papers ranked with it. A word's weight is the log of that ratio of document
  frequencies (the list's documents: each listed work's title, brief, summary and tasks, each
  section's title and description, each task's name and the list's description; the papers':
  the window's titles and abstracts). A paper scores the mean of its WORD_TERMS best weights, so a
  paper of audio language models outranks one that only mentions speech once.
- **names**: names of listed works the paper's title or abstract mentions ("builds on Qwen2-Audio",
  "evaluated on MMAU"), none that more than NAME_SHARE of the window mentions;
- **like**: the paper's closeness (TF-IDF, cosine) to its NEIGHBOURS closest listed works, which
  also suggest the section and are named in the reasons.
`benchmarks/discover_benchmark.py` measures the ranking on recorded arXiv listings.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model.catalog import Catalog
from generator.model.entry import Entry

WEIGHTS = {"words": 0.85, "names": 0.15}
"""How much words and names count (LIKE_WEIGHT adds a little); chosen on the June 2025 listing, measured on October's."""
WORD_TERMS = 30
"""A paper's words score is the mean of this many of its best word weights."""
MIN_LIST_DOCUMENTS = 2
"""A word counts only when at least this many of the list's documents use it."""
FULL_SCORE = 1.2
"""The combined weight that scores 1; the best papers of a month weigh 1.0-1.2."""
NEIGHBOURS = 3
"""The closest listed works, which suggest the section and are named in the reasons."""
LIKE_WEIGHT = 0.1
"""How much the closeness of the NEIGHBOURS closest works adds: little, but it orders papers in a
window too small for word weights (a handful of papers, whose every word looks common)."""
NAME_SHARE = 0.05
"""A name mentioned by more than this share of the ranked papers counts for nothing (a common word)."""
MIN_NAME = 3
_WORD = re.compile(r"[a-z0-9]+")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Ranked:
    """A paper's score (0-1), the section its closest works suggest, and why it scored. Papers are
    ordered by `weight`, the combined signals before they are scaled and clipped to the score."""

    score: float
    weight: float
    section: str
    why: tuple[str, ...]
    like: tuple[str, ...]  # ids of the closest listed works


def words(text: str) -> list[str]:
    """Lower-case words and pairs of neighbouring words (`language model`)."""
    tokens = _WORD.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def work_text(entry: Entry, catalog: Catalog) -> str:
    """What a listed work says of itself: title, brief, summary and task names."""
    tasks = " ".join(catalog.taxonomy.tasks[t] for t in entry.tasks)
    return f"{entry.title} {entry.brief} {entry.summary} {tasks}"


def scope_texts(catalog: Catalog) -> list[str]:
    """What the list says it holds: its description, each section and each task."""
    return [catalog.info.description,
            *(f"{s.title} {s.description}" for s in catalog.taxonomy.sections),
            *catalog.taxonomy.tasks.values()]


def _vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    weighted = {w: (1 + math.log(n)) * idf.get(w, 0.0) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
    return {w: v / norm for w, v in weighted.items() if v}


class Ranker:
    """Scores papers against one catalog; built once per run (or per benchmark month)."""

    def __init__(self, catalog: Catalog, entries: Sequence[Entry] | None = None) -> None:
        self.entries = tuple(entries if entries is not None else catalog.entries)
        self._work_counts = [Counter(words(work_text(e, catalog))) for e in self.entries]
        documents = [set(c) for c in self._work_counts] + [set(words(t)) for t in scope_texts(catalog)]
        self._list_df = Counter(w for document in documents for w in document)
        self._list_size = len(documents)
        # A one-word name must be written as the list writes it ("Moshi", not "moshi"); longer names
        # match in any case. Indexed by their first word: a paper's words are read once.
        self._names: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        seen: set[tuple[str, ...]] = set()
        for entry in self.entries:
            tokens = tuple(_NAME_TOKEN.findall(entry.display_name))
            if len(tokens) > 1:
                tokens = tuple(t.lower() for t in tokens)
            if len("".join(tokens)) >= MIN_NAME and tokens not in seen:
                seen.add(tokens)
                self._names.setdefault(tokens[0], []).append((tokens, entry.display_name))

    def rank(self, papers: Sequence[tuple[str, str]]) -> list[Ranked]:
        """The ranking of each (title, abstract), in the order given."""
        paper_counts = [Counter(words(f"{title} {abstract}")) for title, abstract in papers]
        paper_df = Counter(w for counts in paper_counts for w in counts)
        weights = self._word_weights(paper_df, len(papers))
        idf = self._idf(paper_df, len(papers))
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, counts in enumerate(self._work_counts):
            for word, weight in _vector(counts, idf).items():
                postings.setdefault(word, []).append((index, weight))
        mentions = [self._mentions(f"{title} {abstract}") for title, abstract in papers]
        share = Counter(name for found in mentions for name in set(found))
        common = {name for name, n in share.items() if n > NAME_SHARE * max(len(papers), 1)}
        common_word = len(papers) / 2  # a word of half the papers ("and", "to") makes no phrase worth showing
        ranked = []
        for counts, found in zip(paper_counts, mentions, strict=True):
            best = heapq.nlargest(WORD_TERMS, ((weights[w], w) for w in counts if weights.get(w, 0.0) > 0))
            word_score = sum(weight for weight, _ in best) / WORD_TERMS
            named = [name for name in dict.fromkeys(found) if name not in common]
            closest = self._closest(_vector(counts, idf), postings)
            like = sum(s for s, _ in closest) / NEIGHBOURS
            combined = WEIGHTS["words"] * word_score + WEIGHTS["names"] * min(1.0, len(named) / 2) + LIKE_WEIGHT * like
            score = round(min(1.0, max(0.0, combined / FULL_SCORE)), 3)
            phrases = [w for _, w in best if " " in w and all(len(part) > 2 and paper_df[part] < common_word for part in w.split())]
            ranked.append(self._explain(score, combined, closest, named, phrases[:3]))
        return ranked

    def _word_weights(self, paper_df: Counter[str], papers: int) -> dict[str, float]:
        """Each word's log ratio of its share of the list's documents to its share of the papers."""
        list_size = self._list_size
        return {w: math.log(((self._list_df[w] + 1) / (list_size + 2)) / ((n + 1) / (papers + 2)))
                for w, n in paper_df.items() if self._list_df[w] >= MIN_LIST_DOCUMENTS}

    def _idf(self, paper_df: Counter[str], papers: int) -> dict[str, float]:
        total = len(self._work_counts) + papers
        df = Counter(w for counts in self._work_counts for w in counts)
        df.update(paper_df)
        return {w: math.log((total + 1) / (n + 1)) for w, n in df.items() if n > 1}  # a word of one text links nothing

    def _closest(self, vector: dict[str, float], postings: dict[str, list[tuple[int, float]]]) -> list[tuple[float, int]]:
        sums: dict[int, float] = {}
        for word, weight in vector.items():
            for index, other in postings.get(word, ()):
                sums[index] = sums.get(index, 0.0) + weight * other
        return heapq.nlargest(NEIGHBOURS, ((s, i) for i, s in sums.items()))

    def _mentions(self, text: str) -> list[str]:
        tokens = _NAME_TOKEN.findall(text)
        lower = [t.lower() for t in tokens]
        found = []
        for i, token in enumerate(tokens):
            for key, within in ((token, tokens), (lower[i], lower)):
                for name_tokens, name in self._names.get(key, ()):
                    if (len(name_tokens) == 1) == (within is tokens) and tuple(within[i:i + len(name_tokens)]) == name_tokens:
                        found.append(name)
        return found

    def _explain(self, score: float, weight: float, closest: list[tuple[float, int]], named: list[str], phrases: list[str]) -> Ranked:
        votes: dict[str, float] = {}
        for similarity, index in closest:
            for section in self.entries[index].sections:
                votes[section] = votes.get(section, 0.0) + similarity
        section = max(votes, key=votes.__getitem__) if votes else ""
        why: list[str] = []
        if named:
            why.append("names " + ", ".join(named[:4]))
        near = [self.entries[i] for s, i in closest if s > 0.05]
        if near:
            why.append("like " + ", ".join(e.display_name for e in near))
        if phrases:
            why.append("speaks of " + ", ".join(phrases))
        return Ranked(score, weight, section, tuple(why), tuple(e.id for e in near))
