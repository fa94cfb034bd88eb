"""Regular expressions from rule files, run by RE2: linear time in the value, whatever the pattern.

Python's ``re`` backtracks, so a user rule such as ``^(a|a)*$`` could take for ever on a short value;
RE2 cannot. The price is RE2's syntax: no backreferences and no lookaround, and ``$`` only matches
at the very end (see docs/rules.md). ``re2`` is imported on first use: most runs match no pattern.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a Protocol class costs half a millisecond to create; start-up pays for each
    from typing import Protocol

    class Pattern(Protocol):
        """The part of a compiled RE2 pattern that rules use."""

        def search(self, text: str) -> Any:
            """A match object, or None."""

        def match(self, text: str) -> Any:
            """A match object for a match at the start of ``text``, or None."""


MAX_PATTERN_MEMORY = 8 * 1024 * 1024  # RE2's own default; a larger program is refused when compiled


class PatternError(ValueError):
    """A pattern RE2 cannot compile (bad syntax, or a feature RE2 does not have)."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Pattern:
    """The compiled pattern; PatternError says why it cannot be used."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would also print the error to stderr itself
    options.max_mem = MAX_PATTERN_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        raise PatternError(_reason(error)) from None
    except (TypeError, UnicodeEncodeError):  # a lone surrogate in the pattern
        raise PatternError("the pattern is not valid Unicode text") from None


def search(pattern: str, value: str) -> bool:
    """True when ``pattern`` matches somewhere in ``value``."""
    compiled = compile_pattern(pattern)
    try:
        return compiled.search(value) is not None
    except UnicodeEncodeError:
        return compiled.search(_without_surrogates(value)) is not None


def anchored_match(compiled: Pattern, value: str) -> Any:
    """``compiled.match(value)``: a match at the start of ``value``, or None."""
    try:
        return compiled.match(value)
    except UnicodeEncodeError:
        return compiled.match(_without_surrogates(value))


def _without_surrogates(value: str) -> str:
    # RE2 works on UTF-8 and a lone surrogate has none (a JSON or PHP escape can make one):
    # match the value with U+FFFD in its place rather than fail the rule.
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _reason(error: Exception) -> str:
    detail = error.args[0] if error.args else error
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    if "\\Z" in text:
        text += " (RE2 writes the end of the text as \\z)"
    elif "invalid perl operator: (?" in text:
        text += " (RE2 has no lookahead or lookbehind)"
    elif "invalid escape sequence: \\" in text and text.rstrip()[-1:].isdigit():
        text += " (RE2 has no backreferences)"
    return text
