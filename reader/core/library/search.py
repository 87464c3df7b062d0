"""Full-text search over the library with SQLite FTS5.

People type anything into a search box: quotes, `AND`, `*`, `NEAR(`, a lone
`-`, nothing at all. None of that is FTS5 syntax here: the text is cut into
words, each word is quoted as a literal, and only the last word (the one
still being typed) matches as a prefix. The query therefore cannot be
malformed, and it means what a person expects: all these words.
"""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass, replace

from reader.core.db_errors import explain
from reader.core.errors import LibraryUnusable
from reader.core.library.cells import article_cell, article_cells
from reader.core.library.forgiving import plan_query
from reader.core.library.schema import LABEL
from reader.core.library.store import Library
from reader.core.library.synonyms import synonyms_of
from reader.core.library.vocabulary import read_early, vocabulary_of

# Letters and digits, the characters FTS5's unicode61 tokenizer keeps.
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 24
MIN_PREFIX = 2
MARK_START = "\x02"
MARK_END = "\x03"


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    snippet: str  # plain text with MARK_START / MARK_END around matched words
    score: float
    categories: tuple[str, ...] = ()
    plain_title: str | None = None

    @property
    def headline(self) -> str:
        """The plain headline, else the paper's title (see `Article.headline`)."""
        return self.plain_title or self.title

    @property
    def snippet_text(self) -> str:
        """The snippet with matched words in [brackets], for a terminal."""
        return self.snippet.replace(MARK_START, "[").replace(MARK_END, "]")

    @property
    def snippet_html(self) -> str:
        """The snippet as safe HTML with matched words in <mark>."""
        escaped = html.escape(self.snippet, quote=False)
        return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "plain_title": self.plain_title,
            "snippet": self.snippet_text,
            # Significant digits, not decimals: a word found in most of a small
            # library weighs ~1e-6 in bm25, and 4 decimals printed every score 0.0.
            "score": float(f"{self.score:.6g}"),
        }


