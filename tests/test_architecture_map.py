"""docs/architecture.md is the map of the code: every module of `reader` is on it.

A module added without a line there leaves the next developer to find its
job by reading it; this catches it in the suite instead of in review.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_module_is_on_the_map():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"[\w/]+\.py", text))
    modules = [
        path.relative_to(REPO / "reader")
        for path in sorted((REPO / "reader").rglob("*.py"))
        if path.name != "__init__.py" and "__pycache__" not in path.parts
    ]

    def on_the_map(module: Path) -> bool:  # by its name, or by the end of its path
        path = "/" + module.as_posix()
        return any(path.endswith("/" + name) for name in named)

    missing = [str(module) for module in modules if not on_the_map(module)]
    assert missing == [], f"not in docs/architecture.md: {missing}"
