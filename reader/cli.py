"""The `sci-reader` command line (see docs/cli.md), and the window's launcher.

Clinic IT scripts, publishers and tests use these sub-commands; with none,
the reader window opens. Qt is imported only on that path, so `status` and
friends start in a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.core.errors import ReaderError, SourceError
from reader.core.paths import resolve_data_dir
from reader.core.text import messages

EMPTY_LIBRARY = "The library is empty: run `sci-reader sync` to import the default library."


def _count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 article`, `2 articles`: every count the command line prints."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


if TYPE_CHECKING:
    from reader.core.library.outcome import SyncResult


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=None))


# Text from a bundle (titles, names, snippets) and from the command line is
# untrusted: an escape sequence printed raw can retitle or rewrite the
# user's terminal. Every text print goes through `_clean`: C0 controls and
# DEL in caret notation (ESC as ^[), C1 controls, bidirectional overrides
# and undecodable bytes as \u escapes. JSON output escapes by itself.
_UNSAFE = {code: f"^{chr(code + 64)}" for code in range(0x20)}
_UNSAFE[0x7F] = "^?"
for _code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _UNSAFE[_code] = f"\\u{_code:04x}"
_LINE_SAFE = dict(_UNSAFE)
del _LINE_SAFE[ord("\t")], _LINE_SAFE[ord("\n")]
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: object, *, multiline: bool = False) -> str:
    """`value` as text safe for a terminal (tabs and newlines kept if `multiline`)."""
    text = str(value).translate(_LINE_SAFE if multiline else _UNSAFE)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _out(*parts: object, multiline: bool = False) -> None:
    """Print untrusted text on standard output, cleaned (see `_clean`)."""
    print(" ".join(_clean(p, multiline=multiline) for p in parts))


def _text_argument(value: str, what: str) -> str:
    """A command-line value that must be text; undecodable bytes exit 2."""
    if _SURROGATE.search(value):
        raise SourceError(f"{what} '{_clean(value)}' is not valid text (undecodable bytes)")
    return value


MAX_SEARCH_LIMIT = 1_000_000


def _library(args: argparse.Namespace):
    from reader.core.library.store import open_library

    # Reading commands never write, not even a new library: before the first
    # sync it is empty. Read-only, they also work on a full or read-only disk.
    return open_library(resolve_data_dir(args.data_dir), create=False, read_only=True)


def cmd_sync(args: argparse.Namespace) -> int:
    from reader.core.library.outcome import SyncWatch
    from reader.core.library.sync import sync
    from reader.core.paths import embedded_bundle_path

    source = args.source
    if source is None:
        source = str(embedded_bundle_path())
    elif source.startswith(("http://", "https://")):
        raise SourceError(f"{source}: updating from a web address is not supported yet")
    show_progress = sys.stderr.isatty() and not args.json

    def progress(fraction: float, message: str) -> None:
        if show_progress:
            print(f"\r{int(fraction * 100):3d}%  {message:<50}", end="", file=sys.stderr)

    data_dir = resolve_data_dir(args.data_dir)
    watch = SyncWatch()
    with _interrupts_stoppable(restore=not getattr(args, "standalone", False)) as stop_interrupts:
        try:
            try:
                result = sync(
                    data_dir,
                    source,
                    allow_downgrade=args.allow_downgrade,
                    progress=progress,
                    watch=watch,
                )
                stop_interrupts()  # the update is saved: nothing left to interrupt
            finally:
                if show_progress:
                    print(file=sys.stderr)
        except KeyboardInterrupt:
            # Ctrl-C may come just after the commit: the library says what happened.
            stop_interrupts()
            saved = watch.completed(data_dir)
            if saved is None:
                raise
            result = saved
            print("sci-reader: interrupted, but the update was already complete", file=sys.stderr)
        _report_sync(result, args.json)
    return 0


@contextlib.contextmanager
def _interrupts_stoppable(*, restore: bool) -> Iterator[Callable[[], None]]:
    """A function that makes Ctrl-C do nothing from then on.

    Once a sync's update is saved, a Ctrl-C must not cut its report off, nor
    turn it into "nothing was changed" or a death by signal on the way out:
    the command's own process ignores it until it exits. Called from Python
    (`main(argv)`), the handler is put back at the end of the block. Only the
    main thread may change signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    original = signal.getsignal(signal.SIGINT)
    try:
        yield lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)
    finally:
        if restore:
            signal.signal(signal.SIGINT, original)


