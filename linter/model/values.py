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


FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


def is_enabled(value: str | None) -> bool:
    """A Yes/No flag as Magento reads it: '1' (or true) is on, anything empty or '0' is off."""
    return value is not None and value.strip().lower() not in FALSE_WORDS


_PEM_NOISE = re.compile(r"(?:\\n|\\r|\s)+")


def comparable_text(text: str) -> str:
    """A value as compared across instances and changes: surrounding space ignored, and a PEM block
    reduced to its characters (line endings, literal "\\n" and wrapping do not make another key)."""
    text = text.strip()
    if "-----BEGIN" in text:
        return _PEM_NOISE.sub("", text)
    return text
