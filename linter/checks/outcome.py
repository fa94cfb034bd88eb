"""What happened when a rule met an instance (a StrEnum: it still compares equal to its text)."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """A rule's outcome on one instance."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    # A change rule whose before state exists but could not be read: neither a pass nor "added".
    NOT_EVALUATED = "not_evaluated"
