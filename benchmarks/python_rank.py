"""Could search rank in Python, exactly as FTS5 does, fast enough? A probe (issue 16).

    .venv/bin/python benchmarks/python_rank.py DATA_DIR      # a synced 10,000-article library

FTS5 computes bm25 for every row that matches (benchmarks/README.md, "Where
the time goes"); engines that stop early (Xapian, tantivy) are 30-50x faster.
This probe builds, in memory, what such an engine would keep: for each word
of the library, the articles holding it with FTS5's own weighted frequency
(title x10, summary, details) and each article's length from FTS5's
`docsize` table. It then ranks the plans the app makes (`plan_query`) for the
20 typical queries of search_bench.py two ways, and checks each top 20
against FTS5's (same articles in the same order, scores within 1e-9):

- `all postings`: bm25 summed over every article holding a query word,
  term at a time, in dicts (what FTS5 does, in Python);
- `top r`: the first r articles of each word's list ordered by bm25 weight,
  scored exactly, kept only when the 20th score is at least the most any
  article outside the lists could score; r x4 until it is (threshold
  algorithm).

Side by side in the same process, per query: FTS5 ranked (row ids) and the
app's ranked path with snippets (`search._hits`). The words are cut with the
same pattern as search.py (`[^\\W_]+`, lower case); the probe stops if any
word's article count differs from FTS5's own vocabulary.
"""

from __future__ import annotations

import collections
import heapq
import math
import re
import statistics
import sys
import time
from array import array
from bisect import bisect_left
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from search_bench import QUERIES  # noqa: E402

from reader.core.library.forgiving import plan_query  # noqa: E402
from reader.core.library.search import _hits  # noqa: E402
from reader.core.library.store import open_library  # noqa: E402
from reader.core.library.synonyms import synonyms_of  # noqa: E402
from reader.core.library.vocabulary import vocabulary_of  # noqa: E402

K1, B = 1.2, 0.75  # FTS5's bm25 constants
WEIGHTS = (10, 1, 1)  # title, summary, details: the app's rank setting
_WORD = re.compile(r"[^\W_]+")
_ALTERNATIVE = re.compile(r'"((?:[^"]|"")*)"(\*?)|(\()|(\))')


def varints(blob: bytes) -> list[int]:
    """SQLite's big-endian varints (FTS5's docsize records)."""
    out, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            out.append(value)
            value = 0
    return out


class Postings:
    """Each word's articles (row id order) with FTS5's weighted frequency; article lengths."""

    def __init__(self, conn) -> None:
        lists: dict[str, tuple[list[int], list[int]]] = {}
        rows = conn.execute("SELECT rowid, title, search_summary, search_details FROM articles")
        for rowid, *columns in rows:
            freq: collections.Counter = collections.Counter()
            for weight, text in zip(WEIGHTS, columns, strict=True):
                for word, n in collections.Counter(_WORD.findall(text.lower())).items():
                    freq[word] += weight * n
            for word, n in freq.items():
                docs, freqs = lists.setdefault(word, ([], []))
                docs.append(rowid)
                freqs.append(n)
        sizes = conn.execute("SELECT id, sz FROM articles_fts_docsize").fetchall()
        sizes = {rowid: sum(varints(blob)) for rowid, blob in sizes}
        self.n = len(sizes)
        avgdl = sum(sizes.values()) / self.n
        self.k = [0.0] * (max(sizes) + 1)
        for rowid, size in sizes.items():
            self.k[rowid] = K1 * (1 - B + B * size / avgdl)
        self.docs = {w: array("i", d) for w, (d, _) in lists.items()}
        self.freqs = {w: array("i", f) for w, (_, f) in lists.items()}
        # Per word, its articles by f / (f + K): bm25's weight without the IDF.
        self.by_weight = {}
        for word, docs in self.docs.items():
            weights = [f / (f + self.k[d]) for d, f in zip(docs, self.freqs[word], strict=True)]
            order = sorted(range(len(docs)), key=lambda i: (-weights[i], docs[i]))
            ordered = array("i", [docs[i] for i in order])
            self.by_weight[word] = (ordered, [weights[i] for i in order])

    def idf(self, hits: int) -> float:
        idf = math.log((self.n - hits + 0.5) / (hits + 0.5))
        return idf if idf > 0 else 1e-6  # FTS5's floor

    def freq(self, word: str, rowid: int) -> int:
        docs = self.docs[word]
        i = bisect_left(docs, rowid)
        return self.freqs[word][i] if i < len(docs) and docs[i] == rowid else 0


