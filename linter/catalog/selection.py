"""Check that every rule id or glob a user names (flags or settings) matches a rule: a typo must not
quietly run nothing and pass."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable

from linter.checks.rule import Rule

_SHOWN = 80  # characters of a pattern repeated in an error message


def unmatched_patterns(patterns: Iterable[str], rules: list[Rule]) -> list[str]:
    """The patterns (ids or globs, matched case-insensitively as ``select_rules`` does) that match no rule."""
    ids = [rule.id for rule in rules]
    return [p for p in patterns if not any(fnmatch.fnmatchcase(i, p.upper()) for i in ids)]


def describe_unmatched(pattern: str, rules: list[Rule]) -> str:
    """``'CSC-TYPO' matches no rule (did you mean CSC-TYPE?)``; the pattern is shown as repr so that odd
    characters (a newline, a control character) stay visible on one line."""
    ids = [rule.id for rule in rules]
    close = difflib.get_close_matches(pattern.upper(), ids, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else " (see `commerce-lint rules list`)"
    shown = pattern if len(pattern) <= _SHOWN else pattern[:_SHOWN] + "..."
    return f"{shown!r} matches no rule{hint}"
