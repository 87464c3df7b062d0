"""A sync from a file or folder loads none of the web update's modules.

They bring urllib.request, http.client and the download machinery, about
0.05 s of CPU per run (benchmarks/README.md, full sync), which a sync from
a USB stick or the embedded library never uses. Each case runs in a fresh
interpreter: in the test process, other tests have imported them already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.core.paths import embedded_bundle_path

WEB_MODULES = (
    "reader.core.library.web_update",
    "reader.core.library.update_check",
    "http.client",
    "urllib.request",
)

_PROBE = """
import json, sys
from reader.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": [m for m in %r if m in sys.modules]}))
"""


def _sync_in_fresh_process(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE % (WEB_MODULES,), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_sync_from_a_file_loads_no_web_module(tmp_path: Path):
    data = tmp_path / "data"
    probe = _sync_in_fresh_process("--data-dir", str(data), "sync", str(embedded_bundle_path()))
    assert probe == {"code": 0, "loaded": []}


def test_a_sync_with_no_source_and_no_configured_one_loads_no_web_module(tmp_path: Path):
    data = tmp_path / "data"
    probe = _sync_in_fresh_process("--data-dir", str(data), "sync")
    assert probe == {"code": 0, "loaded": []}
