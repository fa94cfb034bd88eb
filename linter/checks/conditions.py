"""The condition language of rule files: a registry of condition kinds, each compiled once at load.

Compiling turns a condition's data into a ``Condition``: a module-level test and its compiled
argument, plain tuples (so a compiled rule stays immutable and can be sent to a worker process).
Evaluation never reads the rule file's data again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linter.checks.compiling import Compiled, CompileError, KeyPath, Names
from linter.checks.context import CheckError, Context, DuplicateRef, Unknown
from linter.checks.predicates import PREDICATES, Verdict
from linter.formats import LOADERS, Role
from linter.model.instance import EffectiveValue
from linter.model.values import comparable_text, config_string, is_blank, is_enabled

# A compiled condition: ``condition(context)`` tells whether it holds.
Condition = Compiled

# What a condition looks at: a path template (in a state), or a bound variable: (path, state, var).
Subject = tuple[str | None, str | None, str | None]


def resolve(subject: Subject, context: Context) -> Any:
    """The effective value of the subject's path, or its variable's value."""
    path, state, var = subject
    if var is not None:
        if var not in context.variables:
            raise CheckError(f"unknown variable {var!r}")
        return context.variables[var]
    assert path is not None
    return context.value(path, state)


Compiler = Callable[[Any, Names, KeyPath], Condition]


class ConditionKind:
    """One entry of the condition registry: how to compile it, and what it means (for docs/rules.md)."""

    __slots__ = ("compile", "meaning", "syntax")

    def __init__(self, compile: Compiler, syntax: str, meaning: str) -> None:
        self.compile = compile
        self.syntax = syntax
        self.meaning = meaning


def compile_condition(data: Any, names: Names, where: KeyPath) -> Condition:
    """Compile a condition (``true``/``false`` or a one-key mapping); CompileError names the bad key."""
    if isinstance(data, bool):
        return Condition(_constant, data)
    if not isinstance(data, dict) or len(data) != 1:
        raise CompileError("a condition is true, false or a mapping with one key", where)
    ((name, argument),) = data.items()
    kind = CONDITIONS.get(name)
    if kind is None:
        raise CompileError(f"unknown condition {name!r} (choose from {', '.join(sorted(CONDITIONS))})", where)
    return kind.compile(argument, names, (*where, name))


def _constant(argument: bool, context: Context) -> bool:
    return argument


def _subject(argument: Any, names: Names, where: KeyPath) -> Subject:
    if isinstance(argument, str):
        names.check_template(argument, where)
        return (argument, None, None)
    if "var" in argument:
        names.check_bound(argument["var"], (*where, "var"))
        return (None, None, argument["var"])
    names.check_template(argument["path"], (*where, "path"))
    return (argument["path"], argument.get("state"), None)


def _value_of(subject: Any) -> str | None:
    """The string to compare; a dynamic value cannot be compared, so the case abstains."""
    if isinstance(subject, EffectiveValue):
        if subject.dynamic:
            raise Unknown(subject.path)
        return subject.value
    return config_string(subject)


def _compile_each(argument: list[Any], names: Names, where: KeyPath) -> tuple[Condition, ...]:
    return tuple(compile_condition(item, names, (*where, str(i))) for i, item in enumerate(argument))


def _compile_all(argument: list[Any], names: Names, where: KeyPath) -> Condition:
    return Condition(_all, _compile_each(argument, names, where))


def _all(argument: tuple[Condition, ...], context: Context) -> bool:
    return all(condition(context) for condition in argument)


def _compile_any(argument: list[Any], names: Names, where: KeyPath) -> Condition:
    return Condition(_any, _compile_each(argument, names, where))


def _any(argument: tuple[Condition, ...], context: Context) -> bool:
    return any(condition(context) for condition in argument)


def _compile_not(argument: Any, names: Names, where: KeyPath) -> Condition:
    return Condition(_not, compile_condition(argument, names, where))


def _not(argument: Condition, context: Context) -> bool:
    return not argument(context)


def _on_subject(test: Callable[[Subject, Context], bool]) -> Compiler:
    """A compiler for conditions whose whole argument is a subject."""

    def compile_subject(argument: Any, names: Names, where: KeyPath) -> Condition:
        return Condition(test, _subject(argument, names, where))

    return compile_subject


def _set(subject: Subject, context: Context) -> bool:
    value = resolve(subject, context)
    if isinstance(value, EffectiveValue):
        return value.is_set
    text = _value_of(value)
    return text is not None and bool(text.strip())


def _dynamic(subject: Subject, context: Context) -> bool:
    value = resolve(subject, context)
    return isinstance(value, EffectiveValue) and value.dynamic


def _missing(subject: Subject, context: Context) -> bool:
    return not _set(subject, context)


def _enabled(subject: Subject, context: Context) -> bool:
    return is_enabled(_value_of(resolve(subject, context)))


def _normal(value: Any, case_sensitive: bool) -> str | None:
    text = config_string(value)
    if text is None:
        return None
    return text.strip() if case_sensitive else text.strip().lower()


def _expanded(value: Any, context: Context) -> Any:
    return context.expand(value) if isinstance(value, str) else value


# equals, one_of: (subject, values, case_sensitive)
_Compare = tuple[Subject, tuple[Any, ...], bool]


def _compile_compare(argument: dict[str, Any], names: Names, where: KeyPath, key: str) -> _Compare:
    values = (argument[key],) if key == "value" else tuple(argument[key])
    for index, value in enumerate(values):
        if isinstance(value, str):
            names.check_template(value, (*where, key) if key == "value" else (*where, key, str(index)))
    return (_subject(argument, names, where), values, argument.get("case_sensitive", True))


def _compile_equals(argument: dict[str, Any], names: Names, where: KeyPath) -> Condition:
    return Condition(_equals, _compile_compare(argument, names, where, "value"))


def _equals(argument: _Compare, context: Context) -> bool:
    subject, values, sensitive = argument
    actual = _normal(_value_of(resolve(subject, context)), sensitive)
    return actual is not None and actual == _normal(_expanded(values[0], context), sensitive)


def _compile_one_of(argument: dict[str, Any], names: Names, where: KeyPath) -> Condition:
    return Condition(_one_of, _compile_compare(argument, names, where, "values"))


def _one_of(argument: _Compare, context: Context) -> bool:
    subject, values, sensitive = argument
    actual = _normal(_value_of(resolve(subject, context)), sensitive)
    return actual is not None and actual in {
        _normal(_expanded(value, context), sensitive) for value in values
    }


def _compile_matches(argument: dict[str, Any], names: Names, where: KeyPath) -> Condition:
    # The pattern itself is checked by the catalog (in RE2) when the file is validated: compiling it
    # here would import RE2 at every start-up, and few runs reach a pattern.
    return Condition(_matches, (_subject(argument, names, where), argument["pattern"]))


def _matches(argument: tuple[Subject, str], context: Context) -> bool:
    # RE2: linear time, whatever the rule file's pattern. Imported here: few rules match patterns,
    # and every module imported at start-up costs a pre-commit run about half a millisecond.
    from linter.regex import search

    subject, pattern = argument
    value = _value_of(resolve(subject, context))
    return value is not None and search(pattern, value)


# classify: (subject, the predicate's function, the verdicts that make it hold)
_Verdict = tuple[Subject, Verdict, frozenset[str]]


def _compile_verdict(argument: dict[str, Any], names: Names, where: KeyPath) -> Condition:
    name = argument["with"]
    predicate = PREDICATES.get(name)
    if predicate is None:
        choices = ", ".join(sorted(PREDICATES))
        raise CompileError(f"unknown predicate {name!r} (choose from {choices})", (*where, "with"))
    for index, result in enumerate(argument["in"]):
        if result not in predicate.results:
            choices = ", ".join(sorted(predicate.results))
            message = f"{name} never returns {result!r} (it returns {choices})"
            raise CompileError(message, (*where, "in", str(index)))
    verdict: _Verdict = (_subject(argument, names, where), predicate.function, frozenset(argument["in"]))
    return Condition(_verdict_in, verdict)


def _verdict_in(argument: _Verdict, context: Context) -> bool:
    subject, function, wanted = argument
    value = resolve(subject, context)
    if not isinstance(value, EffectiveValue):
        raise CheckError("classify needs a config path or a bound setting")
    if value.dynamic:  # unknown: "not verifiable" would be a verdict on a value nobody has seen
        raise Unknown(value.path)
    return function(value.revealed) in wanted


# source: (subject, shared, roles, formats); None: not asked
_SourceTest = tuple[Subject, bool | None, tuple[str, ...] | None, tuple[str, ...] | None]


def _compile_source(argument: dict[str, Any], names: Names, where: KeyPath) -> Condition:
    roles, formats = argument.get("role"), argument.get("format")
    for key, given, known in (("role", roles, {role.value for role in Role}), ("format", formats, LOADERS)):
        unknown = sorted(set(given or ()) - set(known))
        if unknown:
            choices = ", ".join(sorted(known))
            raise CompileError(f"unknown {key} {', '.join(unknown)} (choose from {choices})", (*where, key))
    test: _SourceTest = (
        _subject(argument, names, where),
        argument.get("shared"),
        tuple(roles) if roles is not None else None,
        tuple(formats) if formats is not None else None,
    )
    return Condition(_source, test)


def _source(argument: _SourceTest, context: Context) -> bool:
    subject, shared, roles, formats = argument
    value = resolve(subject, context)
    if isinstance(value, DuplicateRef):
        source = value.source
    elif isinstance(value, EffectiveValue) and value.setting is not None:
        source = value.setting.source
    else:
        return False
    if shared is not None and source.shared != shared:
        return False
    if roles is not None and source.role not in roles:
        return False
    return not (formats is not None and source.document.format not in formats)


def _compile_env_type(argument: list[str], names: Names, where: KeyPath) -> Condition:
    return Condition(_env_type, tuple(argument))


def _env_type(argument: tuple[str, ...], context: Context) -> bool:
    return context.instance.env_type in argument


def _compile_env_type_known(argument: bool, names: Names, where: KeyPath) -> Condition:
    return Condition(_env_type_known, argument)


def _env_type_known(argument: bool, context: Context) -> bool:
    return context.instance.env_type_known == argument


def _compile_store_websites_unknown(argument: bool, names: Names, where: KeyPath) -> Condition:
    return Condition(_store_websites_unknown, argument)


def _store_websites_unknown(argument: bool, context: Context) -> bool:
    return bool(context.instance.stores_without_known_website) == argument


def _compile_paths(argument: list[str], names: Names, where: KeyPath) -> tuple[str, ...]:
    for index, template in enumerate(argument):
        names.check_template(template, (*where, str(index)))
    return tuple(argument)


def _compile_changed(argument: list[str], names: Names, where: KeyPath) -> Condition:
    return Condition(_changed, _compile_paths(argument, names, where))


def _compile_unchanged(argument: list[str], names: Names, where: KeyPath) -> Condition:
    return Condition(_unchanged, _compile_paths(argument, names, where))


def _changed_paths(paths: tuple[str, ...], context: Context) -> list[bool | None]:
    """Per path: changed, unchanged, or None when a side is computed at run time (cannot tell)."""
    if context.before is None:
        raise CheckError("'changed' is only available to change rules")
    results: list[bool | None] = []
    for template in paths:
        path = context.expand(template)
        before = context.before.value(path, context.scope)
        after = context.instance.value(path, context.scope)
        if before.dynamic or after.dynamic:
            # The same expression on both sides is no change; against anything else, who knows.
            same = before.dynamic and after.dynamic and _expression(before) == _expression(after)
            results.append(False if same else None)
        else:
            results.append(_comparable(before) != _comparable(after))
    return results


def _expression(value: EffectiveValue) -> str | None:
    raw = value.setting.raw if value.setting is not None else None
    return getattr(raw, "expression", None)


def _any_changed(results: list[bool | None], path: str) -> bool:
    """True when some path changed; an unknown path with none changed leaves it open: abstain."""
    if any(results):
        return True
    if None in results:
        raise Unknown(path)
    return False


def _comparable(value: EffectiveValue) -> str | None:
    """What counts as the same value: plaintext when known, blank as absent, surrounding space ignored."""
    if not value.is_set:
        return None
    revealed = value.revealed
    text = revealed.text if revealed.text is not None else value.value
    return comparable_text(text) if text is not None else None


def _changed(argument: tuple[str, ...], context: Context) -> bool:
    return _any_changed(_changed_paths(argument, context), ",".join(argument))


def _unchanged(argument: tuple[str, ...], context: Context) -> bool:
    return not _any_changed(_changed_paths(argument, context), ",".join(argument))


def _compile_nested(test: Callable[[Condition, Context], bool]) -> Compiler:
    """A compiler for conditions whose argument is one more condition."""

    def compile_nested(argument: Any, names: Names, where: KeyPath) -> Condition:
        return Condition(test, compile_condition(argument, names, where))

    return compile_nested


def _before(argument: Condition, context: Context) -> bool:
    if context.before is None:
        raise CheckError("'before' is only available to change rules")
    return argument(context.replace(instance=context.before))


def _after(argument: Condition, context: Context) -> bool:
    return argument(context)


def _in_any_scope(argument: Condition, context: Context) -> bool:
    """True when the condition holds at some scope (default, a website or a store view)."""
    return any(argument(context.replace(scope=scope)) for scope in context.instance.scopes)


def _compile_configured(argument: list[str], names: Names, where: KeyPath) -> Condition:
    if not isinstance(argument, list) or not argument or not all(isinstance(g, str) and g for g in argument):
        raise CompileError("configured takes a list of path globs", where)
    return Condition(_configured, tuple(argument))


_EVERY_SCOPE = frozenset({"default", "websites", "stores"})


def _configured(argument: tuple[str, ...], context: Context) -> bool:
    """Some file sets a matching path, at any scope, in any layer (even one a higher layer masks):
    a service nobody configured anywhere is not in use, and its rules have nothing to say."""
    settings = context.instance.settings_matching(argument, _EVERY_SCOPE, True)
    return any(setting.dynamic or not is_blank(setting.value) for setting in settings)


def _compile_module_listed(argument: list[str], names: Names, where: KeyPath) -> Condition:
    if not isinstance(argument, list) or not argument or not all(isinstance(m, str) and m for m in argument):
        raise CompileError("module_listed takes a list of module names", where)
    return Condition(_module_listed, frozenset(argument))


def _module_listed(argument: frozenset[str], context: Context) -> bool:
    """config.php's `modules` lists one of the modules, enabled or not: the code base has it."""
    modules = context.instance.section("modules")
    return isinstance(modules, dict) and any(str(name) in argument for name in modules)