def build_match_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what a person typed, or None if no words."""
    words = _WORD.findall(text.replace("\0", " "))[:MAX_WORDS]
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    # The last word is still being typed: match it as a prefix, once it has
    # two letters (one letter would match most of the library, slowly).
    if _WORD.match(text[-1]) and len(words[-1]) >= MIN_PREFIX:
        terms[-1] += "*"
    return " ".join(terms)


# From how many articles (the highest row id) the ranking is split in two
# halves, one on a helper thread: FTS5 computes bm25 for every match, two to
# three microseconds each on a slow machine, and sqlite3 lets go of the GIL
# while SQLite works. Measured on 10,000 articles and 2 cores, 8 runs each
# within ten minutes: the median of 50 typical searches 4.9-6.1 ms in one
# query, 4.1-5.0 ms in halves (benchmarks/README.md).
SPLIT_FROM = 2000

# bm25 with the title weighted 10:1 against the summary and details alike.
_SCORE = "bm25(articles_fts, 10.0, 1.0, 1.0)"
# Making a snippet means reading and cutting up a whole column, so it comes
# from the summary when that holds a matched word (bm25 on that column alone
# is then below zero), else from the details, else the title.
_SNIPPET = (
    "CASE WHEN bm25(articles_fts, 0, 1, 0) < 0 THEN snippet(articles_fts, 1, ?1, ?2, '…', 16)"
    " WHEN bm25(articles_fts, 0, 0, 1) < 0 THEN snippet(articles_fts, 2, ?1, ?2, '…', 16)"
    " ELSE snippet(articles_fts, 0, ?1, ?2, '…', 16) END"
)
# One query: ORDER BY rank (the same bm25, set in the schema) is computed
# inside FTS5, and the snippet only for the rows returned.
_ONE_QUERY = (
    f"SELECT a.id, a.title, a.categories, articles_fts.rank, {_SNIPPET}, {{plain_title}}"
    " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
    " WHERE articles_fts MATCH ?3 ORDER BY articles_fts.rank LIMIT ?4"
)
_BEST_IN_RANGE = (
    f"SELECT rowid, {_SCORE} AS score FROM articles_fts"
    " WHERE articles_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY score, rowid LIMIT ?4"
)
# `+rowid IN` filters the matches as FTS5 goes through them (cheap), rather
# than making FTS5 start the query over for each row id.
_FETCH_IN_RANGE = (
    f"SELECT articles_fts.rowid, a.id, a.title, a.categories, {_SNIPPET}, {{plain_title}}"
    " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
    " WHERE articles_fts MATCH ?3 AND articles_fts.rowid BETWEEN ?4 AND ?5"
    " AND +articles_fts.rowid IN ({ids})"
)


@dataclass(frozen=True)
class SearchResults:
    """Best first: the exact matches, then those found for corrected spellings."""

    hits: list[SearchHit]
    # The query as corrected ("bladder"), when nothing matched it as typed
    # and the corrected spelling did: "Showing results for bladder".
    corrected_query: str | None = None


def search(library: Library, text: str, limit: int = 20) -> list[SearchHit]:
    """Best matches first; never raises for any query text."""
    return find(library, text, limit).hits


def find(library: Library, text: str, limit: int = 20, *, forgive: bool = True) -> SearchResults:
    """The words as typed, their forms and lay synonyms; then, if `forgive`, typing mistakes.

    Never raises for any query text (see forgiving.py for what a query means).
    """
    library.check_readable()  # a file that could not be opened again is not "no results"
    if library.conn is None or limit <= 0 or build_match_query(text) is None:
        return SearchResults([])
    try:
        vocabulary = vocabulary_of(library.opening, library.conn)
        synonyms = synonyms_of(library.opening, lambda: library.meta().synonyms, vocabulary.stamp)
        plan = plan_query(text, vocabulary, synonyms)
        if plan is None:
            return SearchResults([])
        hits = []
        if plan.exact_can_match and _short_prefix(text):
            # Titles only, when they fill the page: ranking every article
            # holding a word starting with "st" took 55 ms on 10,000 articles.
            hits = _hits(library, f"title : ({plan.exact})", limit)
            hits = hits if len(hits) >= limit else []
        if plan.exact_can_match and not hits:
            hits = _hits(library, plan.exact, limit)
        if not forgive or plan.forgiving is None or len(hits) >= limit:
            return SearchResults(hits)
        seen = {hit.id for hit in hits}
        floor = hits[-1].score if hits else None
        more = [hit for hit in _hits(library, plan.forgiving, limit) if hit.id not in seen]
        # Ranked below every exact match, in their own order.
        if floor is not None:
            more = [replace(hit, score=min(hit.score, floor) * 0.5) for hit in more]
        corrected = plan.corrected_text if more and not hits else None
        return SearchResults((hits + more)[:limit], corrected)
    except sqlite3.DatabaseError as exc:
        # Locked, damaged or unreadable: the library's problem, not the query's.
        raise explain(exc, library.path, LABEL) from exc


def _short_prefix(text: str) -> bool:
    """One word of MIN_PREFIX letters, still being typed ("st")."""
    words = _WORD.findall(text)
    return len(words) == 1 and len(words[0]) == MIN_PREFIX and text[-1:].isalnum()


def read_ahead(library: Library) -> bool:
    """Start reading what the first search needs, on the helper's thread; True if started.

    Only for a big library (the read takes 0.2-0.6 s on 10,000 articles, a
    few milliseconds on the embedded one, which is simply read by its first
    search). Returns at once; `find` waits for a read under way rather than
    starting a second one.
    """
    if library.conn is None:
        return False
    try:
        if library.last_article_rowid() < SPLIT_FROM:
            return False
        read_early(library.opening, library.conn, library.helper())
    except (sqlite3.DatabaseError, LibraryUnusable):
        return False  # the search itself will say what is wrong with the file
    return True


def _hits(library: Library, query: str, limit: int) -> list[SearchHit]:
    """The best `limit` matches of an FTS5 expression, with their snippets."""
    try:
        last_rowid = library.last_article_rowid()
        if last_rowid >= SPLIT_FROM:
            rows = _search_in_halves(library, query, limit, last_rowid)
        else:
            sql = _ONE_QUERY.replace("{plain_title}", _plain_title(library))
            rows = library.conn.execute(sql, (MARK_START, MARK_END, query, limit))
            rows = rows.fetchall()
    except sqlite3.DatabaseError as exc:
        if str(exc).startswith("fts5:"):
            # A query corner case we did not foresee: no results, not a crash.
            return []
        raise
    with article_cells(library.path):  # the cells of `record_from_row`, checked alike
        return [
            SearchHit(
                id=article_cell("id", row[0]),
                title=article_cell("title", row[1]),
                # Cut from the row's own text: a damaged cell may make it a blob.
                snippet=" ".join(row[4].split()) if type(row[4]) is str else "",
                score=-float(row[3]),
                categories=tuple(article_cell("categories", row[2])),
                plain_title=article_cell("plain_title", row[5]),
            )
            for row in rows
        ]


def _search_in_halves(library: Library, query: str, limit: int, last_rowid: int) -> list:
    """The search split at the middle row id, each half on its own thread.

    Each half ranks its matches and keeps its best `limit`; the best
    `limit` of both are then fetched with their snippets, again each by the
    thread of its half. bm25 in each half counts the words of the whole
    library, so the scores are the ones a single query gives.
    """
    middle = last_rowid // 2
    halves = ((0, middle), (middle + 1, last_rowid))
    ranked = _on_both(
        library, [(_BEST_IN_RANGE, (query, low, high, limit)) for low, high in halves]
    )
    best = sorted((row for rows in ranked for row in rows), key=lambda row: (row[1], row[0]))
    best = best[:limit]
    fetches = []
    for low, high in halves:
        ids = ",".join(str(int(row[0])) for row in best if low <= row[0] <= high)
        sql = _FETCH_IN_RANGE.replace("{ids}", ids)  # integers read from SQLite
        sql = sql.replace("{plain_title}", _plain_title(library))
        fetches.append((sql, (MARK_START, MARK_END, query, low, high)) if ids else None)
    found = {row[0]: row[1:] for rows in _on_both(library, fetches) for row in rows}
    # A row a sync removed in between is left out.
    return [
        (*found[rowid][:3], score, *found[rowid][3:]) for rowid, score in best if rowid in found
    ]


def _plain_title(library: Library) -> str:
    return "a." + column if (column := library.column("plain_title")) == "plain_title" else column


def _on_both(library: Library, jobs: list[tuple[str, tuple] | None]) -> list[list]:
    """Run the lower half's query on this thread and the upper's on the helper's, at once."""
    lower_job, upper_job = jobs
    upper = library.helper().submit(*upper_job) if upper_job is not None else None
    try:
        lower = library.conn.execute(*lower_job).fetchall() if lower_job is not None else []
    finally:
        upper_rows = upper.result() if upper is not None else []  # waited for in any case
    return [lower, upper_rows]
