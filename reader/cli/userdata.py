"""The `userdata export` and `userdata import` commands: personal data in and out of a file.

They touch only the personal data file (userdata.sqlite3), never the synced
library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.interrupts import interrupts_stoppable
from reader.cli.terminal import print_safe
from reader.core.paths import resolve_data_dir
from reader.core.text import messages


def cmd_userdata_export(args: argparse.Namespace) -> int:
    from reader.core.personal.store import PersonalData

    with PersonalData(resolve_data_dir(args.data_dir), read_only=True) as store:
        counts = store.export_file(Path(args.file), force=args.force)
    print_safe(messages.exported(counts, args.file))
    return 0


def cmd_userdata_import(args: argparse.Namespace) -> int:
    from reader.core.errors import PersonalDataInvalid
    from reader.core.personal.store import PersonalData, read_document, validate_document

    document = read_document(Path(args.file))
    try:
        validate_document(document)  # before the personal data file is even created
    except PersonalDataInvalid as exc:
        raise PersonalDataInvalid(f"{args.file}: {exc}") from None  # the message names the file
    store = None
    with interrupts_stoppable(restore=not getattr(args, "standalone", False)) as stop_interrupts:
        try:
            store = PersonalData(resolve_data_dir(args.data_dir))
            result = store.import_document(document)
            stop_interrupts()  # the import is saved: nothing left to interrupt
            store.close()
            print(messages.imported(result))
            return 0
        except KeyboardInterrupt:
            if store is None or store.imported is None:
                raise  # nothing was committed: main() says so
            # The Ctrl-C came after the commit: the import is saved, and says so.
            stop_interrupts()
            store.close()
            print(messages.imported(store.imported))
            print("sci-reader: interrupted after the import was saved", file=sys.stderr)
            return 0