_SCOPE_KINDS = ("default", "websites", "stores")


def _compile_scope_kind(argument: dict[str, Any], names: Names, where: KeyPath) -> Condition:
    kinds = argument.get("in") if isinstance(argument, dict) else None
    if not isinstance(kinds, list) or not kinds:
        raise CompileError("scope_kind takes {var, in: [default, websites, stores]}", where)
    unknown = sorted(str(kind) for kind in kinds if kind not in _SCOPE_KINDS)
    if unknown:
        raise CompileError(
            f"unknown scope kind {', '.join(unknown)} (choose from default, stores, websites)", where
        )
    var = argument.get("var")
    if var is not None:
        names.check_bound(var, (*where, "var"))
    return Condition(_scope_kind, (var, frozenset(kinds)))


def _scope_kind(argument: tuple[str | None, frozenset[str]], context: Context) -> bool:
    """The scope that sets the bound setting (or, without ``var``, the scope evaluated) is of a kind."""
    var, kinds = argument
    if var is None:
        return context.scope.kind in kinds
    value = resolve((None, None, var), context)
    if not isinstance(value, EffectiveValue):
        raise CheckError("scope_kind needs a bound setting")
    scope = value.setting.scope if value.setting is not None else value.scope
    return scope.kind in kinds


_SUBJECT = "PATH"