def _report_sync(result: SyncResult, as_json: bool) -> None:
    if as_json:
        _print_json(result.to_json())
    else:
        print(messages.sync_result(result))


def cmd_status(args: argparse.Namespace) -> int:
    with _library(args) as library:
        status = library.status()
    if args.json:
        _print_json(status.to_json())
        return 0
    if status.library_version is None:
        print(EMPTY_LIBRARY)
    else:
        _out(f"Library version {status.library_version}: {status.title or ''}".rstrip(": "))
        counts = (
            _count(status.articles, "article"),
            _count(status.categories, "category", "categories"),
            _count(status.pages, "page"),
        )
        _out(", ".join(counts))
        _out(f"Last updated: {status.last_synced}")
    _out(f"Data folder: {status.data_dir}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    missing = SourceError(f"no category '{_clean(args.category)}' in the library")
    if args.category is not None and _SURROGATE.search(args.category):
        raise missing  # undecodable bytes: no slug is made of them
    with _library(args) as library:
        if args.category and library.category(args.category) is None:
            raise missing
        articles = library.list_articles(args.category)
        synced = bool(articles) or library.status().library_version is not None
    if args.json:
        _print_json([a.to_json() for a in articles])
    elif not synced:
        print(EMPTY_LIBRARY)
    elif not articles:
        where = f" in the category '{args.category}'" if args.category else ""
        _out(f"No articles{where}.")
    else:
        for a in articles:
            _out(f"{a.added}  {a.id}  {a.title}")
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    with _library(args) as library:
        categories = library.categories()
        synced = bool(categories) or library.status().library_version is not None
    if args.json:
        _print_json([c.to_json() for c in categories])
    elif not synced:
        print(EMPTY_LIBRARY)
    elif not categories:
        print("No categories.")
    else:
        for c in categories:
            _out(f"{c.category.slug:<32} {c.articles:>6}  {c.category.name}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from reader.core.library.search import search

    if args.limit < 1:
        raise SourceError("--limit must be at least 1")
    query = _text_argument(args.query, "the search text")
    # More than any library can hold (and than SQLite's 64-bit integers).
    limit = min(args.limit, MAX_SEARCH_LIMIT)
    with _library(args) as library:
        hits = search(library, query, limit=limit)
    if args.json:
        _print_json([h.to_json() for h in hits])
    elif not hits:
        print("No summaries match.")
    else:
        for h in hits:
            _out(f"{h.id}  {h.title}")
            _out(f"    {h.snippet_text}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    missing = SourceError(f"no article with id '{_clean(args.id)}' in the library")
    if _SURROGATE.search(args.id):
        raise missing  # undecodable bytes: no id is made of them
    with _library(args) as library:
        article = library.get_article(args.id)
    if article is None:
        raise missing
    if args.json:
        _print_json(article.to_json())
        return 0
    _out(article.title)
    _out(messages.journal_year(article))
    if article.doi:
        _out(f"DOI: {article.doi}")
    print("\nSimple Explanation")
    _out(article.simple_explanation, multiline=True)
    if article.key_findings:
        print("\nKey Findings")
        for i, finding in enumerate(article.key_findings, 1):
            _out(f"{i}. {finding}")
    return 0


def cmd_bundle_build(args: argparse.Namespace) -> int:
    from reader.core.bundle.builder import build_bundle

    result = build_bundle(Path(args.src_dir), Path(args.out_zip), args.version)
    _out(
        f"Built {result.path} (version {result.version}): "
        f"{_count(result.articles, 'article')}, {_count(result.pages, 'page')}."
    )
    return 0


def cmd_bundle_check(args: argparse.Namespace) -> int:
    from reader.core.bundle.walk import check_bundle

    report = check_bundle(args.source, keep_articles=args.readability)
    if args.readability:
        from reader.core.bundle.readability import readability_report

        failures = readability_report(report.articles_parsed, sys.stdout)
        if failures:
            for line in failures:
                print(line, file=sys.stderr)
            return 3
    print(
        f"OK: version {report.version}, "
        f"{_count(report.articles, 'article')}, {_count(report.pages, 'page')}."
    )
    return 0


def cmd_userdata_export(args: argparse.Namespace) -> int:
    from reader.core.personal.store import PersonalData

    with PersonalData(resolve_data_dir(args.data_dir), read_only=True) as store:
        counts = store.export_file(Path(args.file), force=args.force)
    _out(messages.exported(counts, args.file))
    return 0


def cmd_userdata_import(args: argparse.Namespace) -> int:
    from reader.core.personal.store import PersonalData, read_document, validate_document

    document = read_document(Path(args.file))
    validate_document(document)  # before the personal data file is even created
    store = None
    try:
        store = PersonalData(resolve_data_dir(args.data_dir))
        result = store.import_document(document)
        store.close()
        print(messages.imported(result))
        return 0
    except KeyboardInterrupt:
        if store is None or store.imported is None:
            raise  # nothing was committed: main() says so
        # The Ctrl-C came after the commit: the import is saved, and says so.
        store.close()
        print(messages.imported(store.imported))
        print("sci-reader: interrupted after the import was saved", file=sys.stderr)
        return 0


def cmd_window(args: argparse.Namespace) -> int:
    from reader.ui.app import run

    return run(resolve_data_dir(args.data_dir))


def build_parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before or after the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the library and personal data live (also SCI_READER_DATA_DIR)",
    )
    parser = argparse.ArgumentParser(
        prog="sci-reader",
        description="SCI Research Reader: plain-language summaries of spinal cord "
        "injury research. With no command, opens the reader window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sci-reader {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the window)"
    )

    def command(name: str, func, help_text: str, parent=sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    p = command("sync", cmd_sync, "import a bundle (ZIP or folder) into the library")
    p.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="bundle ZIP file or folder (default: the embedded library)",
    )
    p.add_argument(
        "--allow-downgrade", action="store_true", help="accept a version older than the library's"
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = command("status", cmd_status, "the library's version, counts and location")
    p.add_argument("--json", action="store_true", help="print the status as JSON")

    p = command("list", cmd_list, "the library's articles, newest first")
    p.add_argument("--category", metavar="SLUG", help="only the articles of this category")
    p.add_argument("--json", action="store_true", help="print the articles as JSON")

    p = command("categories", cmd_categories, "the categories with article counts")
    p.add_argument("--json", action="store_true", help="print the categories as JSON")

    p = command("search", cmd_search, "full-text search, best match first")
    p.add_argument(
        "query", metavar="QUERY", help="the words to find (any text; nothing is special syntax)"
    )
    p.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N results (default: 20)"
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    p = command("show", cmd_show, "one article, every field")
    p.add_argument("id", metavar="ID", help="the article's id (as `list` prints it)")
    p.add_argument("--json", action="store_true", help="print every field as JSON")

    bundle = sub.add_parser(
        "bundle",
        help="build and check bundles",
        description="build and check bundles",
        parents=[common],
    )
    bundle_sub = bundle.add_subparsers(
        dest="bundle_command", metavar="ACTION", required=True, help="build or check"
    )
    p = command("build", cmd_bundle_build, "make a bundle ZIP from a source folder", bundle_sub)
    p.add_argument(
        "src_dir", metavar="SRC_DIR", help="the publisher's source folder (categories.json, ...)"
    )
    p.add_argument("out_zip", metavar="OUT.zip", help="the bundle ZIP to write")
    p.add_argument(
        "--version",
        type=int,
        required=True,
        metavar="N",
        dest="version",
        help="the bundle's release number (at least 1)",
    )
    p = command("check", cmd_bundle_check, "validate a bundle; list every problem", bundle_sub)
    p.add_argument("source", metavar="SOURCE", help="bundle ZIP file or folder")
    p.add_argument(
        "--readability",
        action="store_true",
        help="also print each article's reading grade and fail above the limits",
    )

    userdata = sub.add_parser(
        "userdata",
        help="export or import personal data",
        description="export or import personal data (bookmarks, feedback, notes)",
        parents=[common],
    )
    userdata_sub = userdata.add_subparsers(
        dest="userdata_command", metavar="ACTION", required=True, help="export or import"
    )
    p = command("export", cmd_userdata_export, "write personal data to FILE", userdata_sub)
    p.add_argument("file", metavar="FILE", help="the personal data file to write")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace FILE even if it is not a previous export (never the data folder's files)",
    )
    p = command("import", cmd_userdata_import, "merge personal data from FILE", userdata_sub)
    p.add_argument("file", metavar="FILE", help="the personal data file to read")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    args.standalone = argv is None  # the whole process: it ends when the command does
    func = getattr(args, "func", cmd_window)
    try:
        return func(args)
    except ReaderError as exc:
        for line in exc.lines():
            print(f"sci-reader: {_clean(line)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sci-reader: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