def phrases_of(expression: str, vocabulary, postings: Postings) -> list:
    """The plan's FTS5 expression as groups (AND) of phrases (OR): (IDF x (k1 + 1), words)."""
    groups: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] | None = None
    for match in _ALTERNATIVE.finditer(expression):
        text, star, opening, closing = match.groups()
        if opening:
            current = []
        elif closing:
            groups.append(current or [])
            current = None
        elif current is not None:
            current.append((text.replace('""', '"'), bool(star)))
        else:
            groups.append([(text.replace('""', '"'), bool(star))])
    out = []
    for group in groups:
        phrases = []
        for text, prefix in group:
            if " " in text:
                raise ValueError(f"a phrase: {text!r}")
            words = vocabulary._starting_with(text) if prefix else [text]
            words = [w for w in words if w in postings.docs]
            if words:
                hits = len(set().union(*(postings.docs[w] for w in words)))
                phrases.append((postings.idf(hits) * (K1 + 1), words))
        out.append(phrases)
    return out


def exact_score(rowid: int, groups, postings: Postings) -> float | None:
    total = 0.0
    for phrases in groups:
        in_group = 0.0
        for weight, words in phrases:
            f = sum(postings.freq(w, rowid) for w in words)
            if f:
                in_group += weight * f / (f + postings.k[rowid])
        if not in_group:
            return None  # every group must match (AND)
        total += in_group
    return total


def rank_all(groups, postings: Postings, limit: int = 20) -> list[tuple[int, float]]:
    per_group = []
    for phrases in groups:
        scores: dict[int, float] = {}
        for weight, words in phrases:
            f: dict[int, int] = {}
            for w in words:
                for d, n in zip(postings.docs[w], postings.freqs[w], strict=True):
                    f[d] = f.get(d, 0) + n
            for d, n in f.items():
                scores[d] = scores.get(d, 0.0) + weight * n / (n + postings.k[d])
        per_group.append(scores)
    per_group.sort(key=len)
    total = per_group[0]
    for other in per_group[1:]:
        total = {d: s + other[d] for d, s in total.items() if d in other}
    return heapq.nlargest(limit, total.items(), key=lambda kv: (kv[1], -kv[0]))


def rank_top_r(groups, postings: Postings, limit: int = 20) -> tuple[list[tuple[int, float]], int]:
    r = 32
    while True:
        seen: set[int] = set()
        bound = 0.0
        for phrases in groups:
            for weight, words in phrases:
                for w in words:
                    docs, weights = postings.by_weight[w]
                    seen.update(docs[:r])
                    if len(docs) > r:
                        bound += weight * weights[r]
        scored = sorted(
            ((s, -d) for d in seen if (s := exact_score(d, groups, postings)) is not None),
            reverse=True,
        )
        if not bound or (len(scored) >= limit and scored[limit - 1][0] >= bound):
            return [(-d, s) for s, d in scored[:limit]], r
        r *= 4


def timed(fn, runs: int = 5) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    library = open_library(Path(sys.argv[1]), create=False)
    conn = library.conn
    start = time.perf_counter()
    postings = Postings(conn)
    built = time.perf_counter() - start
    vocabulary = vocabulary_of(library, conn)
    wrong = [w for w, docs in postings.docs.items() if vocabulary.docs.get(w) != len(docs)]
    if wrong or len(postings.docs) != len(vocabulary.docs):
        sys.exit(f"the words disagree with FTS5's: {wrong[:5]}")
    synonyms = synonyms_of(library, lambda: library.meta().synonyms, vocabulary.stamp)
    ids = dict(conn.execute("SELECT rowid, id FROM articles"))
    ranked_sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20"
    print(f"built in {built:.2f} s: {len(postings.docs)} words, "
          f"{sum(len(d) for d in postings.docs.values())} postings")  # fmt: skip
    print("| query | FTS5 ranked | FTS5 + snippets (app) | all postings | top r | r | same |")
    print("|---|---|---|---|---|---|---|")
    columns: dict[str, list[float]] = collections.defaultdict(list)
    for query in QUERIES:
        expression = plan_query(query, vocabulary, synonyms).exact
        try:
            groups = phrases_of(expression, vocabulary, postings)
        except ValueError as exc:
            print(f"| {query} | skipped: {exc} |")
            continue
        fts5 = _hits(library, expression, 20)
        mine, r = rank_top_r(groups, postings)
        same = [h.id for h in fts5] == [ids[d] for d, _ in mine] == [
            ids[d] for d, _ in rank_all(groups, postings)
        ] and all(abs(h.score - s) < 1e-9 for h, (_, s) in zip(fts5, mine, strict=True))
        row = {
            "FTS5 ranked": timed(lambda e=expression: conn.execute(ranked_sql, (e,)).fetchall()),
            "FTS5 + snippets": timed(lambda e=expression: _hits(library, e, 20)),
            "all postings": timed(lambda g=groups: rank_all(g, postings)),
            "top r": timed(lambda g=groups: rank_top_r(g, postings)),
        }
        for name, ms in row.items():
            columns[name].append(ms)
        cells = " | ".join(f"{ms:.3f}" for ms in row.values())
        print(f"| {query} | {cells} | {r} | {same} |")
    for label, pick in (("median", statistics.median), ("p95", lambda v: sorted(v)[-2])):
        cells = " | ".join(f"{pick(v):.3f}" for v in columns.values())
        print(f"| **{label}** | {cells} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