# The registry: condition name -> compiler, the argument's shape, and what it means (docs/rules.md
# is generated from the last two: python -m linter.checks.reference).
CONDITIONS: dict[str, ConditionKind] = {
    "all": ConditionKind(_compile_all, "all: [...]", "every listed condition holds"),
    "any": ConditionKind(_compile_any, "any: [...]", "at least one listed condition holds"),
    "not": ConditionKind(_compile_not, "not: <condition>", "the condition does not hold"),
    "set": ConditionKind(
        _on_subject(_set), f"set: {_SUBJECT}", "the value is non-blank (`''` still masks lower layers)"
    ),
    "missing": ConditionKind(
        _on_subject(_missing), f"missing: {_SUBJECT}", "the value is blank or absent (`''` counts as missing)"
    ),
    "dynamic": ConditionKind(
        _on_subject(_dynamic),
        f"dynamic: {_SUBJECT}",
        "the value is computed at run time (`getenv()`, a PHP variable) and the environment capture does "
        "not tell it: no rule can read it",
    ),
    "enabled": ConditionKind(
        _on_subject(_enabled),
        f"enabled: {_SUBJECT}",
        "a flag is on as PHP's `(bool)` reads it: anything but null, `''` and `'0'` (`'no'` is on)",
    ),
    "equals": ConditionKind(
        _compile_equals, "equals: {path, value, case_sensitive}", "the value equals `value`"
    ),
    "one_of": ConditionKind(
        _compile_one_of, "one_of: {path, values, case_sensitive}", "the value is one of `values`"
    ),
    "matches": ConditionKind(
        _compile_matches,
        "matches: {path, pattern}",
        "the value matches a regular expression somewhere (RE2 syntax, see below)",
    ),
    "classify": ConditionKind(
        _compile_verdict,
        "classify: {path, with, in}",
        "the verdict of the predicate `with` (see Predicates) is one of `in`",
    ),
    "source": ConditionKind(
        _compile_source,
        "source: {var, shared, role, format}",
        "the bound setting or duplicate comes from a file that is shared (in source control), of a role "
        "(`config`, `env`, `variables`, `config_show`) or a format (`yaml`, `json`, `php`, ...)",
    ),
    "env_type": ConditionKind(
        _compile_env_type, "env_type: [production, ...]", "the instance's environment type is one of these"
    ),
    "env_type_known": ConditionKind(
        _compile_env_type_known, "env_type_known: true", "the instance's environment type is known (or not)"
    ),
    "store_websites_unknown": ConditionKind(
        _compile_store_websites_unknown,
        "store_websites_unknown: true",
        "no site map says which website each store view belongs to, and some website sets values a store "
        "view could inherit (or not)",
    ),
    "changed": ConditionKind(
        _compile_changed,
        "changed: [paths]",
        "(change rules) a path's effective value differs between before and after",
    ),
    "unchanged": ConditionKind(
        _compile_unchanged, "unchanged: [paths]", "(change rules) no listed path's effective value differs"
    ),
    "before": ConditionKind(
        _compile_nested(_before), "before: <condition>", "(change rules) the condition holds before"
    ),
    "after": ConditionKind(
        _compile_nested(_after), "after: <condition>", "(change rules) the condition holds after"
    ),
    "configured": ConditionKind(
        _compile_configured,
        'configured: ["services_connector/**", ...]',
        "some file sets a path matching one of the globs (non-blank or computed at run time), at any scope "
        "and in any layer: the feature is in use",
    ),
    "module_listed": ConditionKind(
        _compile_module_listed,
        "module_listed: [Magento_Staging, ...]",
        "config.php's `modules` lists one of these modules (enabled or not: the code base has it)",
    ),
    "scope_kind": ConditionKind(
        _compile_scope_kind,
        "scope_kind: {var, in: [websites, stores]}",
        "the bound setting is set at a scope of one of these kinds (`default`, `websites`, `stores`); "
        "without `var`, the scope being evaluated",
    ),
    "in_any_scope": ConditionKind(
        _compile_nested(_in_any_scope),
        "in_any_scope: <condition>",
        "the condition holds at some scope: default, a website or a store view",
    ),
}
