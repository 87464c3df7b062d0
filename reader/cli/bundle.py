"""The `bundle` commands (build, check, keygen, sign): the publisher's side of bundles.

None touches the library or the personal data. A private key is read only
from the file named on the command line, never from the data folder or the
configuration: it stays wherever its owner keeps it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.configured import clinic_config
from reader.cli.terminal import print_json, print_safe
from reader.core.text import messages


def cmd_bundle_build(args: argparse.Namespace) -> int:
    from reader.core.bundle.builder import build_bundle
    from reader.core.bundle.signing import read_private_key

    key = read_private_key(Path(args.sign)) if args.sign else None
    result = build_bundle(Path(args.src_dir), Path(args.out_zip), args.version, key)
    print_safe(
        f"Built {result.path} (version {result.version}): "
        f"{messages.count(result.articles, 'article')}, {messages.count(result.pages, 'page')}"
        f"{', signed' if key else ''}."
    )
    return 0


def cmd_bundle_keygen(args: argparse.Namespace) -> int:
    from reader.core.bundle.signing import generate_key

    public = generate_key(Path(args.keyfile))
    if args.json:
        print_json({"public_key": public})
    else:
        print(public)
    return 0


def cmd_bundle_sign(args: argparse.Namespace) -> int:
    from reader.core.bundle.signing import read_private_key, sign_bundle

    key = read_private_key(Path(args.key))
    output = Path(args.output) if args.output else None
    signed = sign_bundle(Path(args.source), key, output)
    print_safe(f"Signed: {signed}")
    return 0


def cmd_bundle_check(args: argparse.Namespace) -> int:
    from reader.core.bundle.signature import Trust, trust_for
    from reader.core.bundle.walk import check_bundle

    # The keys a reader's app would trust here: its own and the clinic's.
    trust = trust_for(clinic_config(args).config)
    if args.require_signature:
        trust = Trust(trust.keys, True)
    report = check_bundle(args.source, keep_articles=args.readability, trust=trust)
    if args.readability:
        from reader.core.bundle.readability import readability_report

        failures = readability_report(report.articles_parsed, sys.stdout)
        if failures:
            for line in failures:
                print(line, file=sys.stderr)
            return 3
    if report.signed:
        # Before the OK line, which stays the last line (scripts read it).
        print("Signature: verified against a trusted publisher key.")
    print(
        f"OK: version {report.version}, "
        f"{messages.count(report.articles, 'article')}, {messages.count(report.pages, 'page')}."
    )
    return 0
