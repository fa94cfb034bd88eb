"""Messages with placeholders: ``{var}``, ``{value:PATH}``, ``{fp:PATH}``, ``{path:PATH}``, ``{where:PATH}``.

A secret path's value is always shown as its fingerprint, whatever placeholder asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from linter.checks.context import CheckError, Context
from linter.checks.display import fingerprint_of, shown_value
from linter.model.instance import EffectiveValue
from linter.secrets import is_secret_path

_FUNCTION = re.compile(r"\{(\w+):([^{}]+)\}")


def _subject(argument: str, context: Context) -> EffectiveValue:
    state, _, rest = argument.partition(":")
    if state in ("before", "after") and rest:
        return context.value(rest, state)
    return context.value(argument, None)


def _value(argument: str, context: Context) -> str:
    return shown_value(_subject(argument, context))


def _fp(argument: str, context: Context) -> str:
    return fingerprint_of(_subject(argument, context))


def _path(argument: str, context: Context) -> str:
    return _subject(argument, context).scoped_path


def _where(argument: str, context: Context) -> str:
    subject = _subject(argument, context)
    location = subject.location
    if location is None:
        return "module default" if subject.default is not None else "not set"
    if location.variable:
        return f"variable {location.variable} in {location.file}"
    return f"{location.file}:{location.line}" if location.line else location.file


def _changes(argument: str, context: Context) -> str:
    """``name old → new`` for each listed path whose value differs between before and after."""
    parts = []
    for template in argument.split(","):
        template = template.strip()
        before = context.value(template, "before")
        after = context.value(template, "after")
        old, new = _change_side(before), _change_side(after)
        if old != new:
            name = after.path.rsplit("/", 1)[-1]
            verb = "rotated" if is_secret_path(after.path) and before.is_set and after.is_set else "changed"
            parts.append(f"{name} {verb} ({old} → {new})")
    return ", ".join(parts) or "(no change)"


def _change_side(value: EffectiveValue) -> str:
    if not value.is_set:
        return "not set"
    return fingerprint_of(value) if is_secret_path(value.path) else shown_value(value)


_FUNCTIONS: dict[str, Callable[[str, Context], str]] = {
    "changes": _changes,
    "value": _value,
    "fp": _fp,
    "path": _path,
    "where": _where,
}


def render(template: str, context: Context) -> str:
    """Fill a message template; unknown placeholders are a CheckError naming them."""
    text = context.expand(template, shown=True)

    def call(match: re.Match[str]) -> str:
        function = _FUNCTIONS.get(match.group(1))
        if function is None:
            raise CheckError(f"unknown placeholder {{{match.group(1)}:...}}")
        return function(match.group(2), context)

    return " ".join(_FUNCTION.sub(call, text).split())
