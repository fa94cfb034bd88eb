"""The ``cases`` check kind compiled: iterators, ``let`` bindings, ``applies_if`` and each case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from linter.checks.compiling import SCOPE_ATTRIBUTES, Compiled, CompileError, KeyPath, Names
from linter.checks.conditions import Condition, compile_condition
from linter.checks.context import EFFECTIVE_ATTRIBUTES, DuplicateRef
from linter.checks.related import RelatedRef, compile_related
from linter.checks.templates import check_message
from linter.finding import Severity
from linter.formats import Role
from linter.model.instance import EffectiveValue, Instance
from linter.model.paths import DEFAULT_SCOPE
from linter.model.sources import Setting
from linter.record import Record

# The data a bound scope or duplicate offers to templates (as Context.text_of reads it).
DUPLICATE_ATTRIBUTES = frozenset({"key", "first", "second", "file", "source", "duplicate"})
UNREAD_SCOPE_ATTRIBUTES = SCOPE_ATTRIBUTES | {"noun"}


# A compiled iterator: ``domain(instance)`` yields the values its variable takes on an instance.
Domain = Compiled


def _values(values: tuple[str, ...], instance: Instance) -> Iterator[Any]:
    return iter(values)


def _scopes(wanted: str, instance: Instance) -> Iterator[Any]:
    return (scope for scope in instance.scopes if wanted == "all" or scope.kind == wanted)


# settings: (path globs, scope kinds, all layers, only values computed at run time)
_SettingsGlob = tuple[tuple[str, ...], frozenset[str], bool, bool]


def _compile_settings(spec: dict[str, Any]) -> Domain:
    glob: _SettingsGlob = (
        tuple(spec["paths"]),
        frozenset(spec.get("scopes", ("default", "websites", "stores"))),
        spec.get("layers", "effective") == "all",
        spec.get("values", "any") == "dynamic",
    )
    return Domain(_settings, glob)


def _settings(glob: _SettingsGlob, instance: Instance) -> Iterator[Any]:
    paths, scopes, all_layers, dynamic_only = glob
    for setting in instance.settings_matching(paths, scopes, all_layers):
        if dynamic_only and not setting.dynamic:
            continue
        yield EffectiveValue(instance, setting.path, setting.scope, setting)


def _unread_scopes(wanted: str, instance: Instance) -> Iterator[Any]:
    return (scope for scope in instance.unread_scopes if wanted == "all" or scope.kind == wanted)


def _unknown_scope_ids(argument: None, instance: Instance) -> Iterator[Any]:
    return iter(instance.unknown_scope_ids)


def _ignored_settings(argument: None, instance: Instance) -> Iterator[Any]:
    return (EffectiveValue(instance, s.path, s.scope, s) for s in instance.ignored_settings)


def _compile_deployment_keys(keys: Any) -> Domain:
    if not isinstance(keys, list) or not keys or not all(isinstance(key, str) and key for key in keys):
        raise CompileError("deployment_keys takes a list of top-level env.php keys", ())
    return Domain(_deployment_keys, tuple(keys))


def _deployment_keys(keys: tuple[str, ...], instance: Instance) -> Iterator[Any]:
    """Each listed top-level key of the deployment configuration (env.php over config.php), as Magento's
    DeploymentConfig merges them; keys no file sets are not bound."""
    files = sorted(
        (source for source in instance.sources if source.role in (Role.ENV, Role.CONFIG)),
        key=lambda source: -source.rank,
    )
    for key in keys:
        for source in files:
            if key in source.document.data:
                setting = Setting(source, DEFAULT_SCOPE, key, source.document.data[key], (key,))
                yield EffectiveValue(instance, key, DEFAULT_SCOPE, setting)
                break


def _duplicate_keys(argument: None, instance: Instance) -> Iterator[Any]:
    for source in instance.sources:
        yield from (DuplicateRef(source, duplicate) for duplicate in source.document.duplicates)


class IteratorKind:
    """One entry of the iterator registry: its compiler, the attributes of what it binds, its meaning."""

    __slots__ = ("attributes", "compile", "meaning", "syntax")

    def __init__(
        self, compile: Callable[[Any], Domain], attributes: frozenset[str], syntax: str, meaning: str
    ) -> None:
        self.compile = compile
        self.attributes = attributes
        self.syntax = syntax
        self.meaning = meaning


# The registry of `for_each` iterators besides a literal list (docs/rules.md is generated from it).
ITERATORS: dict[str, IteratorKind] = {
    "scopes": IteratorKind(
        lambda wanted: Domain(_scopes, wanted),
        SCOPE_ATTRIBUTES,
        "{scopes: all}",
        "default, each website, each store view (or `websites`, `stores` only); moves the evaluation scope",
    ),
    "settings": IteratorKind(
        _compile_settings,
        EFFECTIVE_ATTRIBUTES,
        '{settings: {paths: ["payment/**"], scopes: [websites, stores], layers: all, values: any}}',
        "each setting whose path matches a glob (`values: dynamic`: only values computed at run time)",
    ),
    "unread_scopes": IteratorKind(
        lambda wanted: Domain(_unread_scopes, wanted),
        UNREAD_SCOPE_ATTRIBUTES,
        "{unread_scopes: all}",
        "each website and store view (or `websites`, `stores` only) configured in a file but missing from "
        "the site map (`scopes`): Magento never reads it",
    ),
    "unknown_scope_ids": IteratorKind(
        lambda spec: Domain(_unknown_scope_ids, None),
        UNREAD_SCOPE_ATTRIBUTES | {"rows"},
        "{unknown_scope_ids: true}",
        "each `scope_id` of core_config_data that names no website or store view (`code` is the id, `rows` "
        "names its rows): Magento cannot load configuration; the rows are not read",
    ),
    "ignored_settings": IteratorKind(
        lambda spec: Domain(_ignored_settings, None),
        EFFECTIVE_ATTRIBUTES,
        "{ignored_settings: true}",
        "each setting Magento ignores because its scope code is spelled another way that sets its section "
        "(see docs/scopes.md)",
    ),
    "deployment_keys": IteratorKind(
        _compile_deployment_keys,
        EFFECTIVE_ATTRIBUTES,
        "{deployment_keys: [PERSIST_EXPORTED_FEED, ...]}",
        "each listed top-level key of env.php/config.php that a file sets (env.php wins), not under `system`",
    ),
    "duplicate_keys": IteratorKind(
        lambda spec: Domain(_duplicate_keys, None),
        DUPLICATE_ATTRIBUTES,
        "{duplicate_keys: true}",
        "each repeated key in the instance's files",
    ),
}


# ``name: {value: PATH, lower: true}``: a variable read from the configuration (name, path, lower).
Let = tuple[str, str, bool]


class Case(Record):
    """One case: when ``fail_if`` holds, a finding with this message."""

    __slots__ = ("name", "severity", "fail_if", "message", "at", "hint", "related")

    def __init__(
        self,
        name: str,
        severity: Severity | None,
        fail_if: Condition,
        message: str,
        at: tuple[str, ...],
        hint: str | None,
        related: tuple[RelatedRef, ...] = (),
    ) -> None:
        self.name = name
        self.severity = severity
        self.fail_if = fail_if
        self.message = message
        self.at = at
        self.hint = hint
        self.related = related  # the other settings the verdict depends on (linter/checks/related.py)


class CasesSpec(Record):
    """A compiled ``cases`` check (instance and change rules)."""

    __slots__ = ("for_each", "let", "applies_if", "cases", "removed")

    def __init__(
        self,
        for_each: tuple[tuple[str, Domain], ...],
        let: tuple[Let, ...],
        applies_if: Condition | None,
        cases: tuple[Case, ...],
        removed: bool,
    ) -> None:
        self.for_each = for_each
        self.let = let
        self.applies_if = applies_if
        self.cases = cases
        self.removed = removed  # instance_state: removed (the instance existed before and is gone)


def compile_cases(check: dict[str, Any], where: KeyPath, trusted: bool = False) -> CasesSpec:
    """Compile a ``cases`` check; CompileError names the offending key."""
    names = Names({}, trusted=trusted)
    for_each = []
    for name, spec in check.get("for_each", {}).items():
        iterator, attributes = _iterator(spec, (*where, "for_each", name))
        for_each.append((name, iterator))
        names = names.bind(name, attributes)
    lets = []
    for name, spec in check.get("let", {}).items():
        names.check_template(spec["value"], (*where, "let", name, "value"))
        lets.append((name, spec["value"], bool(spec.get("lower"))))
        names = names.bind(name)
    applies_if = check.get("applies_if")
    return CasesSpec(
        tuple(for_each),
        tuple(lets),
        compile_condition(applies_if, names, (*where, "applies_if")) if applies_if is not None else None,
        tuple(_case(case, names, (*where, "cases", str(i))) for i, case in enumerate(check["cases"])),
        check.get("instance_state") == "removed",
    )


def _iterator(spec: Any, where: KeyPath) -> tuple[Domain, frozenset[str]]:
    if isinstance(spec, list):
        return Domain(_values, tuple(str(item) for item in spec)), frozenset()
    ((kind, argument),) = spec.items()
    entry = ITERATORS.get(kind)
    if entry is None:
        raise CompileError(f"unknown iterator {kind!r} (choose from {', '.join(sorted(ITERATORS))})", where)
    return entry.compile(argument), entry.attributes


def _case(case: dict[str, Any], names: Names, where: KeyPath) -> Case:
    check_message(case["message"], names, (*where, "message"))
    if case.get("remediation"):  # filled as the message is (a typo is a compile error, not a fix hint)
        check_message(case["remediation"], names, (*where, "remediation"))
    for index, template in enumerate(case.get("at", [])):
        names.check_template(template, (*where, "at", str(index)))
    severity = case.get("severity")
    return Case(
        case.get("name", ""),
        Severity(severity) if severity is not None else None,
        compile_condition(case["fail_if"], names, (*where, "fail_if")),
        case["message"],
        tuple(case.get("at", ())),
        " ".join(case["remediation"].split()) if case.get("remediation") else None,
        compile_related(case.get("related"), names, (*where, "related")),
    )
