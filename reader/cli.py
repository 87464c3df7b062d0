"""The `sci-reader` command line (see docs/cli.md), and the window's launcher.

Clinic IT scripts, publishers and tests use these sub-commands; with none,
the reader window opens. Qt is imported only on that path, so `status` and
friends start in a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from reader import __version__
from reader.core.errors import ReaderError, SourceError
from reader.core.paths import resolve_data_dir


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

    # Reading commands never create the library: before the first sync it is empty.
    return open_library(resolve_data_dir(args.data_dir), create=False)


def cmd_sync(args: argparse.Namespace) -> int:
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

    try:
        result = sync(
            resolve_data_dir(args.data_dir),
            source,
            allow_downgrade=args.allow_downgrade,
            progress=progress,
        )
    finally:
        if show_progress:
            print(file=sys.stderr)
    if args.json:
        _print_json(result.to_json())
    elif result.result == "up-to-date":
        print(f"Already up to date (version {result.version}).")
    else:
        print(
            f"Library updated to version {result.version}: {result.added} added, "
            f"{result.updated} updated, {result.withdrawn} withdrawn, "
            f"{result.unchanged} unchanged."
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _library(args) as library:
        status = library.status()
    if args.json:
        _print_json(status.to_json())
        return 0
    if status.library_version is None:
        print("The library is empty: run `sci-reader sync` to import the default library.")
    else:
        _out(f"Library version {status.library_version}: {status.title or ''}".rstrip(": "))
        print(f"{status.articles} articles, {status.categories} categories, {status.pages} pages")
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
    if args.json:
        _print_json([a.to_json() for a in articles])
    else:
        for a in articles:
            _out(f"{a.added}  {a.id}  {a.title}")
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    with _library(args) as library:
        categories = library.categories()
    if args.json:
        _print_json([c.to_json() for c in categories])
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
    facts = [article.journal, str(article.year) if article.year else None]
    _out(", ".join(f for f in facts if f) or "")
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
        f"{result.articles} articles, {result.pages} pages."
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
    print(f"OK: version {report.version}, {report.articles} articles, {report.pages} pages.")
    return 0


def cmd_userdata_export(args: argparse.Namespace) -> int:
    from reader.core.personal.store import PersonalData

    with PersonalData(resolve_data_dir(args.data_dir)) as store:
        document = store.export_file(Path(args.file))
    print(
        f"Exported {len(document['bookmarks'])} bookmarks, {len(document['feedback'])} "
        f"feedback answers and {len(document['notes'])} notes to {args.file}."
    )
    return 0


def cmd_userdata_import(args: argparse.Namespace) -> int:
    from reader.core.personal.store import PersonalData, read_document, validate_document

    document = read_document(Path(args.file))
    validate_document(document)  # before the personal data file is even created
    with PersonalData(resolve_data_dir(args.data_dir)) as store:
        result = store.import_document(document)
    print(f"Imported: {result.describe()}.")
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func, help_text: str, parent=sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    p = command("sync", cmd_sync, "import a bundle (ZIP or folder) into the library")
    p.add_argument("source", nargs="?", help="bundle ZIP file or folder (default: embedded)")
    p.add_argument("--allow-downgrade", action="store_true", help="accept an older version")
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = command("status", cmd_status, "the library's version, counts and location")
    p.add_argument("--json", action="store_true")

    p = command("list", cmd_list, "the library's articles, newest first")
    p.add_argument("--category", metavar="SLUG")
    p.add_argument("--json", action="store_true")

    p = command("categories", cmd_categories, "the categories with article counts")
    p.add_argument("--json", action="store_true")

    p = command("search", cmd_search, "full-text search, best match first")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true")

    p = command("show", cmd_show, "one article, every field")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    bundle = sub.add_parser("bundle", help="build and check bundles", parents=[common])
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    p = command("build", cmd_bundle_build, "make a bundle ZIP from a source folder", bundle_sub)
    p.add_argument("src_dir", metavar="SRC_DIR")
    p.add_argument("out_zip", metavar="OUT.zip")
    p.add_argument("--version", type=int, required=True, metavar="N", dest="version")
    p = command("check", cmd_bundle_check, "validate a bundle; list every problem", bundle_sub)
    p.add_argument("source", metavar="SOURCE")
    p.add_argument(
        "--readability",
        action="store_true",
        help="also print each article's reading grade and fail above the limits",
    )

    userdata = sub.add_parser("userdata", help="export or import personal data", parents=[common])
    userdata_sub = userdata.add_subparsers(dest="userdata_command", metavar="ACTION", required=True)
    p = command("export", cmd_userdata_export, "write personal data to FILE", userdata_sub)
    p.add_argument("file", metavar="FILE")
    p = command("import", cmd_userdata_import, "merge personal data from FILE", userdata_sub)
    p.add_argument("file", metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
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
