"""Compare values as Magento does: configuration values are strings."""

from __future__ import annotations

import re
from typing import Any

from linter.loaders.document import DynamicValue


def config_string(value: Any) -> str | None:
    """The string Magento would store for ``value``; None for null, arrays and unknowns."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def is_blank(value: str | None) -> bool:
    """Magento treats '' and whitespace-only strings as not configured."""
    return value is None or not value.strip()


def is_dynamic(value: Any) -> bool:
    """True for values computed at run time (getenv, variables) that we never guess."""
    return isinstance(value, DynamicValue)


# PHP's (bool) of a config string: only '' and '0' are false ('false', 'no', 'off' and ' 0' are true).
# Magento reads flags so: isSetFlag() and Payment Services' isEnabled() cast with (bool) (domain.md §e).
FALSE_STRINGS = frozenset({"", "0"})


def is_enabled(value: str | None) -> bool:
    """A flag as Magento reads it (PHP truthiness): off only for null, '' and '0' (false and 0 give '0')."""
    return value is not None and value not in FALSE_STRINGS


def same_line_endings(text: str) -> str:
    """``text`` with Windows line endings as LF: a key pasted in the Admin is stored with CRLF, the same
    key in env.php with LF, and the two are one key (domain.md §e, the database layer)."""
    return text.replace("\r\n", "\n") if "\r" in text else text


_PEM_NOISE = re.compile(r"(?:\\n|\\r|\s)+")


def comparable_text(text: str) -> str:
    """A value as compared across instances and changes: surrounding space ignored, and a PEM block
    reduced to its characters (line endings, literal "\\n" and wrapping do not make another key)."""
    text = same_line_endings(text).strip()
    if "-----BEGIN" in text:
        return _PEM_NOISE.sub("", text)
    return text
