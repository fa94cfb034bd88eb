"""The condition language of rule files: a registry of small, composable tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linter.checks.context import CheckError, Context, DuplicateRef, Unknown
from linter.checks.predicates import PREDICATES
from linter.model.instance import EffectiveValue
from linter.model.values import comparable_text, config_string, is_enabled


def evaluate(condition: Any, context: Context) -> bool:
    """True when ``condition`` holds in ``context``."""
    if isinstance(condition, bool):
        return condition
    ((kind, argument),) = condition.items()
    test = CONDITIONS.get(kind)
    if test is None:
        raise CheckError(f"unknown condition {kind!r}")
    return test(argument, context)


def _value_of(subject: Any) -> str | None:
    """The string to compare; a dynamic value cannot be compared, so the case abstains."""
    if isinstance(subject, EffectiveValue):
        if subject.dynamic:
            raise Unknown(subject.path)
        return subject.value
    return config_string(subject)


def _all(argument: list[Any], context: Context) -> bool:
    return all(evaluate(item, context) for item in argument)


def _any(argument: list[Any], context: Context) -> bool:
    return any(evaluate(item, context) for item in argument)


def _not(argument: Any, context: Context) -> bool:
    return not evaluate(argument, context)


def _set(argument: Any, context: Context) -> bool:
    subject = context.subject(argument)
    if isinstance(subject, EffectiveValue):
        return subject.is_set
    value = _value_of(subject)
    return value is not None and bool(value.strip())


def _dynamic(argument: Any, context: Context) -> bool:
    subject = context.subject(argument)
    return isinstance(subject, EffectiveValue) and subject.dynamic


def _missing(argument: Any, context: Context) -> bool:
    return not _set(argument, context)


def _enabled(argument: Any, context: Context) -> bool:
    return is_enabled(_value_of(context.subject(argument)))


def _normal(value: Any, case_sensitive: bool) -> str | None:
    text = config_string(value)
    if text is None:
        return None
    return text.strip() if case_sensitive else text.strip().lower()


def _expanded(value: Any, context: Context) -> Any:
    return context.expand(value) if isinstance(value, str) else value


def _equals(argument: dict[str, Any], context: Context) -> bool:
    sensitive = argument.get("case_sensitive", True)
    actual = _normal(_value_of(context.subject(argument)), sensitive)
    return actual is not None and actual == _normal(_expanded(argument["value"], context), sensitive)


def _one_of(argument: dict[str, Any], context: Context) -> bool:
    sensitive = argument.get("case_sensitive", True)
    actual = _normal(_value_of(context.subject(argument)), sensitive)
    return actual is not None and actual in {
        _normal(_expanded(value, context), sensitive) for value in argument["values"]
    }


def _matches(argument: dict[str, Any], context: Context) -> bool:
    # RE2: linear time, whatever the rule file's pattern. Imported here: few rules match patterns,
    # and every module imported at start-up costs a pre-commit run about half a millisecond.
    from linter.regex import search

    value = _value_of(context.subject(argument))
    return value is not None and search(argument["pattern"], value)


def _classify(argument: dict[str, Any], context: Context) -> bool:
    subject = context.subject(argument)
    if not isinstance(subject, EffectiveValue):
        raise CheckError("classify needs a config path or a bound setting")
    return PREDICATES[argument["with"]](subject.revealed) in argument["in"]


def _source(argument: dict[str, Any], context: Context) -> bool:
    subject = context.subject(argument)
    if isinstance(subject, DuplicateRef):
        source = subject.source
    elif isinstance(subject, EffectiveValue) and subject.setting is not None:
        source = subject.setting.source
    else:
        return False
    if "shared" in argument and source.shared != argument["shared"]:
        return False
    if "role" in argument and source.role not in argument["role"]:
        return False
    return not ("format" in argument and source.document.format not in argument["format"])


def _env_type(argument: list[str], context: Context) -> bool:
    return context.instance.env_type in argument


def _env_type_known(argument: bool, context: Context) -> bool:
    return context.instance.env_type_known == argument


def _changed_paths(paths: list[str], context: Context) -> list[bool]:
    if context.before is None:
        raise CheckError("'changed' is only available to change rules")
    results = []
    for template in paths:
        path = context.expand(template)
        before = context.before.value(path, context.scope)
        after = context.instance.value(path, context.scope)
        results.append(_comparable(before) != _comparable(after))
    return results


def _comparable(value: EffectiveValue) -> str | None:
    """What counts as the same value: plaintext when known, blank as absent, surrounding space ignored."""
    if not value.is_set:
        return None
    revealed = value.revealed
    text = revealed.text if revealed.text is not None else value.value
    return comparable_text(text) if text is not None else None


def _changed(argument: list[str], context: Context) -> bool:
    return any(_changed_paths(argument, context))


def _unchanged(argument: list[str], context: Context) -> bool:
    return not any(_changed_paths(argument, context))


def _before(argument: Any, context: Context) -> bool:
    if context.before is None:
        raise CheckError("'before' is only available to change rules")
    return evaluate(argument, context._replace(instance=context.before))


def _after(argument: Any, context: Context) -> bool:
    return evaluate(argument, context)


def _in_any_scope(argument: Any, context: Context) -> bool:
    """True when the condition holds at some scope (default, a website or a store view)."""
    return any(evaluate(argument, context._replace(scope=scope)) for scope in context.instance.scopes)


CONDITIONS: dict[str, Callable[[Any, Context], bool]] = {
    "all": _all,
    "any": _any,
    "not": _not,
    "set": _set,
    "missing": _missing,
    "dynamic": _dynamic,
    "enabled": _enabled,
    "equals": _equals,
    "one_of": _one_of,
    "matches": _matches,
    "classify": _classify,
    "source": _source,
    "env_type": _env_type,
    "env_type_known": _env_type_known,
    "changed": _changed,
    "unchanged": _unchanged,
    "before": _before,
    "after": _after,
    "in_any_scope": _in_any_scope,
}
