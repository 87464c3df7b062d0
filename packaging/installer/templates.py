"""Fill the @NAME@ placeholders of the packaging templates from the app's identity."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path


def identity_values(epoch: int) -> dict[str, str]:
    from reader.core import identity

    return {
        "DISPLAY_NAME": identity.DISPLAY_NAME,
        "APP_ID": identity.APP_ID,
        "COMMAND": identity.COMMAND,
        "DATA_NAME": identity.DATA_NAME,
        "ORGANISATION": identity.ORGANISATION,
        "SUMMARY": identity.SUMMARY,
        "HOMEPAGE": identity.HOMEPAGE,
        "VERSION": identity.VERSION,
        "DATE": datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d"),
    }


def fill(template: Path, values: dict[str, str]) -> str:
    """The template with every @NAME@ replaced; ValueError naming any left unknown."""
    text = template.read_text(encoding="utf-8")
    unknown = sorted(set(re.findall(r"@([A-Z_]+)@", text)) - set(values))
    if unknown:
        raise ValueError(f"{template}: no value for {', '.join(unknown)}")
    return re.sub(r"@([A-Z_]+)@", lambda m: values[m.group(1)], text)
