"""The `sync` command: import a bundle into the library, and say truly what happened.

A Ctrl-C is the hard part: once the update is saved, it must not cut the
report off nor turn it into "nothing was changed"; before that, the library
is left as it was and `main` says so.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reader.cli.configured import clinic_config
from reader.cli.interrupts import interrupt_behind, interrupts_stoppable
from reader.cli.terminal import print_json, print_safe
from reader.core.paths import folders_undone_on_failure, resolve_data_dir
from reader.core.text import messages

if TYPE_CHECKING:
    from reader.core.library.outcome import SyncResult, SyncWatch


def cmd_sync(args: argparse.Namespace) -> int:
    from reader.core.bundle.signature import trust_for
    from reader.core.bundle.source import is_web_source
    from reader.core.library.last_check import record_last_check
    from reader.core.library.outcome import SyncWatch
    from reader.core.library.sync import sync
    from reader.core.paths import embedded_bundle_path
    from reader.core.web_address import shown

    source = args.source
    configured = False
    # Every sync runs under the clinic's signature policy, whatever its source.
    clinic = clinic_config(args).config
    if source is None:
        # The clinic's update source, else the library shipped with the app.
        source = clinic.update_source
        configured = source is not None
        if configured and not args.json:
            print_safe(f"Updating from the configured source: {shown(source)}")
        source = source or str(embedded_bundle_path())
    web = is_web_source(source)
    show_progress = sys.stderr.isatty() and not args.json

    def progress(fraction: float, message: str) -> None:
        if show_progress:
            print(f"\r{int(fraction * 100):3d}%  {message:<50}", end="", file=sys.stderr)

    def downloaded(done: int, total: int) -> None:
        progress(
            done / total if total else 1.0, f"Downloading: {done // 1024} of {total // 1024} KB"
        )

    def run(watch: SyncWatch) -> SyncResult:
        # update_check only when needed: the web update's modules cost 0.05 s
        # to load (test_sync_imports.py).
        if web:
            from reader.core.library.update_check import web_sync_and_record, web_trust

            # Every sync from a web source is recorded (status --json: last_check).
            return web_sync_and_record(
                data_dir, source, web_trust(clinic), allow_downgrade=args.allow_downgrade,
                progress=downloaded, watch=watch, proxy=clinic.proxy,
            )  # fmt: skip
        apply = sync
        if configured:  # from the configured source, the outcome is recorded (status --json)
            from reader.core.library.update_check import sync_and_record as apply
        return apply(
            data_dir, source, allow_downgrade=args.allow_downgrade, progress=progress, watch=watch,
            trust=trust_for(clinic),
        )  # fmt: skip

    data_dir = resolve_data_dir(args.data_dir)
    watch = SyncWatch()
    with interrupts_stoppable(restore=not getattr(args, "standalone", False)) as stop_interrupts:
        try:
            try:
                with folders_undone_on_failure(data_dir):
                    result = run(watch)
                stop_interrupts()  # the update is saved: nothing left to interrupt
            finally:
                if show_progress:
                    print(file=sys.stderr)
        except BaseException as exc:
            # Also an error raised as a Ctrl-C unwound, the Ctrl-C behind it.
            interrupt = interrupt_behind(exc)
            if interrupt is None:
                raise
            # Ctrl-C may come just after the commit: the library says what happened.
            stop_interrupts()
            saved = watch.completed(data_dir)
            if saved is None:
                if interrupt is exc:
                    raise
                raise interrupt from None  # `main` says it, not the error of its unwinding
            result = saved
            if configured or web:
                record_last_check(data_dir, source, saved.result)
            print("sci-reader: interrupted, but the update was already complete", file=sys.stderr)
        _report_sync(result, args.json)
    return 0


def _report_sync(result: SyncResult, as_json: bool) -> None:
    from reader.cli.streams import OutputFailed

    try:
        if as_json:
            print_json(result.to_json())
        else:
            print(messages.sync_result(result))
        sys.stdout.flush()  # a full disk said here, where the saved update can be told too
    except OutputFailed as exc:
        done = messages.sync_result(result)
        raise OutputFailed(f"{exc}; the sync itself is done: {done}") from exc
