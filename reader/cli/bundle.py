"""The `bundle build` and `bundle check` commands: the publisher's side of bundles.

Neither touches the library or the personal data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.terminal import print_safe
from reader.core.text import messages


def cmd_bundle_build(args: argparse.Namespace) -> int:
    from reader.core.bundle.builder import build_bundle

    result = build_bundle(Path(args.src_dir), Path(args.out_zip), args.version)
    print_safe(
        f"Built {result.path} (version {result.version}): "
        f"{messages.count(result.articles, 'article')}, {messages.count(result.pages, 'page')}."
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
        f"{messages.count(report.articles, 'article')}, {messages.count(report.pages, 'page')}."
    )
    return 0
