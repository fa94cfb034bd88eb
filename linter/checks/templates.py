"""The one placeholder language of messages: ``{variable}``, ``{variable.attribute}`` and, where the
message is about one instance, functions: ``{value:PATH}``, ``{fp:PATH}``, ``{path:PATH}``,
``{where:PATH}``, ``{changes:PATH,...}``. Every placeholder is checked when the rule is loaded.

A secret path's value is always shown as its fingerprint, whatever placeholder asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from linter.checks.compiling import VARIABLE, CompileError, KeyPath, Names
from linter.checks.context import CheckError, Context
from linter.checks.display import fingerprint_of, shown_value
from linter.checks.masking import blank_name, masked_by, where_set
from linter.model.database import Row
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
    if isinstance(subject.setting, Row):  # a database row: which row, not only where it was exported
        row = subject.setting.provenance
        return f"{row} at {location.file}:{location.line}" if location.line else row
    if location.variable:
        return f"variable {location.variable} in {location.file}"
    return f"{location.file}:{location.line}" if location.line else location.file


def _absent(argument: str, context: Context) -> str:
    """How an unset PATH is said: masked by a blank above a value (where both are), else a verdict when
    the database was read, a caveat when only files were."""
    value = context.value(argument, None) if argument else None
    hidden = masked_by(value) if value is not None else None
    if value is not None and value.setting is not None and hidden is not None:
        place = context.instance.location_of(value.setting)
        at = f"{place.file}:{place.line}" if place.line else place.file
        masked = where_set(context.instance, hidden)
        return f"emptied by {blank_name(value.setting)} in {at}, which masks the value set {masked}"
    if context.instance.database_read:
        return "not set in any layer (the database's core_config_data included)"
    return "not set in these files (unless the database holds it)"


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


class Function:
    """A placeholder function: what it computes, and what it shows (for docs/rules.md)."""

    __slots__ = ("argument", "call", "meaning")

    def __init__(self, call: Callable[[str, Context], str], meaning: str, argument: str = "PATH") -> None:
        self.call = call
        self.meaning = meaning
        self.argument = argument


# The registry of placeholder functions (docs/rules.md is generated from it).
FUNCTIONS: dict[str, Function] = {
    "value": Function(_value, "the effective value of PATH (a secret as its fingerprint)"),
    "fp": Function(
        _fp, "the fingerprint of PATH's value; `{fp:before:PATH}`, `{fp:after:PATH}` in change rules"
    ),
    "path": Function(_path, "the scoped path that set PATH"),
    "where": Function(_where, '`file:line`, the variable name, or "module default"'),
    "absent": Function(
        _absent,
        "`not set in any layer (...)` when a database view was read, else `not set in these files "
        "(unless the database holds it)`",
    ),
    "changes": Function(
        _changes,
        "(change rules) `name changed (old → new)` for each listed path that differs",
        "PATH,...",
    ),
}


def check_message(template: str, names: Names, where: KeyPath, functions: bool = True) -> None:
    """Raise CompileError for a placeholder ``template`` cannot fill: an unknown variable or function.

    ``functions``: whether the message is about one instance (fleet messages have no functions).
    """
    if names.trusted or ("{" not in template and "}" not in template):
        return
    names.check_template(template, where)
    # Variables are filled first, so a function's argument may hold variables: `{value:a/{pair}/b}`.
    for match in _FUNCTION.finditer(VARIABLE.sub("x", template)):
        name = match.group(1)
        if not functions:
            raise CompileError(f"placeholder {{{name}:...}} needs an instance; use {names.known()}", where)
        if name not in FUNCTIONS:
            choices = ", ".join(sorted(FUNCTIONS))
            raise CompileError(f"unknown placeholder {{{name}:...}} (functions: {choices})", where)
    rest = _FUNCTION.sub("", VARIABLE.sub("x", template))
    if "{" in rest or "}" in rest:  # `{}`, `{method` or a typo such as `{instance name}`: printed as typed
        raise CompileError("a brace that opens or closes no placeholder", where)


def fill_message(template: str, context: Context) -> str:
    """Fill an instance message; an unknown placeholder is a CheckError naming it."""
    text = context.expand(template, shown=True)

    def call(match: re.Match[str]) -> str:
        function = FUNCTIONS.get(match.group(1))
        if function is None:
            raise CheckError(f"unknown placeholder {{{match.group(1)}:...}}")
        return function.call(match.group(2), context)

    return " ".join(_FUNCTION.sub(call, text).split())


def fill_values(template: str, values: Mapping[str, str]) -> str:
    """Fill a message from named values (a fleet message); an unknown one is a CheckError naming it."""

    def value(match: re.Match[str]) -> str:
        found = values.get(match.group(1))
        if found is None:
            raise CheckError(f"unknown variable {{{match.group(1)}}}")
        return found

    return " ".join(VARIABLE.sub(value, template).split())
