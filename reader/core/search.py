"""Full-text search over the library with SQLite FTS5.

People type anything into a search box: quotes, `AND`, `*`, `NEAR(`, a lone
`-`, nothing at all. None of that is FTS5 syntax here: the text is cut into
words, each word is quoted as a literal, and only the last word (the one
still being typed) matches as a prefix. The query therefore cannot be
malformed, and it means what a person expects: all these words.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass

from reader.core.database import explain
from reader.core.library import LABEL, Library

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
            "snippet": self.snippet_text,
            "score": round(self.score, 4),
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


def search(library: Library, text: str, limit: int = 20) -> list[SearchHit]:
    """Best matches first; never raises for any query text."""
    query = build_match_query(text)
    if query is None or library.conn is None or limit <= 0:
        return []
    # ORDER BY rank (bm25, the title weighted 10:1 against the summary and
    # details alike, set in the schema) is computed inside FTS5, and the
    # snippet only for the rows returned. Making a snippet means reading and
    # cutting up a whole column, so it comes from the summary when that holds
    # a matched word (bm25 on that column alone is then below zero), else
    # from the details, else the title.
    sql = (
        "SELECT a.id, a.title, a.categories, articles_fts.rank,"
        " CASE WHEN bm25(articles_fts, 0, 1, 0) < 0 THEN snippet(articles_fts, 1, ?1, ?2, '…', 16)"
        " WHEN bm25(articles_fts, 0, 0, 1) < 0 THEN snippet(articles_fts, 2, ?1, ?2, '…', 16)"
        " ELSE snippet(articles_fts, 0, ?1, ?2, '…', 16) END"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ?3 ORDER BY articles_fts.rank LIMIT ?4"
    )
    try:
        rows = library.conn.execute(sql, (MARK_START, MARK_END, query, limit)).fetchall()
    except sqlite3.DatabaseError as exc:
        if str(exc).startswith("fts5:"):
            # A query corner case we did not foresee: no results, not a crash.
            return []
        # Locked, damaged or unreadable: the library's problem, not the query's.
        raise explain(exc, library.path, LABEL) from exc
    return [
        SearchHit(
            id=row[0],
            title=row[1],
            snippet=" ".join((row[4] or "").split()),
            score=-float(row[3]),
            categories=tuple(json.loads(row[2])),
        )
        for row in rows
    ]
