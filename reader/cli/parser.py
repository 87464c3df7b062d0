"""The command line's grammar: every sub-command, its arguments and its help text.

`build_parser` wires each sub-command to the function that runs it (its
`func` default); `reader.cli.main` parses and calls it. The help texts are
the words `sci-reader --help` shows (docs/cli.md, tests/cli/test_cli_wording.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn

from reader.cli.bundle import (
    cmd_bundle_build,
    cmd_bundle_check,
    cmd_bundle_keygen,
    cmd_bundle_sign,
)
from reader.cli.clinic import cmd_config_check, cmd_config_path, cmd_kiosk_set_pin
from reader.cli.reading import cmd_categories, cmd_list, cmd_search, cmd_show, cmd_status
from reader.cli.sync import cmd_sync
from reader.cli.terminal import safe_text
from reader.cli.userdata import cmd_userdata_export, cmd_userdata_import
from reader.core.identity import COMMAND, DISPLAY_NAME, version_line


class _Parser(argparse.ArgumentParser):
    """argparse, with its error messages made safe for the terminal: they echo
    what was typed, which may hold escape sequences."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe_text(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before or after the sub-command.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the library and personal data live (also SCI_READER_DATA_DIR)",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="the clinic configuration file (also SCI_READER_CONFIG; default: "
        "`sci-reader config path` prints it)",
    )
    parser = _Parser(
        prog=COMMAND,
        description=f"{DISPLAY_NAME}: plain-language summaries of spinal cord "
        "injury research. With no command, opens the reader window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=version_line())
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="open the window in kiosk mode, whatever the configuration says",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen on a temporary data folder, try each main task, "
        "print each step; exit 0, or 1 naming the step that failed",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the window)"
    )

    def command(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help_text: str,
        parent=sub,
        reads_config: bool = False,
    ) -> argparse.ArgumentParser:
        """A sub-command; `reads_config`: it loads the configuration itself (else
        `main` only checks that a named one is there and valid)."""
        p = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=func, reads_config=reads_config)
        return p

    p = command(
        "sync", cmd_sync, "import a bundle (ZIP or folder) into the library", reads_config=True
    )
    p.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="bundle ZIP file or folder (default: the configured update source, "
        "else the embedded library)",
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
    p.add_argument(
        "--exact",
        action="store_true",
        help="only the words as typed (and their forms): no correction of typing mistakes",
    )

    p = command("show", cmd_show, "one article, every field")
    p.add_argument("id", metavar="ID", help="the article's id (as `list` prints it)")
    p.add_argument("--json", action="store_true", help="print every field as JSON")

    bundle = sub.add_parser(
        "bundle",
        help="build, check and sign bundles",
        description="build, check and sign bundles (docs/publishing.md)",
        parents=[common],
    )
    bundle_sub = bundle.add_subparsers(
        dest="bundle_command", metavar="ACTION", required=True,
        help="build, check, keygen or sign",
    )  # fmt: skip
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
    p.add_argument("--sign", metavar="KEYFILE", help="sign it with this private key file")
    p = command(
        "check", cmd_bundle_check, "validate a bundle; list every problem", bundle_sub,
        reads_config=True,
    )  # fmt: skip
    p.add_argument("source", metavar="SOURCE", help="bundle ZIP file or folder")
    p.add_argument(
        "--readability",
        action="store_true",
        help="also print each article's reading grade and fail above the limits",
    )
    p.add_argument(
        "--require-signature",
        action="store_true",
        help="fail (exit 3) unless manifest.sig verifies against a trusted key",
    )
    _signing_commands(bundle_sub, command)

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
    _clinic_commands(sub, command, common)
    return parser


def _signing_commands(bundle_sub, command) -> None:
    p = command(
        "keygen", cmd_bundle_keygen,
        "write a new private key to KEYFILE and print its public key", bundle_sub,
    )  # fmt: skip
    p.add_argument("keyfile", metavar="KEYFILE", help="the private key file to create (0600)")
    p.add_argument("--json", action="store_true", help='print {"public_key": "..."}')
    p = command("sign", cmd_bundle_sign, "add manifest.sig to a bundle", bundle_sub)
    p.add_argument("source", metavar="SOURCE", help="bundle ZIP file or folder")
    p.add_argument("--key", required=True, metavar="KEYFILE", help="the private key file")
    p.add_argument(
        "--output", metavar="OUT.zip", help="write a signed copy of a ZIP (default: replace it)"
    )


def _clinic_commands(sub, command, common: argparse.ArgumentParser) -> None:
    config = sub.add_parser(
        "config",
        help="where the clinic configuration is, and check it",
        description="the clinic configuration file (docs/clinic-deployment.md)",
        parents=[common],
    )
    config_sub = config.add_subparsers(
        dest="config_command", metavar="ACTION", required=True, help="path or check"
    )
    p = command(
        "path", cmd_config_path, "print the configuration file used, and whether it exists",
        config_sub, reads_config=True,
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p = command(
        "check", cmd_config_check, "validate a configuration file", config_sub, reads_config=True
    )
    p.add_argument(
        "file", nargs="?", metavar="FILE", help="the file to check (default: the one used)"
    )
    kiosk = sub.add_parser(
        "kiosk",
        help="set the kiosk's admin PIN",
        description="kiosk mode administration (docs/clinic-deployment.md)",
        parents=[common],
    )
    kiosk_sub = kiosk.add_subparsers(
        dest="kiosk_command", metavar="ACTION", required=True, help="set-pin"
    )
    command(
        "set-pin", cmd_kiosk_set_pin,
        "read a new admin PIN and print the admin_pin_hash line for the configuration",
        kiosk_sub,
    )  # fmt: skip
