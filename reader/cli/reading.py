"""The commands that read the synced library: status, list, categories, search, show.

They open the library read-only and never create it: before the first sync
it is simply empty, and they also work on a full or read-only disk. Core
modules are imported inside each command, so that `sci-reader status` starts
without loading what `search` needs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reader.cli.terminal import (
    is_undecodable,
    print_json,
    print_safe,
    safe_text,
    text_argument,
)
from reader.core.errors import SourceError
from reader.core.paths import resolve_data_dir
from reader.core.text import messages

if TYPE_CHECKING:
    from reader.core.library.store import Library

EMPTY_LIBRARY = "The library is empty: run `sci-reader sync` to import the default library."
# More than any library can hold (and than SQLite's 64-bit integers).
MAX_SEARCH_LIMIT = 1_000_000


def _library(args: argparse.Namespace) -> Library:
    from reader.core.library.store import open_library

    return open_library(resolve_data_dir(args.data_dir), create=False, read_only=True)


def cmd_status(args: argparse.Namespace) -> int:
    from reader.core.library.last_check import read_last_check
    from reader.core.library.signing_status import signing_status

    with _library(args) as library:
        status = library.status()
        signing = signing_status(library)
    last_check = read_last_check(resolve_data_dir(args.data_dir))
    if args.json:
        shown = status.to_json()
        shown.pop("expires", None)  # after "signed", as docs/cli.md lists them
        shown["signed"] = signing.signed
        shown["expires"] = signing.expires
        shown["last_check"] = last_check.to_json() if last_check else None
        print_json(shown)
        return 0
    if status.library_version is None:
        print(EMPTY_LIBRARY)
    else:
        print_safe(f"Library version {status.library_version}: {status.title or ''}".rstrip(": "))
        counts = (
            messages.count(status.articles, "article"),
            messages.count(status.categories, "category", "categories"),
            messages.count(status.pages, "page"),
        )
        print_safe(", ".join(counts))
        print_safe(f"Last updated: {status.last_synced or 'unknown'}")  # not "None"
        for line in messages.signing_lines(signing):
            print_safe(line)
    print_safe(f"Data folder: {status.data_dir}")
    if last_check is not None:
        print_safe(
            f"Last check of the update source: {last_check.at}, {last_check.source}: "
            f"{last_check.result}"
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    missing = SourceError(f"no category '{safe_text(args.category)}' in the library")
    if args.category is not None and is_undecodable(args.category):
        raise missing  # undecodable bytes: no slug is made of them
    with _library(args) as library:
        if args.category is not None and library.category(args.category) is None:
            raise missing
        articles = library.list_articles(args.category)
        synced = bool(articles) or library.status().library_version is not None
    if args.json:
        print_json([a.to_json() for a in articles])
    elif not synced:
        print(EMPTY_LIBRARY)
    elif not articles:
        where = f" in the category '{args.category}'" if args.category else ""
        print_safe(f"No articles{where}.")
    else:
        for a in articles:
            print_safe(f"{a.added}  {a.id}  {a.title}")
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    with _library(args) as library:
        categories = library.categories()
        synced = bool(categories) or library.status().library_version is not None
    if args.json:
        print_json([c.to_json() for c in categories])
    elif not synced:
        print(EMPTY_LIBRARY)
    elif not categories:
        print("No categories.")
    else:
        for c in categories:
            print_safe(f"{c.category.slug:<32} {c.articles:>6}  {c.category.name}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from reader.core.library.search import find

    if args.limit < 1:
        raise SourceError("--limit must be at least 1")
    query = text_argument(args.query, "the search text")
    limit = min(args.limit, MAX_SEARCH_LIMIT)
    with _library(args) as library:
        found = find(library, query, limit=limit, forgive=not args.exact)
    hits = found.hits
    if args.json:
        # The key only when the words were corrected: other results keep
        # the shape /work/shared/CLI.md gives, key for key.
        extra = {"corrected_query": found.corrected_query} if found.corrected_query else {}
        print_json([{**h.to_json(), **extra} for h in hits])
    elif not hits:
        print("No summaries match.")
    else:
        if found.corrected_query is not None:
            print_safe(messages.showing_results_for(found.corrected_query, query))
        for h in hits:
            print_safe(f"{h.id}  {h.title}")
            print_safe(f"    {h.snippet_text}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    missing = SourceError(f"no article with id '{safe_text(args.id)}' in the library")
    if is_undecodable(args.id):
        raise missing  # undecodable bytes: no id is made of them
    with _library(args) as library:
        article = library.get_article(args.id)
    if article is None:
        raise missing
    if args.json:
        print_json(article.to_json())
        return 0
    print_safe(article.headline)
    if article.plain_title:
        print_safe(messages.from_the_paper(article.title))
    if source := messages.journal_year(article):  # no empty line for neither
        print_safe(source)
    if article.doi:
        print_safe(f"DOI: {article.doi}")
    if kind := messages.study_type_line(article.study_type):
        print_safe(f"Study type: {kind}")
    print("\nSimple Explanation")
    print_safe(article.simple_explanation, multiline=True)
    if article.key_findings:
        print("\nKey Findings")
        for i, finding in enumerate(article.key_findings, 1):
            print_safe(f"{i}. {finding}")
    return 0
