"""The closed vocabularies of the rule language: a rule's level and its outcome on an instance.

Both are StrEnums: they compare equal to the text that rule files, reports and settings carry.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """What a rule looks at: one instance, a change to one instance, or the whole fleet."""

    INSTANCE = "instance"
    CHANGE = "change"
    FLEET = "fleet"


class Outcome(StrEnum):
    """A rule's outcome on one instance."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    # A change rule whose before state exists but could not be read: neither a pass nor "added".
    NOT_EVALUATED = "not_evaluated"
