"""The time a report states: now, or ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) when it is usable."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from linter.errors import UsageError

VARIABLE = "SOURCE_DATE_EPOCH"
LATEST = 253_402_300_799  # 9999-12-31T23:59:59Z, the last second a datetime (and ISO 8601) can show


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """The variable's value in seconds, or None when it is unset or not usable."""
    text = environ.get(VARIABLE, "").strip()
    # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
    if not text or len(text) > len(str(LATEST)) or not (text.isascii() and text.isdigit()):
        return None
    seconds = int(text)
    return seconds if seconds <= LATEST else None


def epoch_problem(environ: Mapping[str, str] = os.environ) -> UsageError | None:
    """Why a set ``SOURCE_DATE_EPOCH`` cannot be used (the report then states the current time)."""
    text = environ.get(VARIABLE, "").strip()
    if not text or source_date_epoch(environ) is not None:
        return None
    shown = text if len(text) <= 24 else text[:24] + "..."
    return UsageError(
        f"{VARIABLE}={shown!r} is not a whole number of seconds from 0 to {LATEST}; "
        "the report states the current time instead"
    )


def generated_at(environ: Mapping[str, str] = os.environ) -> str:
    """The report time in UTC ISO 8601, to the second."""
    seconds = source_date_epoch(environ)
    moment = datetime.fromtimestamp(seconds, UTC) if seconds is not None else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
